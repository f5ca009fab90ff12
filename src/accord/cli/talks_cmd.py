"""`accord talks`: play the negotiation out (offers, a mediator's text, a deadline)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord.cli.common import parse_date, print_json, progress_bar
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.models.talks.records import TalksResult
    from accord.types import Scenario


def _refusals(sc: Scenario, items: list[str]) -> Scenario:
    """Add ACTOR:ISSUE refusals given on the command line to the scenario's own."""
    if not items:
        return sc
    actors = {a.id: a for a in sc.actors}
    issues = {i.id for i in sc.issues}
    extra: dict[str, list[str]] = {}
    for item in items:
        actor, sep, issue = item.partition(":")
        if not sep or actor not in actors or issue not in issues:
            raise InputError(f"expected ACTOR:ISSUE with ids from the scenario, got {item!r}",
                             where="--refuse")
        extra.setdefault(actor, []).append(issue)
    new = [a.model_copy(update={"refuses": sorted(set(a.refuses or []) | set(extra[a.id]))})
           if a.id in extra else a for a in sc.actors]
    return sc.model_copy(update={"actors": new})


def _strategies(items: list[str]) -> dict[str, str]:
    """ACTOR=STRATEGY pairs from --party."""
    out = {}
    for item in items:
        actor, sep, name = item.partition("=")
        if not sep:
            raise InputError(f"expected ACTOR=STRATEGY, got {item!r}", where="--party")
        out[actor] = name
    return out


def print_text(res: TalksResult, sc: Scenario) -> None:
    """The result as an analyst reads it."""
    names = {i.id: i for i in sc.issues}
    who = f"mediator {res.mediator}" if res.mediator else "no mediator"
    until = f"to {res.deadline}" if res.deadline else "deadline"
    print(f"talks {res.scenario}: protocol {res.protocol}, {who}, {res.rounds} rounds {until}, "
          f"strategy {res.strategy}, {res.runs} runs (seed {res.seed})")
    rt = res.rounds_to_agreement
    by = f" by {res.deadline}" if res.deadline else ""
    line = f"P(agreement{by}) = {res.p_agreement:.3f} (se {res.p_agreement_se:.3f})"
    if rt:
        line += (f"; rounds to agreement: median {rt['q50']:.0f} "
                 f"(q25 {rt['q25']:.0f} .. q75 {rt['q75']:.0f})")
    print(line)
    oo = res.outside_option
    if oo.get("crisis_model"):
        print(f"no deal: {oo['challenger']} strikes {oo['target']} with probability "
              f"{oo['strike_probability']:.3f} (crisis model), else the status quo stays; "
              f"P(no deal, then a strike within 30 days) = {oo['p_strike_after_deadline']:.3f}")
    for r in res.refused:
        print(f"refused: {r['actor']} will not negotiate {r['issue']} ({r['treatment']})")
    print("agreed terms (over agreed runs): median [q05 .. q95]; point run; Nash; status quo")
    for i in res.issues:
        q = i.quantiles
        iss = names[i.issue]
        band = (f"{q['q50']:6.1f} [{q['q05']:5.1f} .. {q['q95']:5.1f}]" if q
                else "     -               ")
        pt = f"{i.point:6.1f}" if i.point is not None else "     -"
        sq = f"{i.status_quo:6.1f}" if i.status_quo is not None else "     -"
        off = "" if i.on_table else "  (off the table)"
        ends = f"  ({iss.low} <-> {iss.high})" if iss.low else ""
        print(f"  {i.issue:<14} {band}  {pt}  {i.nash:6.1f}  {sq}{off}{ends}")
    print("who conceded: utility of the deal (1 = own ideal) vs no deal; mean distance "
          "from own position per issue")
    for c in res.concessions:
        moved = "  ".join(f"{k} {v:.1f}" for k, v in c.conceded.items())
        print(f"  {c.actor:<6} deal {c.utility:.2f} vs no deal {c.reservation:.2f}   {moved}")
    pa, na = res.pareto, res.nash
    if pa.get("sampled"):
        dist = ", ".join(f"{k[len('distance_'):]} {v:.1f}" for k, v in na.items()
                         if k.startswith("distance_"))
        print(f"efficiency ({int(pa['sampled'])} agreements): {pa['share_efficient']:.0%} on "
              f"the Pareto frontier (mean equal-gain gap {pa['mean_gap']:.4f}); distance to "
              f"the Nash solution: {dist} (utility {na['utility_gap']:+.3f})")
    if res.deal_breakers:
        print("deal-breakers: P(agreement) with the issue off the table / at half weight")
        for b in res.deal_breakers:
            print(f"  {b.issue:<14} off the table {b.p_removed:.3f} ({b.delta_removed:+.3f})"
                  f"   half weight {b.p_half_weight:.3f} ({b.delta_half_weight:+.3f})")
            for ev in b.evidence:
                print(f"      {ev}")


def register(app: typer.Typer) -> None:
    """Add `accord talks`."""
    @app.command("talks")
    def talks(
        ctx: typer.Context,
        scenario: Path = typer.Argument(..., help="Scenario YAML (or another scenario format)."),
        protocol: str = typer.Option("mediator", "--protocol",
                                     help="mediator (single negotiating text) | sao "
                                          "(alternating offers) | spe (two parties, "
                                          "subgame-perfect)"),
        mediator: str = typer.Option(None, "--mediator", help="Actor id of the mediator."),
        deadline: str = typer.Option(None, "--deadline",
                                     help="YYYY-MM-DD; one round a day from the scenario's "
                                          "as_of (else --rounds)."),
        rounds: int = typer.Option(60, "--rounds", help="Rounds when no deadline is given."),
        runs: int = typer.Option(1000, "--runs", help="Monte Carlo runs."),
        seed: int = typer.Option(0, "--seed"),
        strategy: str = typer.Option("mixed", "--strategy",
                                     help="boulware | linear | conceder | tft | learner | "
                                          "mixed (a kind drawn per party and run) | spe"),
        party: list[str] = typer.Option(None, "--party",
                                        help="ACTOR=STRATEGY for one party (repeatable)."),
        discount: float = typer.Option(1.0, "--discount", help="Per-round discount factor."),
        delay_cost: float = typer.Option(0.0, "--delay-cost", help="Per-round cost of delay."),
        refusals: str = typer.Option("honour", "--refusals",
                                     help="honour (refused issues stay at the status quo) "
                                          "| price (the refuser's salience on them x3)"),
        refuse: list[str] = typer.Option(None, "--refuse",
                                         help="ACTOR:ISSUE an actor will not negotiate "
                                              "(adds to the scenario's refuses)."),
        crisis: bool = typer.Option(None, "--crisis/--no-crisis",
                                    help="Reservation values from the crisis model (else the "
                                         "status quo). Default: on, except for EU "
                                         "legislative scenarios."),
        challenger: str = typer.Option(None, "--challenger"),
        target: str = typer.Option(None, "--target"),
        strike_prob: float = typer.Option(None, "--strike-prob",
                                          help="P(strike | no deal), instead of the crisis "
                                               "model's."),
        breakers: bool = typer.Option(True, "--breakers/--no-breakers",
                                      help="Re-play without each issue (deal-breakers)."),
        plot: Path = typer.Option(None, "--plot", help="Write the concession paths (PNG)."),
        genius_out: Path = typer.Option(None, "--genius-out",
                                        help="Also write the scenario as Genius XML (domain "
                                             "and one profile per actor) to this folder."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Play the talks out: P(agreement by the deadline), terms, concessions, deal-breakers."""
        from pydantic import ValidationError

        from accord import api
        from accord.models.talks import TalksConfig, run_talks

        sc = _refusals(api.load_scenario(scenario), refuse or [])
        try:
            cfg = TalksConfig(
                protocol=protocol, mediator=mediator, deadline=parse_date(deadline, "--deadline"),
                rounds=rounds, runs=runs, seed=seed, strategy=strategy,
                strategies=_strategies(party or []), discount=discount, delay_cost=delay_cost,
                refusals=refusals, crisis=crisis, challenger=challenger, target=target,
                strike_probability=strike_prob, deal_breakers=breakers)
        except ValidationError as exc:
            err = exc.errors()[0]
            field = str(err["loc"][0]).replace("_", "-") if err["loc"] else "option"
            raise InputError(err["msg"], where=f"--{field}") from None
        with progress_bar(ctx, "talks", total=1) as bar:
            res = run_talks(sc, cfg, progress=bar)
        if plot is not None:
            from accord.report.talks_plot import concession_paths

            plot.parent.mkdir(parents=True, exist_ok=True)
            plot.write_bytes(concession_paths(res))
        if genius_out is not None:
            from accord.models.talks.genius import scenario_to_genius, write_domain, write_profile

            dom, profs = scenario_to_genius(sc)
            write_domain(dom, genius_out / f"{dom.name}_domain.xml")
            for p in profs:
                write_profile(p, dom, genius_out / f"{dom.name}_{p.name}.xml")
        if as_json:
            print_json(res.model_dump(mode="json"))
            return
        print_text(res, sc)


def register_eval(app: typer.Typer) -> None:
    """Add `accord talks-deu`."""
    @app.command("talks-deu")
    def talks_deu(
        path: Path = typer.Argument(..., help="DEU III TSV (e.g. ../shared/data/deu3_dev.tsv)."),
        folds: int = typer.Option(10, "--folds"),
        seed: int = typer.Option(0, "--seed"),
        bootstrap: int = typer.Option(2000, "--bootstrap"),
        splits: int = typer.Option(5, "--splits"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """The mediator protocol on DEU III issues: MAE out of fold beside compromise."""
        from accord.models.talks.deu_eval import eval_talks_deu

        res = eval_talks_deu(path, folds=folds, seed=seed, bootstrap=bootstrap, splits=splits)
        if as_json:
            print_json(res)
            return
        c, t, v = res["compromise"], res["talks"], res["vs_compromise"]
        print(f"DEU III: {res['n']} issues, {res['proposals']} proposals; mediator "
              f"{res['method']['mediator']}, {res['method']['rounds']} rounds")
        print(f"  compromise  MAE {c['mae']:.2f}  95% CI {c['mae_ci'][0]:.2f}-{c['mae_ci'][1]:.2f}"
              f"  ({c['evaluation']})")
        print(f"  talks       MAE {t['mae']:.2f}  95% CI {t['mae_ci'][0]:.2f}-{t['mae_ci'][1]:.2f}"
              f"  ({t['evaluation']}, {res['method']['folds']}-fold x {res['method']['splits']})")
        print(f"  talks - compromise {v['diff']:+.2f} (95% CI {v['ci'][0]:+.2f} to "
              f"{v['ci'][1]:+.2f}): {v['verdict']}")
        ins = res["talks_in_sample"]
        print(f"  in sample: best grid point {ins['best']} MAE {ins['best_mae']:.2f}, text "
              f"adopted on {ins['best_agreement_share']:.0%} of issues (MAE "
              f"{ins['best_mae_when_agreed']:.2f} there); best by mediator: " + ", ".join(
                  f"{k} {v:.2f}" for k, v in ins["best_mae_by_mediator"].items()))


def register_genius(app: typer.Typer) -> None:
    """Add `accord talks-genius`."""
    @app.command("talks-genius")
    def talks_genius(
        domain: Path = typer.Argument(..., help="Genius domain XML."),
        profiles: list[Path] = typer.Argument(..., help="Two Genius profile XML files."),
        rounds: int = typer.Option(100, "--rounds"),
        e: list[float] = typer.Option(None, "--e", help="Concession exponent per party "
                                      "(repeat twice; default 0.5 each: Boulware)."),
        opponent: str = typer.Option("frequency", "--opponent",
                                     help="known | frequency | none: how each party models "
                                          "the other when it chooses among its bids."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Negotiate a Genius/ANAC domain: exact Pareto frontier and the agreement on it."""
        from accord.models.talks.genius import negotiate, read_domain, read_profile

        if len(profiles) != 2:
            raise InputError(f"give two profiles, got {len(profiles)}", where="PROFILES")
        if rounds < 1:
            raise InputError("must be at least 1", where="--rounds")
        es = tuple(e or (0.5, 0.5))
        if len(es) != 2 or min(es) <= 0:
            raise InputError("give --e twice, each > 0", where="--e")
        dom = read_domain(domain)
        profs = [read_profile(p, dom) for p in profiles]
        out = negotiate(dom, profs, rounds=rounds, e=es, opponent=opponent)
        out = {"domain": dom.name, "profiles": [p.name for p in profs],
               "outcomes": int(len(dom.outcomes())), **out}
        if as_json:
            print_json(out)
            return
        print(f"domain {dom.name}: {out['outcomes']} outcomes, Pareto frontier "
              f"{out['frontier_size']} outcomes; profiles {', '.join(out['profiles'])}")
        if out["outcome"] is None:
            print(f"no agreement in {rounds} rounds")
            return
        u = out["utilities"]
        print(f"agreement in round {out['round'] + 1}: " + "; ".join(
            f"{k} = {v}" for k, v in out["values"].items()))
        print(f"utilities {u[0]:.3f} / {u[1]:.3f}; Pareto-efficient: {out['pareto_efficient']}")
