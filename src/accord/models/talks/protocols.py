"""Negotiation protocols (mechanisms), vectorised over Monte Carlo runs; a loop over rounds.

* ``sao``: multilateral alternating offers (stacked alternating offers, Aydogan et al.
  2017, with simultaneous updates): every round each party revises its standing offer
  towards the others' (power x salience weighted) standing offers, the party whose turn it
  is puts its own on the table, and the deal is struck when every other party accepts it.
  A tit-for-tat party reads the concession it received as the gain, in its utility, of
  the others' weighted offer since the last round.
* ``mediator``: a single negotiating text (Raiffa 1982; Camp David): the mediator drafts
  a text, each party answers with its criticism (the direction in which the text should
  move for it), and the mediator revises the text along the criticisms weighted by
  power / (u_i(text) - r_i) - the gradient of the log Nash product, so a party near its
  walk-away point is heard most - with a per-issue step that halves whenever the
  direction flips (Rprop). The first text is the compromise (capability x salience
  weighted mean of the positions). The deal is struck when every party accepts the text.
  Without acceptance the text converges to the asymmetric Nash bargaining solution
  (:func:`nash_point`).
* ``spe``: two-party alternating offers played by the subgame-perfect plan.

Both protocols share a deadline of ``rounds`` rounds and a cost of delay: an agreement at
round t is worth delta ** t u_i(x) - delay_cost t to party i. A party accepts a package
when it is worth its aspiration to it and more than no agreement (its reservation value);
with the floor of the aspirations set to (r_i + delay_cost t) / delta ** t the window for a
deal closes as the talks drag on. Issues off the table stay at their fixed values; a party
with no salience on any issue left on the table never blocks a deal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models.talks import negotiators as ng
from accord.models.talks.utility import Domain, own_offer_utility, utility

PROTOCOLS = ("mediator", "sao", "spe")
_TOL = 1e-12
STEP0 = 0.05       # first step of the mediator's text per issue (scaled units)
STEP_MAX = 0.25
NASH_ROUNDS = 400  # rounds of the mediator's text dynamics for the Nash point


@dataclass
class Trace:
    """Outcome of R negotiations and the concession path of run 0 (the point run)."""

    agreed: np.ndarray          # R bool
    round: np.ndarray           # R int, -1 without agreement
    terms: np.ndarray           # R x d scaled, NaN without agreement
    aspiration_path: np.ndarray  # rounds x n (run 0)
    table_path: np.ndarray      # rounds x d (run 0): the package on the table
    mean_aspiration: np.ndarray  # rounds x n, mean over runs


def _prep(dom: Domain, delta: np.ndarray | float, cap_exp: float
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Effective ideals (issues off the table fixed), top utilities, deltas and power."""
    zo = np.where(dom.open, dom.ideal, dom.fixed)
    top = own_offer_utility(zo, dom.ideal, dom.weight)
    d = np.broadcast_to(np.asarray(delta, dtype=float), dom.reservation.shape)
    return zo, top, d, power(dom, cap_exp)


def power(dom: Domain, cap_exp: np.ndarray | float) -> np.ndarray:
    """Bargaining power (R x n): capability ** exponent x intensity (sum of saliences)."""
    pw = dom.capability ** np.asarray(cap_exp, dtype=float)
    return pw * dom.intensity if dom.intensity is not None else pw


def _floor(dom: Domain, delta: np.ndarray, delay_cost: float, t: int) -> np.ndarray:
    """Undiscounted utility a party needs at round t to beat no agreement."""
    return (dom.reservation + delay_cost * t) / delta ** t


def _silent(dom: Domain) -> np.ndarray:
    """Parties with no salience on any issue on the table (R x n): they never block a deal."""
    if dom.intensity is None:
        return np.zeros(dom.reservation.shape, dtype=bool)
    return dom.intensity <= 0


def _share(t: int, rounds: int) -> float:
    """Share of the time to the deadline used at round t (0 first round, 1 last)."""
    return t / (rounds - 1) if rounds > 1 else 1.0


def _close(agreed: np.ndarray, rnd: np.ndarray, terms: np.ndarray, new: np.ndarray,
           t: int, x: np.ndarray) -> None:
    """Record the runs that agree at round t on package x."""
    rnd[new] = t
    terms[new] = x[new]
    agreed |= new


def sao(dom: Domain, st: ng.Strategies, rounds: int, delta: np.ndarray | float = 1.0,
        delay_cost: float = 0.0, capability_exponent: float = 1.0) -> Trace:
    """Multilateral alternating offers; proposers take turns in actor order."""
    z, w = dom.ideal, dom.weight
    R, n, d = z.shape
    zo, top, dl, pwr = _prep(dom, delta, capability_exponent)
    silent = _silent(dom)
    offers, first = zo.copy(), zo.copy()
    asp = top.copy()
    prev = None
    received = np.zeros((R, n))
    agreed = np.zeros(R, dtype=bool)
    rnd = np.full(R, -1)
    terms = np.full((R, d), np.nan)
    apath, tpath, mpath = (np.empty((rounds, n)), np.empty((rounds, d)),
                           np.empty((rounds, n)))
    pw = pwr[..., None] * w
    tot = pw.sum(axis=1, keepdims=True) - pw
    for t in range(rounds):
        floor = _floor(dom, dl, delay_cost, t)
        asp = ng.aspiration(st, _share(t, rounds), 1.0 / rounds, asp, received, floor, top)
        num = (pw * offers).sum(axis=1, keepdims=True) - pw * offers
        ref = np.where(tot > 0, num / np.where(tot > 0, tot, 1.0), offers)
        others = (ng.learned_weights(first, offers, pwr) if (st.kind == ng.LEARNER).any()
                  else None)
        offers = ng.make_offers(st, z, w, ref, asp, top, others, dom.open, dom.fixed)
        p = t % n
        table = offers[:, p]
        u = utility(table, z, w)
        ok = (u >= asp - _TOL) & (u * dl ** t - delay_cost * t >= dom.reservation - _TOL)
        ok[:, p] = True
        ok |= silent
        _close(agreed, rnd, terms, ~agreed & ok.all(axis=1), t, table)
        # concession received: how far the others' weighted offer moved towards i
        u_ref = own_offer_utility(ref, z, w)
        received = np.zeros((R, n)) if prev is None else u_ref - prev
        prev = u_ref
        apath[t], tpath[t], mpath[t] = asp[0], table[0], asp.mean(axis=0)
    return Trace(agreed, rnd, terms, apath, tpath, mpath)


def text_start(dom: Domain, zo: np.ndarray, power: np.ndarray) -> np.ndarray:
    """The mediator's first text: capability x salience weighted mean of the positions."""
    pw = power[..., None] * dom.weight
    tot = pw.sum(axis=1)
    x = np.where(tot > 0, (pw * zo).sum(axis=1) / np.where(tot > 0, tot, 1.0),
                 zo.mean(axis=1))
    return np.where(dom.open, x, dom.fixed)


def _criticism(dom: Domain, x: np.ndarray, power: np.ndarray, voice: np.ndarray
               ) -> np.ndarray:
    """Direction the parties ask the text to move (R x d): the log Nash product's slope."""
    u = utility(x, dom.ideal, dom.weight)
    slack = np.maximum(u - dom.reservation, 1e-3)
    pull = (power * voice / slack)[..., None] * dom.weight * np.sign(dom.ideal - x[:, None])
    return pull.sum(axis=1)


def _move(x: np.ndarray, g: np.ndarray, eta: np.ndarray, last: np.ndarray, dom: Domain
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One Rprop step of the text: grow the step while the direction holds, halve on a flip."""
    sgn = np.sign(g)
    flip = sgn * last < 0
    eta = np.where(flip, eta * 0.5, np.minimum(eta * 1.2, STEP_MAX))
    x = np.clip(x + eta * sgn, 0.0, 1.0)
    return np.where(dom.open, x, dom.fixed), eta, sgn


def mediator(dom: Domain, st: ng.Strategies, rounds: int, mediator: int | None = None,
             delta: np.ndarray | float = 1.0, delay_cost: float = 0.0,
             capability_exponent: np.ndarray | float = 1.0,
             mediator_weight: np.ndarray | float = 1.0,
             quota: np.ndarray | float = 1.0) -> Trace:
    """Single negotiating text; ``mediator`` (a party's index or None for an outsider)
    proposes and need not accept; its own criticism counts ``mediator_weight`` times.

    The text is adopted when the parties accepting it hold at least ``quota`` of the power
    (1 = unanimity; below 1 a qualified majority). Parameters may be per run ((R,) or
    (R, 1) arrays), which lets a grid of them run as one batch.
    """
    z, w = dom.ideal, dom.weight
    R, n, d = z.shape
    cap_exp = np.asarray(capability_exponent, dtype=float)
    zo, top, dl, pwr = _prep(dom, delta, cap_exp.reshape(-1, 1) if cap_exp.ndim else cap_exp)
    silent = _silent(dom)
    voice = np.ones((R, n))
    if mediator is not None:
        voice[:, mediator] = mediator_weight
    need = np.asarray(quota, dtype=float) * pwr.sum(axis=1) - 1e-12
    x = text_start(dom, zo, pwr)
    eta = np.full((R, d), STEP0)
    last = np.zeros((R, d))
    asp = top.copy()
    u_prev = utility(x, z, w)
    received = np.zeros((R, n))
    agreed = np.zeros(R, dtype=bool)
    rnd = np.full(R, -1)
    terms = np.full((R, d), np.nan)
    apath, tpath, mpath = (np.empty((rounds, n)), np.empty((rounds, d)),
                           np.empty((rounds, n)))
    for t in range(rounds):
        floor = _floor(dom, dl, delay_cost, t)
        asp = ng.aspiration(st, _share(t, rounds), 1.0 / rounds, asp, received, floor, top)
        u = utility(x, z, w)
        ok = (u >= asp - _TOL) & (u * dl ** t - delay_cost * t >= dom.reservation - _TOL)
        if mediator is not None:
            ok[:, mediator] = True
        ok |= silent
        _close(agreed, rnd, terms, ~agreed & ((ok * pwr).sum(axis=1) >= need), t, x)
        apath[t], tpath[t], mpath[t] = asp[0], x[0], asp.mean(axis=0)
        received = u - u_prev
        u_prev = u
        x, eta, last = _move(x, _criticism(dom, x, pwr, voice), eta, last, dom)
    return Trace(agreed, rnd, terms, apath, tpath, mpath)


def nash_point(dom: Domain, capability_exponent: float = 1.0, rounds: int = NASH_ROUNDS
               ) -> np.ndarray:
    """Asymmetric Nash bargaining solution per run (R x d), by the mediator's text dynamics
    run without acceptance: maximises sum_i power_i log(u_i(x) - r_i) over the table."""
    zo, _, _, pwr = _prep(dom, 1.0, capability_exponent)
    x = text_start(dom, zo, pwr)
    eta = np.full(x.shape, STEP0)
    last = np.zeros(x.shape)
    voice = np.ones(dom.ideal.shape[:2])
    for _ in range(rounds):
        x, eta, last = _move(x, _criticism(dom, x, pwr, voice), eta, last, dom)
    return x


def spe(dom: Domain, rounds: int, delta: np.ndarray | float) -> Trace:
    """Two-party alternating offers played by the subgame-perfect plan (party 0 first)."""
    z, w = dom.ideal, dom.weight
    R, n, d = z.shape
    dl = np.broadcast_to(np.asarray(delta, dtype=float), (R, n))
    offers, thresh = ng.spe_plan(z, w, dl, dom.reservation, rounds, dom.open, dom.fixed)
    agreed = np.zeros(R, dtype=bool)
    rnd = np.full(R, -1)
    terms = np.full((R, d), np.nan)
    apath, tpath = np.empty((rounds, n)), np.empty((rounds, d))
    for t in range(rounds):
        u = utility(offers[t], z, w)
        q = 1 - t % 2
        ok = u[:, q] >= thresh[t] - 1e-9
        _close(agreed, rnd, terms, ~agreed & ok, t, offers[t])
        apath[t], tpath[t] = u[0], offers[t, 0]
    return Trace(agreed, rnd, terms, apath, tpath, apath.copy())
