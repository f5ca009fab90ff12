"""The review queue and the analysts' corrections: /api/review, /api/events/{id}/review,
/api/corrections."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Path, Query, Request

from accord.server import views
from accord.server.auth import reader, writer
from accord.server.problems import Problem
from accord.server.schemas import ReviewIn
from accord.store import review as rv

router = APIRouter(tags=["review"])


@router.get("/review")
def review_queue(request: Request, actors: str | None = Query(None, max_length=500),
                 threshold: float = Query(0.6, ge=0, le=1, description="Confidence below it "
                                          "puts an event in the queue."),
                 impact: float = Query(6.0, ge=0, le=10, description="|PLOVER score| at or "
                                       "above it puts an event in the queue."),
                 roles: bool = Query(True, description="Also list events whose roles are "
                                     "doubtful (a state coded as its own recipient, an "
                                     "unplaced or missing party)."),
                 all: bool = Query(False, description="List every event."),
                 limit: int = Query(200, ge=1, le=2000),
                 _r: str | None = Depends(reader)) -> dict:
    """Events to review (as extracted), unreviewed first, with their correction if any."""
    return views.review_queue(request.app.state.store, actors=views.actors_arg(actors),
                              threshold=threshold, impact=impact, show_all=all, limit=limit,
                              roles=roles)


@router.post("/events/{event_id}/review", status_code=201)
def review_event(request: Request, event_id: str, body: ReviewIn,
                 who: str = Depends(writer)) -> dict:
    """Accept, reject or edit (type, mode, actor, recipient) an event. Stored with who and
    when; situation and forecasts use it from then on; undo with /api/corrections/{id}/undo."""
    st = request.app.state.store
    if rv.find_event(st, event_id) is None:
        raise Problem(404, f"no event {event_id!r}")
    changes = {k: getattr(body, k) for k in rv.EDITABLE if getattr(body, k) is not None}
    if body.action == "edit":
        for side in ("actor", "recipient"):
            if side in changes:
                changes[side] = views.actors_arg(",".join(changes[side]),
                                                 where=f"body.{side}") or []
    return rv.add_correction(st, event_id, body.action, author=who, changes=changes,
                             note=body.note)


@router.get("/corrections")
def list_corrections(request: Request, active: bool = Query(False, description="Only the "
                                                              "correction in force per event."),
                     _r: str | None = Depends(reader)) -> dict:
    """Every correction with who and when (undone ones kept, with who undid them)."""
    rows = rv.corrections(request.app.state.store, active_only=active)
    return {"corrections": rows, "count": len(rows)}


@router.post("/corrections/{correction_id}/undo")
def undo(request: Request, who: str = Depends(writer),
         correction_id: int = Path(ge=1, le=2**31 - 1)) -> dict:
    """Undo a correction: the event goes back to the previous verdict or the extraction."""
    try:
        return rv.undo_correction(request.app.state.store, correction_id, author=who)
    except Exception as exc:
        if str(exc).startswith("no correction"):
            raise Problem(404, str(exc)) from None
        raise
