"""Ingestion: readers over a mixed fixture directory, error items, dates and near-duplicates."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest

from accord.errors import InputError
from accord.ingest import (
    DEFAULT_MAX_BYTES,
    IngestItem,
    NearDupIndex,
    check_readable,
    count,
    find_date,
    from_bytes,
    iter_articles,
    jaccard_estimate,
    link_near_duplicates,
    read_articles,
    read_file,
    read_file_strict,
    signature,
    to_bytes,
)
from accord.ingest.dedup import optimal_bands, shingle_hashes, words
from accord.ingest.readers import html_to_text, markdown_to_text
from accord.types import Article

DATA = Path(__file__).parent / "data"
MIX = DATA / "ingest_mix"
DEDUP = DATA / "ingest_dedup"


@pytest.fixture(scope="module")
def mix_items() -> list[IngestItem]:
    return list(iter_articles([MIX]))


def _by_origin(items: list[IngestItem]) -> dict[str, IngestItem]:
    return {Path(i.origin.split("#")[0].rsplit(":", 1)[0]).name + _suffix(i.origin): i
            for i in items}


def _suffix(origin: str) -> str:
    m = re.search(r"(#\d+|:\d+)$", origin)
    return m.group(1) if m else ""


# ----------------------------------------------------------------------------- directory walk
def test_mix_directory_yields_articles_and_errors(mix_items: list[IngestItem]) -> None:
    items = _by_origin(mix_items)
    articles = {k for k, i in items.items() if i.ok}
    errors = {k: i.error for k, i in items.items() if not i.ok}
    assert articles == {
        "01_wire_talks.txt", "02_harbour_notes.md", "03_talks_page.html",
        "04_wire_feed.xml#1", "04_wire_feed.xml#2", "04_wire_feed.xml#3",
        "05_batch.jsonl:1", "05_batch.jsonl:2", "05_batch.jsonl:5", "10_museum_notice",
    }
    assert errors == {
        "05_batch.jsonl:3": "missing field 'text'",
        "06_empty.txt": "empty file",
        "07_image.png": "binary file",
        "08_broken.html": "no text could be extracted from the HTML",
        "09_latin.txt": "invalid UTF-8 at byte 103",
    }
    # every item is an article xor an error, and origins name the file
    for item in mix_items:
        assert (item.article is None) != (item.error is None)
        assert item.origin.startswith(str(MIX))
        if item.error:
            assert "\n" not in item.error
            assert str(item).startswith(item.origin + ": ")


def test_walk_is_sorted_deterministic_and_skips_hidden(mix_items: list[IngestItem]) -> None:
    origins = [i.origin for i in mix_items]
    files = [re.sub(r"(#\d+|:\d+)$", "", o) for o in origins]
    assert files == sorted(files)
    assert not any(".hidden" in o for o in origins)
    again = list(iter_articles([str(MIX)]))
    assert [(i.origin, i.error, i.article and i.article.content_hash) for i in again] == [
        (i.origin, i.error, i.article and i.article.content_hash) for i in mix_items
    ]
    # a hidden file named explicitly is read
    hidden = read_file(MIX / ".hidden_note.txt")
    assert hidden[0].ok


def test_glob_restricts_walk() -> None:
    items = list(iter_articles([MIX], glob="*.jsonl"))
    assert {re.sub(r":\d+$", "", i.origin) for i in items} == {str(MIX / "05_batch.jsonl")}
    assert len(items) == 4


def test_plain_text_with_dateline(mix_items: list[IngestItem]) -> None:
    art = _by_origin(mix_items)["01_wire_talks.txt"].article
    assert art is not None
    assert art.title == "Envoys set second round of Oman talks"
    assert art.date == dt.date(2026, 2, 6) and art.date_source == "dateline"
    assert art.path == str(MIX / "01_wire_talks.txt")
    assert "Omani mediators carried written proposals" in art.text
    assert art.id == art.content_hash[:16]


def test_plain_text_header_block_is_metadata() -> None:
    from accord.ingest.readers import read_text

    text = ("Title: Envoys meet again in Muscat\nDate: 2026-02-06\nSource: Example Wire\n"
            "URL: https://example.org/envoys\n\nThe envoys met for a second round on Friday."
            "\n\nBoth sides called the talks useful.\n")
    art = read_text(text, "header.txt")
    assert art.title == "Envoys meet again in Muscat" and art.source == "Example Wire"
    assert art.date == dt.date(2026, 2, 6) and art.url == "https://example.org/envoys"
    assert art.text.startswith("The envoys met") and "Title:" not in art.text
    # a first line that only looks like a header (an unknown key) stays text
    plain = read_text("Warning: the talks are off\n\nThe envoys left Muscat.\n", "w.txt")
    assert plain.text.startswith("Warning:")


def test_file_without_extension_is_text(mix_items: list[IngestItem]) -> None:
    art = _by_origin(mix_items)["10_museum_notice"].article
    assert art is not None and art.title == "Museum extends opening hours"
    assert art.date is None and art.date_source == "none"


def test_markdown_is_stripped(mix_items: list[IngestItem]) -> None:
    art = _by_origin(mix_items)["02_harbour_notes.md"].article
    assert art is not None
    assert art.title == "Harbour authority approves new ferry schedule"
    for mark in ("**", "# ", "](", "> ", "`", "*Posted"):
        assert mark not in art.text
    assert "according to the meeting minutes" in art.text
    assert "Two extra boats will be leased" in art.text
    assert art.date == dt.date(2026, 3, 12) and art.date_source == "text"


def test_markdown_front_matter_and_setext() -> None:
    md = ("---\ntitle: Quiet week at the border\ndate: 2026-01-05\n---\n\n"
          "Crossings\n=========\n\nTraffic was _light_ on 9 January 2026.\n\n***\n\n"
          "```\nraw block\n```\n")
    text, title, meta = markdown_to_text(md)
    assert title == "Quiet week at the border"
    assert meta["date"] == "2026-01-05"
    assert text.splitlines()[0] == "Crossings"
    assert "Traffic was light on 9 January 2026." in text
    assert "raw block" in text and "***" not in text and "===" not in text


def test_html_page_uses_metadata(mix_items: list[IngestItem]) -> None:
    art = _by_origin(mix_items)["03_talks_page.html"].article
    assert art is not None
    assert art.title == "Mediators report progress on prisoner exchange"
    assert art.date == dt.date(2026, 2, 9) and art.date_source == "metadata"
    assert art.source == "Example Daily"
    assert "lists of names had been shared" in art.text
    assert "All rights reserved" not in art.text  # boilerplate dropped
    assert "Sport" not in art.text


def test_feed_entries(mix_items: list[IngestItem]) -> None:
    items = _by_origin(mix_items)
    first = items["04_wire_feed.xml#1"].article
    second = items["04_wire_feed.xml#2"].article
    third = items["04_wire_feed.xml#3"].article
    assert first is not None and second is not None and third is not None
    assert first.title == "Carrier group arrives in Arabian Sea"
    assert first.url == "https://example.org/world/carrier-arrives"
    assert first.date == dt.date(2026, 2, 7) and first.date_source == "metadata"
    assert first.source == "Example Wire: World"
    assert "<" not in first.text and "Arabian Sea on Saturday" in first.text
    assert second.title == "Lawmakers debate sanctions relief & verification"
    assert second.date == dt.date(2026, 2, 8)
    assert third.date is None and third.date_source == "none"


def test_feed_detected_without_xml_extension(tmp_path: Path) -> None:
    atom = tmp_path / "updates"
    atom.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title>'
        '<entry><title>Port reopens</title><link href="https://example.org/p"/>'
        '<updated>2026-02-11T10:00:00Z</updated>'
        '<content type="html">&lt;p&gt;The port reopened after repairs.&lt;/p&gt;</content>'
        '</entry></feed>\n', encoding="utf-8")
    (item,) = read_file(atom)
    assert item.origin == f"{atom}#1"
    assert item.article is not None
    assert item.article.text == "The port reopened after repairs."
    assert item.article.date == dt.date(2026, 2, 11)
    assert item.article.url == "https://example.org/p"


def test_declared_latin1_feed_and_page(tmp_path: Path) -> None:
    feed = tmp_path / "regional.rss"
    feed.write_bytes(
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel>'
        "<title>Desk</title><item><title>Caf\u00e9 owners protest new rules</title>"
        "<description>Owners of caf\u00e9s marched to the town hall on 4 February 2026."
        "</description></item></channel></rss>\n".encode("latin-1"))
    (item,) = read_file(feed)
    assert item.article is not None
    assert item.article.title == "Caf\u00e9 owners protest new rules"
    assert item.article.date == dt.date(2026, 2, 4) and item.article.date_source == "text"
    page = tmp_path / "page.html"
    page.write_bytes(
        '<html><head><meta charset="iso-8859-1"><title>Note</title></head><body>'
        "<p>The caf\u00e9 reopened after a long closure, its owner said.</p>"
        "</body></html>".encode("latin-1"))
    (item,) = read_file(page)
    assert item.article is not None and "caf\u00e9 reopened" in item.article.text


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    f = tmp_path / "config.xml"
    f.write_text("<settings><colour>blue</colour></settings>\n", encoding="utf-8")
    (item,) = read_file(f)
    assert not item.ok and item.error is not None
    assert "feed" in item.error


# ----------------------------------------------------------------------------- JSONL
def test_jsonl_lines(mix_items: list[IngestItem]) -> None:
    items = _by_origin(mix_items)
    a1 = items["05_batch.jsonl:1"].article
    a2 = items["05_batch.jsonl:2"].article
    a5 = items["05_batch.jsonl:5"].article
    assert a1 is not None and a2 is not None and a5 is not None
    assert (a1.title, a1.url, a1.source) == (
        "Grain corridor reopens after inspection dispute", "https://example.org/grain",
        "Example Wire")
    assert a1.date == dt.date(2026, 1, 20) and a1.date_source == "metadata"
    assert a2.date == dt.date(2026, 2, 3) and a2.date_source == "dateline"  # "lang" ignored
    assert a5.date == dt.date(2026, 4, 14) and a5.date_source == "text"
    assert a1.path == str(MIX / "05_batch.jsonl") + ":1"


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('{"text": 42}', "field 'text' must be a string, got number"),
        ('{"text": "   "}', "field 'text' is empty"),
        ('{"title": "only a title"}', "missing field 'text'"),
        ('{"text": "Some words.", "title": ["a"]}', "field 'title' must be a string, got array"),
        ('{"text": "Some words.", "date": 20260207}', "field 'date' must be a string, got number"),
        ('{"text": "Some words.", "date": "next Tuesday"}',
         "field 'date': cannot read 'next Tuesday' as a date"),
        ('["text"]', "expected a JSON object, got array"),
        ('{"text": "cut', "invalid JSON: Unterminated string starting at at column 10"),
    ],
)
def test_jsonl_bad_lines(tmp_path: Path, line: str, error: str) -> None:
    f = tmp_path / "batch.jsonl"
    good = json.dumps({"text": "A quiet day at the ministry, officials said."})
    f.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    items = read_file(f)
    assert [i.origin for i in items] == [f"{f}:1", f"{f}:2", f"{f}:3"]
    assert items[0].ok and items[2].ok
    assert items[1].error == error


def test_jsonl_invalid_utf8_costs_one_line(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    good = json.dumps({"text": "Ministers met in the capital, officials said."}).encode()
    bad = b'{"text": "caf\xe9 owners protested"}'
    f.write_bytes(good + b"\n" + bad + b"\n" + good + b"\n")
    items = read_file(f)
    assert [i.ok for i in items] == [True, False, True]
    assert items[1].origin == f"{f}:2"
    where = len(good) + 1 + bad.index(b"\xe9")
    assert items[1].error == f"invalid UTF-8 at byte {where}"


def test_single_path_not_split_into_characters() -> None:
    items = list(iter_articles(str(MIX / "01_wire_talks.txt")))  # type: ignore[arg-type]
    assert len(items) == 1 and items[0].ok


# ----------------------------------------------------------------------------- errors
def test_missing_path_and_directory_items(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    items = list(iter_articles([missing, MIX / "01_wire_talks.txt"]))
    assert items[0].origin == str(missing) and items[0].error == "no such file"
    assert items[1].ok
    assert read_file(tmp_path)[0].error == "is a directory"


def test_size_limit_argument_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "long.txt"
    f.write_text("Word " * 100, encoding="utf-8")
    size = f.stat().st_size
    (item,) = read_file(f, max_bytes=100)
    assert item.error == (f"{size} bytes exceeds the limit of 100 bytes "
                          "(set ACCORD_MAX_BYTES or --max-bytes)")
    monkeypatch.setenv("ACCORD_MAX_BYTES", "50")
    assert "limit of 50 bytes" in (list(iter_articles([f]))[0].error or "")
    assert read_file(f, max_bytes=size)[0].ok  # the argument wins over the environment
    monkeypatch.setenv("ACCORD_MAX_BYTES", "lots")
    with pytest.raises(InputError, match="ACCORD_MAX_BYTES"):
        read_file(f)
    monkeypatch.delenv("ACCORD_MAX_BYTES")
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    assert read_file(f)[0].ok


def test_binary_without_nul_and_mostly_invalid_utf8(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(rng.integers(128, 256, size=2000, dtype=np.uint8)))
    assert read_file(noise)[0].error == "binary file"
    ws = tmp_path / "blank.txt"
    ws.write_text(" \n\n\t\n", encoding="utf-8")
    assert read_file(ws)[0].error == "empty file"


def test_unsupported_extension(tmp_path: Path) -> None:
    f = tmp_path / "table.csv"
    f.write_text("a,b\n1,2\n", encoding="utf-8")
    (item,) = read_file(f)
    assert item.error is not None and item.error.startswith("unsupported file type '.csv'")


def test_check_readable(tmp_path: Path) -> None:
    assert check_readable(MIX / "01_wire_talks.txt") == MIX / "01_wire_talks.txt"
    cases = {
        tmp_path / "absent.txt": "no such file",
        MIX / "06_empty.txt": "empty file",
        MIX / "07_image.png": "binary file",
        MIX / "09_latin.txt": "invalid UTF-8 at byte 103",
        tmp_path: "is a directory",
    }
    for path, msg in cases.items():
        with pytest.raises(InputError) as exc:
            check_readable(path)
        assert exc.value.where == str(path)
        assert msg in str(exc.value)
        assert exc.value.exit_code == 2


def test_read_file_strict(tmp_path: Path) -> None:
    arts = read_file_strict(MIX / "04_wire_feed.xml")
    assert [a.title for a in arts][0] == "Carrier group arrives in Arabian Sea" and len(arts) == 3
    with pytest.raises(InputError) as exc:
        read_file_strict(MIX / "05_batch.jsonl")
    assert exc.value.where == f"{MIX / '05_batch.jsonl'}:3"
    assert str(exc.value).endswith("missing field 'text'")
    with pytest.raises(InputError, match="no text could be extracted"):
        read_file_strict(MIX / "08_broken.html")
    latin = tmp_path / "lines.jsonl"
    latin.write_bytes(b'{"text": "ok line"}\n{"text": "caf\xe9"}\n')
    check_readable(latin)  # per-line decoding: the file as a whole is readable
    with pytest.raises(InputError, match="invalid UTF-8 at byte 33"):
        read_file_strict(latin)


def test_counts_and_read_articles(mix_items: list[IngestItem]) -> None:
    c = count(mix_items)
    assert (c.articles, c.errors) == (10, 5)
    assert f"{MIX / '06_empty.txt'}: empty file" in c.messages
    arts, errs = read_articles([MIX])
    assert len(arts) == 10 and len(errs) == 5
    assert all(isinstance(a, Article) for a in arts)


def test_html_to_text_drops_scripts_and_keeps_blocks() -> None:
    html = "<p>One &amp; two</p><script>var x = 1;</script><p>Three</p>"
    assert html_to_text(html) == "One & two\n\nThree"


def test_seed_article(seed_article: Path) -> None:
    (item,) = read_file(seed_article)
    assert item.ok and item.article is not None
    assert item.article.date == dt.date(2026, 2, 7)
    assert item.article.date_source == "text"
    assert item.article.path == str(seed_article)
    check_readable(seed_article)


# ----------------------------------------------------------------------------- dates
@pytest.mark.parametrize(
    ("text", "meta", "expected", "how"),
    [
        ("TEHRAN, Feb 7 (Reuters) - Officials said on Saturday, 2026, that", None,
         dt.date(2026, 2, 7), "dateline"),
        ("WASHINGTON — February 7, 2026 — The president met", None,
         dt.date(2026, 2, 7), "dateline"),
        ("GENEVA, 3 March 2026 - Monitors said", None, dt.date(2026, 3, 3), "dateline"),
        ("Headline here\n\nMUSCAT, Feb. 6 (AP) — Envoys met. Talks resumed on February 6, 2026.",
         None, dt.date(2026, 2, 6), "dateline"),
        ("The summit ended on 7 February 2026 without a statement.", None,
         dt.date(2026, 2, 7), "text"),
        ("Filed 2026-02-07 by the desk; talks on March 1, 2026.", None,
         dt.date(2026, 2, 7), "text"),
        ("On Saturday, February 7th, 2026 the envoys met.", None, dt.date(2026, 2, 7), "text"),
        ("Nothing dated here except 2026 and February.", None, None, "none"),
        ("BEIRUT, Feb 7 (AP) - no year anywhere.", None, None, "none"),
        ("A bad date 2026-02-30 then 31 April 2026 then 1 May 2026.", None,
         dt.date(2026, 5, 1), "text"),
        ("The summit ended on 7 February 2026.", "2026-02-08T09:00:00+00:00",
         dt.date(2026, 2, 8), "metadata"),
        ("x", "Sun, 08 Feb 2026 14:30:00 GMT", dt.date(2026, 2, 8), "metadata"),
        ("x", dt.datetime(2026, 2, 8, 23, 0), dt.date(2026, 2, 8), "metadata"),
        ("x", dt.date(2026, 2, 8), dt.date(2026, 2, 8), "metadata"),
        ("Signed 9 February 2026.", "not a date", dt.date(2026, 2, 9), "text"),
    ],
)
def test_find_date(text: str, meta: object, expected: dt.date | None, how: str) -> None:
    assert find_date(text, meta) == (expected, how)  # type: ignore[arg-type]


def test_date_never_from_mtime(tmp_path: Path) -> None:
    f = tmp_path / "undated.txt"
    f.write_text("Officials met again and agreed to keep talking.\n", encoding="utf-8")
    os.utime(f, (1_700_000_000, 1_700_000_000))
    (item,) = read_file(f)
    assert item.article is not None and item.article.date is None
    assert item.article.date_source == "none"


# ----------------------------------------------------------------------------- near-duplicates
def _edit(text: str, header: str, swaps: dict[str, str]) -> str:
    """A republished copy: new header line, a few words swapped."""
    for old, new in swaps.items():
        assert old in text
        text = text.replace(old, new, 1)
    return header + "\n\n" + text


def _exact_jaccard(a: str, b: str, k: int = 5) -> float:
    def sh(t: str) -> set[tuple[str, ...]]:
        w = words(t)
        return {tuple(w[i:i + k]) for i in range(len(w) - k + 1)}
    sa, sb = sh(a), sh(b)
    return len(sa & sb) / len(sa | sb)


def test_signature_shape_determinism_and_bytes() -> None:
    text = (DEDUP / "wire_story.txt").read_text(encoding="utf-8")
    sig = signature(text)
    assert sig.shape == (128,) and sig.dtype == np.uint32
    assert np.array_equal(sig, signature(text))
    assert np.array_equal(from_bytes(to_bytes(sig)), sig)
    assert len(to_bytes(sig)) == 512
    assert signature(text, num_perm=64).shape == (64,)
    assert jaccard_estimate(sig, signature(text.upper().replace("\n", "  "))) == 1.0
    with pytest.raises(ValueError):
        from_bytes(b"abc")
    with pytest.raises(ValueError):
        jaccard_estimate(sig, sig[:64])
    short = shingle_hashes("Two words", k=5)
    assert short.shape == (1,)


def test_estimate_tracks_exact_jaccard() -> None:
    a = (DEDUP / "wire_story.txt").read_text(encoding="utf-8")
    paras = a.split("\n\n")
    b = "\n\n".join(paras[:4] + ["A new closing paragraph about something else entirely."])
    exact = _exact_jaccard(a, b)
    est = jaccard_estimate(signature(a, num_perm=256), signature(b, num_perm=256))
    assert 0.3 < exact < 0.8
    assert abs(est - exact) < 0.1


def test_lightly_edited_wire_story_is_near_duplicate() -> None:
    story = (DEDUP / "wire_story.txt").read_text(encoding="utf-8")
    other = (DEDUP / "unrelated_story.txt").read_text(encoding="utf-8")
    copy = _edit(story, "UPDATE 1-Oman talks end third day with no breakthrough",
                 {"Tuesday": "Wednesday", "edged lower": "slipped", "closely": "carefully"})
    sa, sc, so = signature(story), signature(copy), signature(other)
    assert jaccard_estimate(sa, sc) > 0.8
    assert jaccard_estimate(sa, so) < 0.1

    index = NearDupIndex(threshold=0.8)
    index.add("orig", sa)
    index.add("other", so)
    hits = index.query(sc)
    assert [h[0] for h in hits] == ["orig"] and hits[0][1] > 0.8
    assert index.query(so, exclude="other") == []
    assert len(index) == 2 and "orig" in index


def test_seed_article_edited_copy(seed_article: Path) -> None:
    text = seed_article.read_text(encoding="utf-8")
    copy = _edit(text, "World news | republished", {"Trump": "the president", "region": "area"})
    other = (DEDUP / "unrelated_story.txt").read_text(encoding="utf-8")
    assert jaccard_estimate(signature(text), signature(copy)) > 0.8
    assert jaccard_estimate(signature(text), signature(other)) < 0.1


def test_link_near_duplicates_marks_but_keeps() -> None:
    story = (DEDUP / "wire_story.txt").read_text(encoding="utf-8")
    other = (DEDUP / "unrelated_story.txt").read_text(encoding="utf-8")
    arts = [
        Article(text=story),
        Article(text=other),
        Article(text=_edit(story, "Gulf diplomacy", {"Tuesday": "Wednesday"})),
        Article(text=_edit(story, "Gulf diplomacy, later", {"Tuesday": "Thursday"})),
        Article(text=story + "\n"),  # exact repeat: same content_hash, so the same id
    ]
    links = link_near_duplicates(arts)
    assert len(arts) == 5
    assert arts[4].id == arts[0].id  # exact duplicates are the store's business (content_hash)
    assert [a.duplicate_of for a in arts] == [None, None, arts[0].id, arts[0].id, None]
    assert [link[:2] for link in links] == [(arts[2].id, arts[0].id), (arts[3].id, arts[0].id)]


def test_threshold_env_and_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_NEAR_DUP", "0.6")
    idx = NearDupIndex()
    assert idx.threshold == 0.6
    assert idx.bands * idx.rows <= idx.num_perm
    monkeypatch.setenv("ACCORD_NEAR_DUP", "1.5")
    with pytest.raises(InputError, match="ACCORD_NEAR_DUP"):
        NearDupIndex()
    assert NearDupIndex(threshold=0.9).threshold == 0.9
    # higher thresholds want longer bands (more rows, fewer bands)
    assert optimal_bands(0.9, 128) < optimal_bands(0.5, 128)
    with pytest.raises(ValueError):
        NearDupIndex(threshold=0.8, bands=0)


# ----------------------------------------------------------------------------- URLs (local)
@pytest.fixture()
def local_server():
    """A throwaway HTTP server on 127.0.0.1 serving the fixture directory (no outside network)."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(MIX))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_urls_for_page_and_feed(local_server: str) -> None:
    page, feed = f"{local_server}/03_talks_page.html", f"{local_server}/04_wire_feed.xml"
    items = list(iter_articles([page, feed, f"{local_server}/absent.html"]))
    assert [i.origin for i in items[:4]] == [page, f"{feed}#1", f"{feed}#2", f"{feed}#3"]
    art = items[0].article
    assert art is not None and art.url == page and art.path is None
    assert art.date == dt.date(2026, 2, 9) and art.date_source == "metadata"
    assert items[1].article is not None and items[1].article.title.startswith("Carrier group")
    assert items[4].error == "cannot fetch: HTTP 404 File not found"
    big = read_url_limited(page, 100)
    assert big.error is not None and "exceeds the limit of 100 bytes" in big.error


def read_url_limited(url: str, limit: int) -> IngestItem:
    (item,) = list(iter_articles([url], max_bytes=limit))
    return item


def test_unreachable_url_is_an_error_item() -> None:
    import socket

    with socket.socket() as sock:  # find a local port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"
    (item,) = list(iter_articles([url]))
    assert item.origin == url and item.error is not None
    assert item.error.startswith("cannot fetch: ")
