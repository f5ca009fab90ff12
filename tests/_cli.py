"""Running the accord CLI as a user does (a subprocess on a given store) in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

CLI = [sys.executable, "-m", "accord.cli.main", "--quiet"]


def run(args: list[str], cwd: Path, db: str) -> subprocess.CompletedProcess:
    """`accord --quiet ARGS` in cwd on the store db; output captured as text."""
    env = dict(os.environ, ACCORD_DB=db)
    return subprocess.run(CLI + args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    """The finished process, asserting it exited 0 (stderr in the failure message)."""
    assert proc.returncode == 0, proc.stderr
    return proc
