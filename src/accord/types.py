"""The domain model every layer shares (pydantic v2).

Values flow between stages as these objects: ingest makes Articles, extraction makes
Entities, Events, Quotes and Claims, drafting makes a Scenario, models return a Result and
forecasting makes a Forecast. None of them knows about storage or printing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from accord.errors import ScenarioError

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)
OUTCOMES = ("deal", "talks_continue", "collapse", "strike")
# Factuality of a reported event (PLOVER's auxiliary modes, widened): only "asserted"
# events happened as reported; the others name an act without reporting it done.
FACTUALITY = (
    "asserted", "negated", "hypothetical", "proposed", "future", "historical", "alleged",
    "denied",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


# --------------------------------------------------------------------------- news
class Evidence(_Model):
    """Where a fact comes from: an article and a character span in its text."""

    article_id: str | None = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    sentence: str = ""


class Article(_Model):
    """One news item as ingested: text plus metadata and how its date was found."""

    id: str = ""
    title: str | None = None
    text: str
    date: dt.date | None = None
    date_source: Literal["metadata", "dateline", "text", "none"] = "none"
    url: str | None = None
    source: str | None = None
    path: str | None = None
    content_hash: str = ""
    duplicate_of: str | None = None  # near-duplicate link (same wire story)

    @model_validator(mode="after")
    def _fill_ids(self) -> Article:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)
        if not self.id:
            self.id = self.content_hash[:16]
        return self


def content_hash(text: str) -> str:
    """SHA-256 of the whitespace-normalised text: the identity of an article."""
    norm = " ".join(text.split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


class ActorRef(_Model):
    """An actor as named in an event: CAMEO-style code, canonical name, surface text."""

    code: str
    name: str = ""
    text: str = ""


class Entity(_Model):
    """A resolved actor mention: CAMEO-style code = ISO-3 country + optional sector."""

    code: str
    name: str
    text: str = ""
    role: str | None = None
    kind: Literal["country", "person", "organisation", "place", "military", "group"] = "country"
    wikidata: str | None = None
    start: int | None = None
    end: int | None = None

    @property
    def country(self) -> str:
        return self.code[:3]

    @property
    def sector(self) -> str | None:
        return self.code[3:] or None


class Event(_Model):
    """A PLOVER event with its flags, scores and evidence span."""

    type: str
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[ActorRef] = Field(default_factory=list)
    recipient: list[ActorRef] = Field(default_factory=list)
    date: dt.date | None = None
    location: str | None = None
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    future: bool = False
    quad: int = Field(ge=1, le=4)
    score: float = Field(ge=-10, le=10)
    confidence: float = Field(ge=0, le=1, default=0.5)
    evidence: Evidence
    coder_version: str = ""
    factuality: Literal[
        "asserted", "negated", "hypothetical", "proposed", "future", "historical", "alleged",
        "denied",
    ] | None = None
    source: list[ActorRef] = Field(default_factory=list)  # who reports it (alleged, denied)
    # time of the act: how ``date`` was found ("stated": an absolute expression such as "on
    # 13 June" or "in 1998"; "relative": resolved against the article date, "last month",
    # "on Monday"; "article": no expression, the article's date), the precision of the
    # expression and the first day of the period it names (kept when ``date`` is left open
    # because the text names only a month or a year)
    date_basis: Literal["stated", "relative", "article"] | None = None
    date_precision: Literal["day", "week", "month", "year"] | None = None
    period_start: dt.date | None = None
    # how sure the coder is of who acted on whom, apart from ``confidence`` (of the type)
    role_confidence: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _fill_factuality(self) -> Event:
        """Older records carry only the flags: derive the factuality from them."""
        if self.factuality is None:
            self.factuality = (
                "negated" if self.negated else "historical" if self.historical
                else "hypothetical" if self.hypothetical else "future" if self.future
                else "asserted")
        return self

    @property
    def asserted(self) -> bool:
        """True when the text reports the act as done or under way (not proposed, denied ...)."""
        return self.factuality == "asserted"

    @field_validator("type")
    @classmethod
    def _plover_type(cls, v: str) -> str:
        v = v.upper()
        if v not in PLOVER_TYPES:
            raise ValueError(f"not a PLOVER event type: {v}")
        return v


SIGNAL_KINDS = (
    "ultimatum", "threat", "deployment", "force_in_use", "precedent", "coercion", "sanctions",
    "talks_held", "talks_refused", "talks_cancelled", "agreement", "framework", "ceasefire",
    "proposal", "mediation", "evacuation", "concession", "demand", "cooperation",
    "restraint",
)


class Signal(_Model):
    """A typed, evidence-linked reading of corroborated events (``accord.situation.signals``).

    ``weight`` is the corroborated confidence (0..1) that the act was reported as stated;
    ``date`` is when it happened (never after the as-of date it was read on); ``deadline``
    is a resolved calendar date for ultimatums; ``factuality`` is the events' mode (only
    "asserted" signals are acts that happened); ``event_type`` the PLOVER type read.
    """

    kind: Literal[SIGNAL_KINDS]  # type: ignore[valid-type]
    actor: list[str] = Field(default_factory=list)    # country codes (ISO-3)
    target: list[str] = Field(default_factory=list)
    date: dt.date
    weight: float = Field(ge=0, le=1)
    factuality: str = "asserted"
    event_type: str | None = None
    deadline: dt.date | None = None
    detail: str = ""
    sources: int = Field(1, ge=0)                     # distinct articles reporting it
    evidence: list[Evidence] = Field(default_factory=list)
    reported: list[dt.date] = Field(default_factory=list)  # publication days of those articles


class Quote(_Model):
    """A direct quotation and who said it."""

    speaker: ActorRef | None = None
    cue: str | None = None
    content: str
    kind: Literal["statement", "term"] = "statement"
    evidence: Evidence


class Claim(_Model):
    """An actor's stated position on an issue, with its evidence."""

    actor: ActorRef
    issue: str
    stance: str
    evidence: Evidence


class Extraction(_Model):
    """Everything extracted from one article."""

    article: Article
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)


# ----------------------------------------------------------------------- scenarios
class Source(_Model):
    """Where a number comes from: evidence spans, a table and its source, or the analyst."""

    kind: Literal["analyst", "evidence", "table", "default", "file"] = "analyst"
    note: str = ""
    evidence: list[Evidence] = Field(default_factory=list)


def _check_range(rng: tuple[float, float] | None, point: float, field: str,
                 bounds: tuple[float, float] | None = None) -> None:
    """An uncertainty range must be ordered, hold the point value and stay within bounds."""
    if rng is None:
        return
    lo, hi = rng
    if not lo <= point <= hi:
        raise ValueError(f"{field} [{lo}, {hi}] must contain the value {point}")
    if bounds is not None and not (bounds[0] <= lo and hi <= bounds[1]):
        raise ValueError(f"{field} [{lo}, {hi}] outside [{bounds[0]}, {bounds[1]}]")


class Actor(_Model):
    """A party to the bargaining: its weight (capability) and optional risk attitude."""

    id: str
    name: str = ""
    code: str | None = None
    capability: float = Field(gt=0)
    capability_range: tuple[float, float] | None = None
    risk: float | None = Field(default=None, ge=-1, le=1)
    role: str | None = None
    # issues the actor will not negotiate (scope: "nuclear only"); the talks model
    # (accord.models.talks) keeps them off the table or prices them; other models ignore it
    refuses: list[str] | None = None
    source: Source = Field(default_factory=Source)

    @model_validator(mode="after")
    def _check(self) -> Actor:
        _check_range(self.capability_range, self.capability, "capability_range",
                     (1e-300, float("inf")))
        return self


class Issue(_Model):
    """One issue dimension with labelled endpoints on a numeric scale."""

    id: str
    name: str = ""
    low: str = ""
    high: str = ""
    scale: tuple[float, float] = (0.0, 100.0)
    status_quo: float | None = None
    source: Source = Field(default_factory=Source)

    @model_validator(mode="after")
    def _check(self) -> Issue:
        lo, hi = self.scale
        if not lo < hi:
            raise ValueError(f"issue {self.id}: scale must be increasing")
        if self.status_quo is not None and not lo <= self.status_quo <= hi:
            raise ValueError(f"issue {self.id}: status_quo outside scale {self.scale}")
        return self


class Position(_Model):
    """An actor's stance on an issue: where it stands and how much it cares (0..1)."""

    actor: str
    issue: str
    position: float
    salience: float = Field(ge=0, le=1)
    position_range: tuple[float, float] | None = None
    salience_range: tuple[float, float] | None = None
    source: Source = Field(default_factory=Source)

    @model_validator(mode="after")
    def _check(self) -> Position:
        _check_range(self.position_range, self.position, "position_range")
        _check_range(self.salience_range, self.salience, "salience_range", (0.0, 1.0))
        return self


class Scenario(_Model):
    """Actors x issues with positions, saliences, capabilities and their uncertainty."""

    name: str = "scenario"
    description: str = ""
    as_of: dt.date | None = None
    actors: list[Actor]
    issues: list[Issue]
    positions: list[Position]

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        ids = [a.id for a in self.actors]
        for k, a in enumerate(ids):
            if a in ids[:k]:
                raise ValueError(f"actors[{k}].id: duplicate actor id {a!r}")
        iss = {i.id: i for i in self.issues}
        for k, i in enumerate(self.issues):
            if i.id in [j.id for j in self.issues[:k]]:
                raise ValueError(f"issues[{k}].id: duplicate issue id {i.id!r}")
        if not ids or not iss:
            raise ValueError("a scenario needs at least one actor and one issue")
        for k, a in enumerate(self.actors):
            for r in a.refuses or []:
                if r not in iss:
                    raise ValueError(f"actors[{k}].refuses: unknown issue {r!r}")
        seen = set()
        for k, p in enumerate(self.positions):
            if p.actor not in ids:
                raise ValueError(f"positions[{k}].actor: unknown actor {p.actor!r}")
            if p.issue not in iss:
                raise ValueError(f"positions[{k}].issue: unknown issue {p.issue!r}")
            lo, hi = iss[p.issue].scale
            if not lo <= p.position <= hi:
                raise ValueError(
                    f"positions[{k}].position: {p.position} outside scale [{lo}, {hi}]"
                )
            if p.position_range and not (lo <= p.position_range[0] and p.position_range[1] <= hi):
                raise ValueError(f"positions[{k}].position_range: {list(p.position_range)} "
                                 f"outside scale [{lo}, {hi}]")
            if (p.actor, p.issue) in seen:
                raise ValueError(f"positions[{k}]: duplicate position for {p.actor}/{p.issue}")
            seen.add((p.actor, p.issue))
        return self

    # ---- array views used by the models (actors x issues)
    def arrays(self) -> ScenarioArrays:
        """Positions (n x d), saliences (n x d), capabilities (n); missing cells have salience 0."""
        n, d = len(self.actors), len(self.issues)
        ai = {a.id: k for k, a in enumerate(self.actors)}
        ii = {i.id: k for k, i in enumerate(self.issues)}
        x = np.full((n, d), np.nan)
        s = np.zeros((n, d))
        for p in self.positions:
            x[ai[p.actor], ii[p.issue]] = p.position
            s[ai[p.actor], ii[p.issue]] = p.salience
        # an actor silent on an issue sits at the salience-weighted centre with zero salience
        for k in range(d):
            col = x[:, k]
            miss = np.isnan(col)
            if miss.all():
                raise ScenarioError(f"issue {self.issues[k].id!r} has no positions")
            col[miss] = np.nanmean(col)
        cap = np.array([a.capability for a in self.actors], dtype=float)
        lo = np.array([i.scale[0] for i in self.issues])
        hi = np.array([i.scale[1] for i in self.issues])
        sq = np.array([np.nan if i.status_quo is None else i.status_quo for i in self.issues])
        return ScenarioArrays(
            actors=[a.id for a in self.actors], issues=[i.id for i in self.issues],
            position=x, salience=s, capability=cap, low=lo, high=hi, status_quo=sq,
        )

    def digest(self) -> str:
        """Stable hash of the scenario's content (for forecast provenance)."""
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


class ScenarioArrays(BaseModel):
    """NumPy view of a scenario: rows are actors, columns issues."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    actors: list[str]
    issues: list[str]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    low: np.ndarray
    high: np.ndarray
    status_quo: np.ndarray

    def scaled(self) -> np.ndarray:
        """Positions mapped to [0, 1] per issue."""
        return (self.position - self.low) / (self.high - self.low)

    def unscale(self, z: np.ndarray) -> np.ndarray:
        return self.low + z * (self.high - self.low)


# ------------------------------------------------------------------------- results
class IssueResult(_Model):
    """A model's prediction on one issue, per round, with Monte Carlo quantiles."""

    issue: str
    prediction: float
    rounds: list[float] = Field(default_factory=list)
    quantiles: dict[str, float] = Field(default_factory=dict)


class Confrontation(_Model):
    """A predicted challenge: who challenges whom, on what, and who is expected to win."""

    challenger: str
    target: str
    issue: str | None = None
    kind: Literal["confrontation", "compromise", "capitulation", "challenge"] = "confrontation"
    winner: str | None = None
    probability: float = Field(ge=0, le=1, default=1.0)
    round: int = 1


class Result(_Model):
    """What a model returns; the same shape for every model."""

    model: str
    issues: list[IssueResult]
    confrontations: list[Confrontation] = Field(default_factory=list)
    converged: bool = True
    rounds: int = 1
    positions: list[list[list[float]]] = Field(default_factory=list)  # round x actor x issue
    actors: list[str] = Field(default_factory=list)
    sensitivity: list[dict] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    runs: int = 1


# ----------------------------------------------------------------------- forecasts
QUESTION_KINDS = ("strike", "deal")
BINARY_OUTCOMES = ("yes", "no")


class Question(_Model):
    """A forecasting question, stored so it can be resolved and scored later.

    With a ``kind`` it is a yes/no question, "will the parties strike (reach a deal) by the
    deadline": its forecasts carry P(kind by ``resolution_date``) in ``Forecast.probability``
    and it resolves "yes" or "no". Without, it asks which of the four outcomes comes first."""

    id: str
    text: str
    kind: Literal["strike", "deal"] | None = None
    parties: list[str] = Field(default_factory=list)  # actor codes the forecasts are about
    outcomes: list[str] = Field(default_factory=lambda: list(OUTCOMES))
    resolution_date: dt.date | None = None  # the deadline of a yes/no question
    criteria: str = ""
    resolved: str | None = None

    @model_validator(mode="after")
    def _binary(self) -> Question:
        if self.kind is not None:
            if self.resolution_date is None:
                raise ValueError(f"a {self.kind} question needs its deadline (resolution_date)")
            if self.outcomes == list(OUTCOMES):
                self.outcomes = list(BINARY_OUTCOMES)
        return self


class Driver(_Model):
    """One reason a forecast is what it is, with its evidence."""

    name: str
    effect: str
    weight: float = 0.0
    evidence: list[Evidence] = Field(default_factory=list)


class Forecast(_Model):
    """Outcome probabilities as of a date, with drivers and provenance."""

    question: str
    as_of: dt.date
    horizon_days: int
    outcomes: dict[str, float]
    escalation: dict = Field(default_factory=dict)
    drivers: list[Driver] = Field(default_factory=list)
    model_version: str = ""
    inputs_hash: str = ""
    warnings: list[str] = Field(default_factory=list)  # gaps in the evidence it rests on
    runs: int | None = None  # Monte Carlo draws behind the probabilities (their noise)
    # P(strike by the horizon) and P(deal by the horizon), each whatever comes first: the
    # answer to "will X strike (agree) before D" (accord.forecast.signal_hazard)
    question_probabilities: dict[str, float] = Field(default_factory=dict)
    # a yes/no question's answer: P(its kind by its deadline), the horizon running to the
    # deadline; what `forecast score` scores for that question (None for other forecasts)
    probability: float | None = Field(default=None, ge=0, le=1)

    @model_validator(mode="after")
    def _sums_to_one(self) -> Forecast:
        tot = sum(self.outcomes.values())
        if abs(tot - 1.0) > 1e-6:
            raise ValueError(f"outcome probabilities sum to {tot}, not 1")
        return self
