"""Generated hostile input for the readers, dates, text splitting and the scenario loader:
each either gives a result or one clear error, never an exception (issue 12)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.cli.extract_cmd import _lines
from accord.errors import ScenarioError
from accord.ingest.dates import MAX_DATE, MIN_DATE, find_date, parse_date
from accord.ingest.readers import read_file, storable
from accord.io.scenario_yaml import parse_scenario
from accord.nlp.dates import resolve_date
from accord.nlp.pipeline import defuse, split_text

FAST = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
NASTY = st.sampled_from(["\x00", "\ufeff", "\r", "\n", "\x0b", "\x85", "\u2028", "\ud800",
                         "[", "{", "]", '"', "\\", "!", "😀", "February 30, 2026",
                         "9999-12-31", "TEHRAN, Feb 30 (Reuters) - ", "<rss>", "<html>"])
TEXT = st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=30).map("".join)


@FAST
@given(data=st.one_of(st.binary(max_size=3000), TEXT.map(
    lambda s: s.encode("utf-8", "surrogatepass"))),
       ext=st.sampled_from([".txt", ".jsonl", ".json", ".html", ".xml", ".md", ".bin", ""]))
def test_any_file_gives_items_never_an_exception(tmp_path: Path, data: bytes, ext: str) -> None:
    f = tmp_path / f"x{ext}"
    f.write_bytes(data)
    items = read_file(f)
    assert items
    for it in items:
        assert it.origin.startswith(str(f))
        assert (it.article is None) != (it.error is None or it.skipped)
        if it.article is not None:
            assert "\x00" not in it.article.text and it.article.text.strip()
            it.article.text.encode("utf-8")  # storable
            assert it.article.date is None or MIN_DATE <= it.article.date <= MAX_DATE


@FAST
@given(lines=st.lists(st.one_of(TEXT, st.builds(
    lambda t, d: json.dumps({"text": t, "date": d}), TEXT, TEXT)), min_size=1, max_size=12))
def test_jsonl_is_judged_line_by_line(tmp_path: Path, lines: list[str]) -> None:
    lines = [ln.replace("\n", " ").replace("\r", " ") for ln in lines]
    f = tmp_path / "x.jsonl"
    f.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    items = read_file(f)
    kept = [n for n, ln in enumerate(lines, 1)
            if (ln.removeprefix("\ufeff") if n == 1 else ln).strip()]
    if kept:  # one item per non-blank line, in order, none dropped silently
        assert [it.origin for it in items] == [f"{f}:{n}" for n in kept]
    else:
        assert len(items) == 1 and items[0].error


@FAST
@given(text=TEXT, meta=st.one_of(st.none(), TEXT, st.dates().map(str)))
def test_dates_never_raise_and_stay_in_range(text: str, meta: str | None) -> None:
    day, how = find_date(text, meta)
    assert day is None or MIN_DATE <= day <= MAX_DATE
    assert how in ("metadata", "dateline", "text", "none")
    parse_date(meta)


@FAST
@given(expr=st.one_of(TEXT, st.sampled_from(["tomorrow", "yesterday", "next Friday",
                                              "last week", "next weekend", "in 3 days",
                                              "3 years ago", "next June", "Feb 29"])),
       anchor=st.one_of(st.none(), st.sampled_from([dt.date.min, dt.date.max]), st.dates()))
def test_relative_dates_at_the_calendar_edges(expr: str, anchor: dt.date | None) -> None:
    out = resolve_date(expr, anchor)
    assert out is None or isinstance(out, dt.date)


@FAST
@given(text=st.lists(st.one_of(NASTY, st.text(max_size=300), st.sampled_from(
    ["!" * 500, "😀" * 300, "x" * 400, "\n\n", ". "])), max_size=20).map("".join),
       limit=st.integers(1000, 5000))
def test_defuse_and_split_keep_offsets(text: str, limit: int) -> None:
    d = defuse(text)
    assert len(d) == len(text)
    assert all(a == b or b == " " for a, b in zip(text, d, strict=True))
    assert max((len(r) for r in d.split()), default=0) <= 100
    pieces = split_text(d, limit)
    assert "".join(p for _, p in pieces) == d
    assert all(d[o:o + len(p)] == p and len(p) <= limit for o, p in pieces)


@FAST
@given(text=st.lists(st.one_of(NASTY, st.text(max_size=40)), max_size=30).map("".join))
def test_sentence_lines_split_on_newline_only(tmp_path: Path, text: str) -> None:
    f = tmp_path / "s.txt"
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    got = list(_lines(f))
    want = f.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff").split("\n")
    if want and want[-1] == "":
        want = want[:-1]
    assert got == [w.removesuffix("\r") for w in want]


@FAST
@given(text=st.one_of(TEXT, st.builds(
    lambda a, b, c: f"name: t\nactors:\n  - {{id: A, capability: {a}}}\nissues:\n"
                    f"  - {{id: x}}\npositions:\n  - {{actor: A, issue: x, position: {b}, "
                    f"salience: {c}}}\n",
    *[st.sampled_from([".inf", "-1", "0", "1e308", "true", "'5'", "null", "[1]", "&a 1",
                       "*a", "50", "0.5", ".nan", "1e-320"])] * 3)))
def test_scenario_text_loads_or_one_scenario_error(text: str) -> None:
    try:
        sc = parse_scenario(text, where="s.yaml")
    except ScenarioError as exc:
        assert str(exc).startswith("s.yaml") and "\n" not in str(exc)
    else:
        for a in sc.actors:
            assert 0 < a.capability <= 1e12
        assert any(p.salience > 0 for p in sc.positions)


@FAST
@given(text=TEXT)
def test_storable_text(text: str) -> None:
    clean, n = storable(text)
    assert "\x00" not in clean and n == text.count("\x00")
    clean.encode("utf-8")
