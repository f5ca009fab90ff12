"""Fit the crisis model's signal gains on a crisis corpus, with shrinkage and leave-one-out CV.

What is fitted: five of the gains of ``accord.models.crisis.CrisisFit`` (``FREE``: threat,
force, resolve, deal, breakdown; fight stays at 1: a first fit on the dev corpus left it at
0.95), each scaling one family of judgement-set signal effects; 1 keeps
today's values and a crisis without signals keeps its ICB calibration. The structure of the
model (risk-return core, ally, deadlines, learning, state effects) is untouched.

Loss: mean over crises (each crisis weighs the same, whatever its number of articles) of
the mean over its as-of dates of the binary Brier score on the crisis's question plus half
the 4-class Brier, plus the shrinkage penalty ``PENALTY`` x sum (ln gain / ln 3) ** 2 (a
Gaussian prior on the log-gains centred on today's values: a gain of 3 or 1/3 costs
``PENALTY``). Optimiser: Nelder-Mead on the log-gains (derivative-free; the Monte Carlo
objective uses common random numbers, so it is a deterministic function of the gains).

Speed: everything that does not depend on the gains (extraction, signals, drafted scenario,
the bargaining engines' results) is computed once per (crisis, as-of date) in ``Point``;
an evaluation of the loss is then ``apply_signals`` + ``engine_adjustments`` + a small
``simulate`` (``FIT_RUNS`` draws) per point.

Leave-one-crisis-out: for each crisis k the gains are refitted on the others (starting from
the full fit) and crisis k is scored with them; the jackknife over those refits gives the
gains' standard errors.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from accord.errors import AccordError, InputError
from accord.forecast.corpus import Crisis, as_of_dates, horizon
from accord.models.crisis import (
    OUTCOMES,
    Ally,
    CrisisFit,
    CrisisParams,
    Priors,
    adjust_p_for_ally,
    apply_signals,
    engine_adjustments,
    simulate,
)
from accord.types import Event, Extraction, Result, Scenario

FIT_RUNS = 400          # Monte Carlo draws per point during the fit
SCORE_RUNS = 2000       # draws per point when scoring
PENALTY = 0.01          # shrinkage weight (module doc)
PRIOR_SCALE = math.log(3.0)
FOURCLASS_WEIGHT = 0.5
LOO_STEP = 0.25         # initial simplex step (log-gain) of a leave-one-out refit
_FALLBACK_CINC = 0.0005  # a party without a capability row: a small non-state actor
_COOP = {"CONSULT", "AGREE", "SUPPORT", "COOPERATE", "AID"}
_CONFLICT = {"THREATEN", "ASSAULT", "COERCE", "MOBILIZE", "ACCUSE", "SANCTION", "PROTEST",
             "REJECT"}


@dataclass
class Point:
    """Everything about one (crisis, as-of date) forecast that does not depend on the gains."""

    slug: str
    as_of: dt.date
    horizon: int
    base: CrisisParams
    signals: list
    scenario: Scenario | None
    results: list[Result]
    level: int
    label: str
    roles: tuple[str, str, str | None]
    notes: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)  # signal-hazard layer inputs
    counts: dict[str, float] = field(default_factory=dict)  # event-count baseline inputs
    memo: dict = field(default_factory=dict, repr=False)  # (params, runs, seed) -> probs


def _effects(evs: Sequence[Event], dates: Mapping, core: Sequence[str], ch: str, tg: str,
             al: str | None, day: dt.date, parties: Sequence[str]) -> tuple[list, dict[str, float]]:
    """The crisis parameter moves of the typed signals and the signal-hazard features,
    exactly as ``make_forecast`` reads them: the features over every party of the crisis
    (as ``accord forecast --actors`` with all of them), the moves over the roles."""
    from accord.forecast import signal_hazard as SH
    from accord.models.crisis import signal_effects
    from accord.situation.signals import read_signals

    typed = read_signals(evs, dates, core, day)
    everyone = typed if set(parties) == set(core) else read_signals(evs, dates, parties, day)
    return (signal_effects(typed, ch, tg, al, day),
            SH.values(SH.features(everyone, parties, day, side=[al] if al else ())))


def roles(crisis: Crisis, events: Sequence[Event]) -> tuple[str, str, str | None]:
    """(challenger, target, ally) from the crisis actors and the events known so far.

    The first actor is the challenger (the question's subject). With three or more actors,
    the second is the target unless the events show it aligned with the challenger (joint
    or cooperative acts outnumber conflictual ones) while the third is not; a remaining
    actor is the challenger's ally only when so aligned, else it is left out (e.g. the
    target's patron).
    """
    from accord.situation.escalation import country

    core = list(dict.fromkeys(country(a) for a in crisis.actors))
    ch = core[0]
    if len(core) == 1:  # a government and an armed group of one country (ETH: ETHGOV, ETHREB)
        return ch, ch + "REB", None
    if len(core) < 3:
        return ch, core[1], None

    def align(x: str) -> int:
        n = 0
        for e in events:
            if not _happened(e):
                continue
            src = {country(a.code) for a in e.actor}
            dst = {country(r.code) for r in e.recipient}
            if {ch, x} <= src:
                n += 1
            elif (ch in src and x in dst) or (x in src and ch in dst):
                n += 1 if e.type in _COOP else -1 if e.type in _CONFLICT else 0
        return n

    a1, a2 = core[1], core[2]
    if align(a1) > 0 >= align(a2):
        a1, a2 = a2, a1
    return ch, a1, (a2 if align(a2) > 0 else None)


def _happened(e: Event) -> bool:
    """Only asserted events count as things that happened (older events: not negated etc.)."""
    if hasattr(e, "asserted"):
        return bool(e.asserted)
    return not (e.negated or e.hypothetical or e.historical)


def _cinc(code: str, scen: Scenario | None, notes: list[str]) -> float:
    from accord.forecast.engine import capability_of

    try:
        return capability_of(code, scen)
    except InputError:
        notes.append(f"no capability for {code}: fallback CINC {_FALLBACK_CINC}")
        return _FALLBACK_CINC


def prepare_points(crisis: Crisis, extractions: Sequence[Extraction], seed: int = 0,
                   engines: Sequence[str] | None = None) -> list[Point]:
    """One Point per pre-resolution article date, each from what was known that day only."""
    from accord.forecast.engine import ENGINES, canonical_json, run_engines
    from accord.situation.draft import claims_as_of, draft_scenario
    from accord.situation.escalation import country, escalation, events_as_of

    engines = ENGINES if engines is None else engines
    dates = {x.article.id: x.article.date for x in extractions if x.article.date}
    events = [e for x in extractions for e in x.events]
    claims = [c for x in extractions for c in x.claims]
    priors = Priors.from_base_rates()
    out = []
    for day in as_of_dates(crisis):
        notes: list[str] = []
        evs = sorted(events_as_of(events, dates, day), key=canonical_json)
        cls = sorted(claims_as_of(claims, dates, day), key=canonical_json)
        ch, tg, al = roles(crisis, evs)
        core = [ch, tg] + ([al] if al else [])
        esc = escalation(evs, dates, core, day)
        scen = None
        if len({country(a) for a in core}) > 1:  # a one-country crisis drafts no scenario
            try:
                scen = draft_scenario(evs, cls, dates, core, day)
            except AccordError:
                scen = None
        cap_c, cap_t = _cinc(ch, scen, notes), _cinc(tg, scen, notes)
        p = p_pair = cap_c / (cap_c + cap_t)
        ally = None
        if al is not None:
            ally = Ally(id=al)
            p = adjust_p_for_ally(p_pair, cap_c, cap_t, _cinc(al, scen, notes), ally.support)
        base = priors.params(challenger=ch, target=tg, p=min(max(p, 0.02), 0.98), ally=ally)
        sig, feats = _effects(evs, dates, core, ch, tg, al, day,
                              list(dict.fromkeys(country(a) for a in crisis.actors)))
        results: list[Result] = []
        if scen is not None and engines:
            results, _ = run_engines(scen, seed, engines)
        counts = event_counts(evs, dates, [country(a) for a in crisis.actors], day)
        out.append(Point(crisis.slug, day, horizon(crisis, day), base, list(sig), scen,
                         results, esc.level, esc.label, (ch, tg, al), notes, feats, counts))
    return out


COUNT_WINDOWS = (7, 21, 60)


def event_counts(evs: Sequence[Event], dates: Mapping, parties: Sequence[str],
                 day: dt.date) -> dict[str, float]:
    """Counts of asserted coded events by quad class, dyad (between the parties, or touching
    one of them) and window (``COUNT_WINDOWS`` days before ``day``, by the act's date): the
    inputs of the event-count baseline (``accord.forecast.baselines.count_model``)."""
    from accord.situation.escalation import country

    core = set(parties)
    one = len(core) == 1
    out = {f"q{q}_{d}_{w}": 0.0 for q in (1, 2, 3, 4) for d in ("between", "touching")
           for w in COUNT_WINDOWS}
    for e in evs:
        if e.factuality != "asserted":
            continue
        when = e.date or dates.get(e.evidence.article_id or "")
        if when is None:
            continue
        age = (day - when).days
        src = {country(a.code) for a in e.actor}
        dst = {country(r.code) for r in e.recipient}
        if not core & (src | dst):
            continue
        dyad = "between" if (src & core and dst & core and (one or src != dst)) else "touching"
        for w in COUNT_WINDOWS:
            if 0 <= age <= w:
                out[f"q{e.quad}_{dyad}_{w}"] += 1.0
    return out


def point_params(pt: Point, fit: CrisisFit) -> CrisisParams:
    """The crisis parameters of a point under the gains ``fit``."""
    prm = apply_signals(pt.base, pt.signals, fit)
    if pt.scenario is not None and pt.results:
        prm = engine_adjustments(prm, pt.scenario, pt.results)[0]
    return prm


def point_probs(pt: Point, fit: CrisisFit, runs: int = SCORE_RUNS, seed: int = 0
                ) -> dict[str, float]:
    """Outcome probabilities at the point's horizon (same seed: common random numbers).

    Memoised on the parameters that matter: a gain that does not touch this point (e.g.
    the force gain where no force is in use) costs no simulation."""
    prm = point_params(pt, fit)
    drop = set()
    if prm.force == 0:
        drop |= {"force_continuation"}
    if prm.framework == 0:
        drop |= {"framework_deal_hazard"}
    key = (prm.model_dump_json(exclude=drop), runs, seed)
    hit = pt.memo.get(key)
    if hit is None:
        hit = simulate(prm, np.random.default_rng(seed), (pt.horizon,), runs).at(pt.horizon)
        pt.memo[key] = hit
    return hit


# fitted; "fight" stays at 1
FREE = ("threat", "force", "resolve", "deal", "breakdown", "strike_base", "deal_base")


def _fit_of(z: np.ndarray) -> CrisisFit:
    return CrisisFit(**{k: float(math.exp(v)) for k, v in zip(FREE, z, strict=True)})


def crisis_loss(points: Sequence[Point], crisis: Crisis, fit: CrisisFit, runs: int,
                seed: int = 0) -> float:
    """Mean over the crisis's points of binary Brier + FOURCLASS_WEIGHT x 4-class Brier."""
    y = 1.0 if crisis.y else 0.0
    tot = 0.0
    for pt in points:
        pr = point_probs(pt, fit, runs, seed)
        tot += (pr[crisis.question_class] - y) ** 2
        tot += FOURCLASS_WEIGHT * sum((pr[k] - (k == crisis.outcome_class)) ** 2
                                      for k in OUTCOMES)
    return tot / max(len(points), 1)


def fit_gains(data: Sequence[tuple[Crisis, Sequence[Point]]], start: CrisisFit | None = None,
              runs: int = FIT_RUNS, seed: int = 0, maxiter: int = 60, step: float = 0.5,
              progress: Callable[[int], None] | None = None) -> tuple[CrisisFit, float]:
    """Penalised Brier minimisation over the crises in ``data``; returns (gains, loss)."""
    from scipy.optimize import minimize

    z0 = np.log([getattr(start or CrisisFit(), k) for k in FREE])
    calls = [0]

    def loss(z: np.ndarray) -> float:
        z = np.clip(z, -3.0, 3.0)
        f = _fit_of(z)
        data_loss = float(np.mean([crisis_loss(p, c, f, runs, seed) for c, p in data]))
        calls[0] += 1
        if progress:
            progress(calls[0])
        return data_loss + PENALTY * float(((z / PRIOR_SCALE) ** 2).sum())

    res = minimize(loss, z0, method="Nelder-Mead",
                   options={"maxfev": maxiter, "xatol": 0.02, "fatol": 1e-4,
                            "initial_simplex": _simplex(z0, step)})
    return _fit_of(np.clip(res.x, -3.0, 3.0)), float(res.fun)


def _simplex(z0: np.ndarray, step: float = 0.5) -> np.ndarray:
    return np.vstack([z0] + [z0 + step * np.eye(len(z0))[i] for i in range(len(z0))])


def leave_one_out(data: Sequence[tuple[Crisis, Sequence[Point]]], full: CrisisFit,
                  runs: int = FIT_RUNS, seed: int = 0, maxiter: int = 80,
                  progress: Callable[[str], None] | None = None) -> dict[str, CrisisFit]:
    """For each crisis, the gains refitted without it (started from the full fit)."""
    out = {}
    for k, (c, _) in enumerate(data):
        rest = [d for j, d in enumerate(data) if j != k]
        out[c.slug] = fit_gains(rest, start=full, runs=runs, seed=seed, maxiter=maxiter,
                                step=LOO_STEP)[0]
        if progress:
            progress(c.slug)
    return out


def jackknife_se(loo: Mapping[str, CrisisFit]) -> dict[str, float]:
    """Jackknife standard error of each gain over the leave-one-out refits."""
    n = len(loo)
    out = {}
    for k in FREE:
        v = np.array([getattr(f, k) for f in loo.values()])
        out[k] = float(math.sqrt((n - 1) / n * ((v - v.mean()) ** 2).sum())) if n > 1 else 0.0
    return out
