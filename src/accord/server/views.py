"""What the routes return, composed from the Python API and the store (no HTTP here):
events with their source and review state, timeline, actor network, forecast history."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import threading
from collections import defaultdict
from collections.abc import Sequence

from accord import api
from accord.errors import InputError
from accord.store import Store
from accord.store import review as rv
from accord.types import Event

_INGEST_LOCK = threading.Lock()  # one ingest+extract at a time (one spaCy pipeline)


def actors_arg(value: str | list[str] | None, where: str = "actors") -> list[str] | None:
    """Codes for comma-separated codes or names; None when not given."""
    if value is None or (isinstance(value, str) and not value.strip(", ")):
        return None
    try:
        return api.resolve_actors(value)
    except InputError as exc:
        raise InputError(str(exc).removeprefix("--actors: "), where=where) from None


_FIRST, _LAST = dt.date(1900, 1, 1), dt.date(2200, 12, 31)


def check_dates(**dates: dt.date | None) -> None:
    """Dates must lie in 1900-2200 (the situation looks back from them; no wrap-around)."""
    for name, d in dates.items():
        if d is not None and not _FIRST <= d <= _LAST:
            raise InputError(f"{d.isoformat()} is outside 1900-01-01 .. 2200-12-31", where=name)


def default_as_of(store: Store) -> dt.date:
    return store.latest_article_date() or dt.date.today()


def event_view(e: Event, articles: dict[str, dict], correction: dict | None = None,
               key: str | None = None) -> dict:
    """An event as the API shows it: ``id`` is its key as extracted (corrections keep it);
    ``roles``: reasons to doubt who did what to whom (accord.situation.roles)."""
    from accord.situation.roles import role_doubts

    aid = e.evidence.article_id or ""
    art = articles.get(aid, {})
    return {"id": key or rv.event_key(e), **e.model_dump(mode="json"), "roles": role_doubts(e),
            "article": {"id": aid, "title": art.get("title"), "url": art.get("url"),
                        "date": art.get("date")},
            "review": None if correction is None else {
                k: correction[k] for k in ("id", "action", "changes", "author", "created_at")}}


def events(store: Store, *, actors: list[str] | None, types: list[str] | None,
           quad: int | None, mode: str | None, since: dt.date | None, until: dt.date | None,
           min_confidence: float | None, factuality: str | None, article_id: str | None,
           corrected: bool, limit: int, offset: int) -> dict:
    """Filtered, paginated events (with the analyst's corrections unless ``corrected`` is
    false), each with its article's title and URL."""
    check_dates(**{"from": since, "to": until})
    if since and until and since > until:
        raise InputError("'from' is after 'to'", where="from")
    if corrected:
        pairs = rv.corrected_events_keyed(store, actors=actors, until=until, since=since,
                                          types=types)
    else:
        pairs = [(rv.event_key(e), e) for e in store.events(actors=actors, until=until,
                                                             since=since, types=types)]
    keep = [(k, e) for k, e in pairs
            if (quad is None or e.quad == quad) and (mode is None or e.mode == mode)
            and (min_confidence is None or e.confidence >= min_confidence)
            and (factuality is None or e.factuality == factuality)
            and (article_id is None or e.evidence.article_id == article_id)]
    page = keep[offset:offset + limit]
    arts = rv.article_urls(store, [e.evidence.article_id for _, e in page
                                   if e.evidence.article_id])
    act = rv.active(rv.corrections(store))
    return {"events": [event_view(e, arts, act.get(k), k) for k, e in page],
            "count": len(keep), "limit": limit, "offset": offset}


def review_queue(store: Store, *, actors: list[str] | None, threshold: float,
                 impact: float, show_all: bool, limit: int, roles: bool = True) -> dict:
    """Events as extracted that need a look: confidence under ``threshold``, |score| at
    least ``impact``, or (``roles``) doubtful roles such as a state coded as its own recipient
    (or every event with ``show_all``), with their correction if any; unreviewed first, then
    hard role doubts, then by confidence."""
    from accord.situation.roles import HARD, role_confidence, role_doubts

    evs = store.events(actors=actors)
    act = rv.active(rv.corrections(store))
    rows = []
    for e in evs:
        key = rv.event_key(e)
        low, high = e.confidence < threshold, abs(e.score) >= impact
        doubts = role_doubts(e) if roles else []
        if show_all or low or high or doubts or key in act:
            hard = bool(HARD.intersection(doubts))
            rows.append((key in act, not hard, min(e.confidence, role_confidence(e)), e, low,
                         high, doubts))
    rows.sort(key=lambda r: r[:3])
    rows = rows[:limit]
    arts = rv.article_urls(store, [r[3].evidence.article_id for r in rows
                                   if r[3].evidence.article_id])
    items = []
    for *_, e, low, high, doubts in rows:
        v = event_view(e, arts, act.get(rv.event_key(e)))
        v["why"] = [w for w, on in (("low confidence", low), ("high impact", high),
                                    ("uncertain roles", bool(doubts))) if on]
        v["roles"] = doubts
        v["role_confidence"] = round(role_confidence(e), 4)
        items.append(v)
    return {"items": items, "count": len(items), "threshold": threshold, "impact": impact}


def timeline(store: Store, actors: list[str], since: dt.date | None,
             until: dt.date | None) -> dict:
    """Per day and directed dyad: counts by type, cooperation-conflict index, escalation
    rung (the situation's timeline over [since, until], corrections applied)."""
    from accord.situation.timeline import situation

    check_dates(**{"from": since, "to": until})
    until = until or default_as_of(store)
    since = since or until - dt.timedelta(days=30)
    if since > until:
        raise InputError("'from' is after 'to'", where="from")
    evs = rv.corrected_events(store, actors=actors, until=until)
    out = situation(evs, store.article_dates(), actors, until,
                    window_days=(until - since).days)
    return {"actors": out["actors"], "from": since.isoformat(), "to": until.isoformat(),
            "rows": out["timeline"], "dyads": out["dyads"], "escalation": out["escalation"]}


def _placed(refs: Sequence) -> set[str]:
    """Country-level codes of the parties a table places (unplaced '---' parties left out)."""
    return {r.code[:3] for r in refs if r.code[:1].isalpha()}


def network(store: Store, actors: list[str] | None, since: dt.date | None,
            until: dt.date | None) -> dict:
    """Who acts on whom: directed country-level links weighted by confidence, with the
    summed PLOVER score (negative: conflict, positive: cooperation). Asserted events between
    placed parties only."""
    check_dates(**{"from": since, "to": until})
    evs = rv.corrected_events(store, actors=actors, until=until, since=since)
    links: dict[tuple[str, str], dict] = defaultdict(lambda: {"events": 0, "weight": 0.0,
                                                               "score": 0.0, "types": {}})
    nodes: dict[str, int] = defaultdict(int)
    for e in evs:
        if not e.asserted:
            continue
        for a in _placed(e.actor):
            nodes[a] += 1
            for t in _placed(e.recipient) - {a}:
                nodes[t] += 1
                link = links[(a, t)]
                link["events"] += 1
                link["weight"] += e.confidence
                link["score"] += e.confidence * e.score
                link["types"][e.type] = link["types"].get(e.type, 0) + 1
    return {"nodes": [{"code": c, "events": n} for c, n in sorted(nodes.items())],
            "links": [{"actor": a, "recipient": t, **v,
                       "weight": round(v["weight"], 4), "score": round(v["score"], 4),
                       "mean_score": round(v["score"] / v["weight"], 4) if v["weight"] else 0}
                      for (a, t), v in sorted(links.items())]}


def ingest_body(store: Store, body: bytes, suffix: str) -> dict:
    """Ingest and extract a request body exactly as `accord ingest` reads a file of that
    kind (.json: one article or a list; .jsonl: one article a line)."""
    fd, path = tempfile.mkstemp(suffix=suffix, prefix="accord-body-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        with _INGEST_LOCK:
            rep = api.ingest([path], db=store).as_dict()
    finally:
        os.unlink(path)
    for it in rep["items"]:
        it["origin"] = it["origin"].replace(path, "body")
    return rep


def forecast_history(store: Store, question: str | None, horizon: int | None) -> dict:
    from accord.cli.forecast_cmd import forecast_json

    groups: dict[tuple[str, int], list] = {}
    for f in store.forecasts(question):
        if horizon is None or f.horizon_days == horizon:
            groups.setdefault((f.question, f.horizon_days), []).append(f)
    keys = sorted(groups)
    return {"forecasts": [forecast_json(f) for k in keys for f in groups[k]],
            "groups": [{"question": q, "horizon_days": h,
                        "forecasts": [forecast_json(f) for f in groups[(q, h)]]}
                       for q, h in keys]}


def forecast_explain(store: Store, question: str | None, horizon: int | None) -> dict:
    """What moved the newest forecast since the previous one of its question and horizon."""
    from accord.api import explain_latest
    from accord.cli.forecast_cmd import forecast_json

    d = explain_latest(store, question, horizon, where="question")
    return d | {"previous": forecast_json(d["previous"]), "current": forecast_json(d["current"])}


def score(store: Store) -> dict:
    """Scores over resolved questions, each forecast on its own question (as `forecast score`);
    with nothing to score, n = 0 and ``warnings`` says what is missing."""
    from accord.forecast import scoring

    return scoring.score_questions(store.questions(), store.forecasts)


def backtest(store: Store, actors: Sequence[str], since: dt.date | None, until: dt.date | None,
             horizon: int, runs: int, seed: int, question: str | None, progress) -> dict:  # noqa: ANN001
    """A forecast as of every stored article date in [since, until], each from evidence
    dated on or before it (no look-ahead); scored when the question is resolved."""
    check_dates(**{"from": since, "to": until})
    dates = sorted({d for d in store.article_dates().values() if d is not None
                    and (since is None or d >= since) and (until is None or d <= until)})
    q = store.question(question) if question else None
    binary = q is not None and q.kind is not None
    if binary:  # a yes/no question is forecast only before its deadline
        dates = [d for d in dates if q.resolution_date is not None and d < q.resolution_date]
    out = []
    for k, day in enumerate(dates, 1):
        f = api.forecast(list(actors), as_of=day, horizon_days=horizon, seed=seed, db=store,
                         question=question, save=False, runs=runs)
        out.append({"as_of": day.isoformat(), "outcomes": f.outcomes,
                    "escalation": f.escalation.get("level"), "warnings": f.warnings}
                   | ({"probability": f.probability} if binary else {}))
        progress(k, len(dates), day.isoformat())
    res: dict = {"actors": list(actors), "horizon_days": horizon, "forecasts": out}
    if binary and q.resolved and out:
        from accord.forecast import scoring

        yes = q.resolved == "yes"
        res["resolved"] = q.resolved
        res["brier"] = sum(scoring.binary_brier(f["probability"], yes) for f in out) / len(out)
        res["log"] = sum(scoring.binary_log(f["probability"], yes) for f in out) / len(out)
    elif q is not None and q.resolved and out:
        import math

        res["resolved"] = q.resolved
        res["brier"] = sum(sum((p - (o == q.resolved)) ** 2 for o, p in f["outcomes"].items())
                           for f in out) / len(out)
        res["log"] = sum(-math.log(max(f["outcomes"].get(q.resolved, 0.0), 1e-12))
                         for f in out) / len(out)
    return res
