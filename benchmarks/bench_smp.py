"""Time accord's SMP to convergence on KTAB's dummyData-a040/a080/a160 scenarios.

Usage: ``python benchmarks/bench_smp.py [--repeat N] [--data DIR] [NAME ...]``. When the
environment variable KTAB_SMPC points at a built ``smpc`` binary, ``smpc --logmin --csv
FILE`` (plus the ``--connstr`` smpc needs for its SQLite file) is timed on the same files (in a scratch directory, as it writes a database there)
and the speed-up is printed. Without it, KTAB's published -O2 timings from
../shared/data/ktab/README.md are shown for reference.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from accord.io.ktab import read_ktab_csv
from accord.models.smp import run_smp

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "ktab"
KTAB_O2_PUBLISHED = {"dummyData-a040": 4.4, "dummyData-a080": 44.0, "dummyData-a160": 468.0}


def time_accord(path: Path, repeat: int) -> tuple[float, int]:
    """Best wall time of ``repeat`` runs (reading excluded) and the number of turns."""
    arr = read_ktab_csv(path).arrays()
    best, turns = float("inf"), 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        tr = run_smp(arr.scaled(), arr.salience, arr.capability)
        best = min(best, time.perf_counter() - t0)
        turns = tr.turns
    return best, turns


def time_smpc(smpc: str, path: Path) -> float:
    """Wall time of one ``smpc --logmin --csv`` run, in a throw-away directory."""
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / path.name
        shutil.copy(path, local)
        conf = Path(smpc).resolve().parent / "smpc-logger.conf"
        if conf.exists():
            shutil.copy(conf, Path(tmp) / conf.name)
        t0 = time.perf_counter()
        # smpc needs a database connection string; its SQLite file goes to the scratch dir
        conn = f"Driver=QSQLITE;Database={Path(tmp) / 'bench'}"
        subprocess.run([smpc, "--logmin", "--connstr", conn, "--csv", str(local)], cwd=tmp,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*", default=list(KTAB_O2_PUBLISHED))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args()
    smpc = os.environ.get("KTAB_SMPC")
    print(f"{'scenario':<16}{'actors':>7}{'turns':>7}{'accord s':>11}"
          f"{'KTAB s':>10}{'speed-up':>10}  KTAB source")
    for name in args.names:
        path = args.data / f"{name}.csv"
        n = len(read_ktab_csv(path).actors)
        secs, turns = time_accord(path, args.repeat if n <= 80 else 1)
        if smpc:
            ktab, source = time_smpc(smpc, path), "measured (KTAB_SMPC)"
        elif name in KTAB_O2_PUBLISHED:
            ktab, source = KTAB_O2_PUBLISHED[name], "published -O2, 2 cores"
        else:
            ktab, source = float("nan"), "-"
        print(f"{name:<16}{n:>7}{turns:>7}{secs:>11.3f}{ktab:>10.2f}{ktab / secs:>9.0f}x  "
              f"{source}")


if __name__ == "__main__":
    main()
