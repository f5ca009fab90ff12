"""Doubts about who did what to whom in a coded event, read from its stored actor and
recipient codes (no text needed): the event's confidence speaks to its type only, so an army
coded as attacking its own country can carry 0.97 and still be wrong in the way that matters.

``role_doubts`` is pure and runs at review time on events already in the store, so every
stored event is checked without re-extraction.
"""

from __future__ import annotations

from accord.types import ActorRef, Event

# acts a state aims at another state or its people: the same state on both sides is a misreading
CROSS_BORDER = frozenset({"ASSAULT", "COERCE", "THREATEN", "MOBILIZE", "SANCTION", "RETREAT"})
# acts that need a target to mean anything
DIRECTED = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "ACCUSE", "PROTEST",
                      "REJECT", "AID", "CONCEDE", "RETREAT"})
# sectors of the state itself (government, armed forces, intelligence, legislature, courts);
# a state acting on its own civilians, rebels or opposition is ordinary domestic coding
STATE_SECTORS = frozenset({"", "GOV", "MIL", "SPY", "LEG", "JUD", "ELI"})

SELF_RECIPIENT = "actor is its own recipient"
HARD = frozenset({SELF_RECIPIENT})


def _placed(r: ActorRef) -> bool:
    return bool(r.code) and not r.code.startswith("-")


def _state_of(r: ActorRef) -> str | None:
    """The country whose state this party is (None: not a state organ, or not placed)."""
    if not _placed(r) or len(r.code) < 3:
        return None
    return r.code[:3] if r.code[3:6] in STATE_SECTORS else None


def _self_recipient(e: Event) -> bool:
    """The same state on both sides: identical codes, one side the bare country, or any two
    of its organs for an act aimed across a border."""
    for a in e.actor:
        for t in e.recipient:
            if not (_placed(a) and _placed(t)) or a.code[:3] != t.code[:3]:
                continue
            if a.code == t.code:
                return True
            sa, st = _state_of(a), _state_of(t)
            if sa is None or st is None:
                continue  # a state acting on its civilians, rebels, opposition: domestic
            if len(a.code) == 3 or len(t.code) == 3 or e.type in CROSS_BORDER:
                return True
    return False


def role_doubts(e: Event) -> list[str]:
    """Reasons to doubt the event's roles, the hard one (``SELF_RECIPIENT``) first; [] if none."""
    out: list[str] = []
    if _self_recipient(e):
        out.append(SELF_RECIPIENT)
    if not e.actor:
        out.append("no actor")
    elif not any(_placed(r) for r in e.actor):
        out.append("actor not placed")
    if e.recipient and not any(_placed(r) for r in e.recipient):
        out.append("recipient not placed")
    elif not e.recipient and e.type in DIRECTED:
        out.append("no recipient")
    return out


def role_confidence(e: Event) -> float:
    """A ceiling on how far the roles can be trusted: 0 with a hard doubt, 0.5 with a soft
    one, else the event's own confidence (roles are no better than the reading they sit in).
    A ranking device for the review queue, not a calibrated probability."""
    doubts = role_doubts(e)
    if HARD.intersection(doubts):
        return 0.0
    return min(e.confidence, 0.5) if doubts else e.confidence
