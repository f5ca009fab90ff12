"""Forecasts, questions, scores, and simulate/backtest jobs: /api/forecasts, /api/questions,
/api/score, /api/simulate, /api/backtest, /api/jobs."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from accord import api
from accord.server import views
from accord.server.auth import reader, writer
from accord.server.jobs import body_scenario, submit_scenario_job
from accord.server.problems import Problem
from accord.server.schemas import BacktestIn, ForecastIn, QuestionIn, ResolveIn, SimulateIn
from accord.store import review as rv
from accord.types import Question

router = APIRouter()


def _codes(actors: list[str], where: str = "body.actors") -> list[str]:
    codes = views.actors_arg(",".join(actors), where=where)
    if not codes:
        raise Problem(422, f"{where}: give at least one actor")
    return codes


@router.post("/forecasts", tags=["forecasts"], status_code=201)
def create_forecast(request: Request, body: ForecastIn, who: str = Depends(writer)) -> dict:
    """Make and store a forecast (as `accord forecast`), analysts' corrections applied."""
    from accord.cli.forecast_cmd import forecast_json

    st = request.app.state.store
    views.check_dates(**{"body.as_of": body.as_of})
    sc = None
    if body.scenario_id:
        sc = rv.scenario(st, body.scenario_id)
        if sc is None:
            raise Problem(404, f"no scenario {body.scenario_id!r}")
    q = st.question(body.question) if body.question else None
    if body.question and q is None:
        raise Problem(404, f"no question {body.question!r}")
    binary = q is not None and q.kind is not None
    if binary and body.horizon_days is not None:
        raise Problem(422, f"body.horizon_days: question {q.id!r} runs to its deadline "
                      f"{q.resolution_date}; leave horizon_days out")
    codes = _codes(body.actors) if body.actors or not binary else []
    f = api.forecast(codes, as_of=body.as_of or views.default_as_of(st),
                     horizon_days=body.horizon_days or 30, seed=body.seed, db=st, scenario=sc,
                     question=body.question, runs=body.runs)
    return forecast_json(f)


@router.get("/forecasts", tags=["forecasts"])
def history(request: Request, question: str | None = Query(None, max_length=64),
            horizon: int | None = Query(None, ge=1, le=3650),
            _r: str | None = Depends(reader)) -> dict:
    """The forecast record grouped by question and horizon, each group in date order."""
    return views.forecast_history(request.app.state.store, question, horizon)


@router.get("/forecasts/explain", tags=["forecasts"])
def explain(request: Request, question: str | None = Query(None, max_length=64),
            horizon: int | None = Query(None, ge=1, le=3650),
            _r: str | None = Depends(reader)) -> dict:
    """What moved the newest forecast since the previous one (beyond Monte Carlo noise)."""
    return views.forecast_explain(request.app.state.store, question, horizon)


@router.get("/questions", tags=["forecasts"])
def questions(request: Request, _r: str | None = Depends(reader)) -> dict:
    return {"questions": [q.model_dump(mode="json")
                          for q in request.app.state.store.questions()]}


@router.post("/questions", tags=["forecasts"], status_code=201)
def add_question(request: Request, body: QuestionIn, who: str = Depends(writer)) -> dict:
    """Store a forecasting question. With ``kind`` (strike or deal) and a ``deadline`` it is
    a yes/no question; forecasts made with ``"question": ID`` are stored under it and
    `GET /api/score` scores their P(kind by the deadline) once it resolves."""
    from pydantic import ValidationError

    if body.deadline and body.resolution_date and body.deadline != body.resolution_date:
        raise Problem(422, "body.deadline: differs from body.resolution_date (give one)")
    codes = _codes(body.parties, "body.parties") if body.parties else []
    try:
        q = Question(id=body.id, text=body.text, criteria=body.criteria, kind=body.kind,
                     parties=codes, resolution_date=body.deadline or body.resolution_date)
    except ValidationError as exc:
        raise Problem(422, f"body.deadline: {exc.errors()[0]['msg'].removeprefix('Value error, ')}",
                      errors=[{"field": "body.deadline", "message": "required with kind"}]
                      ) from None
    request.app.state.store.save_question(q)
    return q.model_dump(mode="json")


@router.post("/questions/{question_id}/resolve", tags=["forecasts"])
def resolve(request: Request, question_id: str, body: ResolveIn,
            who: str = Depends(writer)) -> dict:
    """Record how a question resolved."""
    st = request.app.state.store
    q = st.question(question_id)
    if q is None:
        raise Problem(404, f"no question {question_id!r}")
    if body.outcome not in q.outcomes:
        raise Problem(422, f"body.outcome: {body.outcome!r} is not one of "
                      f"{', '.join(q.outcomes)}", errors=[{"field": "body.outcome",
                                                          "message": "unknown outcome"}])
    st.resolve_question(question_id, body.outcome)
    return st.question(question_id).model_dump(mode="json")


@router.get("/score", tags=["forecasts"])
def score(request: Request, _r: str | None = Depends(reader)) -> dict:
    """Brier and log scores with a calibration table over resolved questions."""
    return views.score(request.app.state.store)


@router.post("/simulate", tags=["jobs"], status_code=202)
def simulate(request: Request, body: SimulateIn, who: str = Depends(writer)) -> dict:
    """Run a bargaining model with Monte Carlo as a job; poll /api/jobs/{id}."""
    sc = body_scenario(request, body)

    def run(progress):  # noqa: ANN001, ANN202
        res = api.simulate(sc, model=body.model, runs=body.runs, seed=body.seed,
                           progress=progress)
        return res.model_dump(mode="json", exclude={"positions"})

    return submit_scenario_job(request, "simulate", body, sc, who, run)


@router.post("/backtest", tags=["jobs"], status_code=202)
def backtest(request: Request, body: BacktestIn, who: str = Depends(writer)) -> dict:
    """Replay the stored articles as a job: a forecast as of every article date, each from
    evidence dated on or before it; scored when the question is resolved."""
    st = request.app.state.store
    views.check_dates(**{"body.from": body.since, "body.to": body.until})
    codes = _codes(body.actors)
    if body.question and st.question(body.question) is None:
        raise Problem(404, f"no question {body.question!r}")

    def run(progress):  # noqa: ANN001, ANN202
        return views.backtest(st, codes, body.since, body.until, body.horizon_days, body.runs,
                              body.seed, body.question, progress)

    return request.app.state.jobs.submit("backtest", body.model_dump(mode="json"), who,
                                         run).view()


@router.get("/jobs", tags=["jobs"])
def jobs(request: Request, kind: str | None = Query(None, max_length=20),
         _r: str | None = Depends(reader)) -> dict:
    return {"jobs": [j.view() for j in request.app.state.jobs.list(kind)]}


@router.get("/jobs/{job_id}", tags=["jobs"])
def job(request: Request, job_id: str, _r: str | None = Depends(reader)) -> dict:
    """A job's state and progress (done of total)."""
    j = request.app.state.jobs.get(job_id)
    if j is None:
        raise Problem(404, f"no job {job_id!r}")
    return j.view()


@router.get("/jobs/{job_id}/result", tags=["jobs"])
def job_result(request: Request, job_id: str, _r: str | None = Depends(reader)) -> dict:
    """A finished job's result; 409 while it runs, 422 with its error when it failed."""
    j = request.app.state.jobs.get(job_id)
    if j is None:
        raise Problem(404, f"no job {job_id!r}")
    if j.status == "failed":
        raise Problem(422, f"job failed: {j.error}")
    if j.status != "done":
        raise Problem(409, f"job is {j.status}")
    return {"id": j.id, "kind": j.kind, "result": j.result}
