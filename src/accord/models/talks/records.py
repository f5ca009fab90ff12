"""Typed configuration and results of the talks simulator (pydantic, like accord.types)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Rec(BaseModel):
    """Records refuse unknown fields (a misspelt option is an error, not ignored)."""

    model_config = ConfigDict(extra="forbid")


class TalksConfig(_Rec):
    """How to play the talks: protocol, deadline, strategies, costs, outside option."""

    protocol: Literal["mediator", "sao", "spe"] = "mediator"
    mediator: str | None = None           # actor id of the mediator (None: an outsider)
    mediator_weight: float = Field(1.0, ge=0)  # weight of the mediator's own criticism
    deadline: dt.date | None = None       # rounds = days from the scenario's as_of
    rounds: int = Field(60, ge=1, le=2000)  # used when no deadline is given
    runs: int = Field(1000, ge=1, le=1_000_000)
    seed: int = Field(0, ge=0)
    strategy: str = "mixed"
    strategies: dict[str, str] = Field(default_factory=dict)  # per-actor overrides
    discount: float = Field(1.0, gt=0, le=1)   # per-round discount factor of every party
    delay_cost: float = Field(0.0, ge=0, le=1)  # per-round utility cost of delay
    capability_exponent: float = Field(1.0, ge=0, le=4)  # power = capability ** this
    refusals: Literal["honour", "price"] = "honour"
    refusal_price: float = Field(3.0, ge=1)
    # reservation values from the crisis model; None: yes, unless the scenario is an EU
    # legislative decision (accord.io.deu.is_eu_legislative), where force is no outside option
    crisis: bool | None = None
    challenger: str | None = None
    target: str | None = None
    strike_probability: float | None = Field(None, ge=0, le=1)  # override the crisis model's
    deal_breakers: bool = True
    analysis_sample: int = Field(200, ge=0, le=100_000)  # agreed runs for Pareto/Nash gaps


class TalksIssue(_Rec):
    """Agreed terms on one issue: the point run's and their distribution over agreed runs."""

    issue: str
    name: str = ""
    on_table: bool = True
    status_quo: float | None = None
    point: float | None = None            # run 0 (the analyst's point values), if agreed
    quantiles: dict[str, float] = Field(default_factory=dict)
    nash: float | None = None             # Nash bargaining solution of the point run
    start: float | None = None            # the mediator's first text (compromise)


class TalksConcession(_Rec):
    """Who conceded what: mean over agreed runs, in utility and in scale units per issue."""

    actor: str
    reservation: float                    # point run's value of no agreement (utility)
    utility: float                        # mean utility of the agreements (1 = its ideal)
    conceded: dict[str, float] = Field(default_factory=dict)  # issue -> |terms - position|
    strategy: str = ""


class DealBreaker(_Rec):
    """How P(agreement) moves when an issue is taken off the table or weighted half."""

    issue: str
    p_removed: float
    delta_removed: float
    p_half_weight: float
    delta_half_weight: float
    evidence: list[str] = Field(default_factory=list)


class TalksResult(_Rec):
    """Everything ``accord talks`` reports."""

    scenario: str
    protocol: str
    mediator: str | None
    strategy: str
    runs: int
    seed: int
    rounds: int
    deadline: dt.date | None = None
    p_agreement: float
    p_agreement_se: float
    rounds_to_agreement: dict[str, float] = Field(default_factory=dict)
    issues: list[TalksIssue]
    concessions: list[TalksConcession]
    pareto: dict[str, float] = Field(default_factory=dict)
    nash: dict[str, float] = Field(default_factory=dict)
    deal_breakers: list[DealBreaker] = Field(default_factory=list)
    outside_option: dict = Field(default_factory=dict)
    refused: list[dict[str, str]] = Field(default_factory=list)
    path: dict = Field(default_factory=dict)  # point run: aspiration per actor, table per issue
    notes: list[str] = Field(default_factory=list)
