"""Plots for the report (matplotlib, Agg backend), returned as base64 PNG strings."""

from __future__ import annotations

import base64
import datetime as dt
import io

import matplotlib
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator, PercentFormatter

from accord.types import Forecast, Result

# no display: render to PNG (matplotlib's caches already point at accord's cache directory,
# see accord.report's package docstring)
matplotlib.use("Agg")


def _png(fig) -> str:  # noqa: ANN001
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def positions_per_round(res: Result, issue_names: dict[str, str]) -> str | None:
    """One panel per issue on which some position moves: every actor's position by round, and
    the model's prediction (issues where nothing moves are left out: flat lines say nothing)."""
    if not res.positions:
        return None
    pos = np.asarray(res.positions, dtype=float)  # rounds x actors x issues
    moved = [k for k in range(pos.shape[2]) if _moves(pos[:, :, k])]
    if not moved:
        return None
    d = len(moved)
    fig, axes = plt.subplots(1, d, figsize=(4.2 * max(d, 1.5), 3.4), squeeze=False)
    for j, k in enumerate(moved):
        ax = axes[0][j]
        for a in range(pos.shape[1]):
            ax.plot(range(pos.shape[0]), pos[:, a, k], marker="o", ms=3,
                    label=res.actors[a] if res.actors else str(a))
        if res.issues[k].rounds:
            ax.plot(range(len(res.issues[k].rounds)), res.issues[k].rounds, "k--", lw=2,
                    label="prediction")
        ax.set_title(issue_names.get(res.issues[k].issue, res.issues[k].issue), fontsize=10)
        ax.set_xlabel("round")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        lo, hi = np.nanmin(pos[:, :, k]), np.nanmax(pos[:, :, k])
        ax.set_ylim(max(-3.0, lo - 8), min(103.0, hi + 8))  # zoomed on the movement
    axes[0][0].set_ylabel("position")
    axes[0][-1].legend(fontsize=7, loc="best")
    fig.suptitle(f"{res.model}: positions per round", fontsize=11, y=1.03)
    return _png(fig)


def outcome_distribution(results: list[Result], issue_names: dict[str, str]) -> str | None:
    """Monte Carlo outcome distribution per issue: a box (q25-q75, median) and whiskers
    (q05-q95) for each model."""
    results = [r for r in results if r.issues and "q50" in r.issues[0].quantiles]
    if not results:
        return None
    issues = [i.issue for i in results[0].issues]
    fig, axes = plt.subplots(1, len(issues), figsize=(4.2 * len(issues), 3.2), squeeze=False)
    for k, issue in enumerate(issues):
        ax = axes[0][k]
        stats = []
        for r in results:
            q = r.issues[k].quantiles
            stats.append({"label": r.model, "med": q["q50"], "q1": q["q25"], "q3": q["q75"],
                          "whislo": q["q05"], "whishi": q["q95"], "mean": q.get("mean", q["q50"]),
                          "fliers": []})
        ax.bxp(stats, showmeans=True, orientation="horizontal")
        ax.set_xlim(-3, 103)
        ax.set_title(issue_names.get(issue, issue), fontsize=10)
        ax.set_xlabel("predicted outcome")
    fig.suptitle(f"Outcome distribution over {results[0].runs} Monte Carlo runs", fontsize=11, y=1.04)
    return _png(fig)


def forecast_bars(forecasts: list[Forecast]) -> str | None:
    """Stacked outcome probabilities, one bar per horizon."""
    if not forecasts:
        return None
    keys = list(forecasts[0].outcomes)
    colors = {"deal": "#228833", "talks_continue": "#ccbb44", "collapse": "#ee6677",
              "strike": "#aa3377"}
    fig, ax = plt.subplots(figsize=(6, 3.2))
    left = np.zeros(len(forecasts))
    labels = [f"{f.horizon_days} days" for f in forecasts]
    for k in keys:
        vals = np.array([f.outcomes[k] for f in forecasts])
        ax.barh(labels, vals, left=left, color=colors.get(k), label=k)
        left += vals
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability")
    ax.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    ax.set_title(f"Outcome probabilities as of {forecasts[0].as_of}", fontsize=11)
    return _png(fig)


QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
              4: "material conflict"}
QUAD_COLOURS = {1: "#74c476", 2: "#238b45", 3: "#fd8d3c", 4: "#cb181d"}


def events_over_time(rows: list[tuple], max_dyads: int = 10) -> str | None:
    """Events by day: counts stacked by PLOVER quad class (top), and one lane per directed
    dyad with a mark per event in its quad colour (bottom; hollow: not reported as done).

    ``rows``: (date, dyad label, quad, asserted) per event."""
    rows = [r for r in rows if r[0] is not None]
    if not rows:
        return None
    days = sorted({r[0] for r in rows})
    counts: dict[str, int] = {}
    for r in rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    lanes = [d for d, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:max_dyads]
    if len(counts) > max_dyads:
        lanes.append("other dyads")
    lane_of = {d: (d if d in lanes else "other dyads") for d in counts}
    fig, (top, low) = plt.subplots(2, 1, figsize=(10, 2.4 + 0.32 * len(lanes)), sharex=True,
                                   gridspec_kw={"height_ratios": [2, max(2, 0.5 * len(lanes))]})
    bottom = np.zeros(len(days))
    idx = {d: k for k, d in enumerate(days)}
    for q in (1, 2, 3, 4):
        vals = np.zeros(len(days))
        for r in rows:
            if r[2] == q:
                vals[idx[r[0]]] += 1
        if vals.any():
            top.bar(days, vals, bottom=bottom, color=QUAD_COLOURS[q], label=QUAD_NAMES[q],
                    width=0.8)
        bottom += vals
    top.set_ylabel("events")
    top.yaxis.get_major_locator().set_params(integer=True)
    top.legend(fontsize=8, ncol=4, loc="upper left", frameon=False)
    top.set_ylim(0, max(bottom.max(), 1) * 1.35)
    y_of = {d: k for k, d in enumerate(reversed(lanes))}
    for x, lane, q, asserted in lane_marks(rows, lane_of):
        low.scatter([x], [y_of[lane]], s=34, marker="o", linewidths=1.4,
                    facecolors=QUAD_COLOURS[q] if asserted else "none",
                    edgecolors=QUAD_COLOURS[q])
    low.set_yticks(range(len(lanes)), list(reversed(lanes)), fontsize=8)
    low.set_ylim(-0.7, len(lanes) - 0.3)
    low.set_xlabel("date of the act (the article's date when the text gives none)")
    low.grid(axis="y", color="#eee")
    low.set_axisbelow(True)  # grid lines behind the marks
    loc = mdates.AutoDateLocator(minticks=3, maxticks=10)
    low.xaxis.set_major_locator(loc)
    low.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    return _png(fig)


def lane_marks(rows: list[tuple], lane_of: dict[str, str]) -> list[tuple]:
    """(x, lane, quad, asserted) per event: marks of one day and lane side by side, centred on
    the day's bar (its midnight), in quad order."""
    days = sorted({r[0] for r in rows})
    per_cell: dict[tuple, list] = {}
    for r in sorted(rows, key=lambda r: (r[2], not r[3])):
        per_cell.setdefault((r[0], lane_of[r[1]]), []).append(r)
    step = max((days[-1] - days[0]).days, 3) / 45  # days between marks of one day and lane
    out = []
    for (day, lane), cell in per_cell.items():
        for n, r in enumerate(cell):
            # a datetime, not a date: a date plus a fraction of a day drops the fraction
            x = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                days=step * (n - (len(cell) - 1) / 2))
            out.append((x, lane, r[2], r[3]))
    return out


def question_by_date(series: list[tuple], stored: list[tuple] | None = None,
                     horizon: int = 30) -> str | None:
    """The question's probabilities as of each article date: P(strike) and P(deal) by the
    horizon, each from the evidence dated on or before that day; stored forecasts of the
    same question as marks. ``series`` and ``stored``: (date, {"strike": p, "deal": p})."""
    series = [s for s in series if s[1]]
    if not series:
        return None
    fig, ax = plt.subplots(figsize=(8, 3.2))
    colours = {"strike": "#aa3377", "deal": "#228833"}
    days = [s[0] for s in series]
    for k in ("strike", "deal"):
        vals = [s[1].get(k) for s in series]
        if any(v is not None for v in vals):
            ax.plot(days, vals, marker="o", ms=4, color=colours[k],
                    label=f"P({k} within {horizon} days)")
    for day, probs in stored or []:
        if "strike" in probs:
            ax.scatter([day], [probs["strike"]], marker="x", s=60, color="#444", zorder=5)
    if any("strike" in p for _, p in stored or []):
        ax.scatter([], [], marker="x", color="#444", label="stored forecasts: P(strike)")
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel("probability")
    ax.set_xlabel("as of (evidence dated on or before that day)")
    ax.legend(fontsize=8, loc="best")
    ax.grid(color="#eee")
    fig.autofmt_xdate()
    return _png(fig)


def _moves(pos: np.ndarray, tol: float = 0.5) -> bool:
    """True when some position in ``pos`` (rounds x ...) leaves its first value by > ``tol``."""
    diff = np.abs(pos - pos[0])
    return bool(np.isfinite(diff).any() and np.nanmax(diff) > tol)


def rounds_move(res: Result) -> bool:
    """True when some actor's position changes over the rounds (a plot of positions per round
    is then more than flat lines)."""
    if not res.positions or len(res.positions) < 2:
        return False
    return _moves(np.asarray(res.positions, dtype=float))


def spread(results: list[Result], tol: float = 1.0) -> bool:
    """True when some model's Monte Carlo runs disagree (5-95% range wider than ``tol``)."""
    return any(i.quantiles.get("q95", i.prediction) - i.quantiles.get("q05", i.prediction) > tol
               for r in results for i in r.issues)
