"""Plots for the report (matplotlib, Agg backend), returned as base64 PNG strings."""

from __future__ import annotations

import base64
import io

from accord.report.cache import matplotlib_to_cache

matplotlib_to_cache()  # before matplotlib is imported: its caches go to accord's cache dir
import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from accord.types import Forecast, Result  # noqa: E402


def _png(fig) -> str:  # noqa: ANN001
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def positions_per_round(res: Result, issue_names: dict[str, str]) -> str | None:
    """One panel per issue: every actor's position by round, and the model's prediction."""
    if not res.positions:
        return None
    pos = np.asarray(res.positions)  # rounds x actors x issues
    d = pos.shape[2]
    fig, axes = plt.subplots(1, d, figsize=(4.2 * d, 3.4), squeeze=False)
    for k in range(d):
        ax = axes[0][k]
        for a in range(pos.shape[1]):
            ax.plot(range(pos.shape[0]), pos[:, a, k], marker="o", ms=3,
                    label=res.actors[a] if res.actors else str(a))
        if res.issues[k].rounds:
            ax.plot(range(len(res.issues[k].rounds)), res.issues[k].rounds, "k--", lw=2,
                    label="prediction")
        ax.set_title(issue_names.get(res.issues[k].issue, res.issues[k].issue), fontsize=10)
        ax.set_xlabel("round")
        ax.set_ylim(-3, 103)
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
