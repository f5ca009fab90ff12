"""Replay dated articles in date order and forecast after each day that brings new articles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

from accord.forecast.engine import make_forecast
from accord.types import OUTCOMES, Claim, Event, Extraction, Forecast, Question


def _group(extractions: Mapping[dt.date, Sequence[Extraction]] | Sequence[Extraction]
           ) -> dict[dt.date, list[Extraction]]:
    if isinstance(extractions, Mapping):
        return {d: list(v) for d, v in extractions.items()}
    out: dict[dt.date, list[Extraction]] = {}
    for x in extractions:
        if x.article.date is None:
            continue  # an undated article cannot be placed in the replay
        out.setdefault(x.article.date, []).append(x)
    return out


def backtest(
    extractions_by_date: Mapping[dt.date, Sequence[Extraction]] | Sequence[Extraction],
    actors: Sequence[str],
    question: Question | None = None,
    seed: int = 0,
    horizon_days: int | None = None,
    runs: int = 2000,
) -> list[Forecast]:
    """One forecast per day with new articles, each using only what was known that day.

    The horizon is ``horizon_days`` if given, else the days left to the question's
    resolution date (at least 1), else 30.
    """
    groups = _group(extractions_by_date)
    events: list[Event] = []
    claims: list[Claim] = []
    dates: dict[str, dt.date] = {}
    out: list[Forecast] = []
    for day in sorted(groups):
        for x in groups[day]:
            dates[x.article.id] = x.article.date or day
            events.extend(x.events)
            claims.extend(x.claims)
        h = horizon_days
        if h is None:
            h = (max((question.resolution_date - day).days, 1)
                 if question is not None and question.resolution_date else 30)
        out.append(make_forecast(events, claims, dates, actors, day, horizon_days=h, seed=seed,
                                 question=question, runs=runs))
    return out


def plot_history(forecasts: Sequence[Forecast], path: str | Path, title: str | None = None
                 ) -> Path:
    """Stacked outcome probabilities over the forecast dates, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if not forecasts:
        raise ValueError("no forecasts to plot")
    path = Path(path)
    fs = sorted(forecasts, key=lambda f: f.as_of)
    x = [f.as_of for f in fs]
    ys = [[f.outcomes.get(k, 0.0) for f in fs] for k in OUTCOMES]
    colors = ["tab:green", "tab:blue", "tab:orange", "tab:red"]
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)
    if len(fs) == 1:
        bottom = 0.0
        for k, y, c in zip(OUTCOMES, ys, colors, strict=True):
            ax.bar([0], [y[0]], bottom=bottom, color=c, label=k)
            bottom += y[0]
        ax.set_xticks([0], [x[0].isoformat()])
    else:
        ax.stackplot(x, *ys, labels=list(OUTCOMES), colors=colors, alpha=0.85)
        fig.autofmt_xdate()
    ax.set_ylim(0, 1)
    ax.set_ylabel("probability")
    ax.set_title(title or f"{fs[-1].question} ({fs[-1].horizon_days}-day horizon)")
    ax.legend(loc="upper left", fontsize=8, ncol=4)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def run_backtest(
    source: str | Path, actors: Sequence[str], *, question: str = "outcome",
    horizon_days: int | None = 30, seed: int = 0, out_dir: Path = Path("reports/backtest"),
    progress=None,  # noqa: ANN001
) -> dict:
    """Read and extract the dated articles under ``source``, replay them, write history + plot.

    Writes ``history.json`` (one forecast per day with news) and ``history.png`` to
    ``out_dir``; returns {"forecasts", "history", "plot", "skipped"}.
    """
    import json

    from accord.ingest.readers import iter_articles
    from accord.nlp.pipeline import extract_articles

    articles, skipped = [], []
    for item in iter_articles([source]):
        if item.article is None:
            skipped.append({"origin": item.origin, "error": item.error})
        elif item.article.date is None:
            skipped.append({"origin": item.origin, "error": "no publication date"})
        else:
            articles.append(item.article)
    extractions = []
    for k, ex in enumerate(extract_articles(articles), 1):
        extractions.append(ex)
        if progress:
            progress(k, len(articles), ex.article.id)
    q = Question(id=question[:64], text=question)
    forecasts = backtest(extractions, actors, question=q, seed=seed, horizon_days=horizon_days)
    out_dir.mkdir(parents=True, exist_ok=True)
    hist = out_dir / "history.json"
    rows = [f.model_dump(mode="json") for f in forecasts]
    hist.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    plot = plot_history(forecasts, out_dir / "history.png") if forecasts else None
    return {"forecasts": rows, "history": str(hist), "plot": str(plot) if plot else None,
            "skipped": skipped}
