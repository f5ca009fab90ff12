"""The rule coder's candidate record: a trigger found in a sentence, before flags, roles and
type conversions. The trigger finder (accord.nlp.events) makes them; the factuality
(accord.nlp.factuality), role (accord.nlp.roles) and speech-act (accord.nlp.speech_acts)
stages read and set their fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Token

from accord.types import ActorRef


@dataclass
class EventCandidate:
    """A trigger found in a sentence, before flags, roles and type conversions."""

    trigger: Token
    pred: Token
    etype: str
    mode: str | None = None
    rule: dict = field(default_factory=dict)
    strong: bool = False  # conditioned rule or noun under light verb
    absorbed: bool = False
    ongoing: bool = False  # a war named as under way ("its war on Hamas"): never absorbed
    children: list[EventCandidate] = field(default_factory=list)
    explicit_recipients: list[Token] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    actor_tokens: list[int] = field(default_factory=list)
    actor_explicit: bool = False
    unnamed_attacker: bool = False  # actor from the article's other party, not in the sentence
    actor_fallback: bool = False  # placed by the article's country (recipient_fallbacks.home_actor)
    recipients: list[ActorRef] = field(default_factory=list)
    recipient_tokens: list[int] = field(default_factory=list)
    recipient_fallback: bool = False
    recipient_score: float | None = None  # the recipient ranker's probability, when it chose
    role_repaired: bool = False  # a sanity rule removed a party (own country, origin ...)
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    conditional: bool = False
    alleged: bool = False  # someone else's allegation: hypothetical, but keeps its type
    historical: bool = False
    date: dt.date | None = None
    date_precision: str = "day"  # "day", "month" or "year" of the resolved expression
    date_basis: str | None = None  # "stated" or "relative" (accord.nlp.dates.date_basis)
    # factuality (accord.nlp.factuality): the frame word of an allegation or denial, and who
    # reports the event; proposed/denied/condition and the stated-now speech acts
    proposed: bool = False
    denied: bool = False
    condition: bool = False  # the event is the condition of an if/unless clause
    own_intent: bool = False  # a future act stated by the actor's own side
    stated: bool = False  # a refusal or threat stated now (the speech act happened)
    frame: Token | None = None
    source: list[ActorRef] = field(default_factory=list)
    factuality: str = "asserted"
