"""A live `accord serve` in a subprocess on a free loopback port (for schemathesis, the
browser tests and the load benchmark), and the bundled demo stored by `accord demo`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "us-iran-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accord(*args: str, env: dict | None = None, cwd: Path | None = None) -> str:
    """Run the accord CLI; fail with its stderr when it exits non-zero."""
    res = subprocess.run([sys.executable, "-m", "accord.cli.main", *args], capture_output=True,
                         text=True, env={**os.environ, **(env or {})}, cwd=cwd, timeout=600)
    if res.returncode != 0:
        raise AssertionError(f"accord {' '.join(args)} exited {res.returncode}: {res.stderr}")
    return res.stdout


def demo_store(db_url: str, workdir: Path) -> str:
    """The bundled example stored as `make demo` stores it (`accord demo`)."""
    accord("--db", db_url, "-q", "demo", str(EXAMPLE), "--runs", "200", "--out",
           str(workdir / "demo.html"), cwd=workdir)
    return db_url


@contextmanager
def live_server(db_url: str, token: str, *args: str, log: Path | None = None) -> Iterator[str]:
    """Start `accord serve` on a free port; yield its base URL; stop it."""
    port = free_port()
    env = {**os.environ, "ACCORD_TOKEN": token}
    out = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord.cli.main", "--db", db_url, "-q", "serve", "--host",
         "127.0.0.1", "--port", str(port), *args], env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"accord serve exited {proc.returncode} (log: {log})")
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("accord serve did not answer /api/health within 90 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log:
            out.close()
