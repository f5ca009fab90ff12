"""Shared fixtures: the ../shared data sets, the seed article, and store URLs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def skip_unless_ci(reason: str) -> None:
    """Skip a test whose input is missing, or fail under CI, where everything must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


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


def _pg_url() -> str | None:
    url = os.environ.get("ACCORD_TEST_PG")
    if not url and os.environ.get("CI") == "true":
        pytest.fail("ACCORD_TEST_PG must be set under CI (.ci/run sets it)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):  # noqa: ANN001, ANN201
    """A fresh, empty database URL: a SQLite file, or a new PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'accord.db'}"
        return
    base = _pg_url()
    if not base:
        pytest.skip("ACCORD_TEST_PG not set (PostgreSQL store tests run under CI)")
    import uuid

    from sqlalchemy import create_engine, text

    schema = f"t_{uuid.uuid4().hex[:12]}"
    eng = create_engine(base.replace("postgresql://", "postgresql+psycopg://", 1)
                        if base.startswith("postgresql://") else base)
    with eng.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with eng.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    eng.dispose()


@pytest.fixture(autouse=True)
def _judgement_crisis_gains(monkeypatch):  # noqa: ANN001, ANN202
    """Unit tests check the crisis model's structure at today's judgement values: the gains
    fitted on the crisis corpus (accord/data/crisis_fit.json) are pinned to 1 unless a test
    sets ACCORD_CRISIS_FIT itself (tests/test_backtest_crises.py tests the file)."""
    monkeypatch.setenv("ACCORD_CRISIS_FIT", "none")


# ------------------------------------------------------------------ the browser tests
# Playwright's Python package driving Debian's chromium (never a downloaded browser), one
# browser per test module. For the dashboard, a test module defines its own module-scoped
# `server` fixture (its data: the demo store, a crisis, an empty store; a live `accord serve`
# from tests/_serve_live.py), which requests `chromium` first so that a missing browser skips
# before any data is built, and a TIMEOUT (ms) for the first render; `page` is the dashboard
# opened on it.
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """/usr/bin/chromium with playwright importable; else skip (fail under CI)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("playwright is required under CI (pip install -e '.[dev]')")
        pytest.skip("playwright not installed")
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium is required under CI (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def browser(chromium):  # noqa: ANN001, ANN201
    """Debian's chromium under Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium),
                              args=["--no-sandbox", "--disable-gpu"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(server, browser, request):  # noqa: ANN001, ANN201
    """The dashboard of the module's `server`, rendered once. ``page.errors``: uncaught page
    errors and console errors; ``page.page_errors``: the uncaught ones only; ``page.base``:
    the server's URL."""
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page_errors: list[str] = []
    pg.on("pageerror", lambda e: (errors.append(str(e)), page_errors.append(str(e))))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.goto(server + "/")
    pg.wait_for_function("Number(document.body.dataset.renders || 0) >= 1",
                         timeout=getattr(request.module, "TIMEOUT", 60_000))
    pg.errors, pg.page_errors, pg.base = errors, page_errors, server
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where the browser tests put screenshots: $ACCORD_ARTIFACTS or tests/artifacts/."""
    out = Path(os.environ.get("ACCORD_ARTIFACTS") or ROOT / "tests" / "artifacts")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Code with the rules alone: no learned event layer, no recipient ranker."""
    monkeypatch.setenv("ACCORD_EVENT_MODEL", "none")
    monkeypatch.setenv("ACCORD_RECIPIENT_MODEL", "none")
