"""Scores for multi-outcome forecasts (Brier, log), calibration tables and reliability plots."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import numpy as np

from accord.types import OUTCOMES, Forecast, Question

EPS = 1e-12


def _check(probs: Mapping[str, float], outcome: str) -> None:
    if outcome not in probs:
        raise ValueError(f"outcome {outcome!r} is not among {sorted(probs)}")


def brier(probs: Mapping[str, float], outcome: str) -> float:
    """Multi-category Brier score: sum over outcomes of (p_k - o_k)^2, 0 best, 2 worst."""
    _check(probs, outcome)
    return float(sum((p - (1.0 if k == outcome else 0.0)) ** 2 for k, p in probs.items()))


def log_score(probs: Mapping[str, float], outcome: str, eps: float = EPS) -> float:
    """Logarithmic score as a loss: -ln p(outcome), 0 best (p clipped at ``eps``)."""
    _check(probs, outcome)
    return float(-math.log(max(probs[outcome], eps)))


def mean_scores(pairs: Iterable[tuple[Forecast | Mapping[str, float], str]]) -> dict[str, float]:
    """Mean Brier and log scores over (forecast or probabilities, resolved outcome) pairs."""
    b, lg = [], []
    for f, y in pairs:
        probs = f.outcomes if isinstance(f, Forecast) else f
        b.append(brier(probs, y))
        lg.append(log_score(probs, y))
    if not b:
        raise ValueError("no forecasts to score")
    return {"n": len(b), "brier": float(np.mean(b)), "log": float(np.mean(lg))}


def binary_pairs(pairs: Iterable[tuple[Forecast | Mapping[str, float], str]],
                 outcomes: Sequence[str] = OUTCOMES) -> list[tuple[float, bool]]:
    """Flatten resolved multi-outcome forecasts into (probability, happened) pairs."""
    out = []
    for f, y in pairs:
        probs = f.outcomes if isinstance(f, Forecast) else f
        out.extend((float(probs[k]), k == y) for k in outcomes if k in probs)
    return out


def calibration_table(pairs: Iterable[tuple[float, bool]], bins: int = 10) -> list[dict]:
    """Equal-width probability bins: count, mean forecast and observed frequency per bin.

    ``pairs`` are (probability, happened); use ``binary_pairs`` for multi-outcome forecasts.
    Empty bins are kept (n = 0, mean and frequency None) so tables line up across runs.
    """
    if bins < 1:
        raise ValueError("bins must be positive")
    arr = list(pairs)
    p = np.array([a for a, _ in arr], dtype=float)
    y = np.array([bool(b) for _, b in arr], dtype=float)
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError("probabilities must lie in [0, 1]")
    k = np.minimum((p * bins).astype(int), bins - 1) if p.size else np.array([], dtype=int)
    rows = []
    for b in range(bins):
        m = k == b
        n = int(m.sum())
        rows.append({"bin": b, "low": b / bins, "high": (b + 1) / bins, "n": n,
                     "mean_forecast": float(p[m].mean()) if n else None,
                     "observed": float(y[m].mean()) if n else None})
    return rows


def reliability_plot(table: Sequence[Mapping], path: str | Path, title: str = "Reliability"
                     ) -> Path:
    """Write a reliability diagram (observed frequency against mean forecast) as a PNG."""
    from accord.report.cache import matplotlib_to_cache

    matplotlib_to_cache()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    rows = [r for r in table if r["n"]]
    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect calibration")
    if rows:
        x = [r["mean_forecast"] for r in rows]
        y = [r["observed"] for r in rows]
        s = [20 + 8 * r["n"] ** 0.5 for r in rows]
        ax.plot(x, y, color="tab:blue", lw=1.5)
        ax.scatter(x, y, s=s, color="tab:blue", zorder=3, label="forecasts (size ~ count)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("forecast probability")
    ax.set_ylabel("observed frequency")
    ax.set_title(title)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
    return path


def score_pairs(pairs: Sequence[tuple[Forecast, str]], bins: int = 10) -> dict:
    """Mean Brier and log scores plus the calibration table, JSON-ready."""
    scores = mean_scores(pairs)
    return {**scores, "calibration": calibration_table(binary_pairs(pairs), bins=bins)}


def binary_brier(p: float, happened: bool) -> float:
    """Brier score of a yes/no forecast: (p - y)^2, 0 best, 1 worst."""
    return float((p - (1.0 if happened else 0.0)) ** 2)


def binary_log(p: float, happened: bool, eps: float = 1e-3) -> float:
    """Log loss of a yes/no forecast, p clipped to [eps, 1 - eps]."""
    q = min(max(p, eps), 1.0 - eps)
    return float(-math.log(q if happened else 1.0 - q))


def score_questions(questions: Sequence[Question],
                    forecasts_of: Callable[[str], Sequence[Forecast]], bins: int = 10) -> dict:
    """Scores over resolved questions, each forecast scored on its own question.

    A yes/no question (``kind`` strike or deal) scores each of its forecasts' ``probability``
    (P(kind by the deadline)) against yes/no: binary Brier (0 best, 1 worst), log loss and a
    calibration table. A question without a kind scores the four-way "which comes first"
    vector (multi-category Brier, 0-2). The top-level ``n``/``brier``/``log``/``calibration``
    are the yes/no questions' when any is scored, else the four-way ones (``scored_as`` says
    which); ``four_way`` always holds the latter; ``questions`` is one row per resolved
    question; ``warnings`` names resolved questions no stored forecast carries the id of."""
    binary: list[tuple[float, bool]] = []
    four: list[tuple[Forecast, str]] = []
    rows: list[dict] = []
    warnings: list[str] = []
    for q in questions:
        if not q.resolved:
            continue
        fs = list(forecasts_of(q.id))
        if q.kind is not None:
            pts = [(float(f.probability), q.resolved == "yes") for f in fs
                   if f.probability is not None]
            binary += pts
            row = {"n": len(pts),
                   "brier": float(np.mean([binary_brier(p, y) for p, y in pts])) if pts else None,
                   "log": float(np.mean([binary_log(p, y) for p, y in pts])) if pts else None}
        else:
            pairs = [(f, q.resolved) for f in fs]
            four += pairs
            row = mean_scores(pairs) if pairs else {"n": 0, "brier": None, "log": None}
        rows.append({"id": q.id, "kind": q.kind or "four_way", "resolved": q.resolved, **row})
        if not row["n"]:
            warnings.append(
                f"question {q.id!r} is resolved but no stored forecast carries its id: make one "
                f"with `accord forecast --question {q.id}` or POST /api/forecasts with "
                f"\"question\": \"{q.id}\" before it resolves")
    four_way = ({**mean_scores(four), "calibration": calibration_table(binary_pairs(four), bins)}
                if four else None)
    if binary:
        top = {"n": len(binary),
               "brier": float(np.mean([binary_brier(p, y) for p, y in binary])),
               "log": float(np.mean([binary_log(p, y) for p, y in binary])),
               "calibration": calibration_table(binary, bins), "scored_as": "binary"}
    elif four_way is not None:
        top = {**four_way, "scored_as": "four_way"}
    else:
        top = {"n": 0, "brier": None, "log": None, "calibration": [], "scored_as": None}
        if not rows:
            warnings.append("no question is resolved yet: resolve one with `accord forecast "
                            "resolve ID OUTCOME` or POST /api/questions/ID/resolve")
    return {**top, "four_way": four_way, "questions": rows, "warnings": warnings}
