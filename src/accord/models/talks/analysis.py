"""Monte Carlo of the talks and what an analyst reads from it.

``run_talks(scenario, config)`` draws the scenario's uncertain inputs (triangular on each
range, as ``accord.models.montecarlo``; run 0 keeps the analyst's point values) and the
strategy parameters, prices the outside option with the crisis model, plays the protocol
on all runs at once and reports: P(agreement by the deadline) with its standard error, the
distribution of the agreed terms per issue, rounds to agreement, who conceded what, how
far the agreements lie from the Pareto frontier (the largest equal utility gain every
party could still get, a linear programme per sampled agreement) and from the Nash
bargaining solution, and the deal-breakers: the issues whose removal from the table (or
halving of every party's salience on it) raises P(agreement) most, re-played on the same
draws (common random numbers) and shown with the scenario's sources for that issue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import numpy as np

from accord.errors import InputError
from accord.models.base import register
from accord.models.montecarlo import draw_inputs, uncertainty_spec
from accord.models.talks import negotiators as ng
from accord.models.talks import protocols as pr
from accord.models.talks.records import (
    DealBreaker,
    TalksConcession,
    TalksConfig,
    TalksIssue,
    TalksResult,
)
from accord.models.talks.utility import (
    Domain,
    build_domain,
    core_pair,
    crisis_strike_probability,
    days_until,
    no_agreement_value,
    utility,
)
from accord.types import IssueResult, Result, Scenario

QUANTILES = {"q05": 0.05, "q25": 0.25, "q50": 0.50, "q75": 0.75, "q95": 0.95}
MAX_ROUNDS = 2000
MAX_CELLS = 20_000_000   # runs x actors x issues held at once (each array ~160 MB at the cap)


def pareto_gap(x: np.ndarray, dom: Domain, run: int) -> float:
    """Largest equal utility gain every party could still get over package x in ``run``:
    0 on the Pareto frontier (an LP over the packages of the table)."""
    from scipy.optimize import linprog

    z, w = dom.ideal[run], dom.weight[run]
    n, d = z.shape
    u0 = utility(x[None], z[None], w[None])[0]
    # variables: y (d), t (n x d), eps;  maximise eps subject to
    #   sum_k w_ik t_ik + eps <= 1 - u0_i,   y_k - t_ik <= z_ik,   -y_k - t_ik <= -z_ik
    nv = d + n * d + 1
    c = np.zeros(nv)
    c[-1] = -1.0
    ys = np.tile(np.eye(d), (n, 1))
    eye = np.eye(n * d)
    col = np.zeros((n * d, 1))
    a_u = np.hstack([np.zeros((n, d)), np.kron(np.eye(n), np.ones((1, d))) * w.ravel(),
                     np.ones((n, 1))])
    a_ub = np.vstack([a_u, np.hstack([ys, -eye, col]), np.hstack([-ys, -eye, col])])
    b_ub = np.concatenate([1.0 - u0, z.ravel(), -z.ravel()])
    bounds = [((v, v) if not dom.open[k] else (0.0, 1.0))
              for k, v in enumerate(dom.fixed)] + [(0, None)] * (n * d) + [(0, None)]
    res = linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    return float(-res.fun) if res.status == 0 else float("nan")


def _play(dom: Domain, st: ng.Strategies, cfg: TalksConfig, rounds: int,
          mediator: int | None) -> pr.Trace:
    """Run the configured protocol on a domain."""
    if cfg.protocol == "spe":
        return pr.spe(dom, rounds, cfg.discount)
    if cfg.protocol == "sao":
        return pr.sao(dom, st, rounds, cfg.discount, cfg.delay_cost, cfg.capability_exponent)
    return pr.mediator(dom, st, rounds, mediator, cfg.discount, cfg.delay_cost,
                       cfg.capability_exponent, cfg.mediator_weight)


def _subset(dom: Domain, runs: np.ndarray) -> Domain:
    """The domain restricted to some runs."""
    return replace(dom, ideal=dom.ideal[runs], weight=dom.weight[runs],
                   reservation=dom.reservation[runs], capability=dom.capability[runs],
                   intensity=None if dom.intensity is None else dom.intensity[runs])


def _evidence(scenario: Scenario, issue: str, top: int = 3) -> list[str]:
    """The issue's own source and the sources of its most salient positions."""
    out = []
    iss = next(i for i in scenario.issues if i.id == issue)
    if iss.source.note:
        out.append(f"issue: {iss.source.note}")
    pos = sorted((p for p in scenario.positions if p.issue == issue),
                 key=lambda p: (-p.salience, p.actor))
    for p in pos[:top]:
        note = p.source.note or p.source.kind
        out.append(f"{p.actor} at {p.position:g} (salience {p.salience:g}): {note}")
    return out


def _quantiles(v: np.ndarray) -> dict[str, float]:
    """q05..q95 and the mean, rounded; empty when nothing agreed."""
    if v.size == 0:
        return {}
    qs = {k: round(float(np.quantile(v, q)), 6) for k, q in QUANTILES.items()}
    qs["mean"] = round(float(v.mean()), 6)
    return qs


def run_talks(scenario: Scenario, cfg: TalksConfig,
              progress: Callable[[int, int], None] | None = None) -> TalksResult:
    """Play the talks ``cfg.runs`` times over the scenario's uncertainty (module doc)."""
    arr = scenario.arrays()
    ids = arr.actors
    n, d = len(ids), len(arr.issues)
    if n < 2:
        raise InputError("talks need at least two actors", where="scenario")
    mediator = None
    if cfg.mediator is not None:
        if cfg.mediator not in ids:
            raise InputError(f"unknown actor {cfg.mediator!r}; the scenario has "
                             f"{', '.join(ids)}", where="--mediator")
        mediator = ids.index(cfg.mediator)
    if cfg.protocol == "spe" and n != 2:
        raise InputError(f"protocol 'spe' needs exactly two parties, got {n}",
                         where="--protocol")
    rounds = days_until(scenario, cfg.deadline) if cfg.deadline else cfg.rounds
    if rounds > MAX_ROUNDS:
        raise InputError(f"{rounds} rounds to the deadline: at most {MAX_ROUNDS}",
                         where="--deadline")
    for a in cfg.strategies:
        if a not in ids:
            raise InputError(f"unknown actor {a!r} in a strategy override", where="--party")
    if cfg.strategy == "spe" and cfg.protocol != "spe":
        raise InputError("strategy 'spe' (the subgame-perfect plan) needs --protocol spe",
                         where="--strategy")
    if cfg.protocol == "spe":   # the plan is the strategy of both parties
        cfg = cfg.model_copy(update={"strategy": "spe", "strategies": {}})
    R = int(cfg.runs)
    if R * n * d > MAX_CELLS:
        raise InputError(f"{R} runs x {n} actors x {d} issues is more than {MAX_CELLS:,} "
                         "cells held at once; use fewer runs", where="--runs")
    s_draw, s_strat, s_cost, s_crisis = np.random.SeedSequence(int(cfg.seed)).spawn(4)
    spec = uncertainty_spec(scenario, arr)
    x, s, c, _ = draw_inputs(arr, spec, np.random.default_rng(s_draw), R)
    x[0], s[0], c[0] = arr.position, arr.salience, arr.capability
    st = ng.draw_strategies(cfg.strategy, R, n, np.random.default_rng(s_strat),
                            {ids.index(a): v for a, v in cfg.strategies.items()})
    u_cost = np.random.default_rng(s_cost).random((R, 2))
    if cfg.crisis is None:
        from accord.io.deu import is_eu_legislative

        cfg = cfg.model_copy(update={"crisis": not is_eu_legislative(scenario)})
    ch, tg = core_pair(scenario, cfg.challenger, cfg.target)
    q = cfg.strike_probability
    if cfg.crisis and q is None:
        q = crisis_strike_probability(scenario, ch, tg, rounds,
                                      int(np.random.default_rng(s_crisis).integers(2**31)))
    from accord.models.crisis import CrisisParams

    prm = CrisisParams()

    def domain(drop: tuple[str, ...] = (), reweight: dict | None = None) -> Domain:
        """The domain on the shared draws, optionally with issues dropped or re-weighted."""
        dom = build_domain(scenario, x, s, c, cfg.refusals, cfg.refusal_price, drop, reweight)
        if cfg.crisis:
            dom = dom.with_reservation(no_agreement_value(
                dom, ids.index(ch), ids.index(tg), float(q), prm.cost_a, prm.cost_b, u_cost))
        return dom

    steps = 1 + (2 * d if cfg.deal_breakers else 0)
    dom = domain()
    tr = _play(dom, st, cfg, rounds, mediator)
    if progress:
        progress(1, steps)
    p = float(tr.agreed.mean())
    se = float(np.sqrt(p * (1 - p) / R))
    ok = tr.agreed
    terms = dom.unscale(tr.terms[ok])
    # Pareto and Nash gaps on a sample of agreed runs (run 0 first when agreed)
    sample = np.flatnonzero(ok)[: cfg.analysis_sample]
    gaps = np.array([pareto_gap(tr.terms[r], dom, int(r)) for r in sample])
    nash = (pr.nash_point(_subset(dom, sample), cfg.capability_exponent) if sample.size
            else np.zeros((0, d)))
    nash_pt = pr.nash_point(_subset(dom, np.arange(1)), cfg.capability_exponent)[0]
    u_agree = utility(tr.terms[sample], dom.ideal[sample], dom.weight[sample])
    u_nash = utility(nash, dom.ideal[sample], dom.weight[sample])
    point = _subset(dom, np.arange(1))
    start = pr.text_start(point, np.where(point.open, point.ideal, point.fixed),
                          pr.power(point, cfg.capability_exponent))[0]
    issues = []
    for k, iss in enumerate(scenario.issues):
        sq = arr.status_quo[k]
        issues.append(TalksIssue(
            issue=iss.id, name=iss.name, on_table=bool(dom.open[k]),
            status_quo=None if np.isnan(sq) else float(sq),
            point=round(float(dom.unscale(tr.terms[0])[k]), 6) if ok[0] else None,
            quantiles=_quantiles(terms[:, k]),
            nash=round(float(dom.unscale(nash_pt)[k]), 6),
            start=round(float(dom.unscale(start)[k]), 6) if cfg.protocol == "mediator" else None))
    u_ok = utility(tr.terms[ok], dom.ideal[ok], dom.weight[ok]) if ok.any() else np.zeros((0, n))
    kinds = {0: "time-dependent", 1: "tit-for-tat", 2: "learner"}
    concessions = []
    for i, a in enumerate(ids):
        moved = np.abs(terms - x[ok, i]) if ok.any() else np.zeros((0, d))  # its drawn position
        concessions.append(TalksConcession(
            actor=a, reservation=round(float(dom.reservation[0, i]), 6),
            utility=round(float(u_ok[:, i].mean()), 6) if ok.any() else 0.0,
            conceded={iss: round(float(moved[:, k].mean()), 6) if ok.any() else 0.0
                      for k, iss in enumerate(arr.issues) if arr.salience[i, k] > 0},
            strategy=("subgame-perfect" if cfg.protocol == "spe" else
                      f"{kinds[int(st.kind[0, i])]} e={st.e[0, i]:.2f} (run 0)")))
    rta = tr.round[ok] + 1
    breakers = []
    if cfg.deal_breakers:
        for k, iss in enumerate(arr.issues):
            if not dom.open[k]:
                continue
            p_rm = float(_play(domain(drop=(iss,)), st, cfg, rounds, mediator).agreed.mean())
            if progress:
                progress(2 + 2 * k, steps)
            p_hw = float(_play(domain(reweight={iss: 0.5}), st, cfg, rounds,
                               mediator).agreed.mean())
            if progress:
                progress(3 + 2 * k, steps)
            breakers.append(DealBreaker(
                issue=iss, p_removed=round(p_rm, 6), delta_removed=round(p_rm - p, 6),
                p_half_weight=round(p_hw, 6), delta_half_weight=round(p_hw - p, 6),
                evidence=_evidence(scenario, iss)))
        breakers.sort(key=lambda b: (-b.delta_removed, -b.delta_half_weight, b.issue))
    refused = [{"actor": a.id, "issue": r, "treatment": cfg.refusals}
               for a in scenario.actors for r in (a.refuses or [])]
    span = dom.high - dom.low
    nash_gap = (np.abs(tr.terms[sample] - nash) * span).mean(axis=0) if sample.size else None
    notes = [
        f"{R} runs, seed {cfg.seed}; run 0 plays the analyst's point values; the others draw "
        "positions, saliences and capabilities on their ranges (triangular) and each party's "
        "strategy parameters",
        f"deadline: {rounds} rounds" + (f" (one a day to {cfg.deadline})" if cfg.deadline else ""),
    ]
    if cfg.crisis:
        notes.append(f"outside option: with no deal, {ch} strikes {tg} with probability "
                     f"{q:.3f} (crisis model), else the status quo; see outside_option")
    return TalksResult(
        scenario=scenario.name, protocol=cfg.protocol, mediator=cfg.mediator,
        strategy=cfg.strategy, runs=R, seed=cfg.seed, rounds=rounds, deadline=cfg.deadline,
        p_agreement=round(p, 6), p_agreement_se=round(se, 6),
        rounds_to_agreement=_quantiles(rta.astype(float)),
        issues=issues, concessions=concessions,
        pareto={"sampled": int(sample.size),
                "mean_gap": round(float(np.nanmean(gaps)), 6) if gaps.size else 0.0,
                "share_efficient": round(float((gaps < 1e-3).mean()), 6) if gaps.size else 0.0},
        nash={"sampled": int(sample.size),
              **({f"distance_{iss}": round(float(g), 6) for iss, g in
                  zip(arr.issues, nash_gap, strict=True)} if nash_gap is not None else {}),
              "utility_gap": round(float((u_nash - u_agree).mean()), 6) if sample.size else 0.0},
        deal_breakers=breakers,
        outside_option={"crisis_model": cfg.crisis, "challenger": ch, "target": tg,
                        "strike_probability": None if q is None else round(float(q), 6),
                        # P(no deal by the deadline) x P(strike | no deal), over the 30 days after
                        "p_strike_after_deadline": None if q is None or not cfg.crisis
                        else round((1.0 - p) * float(q), 6),
                        "reservation": {a: round(float(dom.reservation[0, i]), 6)
                                        for i, a in enumerate(ids)}},
        refused=refused,
        path={"aspiration": {a: [round(float(v), 6) for v in tr.aspiration_path[:, i]]
                             for i, a in enumerate(ids)},
              "mean_aspiration": {a: [round(float(v), 6) for v in tr.mean_aspiration[:, i]]
                                  for i, a in enumerate(ids)},
              "table": {iss: [round(float(v), 6) for v in
                              dom.unscale(tr.table_path)[:, k]]
                        for k, iss in enumerate(arr.issues)},
              "agreed_round": int(tr.round[0])},
        notes=notes)


@register("talks")
class TalksModel:
    """The talks behind the common model protocol: ``solve`` returns a Result whose
    prediction per issue is the median agreed term (the status quo, else the Nash point,
    when no run agrees), with the quantiles and P(agreement) in the notes."""

    name = "talks"

    def __init__(self, **config: object) -> None:
        """Any TalksConfig field; 200 runs and no deal-breakers unless given."""
        self.config = TalksConfig(**{"runs": 200, "deal_breakers": False, **config})

    def solve(self, scenario: Scenario, rng: np.random.Generator | None = None) -> Result:
        """Run the talks with a seed drawn from ``rng`` (else the configured seed)."""
        seed = int(rng.integers(2**31)) if rng is not None else self.config.seed
        res = run_talks(scenario, self.config.model_copy(update={"seed": seed}))
        issues = []
        for i in res.issues:
            fallback = i.status_quo if i.status_quo is not None else i.nash
            pred = i.quantiles.get("q50", fallback)
            issues.append(IssueResult(issue=i.issue, prediction=float(pred),
                                      quantiles=dict(i.quantiles)))
        return Result(model=self.name, issues=issues, actors=[c.actor for c in res.concessions],
                      converged=res.p_agreement > 0, rounds=res.rounds, runs=res.runs,
                      notes=[f"P(agreement) = {res.p_agreement:.4f} (se {res.p_agreement_se:.4f})",
                             *res.notes])
