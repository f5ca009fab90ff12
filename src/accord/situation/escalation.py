"""The escalation ladder: where a crisis stands as of a date, and which events put it there.

Ladder (accord's own, in the spirit of Kahn's escalation ladder, keyed to PLOVER types):

    0 none            no talks or conflict events among the core actors in the window
    1 talks           CONSULT, AGREE, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT
    2 demands         REQUEST, ACCUSE, REJECT, PROTEST
    3 threats         THREATEN, SANCTION; also any hypothetical or announced-but-future
                      MOBILIZE / COERCE / ASSAULT (a conditional use of force is a threat)
    4 mobilization    MOBILIZE, COERCE actually carried out
    5 limited strike  ASSAULT actually carried out
    6 war             ASSAULT on at least ``WAR_DAYS`` distinct days in the window, or
                      ASSAULT in both directions of one dyad

Flags: a negated event did not happen and counts for nothing; a historical event (e.g. a
past strike invoked in a speech) is context: it never sets the current level but is
reported as a driver; hypothetical events count at most as threats (rung 3); hypothetical
cooperation ("a deal could be reached") does not count as talks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from accord.types import Event, Evidence

LADDER: tuple[str, ...] = (
    "none", "talks", "demands", "threats", "mobilization", "limited strike", "war",
)
RUNG_BY_TYPE: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 1, "AID": 1,
    "RETREAT": 1, "REQUEST": 2, "ACCUSE": 2, "REJECT": 2, "PROTEST": 2, "THREATEN": 3,
    "SANCTION": 3, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 5,
}
WAR_DAYS = 3            # distinct days with assaults in the window that make it a war
HALF_LIFE_DAYS = 7.0    # decay of an event's weight in the conflict index
HYPOTHETICAL_WEIGHT = 0.5  # a conditional statement weighs half an act in the index


def country(code: str) -> str:
    """The country part of a CAMEO-style code (its first three letters)."""
    return code[:3].upper()


def rung(event: Event) -> int | None:
    """The ladder rung an event supports now, or None when it does not count (see module doc)."""
    if event.negated or event.historical:
        return None
    r = RUNG_BY_TYPE[event.type]
    if event.hypothetical:
        if r >= 3:
            return 3
        return r if r == 2 else None
    if event.future and r >= 5:
        return 3
    return r


def event_date(event: Event, article_dates: Mapping[str, dt.date]) -> dt.date | None:
    """When an event happened: its own date, else its article's publication date."""
    if event.date is not None:
        return event.date
    aid = event.evidence.article_id
    return article_dates.get(aid) if aid is not None else None


def events_as_of(
    events: Iterable[Event], article_dates: Mapping[str, dt.date], as_of: dt.date
) -> list[Event]:
    """Events usable as of a date: evidence from an article dated <= as_of, own date <= as_of.

    An event whose article is unknown or undated is left out: without a date we cannot show
    that it was known on ``as_of`` (no look-ahead).
    """
    out = []
    for e in events:
        aid = e.evidence.article_id
        if aid is None or aid not in article_dates or article_dates[aid] is None:
            continue
        if article_dates[aid] > as_of:
            continue
        if e.date is not None and e.date > as_of:
            continue
        out.append(e)
    return out


def dyads_of(event: Event, actors: Sequence[str]) -> list[tuple[str, str]]:
    """Directed (actor, recipient) country pairs among the core actors an event concerns.

    An event whose recipient is absent or outside the core yields (actor, "") — e.g. a
    deployment with no named target still belongs to the actor's record.
    """
    core = {country(a) for a in actors}
    srcs = sorted({country(a.code) for a in event.actor if country(a.code) in core})
    dsts = sorted({country(r.code) for r in event.recipient if country(r.code) in core})
    out: list[tuple[str, str]] = []
    if not dsts and len(srcs) > 1:
        dsts = srcs  # joint acts ("the two leaders agreed") link the actors to each other
    for s in srcs:
        targets = [d for d in dsts if d != s]
        if targets:
            out.extend((s, d) for d in targets)
        else:
            out.append((s, ""))
    if not srcs:
        # passive reports ("Iran was hit") name only the recipient
        out.extend(("", d) for d in dsts)
    return out


def event_weight(event: Event) -> float:
    """Weight of an event in the conflict index: confidence, halved when hypothetical."""
    w = float(event.confidence)
    return w * (HYPOTHETICAL_WEIGHT if event.hypothetical else 1.0)


def evidence_dict(event: Event, when: dt.date | None = None) -> dict:
    """A JSON-ready description of an event with its evidence span."""
    return {
        "type": event.type,
        "mode": event.mode,
        "actor": [a.code for a in event.actor],
        "recipient": [r.code for r in event.recipient],
        "date": when.isoformat() if when else None,
        "flags": [f for f in ("negated", "hypothetical", "historical", "future")
                  if getattr(event, f)],
        "score": event.score,
        "evidence": event.evidence.model_dump(mode="json"),
    }


def _context_effect(event: Event) -> str:
    """What a past event referred to in today's news means for the present."""
    if event.quad == 4:
        return ("context: a past use of force invoked now; raises the credibility of renewed "
                "force, does not set the current level")
    if event.quad == 3:
        return "context: a past demand or threat; background to the current stance"
    return "context: past cooperation referred to; background, not a current action"


@dataclass
class Escalation:
    """Escalation as of a date: level on the ladder, a conflict index, and the evidence."""

    level: int
    label: str
    index: float
    evidence: list[Event]
    context: list[Event]
    counts: dict[str, int]

    def to_dict(self, article_dates: Mapping[str, dt.date]) -> dict:
        return {
            "level": self.level,
            "label": self.label,
            "index": round(self.index, 6),
            "ladder": list(LADDER),
            "counts": self.counts,
            "evidence": [evidence_dict(e, event_date(e, article_dates)) for e in self.evidence],
            "drivers": [
                {"name": f"historical {e.type.lower()}", "effect": _context_effect(e),
                 **evidence_dict(e, event_date(e, article_dates))}
                for e in self.context
            ],
        }


def escalation(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date],
    actors: Sequence[str],
    as_of: dt.date,
    window_days: int = 30,
) -> Escalation:
    """Ladder level and conflict index among the core actors over ``window_days`` before as_of.

    The index is the decayed, confidence-weighted mean PLOVER score of the counted events,
    negated to read as conflict and divided by 10: +1 all-out conflict, -1 full cooperation,
    0 balanced or nothing. Weights halve every ``HALF_LIFE_DAYS``; hypothetical events weigh
    half; negated and historical events are left out.
    """
    usable = events_as_of(events, article_dates, as_of)
    start = as_of - dt.timedelta(days=window_days)
    counted: list[tuple[Event, int, dt.date]] = []
    context: list[Event] = []
    for e in usable:
        if not dyads_of(e, actors):
            continue
        if e.historical and not e.negated:
            context.append(e)
            continue
        r = rung(e)
        when = event_date(e, article_dates)
        if r is None or when is None or when < start:
            continue
        counted.append((e, r, when))
    counts = {name: 0 for name in LADDER[1:]}
    if not counted:
        return Escalation(0, LADDER[0], 0.0, [], context, counts)
    rungs = np.array([r for _, r, _ in counted])
    for r in rungs:
        counts[LADDER[r]] += 1
    level = int(rungs.max())
    if level == 5:
        assault = [(e, w) for e, r, w in counted if r == 5]
        days = {w for _, w in assault}
        pairs = {p for e, _ in assault for p in dyads_of(e, actors)}
        both_ways = any((b, a) in pairs for a, b in pairs if a and b)
        if len(days) >= WAR_DAYS or both_ways:
            level = 6
    top = 5 if level == 6 else level
    evidence = [e for e, r, _ in counted if r == top]
    age = np.array([(as_of - w).days for _, _, w in counted], dtype=float)
    weight = np.array([event_weight(e) for e, _, _ in counted]) * 0.5 ** (age / HALF_LIFE_DAYS)
    score = np.array([e.score for e, _, _ in counted])
    index = float(-(weight * score).sum() / (10.0 * weight.sum())) if weight.sum() > 0 else 0.0
    return Escalation(level, LADDER[level], index, evidence, context, counts)


def evidence_list(events: Iterable[Event]) -> list[Evidence]:
    """The evidence spans of some events, in order, without duplicates."""
    seen: set[tuple] = set()
    out: list[Evidence] = []
    for e in events:
        key = (e.evidence.article_id, e.evidence.start, e.evidence.end)
        if key not in seen:
            seen.add(key)
            out.append(e.evidence)
    return out
