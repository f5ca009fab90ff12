"""The dashboard in a real browser: Playwright's Python package driving Debian's chromium
(/usr/bin/chromium; no browser download) against a live `accord serve` on the bundled demo
(`accord demo examples/us-iran-2026`); the browser fixtures are tests/conftest.py's. Charts
render and name real events; rejecting an event in the review queue changes the forecast and
the timeline; undo restores them. Screenshots go to $ACCORD_ARTIFACTS or tests/artifacts/."""

from __future__ import annotations

import re

import pytest
from tests._serve_live import EXAMPLE, demo_store, live_server

TOKEN = "browser-token-0123456789"
TIMEOUT = 60_000


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):  # noqa: ANN001, ANN201
    work = tmp_path_factory.mktemp("dashboard")
    db = demo_store(f"sqlite:///{work / 'demo.db'}", work)
    with live_server(db, TOKEN, "--scenario", str(EXAMPLE / "scenario.yaml"),
                     log=work / "serve.log") as url:
        yield url


def _state(page, expr: str):  # noqa: ANN001, ANN202
    return page.evaluate(f"() => {expr}")


def test_charts_render_and_name_real_events(page, artifacts):  # noqa: ANN001
    assert page.errors == []
    status = page.locator("#status").inner_text()
    assert re.match(r"1\d events for ", status), status
    # every chart drew an SVG with marks
    for chart in ("chart-events", "chart-escalation", "chart-outcomes", "chart-history",
                  "chart-network"):
        svg = page.locator(f"#{chart} svg")
        assert svg.count() == 1, chart
        assert page.locator(f"#{chart} svg .mark-symbol path, #{chart} svg .mark-rect path, "
                            f"#{chart} svg .mark-line path, #{chart} svg .mark-rule line"
                            ).count() > 0, chart
    # one mark per dated event on the timeline
    assert page.locator("#chart-events svg .mark-symbol.role-mark path").count() == \
        int(page.locator("#chart-events").get_attribute("data-events")) >= 10
    # the events named are the briefing's: the armada threat and the carrier deployment
    listing = page.locator("#events-list").inner_text()
    assert "THREATEN USAGOV → IRN" in listing and "armada" in listing
    assert "USS Abraham Lincoln" in listing
    assert re.search(r"escalation level \d \(\w+", page.locator("#escalation").inner_text())
    # forecasts by horizon from `accord demo`, with drivers citing evidence
    rows = page.locator("#outcomes-table tr[data-horizon]")
    assert sorted(int(r.get_attribute("data-horizon")) for r in rows.all()) == [7, 30, 90]
    assert "armada" in page.locator("#drivers").inner_text()
    net = page.locator("#chart-network svg").text_content()
    assert "USA" in net and "IRN" in net
    assert "United States" in page.locator("#scenario-table").inner_text()
    # a click on an event opens its source article with the span marked
    page.locator("#events-list li", has_text="armada").locator("a").click()
    page.wait_for_selector("#article mark.focus", timeout=TIMEOUT)
    assert "armada" in page.locator("#article mark.focus").inner_text()
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)


def test_rejecting_an_event_changes_forecast_and_timeline(page, artifacts):  # noqa: ANN001
    page.fill("#f-token", TOKEN)
    page.dispatch_event("#f-token", "change")
    before = _state(page, "window.accordState.latest[30]")
    n_before = _state(page, "window.accordState.events.length")
    # the carrier deployment (read as MOBILIZE before the retrained layer, AID since: see
    # test_the_carrier_deployment_reads_as_mobilize) is in the queue as a high-impact reading
    etype = _state(page, "window.accordState.events.find(e => (e.evidence.sentence || '')"
                         ".includes('USS Abraham Lincoln')).type")
    row = page.locator("#review-table tr", has_text="USS Abraham Lincoln").filter(
        has_text=etype)
    assert row.count() == 1 and "high impact" in row.inner_text()
    renders = int(page.evaluate("document.body.dataset.renders"))
    row.locator("button.reject").click()
    page.wait_for_function(f"Number(document.body.dataset.renders) > {renders} && "
                           "document.getElementById('review-change').textContent.length > 0",
                           timeout=TIMEOUT)
    change = page.locator("#review-change").inner_text()
    assert f"reject {etype}" in change and f"events {n_before} → {n_before - 1}" in change
    after = _state(page, "window.accordState.latest[30]")
    assert after["inputs_hash"] != before["inputs_hash"]
    # a deployment is not one of the signal-hazard layer's inputs: P(strike) and P(deal)
    # stay; the crisis model's split of the rest between talks and collapse moves. Read as
    # AID (a cooperation signal the crisis model does not use), the forecast stays put
    if etype == "MOBILIZE":
        assert after["outcomes"] != before["outcomes"]
    else:
        assert after["outcomes"] == before["outcomes"]
    # the timeline lost the mark and the list the sentence; the row shows the verdict
    assert page.locator("#chart-events svg .mark-symbol.role-mark path").count() == n_before - 1
    assert "USS Abraham Lincoln" not in page.locator("#events-list").inner_text()
    verdict = page.locator("#review-table tr.rejected", has_text="USS Abraham Lincoln")
    assert verdict.count() == 1 and "reject by ACCORD_TOKEN" in verdict.inner_text()
    page.screenshot(path=str(artifacts / "dashboard-after-reject.png"), full_page=True)
    # undo brings the event and the forecast back
    renders = int(page.evaluate("document.body.dataset.renders"))
    verdict.locator("button.undo").click()
    page.wait_for_function(f"Number(document.body.dataset.renders) > {renders}",
                           timeout=TIMEOUT)
    assert _state(page, "window.accordState.events.length") == n_before
    assert _state(page, "window.accordState.latest[30]")["outcomes"] == before["outcomes"]
    assert page.errors == []


def test_the_carrier_deployment_reads_as_mobilize(page):  # noqa: ANN001
    listing = page.locator("#events-list").inner_text()
    line = next(x for x in listing.splitlines() if "USS Abraham Lincoln" in x)
    assert "MOBILIZE" in line
