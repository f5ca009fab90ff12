"""Analyst review of extracted events, API tokens and stored scenarios (issue 10).

A correction accepts, rejects or edits one event (type, mode, actor, recipient). It is
stored with who and when, never overwrites the extraction, and can be undone; the newest
correction of an event that is not undone is its active one. ``corrected_events`` is the
store's ``events`` with the active corrections laid over: situation and forecasts read it,
so they use the analyst's reading from then on. Events are named by ``event_key``
(article id + a hash of span, type and actors), which survives a re-extraction by the
same coder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable, Sequence

from sqlalchemy import select

from accord.errors import InputError, StoreError
from accord.store.db import Store
from accord.store.tables import ArticleRow, CorrectionRow, EventRow, ScenarioRow, TokenRow
from accord.types import PLOVER_TYPES, ActorRef, Event, Scenario

ACTIONS = ("accept", "reject", "edit")
EDITABLE = ("type", "mode", "actor", "recipient")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# ------------------------------------------------------------------ event identity
def event_key(e: Event) -> str:
    """Stable id of an extracted event: ``<article id>.<12 hex>`` over span, type, actors."""
    basis = "|".join([
        str(e.evidence.start), str(e.evidence.end), e.type,
        ",".join(r.code for r in e.actor), ",".join(r.code for r in e.recipient),
    ])
    digest = hashlib.sha256(basis.encode()).hexdigest()[:12]
    return f"{e.evidence.article_id or '-'}.{digest}"


def article_events(store: Store, article_id: str) -> list[Event]:
    """The events of one article as extracted (no corrections), in text order."""
    q = select(EventRow.payload).where(EventRow.article_id == article_id).order_by(EventRow.id)
    with store.session() as s:
        return [Event.model_validate(p) for p in s.scalars(q)]


def find_event(store: Store, key: str) -> Event | None:
    """The extracted event with this key, or None."""
    article_id = key.rpartition(".")[0]
    if not article_id:
        return None
    return next((e for e in article_events(store, article_id) if event_key(e) == key), None)


# --------------------------------------------------------------------- corrections
def _row_dict(r: CorrectionRow) -> dict:
    return {"id": r.id, "event_id": r.event_key, "article_id": r.article_id,
            "action": r.action, "changes": r.changes or {}, "original": r.original,
            "note": r.note, "author": r.author,
            "created_at": r.created_at.isoformat() if r.created_at else None,
            "undone_at": r.undone_at.isoformat() if r.undone_at else None,
            "undone_by": r.undone_by}


def check_changes(action: str, changes: dict | None) -> dict:
    """Validate an edit: PLOVER type, a mode the type has, actor codes. Raises InputError."""
    from accord.nlp.lexicon import plover

    if action not in ACTIONS:
        raise InputError(f"must be one of {', '.join(ACTIONS)}, got {action!r}", where="action")
    changes = {k: v for k, v in (changes or {}).items() if v is not None}
    if action != "edit":
        if changes:
            raise InputError("only an edit takes changes", where="changes")
        return {}
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InputError(f"cannot edit {unknown[0]!r} (editable: {', '.join(EDITABLE)})",
                         where=f"changes.{unknown[0]}")
    if not changes:
        raise InputError("an edit needs at least one of type, mode, actor, recipient",
                         where="changes")
    out: dict = {}
    if "type" in changes:
        t = str(changes["type"]).upper()
        if t not in PLOVER_TYPES:
            raise InputError(f"not a PLOVER event type: {changes['type']!r}", where="changes.type")
        out["type"] = t
    if "mode" in changes:
        out["mode"] = str(changes["mode"]) or None
    for side in ("actor", "recipient"):
        if side in changes:
            codes = changes[side]
            if isinstance(codes, str):
                codes = [c for c in codes.split(",") if c.strip()]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                raise InputError("give a list of actor codes", where=f"changes.{side}")
            for k, c in enumerate(codes):
                c = c.strip().upper()
                if not (c.isalpha() and 3 <= len(c) <= 9):
                    raise InputError(f"not an actor code (3-9 letters): {codes[k]!r}",
                                     where=f"changes.{side}[{k}]")
            out[side] = [c.strip().upper() for c in codes]
    if out.get("mode") and "type" in out:
        modes = set(plover()["types"][out["type"]]["modes"])
        if out["mode"] not in modes:
            raise InputError(f"{out['type']} has no mode {out['mode']!r} (modes: "
                             f"{', '.join(sorted(modes)) or 'none'})", where="changes.mode")
    return out


def add_correction(store: Store, key: str, action: str, *, author: str,
                   changes: dict | None = None, note: str | None = None) -> dict:
    """Store an analyst's verdict on an event; it supersedes any earlier one."""
    changes = check_changes(action, changes)
    ev = find_event(store, key)
    if ev is None:
        raise StoreError(f"no event {key!r}")
    if changes.get("mode") and "type" not in changes:
        from accord.nlp.lexicon import plover

        modes = set(plover()["types"][ev.type]["modes"])
        if changes["mode"] not in modes:
            raise InputError(f"{ev.type} has no mode {changes['mode']!r} (modes: "
                             f"{', '.join(sorted(modes)) or 'none'})", where="changes.mode")
    row = CorrectionRow(event_key=key, article_id=ev.evidence.article_id or "", action=action,
                        changes=changes, original=ev.model_dump(mode="json"), note=note,
                        author=author, created_at=_now())
    with store.session() as s, s.begin():
        s.add(row)
        s.flush()
        return _row_dict(row)


def undo_correction(store: Store, cid: int, *, author: str) -> dict:
    """Mark a correction undone (kept for the record); the event falls back to the one
    before it, or to the extraction."""
    with store.session() as s, s.begin():
        r = s.get(CorrectionRow, cid)
        if r is None:
            raise StoreError(f"no correction {cid}")
        if r.undone_at is None:
            r.undone_at, r.undone_by = _now(), author
        return _row_dict(r)


_CHECKED: set[str] = set()


def _check_schema(store: Store) -> None:
    """A store stamped with revision 0004 while that migration was still empty lacks the
    review tables: say so in one line instead of failing on SQL."""
    if store.url in _CHECKED:
        return
    from sqlalchemy import inspect

    if not inspect(store.engine).has_table("corrections"):
        raise StoreError(f"the store {store._safe_url()} is at schema revision "
                         f"{store.revision()} but has no 'corrections' table (it was made "
                         "while migration 0004 was empty): recreate it, e.g. with `make demo` "
                         "on a fresh file")
    _CHECKED.add(store.url)


def corrections(store: Store, *, active_only: bool = False,
                article_id: str | None = None) -> list[dict]:
    """Every correction, oldest first (``active_only``: the one in force per event)."""
    _check_schema(store)
    q = select(CorrectionRow).order_by(CorrectionRow.id)
    if article_id:
        q = q.where(CorrectionRow.article_id == article_id)
    with store.session() as s:
        rows = [_row_dict(r) for r in s.scalars(q)]
    if not active_only:
        return rows
    return list(active(rows).values())


def active(rows: Iterable[dict]) -> dict[str, dict]:
    """The correction in force per event key: the newest one not undone."""
    out: dict[str, dict] = {}
    for r in rows:
        if r["undone_at"] is None:
            out[r["event_id"]] = r
    return out


def corrected(e: Event, c: dict) -> Event | None:
    """An event as the analyst reads it (None: rejected). Accepted and edited events get
    confidence 1: the analyst vouches for them."""
    from accord.nlp.lexicon import quad_of, score_of

    if c["action"] == "reject":
        return None
    upd: dict = {"confidence": 1.0}
    ch = c.get("changes") or {}
    for side in ("actor", "recipient"):
        if side in ch:
            old = {r.code: r for r in getattr(e, side)}
            upd[side] = [old.get(code) or ActorRef(code=code) for code in ch[side]]
    etype = ch.get("type", e.type)
    mode = ch["mode"] if "mode" in ch else (e.mode if etype == e.type else None)
    if "type" in ch or "mode" in ch:
        upd.update(type=etype, mode=mode, quad=quad_of(etype), score=score_of(etype, mode))
    return e.model_copy(update=upd)


def apply_corrections(events: Sequence[Event], rows: Iterable[dict]) -> list[Event]:
    """Lay active corrections over events (pure): rejected ones dropped, edits applied."""
    return [e for _, e in keyed_corrections(events, rows)]


def keyed_corrections(events: Sequence[Event], rows: Iterable[dict]) -> list[tuple[str, Event]]:
    """(key of the event as extracted, event as corrected) for the events not rejected."""
    act = active(rows)
    out = []
    for e in events:
        key = event_key(e)
        c = act.get(key)
        if c is None:
            out.append((key, e))
        elif (ne := corrected(e, c)) is not None:
            out.append((key, ne))
    return out


def _touches(e: Event, actors: Sequence[str]) -> bool:
    return any(r.code.startswith(a) for r in (*e.actor, *e.recipient) for a in actors)


def corrected_events(
    store: Store, *, actors: Sequence[str] | None = None, until: dt.date | None = None,
    since: dt.date | None = None, types: Sequence[str] | None = None,
    include_duplicates: bool = False,
) -> list[Event]:
    """``Store.events`` with the analyst's corrections applied (same filters, same order)."""
    return [e for _, e in corrected_events_keyed(
        store, actors=actors, until=until, since=since, types=types,
        include_duplicates=include_duplicates)]


def corrected_events_keyed(
    store: Store, *, actors: Sequence[str] | None = None, until: dt.date | None = None,
    since: dt.date | None = None, types: Sequence[str] | None = None,
    include_duplicates: bool = False,
) -> list[tuple[str, Event]]:
    """(key as extracted, corrected event) pairs; see ``corrected_events``.

    An edit can move an event into or out of the actor/type filter, so when edits exist
    the filters are applied after the overlay."""
    act = active(corrections(store))
    edits = any(c["action"] == "edit" for c in act.values())
    events = store.events(actors=None if edits else actors, until=until, since=since,
                          types=None if edits else types,
                          include_duplicates=include_duplicates)
    out = keyed_corrections(events, act.values())
    if edits and actors:
        out = [(k, e) for k, e in out if _touches(e, actors)]
    if edits and types:
        wanted = {t.upper() for t in types}
        out = [(k, e) for k, e in out if e.type in wanted]
    return out


# --------------------------------------------------------------------------- tokens
def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(store: Store, name: str) -> str:
    """A new random API token; only its SHA-256 is stored, so it is shown once."""
    name = name.strip()
    if not name or len(name) > 128:
        raise InputError("a token name is 1-128 characters", where="--name")
    token = "acc_" + secrets.token_urlsafe(32)
    with store.session() as s, s.begin():
        s.add(TokenRow(name=name, token_hash=hash_token(token), created_at=_now()))
    return token


def token_name(store: Store, token: str) -> str | None:
    """The name of a live token, or None."""
    h = hash_token(token)
    with store.session() as s:
        return s.scalar(select(TokenRow.name).where(TokenRow.token_hash == h,
                                                    TokenRow.revoked_at.is_(None)))


def tokens(store: Store) -> list[dict]:
    with store.session() as s:
        return [{"id": r.id, "name": r.name, "created_at": r.created_at.isoformat(),
                 "revoked": r.revoked_at is not None}
                for r in s.scalars(select(TokenRow).order_by(TokenRow.id))]


def revoke_token(store: Store, tid: int) -> None:
    with store.session() as s, s.begin():
        r = s.get(TokenRow, tid)
        if r is None:
            raise InputError(f"no token {tid}", where="TOKEN_ID")
        r.revoked_at = r.revoked_at or _now()


def any_tokens(store: Store) -> bool:
    with store.session() as s:
        return s.scalar(select(TokenRow.id).where(TokenRow.revoked_at.is_(None)).limit(1)) \
            is not None


# ------------------------------------------------------------------------ scenarios
def save_scenario(store: Store, sid: str, sc: Scenario, *, author: str | None) -> bool:
    """Store or replace a scenario; True when it was new."""
    with store.session() as s, s.begin():
        r = s.get(ScenarioRow, sid)
        new = r is None
        if new:
            s.add(ScenarioRow(id=sid, payload=sc.model_dump(mode="json"), author=author,
                              updated_at=_now()))
        else:
            r.payload, r.author, r.updated_at = sc.model_dump(mode="json"), author, _now()
        return new


def scenario(store: Store, sid: str) -> Scenario | None:
    with store.session() as s:
        r = s.get(ScenarioRow, sid)
        return None if r is None else Scenario.model_validate(r.payload)


def scenarios(store: Store) -> list[dict]:
    with store.session() as s:
        return [{"id": r.id, "name": r.payload.get("name"), "author": r.author,
                 "updated_at": r.updated_at.isoformat() if r.updated_at else None,
                 "actors": len(r.payload.get("actors", [])),
                 "issues": len(r.payload.get("issues", []))}
                for r in s.scalars(select(ScenarioRow).order_by(ScenarioRow.id))]


def delete_scenario(store: Store, sid: str) -> bool:
    with store.session() as s, s.begin():
        r = s.get(ScenarioRow, sid)
        if r is None:
            return False
        s.delete(r)
        return True


def article_urls(store: Store, ids: Iterable[str]) -> dict[str, dict]:
    """Title, URL and date of articles by id (for linking events to their source)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    q = select(ArticleRow.id, ArticleRow.title, ArticleRow.url, ArticleRow.date,
               ArticleRow.path).where(ArticleRow.id.in_(ids))
    with store.session() as s:
        return {i: {"title": t, "url": u, "date": d.isoformat() if d else None, "path": p}
                for i, t, u, d, p in s.execute(q)}


def article_list(store: Store, *, since: dt.date | None = None, until: dt.date | None = None,
                 limit: int = 50, offset: int = 0) -> dict:
    """Articles without their text (newest first), with event counts, paginated."""
    from sqlalchemy import func

    q = select(ArticleRow.id, ArticleRow.title, ArticleRow.date, ArticleRow.url,
               ArticleRow.source, ArticleRow.duplicate_of)
    n = select(func.count()).select_from(ArticleRow)
    for cond in ((ArticleRow.date >= since) if since else None,
                 (ArticleRow.date <= until) if until else None):
        if cond is not None:
            q, n = q.where(cond), n.where(cond)
    q = q.order_by(ArticleRow.date.is_(None), ArticleRow.date.desc(), ArticleRow.id)
    with store.session() as s:
        rows = list(s.execute(q.limit(limit).offset(offset)))
        total = s.scalar(n) or 0
        counts = dict(s.execute(select(EventRow.article_id, func.count())
                                .where(EventRow.article_id.in_([r[0] for r in rows]))
                                .group_by(EventRow.article_id)).all()) if rows else {}
    return {"articles": [{"id": i, "title": t, "date": d.isoformat() if d else None, "url": u,
                          "source": src, "duplicate_of": dup, "events": counts.get(i, 0)}
                         for i, t, d, u, src, dup in rows],
            "count": total, "limit": limit, "offset": offset}
