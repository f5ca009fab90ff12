"""Benchmark: Monte Carlo runs of the EUM on the Scholz et al. 10-actor EU example.

Every input gets an uncertainty range (position +-1 on the 0..10 scale, salience +-0.1,
capability +-20 %) so that each run differs. Prints wall time per configuration.

    .venv/bin/python benchmarks/bench_eum.py [--runs 10000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from accord.io.bdm import read_bdm_csv
from accord.models.eum import EUMModel
from accord.models.montecarlo import simulate
from accord.types import Scenario

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "bdm" / "example_actors.csv"


def uncertain(scen: Scenario) -> Scenario:
    """The example with ranges on every position, salience and capability."""
    lo, hi = scen.issues[0].scale
    actors = [a.model_copy(update={"capability_range": (a.capability * 0.8, a.capability * 1.2)})
              for a in scen.actors]
    positions = [p.model_copy(update={
        "position_range": (max(lo, p.position - 1), min(hi, p.position + 1)),
        "salience_range": (max(0.0, p.salience - 0.1), min(1.0, p.salience + 0.1))})
        for p in scen.positions]
    return scen.model_copy(update={"actors": actors, "positions": positions})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    scen = uncertain(read_bdm_csv(args.data))
    print(f"cores: {os.cpu_count()}  actors: {len(scen.actors)}  runs: {args.runs}")

    t = time.perf_counter()
    EUMModel().solve(scen)
    print(f"single solve (point values): {1e3 * (time.perf_counter() - t):.1f} ms")

    for workers in sorted({1, args.workers}):
        t = time.perf_counter()
        res = simulate(scen, "eum", runs=args.runs, seed=1, workers=workers)
        dt = time.perf_counter() - t
        q = res.issues[0].quantiles
        print(f"simulate eum runs={args.runs} workers={workers}: {dt:.2f} s "
              f"({args.runs / dt:,.0f} runs/s); q05={q['q05']:.2f} q50={q['q50']:.2f} "
              f"q95={q['q95']:.2f}; confrontation kinds: {len(res.confrontations)}")

    t = time.perf_counter()
    simulate(scen, "compromise", runs=args.runs, seed=1, workers=1)
    print(f"simulate compromise runs={args.runs} workers=1: {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
