"""Hostile input through the real CLI: every bad item is its own reported failure, the batch
goes on, the exit code says so (2), and nothing is lost or stored twice (issue 12)."""

from __future__ import annotations

import http.server
import json
import os
import threading
from pathlib import Path

import pytest
from tests._cli import run

from accord.store import Store

GOOD = ("Oman hosted talks between Iran and the United States on Friday.",
        "Israel warned Iran against enriching uranium, officials said on Monday.",
        "The United States sent a carrier group to the Gulf on Tuesday.")


def _hostile_dir(root: Path) -> Path:
    """A directory with one example of each hostile item class beside good ones."""
    d = root / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD[0] + "\n")
    (d / "deep.jsonl").write_text(
        json.dumps({"text": GOOD[1]}) + "\n" + "[" * 10000 + "]" * 10000 + "\n"
        + json.dumps({"text": GOOD[2]}) + "\n")
    (d / "rawnul.jsonl").write_bytes(
        b'{"text": "Oman and Iran met in Muscat on Sunday."}\n{"text": "bad \x00 line"}\n')
    (d / "escnul.jsonl").write_text(
        json.dumps({"text": "Iran accused Israel \u0000of sabotage on Monday."}) + "\n")
    (d / "feb30.txt").write_text(
        "TEHRAN, February 30, 2026 - Iran rejected the proposal of the United States.\n")
    (d / "feed.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
        "<title>Talks</title><description>Iran met the United States in Oman yesterday and "
        "will meet again tomorrow.</description><pubDate>Fri, 31 Dec 9999 10:00:00 GMT"
        "</pubDate></item></channel></rss>\n")
    (d / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    os.mkfifo(d / "pipe.txt")
    return d


def test_hostile_directory_reports_every_item(tmp_path: Path, db_url: str) -> None:
    d = _hostile_dir(tmp_path)
    proc = run(["ingest", str(d), "--json"], tmp_path, db_url)
    assert proc.returncode == 2, proc.stderr  # some items failed
    assert "Traceback" not in proc.stderr
    rep = json.loads(proc.stdout)
    by = {i["origin"].removeprefix(str(d) + "/"): i for i in rep["items"]}
    assert by["deep.jsonl:2"]["status"] == "failed" and "nested" in by["deep.jsonl:2"]["error"]
    assert by["deep.jsonl:1"]["status"] == by["deep.jsonl:3"]["status"] == "stored"
    assert by["rawnul.jsonl:1"]["status"] == "stored"      # one raw NUL fails its line only
    assert by["rawnul.jsonl:2"]["status"] == "failed"
    assert "NUL" in by["escnul.jsonl:1"]["note"]            # NUL removed, said in the report
    assert by["feb30.txt"]["status"] == "stored"
    assert by["feed.xml#1"]["status"] == "stored"
    assert by["dangling.txt"]["status"] == by["pipe.txt"]["status"] == "skipped"
    assert "FIFO" in by["pipe.txt"]["note"] and "symlink" in by["dangling.txt"]["note"]
    st = Store(db_url)
    arts = {a.id: a for a in st.articles()}
    assert len(arts) == rep["stored"] == 7
    assert all("\x00" not in a.text for a in arts.values())
    assert arts[by["feb30.txt"]["id"]].date is None        # impossible date: unknown,
    assert "not a real day" in by["feb30.txt"]["note"]     # with a warning
    assert arts[by["feed.xml#1"]["id"]].date is None       # 9999-12-31 not believed
    assert rep["extracted"] == 7 and st.counts()["events"] == rep["events"]
    # the re-run stores and extracts nothing twice
    again = json.loads(run(["ingest", str(d), "--json"], tmp_path, db_url).stdout)
    assert again["stored"] == 0 and again["duplicates"] == 7 and again["extracted"] == 0
    assert Store(db_url).counts() == st.counts()


def test_fifo_given_directly_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.txt")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    proc = run(["ingest", "p.txt"], tmp_path, db)
    assert proc.returncode == 2 and "p.txt: not a regular file (FIFO)" in proc.stderr


def test_long_and_runaway_articles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An article longer than a piece is extracted in pieces (offsets into the whole text);
    a runaway over its time budget is one reported failure and the others are extracted."""
    db = f"sqlite:///{tmp_path / 'a.db'}"
    body = "\n\n".join(f"Report {k}. " + GOOD[k % 3] for k in range(60))
    (tmp_path / "long.txt").write_text(body + "\n")
    (tmp_path / "bang.txt").write_text("Iran warned Israel. " + "!" * 6000 + " End.\n")
    monkeypatch.setenv("ACCORD_EXTRACT_PIECE", "2000")
    proc = run(["ingest", "long.txt", "bang.txt", "--json"], tmp_path, db)
    monkeypatch.delenv("ACCORD_EXTRACT_PIECE")
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["extracted"] == 2
    st = Store(db)
    long_id = next(i["id"] for i in rep["items"] if i["origin"] == "long.txt")
    art = st.articles(ids=[long_id])[0]
    evs = [e for e in st.events(include_duplicates=True) if e.evidence.article_id == long_id]
    assert len(evs) >= 50  # events from every piece
    for e in evs:  # offsets point into the whole article's text
        assert e.evidence.start < e.evidence.end <= len(art.text)
        assert art.text[e.evidence.start:e.evidence.end] in e.evidence.sentence
    # a budget no article can meet: each is a failure with a reason, exit 2, stored anyway
    (tmp_path / "c.txt").write_text(GOOD[2] + "\n")
    monkeypatch.setenv("ACCORD_EXTRACT_BUDGET", "0.000001")
    proc = run(["ingest", "c.txt", "--json"], tmp_path, db)
    monkeypatch.delenv("ACCORD_EXTRACT_BUDGET")
    assert proc.returncode == 2
    item = json.loads(proc.stdout)["items"][0]
    assert item["status"] == "failed" and "time budget" in item["error"]
    # the article stays stored and unextracted; a later run with the default budget does it
    ok = run(["extract", "--json"], tmp_path, db)
    assert ok.returncode == 0, ok.stderr
    assert [a["id"] for a in json.loads(ok.stdout)["articles"]] == [item["id"]]


def test_sentences_one_line_in_one_line_out(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_EXTRACT_PIECE", "2000")  # a line longer than a piece
    raw = ("\ufeffIran warned Israel on Monday.\r\n"
           "Oman hosted talks\x0bbetween Iran\x1c and the US\u2028on Friday.\r"
           "still line two\x85.\n" + "Talks " * 1500 + "\n")
    f = tmp_path / "s.txt"
    f.write_bytes(raw.encode("utf-8"))
    proc = run(["extract", "--sentences", "s.txt"], tmp_path, f"sqlite:///{tmp_path}/a.db")
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]  # any line break splits
    want = raw.removeprefix("\ufeff").split("\n")[:-1]
    assert [o["sentence"] for o in out] == [w.removesuffix("\r") for w in want]
    assert out[0]["events"], "the BOM no longer hides the first line's event"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def test_ingest_and_extract_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "page.html").write_text(
        "<html><head><title>Talks in Oman</title></head><body><article><p>"
        + " ".join(GOOD) + "</p><p>" + GOOD[1] + "</p></article></body></html>")
    handler = lambda *a: _Quiet(*a, directory=str(site))  # noqa: E731
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_port}"
    work = tmp_path / "work"
    work.mkdir()
    db = f"sqlite:///{work / 'a.db'}"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # anything written there shows up
    try:
        proc = run(["ingest", f"{base}/page.html", f"{base}/missing.html", "--json"], work, db)
        ext = run(["extract", f"{base}/page.html", "--json"], work, db)
    finally:
        srv.shutdown()
    assert proc.returncode == 2, proc.stderr  # the missing page is a failed item
    items = json.loads(proc.stdout)["items"]
    assert items[0]["status"] == "stored" and items[0]["origin"] == f"{base}/page.html"
    assert items[1]["status"] == "failed" and "404" in items[1]["error"]
    assert ext.returncode == 0, ext.stderr
    assert json.loads(ext.stdout)["articles"][0]["events"]
    assert Store(db).articles()[0].url == f"{base}/page.html"
    # nothing written outside the working directory and the cache directory
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", "work"] + (
        ["cache"] if (tmp_path / "cache").exists() else []))


SCENARIO = """name: t
as_of: {as_of}
actors:
  - {{id: A, capability: {cap}}}
  - {{id: B, capability: 2}}
issues:
  - {{id: x}}
positions:
  - {{actor: A, issue: x, position: {pos}, salience: {sal}}}
  - {{actor: B, issue: x, position: 90, salience: {sal}}}
"""


def _scn(**kw: str) -> str:
    vals = {"as_of": "2026-02-07", "cap": "1", "pos": "10", "sal": "0.5", **kw}
    return SCENARIO.format(**vals)


HOSTILE_SCENARIOS = {
    "asof.yaml": (_scn(as_of="2026-02-30"), ":2:", "as_of"),
    "capinf.yaml": (_scn(cap=".inf"), ":4:", "capability"),
    "cap308.yaml": (_scn(cap="1e308"), ":4:", "capability"),
    "postrue.yaml": (_scn(pos="true"), ":9:", "position"),
    "sal0.yaml": (_scn(sal="0"), ":7:", "salience"),
    "noposition.yaml": (_scn().replace("  - {id: x}\n", "  - {id: x}\n  - {id: y}\n"),
                        ":8:", "no positions"),
    "recursive.yaml": ("a: &a [*a]\n", ":1:", "alias"),
    "deep.yaml": ("x: " + "[" * 5000 + "]" * 5000 + "\n", ":1:", "nested"),
    "laughs.yaml": ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi",
                                                                    strict=True)),
        ":2:", "alias"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_SCENARIOS))
def test_hostile_scenarios_check_and_simulate_agree(tmp_path: Path, name: str) -> None:
    text, line, word = HOSTILE_SCENARIOS[name]
    (tmp_path / name).write_text(text)
    db = f"sqlite:///{tmp_path / 'a.db'}"
    for verb in (["scenario", "check"], ["simulate"]):
        proc = run([*verb, name], tmp_path, db)
        assert proc.returncode == 2, (verb, proc.stderr)
        err = proc.stderr.strip()
        assert len(err.splitlines()) == 1 and f"{name}{line}" in err, err
        assert word in err.lower(), err


def test_size_limit_named_and_fitting_model_runs(tmp_path: Path) -> None:
    rows = ["name: big", "actors:"] + [f"  - {{id: A{i}, capability: {1 + i % 7}}}"
                                       for i in range(400)]
    rows += ["issues:", "  - {id: x}", "positions:"] + [
        f"  - {{actor: A{i}, issue: x, position: {i % 101}, salience: 0.5}}" for i in range(400)]
    (tmp_path / "big.yaml").write_text("\n".join(rows) + "\n")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    for verb in (["scenario", "check"], ["simulate"]):
        proc = run([*verb, "big.yaml"], tmp_path, db)
        assert proc.returncode == 2 and "model eum handles at most" in proc.stderr
    proc = run(["simulate", "big.yaml", "--model", "compromise", "--json"], tmp_path, db)
    assert proc.returncode == 0, proc.stderr
    assert run(["scenario", "check", "big.yaml", "--model", "compromise"], tmp_path,
               db).returncode == 0
