"""KAPSARC KTAB's Spatial Model of Politics (SMP, ``smpc``), vectorised with NumPy.

Each turn every actor looks for the rival whose position it would gain most by
challenging, proposes a bargain interpolated between the two positions, and then each
actor picks (by a capability-weighted election over the resulting states) among the
status quo, its own proposal and the proposals aimed at it. The arithmetic follows KTAB's
C++ source (``examples/smp/libsrc``, ``KTAB/kmodel``) operation by operation, including the
order of its sums, so deterministic runs reproduce KTAB's logs. KTAB spends ~n^4 work per
turn on challenge estimates that only feed its database tables; here only the n^3
estimates that drive the dynamics are computed, as whole-array operations.

The arithmetic of one turn is in :mod:`accord.models.smp_turn`. Two layers:
:func:`run_smp` works on arrays in KTAB's internal [0, 1] scale and returns an
:class:`SMPTrace` (positions per turn, "Fractional change" values, "prob" rows), and the
registered model :class:`SMP` maps an :class:`accord.types.Scenario` to a
:class:`accord.types.Result`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from accord.errors import InputError
from accord.models.base import register
from accord.models.smp_turn import (  # noqa: F401 - SMPConfig and step_options: the model's API
    Codes,
    SMPConfig,
    assess,
    best_targets,
    choose,
    make_bargains,
    seq_sum_last,
    state_prob,
    step_options,
    validate,
)
from accord.types import Confrontation, IssueResult, Result, Scenario


@dataclass
class SMPTrace:
    """Everything a run produces, in KTAB's [0, 1] scale; index t = state t (0 = input)."""

    positions: np.ndarray  # (T+1, n, d)
    ideals: np.ndarray  # (T+1, n, d)
    fractional_change: list[float]  # one per step, as KTAB logs it
    prob: np.ndarray  # (n, T+1): KTAB's "prob :" rows (prob. of each actor's position)
    risk: np.ndarray  # (T+1, n): inferred risk attitudes R_i
    challenges: list[list[tuple[int, int, float, float]]]  # per step: (i, j, P[i>j], gain)
    bargains: list[list[tuple[int, int, np.ndarray, np.ndarray]]]  # per step: (i, j, b_i, b_j)
    state_options: list[tuple[np.ndarray, np.ndarray]]  # per state: (unique actor idx, prob)
    converged: bool = True
    turns: int = 0
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ run
def _state_dist(a: np.ndarray, b: np.ndarray) -> float:
    """Sum over actors of the Euclidean move, in actor order (KTAB SMPModel::stateDist)."""
    diff = a - b
    moves = np.sqrt(seq_sum_last(diff * diff))
    return float(np.add.reduce(moves[:, None], axis=0)[0])


def adjust_ideals(ideal: np.ndarray, position: np.ndarray,
                  accommodation: np.ndarray | None) -> np.ndarray:
    """New ideal points: each actor moves its ideal toward the new positions at the rates
    of its row of the accommodation matrix, keeping the rest (KTAB SMPState::newIdeals)."""
    if accommodation is None:
        return np.array(position, dtype=float)
    share = np.minimum(np.add.reduce(accommodation.T, axis=0), 1.0)
    return accommodation @ position + (1.0 - share)[:, None] * ideal


def run_smp(position: np.ndarray, salience: np.ndarray, capability: np.ndarray,
            config: SMPConfig | None = None, *, accommodation: np.ndarray | None = None,
            rng: np.random.Generator | None = None) -> SMPTrace:
    """Run KTAB's SMP on arrays in [0, 1] (positions n x d, saliences n x d, capabilities n).

    ``accommodation`` is KTAB's ideal-adjustment matrix (identity when None: ideals follow
    positions). Stochastic transitions need ``rng``.
    """
    cfg = config or SMPConfig()
    codes = Codes.of(cfg)
    x0 = np.array(position, dtype=float)
    sal = np.array(salience, dtype=float)
    cap = np.array(capability, dtype=float)
    validate(x0, sal, cap)
    n, _ = x0.shape
    if codes.stochastic and rng is None:
        raise InputError("stochastic transitions need a numpy Generator", where="rng")
    acc = None
    if accommodation is not None:
        acc = np.array(accommodation, dtype=float)
        if acc.shape != (n, n) or (acc < 0).any() or (acc > 1).any():
            raise InputError("must be an n x n matrix with entries in [0, 1]",
                             where="ideal_adjustment")
        if (acc.sum(axis=1) > 1 + 1e-10).any():
            raise InputError("each actor's adjustments must sum to at most 1",
                             where="ideal_adjustment")
        if np.array_equal(acc, np.eye(n)):
            acc = None
    ssum = seq_sum_last(sal)
    wsal = ssum * cap

    st = assess(x0, x0.copy(), sal, cap, codes)
    positions, ideals, risks = [st.x], [st.ideal], [st.risk]
    options, probs = [], []
    uniq, pu, pa = state_prob(st, cap, codes)
    options.append((uniq, pu))
    probs.append(pa)
    fractional: list[float] = []
    challenges: list[list[tuple[int, int, float, float]]] = []
    bargains: list[list[tuple[int, int, np.ndarray, np.ndarray]]] = []
    d01 = 0.0
    converged = False
    turn = 0
    while True:
        turn += 1
        best_j, best_p, gain = best_targets(st, wsal, ssum, codes)
        chal = np.flatnonzero(best_j >= 0)
        challenges.append([(int(i), int(best_j[i]), float(best_p[i]), float(gain[i]))
                           for i in chal])
        brg = make_bargains(st, best_j, best_p, sal, cap, wsal, codes)
        bargains.append([(int(i), int(j), pi, pj) for i, j, pi, pj in
                         zip(brg.init, brg.rcvr, brg.pos_init, brg.pos_rcvr, strict=True)])
        new_x = choose(st, brg, sal, cap, codes, rng)
        new_ideal = adjust_ideals(st.ideal, new_x, acc)
        st = assess(new_x, new_ideal, sal, cap, codes)
        positions.append(st.x)
        ideals.append(st.ideal)
        risks.append(st.risk)
        uniq, pu, pa = state_prob(st, cap, codes)
        options.append((uniq, pu))
        probs.append(pa)
        if turn == 1:
            d01 = _state_dist(positions[1], positions[0]) + cfg.min_sig_delta
        ratio = _state_dist(positions[turn], positions[turn - 1]) / d01
        fractional.append(ratio)
        quiet = ratio < cfg.min_delta_ratio
        if turn >= cfg.min_turns and quiet:
            converged = True
            break
        if turn >= cfg.max_turns:
            break
    return SMPTrace(
        positions=np.stack(positions), ideals=np.stack(ideals), fractional_change=fractional,
        prob=np.stack(probs, axis=1), risk=np.stack(risks), challenges=challenges,
        bargains=bargains,
        state_options=options, converged=converged, turns=turn,
    )


# --------------------------------------------------------------------------- model
def smp_saliences(sal: np.ndarray) -> np.ndarray:
    """SMP reads an actor's saliences as shares of its attention (summing to at most 1, as in
    KTAB's files); accord scenarios rate each issue on its own 0..1 scale, so rows summing to
    more than 1 are divided by their sum. Rows already within 1 are left bit-for-bit as given."""
    total = sal.sum(axis=-1, keepdims=True)
    return np.where(total > 1, sal / np.where(total > 0, total, 1.0), sal)


def summarise_state(trace: SMPTrace, t: int) -> np.ndarray:
    """Expected outcome of state t in [0, 1]: the final election's probability-weighted
    mean of the distinct positions (KTAB's "prob" distribution over unique positions)."""
    uniq, p = trace.state_options[t]
    return p @ trace.positions[t][uniq]


@register("smp")
class SMP:
    """KTAB's Spatial Model of Politics behind accord's model protocol.

    Parameters use KTAB's option names (see :class:`SMPConfig`); the defaults are those
    ``smpc`` applies to CSV scenarios. ``ideal_adjustment`` maps an actor id to
    {reference actor id: rate} (KTAB's IdealAdjustment; None = ideals follow positions).
    ``seed`` is used for stochastic runs when ``solve`` gets no generator.
    """

    name = "smp"

    def __init__(self, *, victory_prob_model: str = "Linear", pce_model: str = "Conditional",
                 state_transitions: str = "Deterministic", voting_rule: str = "Prop",
                 big_r_range: str = "Mid", big_r_adjust: str = "OneThird",
                 third_party_commit: str = "SemiCommit", inter_vec_brgn: str = "S2P2",
                 bargain_model: str = "InitOnlyInterp", max_turns: int = 100,
                 min_turns: int = 2, min_delta_ratio: float = 0.02,
                 min_sig_delta: float = 1e-4,
                 ideal_adjustment: Mapping[str, Mapping[str, float]] | None = None,
                 seed: int | None = None) -> None:
        self.config = SMPConfig(
            victory_prob_model=victory_prob_model, pce_model=pce_model,
            state_transitions=state_transitions, voting_rule=voting_rule,
            big_r_range=big_r_range, big_r_adjust=big_r_adjust,
            third_party_commit=third_party_commit, inter_vec_brgn=inter_vec_brgn,
            bargain_model=bargain_model, max_turns=max_turns, min_turns=min_turns,
            min_delta_ratio=min_delta_ratio, min_sig_delta=min_sig_delta,
        )
        self.ideal_adjustment = {k: dict(v) for k, v in (ideal_adjustment or {}).items()}
        self.seed = seed

    def _accommodation(self, actors: list[str]) -> np.ndarray | None:
        """KTAB's IdealAdjustment matrix: identity, overridden by the given pairs."""
        if not self.ideal_adjustment:
            return None
        ix = {a: k for k, a in enumerate(actors)}
        acc = np.eye(len(actors))
        for who, refs in self.ideal_adjustment.items():
            for ref, rate in refs.items():
                if who not in ix or ref not in ix:
                    raise InputError(f"unknown actor in {who!r}/{ref!r}",
                                     where="ideal_adjustment")
                acc[ix[who], ix[ref]] = float(rate)
        return acc

    def trace(self, scenario: Scenario, rng: np.random.Generator | None = None) -> SMPTrace:
        """Run on a scenario (positions scaled to [0, 1] per issue) and return the trace."""
        arr = scenario.arrays()
        if rng is None and self.config.state_transitions == "Stochastic":
            rng = np.random.default_rng(self.seed)
        return run_smp(arr.scaled(), smp_saliences(arr.salience), arr.capability, self.config,
                       accommodation=self._accommodation(arr.actors), rng=rng)

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        """Simulate to convergence; predictions are each state's expected outcome."""
        arr = scenario.arrays()
        tr = self.trace(scenario, rng)
        summary = np.stack([summarise_state(tr, t) for t in range(tr.turns + 1)])
        summary = arr.unscale(summary)
        issues = [
            IssueResult(issue=iid, prediction=float(summary[-1, k]),
                        rounds=[float(v) for v in summary[:, k]])
            for k, iid in enumerate(arr.issues)
        ]
        confrontations = [
            Confrontation(challenger=arr.actors[i], target=arr.actors[j], kind="challenge",
                          probability=min(1.0, max(0.0, p)), round=t + 1)
            for t, turn in enumerate(tr.challenges) for i, j, p, _ in turn
        ]
        positions = arr.unscale(tr.positions)
        rescaled = not np.allclose(smp_saliences(arr.salience), arr.salience)
        notes = [
            f"KTAB SMP: {tr.turns} turns, " + ("converged" if tr.converged else
                                               "stopped at the turn limit"),
            "prediction = probability-weighted mean of the distinct positions in the final "
            "state's election (KTAB's 'prob' distribution)",
        ] + (["saliences of actors whose saliences summed to more than 1 were divided by "
              "their sum (SMP reads them as shares of attention)"] if rescaled else [])
        return Result(
            model=self.name, issues=issues, confrontations=confrontations,
            converged=tr.converged, rounds=tr.turns, positions=positions.tolist(),
            actors=list(arr.actors), notes=notes,
        )
