"""The HTML report: situation, evidence, scenario, model runs and forecasts in one page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from accord import __version__
from accord.report import plots
from accord.types import Extraction, Forecast, Result, Scenario


def render_report(
    *, title: str, as_of: dt.date, extractions: list[Extraction], situation: dict | None,
    scenario: Scenario | None, results: list[Result], forecasts: list[Forecast],
    drafted: Scenario | None = None, notes: list[str] | None = None,
) -> str:
    """Render the report to an HTML string (plots embedded as PNG)."""
    env = Environment(loader=PackageLoader("accord.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    issue_names = {i.id: i.name or i.id for i in scenario.issues} if scenario else {}
    round_plots = [(r.model, plots.positions_per_round(r, issue_names)) for r in results
                   if r.positions and len(r.positions) > 1]
    return env.get_template("report.html.j2").render(
        title=title, as_of=as_of, version=__version__, generated=dt.date.today(),
        extractions=extractions, situation=situation, scenario=scenario, drafted=drafted,
        results=results, forecasts=forecasts, notes=notes or [],
        round_plots=[(m, p) for m, p in round_plots if p],
        dist_plot=plots.outcome_distribution(results, issue_names),
        forecast_plot=plots.forecast_bars(forecasts),
        issue_names=issue_names,
    )


def write_report(path: Path, **kwargs: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(**kwargs), encoding="utf-8")
    return path
