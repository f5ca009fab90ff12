"""The talks simulator as a job: POST /api/talks (as `accord talks`), polled at /api/jobs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from accord.server.auth import writer
from accord.server.jobs import body_scenario, submit_scenario_job
from accord.server.problems import Problem
from accord.types import Scenario

router = APIRouter()


class TalksIn(BaseModel):
    """A talks run: the scenario, the protocol, its mediator and deadline, Monte Carlo."""

    model_config = ConfigDict(extra="forbid")

    scenario_id: str | None = Field(None, max_length=64, description="A stored scenario.")
    scenario: Scenario | None = Field(None, description="Or the scenario itself.")
    protocol: Literal["mediator", "sao", "spe"] = "mediator"
    mediator: str | None = Field(None, max_length=64, description="Actor id of the mediator.")
    deadline: dt.date | None = Field(None, description="One round a day from the scenario's "
                                     "as_of; else `rounds`.")
    rounds: int = Field(60, ge=1, le=2000)
    runs: int = Field(1000, ge=1, le=20000)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    strategy: Literal["boulware", "linear", "conceder", "tft", "learner", "mixed", "spe"] = "mixed"
    refusals: Literal["honour", "price"] = "honour"
    crisis: bool | None = Field(None, description="Reservation values from the crisis model "
                                "(default: yes, except for EU legislative scenarios).")
    deal_breakers: bool = True


@router.post("/talks", tags=["jobs"], status_code=202)
def talks(request: Request, body: TalksIn, who: str = Depends(writer)) -> dict:
    """Play the talks out as a job (as `accord talks`); the result is the JSON of
    `accord talks --json` plus the concession-path plot as base64 PNG (`plot_png`)."""
    from accord.models.talks import TalksConfig, run_talks

    sc = body_scenario(request, body)
    ids = [a.id for a in sc.actors]
    if body.mediator is not None and body.mediator not in ids:
        raise Problem(422, f"body.mediator: unknown actor {body.mediator!r}; the scenario has "
                      f"{', '.join(ids)}", errors=[{"field": "body.mediator",
                                                   "message": "not an actor of the scenario"}])
    if body.deadline is not None and sc.as_of is not None and body.deadline <= sc.as_of:
        raise Problem(422, f"body.deadline: {body.deadline} is not after the scenario's date "
                      f"{sc.as_of}", errors=[{"field": "body.deadline", "message": "too early"}])
    cfg = TalksConfig(**body.model_dump(exclude={"scenario_id", "scenario"}))

    def run(progress):  # noqa: ANN001, ANN202
        """The job: run the talks, add the plot."""
        from accord.report.talks_plot import concession_paths_b64

        res = run_talks(sc, cfg, progress=progress)
        out = res.model_dump(mode="json")
        out["plot_png"] = concession_paths_b64(res)
        return out

    return submit_scenario_job(request, "talks", body, sc, who, run)
