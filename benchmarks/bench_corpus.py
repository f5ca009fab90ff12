"""Throughput of the Dask corpus pipeline (``accord extract --corpus``): words/s per core
against bare spaCy ``nlp.pipe``, 1 -> 2 worker scaling, and memory (RSS) per worker.

Corpus (generated here, written to a scratch directory, never to the repository): real
reporting beside the repository — the dated crisis articles under ../shared/data/crises and
the bundled example briefing — recombined with a seeded generator: each generated article
takes a real article's title and date, its first paragraph, and a shuffled selection of the
other paragraphs of articles on the same crisis, so texts differ but stay real prose. The
same --seed gives the same corpus.

    .venv/bin/python benchmarks/bench_corpus.py                      # 5,000 articles
    .venv/bin/python benchmarks/bench_corpus.py --only-scaling       # the 1 -> 2 part again

Phases: (1) bare spaCy ``nlp.pipe`` and accord's full per-article extraction
(``extract_each``, what each partition runs) on the same --sample articles in this process;
(2) the whole corpus on a LocalCluster of --workers processes (workers warmed: pipeline
loaded before timing), with each worker's RSS (now and peak); (3) the first --scaling-articles
articles on 1 worker and on 2 workers (fresh clusters, warmed), and the speed-up. CPU seconds
are reported next to wall seconds: other jobs on a shared machine disturb CPU time less.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def sources() -> dict[str, list[dict]]:
    """Real articles by crisis: {"crisis": [{"title", "date", "paragraphs"}]}."""
    out: dict[str, list[dict]] = {}
    for f in sorted((SHARED / "data" / "crises").glob("*/[0-9][0-9]-*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        paras = [p.strip() for p in d["text"].split("\n\n") if p.strip()]
        out.setdefault(f.parent.name, []).append(
            {"title": d.get("title"), "date": d.get("date"), "paragraphs": paras})
    for f in sorted((ROOT / "examples").glob("*/*.txt")):
        paras = [p.strip() for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
        out.setdefault(f.parent.name, []).append(
            {"title": None, "date": "2026-02-07", "paragraphs": paras})
    return out


def generate(n: int, seed: int, path: Path) -> tuple[int, int]:
    """Write n generated articles as JSONL; returns (articles, words)."""
    rng = random.Random(seed)
    pool = sources()
    crises = sorted(pool)
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for _ in range(n):
            arts = pool[rng.choice(crises)]
            base = rng.choice(arts)
            others = [p for a in arts for p in a["paragraphs"][1:]]
            k = min(len(others), rng.randint(3, 10))
            body = [base["paragraphs"][0], *rng.sample(others, k)]
            text = "\n\n".join(body)
            words += len(text.split())
            fh.write(json.dumps({"title": base["title"], "date": base["date"], "text": text},
                                ensure_ascii=False) + "\n")
    return n, words


def _articles(path: Path, n: int) -> list:
    from accord.types import Article

    arts = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(arts) == n:
                break
            d = json.loads(line)
            arts.append(Article(title=d["title"], text=d["text"]))
    return arts


def bench_in_process(path: Path, sample: int) -> dict:
    """Words/s of bare spaCy nlp.pipe and of accord's full extraction, one process."""
    import spacy

    from accord.nlp.pipeline import extract_each, get_pipeline, model_name

    arts = _articles(path, sample)
    words = sum(len(a.text.split()) for a in arts)
    bare = spacy.load(model_name())
    list(bare.pipe(a.text for a in arts[:20]))  # warm-up
    t, c = time.perf_counter(), time.process_time()
    for _ in bare.pipe((a.text for a in arts), batch_size=32):
        pass
    bare_wall, bare_cpu = time.perf_counter() - t, time.process_time() - c
    get_pipeline()
    list(extract_each(arts[:20]))
    t, c = time.perf_counter(), time.process_time()
    n = sum(1 for _a, ex, _e in extract_each(arts) if ex is not None)
    full_wall, full_cpu = time.perf_counter() - t, time.process_time() - c
    return {"articles": len(arts), "extracted": n, "words": words,
            "bare_wps_wall": words / bare_wall, "bare_wps_cpu": words / bare_cpu,
            "full_wps_wall": words / full_wall, "full_wps_cpu": words / full_cpu}


def _warm() -> int:
    from accord.nlp.pipeline import get_pipeline

    get_pipeline()
    return os.getpid()


def _rss() -> dict:
    """This process's resident set size now and at its peak (MiB), from /proc."""
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return {"rss_mib": round(out.get("VmRSS", 0), 1), "peak_mib": round(out.get("VmHWM", 0), 1)}


def run_cluster(corpus: Path, out: Path, workers: int, partition_size: int) -> dict:
    """One corpus run on a fresh, warmed LocalCluster; wall time, words, worker RSS."""
    from dask.distributed import Client, LocalCluster

    from accord.corpus import run_corpus

    shutil.rmtree(out, ignore_errors=True)
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        client.run(_warm)
        load0 = os.getloadavg()[0]
        t = time.perf_counter()
        rep = run_corpus(corpus, out, scheduler=cluster.scheduler_address,
                         partition_size=partition_size)
        wall = time.perf_counter() - t
        mem = client.run(_rss)
    markers = [json.loads(m.read_text()) for m in (out / "_done").glob("*.json")]
    cpu = sum(m["cpu_seconds"] for m in markers)
    return {"workers": workers, "articles": rep.articles, "words": rep.words,
            "events": rep.events, "failed": len(rep.failures), "wall": wall, "cpu": cpu,
            "wps": rep.words / wall, "wps_per_core_cpu": rep.words / cpu,
            "memory": sorted(mem.values(), key=lambda m: m["rss_mib"]), "load_before": load0,
            "load_after": os.getloadavg()[0]}


def _line(r: dict) -> str:
    mem = ", ".join(f"{m['rss_mib']:.0f} MiB (peak {m['peak_mib']:.0f})" for m in r["memory"])
    return (f"{r['workers']} worker(s): {r['articles']} articles, {r['words']} words, "
            f"{r['events']} events in {r['wall']:.1f} s wall = {r['wps']:,.0f} words/s "
            f"({r['wps'] / r['workers']:,.0f} per worker; {r['wps_per_core_cpu']:,.0f} words "
            f"per CPU-second); RSS per worker: {mem}; load {r['load_before']:.1f} -> "
            f"{r['load_after']:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=400,
                    help="articles for the bare-spaCy vs full comparison (one process)")
    ap.add_argument("--workers", type=int, default=2, help="workers for the whole-corpus run")
    ap.add_argument("--scaling-articles", type=int, default=1000)
    ap.add_argument("--partition-size", type=int, default=100)
    ap.add_argument("--workdir", type=Path, default=None, help="scratch directory (default: a "
                    "temporary one, removed at the end)")
    ap.add_argument("--only-scaling", action="store_true")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="accord-bench-corpus-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        corpus = work / "corpus.jsonl"
        n, words = generate(args.articles, args.seed, corpus)
        print(f"corpus: {n} generated articles, {words} words ({words / n:.0f} per article), "
              f"seed {args.seed}; {os.cpu_count()} cores; load {os.getloadavg()}", flush=True)
        if not args.only_scaling:
            r = bench_in_process(corpus, args.sample)
            print(f"one process, {r['articles']} articles, {r['words']} words: bare spaCy "
                  f"nlp.pipe {r['bare_wps_wall']:,.0f} words/s ({r['bare_wps_cpu']:,.0f} per "
                  f"CPU-s); accord full extraction {r['full_wps_wall']:,.0f} words/s "
                  f"({r['full_wps_cpu']:,.0f} per CPU-s) = {r['full_wps_wall'] / r['bare_wps_wall']:.0%}"
                  f" of bare (CPU: {r['full_wps_cpu'] / r['bare_wps_cpu']:.0%})", flush=True)
            full = run_cluster(corpus, work / "out_full", args.workers, args.partition_size)
            print("whole corpus, " + _line(full), flush=True)
        small = work / "scaling.jsonl"
        with corpus.open(encoding="utf-8") as src, small.open("w", encoding="utf-8") as dst:
            for k, line in enumerate(src):
                if k == args.scaling_articles:
                    break
                dst.write(line)
        one = run_cluster(small, work / "out_1", 1, args.partition_size // 2)
        print("scaling, " + _line(one), flush=True)
        two = run_cluster(small, work / "out_2", 2, args.partition_size // 2)
        print("scaling, " + _line(two), flush=True)
        print(f"speed-up 1 -> 2 workers: {one['wall'] / two['wall']:.2f}x (wall)", flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
