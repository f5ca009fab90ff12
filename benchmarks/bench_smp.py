"""Time accord's SMP against KAPSARC KTAB's ``smpc`` on the dummyData-a040/a080/a160 scenarios.

Usage: ``python benchmarks/bench_smp.py [--repeat N] [--smpc-repeat N] [--data DIR] [NAME ...]``

Two figures per scenario:

* whole process: ``accord simulate FILE --model smp`` run as a user runs it (the ``accord``
  script beside this interpreter, a fresh process each time, output discarded), best of
  ``--repeat`` runs; the same for ``smpc --logmin --csv FILE`` (with the ``--connstr`` its
  SQLite output needs, in a scratch directory) when the environment variable KTAB_SMPC
  points at a built ``smpc``;
* engine alone: accord's ``run_smp`` on the scenario's arrays (reading excluded), best of
  ``--repeat`` runs in this process, against the "Elapsed time" smpc logs for its run.

Without KTAB_SMPC, KTAB's published -O2 timings from ../shared/data/ktab/README.md are
shown for reference instead.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ktab"
KTAB_O2_PUBLISHED = {"dummyData-a040": 4.4, "dummyData-a080": 44.0, "dummyData-a160": 468.0}


def accord_command() -> list[str]:
    """The ``accord`` console script of this environment (else ``python -m``)."""
    script = Path(sys.executable).parent / "accord"
    return [str(script)] if script.exists() else [sys.executable, "-m", "accord.cli.main"]


def time_accord_process(path: Path, repeat: int) -> float:
    """Best wall time of ``accord simulate FILE --model smp`` as a fresh process."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([*accord_command(), "simulate", str(path), "--model", "smp"], check=True,
                       stdout=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - t0)
    return best


def time_accord_engine(path: Path, repeat: int) -> tuple[float, int]:
    """Best wall time of the SMP engine alone (reading excluded) and the number of turns."""
    from accord.io.ktab import read_ktab_csv
    from accord.models.smp import run_smp

    arr = read_ktab_csv(path).arrays()
    best, turns = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        tr = run_smp(arr.scaled(), arr.salience, arr.capability)
        best = min(best, time.perf_counter() - t0)
        turns = tr.turns
    return best, turns


def time_smpc(smpc: str, path: Path) -> tuple[float, float | None]:
    """(whole-process wall time, smpc's own logged "Elapsed time") of one run of
    ``smpc --logmin --csv FILE`` in a throw-away directory."""
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / path.name
        shutil.copy(path, local)
        conf = Path(smpc).resolve().parent / "smpc-logger.conf"
        if conf.exists():
            shutil.copy(conf, Path(tmp) / conf.name)
        conn = f"Driver=QSQLITE;Database={Path(tmp) / 'bench'}"
        # ~18 MB of log on a040: to a file, not a pipe (not "smpc.log": smpc may write that)
        log = Path(tmp) / "bench-stdout.txt"
        with log.open("wb") as fh:
            t0 = time.perf_counter()
            subprocess.run([smpc, "--logmin", "--connstr", conn, "--csv", str(local)],
                           cwd=tmp, check=True, stdout=fh, stderr=subprocess.STDOUT)
            wall = time.perf_counter() - t0
        tail = ""  # with smpc-logger.conf beside it, smpc logs to smpc-DATE_log.txt instead
        for f in [log, *sorted(Path(tmp).glob("smpc-*log*.txt"))]:
            with f.open("rb") as fh:
                fh.seek(max(0, f.stat().st_size - 4096))
                tail += fh.read().decode("utf-8", "replace")
    m = re.search(r"Elapsed time: ([0-9.]+) seconds", tail)
    return wall, float(m.group(1)) if m else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=["dummyData-a040", "dummyData-a080"])
    ap.add_argument("--repeat", type=int, default=5, help="accord runs per figure (best kept)")
    ap.add_argument("--smpc-repeat", type=int, default=1, help="smpc runs (best kept)")
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    from accord.io.ktab import read_ktab_csv

    smpc = os.environ.get("KTAB_SMPC")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} (1, 5 min); "
          f"accord command: {' '.join(accord_command())} simulate FILE --model smp")
    print(f"{'scenario':<16}{'actors':>7}{'turns':>6} | {'accord proc':>11}{'KTAB proc':>10}"
          f"{'ratio':>7} | {'accord eng':>10}{'KTAB eng':>9}{'ratio':>7}  KTAB source")
    for name in args.names:
        path = args.data / f"{name}.csv"
        n = len(read_ktab_csv(path).actors)
        rep = args.repeat if n <= 80 else 1
        eng, turns = time_accord_engine(path, rep)
        proc = time_accord_process(path, rep)
        if smpc:
            runs = [time_smpc(smpc, path) for _ in range(max(1, args.smpc_repeat))]
            k_proc = min(w for w, _ in runs)
            k_eng = min((e for _, e in runs if e is not None), default=float("nan"))
            source = "measured (KTAB_SMPC)"
        elif name in KTAB_O2_PUBLISHED:
            k_proc = k_eng = KTAB_O2_PUBLISHED[name]
            source = "published -O2, 2 cores"
        else:
            k_proc = k_eng = float("nan")
            source = "-"
        print(f"{name:<16}{n:>7}{turns:>6} | {proc:>10.3f}s{k_proc:>9.2f}s{k_proc / proc:>6.0f}x"
              f" | {eng:>9.3f}s{k_eng:>8.2f}s{k_eng / eng:>6.0f}x  {source}", flush=True)


if __name__ == "__main__":
    main()
