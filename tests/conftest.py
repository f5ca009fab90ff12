"""Shared fixtures: the ../shared data sets, the seed article, and store URLs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _need(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is required under CI but is missing")
    pytest.skip(f"{path} not present (shared data lives beside the repository)")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or skip (fail under CI) when absent."""
    return _need(SHARED / "data")


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """../shared/seed/article.txt, or skip (fail under CI) when absent."""
    return _need(SHARED / "seed" / "article.txt")


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return ROOT / "examples" / "us-iran-2026"
