"""A batch ingest SIGKILLed mid-way keeps what it committed; the re-run completes it once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from accord.store import Store

N_ARTICLES = 1200


def _write_corpus(folder: Path) -> None:
    """Distinct synthetic news items (random word sequences: no two are near-duplicates)."""
    rng = np.random.default_rng(7)
    vocab = ("talks envoy sanctions carrier ministers Muscat Geneva enrichment inspectors "
             "proposal deadline statement officials agreement delegation reactor missile "
             "security council embassy ceasefire framework negotiation round summit").split()
    folder.mkdir()
    for k in range(N_ARTICLES):
        words = rng.choice(vocab, size=120)
        (folder / f"item{k:05d}.txt").write_text(f"Report {k}. " + " ".join(words) + ".\n")


def _count(db: str) -> int:
    st = Store(db, migrate=False)
    try:
        return st.article_count()
    except Exception:  # schema not created yet by the child
        return 0
    finally:
        st.close()


def test_sigkill_then_rerun(tmp_path: Path, db_url: str) -> None:
    corpus = tmp_path / "corpus"
    _write_corpus(corpus)
    env = dict(os.environ, ACCORD_DB=db_url)
    cmd = [sys.executable, "-m", "accord.cli.main", "--quiet", "ingest", "--no-extract",
           str(corpus)]  # storage transactions are under test, not extraction
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and child.poll() is None:
        seen = _count(db_url)
        if seen >= 30:
            break
        time.sleep(0.05)
    assert child.poll() is None, "the batch finished before it could be killed; enlarge it"
    child.send_signal(signal.SIGKILL)
    child.wait()
    partial = _count(db_url)
    assert 30 <= partial < N_ARTICLES
    # re-run: completes the batch, nothing stored twice, what was committed is kept
    proc = subprocess.run(cmd + ["--json"], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    import json

    report = json.loads(proc.stdout)
    assert report["failed"] == 0
    assert report["duplicates"] >= partial
    assert report["stored"] + report["duplicates"] == N_ARTICLES
    st = Store(db_url)
    arts = st.articles()
    assert len(arts) == N_ARTICLES
    assert len({a.content_hash for a in arts}) == N_ARTICLES
    assert {Path(a.path).name for a in arts} == {p.name for p in corpus.iterdir()}
