"""Request bodies of the API (pydantic): the OpenAPI schema is generated from these and from
the domain model in accord.types."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from accord.types import Scenario

MODELS = ("compromise", "nash", "eum", "smp", "snapped", "blend")


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleIn(_In):
    """One article as JSON (the fields of a JSONL line of `accord ingest`)."""

    text: str = Field(min_length=1, description="The article's text.")
    date: str | None = Field(None, description="Publication date (ISO or a readable date).")
    url: str | None = None
    title: str | None = None
    source: str | None = None


class ReviewIn(_In):
    """An analyst's verdict on an event."""

    action: Literal["accept", "reject", "edit"]
    type: str | None = Field(None, description="Edit: a PLOVER event type.")
    mode: str | None = Field(None, description="Edit: a mode of that type.")
    actor: list[str] | None = Field(None, description="Edit: actor codes, e.g. [\"USAGOV\"].")
    recipient: list[str] | None = Field(None, description="Edit: recipient codes.")
    note: str | None = Field(None, max_length=2000)


class ForecastIn(_In):
    actors: list[str] = Field(default_factory=list, max_length=20,
                              description="Codes or names, e.g. [\"USA\", \"IRN\", \"ISR\"]; "
                              "may be left out for a yes/no question (its parties).")
    as_of: dt.date | None = Field(None, description="Default: the latest article date.")
    horizon_days: int | None = Field(None, ge=1, le=3650, description="Default 30; a yes/no "
                                     "question runs to its deadline.")
    seed: int = Field(0, ge=0, le=2**32 - 1)
    runs: int = Field(2000, ge=100, le=20000)
    scenario_id: str | None = Field(None, max_length=64)
    question: str | None = Field(None, max_length=64, description="A stored question's id: the "
                                 "forecast is stored under it and scored when it resolves.")


class QuestionIn(_In):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    text: str = Field(min_length=1, max_length=2000)
    kind: Literal["strike", "deal"] | None = Field(None, description="A yes/no question: will "
                                                   "the parties strike (agree) by the deadline.")
    parties: list[str] = Field(default_factory=list, max_length=20,
                               description="Codes or names the forecasts are about.")
    deadline: dt.date | None = Field(None, description="Required with kind.")
    resolution_date: dt.date | None = Field(None, description="The same as deadline (older "
                                            "name).")
    criteria: str = Field("", max_length=4000)


class ResolveIn(_In):
    outcome: str = Field(min_length=1, max_length=32)


class SimulateIn(_In):
    scenario_id: str | None = Field(None, max_length=64, description="A stored scenario.")
    scenario: Scenario | None = Field(None, description="Or the scenario itself.")
    model: Literal[MODELS] | None = Field(None, description="Default as `accord simulate`.")  # type: ignore[valid-type]
    runs: int = Field(200, ge=1, le=20000)
    seed: int = Field(0, ge=0, le=2**32 - 1)


class BacktestIn(_In):
    """Replay the stored articles: a forecast as of every article date (no look-ahead)."""

    actors: list[str] = Field(min_length=1, max_length=20)
    since: dt.date | None = Field(None, alias="from")
    until: dt.date | None = Field(None, alias="to")
    horizon_days: int = Field(30, ge=1, le=3650)
    runs: int = Field(500, ge=100, le=20000)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    question: str | None = Field(None, max_length=64)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
