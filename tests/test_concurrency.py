"""Several real accord processes on one store, and SIGKILL during first setup (issue 12).

Each test gets its own store: a SQLite file, or a fresh PostgreSQL schema (db_url fixture).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from tests._cli import CLI, run

from accord.store import Store

TABLES = {"articles", "extractions", "entities", "events", "quotes", "claims", "questions",
          "forecasts", "extraction_claims", "alembic_version"}


def _start(args: list[str], cwd: Path, db: str) -> subprocess.Popen:
    env = dict(os.environ, ACCORD_DB=db)
    return subprocess.Popen(CLI + args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _tables(db: str) -> set[str]:
    url = db.replace("postgresql://", "postgresql+psycopg://", 1) \
        if db.startswith("postgresql://") else db
    eng = create_engine(url)
    try:
        return set(inspect(eng).get_table_names()) & TABLES
    finally:
        eng.dispose()


def test_new_store_opened_by_four_processes(tmp_path: Path, db_url: str) -> None:
    procs = [_start(["db", "info", "--json"], tmp_path, db_url) for _ in range(4)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert json.loads(out)["revision"] == Store(db_url).revision()
    assert _tables(db_url) == TABLES


def _engine(db: str):  # noqa: ANN202
    return create_engine(db.replace("postgresql://", "postgresql+psycopg://", 1)
                         if db.startswith("postgresql://") else db)


def _all_tables(db: str) -> set[str]:
    eng = _engine(db)
    try:
        return set(inspect(eng).get_table_names())
    finally:
        eng.dispose()


def _reset_pg(db: str) -> None:
    """Empty the test's PostgreSQL schema (the db_url fixture drops it afterwards)."""
    eng = _engine(db)
    with eng.begin() as conn:
        schema = conn.execute(text("SELECT current_schema()")).scalar()
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    eng.dispose()


OPEN_STORE = ("import sys; from accord.store import Store; import alembic.command; "
              "print('imported', flush=True); Store(sys.argv[1])")


def test_sigkill_during_first_setup_leaves_none_or_all(tmp_path: Path, db_url: str) -> None:
    """Kill a process opening a brand-new store at random moments (a bare `Store(url)`, so
    the schema setup is a large part of its life); the schema is then absent or complete,
    and the next process always works."""
    ref = f"sqlite:///{tmp_path / 'ref.db'}"
    Store(ref).close()
    full = _all_tables(ref)
    rng = random.Random(12)
    states = []
    for k in range(4):
        if db_url.startswith("sqlite"):
            db = f"sqlite:///{tmp_path / f'k{k}.db'}"
        else:
            db = db_url
            _reset_pg(db)
        p = subprocess.Popen([sys.executable, "-c", OPEN_STORE, db], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert p.stdout.readline().strip() == "imported"
        time.sleep(rng.uniform(0.0, 0.6))  # within the schema setup, or just after
        os.kill(p.pid, signal.SIGKILL)
        p.wait(timeout=60)
        found = _all_tables(db)
        assert found in (set(), full), sorted(full - found)
        states.append(len(found))
        Store(db).close()  # the next process sets the schema up (or finds it complete)
        assert _all_tables(db) == full
    assert run(["db", "info", "--json"], tmp_path, db).returncode == 0


def test_concurrent_extract_extracts_each_article_once(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    sentences = [
        "Oman hosted talks between Iran and the United States on Friday.",
        "Israel warned Iran against enriching uranium on Monday.",
        "The United States sent a carrier group to the Gulf on Tuesday.",
        "Iran rejected the American proposal on sanctions on Wednesday.",
        "Qatar offered to mediate between Israel and Hamas on Thursday.",
        "Turkey condemned the air strike on Sunday.",
    ]
    for k in range(12):
        (folder / f"a{k:02d}.txt").write_text(
            f"Report {k}.\n\n" + " ".join(sentences[(k + j) % 6] for j in range(3 + k % 3)))
    proc = run(["ingest", "news", "--no-extract", "--json"], tmp_path, db_url)
    assert proc.returncode == 0, proc.stderr
    rep = json.loads(proc.stdout)
    assert rep["stored"] + rep["near_duplicates"] == 12
    procs = [_start(["extract", "--json"], tmp_path, db_url) for _ in range(3)]
    outs = [p.communicate(timeout=600) for p in procs]
    done: list[str] = []
    reported = 0
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        arts = json.loads(out)["articles"]
        done += [a["id"] for a in arts]
        reported += sum(len(a["events"]) for a in arts)
    st = Store(db_url)
    assert sorted(done) == sorted(a.id for a in st.articles())  # each once, none lost
    assert st.counts()["events"] == reported > 0  # stored exactly what was extracted
    with st.engine.connect() as conn:
        dup = conn.execute(text("SELECT article_id, ordinal, COUNT(*) FROM events "
                                "GROUP BY article_id, ordinal HAVING COUNT(*) > 1")).all()
        claims = conn.execute(text("SELECT COUNT(*) FROM extraction_claims")).scalar()
    assert dup == [] and claims == 0
    # a re-run finds nothing left to do
    again = run(["extract", "--json"], tmp_path, db_url)
    assert again.returncode == 0 and json.loads(again.stdout)["articles"] == []
