"""The Python API: the same jobs as the CLI verbs, returning domain objects and plain dicts.

Storage happens here (the edge); the stages themselves are pure functions in their packages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord.errors import InputError

if TYPE_CHECKING:  # imported where used: `import accord.api` stays light (fast CLI start)
    from accord.store import Store
    from accord.types import Extraction, Forecast, Question, Result, Scenario

Progress = Callable[[int, int | None, str], None] | None
MAX_EXTRACT_CHARS = 1_000_000  # spaCy's default nlp.max_length: longer texts are not parsed


@dataclass
class IngestReport:
    """Counts and per-item outcomes of one ingest batch."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    skipped: int = 0
    extracted: int | None = None  # articles extracted by this run (None: --no-extract)
    events: int | None = None
    items: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "stored": self.stored, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "failed": self.failed,
            "skipped": self.skipped, "extracted": self.extracted, "events": self.events,
            "items": self.items,
        }


def _store(db: str | Store | None) -> Store:
    from accord.store import Store

    return db if isinstance(db, Store) else Store(db)


def near_dup_index(store: Store, threshold: float | None):  # noqa: ANN202
    """MinHash LSH index over the signatures already in the store."""
    from accord.ingest.dedup import NearDupIndex, from_bytes

    index = NearDupIndex(threshold=threshold)  # None: $ACCORD_NEAR_DUP or 0.8, range-checked
    for aid, blob in store.minhashes():
        index.add(aid, from_bytes(blob))
    return index


def store_article(store: Store, index, art) -> tuple[str, str, str | None, float | None]:  # noqa: ANN001
    """Store one article, linking it to a near-duplicate already seen.

    Returns (status, id, duplicate_of, similarity); status is "stored", "near_duplicate"
    or "duplicate" (same content already stored, nothing written)."""
    from accord.ingest.dedup import signature, to_bytes

    existing = store.has_article(art.content_hash)
    if existing:
        return "duplicate", existing, existing, 1.0
    sig = signature(art.text)
    hits = index.query(sig)
    dup, sim = hits[0] if hits else (None, None)
    status, aid = store.add_article(art, minhash=to_bytes(sig), duplicate_of=dup, similarity=sim)
    if status != "duplicate":
        index.add(aid, sig)
    return status, aid, dup, sim


def ingest(
    paths: Sequence[str | Path], *, db: str | Store | None = None, glob: str = "**/*",
    max_bytes: int | None = None, near_dup: float | None = None, progress: Progress = None,
    extract: bool = True, workers: int = 1, batch_size: int = 32,
    extract_progress: Progress = None,
) -> IngestReport:
    """Read files, directories or feeds, store each article in its own transaction, and
    (``extract``, the default) extract the articles of the batch.

    Exact duplicates (same content hash) are stored once; near-duplicates (MinHash Jaccard
    >= ``near_dup``, default $ACCORD_NEAR_DUP or 0.8) are stored and linked to the first copy.
    A bad item is reported and the batch goes on; an item that is not an article by design
    (a crisis folder's resolution.json) is skipped with a note. Extraction covers the batch's
    articles that have no extraction by the current coder version, so a re-run extracts
    nothing twice.
    """
    from accord.ingest.readers import iter_articles

    store = _store(db)
    index = near_dup_index(store, near_dup)
    report = IngestReport()
    ids: list[str] = []
    for n, item in enumerate(iter_articles(list(paths), glob=glob, max_bytes=max_bytes), 1):
        if item.skipped:
            report.skipped += 1
            report.items.append({"origin": item.origin, "status": "skipped", "note": item.error})
        elif item.error or item.article is None:
            report.failed += 1
            report.items.append({"origin": item.origin, "status": "failed", "error": item.error})
        else:
            try:
                status, aid, dup, sim = store_article(store, index, item.article)
            except Exception as exc:  # noqa: BLE001 - storing one item failed: report, go on
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                report.failed += 1
                report.items.append({"origin": item.origin, "status": "failed",
                                     "error": f"cannot store: {_first_line(exc)}"})
                if progress:
                    progress(n, None, item.origin)
                continue
            if status == "duplicate":
                report.duplicates += 1
            elif status == "near_duplicate":
                report.near_duplicates += 1
            else:
                report.stored += 1
            ids.append(aid)
            entry = {"origin": item.origin, "status": status, "id": aid}
            if status != "stored" and dup:
                entry["duplicate_of"] = dup
                entry["similarity"] = round(float(sim), 3) if sim is not None else None
            if getattr(item, "note", None):
                entry["note"] = item.note
            report.items.append(entry)
        if progress:
            progress(n, None, item.origin)
    if extract:
        failed: dict[str, str] = {}
        exs = _extract_stored(store, ids=ids, workers=workers, batch_size=batch_size,
                              progress=extract_progress, failed=failed)
        report.extracted = len(exs)
        report.events = sum(len(x.events) for x in exs)
        for it in report.items:  # an article that could not be extracted is a failed item
            if it.get("id") in failed and it["status"] != "failed":
                was = {"stored": "stored", "near_duplicate": "near_duplicates",
                       "duplicate": "duplicates"}[it["status"]]
                setattr(report, was, getattr(report, was) - 1)
                report.failed += 1
                it["status"] = "failed"  # stored, but its events are unknown: said, not silent
                it["error"] = f"{failed[it['id']]} (the article is stored)"
    return report


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:300]


def _coder_version() -> str:
    from accord.nlp.lexicon import CODER_VERSION

    return CODER_VERSION


def _extract_stored(store: Store, *, ids: Sequence[str] | None, workers: int, batch_size: int,
                    progress: Progress, failed: dict[str, str] | None = None,
                    ) -> list[Extraction]:
    """Extract and store the stored articles (of ``ids``, or all) that lack an extraction
    by the current coder version. An article that cannot be extracted or stored (a pipeline
    error, over the time budget) is skipped with its reason in ``failed`` (id -> reason); the
    others go on. Each article is claimed first, so concurrent runs extract it once."""
    from accord.nlp.pipeline import extract_each

    version = _coder_version()
    if ids is not None and not ids:
        return []
    articles = store.articles(unextracted=True, coder_version=version,
                              ids=sorted(set(ids)) if ids is not None else None)
    claimed = (a for a in articles if store.claim_extraction(a.id, version))
    out: list[Extraction] = []
    k = 0
    for art, ex, err in extract_each(claimed, n_process=workers, batch_size=batch_size):
        k += 1
        if ex is not None:
            try:
                saved = store.save_extraction(ex, coder_version=version)
            except Exception as exc:  # noqa: BLE001 - this article's failure only
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                err = f"not extracted: cannot store: {_first_line(exc)}"
            else:
                if saved is not False:  # False: another process stored it first
                    out.append(ex)
        if err is not None:
            store.release_extraction(art.id)
            if failed is not None:
                failed[art.id] = err
        if progress:
            progress(k, len(articles), art.id)
    return out


def extract(
    paths: Sequence[str | Path] | None = None, *, db: str | Store | None = None,
    store_results: bool = False, workers: int = 1, batch_size: int = 32,
    progress: Progress = None, glob: str = "**/*", max_bytes: int | None = None,
) -> tuple[list[Extraction], list[dict]]:
    """Extract entities, events, quotes and claims.

    With ``paths``: read them directly (no prior ingest needed); with ``store_results`` the
    articles are ingested and the extractions stored too. Without paths: every stored article
    not yet extracted by the current coder version. Returns (extractions, failures).
    """
    from accord.ingest.readers import iter_articles
    from accord.nlp.pipeline import extract_each

    failures: list[dict] = []
    if paths:
        articles = []
        for item in iter_articles(list(paths), glob=glob, max_bytes=max_bytes):
            if item.skipped:
                continue  # not an article by design (resolution.json)
            if item.error or item.article is None:
                failures.append({"origin": item.origin, "error": item.error})
            else:
                articles.append(item.article)
        store = _store(db) if store_results else None
        if store is not None:  # stored exactly as `ingest` stores them (near-duplicates linked)
            index = near_dup_index(store, None)
            kept = []
            for a in articles:
                try:
                    store_article(store, index, a)
                except Exception as exc:  # noqa: BLE001 - this article's failure only
                    if isinstance(exc, KeyboardInterrupt | SystemExit):
                        raise
                    failures.append({"origin": a.path or a.id,
                                     "error": f"cannot store: {_first_line(exc)}"})
                else:
                    kept.append(a)
            articles = kept
    else:
        st = _store(db)
        failed: dict[str, str] = {}
        exs = _extract_stored(st, ids=None, workers=workers, batch_size=batch_size,
                              progress=progress, failed=failed)
        failures += [{"origin": f"article {aid}", "error": why} for aid, why in failed.items()]
        return exs, failures
    total = len(articles)
    out: list[Extraction] = []
    version = _coder_version()
    for k, (art, ex, err) in enumerate(extract_each(articles, n_process=workers,
                                                    batch_size=batch_size), 1):
        if ex is not None and store is not None:
            try:
                store.save_extraction(ex, coder_version=version)
            except Exception as exc:  # noqa: BLE001 - this article's failure only
                if isinstance(exc, KeyboardInterrupt | SystemExit):
                    raise
                ex, err = None, f"not extracted: cannot store: {_first_line(exc)}"
        if ex is None:
            failures.append({"origin": art.path or art.id, "error": err})
        else:
            out.append(ex)
        if progress:
            progress(k, total, art.id)
    return out, failures


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario: accord YAML, KTAB CSV/XML or BDM CSV (by extension/header)."""
    from accord.io.scenario_yaml import load_scenario as _load

    return _load(path)


def simulate(
    scenario: Scenario | str | Path, *, model: str | None = None, runs: int = 1, seed: int = 0,
    workers: int | None = None, scheduler: str | None = None, progress: Progress = None,
    params: dict | None = None,
) -> Result:
    """Run a bargaining model (Monte Carlo when runs > 1) on a scenario.

    ``model`` None picks the default (accord.models.validation.default_model): compromise for
    an EU legislative scenario, the best model on held-out DEU III issues, with a note saying
    so; the EUM otherwise. ``params`` go to the model's constructor (e.g. {"vote": "net"})."""
    from accord.models import get_model
    from accord.models.montecarlo import simulate as mc
    from accord.types import Scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if runs < 1:
        raise InputError("must be at least 1", where="--runs")
    why = ""
    if model is None:
        from accord.models.validation import default_model

        model, why = default_model(sc)
    from accord.io.scenario_yaml import check_scenario

    check_scenario(sc, "scenario", model)  # the same limits as `scenario check` and the CLI
    m = get_model(model, **(params or {}))
    res = mc(sc, m, runs=runs, seed=seed, workers=workers, scheduler=scheduler, progress=progress)
    return res.model_copy(update={"notes": [*res.notes, why]}) if why else res


def talks(scenario: Scenario | str | Path, *, progress: Progress = None, **config: object):  # noqa: ANN201
    """Play the talks out (as `accord talks`): ``config`` takes the fields of
    :class:`accord.models.talks.TalksConfig` (protocol, mediator, deadline, runs, seed, ...);
    returns a :class:`accord.models.talks.TalksResult`."""
    from pydantic import ValidationError

    from accord.models.talks import TalksConfig, run_talks
    from accord.types import Scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    try:
        cfg = TalksConfig(**config)
    except ValidationError as exc:
        err = exc.errors()[0]
        raise InputError(err["msg"], where=".".join(map(str, err["loc"])) or "config") from None
    return run_talks(sc, cfg, progress=progress)


def resolve_actors(names: Sequence[str] | str, date: dt.date | None = None) -> list[str]:
    """Actor codes for codes, names or aliases: "India" -> IND, "the United States" -> USA,
    "Hamas" -> PSE, "Hezbollah" -> LBN, "ECOWAS" -> IGO.

    Names are looked up in the packaged actor tables (``accord.nlp.actors``); a group tied
    to one country is coded by that country or territory (the first three letters of its
    code), as the crisis corpus codes non-state parties. An upper-case token of 3-9 letters
    that is no known name is kept as a code. Raises InputError naming the first unknown name.
    """
    from accord.nlp.actors import INTL_CODES, load_actor_tables
    from accord.nlp.codes import canonical_code

    tables = load_actor_tables()
    if isinstance(names, str):
        names = names.split(",")
    out: list[str] = []
    for raw in names:
        name = " ".join(str(raw).split())
        if not name:
            continue
        bare = name[4:] if name.lower().startswith("the ") else name
        if (alias := canonical_code(name)) != name:
            out.append(alias)  # another data set's code for a country: XKX -> KOS
            continue
        if name.isalpha() and name.isupper() and len(name) in (3, 6, 9) and (
                name[:3] in tables.country_names or name[:3] in INTL_CODES):
            out.append(name)  # a code: IRN, USAGOV, IGO
            continue
        meanings = [*tables.exact.get(bare, []), *tables.folded.get(bare.lower(), [])]
        code = None
        for m in meanings:
            if m.type in ("country", "demonym", "capital"):
                code = m.value
            elif m.type == "org":
                full = tables.orgs[m.value].code_on(date)
                code = full if full[:3] in INTL_CODES else full[:3]
            elif m.type == "person":
                code = tables.people[m.value].country
            if code:
                break
        up = name.upper()
        if code is None and name.isalpha() and len(name) in (3, 6, 9) and (
                up[:3] in tables.country_names or up[:3] in INTL_CODES):
            code = up  # a code in lower case: usa, irngov
        if code is None and name.isalpha() and name.isupper() and 3 <= len(name) <= 9:
            code = name  # an unlisted code; the CLI checks it against the stored events
        if code is None:
            raise InputError(f"unknown actor {name!r}: not a code and not a name or alias in "
                             "the actor tables", where="--actors")
        out.append(code)
    return list(dict.fromkeys(out))


def evidence_warnings(store: Store, actors: Sequence[str], as_of: dt.date,
                      n_events: int | None = None) -> list[str]:
    """What is missing from the evidence as of a date: articles without an extraction (their
    events are unknown) and, with ``n_events``, no events at all among the actors."""
    out: list[str] = []
    cov = store.extraction_coverage(until=as_of)
    if cov["unextracted"]:
        out.append(f"evidence is partial: {cov['unextracted']} of {cov['articles']} stored "
                   f"article(s) dated on or before {as_of} have not been extracted, so their "
                   "events are missing (run `accord extract`)")
    if n_events == 0:
        out.append(f"no events involving {', '.join(actors)} dated on or before {as_of}: the "
                   "result rests on base rates and capabilities only")
    return out


def _evidence_ids(*groups: Sequence) -> list[str]:
    """Article ids behind events or claims: the only article dates an analysis looks up (a
    store of millions of articles is not read whole for one query)."""
    return sorted({x.evidence.article_id for g in groups for x in g if x.evidence.article_id})


def situation(
    actors: Sequence[str], *, as_of: dt.date | None = None, db: str | Store | None = None,
) -> dict:
    """Timeline, dyadic cooperation-conflict and escalation level as of a date, with
    ``warnings`` when the evidence is partial (unextracted articles) or empty."""
    from accord.situation.timeline import situation as _situation

    store = _store(db)
    as_of = as_of or dt.date.today()
    from accord.store.review import corrected_events  # analyst corrections laid over

    events = corrected_events(store, actors=list(actors), until=as_of)
    out = _situation(events, store.article_dates(_evidence_ids(events)), list(actors), as_of)
    out["warnings"] = evidence_warnings(store, actors, as_of, len(events))
    return out


def forecast(
    actors: Sequence[str], *, as_of: dt.date | None = None, horizon_days: int = 30,
    seed: int = 0, db: str | Store | None = None, scenario: Scenario | None = None,
    question: str | None = None, save: bool = True, runs: int = 2000,
) -> Forecast:
    """Outcome probabilities (deal, talks_continue, collapse, strike) from evidence <= as_of.

    With ``question``, the forecast is stored under that question's id. For a yes/no
    question (a ``kind`` and a deadline) the horizon runs from ``as_of`` to the deadline,
    ``actors`` may be empty (the question's parties are used) and ``Forecast.probability``
    is P(kind by the deadline), what `forecast score` scores. A forecast over partial
    evidence (unextracted articles) or over no events is still made and stored, with the gap
    stated in its ``warnings``."""
    from accord.forecast.engine import make_forecast

    store = _store(db)
    as_of = as_of or dt.date.today()
    from accord.store.review import corrected_events  # analyst corrections laid over

    q = store.question(question) if question else None
    if question and q is None:
        raise InputError(f"no stored question {question!r} (create it with `accord forecast "
                         "question` or POST /api/questions)", where="--question")
    if q is not None and q.kind is not None:
        actors, horizon_days = question_horizon(q, actors, as_of)
    events = corrected_events(store, actors=list(actors), until=as_of)
    claims = store.claims(actors=list(actors), until=as_of)
    f = make_forecast(
        events, claims, store.article_dates(_evidence_ids(events, claims)), list(actors), as_of,
        horizon_days=horizon_days,
        seed=seed, scenario=scenario, question=q, runs=runs,
    )
    if q is not None and q.kind is not None:
        f.probability = f.question_probabilities[q.kind]
    f.warnings = evidence_warnings(store, actors, as_of, len(events))
    if save:
        store.save_forecast(f)
    return f


def question_horizon(q: Question, actors: Sequence[str], as_of: dt.date
                     ) -> tuple[list[str], int]:
    """(actors, horizon in days) of a forecast for yes/no question ``q`` as of ``as_of``: the
    question's parties unless ``actors`` are given, and the days left to its deadline."""
    if q.resolution_date is None:  # the Question validator requires it with a kind
        raise InputError(f"question {q.id!r} has no deadline", where="--question")
    days = (q.resolution_date - as_of).days
    if days < 1:
        raise InputError(f"question {q.id!r} has its deadline {q.resolution_date} on or before "
                         f"the as-of date {as_of}: nothing left to forecast", where="--as-of")
    codes = list(actors) or list(q.parties)
    if not codes:
        raise InputError(f"question {q.id!r} names no parties: give --actors", where="--actors")
    return codes, days


def explain_latest(db: str | Store | None = None, question: str | None = None,
                   horizon: int | None = None, where: str = "question") -> dict:
    """What moved the newest stored forecast since the previous one of the same question and
    horizon (of the same yes/no question, whatever the horizon to its deadline):
    {"previous", "current" (Forecast), "changes", "monte_carlo", "within_noise"};
    changes within Monte Carlo noise are set aside. Fewer than two such forecasts is an
    InputError naming `where`."""
    from accord.forecast.engine import explain, monte_carlo_noise

    store = _store(db)
    fs = [f for f in store.forecasts(question) if horizon is None or f.horizon_days == horizon]
    if fs:  # compare like with like: the newest forecast's question and horizon; a yes/no
        # question's horizon runs to its deadline, so its forecasts of two dates have two
        # horizons and answer the same question: compared whatever the horizon
        newest = fs[-1]
        fs = [f for f in fs if f.question == newest.question
              and (newest.probability is not None or f.horizon_days == newest.horizon_days)]
    if len(fs) < 2:
        raise InputError("need at least two stored forecasts of the same question and "
                         "horizon to explain a change", where=where)
    ignored: list[dict] = []
    moves = explain(fs[-2], fs[-1], ignored=ignored)
    return {"previous": fs[-2], "current": fs[-1], "changes": moves,
            "monte_carlo": monte_carlo_noise(fs[-2], fs[-1]),
            "within_noise": [{k: m[k] for k in ("kind", "name", "old", "new", "delta",
                                                "threshold")} for m in ignored]}
