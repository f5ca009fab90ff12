"""The dashboard's talks panel in a real browser (Playwright driving Debian's chromium, as
tests/test_dashboard_browser.py does) against a live `accord serve` with the bundled
scenario: playing the talks shows P(agreement by the deadline), the agreed terms, the
concession paths and the deal-breakers with the scenario's evidence, the same figures as
`accord talks`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from tests._serve_live import EXAMPLE, ROOT, live_server

from accord.io.scenario_yaml import load_scenario
from accord.models.talks import TalksConfig, run_talks

CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "talks-browser-token-0123456789"
TIMEOUT = 120_000


def _need_browser() -> None:
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


def test_talks_panel_plays_the_talks(tmp_path: Path) -> None:
    _need_browser()
    from playwright.sync_api import sync_playwright

    db = f"sqlite:///{tmp_path / 'talks.db'}"
    with live_server(db, TOKEN, "--scenario", str(EXAMPLE / "scenario.yaml"),
                     log=tmp_path / "serve.log") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM),
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "/")
        page.wait_for_function("Number(document.body.dataset.renders || 0) >= 1",
                               timeout=TIMEOUT)
        # before a run the panel says what to do; the mediator list holds the scenario's actors
        page.wait_for_function("document.querySelectorAll('#talks-mediator option').length > 1",
                               timeout=TIMEOUT)
        assert "Play the talks" in page.locator("#talks-summary").inner_text()
        assert page.locator("#talks-mediator").input_value() == "OMN"
        # without a token the panel asks for one instead of failing
        page.click("#run-talks")
        assert "needs a token" in page.locator("#talks-summary").inner_text()
        page.fill("#f-token", TOKEN)
        page.dispatch_event("#f-token", "change")
        page.fill("#talks-deadline", "2026-03-07")
        page.fill("#talks-runs", "300")
        page.click("#run-talks")
        page.wait_for_function("document.getElementById('sec-talks').dataset.rendered === '1'",
                               timeout=TIMEOUT)
        shown = float(page.locator(".talks-p").get_attribute("data-p"))
        cfg = TalksConfig(protocol="mediator", mediator="OMN", deadline=dt.date(2026, 3, 7),
                          runs=300, seed=1)
        res = run_talks(load_scenario(EXAMPLE / "scenario.yaml"), cfg)
        assert shown == res.p_agreement
        assert "by 2026-03-07" in page.locator("#talks-summary").inner_text()
        for chart in ("chart-talks-terms", "chart-talks-paths"):
            assert page.locator(f"#{chart} svg").count() == 1, chart
            assert page.locator(f"#{chart} svg .mark-line path, #{chart} svg .mark-rule line, "
                                f"#{chart} svg .mark-symbol path").count() > 0, chart
        # deal-breakers in the model's order, each with the scenario's evidence
        rows = page.locator("#talks-breakers tr[data-issue]")
        assert [r.get_attribute("data-issue") for r in rows.all()] == [
            b.issue for b in res.deal_breakers]
        first = rows.first.inner_text()
        assert res.deal_breakers[0].evidence[0][:40] in first
        assert "USA" in page.locator("#talks-concessions").inner_text()
        assert errors == []
        out = Path(os.environ.get("ACCORD_ARTIFACTS") or ROOT / "tests" / "artifacts")
        out.mkdir(parents=True, exist_ok=True)
        page.locator("#sec-talks").screenshot(path=str(out / "talks_panel.png"))
        browser.close()
