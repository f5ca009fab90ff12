"""The signal-hazard layer: calibrated P(strike) and P(deal) from three typed signals.

Why it exists. Scored on a crisis corpus with leave-one-crisis-out, the crisis model of
``accord.models.crisis`` carries no skill on the question a crisis is about, even with its
gains fitted (``accord backtest``): its deal hazard falls when force is in use, while on real
crises ceasefires are agreed in the middle of fighting, and its strike hazard barely moves
with a strike the challenger has just suffered. This layer is the statistical correction
that weather forecasters call model output statistics: a few recent evidence summaries,
chosen before fitting from what the conflict literature names as the strongest short-run
predictors, mapped to the probability that the question's event happens by the horizon, and
fitted on real crises with leave-one-crisis-out. The crisis model still supplies the split
of the rest between talks continuing and collapse, and the drivers.

Features (typed signals of ``accord.situation.signals`` only; never text), each in [0, 1]:

* ``force``: force in use touching a core party (an asserted ``force_in_use`` signal whose
  actor or target is one of the core actors, not one inside a single country such as
  militants attacking civilians at home) in the last ``WINDOW`` days, combined as
  1 - prod(1 - weight). Violence under way predicts more of it (retaliation, continuation:
  ICB v14, 61% of crises with any violence went beyond minor clashes). It enters P(strike)
  only: fighting does not make a deal without a text on the table (tried on the dev corpus
  with force in P(deal) too: no better out of sample, and a 50% "deal" in crises where no
  one was talking).
* ``evacuation``: citizens or embassy staff told to leave (the largest weight of an asserted
  ``evacuation`` signal touching a core party); a classic warning indicator of force.
  It enters P(strike) only.
* ``offer``: a ceasefire or deal proposal on the table, or a ceasefire announced
  (``proposal`` / ``ceasefire`` signals touching a core party, any mode), combined as
  1 - prod(1 - weight). It enters P(deal) only.

Model (a Weibull proportional-hazards form, so the probabilities at 7, 30 and 90 days are
consistent): for a question class c in {strike, deal} and horizon H days,

    P(c by H) = 1 - exp(-exp(a + k ln(H / 30) + sum_j b_j x_j)),   j over c's features,

with one intercept ``a`` shared by both classes, one shape ``k`` (fixed at 0.5: the hazard
falls with time, as crisis hazards do; fitted freely it ran to 0 on the dev corpus, which
would make a 7-day and a 90-day forecast the same) and one coefficient per feature. Fit: mean over crises
(each crisis weighs the same) of the binary Brier score on the crisis's question, plus
``penalty`` x sum b_j ** 2; the penalty is chosen by leave-one-crisis-out within the
training crises. Fitted values with provenance: ``accord/data/signal_hazard.json``
(``accord backtest DIR --fit`` writes it; ``$ACCORD_SIGNAL_FIT`` points elsewhere, 'none'
turns the layer off).

Outcome vector. Strike and deal are competing risks with independent latent times and the
same Weibull shape, so with cumulative hazards L_s = -ln(1 - P_s) and L_d = -ln(1 - P_d) at
the horizon, the first outcome is a strike with probability L_s / (L_s + L_d) x (1 -
exp(-(L_s + L_d))) and a deal likewise (exact for a common shape, and never falling as the
horizon grows); the rest, exp(-(L_s + L_d)), is split between talks continuing and collapse
as the crisis model splits it. The marginals P_s and
P_d are kept beside the vector (``Forecast.escalation['question_probabilities']``): a
question "will X strike before D" is answered by P_s, not by P(strike comes first).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from accord.types import Evidence, Signal

WINDOW = 21                 # days: only signals this recent count
FEATURES = ("force", "evacuation", "offer")
CLASS_FEATURES = {"strike": ("force", "evacuation"), "deal": ("offer",)}
QUESTION_CLASSES = tuple(CLASS_FEATURES)
OFFER_KINDS = ("proposal", "ceasefire")
PENALTIES = (0.001, 0.003, 0.01, 0.03, 0.1)
SHAPE = 0.5                 # Weibull shape k, fixed (module doc)
REF_DAYS = 30.0
_EPS = 1e-9


@dataclass
class Feature:
    """One feature's value and the signals behind it."""

    name: str
    value: float = 0.0
    signals: list[Signal] = field(default_factory=list)

    @property
    def evidence(self) -> list[Evidence]:
        from accord.forecast.engine import evidence_list_from  # engine imports this module

        return evidence_list_from(self.signals)


def features(signals: Sequence[Signal], core: Sequence[str], as_of: dt.date,
             window: int = WINDOW) -> dict[str, Feature]:
    """The three features of the typed ``signals`` known on ``as_of`` (module doc)."""
    core_set = set(core)
    out = {k: Feature(k) for k in FEATURES}
    for s in signals:
        age = (as_of - s.date).days
        if age < 0 or age > window:
            continue
        if not (core_set & set(s.actor) or core_set & set(s.target)):
            continue
        if s.kind == "force_in_use" and s.factuality == "asserted" and not _background(s):
            f = out["force"]
            f.value = 1 - (1 - f.value) * (1 - s.weight)
        elif s.kind == "evacuation" and s.factuality == "asserted":
            f = out["evacuation"]
            f.value = max(f.value, s.weight)
        elif s.kind in OFFER_KINDS:
            f = out["offer"]
            f.value = 1 - (1 - f.value) * (1 - s.weight)
        else:
            continue
        f.signals.append(s)
    return out


def _background(s: Signal) -> bool:
    """Force inside one country ("gunmen killed tourists in Kashmir": INDREB -> INDCVL) and a
    standing conflict told as going on since an earlier year are not force newly in use
    between the parties (``accord.situation.signals`` marks both)."""
    from accord.situation.signals import INSIDE_ONE_COUNTRY, STANDING

    return s.detail in (INSIDE_ONE_COUNTRY, STANDING)


def values(feats: Mapping[str, Feature | float]) -> dict[str, float]:
    return {k: float(getattr(v, "value", v)) for k, v in feats.items()}


# ----------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class HazardFit:
    """Fitted numbers of the layer: intercept, shape, one coefficient per feature."""

    intercept: float
    shape: float
    coef: Mapping[str, float]
    penalty: float = 0.0

    def theta(self) -> np.ndarray:
        return np.array([self.intercept, self.shape, *[self.coef[k] for k in FEATURES]])

    @classmethod
    def from_theta(cls, th: Sequence[float], penalty: float = 0.0) -> HazardFit:
        return cls(float(th[0]), float(th[1]),
                   {k: float(v) for k, v in zip(FEATURES, th[2:], strict=True)}, penalty)

    def as_dict(self) -> dict:
        return {"intercept": self.intercept, "shape": self.shape, "coef": dict(self.coef),
                "penalty": self.penalty}

    def probability(self, question_class: str, x: Mapping[str, float], horizon: int) -> float:
        """P(the class's event happens within ``horizon`` days)."""
        z = self.intercept + self.shape * math.log(max(horizon, 1) / REF_DAYS)
        z += sum(self.coef[k] * float(x.get(k, 0.0)) for k in CLASS_FEATURES[question_class])
        return float(1.0 - math.exp(-math.exp(min(z, 30.0))))


def outcome_vector(structural: Mapping[str, float], p_strike: float, p_deal: float
                   ) -> dict[str, float]:
    """Four outcome probabilities from the marginals and the structural split (module doc)."""
    hs = -math.log(max(1.0 - p_strike, _EPS))  # cumulative hazards at the horizon
    hd = -math.log(max(1.0 - p_deal, _EPS))
    either = 1.0 - math.exp(-(hs + hd))
    s = either * hs / (hs + hd) if hs + hd > _EPS else 0.0
    d = either * hd / (hs + hd) if hs + hd > _EPS else 0.0
    rest = max(0.0, 1.0 - s - d)
    tc, co = float(structural.get("talks_continue", 0.0)), float(structural.get("collapse", 0.0))
    share = tc / (tc + co) if tc + co > _EPS else 1.0
    out = {"deal": d, "talks_continue": rest * share, "collapse": rest * (1 - share),
           "strike": s}
    tot = sum(out.values())
    out = {k: round(v / tot, 6) for k, v in out.items()}
    big = max(out, key=out.__getitem__)  # rounding residue to the largest: sums to 1 exactly
    out[big] = 1.0 - sum(v for k, v in out.items() if k != big)
    return out


def apply(fit: HazardFit, structural: Mapping[int, Mapping[str, float]],
          x: Mapping[str, float]) -> tuple[dict[int, dict[str, float]], dict[int, dict]]:
    """Calibrated outcome vectors and marginals at every horizon of ``structural``."""
    vec, marg = {}, {}
    for h, probs in structural.items():
        ps = fit.probability("strike", x, h)
        pd_ = fit.probability("deal", x, h)
        vec[h] = outcome_vector(probs, ps, pd_)
        marg[h] = {"strike": ps, "deal": pd_}
    return vec, marg


# ------------------------------------------------------------------------------ the file
def fit_path() -> str | None:
    """$ACCORD_SIGNAL_FIT ('none': layer off), else the bundled ``data/signal_hazard.json``."""
    env = os.environ.get("ACCORD_SIGNAL_FIT")
    if env is not None:
        return None if env.lower() in ("", "none") else env
    return str(resources.files("accord").joinpath("data/signal_hazard.json"))


@lru_cache(maxsize=4)
def _load(path: str | None) -> HazardFit | None:
    if path is None or not Path(path).exists():
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    f = data["fit"]
    return HazardFit(float(f["intercept"]), float(f["shape"]),
                     {k: float(f["coef"][k]) for k in FEATURES}, float(f.get("penalty", 0)))


def current_fit() -> HazardFit | None:
    """The fitted layer in use, or None when it is turned off or no fit file exists."""
    return _load(fit_path())


# ---------------------------------------------------------------------------- the fitting
@dataclass
class HazardData:
    """Forecast points as arrays: features (n x 3), question class, horizon, yes/no, crisis."""

    x: np.ndarray
    deal: np.ndarray      # 1 where the question is about a deal, 0 for a strike
    horizon: np.ndarray
    y: np.ndarray
    crisis: np.ndarray

    @classmethod
    def build(cls, rows: Sequence[tuple[str, bool, Sequence[tuple[Mapping[str, float], int]]]]
              ) -> HazardData:
        """``rows``: (question class, resolved yes, [(features, horizon), ...]) per crisis."""
        x, dl, hz, y, cr = [], [], [], [], []
        for i, (qc, yes, pts) in enumerate(rows):
            for feats, h in pts:
                x.append([float(feats.get(k, 0.0)) for k in FEATURES])
                dl.append(1.0 if qc == "deal" else 0.0)
                hz.append(float(h))
                y.append(1.0 if yes else 0.0)
                cr.append(i)
        return cls(np.array(x, float).reshape(-1, len(FEATURES)), np.array(dl), np.array(hz),
                   np.array(y), np.array(cr, int))

    def subset(self, mask: np.ndarray) -> HazardData:
        return HazardData(self.x[mask], self.deal[mask], self.horizon[mask], self.y[mask],
                          self.crisis[mask])

    def mask_features(self) -> np.ndarray:
        """1 where a feature counts for the row's question class (``CLASS_FEATURES``)."""
        m = np.zeros_like(self.x)
        for j, k in enumerate(FEATURES):
            m[:, j] = np.where(self.deal > 0, float(k in CLASS_FEATURES["deal"]),
                               float(k in CLASS_FEATURES["strike"]))
        return m


def probabilities(d: HazardData, th: np.ndarray) -> np.ndarray:
    """P(question event by the horizon) for every row of ``d`` under ``th``."""
    z = th[0] + th[1] * np.log(np.maximum(d.horizon, 1.0) / REF_DAYS)
    z = z + (d.x * d.mask_features()) @ th[2:]
    return 1.0 - np.exp(-np.exp(np.minimum(z, 30.0)))


def _weights(d: HazardData) -> np.ndarray:
    ids, counts = np.unique(d.crisis, return_counts=True)
    per = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    w = np.array([1.0 / per[c] for c in d.crisis.tolist()])
    return w / w.sum()


def fit(d: HazardData, penalty: float) -> HazardFit:
    """Penalised Brier fit of the layer on the points ``d``."""
    from scipy.optimize import minimize

    w = _weights(d)

    def loss(th: np.ndarray) -> float:
        p = probabilities(d, th)
        return float((w * (p - d.y) ** 2).sum() + penalty * (th[2:] ** 2).sum())

    th0 = np.array([0.0, SHAPE, *([0.0] * len(FEATURES))])
    bounds = [(-8.0, 8.0), (SHAPE, SHAPE)] + [(-10.0, 10.0)] * len(FEATURES)
    res = minimize(loss, th0, method="L-BFGS-B", bounds=bounds)
    return HazardFit.from_theta(res.x, penalty)


def crisis_briers(d: HazardData, f: HazardFit) -> np.ndarray:
    """Each crisis's mean binary Brier under ``f`` (crisis order of ``np.unique``)."""
    b = (probabilities(d, f.theta()) - d.y) ** 2
    return np.array([b[d.crisis == i].mean() for i in np.unique(d.crisis)])


def choose_penalty(d: HazardData, grid: Sequence[float] = PENALTIES) -> float:
    """The penalty with the best leave-one-crisis-out Brier within ``d`` (ties: stronger)."""
    ids = np.unique(d.crisis)
    if len(ids) < 3:
        return float(max(grid))
    best: tuple[float, float] | None = None
    for lam in sorted(grid, reverse=True):
        per = [float(crisis_briers(d.subset(d.crisis == i),
                                   fit(d.subset(d.crisis != i), lam))[0]) for i in ids]
        v = float(np.mean(per))
        if best is None or v < best[0] - 1e-9:
            best = (v, lam)
    return float(best[1])


def fit_with_penalty(d: HazardData) -> HazardFit:
    """The penalty chosen by leave-one-crisis-out within ``d``, then the fit on all of ``d``."""
    return fit(d, choose_penalty(d))


def leave_one_out(d: HazardData) -> dict[int, HazardFit]:
    """For each crisis, the layer fitted without it (its penalty chosen without it too)."""
    return {int(i): fit_with_penalty(d.subset(d.crisis != i)) for i in np.unique(d.crisis)}


def jackknife_se(fits: Sequence[HazardFit]) -> dict[str, float]:
    """Jackknife standard errors of the numbers from leave-one-out refits."""
    th = np.array([f.theta() for f in fits])
    n = len(th)
    if n < 2:
        return {}
    se = np.sqrt((n - 1) / n * ((th - th.mean(axis=0)) ** 2).sum(axis=0))
    names = ("intercept", "shape", *FEATURES)
    return {k: float(v) for k, v in zip(names, se, strict=True)}
