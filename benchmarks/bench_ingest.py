"""Throughput of accord's ingestion: reading the fixture mix, MinHash signatures, LSH queries.

Run: .venv/bin/python benchmarks/bench_ingest.py  (prints figures; asserts nothing)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from accord.ingest import NearDupIndex, iter_articles, read_file, signature

ROOT = Path(__file__).resolve().parents[1]
MIX = ROOT / "tests" / "data" / "ingest_mix"
STORY = ROOT / "tests" / "data" / "ingest_dedup" / "wire_story.txt"


def _timed(fn, repeat: int) -> float:
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - t0) / repeat


def main() -> None:
    rng = np.random.default_rng(7)
    n = 20
    per = _timed(lambda: list(iter_articles([MIX])), n)
    print(f"iter_articles(fixture mix, 15 items): {per * 1e3:.1f} ms per walk")

    story = STORY.read_text(encoding="utf-8")
    per = _timed(lambda: signature(story), 200)
    print(f"signature({len(story.split())} words): {per * 1e6:.0f} us")

    vocab = np.array(story.lower().split())
    big = " ".join(rng.choice(vocab, size=200_000))
    per = _timed(lambda: signature(big), 3)
    print(f"signature(200,000 words): {per:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(" ".join(rng.choice(vocab, size=1_700_000)), encoding="utf-8")
        size = path.stat().st_size
        t0 = time.perf_counter()
        (item,) = read_file(path, max_bytes=2 * size)
        t_read = time.perf_counter() - t0
        assert item.article is not None
        t0 = time.perf_counter()
        signature(item.article.text)
        print(f"read_file({size / 2**20:.1f} MiB text): {t_read:.2f} s; its signature "
              f"{time.perf_counter() - t0:.2f} s")

    docs = [" ".join(rng.choice(vocab, size=300)) for _ in range(2000)]
    t0 = time.perf_counter()
    sigs = [signature(d) for d in docs]
    t_sig = time.perf_counter() - t0
    index = NearDupIndex(threshold=0.8)
    t0 = time.perf_counter()
    for i, s in enumerate(sigs):
        index.add(str(i), s)
    t_add = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = sum(len(index.query(s, exclude=str(i))) for i, s in enumerate(sigs))
    t_q = time.perf_counter() - t0
    print(f"2000 docs x 300 words: signatures {t_sig:.2f} s, add {t_add * 1e3:.0f} ms, "
          f"query all {t_q * 1e3:.0f} ms ({hits} near-duplicate hits; random docs expect 0); "
          f"bands={index.bands} rows={index.rows}")


if __name__ == "__main__":
    main()
