"""The Python API: the same jobs as the CLI verbs, returning domain objects and plain dicts.

Storage happens here (the edge); the stages themselves are pure functions in their packages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import InputError
from accord.store import Store
from accord.types import Extraction, Forecast, Result, Scenario

Progress = Callable[[int, int | None, str], None] | None


@dataclass
class IngestReport:
    """Counts and per-item outcomes of one ingest batch."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    failed: int = 0
    items: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "stored": self.stored, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "failed": self.failed, "items": self.items,
        }


def _store(db: str | Store | None) -> Store:
    return db if isinstance(db, Store) else Store(db)


def _near_dup_index(store: Store, threshold: float | None):  # noqa: ANN202
    """MinHash LSH index over the signatures already in the store."""
    from accord.ingest.dedup import NearDupIndex, from_bytes

    index = NearDupIndex(threshold=threshold)  # None: $ACCORD_NEAR_DUP or 0.8, range-checked
    for aid, blob in store.minhashes():
        index.add(aid, from_bytes(blob))
    return index


def _store_article(store: Store, index, art) -> tuple[str, str, str | None, float | None]:  # noqa: ANN001
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
) -> IngestReport:
    """Read files, directories or feeds and store each article in its own transaction.

    Exact duplicates (same content hash) are stored once; near-duplicates (MinHash Jaccard
    >= ``near_dup``, default $ACCORD_NEAR_DUP or 0.8) are stored and linked to the first copy.
    A bad item is reported and the batch goes on.
    """
    from accord.ingest.readers import iter_articles

    store = _store(db)
    index = _near_dup_index(store, near_dup)
    report = IngestReport()
    for n, item in enumerate(iter_articles(list(paths), glob=glob, max_bytes=max_bytes), 1):
        if item.error or item.article is None:
            report.failed += 1
            report.items.append({"origin": item.origin, "status": "failed", "error": item.error})
        else:
            status, aid, dup, sim = _store_article(store, index, item.article)
            if status == "duplicate":
                report.duplicates += 1
            elif status == "near_duplicate":
                report.near_duplicates += 1
            else:
                report.stored += 1
            entry = {"origin": item.origin, "status": status, "id": aid}
            if status != "stored" and dup:
                entry["duplicate_of"] = dup
                entry["similarity"] = round(float(sim), 3) if sim is not None else None
            report.items.append(entry)
        if progress:
            progress(n, None, item.origin)
    return report


def extract(
    paths: Sequence[str | Path] | None = None, *, db: str | Store | None = None,
    store_results: bool = False, workers: int = 1, batch_size: int = 32,
    progress: Progress = None, glob: str = "**/*", max_bytes: int | None = None,
) -> tuple[list[Extraction], list[dict]]:
    """Extract entities, events, quotes and claims.

    With ``paths``: read them directly (no prior ingest needed); with ``store_results`` the
    articles are ingested and the extractions stored too. Without paths: every stored article
    not yet extracted. Returns (extractions, failures).
    """
    from accord.ingest.readers import iter_articles
    from accord.nlp.pipeline import extract_articles

    failures: list[dict] = []
    if paths:
        articles = []
        for item in iter_articles(list(paths), glob=glob, max_bytes=max_bytes):
            if item.error or item.article is None:
                failures.append({"origin": item.origin, "error": item.error})
            else:
                articles.append(item.article)
        store = _store(db) if store_results else None
        if store is not None:  # stored exactly as `ingest` stores them (near-duplicates linked)
            index = _near_dup_index(store, None)
            for a in articles:
                _store_article(store, index, a)
    else:
        store = _store(db)
        articles = store.articles(unextracted=True)
    total = len(articles)
    out: list[Extraction] = []
    for k, ex in enumerate(extract_articles(articles, n_process=workers, batch_size=batch_size), 1):
        if store is not None:
            store.save_extraction(ex)
        out.append(ex)
        if progress:
            progress(k, total, ex.article.id)
    return out, failures


def load_scenario(path: str | Path) -> Scenario:
    """Load a scenario: accord YAML, KTAB CSV/XML or BDM CSV (by extension/header)."""
    from accord.io.scenario_yaml import load_scenario as _load

    return _load(path)


def simulate(
    scenario: Scenario | str | Path, *, model: str = "eum", runs: int = 1, seed: int = 0,
    workers: int | None = None, scheduler: str | None = None, progress: Progress = None,
    params: dict | None = None,
) -> Result:
    """Run a bargaining model (Monte Carlo when runs > 1) on a scenario.

    ``params`` go to the model's constructor (e.g. {"vote": "net"} for the EUM)."""
    from accord.models import get_model
    from accord.models.montecarlo import simulate as mc

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if runs < 1:
        raise InputError("must be at least 1", where="--runs")
    m = get_model(model, **(params or {}))
    return mc(sc, m, runs=runs, seed=seed, workers=workers, scheduler=scheduler, progress=progress)


def situation(
    actors: Sequence[str], *, as_of: dt.date | None = None, db: str | Store | None = None,
) -> dict:
    """Timeline, dyadic cooperation-conflict and escalation level as of a date."""
    from accord.situation.timeline import situation as _situation

    store = _store(db)
    as_of = as_of or dt.date.today()
    events = store.events(actors=list(actors), until=as_of)
    return _situation(events, store.article_dates(), list(actors), as_of)


def forecast(
    actors: Sequence[str], *, as_of: dt.date | None = None, horizon_days: int = 30,
    seed: int = 0, db: str | Store | None = None, scenario: Scenario | None = None,
    question: str | None = None, save: bool = True, runs: int = 2000,
) -> Forecast:
    """Outcome probabilities (deal, talks_continue, collapse, strike) from evidence <= as_of."""
    from accord.forecast.engine import make_forecast

    store = _store(db)
    as_of = as_of or dt.date.today()
    events = store.events(actors=list(actors), until=as_of)
    claims = store.claims(actors=list(actors), until=as_of)
    q = store.question(question) if question else None
    f = make_forecast(
        events, claims, store.article_dates(), list(actors), as_of, horizon_days=horizon_days,
        seed=seed, scenario=scenario, question=q, runs=runs,
    )
    if save:
        store.save_forecast(f)
    return f
