"""Crisis bargaining under the risk-return trade-off (Fearon 1995; Powell 1999).

Core (one round). A challenger A and a target B divide a good of size 1; x is A's share.
Fighting gives A the lottery p (A wins) at cost c_A and B the rest at cost c_B, so A's war
payoff is p - c_A and B's is 1 - p - c_B. Every x in the bargaining range
[p - c_A, p + c_B] leaves both at least as well off as war (``bargaining_range``).

* Complete information: A demands x = p + c_B (all of the surplus) and B accepts: no war,
  and the settlement is the top of the range (``complete_information_demand``).
* One-sided uncertainty, c_B ~ U[lo, hi] known only to B. A demands x = p + t; B accepts iff
  1 - x >= 1 - p - c_B, i.e. c_B >= t, so P(war | t) = F(t) = (t - lo) / (hi - lo). A's
  expected utility is U(t) = (p + t)(1 - F(t)) + (p - c_A) F(t) = p + t (1 - F) - c_A F.
  dU/dt = (1 - F) - (t + c_A) / (hi - lo) = (hi - t - t - c_A) / (hi - lo) = 0 gives
      t* = (hi - c_A) / 2,      and U'' = -2 / (hi - lo) < 0 (a maximum).
  A never demands less than lo (every type accepts lo), so t* = max((hi - c_A) / 2, lo),
  and never more than 1 - p (x <= 1). Then
      P(war) = F(t*) = (hi - c_A - 2 lo) / (2 (hi - lo))   when hi - c_A > 2 lo, else 0.
  This is the risk-return trade-off: a bigger demand gains t on acceptance and risks war
  with the marginal types (``optimal_demand_uniform``, ``war_probability_uniform``).

Extensions used for forecasting (``simulate``), over R Monte Carlo draws at once:

(a) A third-party ally of the challenger (e.g. Israel for the United States) adds to the
    challenger's strength when it is expected to join (``Ally.support`` shifts p) and may act
    on its own: an independent strike hazard per day ``base_hazard * threat`` that rises
    with its threat perception, reduced by ``constraint`` (coordination with its partner).
(b) Deadlines and ultimatums: all strike hazards are multiplied by
    1 + gain * exp(-(deadline - day) / tau) before the deadline and 1 + gain after it; once an
    ultimatum expires, a rejection is followed by force with probability ``ultimatum_fight``.
(c) Repeated rounds with learning. B's type is resolute (cost ~ U[lo, m]) with probability
    ``resolve`` or irresolute (cost ~ U[m, hi]); the challenger's belief is that mixture. In
    each round (scheduled days, else a Bernoulli chance 1 / round_interval per day) A makes
    the myopic risk-return demand against its current belief (``optimal_demand``, a grid
    search that equals the closed form in the uniform case). B accepts (deal) or rejects;
    after a rejection A uses force with probability ``fight_after_reject``, talks break off
    with probability ``collapse_after_reject``, or A learns c_B < t (the belief is
    truncated there) and the next round comes. The prior ``resolve`` is updated before the
    simulation from the typed signals of the situation stage (``signal_effects``:
    mobilization, threats, concessions, talks held or cancelled) by Bayes' rule with
    likelihood ratios. The model never reads text: ``accord.situation.signals`` makes the
    ``accord.types.Signal`` values it consumes (kind, actors, date, weight, deadline).

Between rounds the challenger may strike on its own (``strike_hazard`` per day, raised by
mobilization, by a past strike, by threats, and ``collapse_strike_factor``-fold once talks
collapsed), and force already in use may continue (see "State" below).
Outcomes at each horizon: ``strike`` (any strike on the target by the challenger or the
ally), ``deal`` (accepted demand), ``collapse`` (talks broken off, no strike yet) and
``talks_continue``.

State (``signal_effects``): beliefs are not all that recent events change. A signal among
the core actors dated in the last ``STATE_WINDOW`` = 30 days (not negated, not historical)
changes the state the simulation starts from. Each weighs w = corroborated weight x
0.5 ** (age / half-life), and several of a kind combine as 1 - prod(1 - w):

* Force in use (ASSAULT between two core actors, half-life ``FORCE_HALF_LIFE`` = 10 days;
  a passive report naming only a core victim counts half). Violence already under way is
  the strongest predictor of more of it: in ICB v14, 61% of the crises with any violence
  went beyond minor clashes (219 of 361, ``violence_beyond_minor_if_violent`` in the YAML).
  The model adds a continuation hazard (retaliation, follow-up strikes) to the strike
  hazard: force x lambda x exp(-ln 2 day / half-life) with lambda set so that, over an
  unlimited horizon, a fresh strike (force = 1) is followed by further force with
  probability ``force_continuation`` = 0.607 (0.56 within 30 days, 0.30 within 7).
  Talks stall under fire: the breakdown hazard is multiplied by 1 + 2 force (judgement).
  The ``strike`` outcome is then "further use of force within the horizon".
* Talks refused or cancelled (signals ``talks_refused`` / ``talks_cancelled``, e.g. "no
  further talks"; talks reported not held count half; half-life 14
  days; void when talks between the two are reported on a later day): with probability
  ``REFUSAL_COLLAPSE`` x w (0.5 x w, judgement: about half of public refusals of talks
  hold for weeks) a draw starts in the collapsed state, where strikes are
  ``collapse_strike_factor`` times likelier.
* Framework agreement (AGREE between challenger and target; announced/future ones half;
  half-life 30 days): terms agreed in principle, only a final text to conclude. Draws still
  in talks conclude a deal at the daily hazard framework x ``FRAMEWORK_DEAL_HAZARD``, set so
  that 70% of frameworks become deals within 90 days absent breakdown or force (judgement;
  the Lausanne framework of April 2015 became the JCPOA 103 days later).
* Talks held (CONSULT between challenger and target, half-life 14 days): breakdown hazard
  divided by 1 + 0.5 w (judgement), besides the sooner rounds of the signals above.
* Threats (THREATEN by a core actor; conditional/hypothetical ones and hypothetical or
  announced force count half) and deployments by the target or the ally (MOBILIZE; the
  challenger's is a signal above): the challenger's and the ally's strike hazards are
  multiplied by 1 + 0.5 w per threat and 1 + 0.35 w per deployment (half-life 14 days),
  at most x3 in all (judgements: moderate, well below force in use).

A neutral crisis (no events) has none of these effects, so the ICB calibration holds. The
state draws are taken after all the others, so results without state effects are unchanged
by them, and same-seed runs differ only by the evidence (common random numbers).

Priors (``Priors.from_base_rates``) come from the ICB v14 frequencies in
``accord/data/base_rates.yaml``; how the bargaining engines feed the model is in
``engine_adjustments``. The strength of the signal effects is scaled by gains fitted on a
crisis corpus (``CrisisFit``, ``accord/data/crisis_fit.json``, ``accord.forecast.fit``);
without signals the ICB calibration holds whatever the gains.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy.stats import beta as beta_dist

from accord.models.base import register
from accord.models.crisis_signals import (  # noqa: F401 - the crisis model's public names
    FORCE_HALF_LIFE,
    IDENTITY_FIT,
    TARGET_LR,
    CrisisFit,
    Effect,
    apply_signals,
    current_fit,
    fit_path,
    signal_effects,
)
from accord.types import IssueResult, Result, Scenario

OUTCOMES = ("deal", "talks_continue", "collapse", "strike")
TALKS, DEAL, COLLAPSE, STRIKE = 1, 0, 2, 3  # state codes; OUTCOMES[code] names them
_STATE_OF = {"deal": DEAL, "talks_continue": TALKS, "collapse": COLLAPSE, "strike": STRIKE}
DEFAULT_HORIZONS = (7, 30, 90)
GRID = 257  # demand grid points for the mixture-belief risk-return optimum

FRAMEWORK_DEAL_HAZARD = -math.log(0.3) / 90.0  # 70% of frameworks concluded within 90 days  # (module doc, "State")


# ---------------------------------------------------------------- closed-form core
def bargaining_range(p: float, c_a: float, c_b: float) -> tuple[float, float]:
    """Shares x for the challenger that both sides prefer to war: [p - c_A, p + c_B]."""
    return (p - c_a, p + c_b)


def complete_information_demand(p: float, c_a: float, c_b: float) -> float:
    """Take-it-or-leave-it demand under complete information: the top of the range, capped at 1."""
    return min(p + c_b, 1.0)


def optimal_demand_uniform(p: float, c_a: float, lo: float, hi: float) -> float:
    """Optimal demand premium t* over p when c_B ~ U[lo, hi] (see module doc)."""
    if hi <= lo:
        return min(lo, 1.0 - p)
    return float(min(max((hi - c_a) / 2.0, lo), hi, 1.0 - p))


def war_probability_uniform(p: float, c_a: float, lo: float, hi: float) -> float:
    """P(war) at the optimal demand with c_B ~ U[lo, hi]: (hi - c_A - 2 lo) / (2 (hi - lo))."""
    if hi <= lo:
        return 0.0
    t = optimal_demand_uniform(p, c_a, lo, hi)
    return float(min(max((t - lo) / (hi - lo), 0.0), 1.0))


def belief_cdf(t: np.ndarray, lo: np.ndarray, mid: np.ndarray, hi: np.ndarray,
               resolve: np.ndarray) -> np.ndarray:
    """P(c_B < t) under the two-type belief: U[lo, mid] w.p. resolve, else U[mid, hi]."""
    a = np.clip((t - lo) / np.maximum(mid - lo, 1e-12), 0.0, 1.0)
    b = np.clip((t - mid) / np.maximum(hi - mid, 1e-12), 0.0, 1.0)
    return resolve * a + (1.0 - resolve) * b


def optimal_demand(p: np.ndarray, c_a: np.ndarray, lo: np.ndarray, mid: np.ndarray,
                   hi: np.ndarray, resolve: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Risk-return optimal premium t per draw, belief truncated to c_B < upper; vectorised.

    Maximises t (1 - F(t)) - c_A F(t) over t in [lo, min(upper, 1 - p)] on a grid, where F is
    the belief CDF conditional on c_B < upper. With resolve = (mid - lo) / (hi - lo) and
    upper = hi this is the uniform case and matches ``optimal_demand_uniform``.
    """
    top = np.maximum(np.minimum(upper, 1.0 - p), lo)
    s = np.linspace(0.0, 1.0, GRID)
    t = lo[:, None] + (top - lo)[:, None] * s[None, :]
    norm = np.maximum(belief_cdf(upper, lo, mid, hi, resolve), 1e-12)[:, None]
    f = np.minimum(belief_cdf(t, lo[:, None], mid[:, None], hi[:, None], resolve[:, None])
                   / norm, 1.0)
    u = t * (1.0 - f) - c_a[:, None] * f
    return t[np.arange(len(p)), np.argmax(u, axis=1)]


# ---------------------------------------------------------------- parameters
class _Cfg(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ally(_Cfg):
    """A third party aligned with the challenger that may strike the target on its own."""

    id: str = "ISR"
    threat: float = Field(0.3, ge=0, le=1)          # threat perception, 0..1
    base_hazard: float = Field(0.004, ge=0, le=1)   # daily strike hazard at threat = 1
    constraint: float = Field(0.3, ge=0, le=1)      # restraint by its partner, 0..1
    support: float = Field(0.5, ge=0, le=1)         # share of its capability added to p


class CrisisParams(_Cfg):
    """Everything the crisis simulation needs; uncertain values are ranges drawn per run."""

    challenger: str = "USA"
    target: str = "IRN"
    p: float = Field(0.5, gt=0, lt=1)               # P(challenger prevails in a war)
    p_concentration: float | None = Field(40.0, gt=0)  # Beta(p k, (1 - p) k); None: fixed
    cost_a: tuple[float, float] = (0.05, 0.20)      # challenger's cost of war, uniform range
    cost_b: tuple[float, float] = (0.0, 0.40)       # target's cost support [lo, hi]
    resolve: float = Field(0.5, ge=0, le=1)         # P(target resolute): cost in [lo, mid]
    round_days: tuple[int, ...] = ()                # scheduled talks, days after as_of
    round_interval: float = Field(238.3, gt=0)      # mean days between decisive rounds
    fight_after_reject: float = Field(0.15, ge=0, le=1)
    collapse_after_reject: float = Field(0.25, ge=0, le=1)
    strike_hazard: float = Field(0.00129, ge=0, le=1)  # challenger's daily unprovoked strike
    breakdown_hazard: float = Field(0.00389, ge=0, le=1)  # daily chance talks break off
    collapse_strike_factor: float = Field(3.0, ge=1)
    deadline: int | None = None                     # days after as_of
    ultimatum: bool = False
    ultimatum_fight: float = Field(0.6, ge=0, le=1)
    deadline_gain: float = Field(2.0, ge=0)
    deadline_tau: float = Field(5.0, gt=0)
    ally: Ally | None = None
    # --- state of the crisis as of the forecast date (``signal_effects``; module doc, "State")
    force: float = Field(0.0, ge=0, le=1)           # intensity of force already in use
    force_continuation: float = Field(0.607, ge=0, lt=1)  # P(further force | fresh strike)
    force_half_life: float = Field(FORCE_HALF_LIFE, gt=0)  # days; decay of that hazard
    talks_off: float = Field(0.0, ge=0, le=1)       # P(talks already broken off at day 0)
    framework: float = Field(0.0, ge=0, le=1)       # intensity of a framework agreement
    framework_deal_hazard: float = Field(FRAMEWORK_DEAL_HAZARD, ge=0, le=1)

    @model_validator(mode="after")
    def _check(self) -> CrisisParams:
        if not 0 <= self.cost_a[0] <= self.cost_a[1]:
            raise ValueError("cost_a must be an increasing range of non-negative costs")
        if not 0 <= self.cost_b[0] <= self.cost_b[1]:
            raise ValueError("cost_b must be an increasing range of non-negative costs")
        return self

    @property
    def resolve_split(self) -> float:
        """Cost that separates resolute (below) from irresolute (above) targets: the middle."""
        return 0.5 * (self.cost_b[0] + self.cost_b[1])


@dataclass(frozen=True)
class Priors:
    """Base-rate anchors for the crisis model (accord/data/base_rates.yaml, ICB v14).

    The defaults of ``CrisisParams`` (round_interval, breakdown_hazard, strike_hazard) are
    the calibrated values stored in the YAML; ``calibrate`` recomputes them.
    """

    targets_90: dict[str, float]
    round_interval: float
    breakdown_hazard: float
    strike_hazard: float
    termination: dict[int, float]
    source: str
    force_continuation: float = 0.607

    @classmethod
    def from_base_rates(cls, rates: Mapping | None = None) -> Priors:
        """Targets at 90 days from the ICB frequencies, and the stored calibrated rates.

        deal = P(ended by 90 days) x share of those ending in agreement; strike = P(ended)
        x share of crises where the United States used serious or war-level violence;
        collapse = the rest of the crises that ended.
        """
        r = rates if rates is not None else load_base_rates()
        ended = float(r["termination_by_day"][90])
        own = r["usa_as_actor"]["own_violence"]
        deal = ended * float(r["agreement_share_if_ended_within"][90])
        strike = ended * float(own["serious_clashes"] + own["full_scale_war"])
        cal = r["crisis_model_calibration"]
        return cls(
            targets_90={"deal": deal, "collapse": ended - deal - strike, "strike": strike},
            round_interval=float(cal["round_interval_days"]),
            breakdown_hazard=float(cal["breakdown_hazard"]),
            strike_hazard=float(cal["strike_hazard"]),
            termination={int(k): float(v) for k, v in r["termination_by_day"].items()},
            source=str(r["source"]["citation"]),
            force_continuation=float(r.get("violence_beyond_minor_if_violent", 0.607)),
        )

    def params(self, **update: object) -> CrisisParams:
        """Neutral crisis parameters carrying the calibrated rates, with ``update`` applied."""
        base = {"round_interval": self.round_interval, "breakdown_hazard": self.breakdown_hazard,
                "strike_hazard": self.strike_hazard,
                "force_continuation": self.force_continuation}
        return CrisisParams(**{**base, **update})


def calibrate(targets_90: Mapping[str, float], runs: int = 8000, seed: int = 0
              ) -> tuple[float, float, float]:
    """Fit (round_interval, breakdown_hazard, strike_hazard) so that a neutral crisis gives the
    target deal / collapse / strike probabilities at 90 days (Nelder-Mead, common draws)."""
    from scipy.optimize import minimize

    goal = np.array([targets_90["deal"], targets_90["collapse"], targets_90["strike"]])

    def loss(z: np.ndarray) -> float:
        ri, bh, sh = np.exp(z)
        prm = CrisisParams(round_interval=ri, breakdown_hazard=min(bh, 1.0),
                           strike_hazard=min(sh, 1.0))
        o = simulate(prm, np.random.default_rng(seed), horizons=(90,), runs=runs).at(90)
        return float(((np.array([o["deal"], o["collapse"], o["strike"]]) - goal) ** 2).sum())

    res = minimize(loss, np.log([100.0, 0.003, 0.001]), method="Nelder-Mead",
                   options={"xatol": 1e-3, "fatol": 1e-8, "maxiter": 300})
    ri, bh, sh = np.exp(res.x)
    return float(ri), float(bh), float(sh)


@lru_cache(maxsize=1)
def load_base_rates() -> dict:
    """The bundled ICB base rates (accord/data/base_rates.yaml)."""
    text = resources.files("accord").joinpath("data/base_rates.yaml").read_text("utf-8")
    return yaml.safe_load(text)


# ---------------------------------------------------------------- simulation
@dataclass
class CrisisOutcome:
    """Outcome probabilities by horizon, and how strikes came about."""

    horizons: tuple[int, ...]
    probabilities: dict[int, dict[str, float]]
    strike_source: dict[int, dict[str, float]]
    mean_demand: float
    first_round_war: float
    runs: int

    def at(self, horizon: int) -> dict[str, float]:
        return self.probabilities[horizon]


def _deadline_mult(day: int, prm: CrisisParams) -> float:
    if prm.deadline is None:
        return 1.0
    if day <= prm.deadline:
        return 1.0 + prm.deadline_gain * math.exp(-(prm.deadline - day) / prm.deadline_tau)
    return 1.0 + prm.deadline_gain


def simulate(
    prm: CrisisParams,
    rng: np.random.Generator,
    horizons: Sequence[int] = DEFAULT_HORIZONS,
    runs: int = 2000,
) -> CrisisOutcome:
    """Monte Carlo of the repeated crisis game over ``runs`` draws (vectorised over draws).

    The loop runs over days; every array operation covers all draws at once. The random
    numbers are drawn in a fixed order and amount whatever the parameters, so two parameter
    sets run with the same seed share their draws (common random numbers), which keeps
    driver attributions (``leave-one-out`` differences) free of simulation noise.
    """
    horizons = tuple(sorted({int(h) for h in horizons}))
    if not horizons or horizons[0] < 1:
        raise ValueError("horizons must be positive day counts")
    H, R = horizons[-1], int(runs)
    lo_b, hi_b = prm.cost_b
    mid_b = prm.resolve_split
    # --- draws that do not depend on the day (fixed order; see docstring)
    u_p = rng.random(R)
    u_ca = rng.random(R)
    u_type = rng.random(R)
    u_cb = rng.random(R)
    u_days = rng.random((H, R, 4))  # per day and draw: round?, fight, collapse, hazard
    # state draws come last, so a crisis without state effects keeps its earlier numbers
    u_start = rng.random(R)          # talks already broken off at day 0?
    u_deal = rng.random((H, R))      # framework concluded on this day?
    k = prm.p_concentration
    p = np.full(R, prm.p) if k is None else beta_dist.ppf(u_p, prm.p * k, (1.0 - prm.p) * k)
    # the ally's support, when it joins, is folded into p by the caller (see adjust_p_for_ally)
    c_a = prm.cost_a[0] + (prm.cost_a[1] - prm.cost_a[0]) * u_ca
    resolute = u_type < prm.resolve
    c_b = np.where(resolute, lo_b + (mid_b - lo_b) * u_cb, mid_b + (hi_b - mid_b) * u_cb)
    lo = np.full(R, lo_b)
    mid = np.full(R, mid_b)
    hi = np.full(R, hi_b)
    belief = np.full(R, prm.resolve)
    upper = np.full(R, hi_b)
    state = np.full(R, TALKS, dtype=np.int8)
    state[u_start < prm.talks_off] = COLLAPSE
    # 1 after-rejection, 2 challenger hazard, 3 ally, 4 continuation of force already in use
    source = np.zeros(R, dtype=np.int8)
    # continuation hazard: cumulative -ln(1 - force_continuation) x force over all days,
    # spread with the half-life of the exchange (module doc, "State")
    decay = math.log(2.0) / prm.force_half_life
    force_rate = -math.log(1.0 - prm.force_continuation) * prm.force * decay
    scheduled = set(prm.round_days)
    last_sched = max(scheduled) if scheduled else 0
    probs: dict[int, dict[str, float]] = {}
    srcs: dict[int, dict[str, float]] = {}
    demands: list[np.ndarray] = []
    first_war = np.zeros(R, dtype=bool)
    first_seen = np.zeros(R, dtype=bool)
    ally = prm.ally
    for day in range(1, H + 1):
        u = u_days[day - 1]
        mult = _deadline_mult(day, prm)
        expired = prm.ultimatum and prm.deadline is not None and day > prm.deadline
        fight_p = prm.ultimatum_fight if expired else prm.fight_after_reject
        # -- a negotiation round?
        if day in scheduled:
            is_round = np.ones(R, dtype=bool)
        elif scheduled and day <= last_sched:
            is_round = np.zeros(R, dtype=bool)
        else:
            is_round = u[:, 0] < 1.0 / prm.round_interval
        act = (state == TALKS) & is_round
        if act.any():
            idx = np.flatnonzero(act)
            t = optimal_demand(p[idx], c_a[idx], lo[idx], mid[idx], hi[idx], belief[idx],
                               upper[idx])
            demands.append(t)
            accept = c_b[idx] >= t
            fresh = ~first_seen[idx]
            first_war[idx[fresh]] = ~accept[fresh]
            first_seen[idx] = True
            fight = ~accept & (u[idx, 1] < min(1.0, fight_p * mult))
            coll = ~accept & ~fight & (u[idx, 2] < prm.collapse_after_reject)
            learn = ~accept & ~fight & ~coll
            state[idx[accept]] = DEAL
            state[idx[fight]] = STRIKE
            source[idx[fight]] = 1
            state[idx[coll]] = COLLAPSE
            upper[idx[learn]] = t[learn]
        # -- a framework agreement is concluded (rounds of this day already counted)
        if prm.framework > 0:
            done = (state == TALKS) & ~act & (
                u_deal[day - 1] < prm.framework * prm.framework_deal_hazard)
            state[done] = DEAL
        # -- talks may break off outside the rounds
        brk = (state == TALKS) & (u[:, 2] < prm.breakdown_hazard * mult) & ~act
        state[brk] = COLLAPSE
        # -- hazards of a strike outside the rounds (talking or collapsed draws)
        live = (state == TALKS) | (state == COLLAPSE)
        h_ch = prm.strike_hazard * mult * np.where(state == COLLAPSE,
                                                   prm.collapse_strike_factor, 1.0)
        h_al = 0.0
        if ally is not None:
            h_al = ally.base_hazard * ally.threat * (1.0 - ally.constraint) * mult
        h_fo = 0.0
        if force_rate > 0:  # hazard over day (day-1, day] of the decaying exchange
            h_fo = 1.0 - math.exp(-force_rate / decay * (math.exp(-decay * (day - 1))
                                                         - math.exp(-decay * day)))
        h_tot = 1.0 - (1.0 - h_ch) * (1.0 - h_al) * (1.0 - h_fo)
        hit = live & (u[:, 3] < h_tot)
        share = h_tot / np.maximum(h_ch + h_al + h_fo, 1e-300)
        by_ally = hit & (u[:, 3] < share * h_al)
        by_force = hit & ~by_ally & (u[:, 3] < share * (h_al + h_fo))
        state[hit] = STRIKE
        source[hit & ~by_ally & ~by_force] = 2
        source[by_ally] = 3
        source[by_force] = 4
        if day in horizons:
            probs[day] = {name: float(np.mean(state == _STATE_OF[name])) for name in OUTCOMES}
            n_strike = max(int((state == STRIKE).sum()), 1)
            srcs[day] = {
                "after_rejected_demand": float((source == 1).sum() / n_strike),
                "challenger_unprovoked": float((source == 2).sum() / n_strike),
                "ally_independent": float((source == 3).sum() / n_strike),
                "continuation_of_force": float((source == 4).sum() / n_strike),
            }
    mean_demand = float(np.concatenate(demands).mean()) if demands else 0.0
    fw = float(first_war[first_seen].mean()) if first_seen.any() else 0.0
    return CrisisOutcome(horizons, probs, srcs, mean_demand, fw, R)


def adjust_p_for_ally(p_pair: float, cap_challenger: float, cap_target: float,
                      cap_ally: float, support: float) -> float:
    """Challenger's win probability when an aligned ally adds ``support`` of its capability."""
    a = cap_challenger + support * cap_ally
    return float(a / (a + cap_target)) if a + cap_target > 0 else p_pair


# ---------------------------------------------------------------- engines -> crisis
def engine_adjustments(prm: CrisisParams, scenario: Scenario, results: Sequence[Result]
                       ) -> tuple[CrisisParams, list[dict]]:
    """Feed the bargaining engines' predictions into the crisis parameters.

    Distance to a deal: g = salience-weighted mean over issues of |prediction - target's
    position| / (scale width), the predictions averaged over the engines. A settlement far
    from what the target has asked for is one it is less willing to sign, which we model as
    a lower cost of refusing: the target's cost support is scaled by (1.5 - g), neutral at
    g = 0.5, x1.5 at g = 0, x0.5 at g = 1.
    Confrontations: q = the largest probability of a predicted confrontation or challenge
    between challenger and target (either direction). It raises fight-after-reject by
    q (0.9 - f) / 2 and collapse-after-reject by the factor (1 + q). A predicted target
    capitulation or compromise (probability q') lowers resolve by the factor (1 - q'/2).
    Returns the new parameters and notes for the drivers.
    """
    if not results:
        return prm, []
    arr = scenario.arrays()
    if prm.target not in arr.actors:
        return prm, []
    ti = arr.actors.index(prm.target)
    preds = {}
    for res in results:
        for ir in res.issues:
            preds.setdefault(ir.issue, []).append(ir.prediction)
    width = arr.high - arr.low
    sal = arr.salience[ti]
    gaps, weights = [], []
    for k, iss in enumerate(arr.issues):
        if iss in preds and sal[k] > 0:
            gaps.append(abs(float(np.mean(preds[iss])) - arr.position[ti, k]) / width[k])
            weights.append(sal[k])
    notes: list[dict] = []
    upd: dict = {}
    if weights:
        g = float(np.average(gaps, weights=weights))
        scale = 1.5 - g
        upd["cost_b"] = (prm.cost_b[0] * scale, prm.cost_b[1] * scale)
        notes.append({"name": "engine distance to a deal", "value": g,
                      "effect": f"target's cost of refusing scaled by {scale:.2f}"})
    q = qc = 0.0
    for res in results:
        for c in res.confrontations:
            pair = {c.challenger, c.target}
            if pair != {prm.challenger, prm.target}:
                continue
            if c.kind in ("confrontation", "challenge"):
                q = max(q, c.probability)
            elif c.target == prm.target and c.kind in ("capitulation", "compromise"):
                qc = max(qc, c.probability)
    if q > 0:
        f = prm.fight_after_reject
        upd["fight_after_reject"] = min(f + q * (0.9 - f) / 2.0, 0.9)
        upd["collapse_after_reject"] = min(prm.collapse_after_reject * (1.0 + q), 0.9)
        notes.append({"name": "engine-predicted confrontation", "value": q,
                      "effect": "rejections likelier to end in force or breakdown"})
    if qc > 0:
        upd["resolve"] = prm.resolve * (1.0 - qc / 2.0)
        notes.append({"name": "engine-predicted concession by the target", "value": qc,
                      "effect": "target judged less resolute"})
    return prm.model_copy(update=upd), notes


# ---------------------------------------------------------------- protocol wrapper
@register("crisis")
class CrisisModel:
    """The crisis model behind the common protocol: ``solve`` reports outcome probabilities.

    The scenario supplies p from the challenger's and target's capabilities; other
    parameters come from the constructor. Result.notes lists "outcome@horizon=prob" and
    Result.sensitivity one row per horizon.
    """

    name = "crisis"

    def __init__(self, challenger: str = "USA", target: str = "IRN",
                 horizons: Sequence[int] = DEFAULT_HORIZONS, runs: int = 2000,
                 params: CrisisParams | None = None) -> None:
        if runs < 1:
            raise ValueError("runs must be positive")
        self.challenger, self.target = challenger, target
        self.horizons, self.runs = tuple(horizons), int(runs)
        self.params = params

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        rng = rng if rng is not None else np.random.default_rng(0)
        cap = {a.id: a.capability for a in scenario.actors}
        prm = self.params or CrisisParams(challenger=self.challenger, target=self.target)
        if self.challenger in cap and self.target in cap:
            a, b = cap[self.challenger], cap[self.target]
            prm = prm.model_copy(update={"p": min(max(a / (a + b), 0.01), 0.99)})
        out = simulate(prm, rng, self.horizons, self.runs)
        rows = [{"horizon": h, **out.probabilities[h]} for h in out.horizons]
        notes = [f"{k}@{h}={v:.4f}" for h in out.horizons for k, v in out.probabilities[h].items()]
        return Result(model="crisis",
                      issues=[IssueResult(issue="demand_premium", prediction=out.mean_demand)],
                      sensitivity=rows, notes=notes, runs=self.runs)
