"""Negotiator strategies, vectorised over runs and parties (kept apart from the protocols).

Every party holds an *aspiration*, the utility it demands this round, and an *offer*, a
package worth that much to it. Strategies differ in how the aspiration falls and in which
package they offer:

* time-dependent concession (Faratin, Sierra & Jennings 1998): with t the share of the
  time to the deadline used, a(t) = floor + (top - floor) (1 - t ** (1 / e)). e < 1 is
  Boulware (holds firm, concedes at the end), e = 1 linear, e > 1 conceder. ``floor`` is
  the reservation value (raised by the cost of delay), ``top`` the best package possible
  with the issues off the table fixed.
* tit-for-tat on concessions (relative tit-for-tat): a party lowers its aspiration by as
  much as the others' offers (or the mediator's text) moved towards it in its own utility
  last round, plus a small minimum step, never below the floor.
* the learner: time-dependent aspiration, but it learns the others' saliences from their
  offers (an issue on which the others hardly move is one they care about, the frequency
  heuristic of ANAC agents) and concedes first where the others care most and it least
  (a trade-off offer, the fractional knapsack of linear utilities), which keeps its offers
  near the Pareto frontier.
* ``spe`` (two parties only): the subgame-perfect plan of alternating offers with discount
  factors, solved by backward induction from the deadline (Stahl 1972); as the deadline
  recedes it tends to Rubinstein's (1982) split.

Time-dependent and tit-for-tat parties offer along the straight line from their ideal to a
reference package (the others' weighted offers, or the mediator's text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import InputError

TIME_DEPENDENT, TIT_FOR_TAT, LEARNER = 0, 1, 2
STRATEGIES = ("boulware", "linear", "conceder", "tft", "learner", "mixed", "spe")
# ranges of the concession exponent e drawn per run (log-uniform): the strategy parameters
# are uncertain too; the point run (run 0) takes the geometric middle
E_RANGE = {"boulware": (0.2, 0.5), "linear": (0.8, 1.25), "conceder": (2.0, 5.0),
           "tft": (0.8, 1.25), "learner": (0.2, 0.5)}
TFT_MIN_STEP = 0.2   # a tit-for-tat party concedes at least this share of the linear pace
_EPS = 1e-12


@dataclass(frozen=True)
class Strategies:
    """Per run and party (R x n): strategy kind code and concession exponent e."""

    kind: np.ndarray
    e: np.ndarray
    name: str


def draw_strategies(name: str, runs: int, n: int, rng: np.random.Generator,
                    overrides: dict[int, str] | None = None) -> Strategies:
    """Strategy of every party in every run; ``mixed`` draws a kind per party and run.

    Exponents are log-uniform on the kind's range; run 0 (the point run) takes the middle
    (and under ``mixed`` every party plays linear there).
    ``overrides`` maps a party's index to its own strategy name.
    """
    if name not in STRATEGIES:
        raise InputError(f"unknown strategy {name!r}; choose one of {', '.join(STRATEGIES)}",
                         where="--strategy")
    if name == "spe":
        if n != 2:
            raise InputError("strategy 'spe' (subgame-perfect alternating offers) needs "
                             f"exactly two parties, got {n}", where="--strategy")
        return Strategies(kind=np.zeros((runs, n), dtype=np.int8), e=np.ones((runs, n)),
                          name=name)
    names = ["boulware", "linear", "conceder", "tft", "learner"]
    u_kind = rng.random((runs, n))
    u_e = rng.random((runs, n))
    u_e[0] = 0.5
    if name == "mixed":
        pick = np.minimum((u_kind * len(names)).astype(int), len(names) - 1)
        pick[0] = names.index("linear")
    else:
        pick = np.full((runs, n), names.index(name))
    for k, own in (overrides or {}).items():
        if own not in names:
            raise InputError(f"unknown strategy {own!r} for party {k}", where="--strategy")
        pick[:, k] = names.index(own)
    lo = np.array([E_RANGE[m][0] for m in names])[pick]
    hi = np.array([E_RANGE[m][1] for m in names])[pick]
    e = np.exp(np.log(lo) + u_e * (np.log(hi) - np.log(lo)))
    code = np.array([TIME_DEPENDENT, TIME_DEPENDENT, TIME_DEPENDENT, TIT_FOR_TAT, LEARNER],
                    dtype=np.int8)[pick]
    return Strategies(kind=code, e=e, name=name)


def time_dependent(share: float, e: np.ndarray, floor: np.ndarray, top: np.ndarray
                   ) -> np.ndarray:
    """Faratin-Sierra-Jennings aspiration at ``share`` of the time used (0..1)."""
    alpha = np.power(min(max(share, 0.0), 1.0), 1.0 / e)
    return floor + (top - floor) * (1.0 - alpha)


def aspiration(st: Strategies, share: float, step: float, prev: np.ndarray,
               received: np.ndarray, floor: np.ndarray, top: np.ndarray) -> np.ndarray:
    """This round's aspiration of every party (R x n).

    ``prev`` is last round's, ``received`` the concession the party saw last round (in its
    utility), ``step`` the linear pace per round (1 / rounds).
    """
    td = time_dependent(share, st.e, floor, top)
    tft = prev - np.maximum(received, 0.0) - TFT_MIN_STEP * step * (top - floor)
    a = np.where(st.kind == TIT_FOR_TAT, tft, td)
    return np.clip(a, np.minimum(floor, top), top)


def line_offer(z: np.ndarray, w: np.ndarray, ref: np.ndarray, target: np.ndarray,
               top: np.ndarray) -> np.ndarray:
    """Package on the line from ideal z towards ref worth ``target`` (all ... x n x d)."""
    loss = (w * np.abs(ref - z)).sum(axis=-1)
    lam = np.clip((top - target) / np.maximum(loss, _EPS), 0.0, 1.0)
    return z + lam[..., None] * (ref - z)


def knapsack_move(z: np.ndarray, ref: np.ndarray, cost_w: np.ndarray, gain_w: np.ndarray,
                  budget: np.ndarray, on: str = "cost") -> np.ndarray:
    """Move from z towards ref issue by issue, best gain per cost first, until ``budget``.

    ``on="cost"``: spend that much of the mover's utility; ``"gain"``: give the other side
    that much. Linear utilities make this greedy order exact (fractional knapsack).
    """
    dist = np.abs(ref - z)
    cost = cost_w * dist
    gain = gain_w * dist
    ratio = gain_w / np.maximum(cost_w, _EPS)
    order = np.argsort(-ratio, axis=-1, kind="stable")
    amount = np.take_along_axis(cost if on == "cost" else gain, order, axis=-1)
    before = np.cumsum(amount, axis=-1) - amount
    frac_sorted = np.clip((budget[..., None] - before) / np.maximum(amount, _EPS), 0.0, 1.0)
    frac_sorted = np.where(amount > _EPS, frac_sorted, 0.0)
    frac = np.empty_like(frac_sorted)
    np.put_along_axis(frac, order, frac_sorted, axis=-1)
    return z + frac * (ref - z)


def learned_weights(first: np.ndarray, current: np.ndarray, power: np.ndarray) -> np.ndarray:
    """Others' saliences as party i estimates them from offers (R x n x d).

    Each party j's weight on issue k is taken to be inversely proportional to how far its
    offers moved on k (frequency heuristic); the estimates of the others are summed with
    their power, leaving party i's own offers out.
    """
    moved = np.abs(current - first)
    est = 1.0 / (0.05 + moved)
    est = est / est.sum(axis=-1, keepdims=True)
    pw = power[..., None] * est
    return pw.sum(axis=1, keepdims=True) - pw


def make_offers(st: Strategies, z: np.ndarray, w: np.ndarray, ref: np.ndarray,
                target: np.ndarray, top: np.ndarray, others_w: np.ndarray | None,
                open_: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Every party's package (R x n x d) worth its target, by strategy kind."""
    x = line_offer(z, w, ref, target, top)
    ri, pi = np.nonzero(st.kind == LEARNER)
    if ri.size:   # trade-off offers only where a learner plays (the sort is the costly part)
        x[ri, pi] = knapsack_move(z[ri, pi], ref[ri, pi], w[ri, pi], others_w[ri, pi],
                                  (top - target)[ri, pi], on="cost")
    return np.where(open_, x, fixed)


def frontier_offer(z_p: np.ndarray, w_p: np.ndarray, z_q: np.ndarray, w_q: np.ndarray,
                   give: np.ndarray) -> np.ndarray:
    """Bilateral: the package best for proposer p that is worth ``give`` to responder q."""
    u_q0 = 1.0 - (w_q * np.abs(z_p - z_q)).sum(axis=-1)
    return knapsack_move(z_p, z_q, w_p, w_q, np.maximum(give - u_q0, 0.0), on="gain")


def spe_plan(z: np.ndarray, w: np.ndarray, delta: np.ndarray, floor: np.ndarray,
             rounds: int, open_: np.ndarray, fixed: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray]:
    """Backward induction of two-party alternating offers (party 0 proposes at round 0).

    Returns the offers (rounds x R x d) and each round's acceptance threshold of the
    responder in undiscounted utility (rounds x R). After the last round each side gets
    its floor (no agreement). Utilities of an agreement at round t are discounted by
    delta ** t (R x 2).
    """
    R = z.shape[0]
    zo = np.where(open_, z, fixed)
    offers = np.empty((rounds, R, z.shape[-1]))
    thresh = np.empty((rounds, R))
    cont = floor * delta ** rounds              # discounted value of reaching the end
    for t in range(rounds - 1, -1, -1):
        p, q = t % 2, 1 - t % 2
        give = cont[:, q] / delta[:, q] ** t    # responder's continuation, undiscounted
        x = frontier_offer(zo[:, p], w[:, p], zo[:, q], w[:, q], give)
        x = np.where(open_, x, fixed)
        u = 1.0 - (w * np.abs(x[:, None, :] - z)).sum(axis=-1)
        ok = u[:, p] * delta[:, p] ** t >= cont[:, p] - 1e-15
        offers[t] = x
        thresh[t] = np.where(ok, give, np.inf)
        cont = np.where(ok[:, None], u * delta ** t, cont)
    return offers, thresh
