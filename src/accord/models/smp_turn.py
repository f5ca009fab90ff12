"""One turn of KTAB's Spatial Model of Politics (SMP), vectorised with NumPy.

The options (named as KTAB names them) and the arithmetic of a single turn: assess a state
(utilities, risk attitudes, election probabilities), find each actor's best challenge,
build the interpolated bargains and choose among them. :mod:`accord.models.smp` runs turns
until the positions settle and puts the model behind accord's protocol. The order of every
sum follows KTAB's C++ source, so deterministic runs reproduce KTAB's logs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from accord.errors import InputError, ScenarioError

# Names as KTAB spells them in XML scenarios and logs (index = KTAB's enum value).
VOTING_RULES = ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp")
VICTORY_PROB_MODELS = ("Linear", "Square", "Quartic", "Octic", "Binary")
PCE_MODELS = ("Conditional", "MarkovIncentive", "MarkovUniform")
STATE_TRANSITIONS = ("Deterministic", "Stochastic")
BIG_R_RANGES = ("Min", "Mid", "Max")
BIG_R_ADJUSTS = ("None", "OneThird", "Half", "TwoThirds", "Full")
THIRD_PARTY_COMMITS = ("NoCommit", "SemiCommit", "FullCommit")
INTER_VEC_BRGNS = ("S1P1", "S2P2", "S2PMax")
BARGAIN_MODELS = ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp")

_MIN_COALITION = 1e-8  # floor of every election coalition (KTAB Model::coalitions)
_MIN_CHALLENGE_COALITION = 1e-10  # floor of the challenge coalitions (probEduChlg)
_MIN_SIG_EDU = 1e-5  # smallest expected gain that makes a target worth challenging
_POS_TOL = 1e-3  # positions closer than this (Euclidean, [0,1] scale) are the same
_P_TOL = 1e-8  # convergence of the Markov election models


@dataclass(frozen=True)
class SMPConfig:
    """The SMP options, spelled as KTAB spells them (defaults = KTAB's CSV defaults)."""

    victory_prob_model: str = "Linear"
    pce_model: str = "Conditional"
    state_transitions: str = "Deterministic"
    voting_rule: str = "Prop"
    big_r_range: str = "Mid"
    big_r_adjust: str = "OneThird"
    third_party_commit: str = "SemiCommit"
    inter_vec_brgn: str = "S2P2"
    bargain_model: str = "InitOnlyInterp"
    max_turns: int = 100
    min_turns: int = 2
    min_delta_ratio: float = 0.02
    min_sig_delta: float = 1e-4

    def __post_init__(self) -> None:
        for name, allowed in (
            ("victory_prob_model", VICTORY_PROB_MODELS), ("pce_model", PCE_MODELS),
            ("state_transitions", STATE_TRANSITIONS), ("voting_rule", VOTING_RULES),
            ("big_r_range", BIG_R_RANGES), ("big_r_adjust", BIG_R_ADJUSTS),
            ("third_party_commit", THIRD_PARTY_COMMITS), ("inter_vec_brgn", INTER_VEC_BRGNS),
            ("bargain_model", BARGAIN_MODELS),
        ):
            value = getattr(self, name)
            if value not in allowed:
                raise InputError(f"{value!r} is not one of {', '.join(allowed)}", where=name)
        if self.max_turns < 1 or self.min_turns < 1:
            raise InputError("turn limits must be at least 1", where="max_turns")
        if not self.min_delta_ratio > 0:
            raise InputError("must be positive", where="min_delta_ratio")


# ----------------------------------------------------------------- elementary pieces
def seq_sum_last(t: np.ndarray) -> np.ndarray:
    """Sum over the last (short) axis strictly left to right, as KTAB's loops do."""
    acc = t[..., 0].copy()
    for k in range(1, t.shape[-1]):
        acc += t[..., k]
    return acc


def _vote(rule: int, w: np.ndarray | float, du: np.ndarray) -> np.ndarray:
    """Vote of weight ``w`` for option a over b given the utility gap du = u(a) - u(b)."""
    if rule == 2:  # Prop
        return w * du
    if rule == 3:  # PropCbc
        return w * (0.5 * du + 0.5 * (du * du * du))
    if rule == 0:  # Binary
        return w * np.clip(du / 1e-8, -1.0, 1.0)
    if rule == 1:  # PropBin
        return w * ((1 - 0.2) * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0))
    if rule == 4:  # Cubic
        return w * (du * du * du)
    # ASymProsp: losses count fully, gains by two thirds
    w = np.broadcast_to(w, np.broadcast_shapes(np.shape(w), du.shape))
    return np.where(du < 0, w * du, np.where(du > 0, (2.0 * w * du) / 3.0, 0.0))


def _bs_util(dist: np.ndarray, r: np.ndarray | float) -> np.ndarray:
    """KTAB's utility of a (salience-weighted) distance for normalised risk attitude r."""
    one_minus = 1 - dist
    return np.where(dist <= 1, one_minus * (1 + dist * r), one_minus * (1 + r))


def _weighted_dist(ref: np.ndarray, pts: np.ndarray, sal: np.ndarray) -> np.ndarray:
    """d[..] = sqrt(sum_k (s_k (ref_k - p_k))^2 / sum_k s_k^2), summed in dimension order."""
    ds = (ref - pts) * sal
    return np.sqrt(seq_sum_last(ds * ds) / seq_sum_last(sal * sal))


def _victory_pairs(vpm: int, s1: np.ndarray, s2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P[1 beats 2] and P[2 beats 1] from the two coalition strengths (KTAB Model::vProb)."""
    if vpm == 4:  # Binary: a 10% edge decides, interpolated in between
        thresh = 1.10
        r12 = s1 / (s1 + s2)
        p12 = (r12 * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(s1 >= thresh * s2, 1.0, np.where(s2 >= thresh * s1, 1e-6, p12))
        x2 = np.where(s1 >= thresh * s2, 1e-6, np.where(s2 >= thresh * s1, 1.0, 1 - p12))
    elif vpm == 0:  # Linear
        x1, x2 = s1, s2
    elif vpm == 1:  # Square
        x1, x2 = s1 * s1, s2 * s2
    else:  # Quartic, Octic = (fourth power)^2
        x1, x2 = s1 * s1 * s1 * s1, s2 * s2 * s2 * s2
        if vpm == 3:
            x1, x2 = x1 * x1, x2 * x2
    return x1 / (x1 + x2), x2 / (x1 + x2)


def _coalitions(u: np.ndarray, w: np.ndarray, rule: int) -> np.ndarray:
    """Coalition strengths C[..., a, b] behind option a against b.

    ``u`` is (..., actors, options), ``w`` the actors' weights. Only pairs a > b are voted on,
    as in KTAB, so asymmetric voting rules give the same (order-dependent) numbers.
    """
    nopt = u.shape[-1]
    il, jl = np.tril_indices(nopt, -1)
    lead = u.shape[:-2]
    ua = np.moveaxis(u, -2, 0)  # (actors, ..., options): sums over actors run in order
    du = ua[..., il] - ua[..., jl]
    wv = w.reshape((-1,) + (1,) * (du.ndim - 1))
    v = _vote(rule, wv, du)
    pos = np.add.reduce(np.maximum(v, 0.0), axis=0, initial=_MIN_COALITION)
    neg = np.add.reduce(np.maximum(-v, 0.0), axis=0, initial=_MIN_COALITION)
    c = np.full(lead + (nopt, nopt), _MIN_COALITION)
    c[..., il, jl] = pos
    c[..., jl, il] = neg
    return c


def _victory_matrix(c: np.ndarray, vpm: int) -> np.ndarray:
    """P[..., a, b] = probability option a beats b, from coalition strengths."""
    nopt = c.shape[-1]
    il, jl = np.tril_indices(nopt, -1)
    p1, p2 = _victory_pairs(vpm, c[..., il, jl], c[..., jl, il])
    p = np.empty_like(c)
    p[..., il, jl] = p1
    p[..., jl, il] = p2
    idx = np.arange(nopt)
    p[..., idx, idx] = 0.5
    return p


def _markov_incentive(c: np.ndarray, pv: np.ndarray) -> np.ndarray:
    """KTAB's Markov-incentive election: challenges in proportion to supported victories."""
    nopt = c.shape[-1]
    idx = np.arange(nopt)
    inc = c * pv
    inc[..., idx, idx] += 1e-10
    chlg = inc / inc.sum(axis=-2, keepdims=True)  # chlg[k, j] = P[k challenges j]
    p = np.full(c.shape[:-1], 1.0 / nopt)
    active = np.ones(c.shape[:-2], dtype=bool)
    for _ in range(100000):
        ct = p[..., :, None] * np.swapaxes(chlg, -1, -2)  # ct[i, j] = p_i P[j challenges i]
        q = (pv * (ct + np.swapaxes(ct, -1, -2))).sum(axis=-1)
        change = np.abs(q - p).max(axis=-1)
        p = np.where(active[..., None], (p + q) / 2.0, p)
        active = active & (change > _P_TOL)
        if not active.any():
            return p
    raise ScenarioError("Markov-incentive election did not converge")


def _markov_uniform(pv: np.ndarray) -> np.ndarray:
    """KTAB's Markov election with uniformly random challenges."""
    nopt = pv.shape[-1]
    p = np.full(pv.shape[:-1], 1.0 / nopt)
    active = np.ones(pv.shape[:-2], dtype=bool)
    for _ in range(100000):
        q = (pv * (p[..., :, None] + p[..., None, :])).sum(axis=-1) / nopt
        change = np.abs(q - p).max(axis=-1)
        p = np.where(active[..., None], (p + q) / 2.0, p)
        active = active & (change > 1e-6)
        if not active.any():
            return p
    raise ScenarioError("Markov-uniform election did not converge")


def _election(u: np.ndarray, w: np.ndarray, cfg: Codes) -> np.ndarray:
    """Probability of each option (..., options) from utilities (..., actors, options)."""
    c = _coalitions(u, w, cfg.vr)
    pv = _victory_matrix(c, cfg.vpm)
    if cfg.pcem == 0:  # Conditional: P[a] proportional to prod_b P[a beats b]
        prod = np.multiply.reduce(np.moveaxis(pv, -1, 0), axis=0)
        return prod / prod.sum(axis=-1, keepdims=True)
    if cfg.pcem == 1:
        return _markov_incentive(c, pv)
    return _markov_uniform(pv)


@dataclass(frozen=True)
class Codes:
    """Integer codes of an :class:`SMPConfig` (KTAB enum values)."""

    vr: int
    vpm: int
    pcem: int
    stochastic: bool
    rr: int
    ra: int
    tpc: int
    ivb: int
    bmod: int

    @classmethod
    def of(cls, cfg: SMPConfig) -> Codes:
        return cls(
            vr=VOTING_RULES.index(cfg.voting_rule),
            vpm=VICTORY_PROB_MODELS.index(cfg.victory_prob_model),
            pcem=PCE_MODELS.index(cfg.pce_model),
            stochastic=cfg.state_transitions == "Stochastic",
            rr=BIG_R_RANGES.index(cfg.big_r_range),
            ra=BIG_R_ADJUSTS.index(cfg.big_r_adjust),
            tpc=THIRD_PARTY_COMMITS.index(cfg.third_party_commit),
            ivb=INTER_VEC_BRGNS.index(cfg.inter_vec_brgn),
            bmod=BARGAIN_MODELS.index(cfg.bargain_model),
        )


def _big_r(p: np.ndarray, rr: int) -> np.ndarray:
    """Risk attitudes from risk-neutral win probabilities (KTAB Model::bigRfromProb).

    When every position is equally likely (e.g. all actors agree) KTAB divides 0 by 0;
    here everyone is then taken as risk neutral, which leaves such a state at rest.
    """
    pmin, pmax = p.min(), p.max()
    if not pmax > pmin:
        return np.zeros_like(p)
    if rr == 0:
        return (p - pmin) / (pmax - pmin)
    if rr == 1:
        return (3 * p - (pmax + 2 * pmin)) / (2 * (pmax - pmin))
    return (2 * p - (pmax + pmin)) / (pmax - pmin)


def _est_r(rh: np.ndarray, ri: np.ndarray, ra: int) -> np.ndarray:
    """h's estimate of i's risk attitude under the anchoring rule ``ra``."""
    if ra == 0:
        return rh + 0.0 * ri
    if ra == 1:
        return ((2.0 * rh) + ri) / 3.0
    if ra == 2:
        return (rh + ri) / 2
    if ra == 3:
        return (rh + (2.0 * ri)) / 3.0
    return ri + 0.0 * rh


# ---------------------------------------------------------------------- one state
@dataclass
class _Assessed:
    """A state with its utilities: distances, risk attitudes, every actor's view."""

    x: np.ndarray  # positions (n, d)
    ideal: np.ndarray  # ideals (n, d)
    dist: np.ndarray  # dist[i, j] = from i's ideal to j's position
    risk: np.ndarray  # R_i
    au: np.ndarray  # au[h, i, j] = h's estimate of i's utility for j's position
    own: np.ndarray  # own[i, j] = au[i, i, j]


def assess(x: np.ndarray, ideal: np.ndarray, sal: np.ndarray, cap: np.ndarray,
            codes: Codes) -> _Assessed:
    """KTAB SMPState::setAllAUtil: risk-neutral election, risk attitudes, utility views."""
    dist = _weighted_dist(ideal[:, None, :], x[None, :, :], sal[:, None, :])
    rn_util = _bs_util(dist, 0.0)
    p = _election(rn_util, cap, codes)
    risk = _big_r(p, codes.rr)
    r_hi = _est_r(risk[:, None], risk[None, :], codes.ra)  # (h, i)
    au = _bs_util(dist[None, :, :], r_hi[:, :, None])
    idx = np.arange(len(cap))
    return _Assessed(x=x, ideal=ideal, dist=dist, risk=risk, au=au, own=au[idx, idx, :])


def _unique_positions(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """KTAB's unique positions (first of each equivalence class) and the close-pair matrix."""
    diff = x[:, None, :] - x[None, :, :]
    close = np.sqrt(seq_sum_last(diff * diff)) < _POS_TOL
    is_uniq = np.zeros(len(x), dtype=bool)
    # greedy scan in actor order (equivalence is not transitive); one vector test per actor
    for i in range(len(x)):
        is_uniq[i] = not (close[i, :i] & is_uniq[:i]).any()
    return np.flatnonzero(is_uniq), close


def state_prob(st: _Assessed, cap: np.ndarray, codes: Codes
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """KTAB pDist(-1) + posProb: election over unique positions, per-actor probability."""
    uniq, close = _unique_positions(st.x)
    p = _election(st.own[:, uniq], cap, codes)
    hit = close[:, uniq]  # the last equivalent unique position wins, as in State::posProb
    last = hit.shape[1] - 1 - np.argmax(hit[:, ::-1], axis=1)
    return uniq, p, p[last]


# ----------------------------------------------------------------------- challenges
def _challenge_probs(au_h: np.ndarray, i: np.ndarray, j: np.ndarray, wsal: np.ndarray,
                     codes: Codes) -> tuple[np.ndarray, np.ndarray]:
    """Coalitions for i against j as estimated from the views ``au_h`` (batch, n, n).

    Returns (chij, chji) per batch element; third parties join the side they favour in
    the little three-way contest, as in KTAB SMPState::probEduChlg.
    """
    b, n, _ = au_h.shape
    bi = np.arange(b)
    uii, uij = au_h[bi, i, i], au_h[bi, i, j]
    uji, ujj = au_h[bi, j, i], au_h[bi, j, j]
    ci = _vote(codes.vr, wsal[i], uii - uij)
    cj = _vote(codes.vr, wsal[j], uji - ujj)
    c_ij = (_MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0)) + np.maximum(cj, 0.0)
    c_ji = (_MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0)) + np.maximum(-cj, 0.0)
    m = np.arange(n)[:, None]  # third parties on axis 0 so the sums run in actor order
    uni = au_h[bi, :, i].T  # (m, b)
    unj = au_h[bi, :, j].T
    unn = np.diagonal(au_h, axis1=1, axis2=2).T
    v = _third_party_votes(uni, unj, unn, c_ij, c_ji, wsal[:, None], codes)
    v = np.where((m == i[None, :]) | (m == j[None, :]), 0.0, v)
    return _challenge_sums(c_ij, c_ji, v)


def _challenge_sums(c_ij: np.ndarray, c_ji: np.ndarray, v: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Each side's coalition: its own strength plus the third parties' votes for it, summed
    in actor order (the pair's own strength first, as KTAB adds them)."""
    stack = np.empty((v.shape[0] + 1, *v.shape[1:]))
    stack[0] = c_ij
    np.maximum(v, 0.0, out=stack[1:])
    chij = np.add.reduce(stack, axis=0)
    stack[0] = c_ji
    np.maximum(-v, 0.0, out=stack[1:])
    chji = np.add.reduce(stack, axis=0)
    return chij, chji


def _third_party_votes(uni: np.ndarray, unj: np.ndarray, unn: np.ndarray, c_ij: np.ndarray,
                       c_ji: np.ndarray, wn: np.ndarray, codes: Codes) -> np.ndarray:
    """Vote of each third party n in i's challenge of j (KTAB Actor::thirdPartyVoteSU)."""
    v0 = _vote(codes.vr, wn, uni - unj)
    cni = c_ij + np.maximum(v0, 0.0)
    cnj = c_ji + np.maximum(-v0, 0.0)
    pin = cni / (cni + cnj)
    pjn = 1.0 - pin
    ii = uni + uni
    jj = unj + unj
    if codes.tpc == 1:  # SemiCommit
        u_ik_j = pin * (ii + unn) + pjn * (jj + unj)
        u_i_jk = pin * (ii + uni) + pjn * (jj + unn)
    elif codes.tpc == 2:  # FullCommit
        u_ik_j = pin * (ii + uni) + pjn * (jj + unj)
        u_i_jk = pin * (ii + uni) + pjn * (jj + unj)
    else:  # NoCommit
        u_ik_j = pin * (ii + unn) + pjn * (jj + unn)
        u_i_jk = pin * (ii + unn) + pjn * (jj + unn)
    return _vote(codes.vr, wn, u_ik_j - u_i_jk)


def best_targets(st: _Assessed, wsal: np.ndarray, ssum: np.ndarray, codes: Codes,
                  block_elems: int = 2_000_000) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each actor's best target j, its own estimate P[i beats j] and the expected gain.

    Vectorised over (challenger, target, third party), in blocks of challengers to bound
    memory: O(n^3) per turn, where KTAB evaluates ~3n^4 estimates.
    """
    n = len(wsal)
    au = st.au
    best_j = np.full(n, -1)
    best_p = np.zeros(n)
    best_gain = np.full(n, -np.inf)
    prob_all = np.empty((n, n))
    gain_all = np.empty((n, n))
    step = max(1, block_elems // max(1, n * n))
    jj = np.arange(n)
    tp_mask_m = np.arange(n)[:, None, None]
    for start in range(0, n, step):
        ib = np.arange(start, min(n, start + step))
        a = au[ib]  # (b, n, n): challenger i's own view of everyone
        b = len(ib)
        bi = np.arange(b)
        uii = a[bi, ib, ib][:, None]  # (b, 1)
        uij = a[bi, ib, :]  # (b, n)
        uji = a[bi, :, ib]  # (b, n)
        ujj = np.diagonal(a, axis1=1, axis2=2)  # (b, n)
        ci = _vote(codes.vr, wsal[ib][:, None], uii - uij)
        cj = _vote(codes.vr, wsal[None, :], uji - ujj)
        c_ij = (_MIN_CHALLENGE_COALITION + np.maximum(ci, 0.0)) + np.maximum(cj, 0.0)
        c_ji = (_MIN_CHALLENGE_COALITION + np.maximum(-ci, 0.0)) + np.maximum(-cj, 0.0)
        # third parties m on axis 0: (m, b, j)
        uni = a[bi, :, ib].T[:, :, None]  # a[i, m, i]
        unj = np.transpose(a, (1, 0, 2))  # a[i, m, j]
        unn = ujj.T[:, :, None]  # a[i, m, m]
        v = _third_party_votes(uni, unj, unn, c_ij[None], c_ji[None],
                               wsal[:, None, None], codes)
        excluded = (tp_mask_m == ib[None, :, None]) | (tp_mask_m == jj[None, None, :])
        v[excluded] = 0.0
        chij, chji = _challenge_sums(c_ij, c_ji, v)
        phij = chij / (chij + chji)
        phji = chji / (chij + chji)
        eu_vict = uii + uii
        eu_cntst = phij * eu_vict + phji * (uij + uij)
        sj = ssum[None, :]
        gain = ((1 - sj) * eu_vict + sj * eu_cntst) - (uii + uij)
        gain[bi, ib] = -np.inf
        prob_all[ib] = phij
        gain_all[ib] = gain
    best = np.argmax(gain_all, axis=1)  # first maximum, as KTAB scans targets in order
    top = gain_all[np.arange(n), best]
    ok = top > _MIN_SIG_EDU
    best_j[ok] = best[ok]
    best_p[ok] = prob_all[np.arange(n), best][ok]
    best_gain[ok] = top[ok]
    return best_j, best_p, best_gain


# ------------------------------------------------------------------------- bargains
def _round4(v: np.ndarray) -> np.ndarray:
    """KTAB's rounding of bargain coordinates to 4 decimals (truncation after +0.5)."""
    return np.trunc(0.5 + v * 10000.0) / 10000.0


def _interpolate(ti: np.ndarray, si: np.ndarray, pi: np.ndarray, tj: np.ndarray,
                 sj: np.ndarray, pj: np.ndarray, ivb: int) -> tuple[np.ndarray, np.ndarray]:
    """Bargain positions for i and j: coordinates weighted by salience and win chance."""
    if ivb == 2:  # S2PMax
        di = np.where(pj > pi, pj - pi, 0.0)
        dj = np.where(pi > pj, pi - pj, 0.0)
        si2, sj2 = si * si, sj * sj
        dik = (di * sj2) / ((di * sj2) + 1e-6 + ((1 - di) * si2))
        djk = (dj * si2) / ((dj * si2) + 1e-6 + ((1 - dj) * sj2))
        return ti + dik * (tj - ti), tj + djk * (ti - tj)
    if ivb == 1:  # S2P2
        wi = (si * si) * (pi * pi)
        wj = (sj * sj) * (pj * pj)
    else:  # S1P1
        wi = si * pi
        wj = sj * pj
    den = wi + 1e-6 + wj
    bi = _round4(((wi + 1e-6) * ti + wj * tj) / den)
    bj = _round4((wi * ti + (1e-6 + wj) * tj) / den)
    return bi, bj


@dataclass
class _Bargains:
    """Proposed bargains of one turn: initiator, receiver and their new positions."""

    init: np.ndarray
    rcvr: np.ndarray
    pos_init: np.ndarray  # (B, d)
    pos_rcvr: np.ndarray  # (B, d)


def make_bargains(st: _Assessed, best_j: np.ndarray, best_p: np.ndarray,
                   sal: np.ndarray, cap: np.ndarray, wsal: np.ndarray,
                   codes: Codes) -> _Bargains:
    """Interpolated bargains of every challenger with its target (KTAB doBCN(i))."""
    chal = np.flatnonzero(best_j >= 0)
    tgt = best_j[chal]
    x = st.x
    p_iij = best_p[chal][:, None]
    b_iij = _interpolate(x[chal], sal[chal], p_iij, x[tgt], sal[tgt], 1 - p_iij, codes.ivb)
    if codes.bmod == 0:
        return _Bargains(chal, tgt, b_iij[0], b_iij[1])
    # the target's own estimate that the challenger wins
    chij, chji = _challenge_probs(st.au[tgt], chal, tgt, wsal, codes)
    p_jij = (chij / (chij + chji))[:, None]
    b_jij = _interpolate(x[chal], sal[chal], p_jij, x[tgt], sal[tgt], 1 - p_jij, codes.ivb)
    if codes.bmod == 1:  # both perspectives are offered, initiator's first
        init = np.stack([chal, chal], axis=1).ravel()
        rcvr = np.stack([tgt, tgt], axis=1).ravel()
        pi = np.stack([b_iij[0], b_jij[0]], axis=1).reshape(-1, x.shape[1])
        pj = np.stack([b_iij[1], b_jij[1]], axis=1).reshape(-1, x.shape[1])
        return _Bargains(init, rcvr, pi, pj)
    # power-weighted compromise; KTAB weighs the receiver's view with the initiator's
    # capability (brgnJIJ->actInit), which is kept here for parity
    wi = (cap[chal] * seq_sum_last(sal[chal]))[:, None]
    wj = (cap[chal] * seq_sum_last(sal[tgt]))[:, None]
    pi = (wi * b_iij[0] + wj * b_jij[0]) / (wi + wj)
    pj = (wi * b_iij[1] + wj * b_jij[1]) / (wi + wj)
    return _Bargains(chal, tgt, pi, pj)


def _bargain_utils(st: _Assessed, brg: _Bargains, sal: np.ndarray) -> tuple[np.ndarray,
                                                                               np.ndarray]:
    """Each actor's mean utility of the state after each bargain, and of the status quo."""
    n = len(st.x)
    own_t = np.ascontiguousarray(st.own.T)  # (position m, actor a)
    sq = np.add.reduce(own_t, axis=0) / n
    nb = len(brg.init)
    if nb == 0:
        return np.empty((n, 0)), sq
    r = st.risk[:, None]
    ideal = st.ideal[:, None, :]
    sa = sal[:, None, :]
    u_init = _bs_util(_weighted_dist(ideal, brg.pos_init[None, :, :], sa), r)  # (a, b)
    u_rcvr = _bs_util(_weighted_dist(ideal, brg.pos_rcvr[None, :, :], sa), r)
    stack = np.empty((n + 2, n, nb))
    stack[0] = u_init
    stack[1] = u_rcvr
    stack[2:] = own_t[:, :, None]
    m = np.arange(n)[:, None, None]
    hit = (m == brg.init[None, None, :]) | (m == brg.rcvr[None, None, :])
    stack[2:][np.broadcast_to(hit, stack[2:].shape)] = 0.0
    return np.add.reduce(stack, axis=0) / n, sq


def _option_elections(st: _Assessed, brg: _Bargains, sal: np.ndarray, cap: np.ndarray,
                      codes: Codes) -> tuple[list[list[int]], list[np.ndarray]]:
    """Each actor's options (-1 = status quo, else a bargain index; status quo first, then
    bargains in initiator order) and the election probabilities it gives them.

    Actors with the same number of options are decided in one batched election.
    """
    n = len(cap)
    ub, sq = _bargain_utils(st, brg, sal)
    options: list[list[int]] = [[-1] for _ in range(n)]
    for b, (i, j) in enumerate(zip(brg.init.tolist(), brg.rcvr.tolist(), strict=True)):
        options[i].append(b)
        options[j].append(b)
    probs: list[np.ndarray] = [np.ones(1) for _ in range(n)]
    sizes = np.array([len(o) for o in options])
    for size in np.unique(sizes[sizes > 1]):
        ks = np.flatnonzero(sizes == size)
        opt = np.array([options[k] for k in ks])  # (K, size)
        bidx = np.where(opt < 0, 0, opt)
        u = np.where(opt[:, None, :] < 0, sq[None, :, None], ub[:, bidx].transpose(1, 0, 2))
        p = _election(u, cap, codes)  # (K, size)
        for row, k in enumerate(ks.tolist()):
            probs[k] = p[row]
    return options, probs


def _option_position(st: _Assessed, brg: _Bargains, k: int, b: int) -> np.ndarray:
    """Where actor k stands if option b (-1 = status quo) is implemented."""
    if b < 0:
        return st.x[k]
    return brg.pos_init[b] if brg.init[b] == k else brg.pos_rcvr[b]


def choose(st: _Assessed, brg: _Bargains, sal: np.ndarray, cap: np.ndarray, codes: Codes,
            rng: np.random.Generator | None) -> np.ndarray:
    """Each actor's new position: the most probable option, or a draw from the election."""
    options, probs = _option_elections(st, brg, sal, cap, codes)
    n = len(cap)
    draws = rng.random(n) if codes.stochastic else None
    new_x = st.x.copy()
    for k in range(n):
        p = probs[k]
        if len(p) == 1:
            continue
        if draws is not None:  # first option whose cumulative probability reaches the draw
            pick = min(int((np.cumsum(p) < draws[k]).sum()), len(p) - 1)
        else:
            pick = int(np.argmax(p))  # first maximum, as KTAB's ndxMaxAbs
        new_x[k] = _option_position(st, brg, k, options[k][pick])
    return new_x


def step_options(position: np.ndarray, ideal: np.ndarray, salience: np.ndarray,
                 capability: np.ndarray, config: SMPConfig | None = None
                 ) -> list[tuple[np.ndarray, np.ndarray]]:
    """One SMP turn from a given state, without choosing: for each actor, the positions it
    may take (status quo first) and the election probability of each ([0, 1] scale)."""
    codes = Codes.of(config or SMPConfig())
    x = np.array(position, dtype=float)
    sal = np.array(salience, dtype=float)
    cap = np.array(capability, dtype=float)
    validate(x, sal, cap)
    st = assess(x, np.array(ideal, dtype=float), sal, cap, codes)
    ssum = seq_sum_last(sal)
    best_j, best_p, _ = best_targets(st, ssum * cap, ssum, codes)
    brg = make_bargains(st, best_j, best_p, sal, cap, ssum * cap, codes)
    options, probs = _option_elections(st, brg, sal, cap, codes)
    return [
        (np.stack([_option_position(st, brg, k, b) for b in options[k]]), probs[k])
        for k in range(len(cap))
    ]


def validate(x: np.ndarray, sal: np.ndarray, cap: np.ndarray) -> None:
    """Reject inputs KTAB would refuse (it throws deep inside the run instead)."""
    if x.ndim != 2 or sal.shape != x.shape or cap.shape != (x.shape[0],):
        raise ScenarioError("positions and saliences must be n x d, capabilities n")
    if x.shape[0] < 2:
        raise ScenarioError("SMP needs at least two actors")
    if not np.isfinite(x).all() or (x < 0).any() or (x > 1).any():
        raise ScenarioError("positions must lie in [0, 1] after scaling")
    if (sal < 0).any() or (sal > 1).any():
        raise ScenarioError("saliences must lie in [0, 1]")
    total = seq_sum_last(sal)
    bad = np.flatnonzero((total <= 0) | (total > 1 + 1e-12))
    if bad.size:
        raise ScenarioError(
            f"actor #{int(bad[0])}: saliences must sum to a value in (0, 1] (got {total[bad[0]]})"
        )
    if (cap <= 0).any():
        raise ScenarioError("capabilities must be positive")
