"""`accord situation`, `accord forecast` (+ history, explain, questions, score), `accord backtest`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from accord import api
from accord.cli.common import (
    ACTORS_HELP,
    check_actors,
    parse_actors,
    parse_date,
    print_json,
    progress_bar,
    store,
    warn,
)
from accord.errors import InputError

if TYPE_CHECKING:
    from accord.types import Forecast


def forecast_json(f: Forecast) -> dict:
    """The documented keys: as_of, horizon_days, outcomes, question_probabilities, escalation,
    drivers (+ provenance)."""
    return {
        "question": f.question,
        "as_of": f.as_of.isoformat(),
        "horizon_days": f.horizon_days,
        "outcomes": {k: round(v, 6) for k, v in f.outcomes.items()},
        "question_probabilities": {k: round(v, 6) for k, v in
                                   f.question_probabilities.items()},
        "escalation": f.escalation,
        "drivers": [d.model_dump(mode="json") for d in f.drivers],
        "model_version": f.model_version,
        "inputs_hash": f.inputs_hash,
        "runs": f.runs,
        "warnings": list(f.warnings),
        "probability": None if f.probability is None else round(f.probability, 6),
    }


def default_day(st, as_of: str | None) -> dt.date:  # noqa: ANN001  (a Store)
    """--as-of, else the latest article date in the store (said on stderr, as the evidence
    stops there), else today: a store of last year's articles is read as of last year."""
    day = parse_date(as_of)
    if day is not None:
        return day
    latest = st.latest_article_date()
    if latest is None:
        return dt.date.today()
    warn([f"as of {latest}, the latest article date in the store (--as-of to change)"])
    return latest


def register(app: typer.Typer) -> None:
    @app.command("situation")
    def situation(
        ctx: typer.Context,
        actors: str = typer.Option(..., "--actors", help=ACTORS_HELP),
        as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD. Default: the latest "
                                  "article date in the store (today when it has none)."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Timeline, dyadic cooperation-conflict and escalation level as of a date."""
        st = store(ctx)
        sit = api.situation(check_actors(parse_actors(actors), st), as_of=default_day(st, as_of),
                            db=st)
        warn(sit.get("warnings", []))
        if as_json:
            print_json(sit)
            return
        esc = sit["escalation"]
        win = sit.get("window") or []
        span = f" (acts of {win[0]} to {win[1]})" if len(win) == 2 else ""
        print(f"as of {sit['as_of']}{span}: escalation level {esc['level']} "
              f"({esc.get('label', '')}), index {esc.get('index')}")
        for ev in esc.get("evidence", [])[:8]:
            if isinstance(ev, dict):
                flags = " ".join(ev.get("flags", []))
                print(f"  - {ev['type']} {','.join(ev['actor'])} -> {','.join(ev['recipient'])}"
                      f" {flags}: {ev['evidence']['sentence'][:90]}")
            else:
                print(f"  - {ev}")
        print("directed dyads:")
        for d in sit.get("dyads", []):
            counts = ", ".join(f"{k} {v}" for k, v in d.get("counts", {}).items())
            print(f"  {d.get('actor') or '-':>4} -> {d.get('recipient') or '-':<4} level "
                  f"{d.get('level')} ({d.get('label')}), index {d.get('conflict_index')}: {counts}")
        print("(a dyad is actor -> recipient among the parties, '-' where the event names no "
              "party on that side; index: -1 all cooperation .. +1 all conflict; codes are "
              "country + sector, ---GOV a government of no known country)")

    fc = typer.Typer(help="Forecasts: make, list, explain, score.", invoke_without_command=True)
    app.add_typer(fc, name="forecast")

    @fc.callback()
    def forecast(
        ctx: typer.Context,
        actors: str = typer.Option(None, "--actors", help=ACTORS_HELP + " Default with a "
                                   "yes/no --question: its parties."),
        as_of: str = typer.Option(None, "--as-of", help="YYYY-MM-DD. Default: the latest "
                                  "article date in the store (today when it has none)."),
        horizon: int = typer.Option(None, "--horizon", min=1, max=3650,
                                    help="Days ahead (default 30; a yes/no --question runs to "
                                         "its deadline)."),
        seed: int = typer.Option(0, "--seed"),
        runs: int = typer.Option(2000, "--runs", min=1),
        scenario: Path = typer.Option(None, "--scenario", help="Analyst scenario feeding the engines."),
        question: str = typer.Option(None, "--question", help="A stored question id."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Outcome probabilities (deal, talks_continue, collapse, strike) with drivers."""
        if ctx.invoked_subcommand is not None:
            return
        st = store(ctx)
        q = st.question(question) if question else None
        if question and q is None:
            raise InputError(f"no stored question {question!r} (create it with `accord forecast "
                             "question`)", where="--question")
        binary = q is not None and q.kind is not None
        if binary and horizon is not None:
            raise InputError(f"question {q.id!r} runs to its deadline {q.resolution_date}: "
                             "leave out --horizon", where="--horizon")
        if actors is None and not binary:
            raise InputError("give the parties (--actors), or a yes/no --question naming "
                             "them", where="--actors")
        codes = check_actors(parse_actors(actors), st) if actors is not None else []
        sc = api.load_scenario(scenario) if scenario else None
        f = api.forecast(codes, as_of=default_day(st, as_of),
                         horizon_days=horizon or 30, seed=seed, db=st, scenario=sc,
                         question=question, runs=runs)
        warn(f.warnings)
        if as_json:
            print_json(forecast_json(f))
            return
        if binary and f.probability is not None:
            print(f"{q.id}: P({q.kind} by {q.resolution_date}) = {f.probability:.1%}  (as of "
                  f"{f.as_of}, {f.horizon_days} days; stored under the question, scored when "
                  "it resolves)")
            rd = f.escalation.get("question_reading")
            if rd:
                print(f"  reading of the question: {rd['reading']} ({rd['note']})")
        print(f"{f.question} as of {f.as_of}, horizon {f.horizon_days} days; which comes "
              "first:")
        for k, v in f.outcomes.items():
            print(f"  {k:<15} {v:6.1%}  {'#' * round(v * 40)}")
        if f.question_probabilities:
            iv = (f.escalation.get("signal_hazard") or {}).get("interval") or {}
            print(f"  does it happen by {f.horizon_days} days (each on its own, whatever "
                  "else comes first): " + ", ".join(
                      f"{k} {v:.1%}" + _interval(iv.get(k))
                      for k, v in f.question_probabilities.items()))
            for k, note in ((f.escalation.get("signal_hazard") or {}).get("notes") or {}
                            ).items():
                print(f"  {k}: {note}")
        esc = f.escalation
        print(f"escalation: level {esc.get('level')} ({esc.get('label', '')}), "
              f"index {esc.get('index')}")
        shown = f.drivers[:6]
        shown += [d for d in f.drivers[6:] if d.name.startswith("capability fallback")]
        for d in shown:
            print(f"  driver: {d.name}: {d.effect}")
        for w in f.warnings:
            print(f"  warning: {w}")

    @fc.command("history")
    def history(ctx: typer.Context, question: str = typer.Option(None, "--question"),
                horizon: int = typer.Option(None, "--horizon", min=1),
                as_json: bool = typer.Option(False, "--json")) -> None:
        """Stored forecasts grouped by question and horizon, each group in date order."""
        groups: dict[tuple[str, int], list[Forecast]] = {}
        for f in store(ctx).forecasts(question):
            if horizon is None or f.horizon_days == horizon:
                groups.setdefault((f.question, f.horizon_days), []).append(f)
        keys = sorted(groups)
        if as_json:
            print_json({
                "forecasts": [forecast_json(f) for k in keys for f in groups[k]],
                "groups": [{"question": q, "horizon_days": h,
                            "forecasts": [forecast_json(f) for f in groups[(q, h)]]}
                           for q, h in keys]})
            return
        for q, h in keys:
            print(f"{q}, horizon {h} days:")
            print(f"  {'as of':<10}  {'which comes first':<66}  {'P(yes)':>6}  inputs")
            for f in groups[(q, h)]:
                o = "  ".join(f"{k} {v:.2f}" for k, v in f.outcomes.items())
                yes = f"{f.probability:6.2f}" if f.probability is not None else "     -"
                flag = "  (warnings)" if f.warnings else ""
                print(f"  {f.as_of}  {o:<66}  {yes}  [{f.inputs_hash[:8]}]{flag}")
        if keys:
            print("P(yes): a yes/no question's P(strike or deal by its deadline); inputs: the "
                  "inputs hash (same hash, same evidence and settings); (warnings): made on "
                  "partial evidence (see forecast --json)")

    @fc.command("explain")
    def explain(ctx: typer.Context,
                question: str = typer.Option(None, "--question", help="A stored question "
                                             "as `forecast` prints it. Default: the newest."),
                horizon: int = typer.Option(None, "--horizon", min=1, help="Days. Default: "
                                            "that of the newest forecast."),
                as_json: bool = typer.Option(False, "--json")) -> None:
        """What moved the newest forecast most since the previous one of the same question
        and horizon, with evidence; changes within Monte Carlo noise are set aside. Needs two
        stored forecasts of that question and horizon (run `forecast` on two dates)."""
        from accord.api import explain_latest

        d = explain_latest(store(ctx), question, horizon,
                           where="--question" if question else "forecast history")
        prev, cur, moves, noise = d["previous"], d["current"], d["changes"], d["monte_carlo"]
        if as_json:
            print_json(d | {"previous": forecast_json(prev), "current": forecast_json(cur)})
            return
        ignored = d["within_noise"]
        span = (f"horizon {cur.horizon_days} days" if prev.horizon_days == cur.horizon_days
                else f"horizon {prev.horizon_days} -> {cur.horizon_days} days (to the deadline)")
        print(f"{cur.question}, {span}: {prev.as_of} -> {cur.as_of}")
        se = ", ".join(f"{k} {v:.3f}" for k, v in noise["standard_error"].items())
        runs_note = "" if noise["runs_recorded"] else " (assumed: not recorded)"
        print(f"  Monte Carlo standard error sqrt(p(1-p)/runs) at {noise['runs']} "
              f"runs{runs_note}: {se}")
        if ignored:
            names = ", ".join(f"{m['name']} {m['delta']:+.3f}" for m in ignored)
            print(f"  within Monte Carlo noise (under {noise['z']:g} standard errors of the "
                  f"difference), ignored: {names}")
        if not moves:
            print("  no change beyond Monte Carlo noise")
        for m in moves:
            old, new = m.get("old"), m.get("new")
            span = f"{old if old is None else round(old, 3)} -> {new if new is None else round(new, 3)}"
            if m.get("kind") == "outcome":
                print(f"  {m['name']:<15} {span}  ({m['delta']:+.3f})")
            elif m.get("kind") == "escalation":
                print(f"  escalation level {span}: {m.get('effect', '')}")
                for ev in (m.get("evidence") or [])[:3]:
                    sent = ev.get("sentence", "") if isinstance(ev, dict) else str(ev)
                    print(f"      evidence: {sent[:100]}")
            else:
                print(f"  driver {m.get('change', '')}: {m['name']}: weight {span}")
                if m.get("effect"):
                    print(f"      {m['effect']}")
                for ev in (m.get("evidence") or [])[:2]:
                    sent = ev.get("sentence", "") if isinstance(ev, dict) else str(ev)
                    print(f"      evidence: {sent[:100]}")

    @fc.command("question")
    def add_question(
        ctx: typer.Context, qid: str = typer.Argument(...), text: str = typer.Option(..., "--text"),
        kind: str = typer.Option(None, "--kind", help="strike or deal: a yes/no question, "
                                 "'will it happen by the deadline'. Without: which of deal, "
                                 "talks_continue, collapse, strike comes first."),
        parties: str = typer.Option(None, "--parties", help="Actor codes or names the "
                                    "forecasts are about (default actors of `forecast`)."),
        deadline: str = typer.Option(None, "--deadline", "--resolves",
                                     help="YYYY-MM-DD; required with --kind."),
        criteria: str = typer.Option("", "--criteria"),
    ) -> None:
        """Store a forecasting question; forecasts made with --question ID are scored on it."""
        from pydantic import ValidationError

        from accord.types import QUESTION_KINDS, Question

        if kind is not None and kind not in QUESTION_KINDS:
            raise InputError(f"must be one of {', '.join(QUESTION_KINDS)}, got {kind!r}",
                             where="--kind")
        if kind is not None and deadline is None:
            raise InputError(f"a {kind} question needs its deadline", where="--deadline")
        codes = parse_actors(parties, "--parties") if parties else []
        try:
            q = Question(id=qid, text=text, criteria=criteria, kind=kind, parties=codes,
                         resolution_date=parse_date(deadline, "--deadline"))
        except ValidationError as exc:
            raise InputError(exc.errors()[0]["msg"], where="QUESTION") from None
        store(ctx).save_question(q)
        what = (f"P({kind} by {q.resolution_date}), outcomes yes/no" if kind else
                "which of " + ", ".join(q.outcomes) + " comes first")
        print(f"stored question {qid}: {what}; forecast it with `accord forecast --question "
              f"{qid}`")

    @fc.command("resolve")
    def resolve(ctx: typer.Context, qid: str, outcome: str) -> None:
        """Record how a question resolved."""
        st = store(ctx)
        q = st.question(qid)
        if q is None:
            raise InputError(f"no stored question {qid!r}", where="QUESTION")
        if outcome not in q.outcomes:
            raise InputError(f"{outcome!r} is not one of {', '.join(q.outcomes)}", where="OUTCOME")
        st.resolve_question(qid, outcome)
        print(f"{qid} resolved as {outcome}")

    @fc.command("score")
    def score(ctx: typer.Context, plot: Path = typer.Option(None, "--plot"),
              as_json: bool = typer.Option(False, "--json")) -> None:
        """Brier and log scores and a calibration table over resolved questions."""
        from accord.forecast import scoring

        st = store(ctx)
        res = scoring.score_questions(st.questions(), st.forecasts)
        if not res["n"]:
            raise InputError("nothing to score: " + "; ".join(res["warnings"]), where="store")
        warn(res["warnings"])
        if plot:
            scoring.reliability_plot(res["calibration"], plot)
        if as_json:
            print_json(res)
            return
        what = ("yes/no questions: P(kind by the deadline) against what happened"
                if res["scored_as"] == "binary" else "which-comes-first questions")
        print(f"n={res['n']}  Brier {res['brier']:.4f}  log {res['log']:.4f}  ({what})")
        for row in res["questions"]:
            score_s = (f"Brier {row['brier']:.4f}  log {row['log']:.4f}" if row["n"]
                       else "no forecast carries its id")
            print(f"  {row['id']:<24} {row['kind']:<9} resolved {row['resolved']:<15} "
                  f"n={row['n']:<4} {score_s}")

    @app.command("backtest")
    def backtest(
        ctx: typer.Context,
        directories: list[Path] = typer.Argument(..., help="One or more crisis corpora "
                                                 "(folders of crisis folders, each with a "
                                                 "resolution.json), or one folder or file of "
                                                 "dated articles."),
        actors: str = typer.Option(None, "--actors", help="Article-stream mode only."),
        question: str = typer.Option("outcome", "--question", help="Question id or text."),
        horizon: int = typer.Option(30, "--horizon", min=1),
        seed: int = typer.Option(0, "--seed"),
        out: Path = typer.Option(None, "--out", help="Output folder (HTML page, history)."),
        as_json: bool = typer.Option(False, "--json"),
        fit: bool = typer.Option(False, "--fit", help="Corpus: write the fitted gains to "
                                 "accord/data/crisis_fit.json and the signal-hazard layer to "
                                 "signal_hazard.json beside it (or --fit-file)."),
        fit_file: Path = typer.Option(None, "--fit-file", help="Write the fitted gains here "
                                      "instead, and the signal-hazard layer to "
                                      "signal_hazard.json in the same folder (both are said "
                                      "on stderr)."),
        loo: bool = typer.Option(True, "--loo/--no-loo", help="Corpus: leave-one-out refits."),
        maxiter: int = typer.Option(150, "--maxiter", min=1),
        loo_maxiter: int = typer.Option(20, "--loo-maxiter", min=1),
        runs: int = typer.Option(2000, "--runs", min=100),
        cache: Path = typer.Option(None, "--cache", help="Extraction cache folder "
                                   "(default: <out>/cache, else none)."),
    ) -> None:
        """Backtest: over a crisis corpus (scores, fit, leave-one-out), or replay articles."""
        from accord.forecast.corpus import is_corpus

        for d in directories:
            if not d.exists():
                raise InputError("no such file or directory", where=str(d))
        directory = directories[0]
        if len(directories) > 1 and not all(is_corpus(d) for d in directories):
            bad = next(d for d in directories if not is_corpus(d))
            raise InputError("several folders are read only as crisis corpora (folders of "
                             "crisis folders with a resolution.json)", where=str(bad))
        if is_corpus(directory):
            import sys

            from accord.forecast.backtest import run_corpus_backtest

            target = fit_file
            if fit and target is None:
                from importlib import resources

                target = Path(str(resources.files("accord").joinpath("data/crisis_fit.json")))
            if target is not None and target.name == "signal_hazard.json":
                raise InputError("the signal-hazard layer is written to signal_hazard.json in "
                                 "the same folder: name the gains file otherwise",
                                 where="--fit-file")
            with progress_bar(ctx, "backtest") as bar:
                res = run_corpus_backtest(
                    directories, seed=seed, runs=runs, loo=loo, maxiter=maxiter,
                    loo_maxiter=loo_maxiter, out_dir=out, write_fit=target,
                    cache_dir=cache or (out / "cache" if out else None),
                    command="accord " + " ".join(sys.argv[1:]), progress=bar)
            if target is not None:  # two files, whatever --fit-file names: say both
                print(f"accord: wrote the crisis-model gains to {target} and the signal-hazard "
                      f"layer to {target.with_name('signal_hazard.json')}", file=sys.stderr)
            if as_json:
                print_json(res)
                return
            methods = list(res["overall"])
            print("crisis".ljust(40) + "".join(m[:16].rjust(17) for m in methods))
            for c in res["crises"]:
                print(c["slug"][:39].ljust(40) + "".join(
                    f"{c['scores'][m]['binary_brier']:17.3f}" for m in methods))
            print("overall (binary Brier)".ljust(40) + "".join(
                f"{res['overall'][m]['binary_brier']:17.3f}" for m in methods))
            print("overall (4-class Brier)".ljust(40) + "".join(
                f"{res['overall'][m]['brier4']:17.3f}" for m in methods))
            iv = res.get("intervals") or {}
            if "accord_loo" in iv:
                a = iv["accord_loo"]
                print(f"accord_loo binary Brier {a['mean']:.3f} (95% bootstrap over crises "
                      f"{a['lo']:.3f}-{a['hi']:.3f})")
            ts = res.get("time_split")
            if ts:
                print(f"time split (fit before {ts['split_year']}, score {len(ts['scored'])} "
                      "later crises), binary Brier: " + ", ".join(
                          f"{k} {v:.3f}" for k, v in ts["binary_brier"].items()))
            ex = res.get("extremes")
            if ex:
                print(f"leave-one-out forecasts above 0.9 on a 'no': {ex['above_0.9_on_no']}, "
                      f"below 0.1 on a 'yes': {ex['below_0.1_on_yes']} (of {ex['forecasts']})")
            if res.get("html"):
                print(f"HTML: {res['html']}")
            return
        from accord.forecast.backtest import run_backtest

        with progress_bar(ctx, "backtest") as bar:
            res = run_backtest(directory, parse_actors(actors), question=question,
                               horizon_days=horizon, seed=seed,
                               out_dir=out or Path("reports/backtest"), progress=bar)
        if as_json:
            print_json(res)
        else:
            print(f"{len(res['forecasts'])} forecasts; history plot {res.get('plot')}")


def _interval(iv: list[float] | None) -> str:
    """" (95% lo-hi)", or a note when the interval has collapsed onto the layer's bound."""
    if not iv:
        return ""
    if abs(iv[1] - iv[0]) < 0.005:
        return f" (at the layer's bound of {iv[0]:.0%}: no interval)"
    return f" (95% {iv[0]:.0%}-{iv[1]:.0%})"
