"""Load on `accord serve`: 50 concurrent clients x 20 mixed requests each over loopback, on the
bundled demo stored in SQLite and (with --pg URL or $ACCORD_TEST_PG) PostgreSQL.

Reports errors (non-2xx or transport failures), p50 and p99 latency and throughput per
backend. The mix is mostly reads (events, situation, timeline, network, articles, review
queue, forecast history) with some token-authenticated writes (questions, review verdicts).

    .venv/bin/python benchmarks/bench_serve.py [--clients 50] [--requests 20] [--pg URL] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "us-iran-2026"
TOKEN = "bench-token-0123456789"
ACTORS = "USA,IRN,ISR"
MIX = [  # (weight, name)
    (25, "events"), (12, "situation"), (10, "timeline"), (8, "network"), (8, "articles"),
    (5, "article"), (10, "review"), (7, "forecasts"), (5, "health"), (5, "question"),
    (5, "verdict"),
]


def _accord(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "accord.cli.main", *args], check=True,
                   capture_output=True, timeout=900)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: str, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord.cli.main", "--db", db, "-q", "serve", "--port", str(port)],
        env={**os.environ, "ACCORD_TOKEN": TOKEN}, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(450):
        try:
            if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start (log {log})")


def _request(kind: str, ids: dict, rng: random.Random) -> tuple[str, str, dict]:
    auth = {"headers": {"Authorization": f"Bearer {TOKEN}"}}
    if kind == "events":
        return "GET", "/api/events", {"params": {"actors": rng.choice(["USA", "IRN", ACTORS]),
                                                 "limit": 50}}
    if kind == "situation":
        return "GET", "/api/situation", {"params": {"actors": ACTORS}}
    if kind == "timeline":
        return "GET", "/api/timeline", {"params": {"actors": ACTORS, "from": "2026-01-15"}}
    if kind == "network":
        return "GET", "/api/network", {}
    if kind == "articles":
        return "GET", "/api/articles", {}
    if kind == "article":
        return "GET", f"/api/articles/{ids['article']}", {}
    if kind == "review":
        return "GET", "/api/review", {}
    if kind == "forecasts":
        return "GET", "/api/forecasts", {}
    if kind == "health":
        return "GET", "/api/health", {}
    if kind == "question":
        return "POST", "/api/questions", {"json": {"id": "bench-" + uuid.uuid4().hex[:12],
                                                   "text": "Will the talks resume?"}, **auth}
    return "POST", f"/api/events/{rng.choice(ids['events'])}/review", {
        "json": {"action": "accept", "note": "bench"}, **auth}


async def _client(url: str, n: int, ids: dict, seed: int, out: list) -> None:
    rng = random.Random(seed)
    kinds = [k for w, k in MIX for _ in range(w)]
    async with httpx.AsyncClient(base_url=url, timeout=120) as http:
        for _ in range(n):
            kind = rng.choice(kinds)
            method, path, kw = _request(kind, ids, rng)
            t = time.perf_counter()
            try:
                r = await http.request(method, path, **kw)
                ok = 200 <= r.status_code < 300
            except httpx.HTTPError:
                ok = False
            out.append((time.perf_counter() - t, ok, kind))


async def _load(url: str, clients: int, requests: int) -> dict:
    async with httpx.AsyncClient(base_url=url) as http:
        ids = {"article": (await http.get("/api/articles")).json()["articles"][0]["id"],
               "events": [e["id"] for e in (await http.get("/api/events")).json()["events"]]}
        await http.get("/api/situation", params={"actors": ACTORS})  # warm caches and imports
    out: list = []
    t0 = time.perf_counter()
    await asyncio.gather(*[_client(url, requests, ids, k, out) for k in range(clients)])
    wall = time.perf_counter() - t0
    lat = sorted(x[0] for x in out)

    def q(p: float) -> float:
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1)

    by_kind = {}
    for kind in sorted({x[2] for x in out}):
        ks = sorted(x[0] for x in out if x[2] == kind)
        by_kind[kind] = {"n": len(ks), "p50_ms": round(1000 * ks[len(ks) // 2], 1),
                         "p99_ms": round(1000 * ks[min(len(ks) - 1, int(0.99 * len(ks)))], 1)}
    return {"requests": len(out), "errors": sum(1 for x in out if not x[1]),
            "p50_ms": q(0.50), "p99_ms": q(0.99), "max_ms": round(1000 * lat[-1], 1),
            "wall_s": round(wall, 2), "per_s": round(len(out) / wall, 1), "by_route": by_kind}


def _pg_schema(base: str) -> tuple[str, callable]:
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    eng = create_engine(base)
    with eng.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))

    def drop() -> None:
        with eng.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        eng.dispose()

    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def run(backend: str, db: str, work: Path, clients: int, requests: int) -> dict:
    _accord("--db", db, "-q", "demo", str(EXAMPLE), "--runs", "100", "--out",
            str(work / f"{backend}.html"))
    proc, url = _serve(db, work / f"{backend}.log")
    try:
        res = asyncio.run(_load(url, clients, requests))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {"backend": backend, "clients": clients, "requests_per_client": requests, **res}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=20)
    ap.add_argument("--pg", default=os.environ.get("ACCORD_TEST_PG"),
                    help="PostgreSQL URL (default $ACCORD_TEST_PG; none: SQLite only)")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        work = Path(tmp)
        rows.append(run("sqlite", f"sqlite:///{work / 'bench.db'}", work, a.clients, a.requests))
        if a.pg:
            url, drop = _pg_schema(a.pg)
            try:
                rows.append(run("postgresql", url, work, a.clients, a.requests))
            finally:
                drop()
    if a.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'backend':<11} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'max ms':>8} {'req/s':>7}")
    for r in rows:
        print(f"{r['backend']:<11} {r['requests']:>8} {r['errors']:>6} {r['p50_ms']:>8} "
              f"{r['p99_ms']:>8} {r['max_ms']:>8} {r['per_s']:>7}")
    for r in rows:
        print(f"{r['backend']} by route (p50 / p99 ms): " + ", ".join(
            f"{k} {v['p50_ms']:.0f}/{v['p99_ms']:.0f}" for k, v in r["by_route"].items()))


if __name__ == "__main__":
    main()
