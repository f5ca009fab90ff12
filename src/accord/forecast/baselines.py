"""Baseline forecasts that the crisis model must beat on a crisis corpus.

* ``flat``: 0.25 on each of deal, talks_continue, collapse, strike.
* ``base_rate``: the ICB v14 prior (``accord/data/base_rates.yaml``) at the horizon: the
  neutral crisis of ``Priors.from_base_rates()`` (no evidence) simulated to that day.
* ``ladder``: a fixed rule on the escalation ladder (``accord.situation.escalation``) as
  of the forecast date: P(strike) = ``LADDER_STRIKE[level]`` (none 2%, talks 3%, demands 5%,
  threats 10%, mobilization 20%, limited strike 35%, war 60%; set by judgement before any
  scoring, never fitted), the rest shared between deal, talks_continue and collapse in the
  base-rate proportions at the same horizon.
* ``other_share``: P(the question's event) = the share of questions resolved yes among the
  *other* crises of the corpus (computed inside each leave-one-crisis-out fold, so it never
  sees the crisis it forecasts); the rest shared like ``ladder``. It knows nothing about the
  crisis but how often such questions came true: a model that cannot beat it has no skill.

The first three are not fitted on the corpus, so their leave-one-crisis-out scores equal
their in-sample scores; ``other_share`` is leave-one-out by construction.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from accord.models.crisis import OUTCOMES, Priors, simulate

LADDER_STRIKE = (0.02, 0.03, 0.05, 0.10, 0.20, 0.35, 0.60)
BASELINES = ("flat", "base_rate", "ladder", "other_share")


def flat() -> dict[str, float]:
    """Uniform over the four outcomes."""
    return {k: 0.25 for k in OUTCOMES}


@lru_cache(maxsize=512)
def base_rate(horizon: int, runs: int = 4000, seed: int = 0) -> dict[str, float]:
    """The neutral ICB-calibrated crisis at ``horizon`` days."""
    prm = Priors.from_base_rates().params()
    return simulate(prm, np.random.default_rng(seed), (horizon,), runs).at(horizon)


def _fixed(outcome: str, p: float, horizon: int, runs: int, seed: int) -> dict[str, float]:
    """P(outcome) = p, the rest in the base-rate proportions at ``horizon``."""
    br = base_rate(horizon, runs, seed)
    rest = {k: br[k] for k in OUTCOMES if k != outcome}
    tot = sum(rest.values()) or 1.0
    out = {k: (1.0 - p) * v / tot for k, v in rest.items()}
    out[outcome] = p
    return {k: out[k] for k in OUTCOMES}


def ladder(level: int, horizon: int, runs: int = 4000, seed: int = 0) -> dict[str, float]:
    """The escalation-ladder rule (module doc)."""
    lv = min(max(int(level), 0), len(LADDER_STRIKE) - 1)
    return _fixed("strike", LADDER_STRIKE[lv], horizon, runs, seed)


def other_share(share: float, question_class: str, horizon: int, runs: int = 4000,
                seed: int = 0) -> dict[str, float]:
    """P(question class) = ``share`` (yes among the other crises), the rest as the base rate."""
    return _fixed(question_class, min(max(float(share), 0.0), 1.0), horizon, runs, seed)


def all_baselines(level: int, horizon: int, seed: int = 0, share: float = 0.5,
                  question_class: str = "strike") -> dict[str, dict[str, float]]:
    """Every baseline's forecast for one (crisis, as-of date); ``share``: yes among the other
    crises of the corpus, ``question_class``: what the crisis's question asks about."""
    return {"flat": flat(), "base_rate": base_rate(horizon, seed=seed),
            "ladder": ladder(level, horizon, seed=seed),
            "other_share": other_share(share, question_class, horizon, seed=seed)}


# ------------------------------------------------------------------ event-count model
COUNT_CS = (0.01, 0.03, 0.1, 0.3, 1.0)


def _count_design(counts: list[dict[str, float]], deal: list[bool]) -> np.ndarray:
    keys = sorted(counts[0]) if counts else []
    x = np.log1p(np.array([[c[k] for k in keys] for c in counts], float)).reshape(len(counts), -1)
    d = np.array(deal, float)[:, None]
    return np.hstack([d, x * (1 - d), x * d])  # separate slopes for strike and deal questions


def count_model_fit(counts: list[dict[str, float]], deal: list[bool], y: list[bool],
                    groups: list[int], c: float | None = None):  # noqa: ANN201
    """The event-count baseline conflict forecasters use: an L2-regularised logistic regression
    on log counts of coded events by quad class, dyad and window (``accord.forecast.fit.
    event_counts``), rows weighted so each crisis weighs the same; ``c`` (inverse penalty)
    chosen by leave-one-crisis-out inside the data when not given."""
    from sklearn.linear_model import LogisticRegression

    x = _count_design(counts, deal)
    yy = np.array(y, int)
    g = np.array(groups)
    _, inv, n = np.unique(g, return_inverse=True, return_counts=True)
    w = 1.0 / n[inv]
    if len(set(yy.tolist())) < 2:
        return ("constant", float(yy.mean()))
    if c is None:
        best = None
        for cc in COUNT_CS:
            errs = []
            for k in np.unique(g):
                tr, te = g != k, g == k
                if len(set(yy[tr].tolist())) < 2:
                    continue
                m = LogisticRegression(C=cc, max_iter=2000).fit(x[tr], yy[tr], sample_weight=w[tr])
                errs.append(float(((m.predict_proba(x[te])[:, 1] - yy[te]) ** 2).mean()))
            v = float(np.mean(errs))
            if best is None or v < best[0] - 1e-9:
                best = (v, cc)
        c = best[1]
    return ("logit", LogisticRegression(C=c, max_iter=2000).fit(x, yy, sample_weight=w))


def count_model_predict(model, counts: list[dict[str, float]], deal: list[bool]) -> np.ndarray:  # noqa: ANN001
    """P(yes) of a fitted event-count model for each row."""
    kind, m = model
    if kind == "constant":
        return np.full(len(counts), m)
    return m.predict_proba(_count_design(counts, deal))[:, 1]
