"""Scenarios: list, create, get, replace, delete, validate (/api/scenarios). A body is the
scenario as JSON or YAML, validated by the same parser as `accord scenario check`."""

from __future__ import annotations

import datetime as dt
import re

from fastapi import APIRouter, Depends, Query, Request, Response

from accord.errors import ScenarioError
from accord.server.auth import reader, writer
from accord.server.problems import Problem
from accord.store import review as rv
from accord.types import Scenario

router = APIRouter(tags=["scenarios"])
_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": {"$ref": "#/components/schemas/Scenario"}},
    "application/yaml": {"schema": {"type": "string"}}}}}
_ID = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


async def _parse(request: Request) -> Scenario:
    """The body as a Scenario, or 422 naming the field (as `accord scenario check` does)."""
    from accord.io.scenario_yaml import parse_scenario

    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(422, f"body: invalid UTF-8 at byte {exc.start}") from None
    if not text.strip():
        raise Problem(422, "body: empty; send the scenario as JSON or YAML")
    try:
        return parse_scenario(text, where="body")
    except ScenarioError as exc:
        msg = str(exc)
        rest = msg.split(": ", 1)[1] if ": " in msg else msg
        field, _, why = rest.partition(": ")
        errors = [{"field": field if why else "body", "message": why or rest}]
        raise Problem(422, msg, errors=errors) from None
    except RecursionError:
        raise Problem(422, "body: nested too deeply") from None
    except UnicodeEncodeError:  # a "\ud800" escape: a lone surrogate is no character
        raise Problem(422, "body: a string holds a lone surrogate (\\ud800-\\udfff), "
                      "not valid Unicode") from None


def _check_id(sid: str) -> str:
    if not _ID.match(sid):
        raise Problem(422, "id: 1-64 letters, digits, '.', '_' or '-'",
                      errors=[{"field": "path.scenario_id", "message": "bad id"}])
    return sid


@router.get("/scenarios")
def list_scenarios(request: Request, _r: str | None = Depends(reader)) -> dict:
    """Stored scenarios (id, name, counts, who saved them last)."""
    return {"scenarios": rv.scenarios(request.app.state.store)}


@router.post("/scenarios/validate", openapi_extra=_BODY)
async def validate(request: Request, _r: str | None = Depends(reader)) -> dict:
    """Validate a scenario without storing it, as `accord scenario check` (every model the
    report and the dashboard run): 200 with a summary, or 422 with field paths."""
    from accord.io.scenario_yaml import check_runs

    sc = await _parse(request)
    try:
        check_runs(sc, "body")
    except ScenarioError as exc:
        msg = str(exc)
        field, _, why = msg.split(": ", 1)[1].partition(": ")
        raise Problem(422, msg, errors=[{"field": field, "message": why}]) from None
    return {"valid": True, "name": sc.name, "actors": len(sc.actors), "issues": len(sc.issues),
            "positions": len(sc.positions)}


@router.post("/scenarios", status_code=201, openapi_extra=_BODY)
async def create(request: Request, response: Response,
                 id: str | None = Query(None, description="Default: from the name."),
                 who: str = Depends(writer)) -> dict:
    """Store a new scenario; 409 when the id is taken (use PUT to replace)."""
    sc = await _parse(request)
    sid = _check_id(id or re.sub(r"[^A-Za-z0-9_.-]+", "-", sc.name).strip("-")[:64] or "scenario")
    st = request.app.state.store
    if rv.scenario(st, sid) is not None:
        raise Problem(409, f"scenario {sid!r} exists; PUT /api/scenarios/{sid} replaces it")
    rv.save_scenario(st, sid, sc, author=who)
    response.headers["Location"] = f"/api/scenarios/{sid}"
    return {"id": sid, "scenario": sc.model_dump(mode="json")}


@router.get("/scenarios/{scenario_id}")
def get(request: Request, scenario_id: str, _r: str | None = Depends(reader)) -> dict:
    """A stored scenario, every number with its source."""
    sc = rv.scenario(request.app.state.store, scenario_id)
    if sc is None:
        raise Problem(404, f"no scenario {scenario_id!r}")
    return {"id": scenario_id, "scenario": sc.model_dump(mode="json")}


@router.put("/scenarios/{scenario_id}", openapi_extra=_BODY)
async def replace(request: Request, scenario_id: str, who: str = Depends(writer)) -> dict:
    """Store or replace a scenario under this id."""
    sid = _check_id(scenario_id)
    sc = await _parse(request)
    created = rv.save_scenario(request.app.state.store, sid, sc, author=who)
    return {"id": sid, "created": created, "scenario": sc.model_dump(mode="json")}


@router.delete("/scenarios/{scenario_id}", status_code=204)
def delete(request: Request, scenario_id: str, who: str = Depends(writer)) -> Response:
    if not rv.delete_scenario(request.app.state.store, scenario_id):
        raise Problem(404, f"no scenario {scenario_id!r}")
    return Response(status_code=204)


@router.post("/scenarios/draft", status_code=201)
def draft(request: Request, actors: str = Query(..., max_length=500,
                                                description="Codes or names: IRN,ISR"),
          as_of: dt.date | None = Query(None, description="Default: the latest article date."),
          id: str | None = Query(None, description="Default: draft-<actors>."),
          who: str = Depends(writer)) -> dict:
    """Draft a scenario from the stored evidence (as `accord scenario draft`, corrections
    applied) and store it, replacing an earlier draft of the same id."""
    from accord.server import views
    from accord.situation.draft import draft_scenario

    st = request.app.state.store
    views.check_dates(as_of=as_of)
    codes = views.actors_arg(actors)
    if not codes:
        raise Problem(422, "actors: give at least one actor")
    day = as_of or views.default_as_of(st)
    events = rv.corrected_events(st, actors=codes, until=day)
    try:
        sc = draft_scenario(events, st.claims(actors=codes, until=day), st.article_dates(),
                            codes, day, evidence_only=True)
    except ScenarioError as exc:
        raise Problem(422, f"actors: {exc}") from None
    sid = _check_id(id or "draft-" + "-".join(codes))
    rv.save_scenario(st, sid, sc, author=who)
    return {"id": sid, "scenario": sc.model_dump(mode="json")}
