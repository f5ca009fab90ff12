"""`accord situation`, `accord forecast` (+ history, explain, questions, score), `accord backtest`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from accord import api
from accord.cli.common import (
    check_actors,
    parse_actors,
    parse_date,
    print_json,
    progress_bar,
    store,
)
from accord.errors import InputError
from accord.types import Forecast, Question


def forecast_json(f: Forecast) -> dict:
    """The documented keys: as_of, horizon_days, outcomes, escalation, drivers (+ provenance)."""
    return {
        "question": f.question,
        "as_of": f.as_of.isoformat(),
        "horizon_days": f.horizon_days,
        "outcomes": {k: round(v, 6) for k, v in f.outcomes.items()},
        "escalation": f.escalation,
        "drivers": [d.model_dump(mode="json") for d in f.drivers],
        "model_version": f.model_version,
        "inputs_hash": f.inputs_hash,
    }


def register(app: typer.Typer) -> None:
    @app.command("situation")
    def situation(
        ctx: typer.Context,
        actors: str = typer.Option(..., "--actors"),
        as_of: str = typer.Option(None, "--as-of"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Timeline, dyadic cooperation-conflict and escalation level as of a date."""
        st = store(ctx)
        sit = api.situation(check_actors(parse_actors(actors), st), as_of=parse_date(as_of), db=st)
        if as_json:
            print_json(sit)
            return
        esc = sit["escalation"]
        print(f"as of {sit['as_of']}: escalation level {esc['level']} ({esc.get('label', '')}),"
              f" index {esc.get('index')}")
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
                  f"{d.get('level')} ({d.get('label')}), index {d.get('coop_conflict')}: {counts}")

    fc = typer.Typer(help="Forecasts: make, list, explain, score.", invoke_without_command=True)
    app.add_typer(fc, name="forecast")

    @fc.callback()
    def forecast(
        ctx: typer.Context,
        actors: str = typer.Option(None, "--actors"),
        as_of: str = typer.Option(None, "--as-of"),
        horizon: int = typer.Option(30, "--horizon", min=1, max=3650),
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
        codes = check_actors(parse_actors(actors), st)
        sc = api.load_scenario(scenario) if scenario else None
        f = api.forecast(codes, as_of=parse_date(as_of) or dt.date.today(), horizon_days=horizon,
                         seed=seed, db=st, scenario=sc, question=question, runs=runs)
        if as_json:
            print_json(forecast_json(f))
            return
        print(f"{f.question} as of {f.as_of}, horizon {f.horizon_days} days")
        for k, v in f.outcomes.items():
            print(f"  {k:<15} {v:6.1%}  {'#' * round(v * 40)}")
        esc = f.escalation
        print(f"escalation: level {esc.get('level')} ({esc.get('label', '')}), "
              f"index {esc.get('index')}")
        for d in f.drivers[:6]:
            print(f"  driver: {d.name}: {d.effect}")

    @fc.command("history")
    def history(ctx: typer.Context, question: str = typer.Option(None, "--question"),
                as_json: bool = typer.Option(False, "--json")) -> None:
        """Stored forecasts in date order."""
        fs = store(ctx).forecasts(question)
        if as_json:
            print_json({"forecasts": [forecast_json(f) for f in fs]})
            return
        for f in fs:
            o = "  ".join(f"{k} {v:.2f}" for k, v in f.outcomes.items())
            print(f"{f.as_of}  h={f.horizon_days:<3} {o}  [{f.inputs_hash[:8]}]")

    @fc.command("explain")
    def explain(ctx: typer.Context, question: str = typer.Option(None, "--question"),
                as_json: bool = typer.Option(False, "--json")) -> None:
        """What moved the newest forecast most since the previous one, with evidence."""
        from accord.forecast.engine import explain as _explain

        fs = store(ctx).forecasts(question)
        if fs:
            # compare like with like: the newest forecast and the one before it for the same
            # question and horizon
            newest = fs[-1]
            fs = [f for f in fs if f.question == newest.question
                  and f.horizon_days == newest.horizon_days]
        if len(fs) < 2:
            raise InputError("need at least two stored forecasts of the same question and "
                             "horizon to explain a change",
                             where="--question" if question else "forecast history")
        moves = _explain(fs[-2], fs[-1])
        if as_json:
            print_json({"previous": forecast_json(fs[-2]), "current": forecast_json(fs[-1]),
                        "changes": moves})
            return
        print(f"{fs[-2].as_of} -> {fs[-1].as_of}")
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
        resolution_date: str = typer.Option(None, "--resolves"),
        criteria: str = typer.Option("", "--criteria"),
    ) -> None:
        """Store a forecasting question (outcomes deal, talks_continue, collapse, strike)."""
        store(ctx).save_question(Question(id=qid, text=text, criteria=criteria,
                                          resolution_date=parse_date(resolution_date, "--resolves")))
        print(f"stored question {qid}")

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
        pairs = []
        for q in st.questions():
            if q.resolved:
                pairs += [(f, q.resolved) for f in st.forecasts(q.id)]
        if not pairs:
            raise InputError("no resolved questions with forecasts", where="store")
        res = scoring.score_pairs(pairs)
        if plot:
            scoring.reliability_plot(res["calibration"], plot)
        if as_json:
            print_json(res)
        else:
            print(f"n={res['n']}  Brier {res['brier']:.4f}  log {res['log']:.4f}")

    @app.command("backtest")
    def backtest(
        ctx: typer.Context,
        directory: Path = typer.Argument(..., help="Dated articles (anything ingest reads)."),
        actors: str = typer.Option(..., "--actors"),
        question: str = typer.Option("outcome", "--question", help="Question id or text."),
        horizon: int = typer.Option(30, "--horizon", min=1),
        seed: int = typer.Option(0, "--seed"),
        out: Path = typer.Option(Path("reports/backtest"), "--out"),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Replay dated articles in date order, forecasting after each day with news."""
        from accord.forecast.backtest import run_backtest

        if not directory.exists():
            raise InputError("no such file or directory", where=str(directory))
        with progress_bar(ctx, "backtest") as bar:
            res = run_backtest(directory, parse_actors(actors), question=question,
                               horizon_days=horizon, seed=seed, out_dir=out, progress=bar)
        if as_json:
            print_json(res)
        else:
            print(f"{len(res['forecasts'])} forecasts; history plot {res.get('plot')}")
