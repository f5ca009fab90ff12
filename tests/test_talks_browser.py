"""The dashboard's talks panel in a real browser (Playwright driving Debian's chromium, as
tests/test_dashboard_browser.py does, with tests/conftest.py's fixtures) against a live
`accord serve` on an empty store with the bundled scenario: playing the talks shows
P(agreement by the deadline), the agreed terms, the concession paths and the deal-breakers
with the scenario's evidence, the same figures as `accord talks`."""

from __future__ import annotations

import datetime as dt

import pytest
from tests._serve_live import EXAMPLE, live_server

from accord.io.scenario_yaml import load_scenario
from accord.models.talks import TalksConfig, run_talks

TOKEN = "talks-browser-token-0123456789"
TIMEOUT = 120_000


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):  # noqa: ANN001, ANN201
    """An empty store served with the bundled scenario."""
    work = tmp_path_factory.mktemp("talks-browser")
    db = f"sqlite:///{work / 'talks.db'}"
    with live_server(db, TOKEN, "--scenario", str(EXAMPLE / "scenario.yaml"),
                     log=work / "serve.log") as url:
        yield url


def test_talks_panel_plays_the_talks(page, artifacts) -> None:  # noqa: ANN001
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
    assert page.page_errors == []
    page.locator("#sec-talks").screenshot(path=str(artifacts / "talks_panel.png"))
