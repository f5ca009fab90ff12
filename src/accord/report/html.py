"""The HTML report: situation, evidence, scenario, model runs and forecasts in one page.

Every quoted sentence links to the article it comes from (title, outlet or host, date, URL),
so the page can be forwarded and checked without accord.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from accord import __version__
from accord.report import plots
from accord.types import Article, Extraction, Forecast, Result, Scenario

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def clip(text: str | None, limit: int = 300) -> str:
    """``text`` cut to at most ``limit`` characters on a word boundary, with an ellipsis when
    cut (never mid-word)."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit + 1].rsplit(" ", 1)[0] if " " in text[:limit + 1] else text[:limit]
    return cut.rstrip(" ,;:-\u2013\u2014") + "\u2026"


def _day(d: dt.date, year: bool = True, month: bool = True) -> str:
    out = str(d.day)
    if month:
        out += f" {_MONTHS[d.month - 1]}"
    return out + (f" {d.year}" if year else "")


def date_span(first: dt.date | None, last: dt.date | None) -> str:
    """'1-13 April 2024', '28 March - 13 April 2024', '9 December 2021 - 24 February 2022'."""
    if first is None or last is None:
        return _day(last or first) if (last or first) else "undated"
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}\u2013{_day(last)}"
    if first.year == last.year:
        return f"{_day(first, year=False)} \u2013 {_day(last)}"
    return f"{_day(first)} \u2013 {_day(last)}"


def report_title(names: Sequence[str], first: dt.date | None, last: dt.date | None) -> str:
    """'Iran, Israel and United States, 1-13 April 2024': the parties and the evidence's span."""
    names = list(names)
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{who}, {date_span(first, last)}"


def outlet(a: Article) -> str:
    """Who published the article: its stored source, else the URL's host, else ''."""
    if a.source:
        return a.source
    host = urlsplit(a.url).hostname if a.url else None
    return (host or "").removeprefix("www.")


def citation(a: Article) -> dict:
    """How the report cites an article: link target (the URL, or the article's section of the
    page when no URL is stored), title, outlet, date."""
    url = a.url if a.url and a.url.startswith(("http://", "https://")) else None
    return {"id": a.id, "href": url or f"#art-{a.id}", "url": url,
            "title": a.title or "", "outlet": outlet(a) or (a.path or a.id),
            "date": a.date.isoformat() if a.date else "undated"}


def _dyad(e) -> str:  # noqa: ANN001
    a = next((r.code[:3] for r in e.actor if r.code), None)
    t = next((r.code[:3] for r in e.recipient if r.code), None)
    return f"{a or '(none)'} \u2192 {t or '(none)'}"


def event_rows(extractions: list[Extraction]) -> list[tuple]:
    """(date, dyad, quad, asserted) per event for the events-over-time plot: the act's date,
    the article's when the text gives none; acts dated over 30 days before the first article
    (history the text recalls) are left out."""
    days = [x.article.date for x in extractions if x.article.date]
    start = min(days) - dt.timedelta(days=30) if days else None
    out = []
    for x in extractions:
        for e in x.events:
            d = e.date or x.article.date
            if d is not None and (start is None or d >= start):
                out.append((d, _dyad(e), e.quad, e.asserted))
    return out


def render_report(
    *, title: str, as_of: dt.date, extractions: list[Extraction], situation: dict | None,
    scenario: Scenario | None, results: list[Result], forecasts: list[Forecast],
    drafted: Scenario | None = None, notes: list[str] | None = None,
    articles: dict[str, Article] | None = None, history: list[tuple] | None = None,
    stored: list[Forecast] | None = None, history_horizon: int = 30,
) -> str:
    """Render the report to an HTML string (plots embedded as PNG).

    ``articles``: every article an evidence span may cite, by id; ``history``: (as_of,
    forecast) for each article date, from evidence dated on or before it; ``stored``: the
    forecasts of the same question kept in the store."""
    env = Environment(loader=PackageLoader("accord.report", "templates"),
                      autoescape=select_autoescape(["html", "j2"]))
    env.filters["clip"] = clip
    arts = dict(articles or {})
    for x in extractions:
        arts.setdefault(x.article.id, x.article)
    cites = {i: citation(a) for i, a in arts.items()}
    issue_names = {i.id: i.name or i.id for i in scenario.issues} if scenario else {}
    moving = [r for r in results if plots.rounds_move(r)]
    round_plots = [(r.model, plots.positions_per_round(r, issue_names)) for r in moving]
    still = [r.model for r in results if r.positions and len(r.positions) > 1
             and not plots.rounds_move(r)]
    rows = event_rows(extractions)
    history = history or []
    stored_pts = [(f.as_of, f.question_probabilities) for f in stored or []]
    return env.get_template("report.html.j2").render(
        title=title, as_of=as_of, version=__version__, generated=dt.date.today(),
        extractions=extractions, situation=situation, scenario=scenario, drafted=drafted,
        results=results, forecasts=forecasts, notes=notes or [], cites=cites,
        round_plots=[(m, p) for m, p in round_plots if p], still_models=still,
        dist_plot=plots.outcome_distribution(results, issue_names)
        if plots.spread(results) else None,
        forecast_plot=plots.forecast_bars(forecasts),
        events_plot=plots.events_over_time(rows), n_plotted=len(rows),
        n_events=sum(len(x.events) for x in extractions),
        question_plot=plots.question_by_date(
            [(d, f.question_probabilities) for d, f in history], stored_pts, history_horizon),
        history=history, stored=stored or [], history_horizon=history_horizon,
        issue_names=issue_names,
    )


def write_report(path: Path, **kwargs: object) -> Path:
    """Render the report and write it to ``path`` (parent folders made)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_report(**kwargs), encoding="utf-8")
    return path
