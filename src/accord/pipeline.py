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
    placement: list[str] = []  # the draft's decisions: mediators, parties left out, no stance
    try:
        drafted = draft_scenario(events, claims, store.article_dates(), actors, as_of,
                                 evidence_only=True, notes=placement)
    except ScenarioError as exc:  # no evidence to draft from: say so, go on without models
        drafted = None
        notes += [f"drafted scenario: {n}" for n in placement]
        notes.append(f"no scenario drafted: {exc}")
        say(notes[-1])
    else:
        say(f"drafted scenario: {len(drafted.actors)} actors, {len(drafted.issues)} issues, "
            f"{len(drafted.positions)} positions from the evidence")
        notes += [f"drafted scenario: {n}" for n in placement]
        if missing := unplaced_actors(drafted):
            notes.append(f"the evidence places {', '.join(missing)} on no issue: their "
                         "positions are missing from the drafted scenario")
    sc = scenario or drafted
    results: list[Result] = []
    for name in MODELS if sc is not None else ():
        from accord.io.scenario_yaml import problem_message

        if (why := problem_message(sc, name)) is not None:  # a draft a model cannot run
            notes.append(f"warning: model {name} not run on the drafted scenario: {why}")
            say(notes[-1])
            continue
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
            + ("; each by then (whatever else comes first): " + ", ".join(
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
    if sc is not None:  # refused as `scenario check` and `simulate --model M` refuse it
        from accord.io.scenario_yaml import check_scenario

        for name in MODELS:
            check_scenario(sc, str(scenario_path), name)
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
    history = _history(store, actors, as_of, seed=seed)
    cited = {ev.article_id for f in res["forecasts"] for d in f.drivers for ev in d.evidence}
    cited |= {e["evidence"].get("article_id") for e in res["situation"]["escalation"]
              .get("evidence", []) if isinstance(e, dict) and isinstance(e.get("evidence"), dict)}
    cited -= {a.id for a in arts} | {None}
    extra = {a.id: a for a in store.articles(ids=sorted(cited))} if cited else {}
    question = res["forecasts"][1].question if len(res["forecasts"]) > 1 else None
    days = [a.date for a in arts if a.date]
    return write_report(
        out, title=_title(actors, min(days, default=None), max(days, default=as_of)),
        as_of=as_of, extractions=extractions, situation=res["situation"],
        scenario=res["scenario"], results=res["results"], forecasts=res["forecasts"],
        drafted=res["drafted"], notes=res["notes"], articles=extra, history=history,
        stored=store.forecasts(question) if question else [], history_horizon=HORIZONS[1],
    )


def _title(actors: list[str], first: dt.date | None, last: dt.date | None) -> str:
    """The report's title from the parties' names and the span of the evidence."""
    from accord.nlp.actors import load_actor_tables
    from accord.report.html import report_title

    names = load_actor_tables().country_names
    return report_title([names.get(c[:3], c) for c in actors], first, last)


def _history(store: Store, actors: list[str], as_of: dt.date, *, seed: int,
             max_days: int = 40) -> list[tuple[dt.date, Forecast]]:
    """(day, forecast) as of each article date up to ``as_of`` (the last ``max_days`` of them),
    each from the evidence dated on or before that day; not stored."""
    days = sorted({d for d in store.article_dates().values() if d is not None and d <= as_of})
    return [(d, api.forecast(actors, as_of=d, horizon_days=HORIZONS[1], seed=seed, db=store,
                             save=False, runs=500)) for d in days[-max_days:]]


def parties(sc: Scenario) -> list[str]:
    """The codes of a scenario's parties, the actors a report follows: every actor not marked
    ``role: mediator`` (read from the scenario, never a list of codes written here)."""
    return [a.code or a.id for a in sc.actors if a.role != "mediator"]


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
    actors = parties(sc)
    out = out or Path("reports") / f"{example.name}.html"
    return build_report(store, actors, as_of, scenario_path=scenario_path, runs=runs, seed=seed,
                        out=out, progress=progress, say=say)
