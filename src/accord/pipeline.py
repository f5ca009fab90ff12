"""The main job end to end: evidence in the store -> situation, scenario, models, forecasts -> report.

This is edge code (it reads the store and writes files); the stages it calls are pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from accord import api
from accord.errors import ScenarioError
from accord.store import Store
from accord.types import Extraction, Forecast, Result, Scenario

HORIZONS = (7, 30, 90)
MODELS = ("compromise", "nash", "eum", "smp")


def _noop(*_a: object, **_k: object) -> None:
    return None


def analyse(
    store: Store, actors: list[str], as_of: dt.date, *, scenario: Scenario | None,
    runs: int, seed: int, say: Callable[[str], None] = _noop,
) -> dict:
    """Situation, drafted scenario, model results and forecasts for stored evidence <= as_of."""
    from accord.situation.draft import draft_scenario, unplaced_actors

    sit = api.situation(actors, as_of=as_of, db=store)
    notes: list[str] = [f"warning: {w}" for w in sit.get("warnings", [])]
    say(f"situation: escalation level {sit['escalation']['level']} "
        f"({sit['escalation'].get('label', '')})")
    events = store.events(actors=actors, until=as_of)
    claims = store.claims(actors=actors, until=as_of)
    try:
        drafted = draft_scenario(events, claims, store.article_dates(), actors, as_of)
    except ScenarioError as exc:  # no evidence to draft from: say so, go on without models
        drafted = None
        notes.append(f"no scenario drafted: {exc}")
        say(notes[-1])
    else:
        say(f"drafted scenario: {len(drafted.actors)} actors, {len(drafted.issues)} issues, "
            f"{len(drafted.positions)} positions from the evidence")
        if missing := unplaced_actors(drafted):
            notes.append(f"the evidence places {', '.join(missing)} on no issue: their "
                         "positions are missing from the drafted scenario")
    sc = scenario or drafted
    results: list[Result] = []
    for name in MODELS if sc is not None else ():
        n = runs if name in ("compromise", "nash", "eum") else 1
        res = api.simulate(sc, model=name, runs=n, seed=seed)
        preds = ", ".join(f"{i.issue} {i.prediction:.1f}" for i in res.issues)
        say(f"model {name} ({n} run{'s' if n > 1 else ''}): {preds}")
        for note in res.notes:
            if note.startswith("issue "):
                say(f"  note: {note}")
        results.append(res)
    forecasts: list[Forecast] = []
    for h in HORIZONS:
        f = api.forecast(actors, as_of=as_of, horizon_days=h, seed=seed, db=store, scenario=sc)
        forecasts.append(f)
        notes += [f"warning: {w}" for w in f.warnings if f"warning: {w}" not in notes]
        say(f"forecast {h:>2} days: " + ", ".join(f"{k} {v:.2f}" for k, v in f.outcomes.items())
            + ("; by then, whatever comes first: " + ", ".join(
                f"{k} {v:.2f}" for k, v in f.question_probabilities.items())
               if f.question_probabilities else ""))
    return {"situation": sit, "drafted": drafted, "scenario": sc, "results": results,
            "forecasts": forecasts, "notes": notes}


def build_report(
    store: Store, actors: list[str], as_of: dt.date | None = None, *,
    scenario_path: Path | None = None, runs: int = 1000, seed: int = 0,
    out: Path = Path("reports/report.html"), progress: Callable | None = None,
    say: Callable[[str], None] = _noop, warnings: list[str] | None = None,
) -> Path:
    """Analyse the stored evidence and write the HTML report.

    ``as_of`` defaults to the latest article date in the store (not today: a report on a
    past crisis is about its own days). Gaps in the evidence (unextracted articles, no
    events) are shown in the report and appended to ``warnings``."""
    from accord.report.html import write_report

    as_of = as_of or store.latest_article_date() or dt.date.today()
    sc = api.load_scenario(scenario_path) if scenario_path else None
    res = analyse(store, actors, as_of, scenario=sc, runs=runs, seed=seed, say=say)
    if warnings is not None:
        warnings.extend(n.removeprefix("warning: ") for n in res["notes"]
                        if n.startswith("warning: "))
    events = store.events(actors=actors, until=as_of)
    ids = sorted({e.evidence.article_id for e in events if e.evidence.article_id})
    arts = store.articles(until=as_of, ids=ids)
    # one query per kind, grouped by article (not one scan of the store per article)
    by_article: dict[str, dict[str, list]] = {a.id: {"events": [], "quotes": [], "claims": []}
                                              for a in arts}
    for kind, items in (("events", events), ("quotes", store.quotes(until=as_of)),
                        ("claims", store.claims(until=as_of))):
        for item in items:
            if item.evidence.article_id in by_article:
                by_article[item.evidence.article_id][kind].append(item)
    extractions = [Extraction(article=a, entities=store.entities(a.id), **by_article[a.id])
                   for a in arts]
    return write_report(
        out, title=f"{(sc.name if sc else 'Situation')} - {', '.join(actors)}", as_of=as_of,
        extractions=extractions, situation=res["situation"], scenario=res["scenario"],
        results=res["results"], forecasts=res["forecasts"], drafted=res["drafted"],
        notes=res["notes"],
    )


def run_demo(
    store: Store, example: Path, *, runs: int = 1000, seed: int = 1, out: Path | None = None,
    progress: Callable | None = None, say: Callable[[str], None] | None = None,
) -> Path:
    """The bundled example end to end; returns the report's path."""
    say = say or _noop
    rep = api.ingest([example], db=store, glob="**/*.txt", extract=False)  # extracted next
    say(f"ingest: stored {rep.stored}, duplicates {rep.duplicates}, failed {rep.failed}")
    exs, _ = api.extract(None, db=store)
    say(f"extract: {sum(len(e.events) for e in exs)} events, "
        f"{sum(len(e.quotes) for e in exs)} quotes, {sum(len(e.claims) for e in exs)} claims "
        f"from {len(exs)} new article(s)")
    scenario_path = example / "scenario.yaml"
    sc = api.load_scenario(scenario_path)
    as_of = sc.as_of or max((a.date for a in store.articles() if a.date), default=dt.date.today())
    actors = [a.code or a.id for a in sc.actors if a.code][:3] or ["USA", "IRN", "ISR"]
    actors = ["USA", "IRN", "ISR"] if {"USA", "IRN", "ISR"} <= {a.id for a in sc.actors} else actors
    out = out or Path("reports") / f"{example.name}.html"
    return build_report(store, actors, as_of, scenario_path=scenario_path, runs=runs, seed=seed,
                        out=out, progress=progress, say=say)
