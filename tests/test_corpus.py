"""The Dask corpus pipeline (accord.corpus, `accord extract --corpus`) on real articles: a
LocalCluster run gives the serial run's events, a SIGKILLed run resumes with no lost and no
duplicated partition, bad items are reported per partition while the rest goes on."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from accord import api
from accord.corpus import plan, read_table, run_corpus
from accord.corpus.output import DONE, TABLES

ROOT = Path(__file__).resolve().parents[1]
CRISES = ROOT.parent / "shared" / "data" / "crises"
BAD = [{"title": "no text", "text": 5}, "this line is not JSON"]  # two bad items


def _articles(n: int) -> list[dict]:
    """The first n dated crisis articles (real reporting), read at test time from ../shared."""
    files = sorted(CRISES.glob("*/[0-9][0-9]-*.json"))
    if len(files) < n:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CRISES} is required under CI but is missing")
        pytest.skip("../shared/data/crises not present")
    recs = []
    for f in files[::max(1, len(files) // n)][:n]:
        d = json.loads(f.read_text(encoding="utf-8"))
        recs.append({k: d.get(k) for k in ("title", "date", "url", "text")})
    return recs


def _write_jsonl(path: Path, recs: list, bad_at: int | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in recs]
    if bad_at is not None:
        lines[bad_at:bad_at] = [b if isinstance(b, str) else json.dumps(b) for b in BAD]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _events(rows: list[dict]) -> list[tuple]:
    return sorted((r["article_id"], r["ordinal"], r["payload"]) for r in rows)


def _serial_events(paths: list[Path]) -> list[tuple]:
    """The events of the serial `accord extract` (accord.api.extract) on the same input."""
    exs, _failures = api.extract([str(p) for p in paths])
    return sorted((ex.article.id, k, e.model_dump_json())
                  for ex in exs for k, e in enumerate(ex.events))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A JSONL corpus of 10 real articles with two bad lines in the middle, its serial
    extraction, and one run of it on a LocalCluster of two worker processes."""
    tmp = tmp_path_factory.mktemp("corpus")
    path = _write_jsonl(tmp / "news.jsonl", _articles(10), bad_at=5)
    out = tmp / "out"
    # both runs with the shipped models, whatever the worker's earlier tests left behind (a
    # run under xdist once compared a rules-only serial count, 61, with the workers' 64)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACCORD_EVENT_MODEL", "packaged")
        mp.setenv("ACCORD_RECIPIENT_MODEL", "packaged")
        serial = _serial_events([path])
        report = run_corpus(path, out, workers=2, partition_size=3)
    return {"path": path, "serial": serial, "out": out, "report": report}


def test_local_cluster_run_equals_serial_run(corpus: dict) -> None:
    rep = corpus["report"]
    assert rep.partitions == 4 and rep.done == 4 and rep.skipped == 0  # 12 lines, 3 a part
    assert not rep.failed_partitions
    got = _events(read_table(corpus["out"], "events").to_pylist())
    assert len(corpus["serial"]) > 20
    assert got == corpus["serial"]  # event for event, payload for payload
    arts = read_table(corpus["out"], "articles").to_pylist()
    assert len(arts) == 10 == rep.articles and all(a["text"] for a in arts)
    # both worker processes took part, neither is the test process
    pids = {json.loads(m.read_text())["pid"] for m in (corpus["out"] / DONE).glob("*.json")}
    assert len(pids) == 2 and os.getpid() not in pids


def test_bad_items_are_reported_per_partition_and_the_rest_goes_on(corpus: dict) -> None:
    rep = corpus["report"]
    fails = {f["origin"]: f for f in rep.failures}
    path = str(corpus["path"])
    assert set(fails) == {f"{path}:6", f"{path}:7"}
    assert fails[f"{path}:6"]["error"] == "field 'text' must be a string, got number"
    assert fails[f"{path}:7"]["error"].startswith("invalid JSON")
    assert fails[f"{path}:6"]["partition"] == "part-00001"  # lines 4-6
    assert fails[f"{path}:7"]["partition"] == "part-00002"  # lines 7-9
    # the good lines of those partitions were extracted
    origins = {a["origin"] for a in read_table(corpus["out"], "articles").to_pylist()}
    assert {f"{path}:4", f"{path}:5", f"{path}:8", f"{path}:9"} <= origins


def test_rerun_skips_finished_partitions_and_changes_nothing(corpus: dict) -> None:
    out = corpus["out"]
    before = {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet")}
    rep = run_corpus(corpus["path"], out, workers=2, partition_size=3)
    assert (rep.skipped, rep.done, rep.partitions) == (4, 0, 4)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("part-*.parquet")} == before
    assert len(rep.failures) == 2  # still reported from the markers
    with pytest.raises(Exception, match="different corpus, partition size"):
        run_corpus(corpus["path"], out, partition_size=4)


def _done_markers(out: Path) -> int:
    d = out / DONE
    return len(list(d.glob("part-*.json"))) if d.is_dir() else 0


def test_sigkilled_run_resumes_with_no_loss_and_no_duplicate(corpus: dict,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    n_parts = len(plan(corpus["path"], 1)["partitions"])  # one line per partition
    cmd = [sys.executable, "-m", "accord.cli.main", "--quiet", "extract", "--corpus",
           str(corpus["path"]), "--out", str(out), "--workers", "2", "--partition-size", "1"]
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)  # the driver and its Dask workers
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None and _done_markers(out) < 2:
        time.sleep(0.02)
    assert child.poll() is None, "the run finished before it could be killed"
    os.killpg(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(0.5)  # let the killed workers go
    partial = _done_markers(out)
    assert 2 <= partial < n_parts
    # resume: only the partitions without a marker are done, and the result is complete
    rep = run_corpus(corpus["path"], out, workers=1, partition_size=1)
    assert rep.skipped == partial and rep.done == n_parts - partial
    assert _done_markers(out) == n_parts
    rows = read_table(out, "events").to_pylist()
    keys = [(r["article_id"], r["ordinal"]) for r in rows]
    assert len(keys) == len(set(keys))  # no duplicate
    assert _events(rows) == corpus["serial"]  # no loss
    assert {f["origin"] for f in rep.failures} == {f["origin"] for f in
                                                   corpus["report"].failures}
    assert not [p for p in out.rglob("*") if ".tmp-" in p.name]  # temporaries cleaned


def test_directory_and_parquet_corpora_read_like_extract(tmp_path: Path) -> None:
    """A directory (article .json files, a .txt, a JSONL file) equals the serial extract of
    the same directory; a Parquet corpus of the same records gives the same events."""
    recs = _articles(4)
    folder = tmp_path / "dir"
    folder.mkdir()
    for k, r in enumerate(recs[:2]):
        (folder / f"a{k}.json").write_text(json.dumps(r), encoding="utf-8")
    (folder / "briefing.txt").write_text(
        (ROOT / "examples" / "us-iran-2026" / "briefing.txt").read_text(encoding="utf-8"),
        encoding="utf-8")
    _write_jsonl(folder / "more.jsonl", recs[2:])
    rep = run_corpus(folder, tmp_path / "out_dir", partition_size=2)
    assert rep.articles == 5 and not rep.failures and rep.partitions == 3
    assert _events(read_table(tmp_path / "out_dir", "events").to_pylist()) == \
        _serial_events([folder])
    table = pa.Table.from_pylist(recs[2:])
    pq.write_table(table, tmp_path / "news.parquet")
    rep_pq = run_corpus(tmp_path / "news.parquet", tmp_path / "out_pq", partition_size=1)
    assert rep_pq.articles == 2 and rep_pq.partitions == 2
    assert _events(read_table(tmp_path / "out_pq", "events").to_pylist()) == \
        _serial_events([folder / "more.jsonl"])


def test_store_option_fills_the_store_once(corpus: dict, db_url: str) -> None:
    from accord.store import Store

    st = Store(db_url)
    rep = run_corpus(corpus["path"], corpus["out"], workers=1, partition_size=3, store=st)
    assert rep.stored == 10 and rep.skipped == 4
    n_events = st.event_count()
    assert n_events == len(corpus["serial"]) and st.article_count() == 10
    rep2 = run_corpus(corpus["path"], corpus["out"], partition_size=3, store=st)
    assert rep2.stored == 0 and st.event_count() == n_events


def test_cli_reports_failures_and_exits_2(corpus: dict, tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "accord.cli.main", "--quiet", "extract", "--corpus",
           str(corpus["path"]), "--out", str(corpus["out"]), "--partition-size", "3", "--json"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2
    assert f"failed {corpus['path']}:6 (part-00001): field 'text'" in proc.stderr
    assert json.loads(proc.stdout)["skipped"] == 4
    bad = subprocess.run([*cmd[:-3], "--partition-size", "5"], capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "different corpus, partition size" in bad.stderr
    assert set(TABLES) <= {p.name for p in corpus["out"].iterdir()}
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    proc = subprocess.run([*cmd[:5], "--corpus", str(empty), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "empty corpus" in proc.stderr
    assert not (tmp_path / "o").exists()  # refused before anything is written


def _brute(events: list, dates: dict, actors: list[str], until) -> list:  # noqa: ANN001
    """The actor/date filter done in Python over every event (the meaning Store.events has:
    a code starting with one of ``actors`` on either side, article dated on or before)."""
    def touches(e) -> bool:  # noqa: ANN001
        codes = [r.code for r in (*e.actor, *e.recipient)]
        return any(c.startswith(a) for a in actors for c in codes)

    def dated(e) -> bool:  # noqa: ANN001
        day = dates[e.evidence.article_id]
        return day is not None and day <= until

    return [e for e in events if touches(e) and dated(e)]


def test_actor_date_index_gives_what_a_full_scan_gives(corpus: dict, db_url: str) -> None:
    """Migration 0003 fills event_actors for events stored before it, triggers keep it in
    step afterwards, and Store.events(actors, until) through it equals a scan of all events."""
    from alembic import command
    from sqlalchemy import func, select

    from accord.corpus.output import extractions
    from accord.store import Store
    from accord.store.tables import EventActorRow, EventRow

    old = Store(db_url, migrate=False)
    cfg = old._alembic_config()
    with old.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")  # a store made before this revision, with real events
    exs = [ex for pid in ("part-00000", "part-00001", "part-00002", "part-00003")
           for ex in extractions(corpus["out"], pid)]
    for ex in exs:
        old.add_article(ex.article)
        old.save_extraction(ex)
    old.close()
    st = Store(db_url)  # migrates to head: 0003 fills event_actors
    with st.session() as s:
        n_rows = s.scalar(select(func.count()).select_from(EventActorRow))
        n_events = s.scalar(select(func.count()).select_from(EventRow))
    assert n_events == len(corpus["serial"]) and n_rows >= n_events * 0.9
    every = st.events(include_duplicates=True)
    dates = st.article_dates()
    codes = sorted({r.code for e in every for r in (*e.actor, *e.recipient)})
    assert len(codes) >= 5
    long_code = next(c for c in codes if len(c) > 3) if any(len(c) > 3 for c in codes) else codes[0]
    for actors in ([codes[0]], codes[1:4], [long_code], [codes[-1][:2]]):
        for until in (dt_max(), sorted({d for d in dates.values() if d})[len(dates) // 2]):
            got = st.events(actors=actors, until=until, include_duplicates=True)
            want = _brute(every, dates, actors, until)
            assert [x.model_dump_json() for x in got] == [x.model_dump_json() for x in want], \
                (actors, until)
    # triggers: a re-extraction with fewer events leaves exactly the new events' rows
    ex = next(x for x in exs if len(x.events) >= 2)
    st.save_extraction(ex.model_copy(update={"events": ex.events[:1]}), coder_version="t2")
    with st.session() as s:
        left = s.scalars(select(EventActorRow.code).where(
            EventActorRow.article_id == ex.article.id)).all()
    assert sorted(left) == sorted({r.code[:3] for r in (*ex.events[0].actor,
                                                        *ex.events[0].recipient)})
    some = sorted(dates)[:3]
    assert st.article_dates(some) == {k: dates[k] for k in some}


def dt_max():  # noqa: ANN201
    import datetime as dt

    return dt.date(9999, 12, 31)
