"""Benchmark: 10,000 negotiations of a 10-party, 5-issue scenario (accord talks).

The scenario is made from a fixed seed: 10 parties with capabilities 1..100, 5 issues on
0..100 with a status quo, every position, salience and capability with an uncertainty
range, so each run differs. Each protocol is timed on all runs at once (one process: the
runs are vectorised, not spread over workers), without and with the deal-breaker
re-plays (2 more negotiations per issue on the same draws) with ``--breakers``.
Wall time and CPU time are printed (on a shared machine the CPU time is the stable one).

    .venv/bin/python benchmarks/bench_talks.py [--runs 10000] [--rounds 60] [--breakers]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from accord.models.talks import TalksConfig, run_talks
from accord.types import Actor, Issue, Position, Scenario


def scenario(n: int = 10, d: int = 5, seed: int = 0) -> Scenario:
    """A synthetic n-party, d-issue scenario with ranges on every input."""
    rng = np.random.default_rng(seed)
    actors = []
    for k in range(n):
        c = float(np.round(rng.uniform(1, 100), 1))
        actors.append(Actor(id=f"P{k:02d}", capability=c, capability_range=(0.8 * c, 1.2 * c)))
    issues = [Issue(id=f"issue{j}", scale=(0.0, 100.0),
                    status_quo=float(np.round(rng.uniform(20, 80)))) for j in range(d)]
    positions = []
    for a in actors:
        for i in issues:
            x = float(np.round(rng.uniform(0, 100)))
            s = float(np.round(rng.uniform(0.1, 0.9), 2))
            positions.append(Position(
                actor=a.id, issue=i.id, position=x, salience=s,
                position_range=(max(0.0, x - 10), min(100.0, x + 10)),
                salience_range=(max(0.0, s - 0.1), min(1.0, s + 0.1))))
    return Scenario(name="bench-10x5", actors=actors, issues=issues, positions=positions)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=60)
    ap.add_argument("--breakers", action="store_true",
                    help="also time the run with the deal-breaker re-plays")
    args = ap.parse_args()
    sc = scenario()
    print(f"{args.runs} negotiations, 10 parties x 5 issues, {args.rounds} rounds, "
          f"strategy mixed, cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}")
    for proto, med in (("mediator", "P00"), ("sao", None)):
        for breakers in (False, True) if args.breakers else (False,):
            cfg = TalksConfig(protocol=proto, mediator=med, rounds=args.rounds, runs=args.runs,
                              seed=1, crisis=True, challenger="P00", target="P01",
                              deal_breakers=breakers)
            t0, c0 = time.perf_counter(), time.process_time()
            res = run_talks(sc, cfg)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            label = "with deal-breakers (11 negotiation sets)" if breakers else "negotiations"
            print(f"  {proto:<9} {label:<42} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                  f"P(agreement) {res.p_agreement:.3f}")


if __name__ == "__main__":
    main()
