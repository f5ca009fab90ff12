"""Utilities of the parties at the table, built from a scenario and the crisis model.

Packages are points x in [0, 1]^d (each issue scaled to its scale). Party i's utility is
linear additive, as in the Genius/ANAC domains:

    u_i(x) = 1 - sum_k w_ik |x_k - z_ik|,

with z_i its (scaled) position and w_i its saliences normalised to sum to 1, so its ideal
package is worth 1 and the package farthest from it on every issue about 0.

Reservation value (the value of no agreement, :func:`no_agreement_value`). When the talks
end without a deal the crisis model (``accord.models.crisis``) takes over: with probability
q the challenger strikes, else the talks collapse and the status quo stays. A strike is the
Fearon lottery: the challenger's camp imposes its package (the challenger's positions) with
probability p, the target's camp its own with 1 - p, and everyone pays the cost of the
fight. So

    r_i = q [p u_i(z_challenger) + (1 - p) u_i(z_target) - cost_i] + (1 - q) u_i(status quo).

Each party joins the camp whose package it prefers; p is the challenger camp's share of the
camps' capability (the crisis model's p from capabilities), so a party that expects to win
a confrontation asks more. Costs are the crisis model's ranges (challenger ``cost_a``, target
``cost_b``, drawn per run); other parties pay ``BYSTANDER_COST_SHARE`` of their mean (a
judgement). q is P(strike) / P(no deal) 30 days after the deadline in the crisis model's
neutral (ICB-calibrated) parameters with that deadline, unless the caller gives it.

Refused issues (``Actor.refuses``): under ``refusals="honour"`` the issue is off the table
(its value stays at the status quo, or the refusing party's position when there is none);
under ``"price"`` the refusing party's salience on it is multiplied by ``refusal_price``
before normalising, so conceding on it costs the others more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from accord.errors import InputError
from accord.types import Scenario

BYSTANDER_COST_SHARE = 0.5     # a non-core party's cost of a fight, share of the core's mean
HORIZON_AFTER_DEADLINE = 30    # days after the deadline at which P(strike | no deal) is read


@dataclass(frozen=True)
class Domain:
    """The negotiation over R runs: ideals and weights (R x n x d), reservations (R x n).

    ``open`` marks the issues on the table (d,); ``fixed`` holds the (scaled) value of every
    issue off it. ``capability`` (R x n) is the actors' capability, ``intensity`` (R x n) the
    sum of their raw saliences (how much the talks matter to them; with one issue the
    normalised weights are all 1 and only this keeps the salience); bargaining power is
    capability ** exponent x intensity. ``status_quo`` (d,) scaled, NaN where none.
    """

    actors: list[str]
    issues: list[str]
    ideal: np.ndarray
    weight: np.ndarray
    reservation: np.ndarray
    capability: np.ndarray
    open: np.ndarray
    fixed: np.ndarray
    status_quo: np.ndarray
    low: np.ndarray
    high: np.ndarray
    intensity: np.ndarray | None = None

    @property
    def runs(self) -> int:
        """Number of Monte Carlo runs."""
        return self.ideal.shape[0]

    def with_reservation(self, r: np.ndarray) -> Domain:
        """The same domain with other reservation values (R x n)."""
        return replace(self, reservation=np.broadcast_to(r, self.ideal.shape[:2]).copy())

    def unscale(self, x: np.ndarray) -> np.ndarray:
        """Scaled packages (..., d) back on the issues' own scales."""
        return self.low + x * (self.high - self.low)


def utility(x: np.ndarray, ideal: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """u_i(x) for packages x (R x d) or (R x m x d): returns (R x n) or (R x m x n)."""
    if x.ndim == ideal.ndim - 1:                       # one package per run
        return 1.0 - (weight * np.abs(x[:, None, :] - ideal)).sum(axis=-1)
    return 1.0 - (weight[:, None] * np.abs(x[:, :, None, :] - ideal[:, None])).sum(axis=-1)


def own_offer_utility(offers: np.ndarray, ideal: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """u_i of party i's own package (offers R x n x d) for every i: (R x n)."""
    return 1.0 - (weight * np.abs(offers - ideal)).sum(axis=-1)


def cross_utility(offers: np.ndarray, ideal: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """u_i(offer of j) for all i, j: (R x n_i x n_j); offers (R x n x d)."""
    return 1.0 - (weight[:, :, None, :] * np.abs(offers[:, None, :, :]
                                                  - ideal[:, :, None, :])).sum(axis=-1)


def build_domain(scenario: Scenario, position: np.ndarray, salience: np.ndarray,
                 capability: np.ndarray, refusals: str = "honour",
                 refusal_price: float = 3.0, drop: tuple[str, ...] = (),
                 reweight: dict[str, float] | None = None) -> Domain:
    """Domain from drawn inputs: position/salience (R x n x d), capability (R x n).

    ``drop`` takes issues off the table (kept at the status quo); ``reweight`` multiplies
    every party's salience on an issue (both used by the deal-breaker analysis).
    Reservation values start at the status quo's utility (see :func:`no_agreement_value`).
    """
    if refusals not in ("honour", "price"):
        raise InputError(f"refusals must be 'honour' or 'price', got {refusals!r}",
                         where="--refusals")
    arr = scenario.arrays()
    lo, hi = arr.low, arr.high
    z = (position - lo) / (hi - lo)
    s = np.array(salience, dtype=float)
    ids = arr.issues
    col = {i: k for k, i in enumerate(ids)}
    sq = (arr.status_quo - lo) / (hi - lo)
    open_ = np.ones(len(ids), dtype=bool)
    fixed = np.where(np.isnan(sq), 0.5, sq)
    for k, a in enumerate(scenario.actors):
        for iss in a.refuses or []:
            j = col[iss]
            if refusals == "honour":
                open_[j] = False
                if np.isnan(sq[j]):           # no status quo: the refuser's own position
                    fixed[j] = float(arr.scaled()[k, j])
            else:
                s[:, k, j] *= refusal_price
    for iss in drop:
        open_[col[iss]] = False
    for iss, f in (reweight or {}).items():
        s[:, :, col[iss]] *= f
    tot = s.sum(axis=-1, keepdims=True)
    w = np.where(tot > 0, s / np.where(tot > 0, tot, 1.0), 1.0 / len(ids))
    R = z.shape[0]
    fixed_b = np.broadcast_to(fixed, (R, len(ids)))
    u_sq = utility(np.where(np.isnan(sq), 0.5, sq)[None].repeat(R, 0), z, w)
    dom = Domain(actors=arr.actors, issues=ids, ideal=z, weight=w, reservation=u_sq,
                 capability=np.asarray(capability, dtype=float), open=open_,
                 fixed=fixed_b[0].copy(), status_quo=sq, low=lo, high=hi,
                 intensity=np.where(open_, s, 0.0).sum(axis=-1))
    return dom


def crisis_strike_probability(scenario: Scenario, challenger: str, target: str,
                              deadline_days: int, seed: int, runs: int = 4000) -> float:
    """P(strike | no deal) 30 days after the deadline, from the crisis model (neutral priors)."""
    from accord.models.crisis import Priors, simulate

    cap = {a.id: a.capability for a in scenario.actors}
    p = min(max(cap[challenger] / (cap[challenger] + cap[target]), 0.01), 0.99)
    prm = Priors.from_base_rates().params(challenger=challenger, target=target, p=p,
                                          deadline=max(int(deadline_days), 1))
    h = max(int(deadline_days), 1) + HORIZON_AFTER_DEADLINE
    out = simulate(prm, np.random.default_rng(seed), horizons=(h,), runs=runs).at(h)
    no_deal = max(1.0 - out["deal"], 1e-9)
    return float(min(out["strike"] / no_deal, 1.0))


def core_pair(scenario: Scenario, challenger: str | None, target: str | None
              ) -> tuple[str, str]:
    """Challenger and target: as given, else USA/IRN when present, else the strongest actor
    and the one whose positions lie farthest from it (salience-weighted)."""
    ids = [a.id for a in scenario.actors]
    for name, v in (("--challenger", challenger), ("--target", target)):
        if v is not None and v not in ids:
            raise InputError(f"unknown actor {v!r}; the scenario has {', '.join(ids)}",
                             where=name)
    if challenger is None:
        challenger = "USA" if "USA" in ids else max(scenario.actors,
                                                    key=lambda a: a.capability).id
    if target is None:
        if "IRN" in ids and challenger != "IRN":
            target = "IRN"
        else:
            arr = scenario.arrays()
            c = ids.index(challenger)
            gap = (arr.salience * np.abs(arr.scaled() - arr.scaled()[c])).sum(axis=1)
            gap[c] = -1.0
            target = ids[int(np.argmax(gap))]
    if challenger == target:
        raise InputError("challenger and target must differ", where="--target")
    return challenger, target


def no_agreement_value(dom: Domain, challenger: int, target: int, strike_prob: float,
                       cost_a: tuple[float, float], cost_b: tuple[float, float],
                       u: np.ndarray) -> np.ndarray:
    """Reservation values r (R x n): the crisis model's value of no agreement (module doc).

    ``u`` (R x 2) are uniform draws for the challenger's and the target's costs (drawn once
    by the caller, so variants of the talks share them)."""
    R, n, _ = dom.ideal.shape
    z_ch = dom.ideal[:, challenger]
    z_tg = dom.ideal[:, target]
    u_ch = utility(z_ch, dom.ideal, dom.weight)       # R x n
    u_tg = utility(z_tg, dom.ideal, dom.weight)
    camp_ch = u_ch >= u_tg
    camp_ch[:, challenger], camp_ch[:, target] = True, False
    cap_ch = np.where(camp_ch, dom.capability, 0.0).sum(axis=1)
    cap_tg = np.where(~camp_ch, dom.capability, 0.0).sum(axis=1)
    p = cap_ch / (cap_ch + cap_tg)
    c_a = cost_a[0] + (cost_a[1] - cost_a[0]) * u[:, 0]
    c_b = cost_b[0] + (cost_b[1] - cost_b[0]) * u[:, 1]
    cost = np.broadcast_to((BYSTANDER_COST_SHARE * 0.5 * (c_a + c_b))[:, None], (R, n)).copy()
    cost[:, challenger], cost[:, target] = c_a, c_b
    war = p[:, None] * u_ch + (1.0 - p[:, None]) * u_tg - cost
    return strike_prob * war + (1.0 - strike_prob) * dom.reservation


def days_until(scenario: Scenario, deadline: dt.date) -> int:
    """Days from the scenario's as-of date (or today) to the deadline; at least 1."""
    start = scenario.as_of or dt.date.today()
    days = (deadline - start).days
    if days < 1:
        raise InputError(f"deadline {deadline} is not after the scenario's date {start}",
                         where="--deadline")
    return days
