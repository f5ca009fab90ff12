"""The signal-hazard layer: calibrated P(strike) and P(deal) from graded, typed signals.

Why it exists. Scored on a crisis corpus with leave-one-crisis-out, the crisis model of
``accord.models.crisis`` carries no skill on the question a crisis is about. This layer is
the statistical correction weather forecasters call model output statistics: a few evidence
summaries chosen from what the conflict literature names as short-run predictors, mapped to
the probability that the question's event happens by the horizon and fitted on real crises.
The crisis model still supplies the split of the rest between talks continuing and collapse.

Features (typed signals of ``accord.situation.signals`` only; never text). Every signal
counts by degree, not as a switch: its corroborated weight, times a decay with a half-life
of ``HALF_LIFE`` days by the date of the act (not of the article), times 1 + 0.5 per further
independent article reporting it (at most two), summed and mapped to [0, 1) as
1 - exp(-sum). Signals older than ``WINDOW`` days are dropped. ``core[0]`` is the question's
subject (the party whose act the question asks about).

* ``force``: asserted force touching a core party, not inside a single country (unless the
  crisis is inside one country: a government and an armed group) and not a standing
  conflict told as going on for years.
* ``retaliation``: force by the other core parties on the subject's side (the subject and
  its ally), beyond the force that side has used on them (reciprocity: an unanswered blow
  predicts a reply). Computed and shown, not used since the sixth stop of December 2026:
  with that stop's coder it fitted -0.05 on the 36 crises (+0.98 with the coder at the
  start of the stop) and leaving it out took leave-one-out Brier from 0.221 to 0.215 and
  the time split from 0.230 to 0.226 (a choice made on those same crises).
* ``own_force``: a blow the subject's side has already struck on the other core parties in
  the window. A strike question asked after the subject has struck is about a further
  strike, and in the corpus the side that struck last mostly stopped there (six "no"
  crises against two "yes" of the 24 strike questions); its fitted sign is negative. Added
  in December 2026: leave-one-crisis-out Brier 0.219 -> 0.204 (the feature was one of
  about twenty tried on the same 36 crises, so that figure carries the choice). A blow is
  force on one day; each further day of the subject's force in the window takes a third
  off (``BLOW_DAYS``), so that force on four or more days, a campaign under way rather than
  a blow delivered, does not lower the answer. Every subject's force in the corpus falls
  on one day, so that taper is judgement, not fit. During a war read as "any force"
  (``accord.forecast.engine.question_reading``) the subject's fighting is the question's
  event, and the engine sets the feature to 0.
* ``force_between``: force between the core parties, either way (a war under way is where
  ceasefires are agreed; it enters P(deal)), counted only when talks, an offer or proposal,
  or mediation touching the parties are reported in the window: fighting nobody is talking
  about ending is no sign of a deal.
* ``talk_rounds``: rounds of talks already held without a deal. Days on which talks held
  (asserted, touching a core party, the act in the window) were reported, beyond the first
  ``OPENING_ROUNDS``, as 1 - exp(-(n - 2) / ``ROUNDS_SCALE``). Report days, not act days:
  with acts dated to the story's day (``accord.nlp.act_time.narrative_dates``) talks told in
  several articles collapse onto few act days, and the feature counted by act days fell
  from 0.201 to 0.217 leave-one-out; by report days 0.212 (counting articles instead gives
  the same on this corpus, but grows with how many articles a user ingests a day). It
  enters P(deal) and fits negative: negotiations
  that have met again and again without agreeing are less likely to agree soon (negative
  duration dependence; the GERD talks, Hanoi 2019, Gaza in summer 2024 and Istanbul 2022
  against the Pretoria, Jeddah and Singapore deals). The opening two days count for
  nothing, so a deal question with no talks reported keeps a prior near the corpus's share
  of deals. Added in the seventh stop of December 2026 (leave-one-crisis-out Brier 0.215 ->
  0.201, time split 0.223 -> 0.220; 9 variants of the opening and scale were tried on
  the same 36 crises and all scored 0.200-0.204, so the gain carries that choice).
* ``evacuation``: citizens or embassy staff told to leave (the largest weight).
* ``talks``: talks held touching a core party. ``offer``: a ceasefire or deal proposal, or
  a ceasefire announced. ``threat``: threats and ultimatums by the subject. These three
  are computed and shown, not used (``CLASS_FEATURES`` says which features enter which
  class): offers and threats made the leave-one-crisis-out score worse; talks helped a
  little (0.232 against 0.242 at a fixed penalty) but only with a negative sign (long talks
  without fighting ended without a deal in this corpus) and a deal prior of 0.74 with no
  evidence at all, which no analyst would defend; ``talk_rounds`` keeps that sign without
  that prior (re-measured in the seventh stop: threats by the subject on the strike side
  0.203 / time split 0.215, talks 0.207, offers 0.203 / 0.229, retaliation 0.208 / 0.230,
  none better than without them, 0.201 / 0.220).
* Tried in the tenth stop (8 Dec 2026) on the 36 crises with that stop's coder, each added
  alone to the layer (leave-one-crisis-out / time split; without them 0.207 / 0.216), and
  computed and shown, not used: ``restraint`` (the subject saying it does not intend force,
  "does not seek a war": negated force, deployments and threats, a signal of its own in
  ``accord.situation.signals``) fits -0.67, 0.211 / 0.214 (the Houthi strikes came after
  such words); ``deployment`` by the subject fits -0.90, 0.206 / 0.225; ``ultimatum`` (a
  threat with a deadline by the subject) never moves the fit, 0.207 / 0.216; for deals,
  ``agreement`` (agreements or frameworks between the parties) 0.200 / 0.210 but with a
  negative sign that lifts the deal prior with no evidence to 0.74, as talks did;
  ``refusal`` (talks refused or called off) 0.211 / 0.217; ``mediation`` 0.218 / 0.228.
  ``retaliation`` re-measured: +0.85, 0.207 / 0.212, within noise of leaving it out.
* A ceasefire asserted after the last force between the parties ends "force in use": the
  three force features read 0 ("ceasefire holding", ``Feature.note``) until force is
  reported again after it.

Model (a Weibull proportional-hazards form, so the probabilities at 7, 30 and 90 days are
consistent): for a question class c in {strike, deal} and horizon H days,

    P(c by H) = 1 - exp(-exp(a + a_deal [c = deal] + k ln(H / 30) + sum_j b_j x_j)),

j over c's features. ``k`` is fixed at ``SHAPE`` (0.1): the corpus cannot identify it. Its
long horizons are its early forecasts (the deadline is far when a crisis starts and the
evidence is thin) and its articles for a "yes" crisis run up to the event, so fitted freely
k runs to 0 and every k > 0 costs leave-one-out Brier, linearly (36 crises: 0.211 at k = 0,
0.216 at 0.1, 0.225 at 0.25, the value used until December 2026). 0.1 keeps a 7-day
forecast below a 90-day one (by a quarter on the log-hazard scale); it was chosen with
those leave-one-out figures in view, so they carry that choice.
Fit: mean over crises (each crisis weighs the same) of the binary Brier score on the
crisis's question, plus ``penalty`` x sum b_j ** 2, which shrinks toward the class base
rate when evidence is thin; the penalty is chosen by cross-validation within the
training crises (6 folds of whole crises). Probabilities are kept inside ``BOUNDS`` (0.05,
0.90): the out-of-sample reliability table of the 36-crisis corpus has no bin that supports
more extreme values.
Fitted values with provenance: ``accord/data/signal_hazard.json`` (``accord backtest DIR
... --fit`` writes it; ``$ACCORD_SIGNAL_FIT`` points elsewhere, 'none' turns the layer off).

Outcome vector. Strike and deal are competing risks with independent latent times and the
same Weibull shape, so with cumulative hazards L_s = -ln(1 - P_s) and L_d = -ln(1 - P_d) at
the horizon, the first outcome is a strike with probability L_s / (L_s + L_d) x (1 -
exp(-(L_s + L_d))) and a deal likewise; the rest, exp(-(L_s + L_d)), is split between talks
continuing and collapse as the crisis model splits it. The marginals P_s and P_d are kept
beside the vector (``Forecast.question_probabilities``): a question "will X strike before
D" is answered by P_s, not by P(strike comes first).
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

WINDOW = 90                 # days: older signals do not count
HALF_LIFE = 21.0            # days, by the act's date
FEATURES = ("force", "retaliation", "force_between", "evacuation", "talks", "offer", "threat",
            "own_force", "talk_rounds", "restraint", "deployment", "ultimatum", "agreement",
            "refusal", "mediation")
CLASS_FEATURES = {"strike": ("force", "evacuation", "own_force"),
                  "deal": ("force_between", "talk_rounds")}
QUESTION_CLASSES = tuple(CLASS_FEATURES)
OFFER_KINDS = ("proposal", "ceasefire")
PENALTIES = (0.001, 0.003, 0.01, 0.03, 0.1)
INNER_FOLDS = 6             # crisis-grouped folds inside a fit, to choose the penalty
SHAPE = 0.1                 # Weibull shape k, fixed (module doc)
REF_DAYS = 30.0
BLOW_DAYS = 3               # own_force: each day of the subject's force past the first takes 1/3
OPENING_ROUNDS = 2          # talk_rounds: days of talks that count as the opening of talks
ROUNDS_SCALE = 3.0          # talk_rounds = 1 - exp(-(days of talks - OPENING_ROUNDS) / this)
BOUNDS = (0.05, 0.90)
_EPS = 1e-9
_FORCE = ("force", "retaliation", "force_between", "own_force")


@dataclass
class Feature:
    """One feature's value, the signals behind it and a note on how it was read."""

    name: str
    value: float = 0.0
    signals: list[Signal] = field(default_factory=list)
    note: str = ""

    @property
    def evidence(self) -> list[Evidence]:
        from accord.forecast.engine import evidence_list_from  # engine imports this module

        return evidence_list_from(self.signals)


def decay(age_days: int | float) -> float:
    """Weight of a signal ``age_days`` old by its act date (half-life ``HALF_LIFE``)."""
    return 0.5 ** (max(float(age_days), 0.0) / HALF_LIFE)


def _strength(s: Signal, as_of: dt.date) -> float:
    """Weight x recency x corroboration of one signal (module doc)."""
    return s.weight * decay((as_of - s.date).days) * (1.0 + 0.5 * min(max(s.sources - 1, 0), 2))


def features(signals: Sequence[Signal], core: Sequence[str], as_of: dt.date,
             window: int = WINDOW, side: Sequence[str] = ()) -> dict[str, Feature]:
    """The graded features of the typed ``signals`` known on ``as_of`` (module doc);
    ``core[0]`` is the question's subject, ``side`` the core parties on its side (its ally)."""
    core_list = list(dict.fromkeys(core))
    core_set = set(core_list)
    ours = ({core_list[0]} if core_list else set()) | (set(side) & core_set)
    others = core_set - ours
    one_country = len(core_set) == 1
    sums = dict.fromkeys(FEATURES, 0.0)
    out = {k: Feature(k) for k in FEATURES}
    by_subject = on_subject = diplomacy = 0.0
    blow_days: set[dt.date] = set()
    talk_days: set[dt.date] = set()
    last_force: dt.date | None = None
    last_cease: dt.date | None = None
    cease_sigs: list[Signal] = []
    for s in signals:
        age = (as_of - s.date).days
        if age < 0 or age > window:
            continue
        src, dst = set(s.actor), set(s.target)
        if not core_set & (src | dst):
            continue
        w = _strength(s, as_of)
        if s.kind == "force_in_use" and s.factuality == "asserted" \
                and not _background(s, one_country):
            sums["force"] += w
            out["force"].signals.append(s)
            between = bool(src & core_set and dst & core_set) and (one_country or src != dst)
            if between or one_country:
                sums["force_between"] += w
                out["force_between"].signals.append(s)
                last_force = max(last_force or s.date, s.date)
            if src & ours and dst & others:
                by_subject += w
                blow_days.add(s.date)
                out["own_force"].signals.append(s)
            elif src & others and dst & ours and not src & ours:
                on_subject += w
                out["retaliation"].signals.append(s)
        elif s.kind == "evacuation" and s.factuality == "asserted":
            sums["evacuation"] = max(sums["evacuation"], s.weight * decay(age))
            out["evacuation"].signals.append(s)
        elif s.kind == "ceasefire" and s.factuality == "asserted":
            last_cease = max(last_cease or s.date, s.date)
            cease_sigs.append(s)
            sums["offer"] += w
            out["offer"].signals.append(s)
        elif s.kind == "proposal":
            sums["offer"] += w
            out["offer"].signals.append(s)
        elif s.kind == "talks_held":
            sums["talks"] += w
            out["talks"].signals.append(s)
            if s.factuality == "asserted":  # the days the talks were reported on
                talk_days.update(s.reported or [s.date])
                out["talk_rounds"].signals.append(s)
        elif s.kind == "mediation":
            diplomacy += w
            sums["mediation"] += w
            out["mediation"].signals.append(s)
        elif s.kind == "deployment" and s.factuality == "asserted" and src & ours:
            sums["deployment"] += w
            out["deployment"].signals.append(s)
        elif s.kind in ("agreement", "framework") and s.factuality == "asserted" \
                and src & core_set and (dst & core_set or not dst):
            sums["agreement"] += w
            out["agreement"].signals.append(s)
        elif s.kind in ("talks_refused", "talks_cancelled") and src & core_set:
            sums["refusal"] += w
            out["refusal"].signals.append(s)
        elif s.kind == "restraint" and src & ours:
            sums["restraint"] += w
            out["restraint"].signals.append(s)
        elif s.kind in ("threat", "ultimatum") and src & ours:
            sums["threat"] += w
            out["threat"].signals.append(s)
            if s.kind == "ultimatum":
                sums["ultimatum"] += w
                out["ultimatum"].signals.append(s)
    sums["retaliation"] = max(0.0, on_subject - by_subject)
    taper = max(0.0, 1.0 - (len(blow_days) - 1) / BLOW_DAYS) if blow_days else 0.0
    sums["own_force"] = by_subject * taper  # its signals stay: a war's fighting rate reads them
    if not sums["retaliation"]:
        out["retaliation"].signals = []
    sums["talk_rounds"] = max(len(talk_days) - OPENING_ROUNDS, 0) / ROUNDS_SCALE
    if not sums["talk_rounds"]:
        out["talk_rounds"].signals = []
    for k in FEATURES:
        out[k].value = sums[k] if k == "evacuation" else 1.0 - math.exp(-sums[k])
    if out["force_between"].value > 0 and not (sums["talks"] or sums["offer"] or diplomacy):
        # a war is where ceasefires are agreed only when someone is talking: fighting with
        # no talks, offer, proposal or mediation in the window is no sign of a deal
        out["force_between"].value = 0.0
        out["force_between"].note = "no talks, offers or mediation in the window"
    if last_cease is not None and (last_force is None or last_cease >= last_force):
        for k in _FORCE:  # a ceasefire after the last force: "ceasefire holding"
            if out[k].value > 0:
                out[k].value = 0.0
                out[k].note = f"ceasefire holding since {last_cease.isoformat()}"
                out[k].signals = list(cease_sigs)
    return out


PERSIST_DAYS = 30           # fighting under way: the subject's strike days counted over this


def fighting_persists(own: Feature, as_of: dt.date, horizon: int,
                      bounds: tuple[float, float] = BOUNDS) -> tuple[float, int]:
    """During a war read as "any force", the fighting under way is the question's event: with
    the subject's force on ``n`` distinct days of the last ``PERSIST_DAYS``, strike days come
    at a rate of n / ``PERSIST_DAYS`` a day, and P(at least one by the horizon) =
    1 - exp(-rate x horizon), inside ``bounds``. Returns (that probability, n); (0, 0) when
    the subject's force is not in that span. Judgement, not fit: the corpus has no question
    asked during a war that counts the fighting itself."""
    days = {s.date for s in own.signals if 0 <= (as_of - s.date).days <= PERSIST_DAYS}
    if not days:
        return 0.0, 0
    p = 1.0 - math.exp(-len(days) / PERSIST_DAYS * max(horizon, 1))
    return float(min(max(p, bounds[0]), bounds[1])), len(days)


def _background(s: Signal, one_country: bool = False) -> bool:
    """Force inside one country ("gunmen killed tourists in Kashmir": INDREB -> INDCVL) and a
    standing conflict told as going on since an earlier year are not force newly in use
    between the parties (``accord.situation.signals`` marks both); inside a one-country
    crisis (a government and an armed group) force inside the country is the crisis."""
    from accord.situation.signals import INSIDE_ONE_COUNTRY, STANDING

    return s.detail == STANDING or (s.detail == INSIDE_ONE_COUNTRY and not one_country)


def values(feats: Mapping[str, Feature | float]) -> dict[str, float]:
    return {k: float(getattr(v, "value", v)) for k, v in feats.items()}


# ----------------------------------------------------------------------------- the model
@dataclass(frozen=True)
class HazardFit:
    """Fitted numbers of the layer: intercept, deal offset, shape, one coefficient per feature
    (0 for a feature its class does not use), and the bounds of its probabilities."""

    intercept: float
    shape: float
    coef: Mapping[str, float]
    penalty: float = 0.0
    deal_offset: float = 0.0
    bounds: tuple[float, float] = BOUNDS

    def theta(self) -> np.ndarray:
        return np.array([self.intercept, self.deal_offset, self.shape,
                         *[self.coef.get(k, 0.0) for k in FEATURES]])

    @classmethod
    def from_theta(cls, th: Sequence[float], penalty: float = 0.0) -> HazardFit:
        return cls(float(th[0]), float(th[2]),
                   {k: float(v) for k, v in zip(FEATURES, th[3:], strict=True)}, penalty,
                   float(th[1]))

    def as_dict(self) -> dict:
        return {"intercept": self.intercept, "deal_offset": self.deal_offset,
                "shape": self.shape, "coef": dict(self.coef), "penalty": self.penalty,
                "bounds": list(self.bounds)}

    def probability(self, question_class: str, x: Mapping[str, float], horizon: int) -> float:
        """P(the class's event happens within ``horizon`` days), inside ``bounds``."""
        z = self.intercept + self.shape * math.log(max(horizon, 1) / REF_DAYS)
        z += self.deal_offset if question_class == "deal" else 0.0
        z += sum(self.coef.get(k, 0.0) * float(x.get(k, 0.0))
                 for k in CLASS_FEATURES[question_class])
        p = 1.0 - math.exp(-math.exp(min(z, 30.0)))
        return float(min(max(p, self.bounds[0]), self.bounds[1]))

    def prior(self, question_class: str, horizon: int) -> float:
        """The same probability with no evidence: the class's base rate at ``horizon``."""
        return self.probability(question_class, {}, horizon)


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


def _hazard_fit(f: Mapping) -> HazardFit:
    return HazardFit(float(f["intercept"]), float(f["shape"]),
                     {k: float(f["coef"].get(k, 0.0)) for k in FEATURES},
                     float(f.get("penalty", 0)), float(f.get("deal_offset", 0.0)),
                     tuple(f.get("bounds", BOUNDS)))


@lru_cache(maxsize=4)
def _load(path: str | None) -> tuple[HazardFit | None, tuple[HazardFit, ...]]:
    """The fit file read once: the fit, and the leave-one-crisis-out refits stored with it
    (for the interval); (None, ()) when the layer is off or the file is missing."""
    if path is None or not Path(path).exists():
        return None, ()
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return (_hazard_fit(data["fit"]),
            tuple(_hazard_fit(f) for f in (data.get("folds") or {}).values()))


def interval(x: Mapping[str, float], horizon: int, z: float = 1.96
             ) -> dict[str, list[float]]:
    """An approximate 95% interval of P(strike) and P(deal) by the horizon from the spread of
    the leave-one-crisis-out refits (jackknife standard error), kept inside the layer's bounds
    like the probabilities themselves; empty without stored folds."""
    fit, folds = _load(fit_path())
    if fit is None or len(folds) < 3:
        return {}
    n = len(folds)
    out = {}
    for c in QUESTION_CLASSES:
        ps = np.array([f.probability(c, x, horizon) for f in folds])
        se = math.sqrt((n - 1) / n * float(((ps - ps.mean()) ** 2).sum()))
        p = fit.probability(c, x, horizon)
        lo, hi = fit.bounds
        out[c] = [round(max(p - z * se, lo), 4), round(min(p + z * se, hi), 4)]
    return out


def current_fit() -> HazardFit | None:
    """The fitted layer in use, or None when it is turned off or no fit file exists."""
    return _load(fit_path())[0]


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


def probabilities(d: HazardData, th: np.ndarray, bounds: tuple[float, float] = BOUNDS
                  ) -> np.ndarray:
    """P(question event by the horizon) for every row of ``d`` under ``th``."""
    z = th[0] + th[1] * d.deal + th[2] * np.log(np.maximum(d.horizon, 1.0) / REF_DAYS)
    z = z + (d.x * d.mask_features()) @ th[3:]
    return np.clip(1.0 - np.exp(-np.exp(np.minimum(z, 30.0))), *bounds)


def _weights(d: HazardData) -> np.ndarray:
    ids, counts = np.unique(d.crisis, return_counts=True)
    per = dict(zip(ids.tolist(), counts.tolist(), strict=True))
    w = np.array([1.0 / per[c] for c in d.crisis.tolist()])
    return w / w.sum()


def fit(d: HazardData, penalty: float) -> HazardFit:
    """Penalised Brier fit of the layer on the points ``d`` (unused features stay 0)."""
    from scipy.optimize import minimize

    w = _weights(d)
    used = d.mask_features().any(axis=0)
    has_deal = bool(d.deal.any()) and not bool(d.deal.all())

    design = np.column_stack([np.ones_like(d.y), d.deal,
                              np.log(np.maximum(d.horizon, 1.0) / REF_DAYS),
                              d.x * d.mask_features()])
    reg = np.r_[0.0, 0.0, 0.0, np.ones(len(FEATURES))] * penalty

    def loss(th: np.ndarray) -> tuple[float, np.ndarray]:
        ez = np.exp(np.minimum(design @ th, 30.0))
        p = 1.0 - np.exp(-ez)
        r = w * (p - d.y)
        grad = design.T @ (2.0 * r * ez * (1.0 - p)) + 2.0 * reg * th
        return float((r * (p - d.y)).sum() + (reg * th ** 2).sum()), grad

    th0 = np.array([0.0, 0.0, SHAPE, *([0.0] * len(FEATURES))])
    bounds = [(-8.0, 8.0), (-4.0, 4.0) if has_deal else (0.0, 0.0), (SHAPE, SHAPE)] + [
        (-10.0, 10.0) if u else (0.0, 0.0) for u in used]
    res = minimize(loss, th0, jac=True, method="L-BFGS-B", bounds=bounds)
    return HazardFit.from_theta(res.x, penalty)


def crisis_briers(d: HazardData, f: HazardFit) -> np.ndarray:
    """Each crisis's mean binary Brier under ``f`` (crisis order of ``np.unique``)."""
    b = (probabilities(d, f.theta(), f.bounds) - d.y) ** 2
    return np.array([b[d.crisis == i].mean() for i in np.unique(d.crisis)])


def choose_penalty(d: HazardData, grid: Sequence[float] = PENALTIES,
                   folds: int = INNER_FOLDS) -> float:
    """The penalty with the best crisis-grouped cross-validated Brier within ``d`` (``folds``
    folds of whole crises, assigned in crisis order; ties: the stronger penalty)."""
    ids = np.unique(d.crisis)
    if len(ids) < 3:
        return float(max(grid))
    k = min(folds, len(ids))
    fold_of = {int(c): i % k for i, c in enumerate(ids)}
    fold = np.array([fold_of[int(c)] for c in d.crisis])
    best: tuple[float, float] | None = None
    for lam in sorted(grid, reverse=True):
        per: list[float] = []
        for f in range(k):
            test = d.subset(fold == f)
            per.extend(crisis_briers(test, fit(d.subset(fold != f), lam)).tolist())
        v = float(np.mean(per))
        if best is None or v < best[0] - 1e-9:
            best = (v, lam)
    return float(best[1])


def fit_with_penalty(d: HazardData) -> HazardFit:
    """The penalty chosen by crisis-grouped cross-validation within ``d``, then the fit on all of ``d``."""
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
    names = ("intercept", "deal_offset", "shape", *FEATURES)
    return {k: float(v) for k, v in zip(names, se, strict=True)}
