"""Reads of the evidence and the situation, and article ingest: /api/health, /api/articles,
/api/events, /api/actors, /api/situation, /api/timeline, /api/network."""

from __future__ import annotations

import datetime as dt
import json

from fastapi import APIRouter, Depends, Query, Request

from accord import __version__, api
from accord.server import views
from accord.server.auth import reader, writer
from accord.server.problems import Problem
from accord.server.schemas import ArticleIn
from accord.store import review as rv

router = APIRouter()
ActorsQ = Query(None, max_length=500, description="Comma-separated codes or names: USA,IRN")
FromQ = Query(None, alias="from", description="First date (YYYY-MM-DD).")
ToQ = Query(None, alias="to", description="Last date (YYYY-MM-DD).")
JSONL = ("application/x-ndjson", "application/jsonl", "application/x-jsonlines")


def _store(request: Request):  # noqa: ANN202
    return request.app.state.store


@router.get("/health", tags=["service"])
def health(request: Request) -> dict:
    """Liveness and the store's schema revision (no token needed)."""
    st = _store(request)
    return {"status": "ok", "version": __version__, "revision": st.revision(),
            "database": st.engine.dialect.name}


@router.post("/articles", tags=["evidence"], status_code=201, openapi_extra={"requestBody": {
    "required": True, "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "application/x-ndjson": {"schema": {"type": "string", "description":
                                            "One article object (the JSON fields) a line."}}}}})
async def add_articles(request: Request, _who: str = Depends(writer)) -> dict:
    """Store and extract articles: one JSON object `{text, date?, url?, title?}` or a JSONL
    body; read and validated exactly as `accord ingest` reads a .json/.jsonl file. A bad
    line is reported and the rest go on; 422 when nothing could be read."""
    from starlette.concurrency import run_in_threadpool

    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip()
    if ctype not in ("application/json", *JSONL):
        raise Problem(415, f"send application/json or application/x-ndjson, not {ctype!r}")
    body = await request.body()
    if ctype == "application/json":
        try:
            obj = json.loads(body)
        except (ValueError, RecursionError):
            raise Problem(422, "body: not valid JSON") from None
        if not isinstance(obj, dict):
            raise Problem(422, "body: expected one article object; send a list as JSONL "
                          "(application/x-ndjson)")
    _no_surrogates(body, ctype)
    rep = await run_in_threadpool(views.ingest_body, _store(request), body,
                                  ".json" if ctype == "application/json" else ".jsonl")
    ok = rep["stored"] + rep["duplicates"] + rep["near_duplicates"]
    if not ok:
        errs = [{"field": it["origin"], "message": it.get("error") or it.get("note", "")}
                for it in rep["items"]]
        first = errs[0] if errs else {"field": "body", "message": "no article"}
        raise Problem(422, f"{first['field']}: {first['message']}", errors=errs)
    return rep


def _no_surrogates(body: bytes, ctype: str) -> None:
    """Refuse a "\\ud800"-style escape: a lone surrogate cannot be stored as text."""
    lines = [body] if ctype == "application/json" else body.split(b"\n")
    for n, line in enumerate(lines, 1):
        if b"\\u" not in line.lower():
            continue
        try:
            json.dumps(json.loads(line), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # before ValueError, its base class
            where = "body" if ctype == "application/json" else f"body:{n}"
            raise Problem(422, f"{where}: a string holds a lone surrogate (\\ud800-\\udfff), "
                          "not valid Unicode") from None
        except (ValueError, RecursionError):
            continue  # not JSON: the reader reports the line


@router.get("/articles", tags=["evidence"])
def list_articles(request: Request, since: dt.date | None = FromQ, until: dt.date | None = ToQ,
                  limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0, le=10**9),
                  _r: str | None = Depends(reader)) -> dict:
    """Stored articles, newest first, without their text."""
    views.check_dates(**{"from": since, "to": until})
    return rv.article_list(_store(request), since=since, until=until, limit=limit,
                           offset=offset)


@router.get("/articles/{article_id}", tags=["evidence"])
def get_article(request: Request, article_id: str, _r: str | None = Depends(reader)) -> dict:
    """An article's text, source URL and its events (corrections applied, rejected ones
    marked)."""
    st = _store(request)
    arts = st.articles(ids=[article_id])
    if not arts:
        raise Problem(404, f"no article {article_id!r}")
    a = arts[0]
    extracted = rv.article_events(st, article_id)
    act = rv.active(rv.corrections(st, article_id=article_id))
    meta = {article_id: {"title": a.title, "url": a.url,
                         "date": a.date.isoformat() if a.date else None}}
    events = []
    for e in extracted:
        c = act.get(rv.event_key(e))
        shown = e if c is None else (rv.corrected(e, c) or e)
        events.append(views.event_view(shown, meta, c, rv.event_key(e)))
    return {**a.model_dump(mode="json"), "events": events}


@router.get("/events", tags=["evidence"])
def list_events(
    request: Request, actors: str | None = ActorsQ,
    type: str | None = Query(None, max_length=200, description="PLOVER types: THREATEN,ASSAULT"),
    quad: int | None = Query(None, ge=1, le=4), mode: str | None = Query(None, max_length=40),
    since: dt.date | None = FromQ, until: dt.date | None = ToQ,
    min_confidence: float | None = Query(None, ge=0, le=1),
    factuality: str | None = Query(None, max_length=20),
    article_id: str | None = Query(None, max_length=64),
    corrected: bool = Query(True, description="Apply the analysts' corrections."),
    limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9),
    _r: str | None = Depends(reader),
) -> dict:
    """Stored events (near-duplicate copies counted once), filtered and paginated."""
    types = [t.strip() for t in type.split(",") if t.strip()] if type else None
    return views.events(_store(request), actors=views.actors_arg(actors), types=types,
                        quad=quad, mode=mode, since=since, until=until,
                        min_confidence=min_confidence, factuality=factuality,
                        article_id=article_id, corrected=corrected, limit=limit, offset=offset)


@router.get("/actors", tags=["evidence"])
def list_actors(request: Request, _r: str | None = Depends(reader)) -> dict:
    """Country-level actor codes in the stored events, most frequent first (unplaced parties,
    ``---``, left out), each with its name and kind; ``default``: the most active countries,
    which the dashboard opens on."""
    from accord.nlp.actors import load_actor_tables

    names = load_actor_tables().country_names
    counts: dict[str, int] = {}
    for e in rv.corrected_events(_store(request)):
        for c in {r.code[:3] for r in (*e.actor, *e.recipient)}:
            if c.isalpha():
                counts[c] = counts.get(c, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"actors": [{"code": c, "events": n, "name": names.get(c, c),
                        "kind": "country" if c in names else "other"} for c, n in ranked],
            "default": [c for c, _ in ranked if c in names][:3],
            "latest_date": (d.isoformat() if (d := _store(request).latest_article_date())
                            else None)}


@router.get("/situation", tags=["situation"])
def situation(request: Request, actors: str = Query(..., max_length=500,
                                                    description="Codes or names: USA,IRN,ISR"),
              as_of: dt.date | None = Query(None), _r: str | None = Depends(reader)) -> dict:
    """Timeline, dyadic cooperation-conflict and escalation level (as `accord situation`)."""
    st = _store(request)
    views.check_dates(as_of=as_of)
    codes = views.actors_arg(actors)
    if not codes:
        raise Problem(422, "actors: give at least one actor")
    return api.situation(codes, as_of=as_of or views.default_as_of(st), db=st)


@router.get("/timeline", tags=["situation"])
def timeline(request: Request, actors: str = Query(..., max_length=500),
             since: dt.date | None = FromQ, until: dt.date | None = ToQ,
             _r: str | None = Depends(reader)) -> dict:
    """Per day and directed dyad: counts by type, index and escalation rung."""
    codes = views.actors_arg(actors)
    if not codes:
        raise Problem(422, "actors: give at least one actor")
    return views.timeline(_store(request), codes, since, until)


@router.get("/network", tags=["situation"])
def network(request: Request, actors: str | None = ActorsQ, since: dt.date | None = FromQ,
            until: dt.date | None = ToQ, _r: str | None = Depends(reader)) -> dict:
    """Who acts on whom, weighted by confidence, with the cooperation-conflict score."""
    return views.network(_store(request), views.actors_arg(actors), since, until)
