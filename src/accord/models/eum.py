"""Bueno de Mesquita's expected utility model as specified by Scholz, Calbert and Smith (2011).

One issue at a time (issues are independent in this model). Per round:

1. *Votes and probabilities.* Actor k's vote for position x_i against x_j is
   c_k s_k (|x_k - x_j| - |x_k - x_i|) / dx, with dx the spread of the initial positions.
   The probability that i prevails over j is the sum of the votes for i over the sum of
   the absolute votes: P_ij = sum_k max(v_k, 0) / sum_k |v_k| (see ``vote`` below).
2. *Utilities* for challenger i and target j with risk exponent r, d = |x_i - x_j| / dx:
   U_s = 2 - 4 (0.5 - 0.5 d)^r (success), U_f = 2 - 4 (0.5 + 0.5 d)^r (failure),
   U_sq = 2 - 4 (0.5)^r (status quo), and, with mu the current weighted median,
   U_b / U_w = 2 - 4 (0.5 -/+ 0.25 (|x_i - mu| / dx + d))^r (things get better / worse
   without a challenge).
3. *Expected utility of challenging*
   EU_ij = s_j (P_ij U_s + (1 - P_ij) U_f) + (1 - s_j) U_s - Q U_sq - (1 - Q)(T U_b + (1 - T) U_w);
   s_j is the target's salience, read as the chance that it resists.
4. *Risk exponents.* With every r = 1, the danger to actor i is the sum over the others of
   their EU of challenging i; R_i = (2 danger_i - max - min) / (max - min) across actors and
   r_i = (1 - R_i / 3) / (1 + R_i / 3), between 0.5 (most threatened: risk acceptant) and 2
   (safest: risk averse).
5. *Offers.* Each actor i judges every other actor j with its own r_i: u = EU of i
   challenging j, v = EU of j challenging i. If v > 0 the dyad is a challenge from j:
   both positive -> confrontation, won by the larger; v > 0 >= u and v > |u| -> compromise,
   i moves the fraction |u| / v of the way to x_j; v > 0 >= u and v <= |u| ->
   capitulation, i moves to x_j. An actor that loses a confrontation adopts the
   challenger's position. Each actor takes, in the order confrontation lost, compromise,
   capitulation, the offer that moves it least; all actors move at once.
6. *Forecast.* The weighted median of the positions (median voter, weights c x s).
7. *Stopping rule.* Stop when no position moves by more than ``tol`` x dx, or when the
   weighted median and mean have stayed within ``tol`` x dx for ``patience`` rounds, or
   after ``max_rounds`` rounds.

The probability rule (``vote``). Scholz et al. print P_ij as the votes of the actors
that prefer x_i, divided by the absolute votes of all actors ("share", the default, as
above). The public Python replication by D. Masad (2014), whose round-1 risk exponents on
the Scholz et al. EU example are 1.127, 0.781, 0.500, 1.127, 1.078, 1.078, 2.000, 0.525,
1.472, 1.140 (NL, BE, LU, DE, FR, IT, UK, IE, DK, GR; Q = T = 1), instead nets the votes:
P_ij = max(sum_k v_k, 0) / sum_k |v_k| ("net"), which equals max(2 P_share - 1, 0): the
loser of the pairwise vote has no chance and the winner's chance is its margin. Everything
else (utilities, EU, r = 1 in the first pass, the danger sum, R_i, r_i) is the same in both,
so ``EUMModel(vote="net")`` reproduces those ten values to within 5e-4; with "share" accord
gives 1.117, 1.004, 0.500, 1.117, 1.018, 1.018, 2.000, 0.648, 1.454, 1.557. On this
example the rules part on the challenges between the two flanks (4 and 10): 10 beats 4
with P 0.58 under "share" but 0.15 under "net", and 4 beats 10 with 0.42 against 0, so
under "net" the flank actors look far safer and the centrists (BE, IE, GR at 7) are the
relatively more threatened (lower r). Under "net" every challenger's EU against an actor
at the median position 7, judged by that actor, is the same (P = 0), as in the Belgium
perception chart published for this example; the default stays with the equation as printed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.models.base import register
from accord.models.batch import BatchOutcome
from accord.types import Confrontation, IssueResult, Result, Scenario, ScenarioArrays

# event codes, as in accord.models.batch.EVENT_KINDS
CONF_CHALLENGER, CONF_TARGET, COMPROMISE, CAPITULATION = 0, 1, 2, 3
VOTE_RULES = ("share", "net")


def weighted_median(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Median voter position along the last axis: first position whose cumulative weight
    reaches half of the total (lower weighted median); plain median when weights are 0."""
    order = np.argsort(x, axis=-1, kind="stable")
    xs = np.take_along_axis(x, order, axis=-1)
    ws = np.take_along_axis(w, order, axis=-1)
    cum = np.cumsum(ws, axis=-1)
    tot = cum[..., -1:]
    k = np.argmax(cum >= 0.5 * tot - 1e-12 * np.abs(tot), axis=-1)
    med = np.take_along_axis(xs, k[..., None], axis=-1)[..., 0]
    return np.where(tot[..., 0] > 0, med, np.median(x, axis=-1))


def _weighted_mean(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    tot = w.sum(axis=-1)
    return np.where(tot > 0, (w * x).sum(axis=-1) / np.where(tot > 0, tot, 1.0),
                    x.mean(axis=-1))


@dataclass
class EUMState:
    """Arrays of one round (batch x actors [x actors]) kept for diagnostics and tests."""

    probability: np.ndarray  # P[b, i, j]: i prevails over j
    eu_risk_neutral: np.ndarray  # EU[b, i, j] with every r = 1
    risk: np.ndarray  # r[b, i]
    median: np.ndarray  # weighted median before the round
    mean: np.ndarray  # weighted mean before the round


@register("eum")
class EUMModel:
    """Expected utility model (BDM / Scholz et al. 2011): challenges, offers, median voter."""

    name = "eum"

    def __init__(self, q: float = 1.0, t: float = 1.0, max_rounds: int = 20,
                 tol: float = 1e-3, patience: int = 3, chunk: int = 512,
                 vote: str = "share") -> None:
        if vote not in VOTE_RULES:
            raise ValueError(f"vote must be one of {VOTE_RULES}, got {vote!r}")
        for label, v in (("q", q), ("t", t)):
            if not (np.isfinite(v) and 0.0 <= v <= 1.0):
                raise ValueError(f"{label} must be a probability in [0, 1], got {v}")
        if int(max_rounds) != max_rounds or max_rounds < 1:
            raise ValueError("max_rounds must be an integer >= 1")
        if not (np.isfinite(tol) and 0 < tol < 1):
            raise ValueError("tol must be in (0, 1)")
        if int(patience) != patience or patience < 1:
            raise ValueError("patience must be an integer >= 1")
        if int(chunk) != chunk or chunk < 1:
            raise ValueError("chunk must be an integer >= 1")
        self.q = float(q)
        self.t = float(t)
        self.max_rounds = int(max_rounds)
        self.tol = float(tol)
        self.patience = int(patience)
        self.chunk = int(chunk)
        self.vote = vote

    # ---------------------------------------------------------------- core pieces
    @staticmethod
    def probabilities(x: np.ndarray, w: np.ndarray, dx: np.ndarray,
                      vote: str = "share") -> np.ndarray:
        """P[b, i, j] that x_i prevails over x_j from the (capability x salience) votes:
        the share of votes for x_i ("share") or the net margin for x_i, floored at 0 ("net")."""
        dist = np.abs(x[:, :, None] - x[:, None, :])  # [b, k, j] = |x_k - x_j|
        diff = dist[:, :, None, :] - dist[:, :, :, None]  # [b, k, i, j] = |x_k-x_j|-|x_k-x_i|
        votes = w[:, :, None, None] * diff / dx[:, None, None, None]
        if vote == "net":
            top = np.maximum(votes.sum(axis=1), 0.0)
        else:
            top = np.maximum(votes, 0.0).sum(axis=1)
        bot = np.abs(votes).sum(axis=1)
        return np.where(bot > 0, top / np.where(bot > 0, bot, 1.0), 0.0)

    def expected_utility(self, x: np.ndarray, s: np.ndarray, p: np.ndarray, dx: np.ndarray,
                         mu: np.ndarray, r: np.ndarray) -> np.ndarray:
        """EU[b, i, j] of i challenging j; r broadcasts to (b, i, j) (the evaluator's exponent)."""
        d = np.abs(x[:, :, None] - x[:, None, :]) / dx[:, None, None]
        us = 2.0 - 4.0 * (0.5 - 0.5 * d) ** r
        uf = 2.0 - 4.0 * (0.5 + 0.5 * d) ** r
        usq = 2.0 - 4.0 * 0.5 ** r
        sj = s[:, None, :]
        eu = sj * (p * us + (1.0 - p) * uf) + (1.0 - sj) * us - self.q * usq
        if self.q < 1.0:
            dm = (np.abs(x - mu[:, None]) / dx[:, None])[:, :, None]
            ub = 2.0 - 4.0 * np.maximum(0.5 - 0.25 * (dm + d), 0.0) ** r
            uw = 2.0 - 4.0 * (0.5 + 0.25 * (dm + d)) ** r
            eu = eu - (1.0 - self.q) * (self.t * ub + (1.0 - self.t) * uw)
        return eu

    @staticmethod
    def risk_exponents(eu1: np.ndarray, pair: np.ndarray, active: np.ndarray) -> np.ndarray:
        """r[b, i] from the danger sum_j EU_ji (all r = 1), compared across active actors."""
        danger = np.where(pair, eu1, 0.0).sum(axis=1)  # sum over challengers j of EU[j, i]
        hi = np.where(active, danger, -np.inf).max(axis=1, keepdims=True)
        lo = np.where(active, danger, np.inf).min(axis=1, keepdims=True)
        span = hi - lo
        ok = np.isfinite(span) & (span > 0)
        R = np.where(ok, (2.0 * danger - hi - lo) / np.where(ok, span, 1.0), 0.0)
        return np.where(active, (1.0 - R / 3.0) / (1.0 + R / 3.0), 1.0)

    def _round(self, x: np.ndarray, c: np.ndarray, s: np.ndarray, active: np.ndarray,
               dx: np.ndarray) -> tuple[np.ndarray, np.ndarray, EUMState, np.ndarray, np.ndarray]:
        """One round: returns new positions, per-dyad event codes (-1 none), state, u, v."""
        w = np.where(active, c * s, 0.0)
        mu = weighted_median(x, w)
        mean = _weighted_mean(x, w)
        p = self.probabilities(x, w, dx, self.vote)
        n = x.shape[1]
        pair = active[:, :, None] & active[:, None, :] & ~np.eye(n, dtype=bool)[None]
        pair &= np.abs(x[:, :, None] - x[:, None, :]) > 1e-12 * dx[:, None, None]
        eu1 = self.expected_utility(x, s, p, dx, mu, np.ones((1, 1, 1)))
        r = self.risk_exponents(eu1, pair, active)
        own = self.expected_utility(x, s, p, dx, mu, r[:, :, None])  # i's EU, i's r
        perceived = self.expected_utility(x, s, p, dx, mu, r[:, None, :])  # j->i judged by i
        u = own  # u[b, i, j]: i challenging j, as i sees it
        v = np.swapaxes(perceived, 1, 2)  # v[b, i, j]: j challenging i, as i sees it
        challenged = pair & (v > 0)
        conf = challenged & (u > 0)
        conf_lost = conf & (v > u)
        conf_won = conf & ~(v > u)
        soft = challenged & (u <= 0)
        compromise = soft & (v > np.abs(u))
        capitulate = soft & ~(v > np.abs(u))
        xi = x[:, :, None]
        xj = x[:, None, :]
        frac = np.abs(u) / np.where(v > 0, v, 1.0)
        cand_full = np.broadcast_to(xj, conf.shape)
        cand_comp = xi + (xj - xi) * np.minimum(frac, 1.0)
        new = x.copy()
        moved = np.zeros(x.shape, dtype=bool)
        for mask, cand in ((conf_lost, cand_full), (compromise, cand_comp),
                           (capitulate, cand_full)):
            dist = np.where(mask, np.abs(cand - xi), np.inf)
            k = np.argmin(dist, axis=2)
            best = np.take_along_axis(cand, k[:, :, None], axis=2)[:, :, 0]
            has = mask.any(axis=2) & ~moved
            new = np.where(has, best, new)
            moved |= has
        # events[b, j, i]: challenger j, target i (transpose of the receiver's view)
        ev = np.full(conf.shape, -1, dtype=np.int8)
        ev[conf_lost] = CONF_CHALLENGER
        ev[conf_won] = CONF_TARGET
        ev[compromise] = COMPROMISE
        ev[capitulate] = CAPITULATION
        ev = np.swapaxes(ev, 1, 2)
        state = EUMState(probability=p, eu_risk_neutral=eu1, risk=r, median=mu, mean=mean)
        return new, ev, state, u, v

    def run(self, x: np.ndarray, c: np.ndarray, s: np.ndarray, active: np.ndarray,
            record: bool = False) -> dict:
        """Run the model on a batch (b x n). Returns medians per round, final positions,
        rounds played, convergence flags, any-round events and (record=True) per-round data."""
        x = np.array(x, dtype=float)
        c = np.asarray(c, dtype=float)
        s = np.asarray(s, dtype=float)
        active = np.asarray(active, dtype=bool) & (c * s > 0)
        b, n = x.shape
        xa = np.where(active, x, np.nan)
        with np.errstate(all="ignore"):
            dx = np.nanmax(xa, axis=1) - np.nanmin(xa, axis=1)
        dx = np.where(np.isfinite(dx) & (dx > 0), dx, 1.0)
        w = np.where(active, c * s, 0.0)
        medians = [weighted_median(x, w)]
        means = [_weighted_mean(x, w)]
        done = np.zeros(b, dtype=bool)
        converged = np.zeros(b, dtype=bool)
        rounds = np.zeros(b, dtype=int)
        calm = np.zeros(b, dtype=int)
        any_event = np.zeros((b, n, n, 4), dtype=bool)
        per_round: list[dict] = []
        if active.sum(axis=1).max(initial=0) < 2:
            done[:] = True
            converged[:] = True
        for t in range(1, self.max_rounds + 1):
            if done.all():
                break
            new, ev, state, u, v = self._round(x, c, s, active, dx)
            live = ~done
            new = np.where(live[:, None], new, x)
            step = np.abs(new - x).max(axis=1)
            for k in range(4):
                any_event[..., k] |= (ev == k) & live[:, None, None]
            if record:
                per_round.append({"round": t, "events": np.where(live[:, None, None], ev, -1),
                                  "state": state, "live": live.copy(), "positions": new})
            x = new
            rounds = np.where(live, t, rounds)
            med = weighted_median(x, w)
            mean = _weighted_mean(x, w)
            stable = (np.abs(med - medians[-1]) <= self.tol * dx) & (
                np.abs(mean - means[-1]) <= self.tol * dx)
            calm = np.where(stable, calm + 1, 0)
            still = step <= self.tol * dx
            finish = live & (still | (calm >= self.patience))
            converged |= finish
            done |= finish
            medians.append(np.where(live, med, medians[-1]))
            means.append(np.where(live, mean, means[-1]))
        return {"medians": np.stack(medians, axis=1), "positions": x, "rounds": rounds,
                "converged": converged, "events": any_event, "per_round": per_round}

    # ---------------------------------------------------------------- diagnostics
    def first_round(self, scenario: Scenario, issue: int = 0) -> EUMState:
        """Round-1 quantities (probabilities, risk-neutral EU, risk exponents) for one issue."""
        arr = scenario.arrays()
        x = arr.position[:, issue][None]
        c = arr.capability[None]
        s = arr.salience[:, issue][None]
        active = s > 0
        res = self.run(x, c, s, active, record=True)
        if not res["per_round"]:
            raise ValueError("fewer than two active actors: no round is played")
        return res["per_round"][0]["state"]

    # ---------------------------------------------------------------- protocol
    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        arr = scenario.arrays()
        x = arr.position.T  # issues as the batch axis
        s = arr.salience.T
        c = np.broadcast_to(arr.capability, x.shape)
        res = self.run(x, c, s, s > 0, record=True)
        med = res["medians"]
        nr = res["rounds"]
        issues = [IssueResult(issue=iid, prediction=float(med[k, nr[k]]),
                              rounds=[float(v) for v in med[k, : nr[k] + 1]])
                  for k, iid in enumerate(arr.issues)]
        confs: list[Confrontation] = []
        positions = [arr.position.tolist()]
        for rec in res["per_round"]:
            ev, p, t = rec["events"], rec["state"].probability, rec["round"]
            kk, jj, ii = np.nonzero(ev >= 0)
            for k, j, i in zip(kk.tolist(), jj.tolist(), ii.tolist(), strict=True):
                code = int(ev[k, j, i])
                kind = "confrontation" if code in (CONF_CHALLENGER, CONF_TARGET) else (
                    "compromise" if code == COMPROMISE else "capitulation")
                winner = arr.actors[i] if code == CONF_TARGET else arr.actors[j]
                confs.append(Confrontation(challenger=arr.actors[j], target=arr.actors[i],
                                           issue=arr.issues[k], kind=kind, winner=winner,
                                           probability=float(np.clip(p[k, j, i], 0, 1)),
                                           round=t))
        positions += [rec["positions"].T.tolist() for rec in res["per_round"]]
        return Result(
            model=self.name,
            issues=issues,
            confrontations=confs,
            converged=bool(res["converged"].all()),
            rounds=int(nr.max(initial=0)),
            positions=positions,
            actors=arr.actors,
            notes=[f"Scholz et al. (2011) EUM, Q={self.q}, T={self.t}, vote={self.vote}; "
                   "forecast = weighted "
                   "median (capability x salience); rounds[0] is the median before round 1"],
        )

    def solve_batch(self, position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
                    base: ScenarioArrays) -> BatchOutcome:
        """Draws on the leading axis: position/salience (B x n x d), capability (B x n)."""
        B, n, d = position.shape
        x = np.moveaxis(position, 2, 1).reshape(B * d, n)
        s = np.moveaxis(salience, 2, 1).reshape(B * d, n)
        c = np.repeat(capability, d, axis=0)
        preds = np.empty(B * d)
        events = np.zeros((B * d, n, n, 4), dtype=bool)
        for a in range(0, B * d, self.chunk):
            sl = slice(a, a + self.chunk)
            res = self.run(x[sl], c[sl], s[sl], s[sl] > 0)
            preds[sl] = res["medians"][np.arange(len(res["rounds"])), res["rounds"]]
            events[sl] = res["events"]
        return BatchOutcome(prediction=preds.reshape(B, d),
                            events=events.reshape(B, d, n, n, 4))
