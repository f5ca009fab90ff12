"""Hand-built events and claims for the founding situation (our own wording, not the article's)."""

from __future__ import annotations

import datetime as dt

from accord.types import ActorRef, Claim, Event, Evidence

DAY = dt.date(2026, 2, 7)
AID = "seed-2026-02-07"
ACTORS = ["USA", "IRN", "ISR"]


def _ev(type_: str, actor: list[str], recipient: list[str], score: float, quad: int,
        sentence: str, start: int, aid: str = AID, **flags: object) -> Event:
    return Event(type=type_, actor=[ActorRef(code=c) for c in actor],
                 recipient=[ActorRef(code=c) for c in recipient], score=score, quad=quad,
                 confidence=0.8, evidence=Evidence(article_id=aid, start=start,
                                                   end=start + len(sentence), sentence=sentence),
                 **flags)


def seed_events(aid: str = AID) -> list[Event]:
    """CONSULT USA-ISR, MOBILIZE USA, hypothetical THREATEN USA->IRN, historical ASSAULT
    USA->IRN, REQUEST IRN->USA, negated AGREE USA-ISR."""
    return [
        _ev("CONSULT", ["USAGOV"], ["ISRGOV"], 4.0, 1,
            "The two leaders held talks in Washington.", 0, aid),
        _ev("MOBILIZE", ["USAMIL"], [], -6.5, 4,
            "Extra American forces were sent toward the Gulf.", 100, aid),
        _ev("THREATEN", ["USAGOV"], ["IRNGOV"], -3.5, 3,
            "The naval group might be turned on Iran should diplomacy fail.", 200, aid,
            hypothetical=True),
        _ev("ASSAULT", ["USAMIL"], ["IRN"], -9.5, 4,
            "Iran was bombed last year after it declined a deal.", 300, aid, historical=True),
        _ev("REQUEST", ["IRNGOV"], ["USAGOV"], -1.0, 3,
            "Tehran wanted the venue changed and the nuclear file kept apart.", 400, aid),
        _ev("AGREE", ["USAGOV"], ["ISRGOV"], 2.5, 1,
            "The meeting ended without any firm agreement.", 500, aid, negated=True),
    ]


def seed_claims(aid: str = AID) -> list[Claim]:
    def mk(code: str, issue: str, stance: str, s: int) -> Claim:
        return Claim(actor=ActorRef(code=code), issue=issue, stance=stance,
                     evidence=Evidence(article_id=aid, start=s, end=s + len(stance),
                                       sentence=stance))

    return [
        mk("IRN", "scope of the talks", "limit the negotiations to the nuclear program only", 600),
        mk("USA", "scope of the talks",
           "insist the talks include missiles and the protest crackdown", 700),
        mk("ISR", "security", "insists its security requirements must be part of any deal", 800),
    ]
