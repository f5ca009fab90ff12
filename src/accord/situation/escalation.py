"""The escalation ladder: where a crisis stands as of a date, per directed dyad, and why.

Ladder (accord's own, in the spirit of Kahn's escalation ladder, keyed to PLOVER types):

    0 none            no established talks or conflict events among the core actors
    1 talks           CONSULT, AGREE, SUPPORT, CONCEDE, COOPERATE, AID, RETREAT
    2 demands         REQUEST, ACCUSE, REJECT, PROTEST; a claim that the other side used
                      force (factuality "alleged") is an accusation
    3 threats         THREATEN, SANCTION; a hypothetical, proposed or announced (future)
                      MOBILIZE / COERCE / ASSAULT / SANCTION (a conditional force is a threat)
    4 mobilization    MOBILIZE, COERCE carried out
    5 limited strike  ASSAULT carried out
    6 war             sustained fighting between two core parties (below)

Counted events. Reports are first corroborated (``accord.situation.corroborate``): one
event = the reports of one act (type, factuality, actor and recipient countries, day),
with confidence 1 - prod(1 - c) over distinct articles. Only *established* events
(confidence >= ``ESTABLISHED``) set a rung: one low-confidence sentence cannot. Negated and
denied events count for nothing; historical ones are context (reported as drivers, never
the current level); hypothetical cooperation does not count as talks.

Directed dyads. An event counts for actor -> recipient only, never also the other way; a
joint act with no recipient (CONSULT, AGREE, COOPERATE by two core actors: "the two sides
met") is reciprocal and counts both ways; any other act with no core recipient counts for
(actor, "") and a passive report naming only the victim for ("", recipient).

War. A pair of core parties is at war when, in the window, established assaults between
them (either direction) fall on at least ``WAR_DAYS`` = 3 distinct days, or go both ways with
one side firing on at least 2 distinct days (sustained fighting, not a single skirmish), or an
established report says hostilities between them are continuing ("the war that has raged
since ..."). A one-day exchange of fire, or one strike and one reply on another day (a
tit-for-tat), is a limited strike.

Ceasefire. An established, asserted AGREE whose sentence names a ceasefire (truce, cessation
of hostilities, an agreement to de-escalate), a truce declared (RETREAT, mode ceasefire) or a
ceasefire signed (``cues.ceasefire_act``) puts a ceasefire in place on its day between the core parties among its
actors and recipients (a mediator or venue is not a side; in a two-party crisis one side
agreeing is enough): the pair's events, and each side's one-sided events, on or before that
day stop counting, so the level comes down to the ceasefire itself (talks)
and whatever happened after it. A proposed ceasefire changes nothing on the ladder.

Index (``Escalation.index``). Over the same counted events and weights as the dyad table
(``Escalation.dyads``): index = -sum(w x score) / (10 x sum(w)), w = corroborated confidence,
halved for hypothetical/proposed/future/alleged events. Unit: a fraction of the PLOVER
scale; sign: +1 all-out conflict, -1 full cooperation, 0 balanced or nothing. Each dyad row
carries its own ``conflict_index`` (same formula) and ``weight`` (sum of w); the overall index
is their weight-weighted mean. ``coop_conflict`` = sum of w x score (cooperation positive).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from accord.situation.corroborate import (
    ESTABLISHED,
    Corroborated,
    corroborate,
    country,
    event_day,
)
from accord.situation.cues import ceasefire_act, is_continuing_hostilities
from accord.types import Event, Evidence

LADDER: tuple[str, ...] = (
    "none", "talks", "demands", "threats", "mobilization", "limited strike", "war",
)
RUNG_BY_TYPE: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 1, "AID": 1,
    "RETREAT": 1, "REQUEST": 2, "ACCUSE": 2, "REJECT": 2, "PROTEST": 2, "THREATEN": 3,
    "SANCTION": 3, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 5,
}
WAR_DAYS = 3              # distinct days of one-way assaults that make a war
EXCHANGE_DAYS = 2         # distinct days of two-way assaults that make a war
UNCERTAIN_WEIGHT = 0.5    # hypothetical/proposed/future/alleged events weigh half an act
JOINT_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})  # reciprocal by nature
_UNCERTAIN = frozenset({"hypothetical", "proposed", "future", "alleged"})

__all__ = [
    "ESTABLISHED", "LADDER", "RUNG_BY_TYPE", "Escalation", "country", "dyads_of",
    "escalation", "event_date", "event_weight", "events_as_of", "evidence_dict",
    "evidence_list", "ladder", "rung",
]

event_date = event_day  # the historical name


def rung(event: Event) -> int | None:
    """The ladder rung an event supports now, or None when it does not count (module doc)."""
    f = event.factuality or "asserted"
    if f in ("negated", "denied", "historical"):
        return None
    r = RUNG_BY_TYPE[event.type]
    if f == "asserted":
        return r
    if f == "alleged":
        return min(r, 2) if r >= 2 else None
    if r >= 3:
        return 3          # a conditional, proposed or announced use of force is a threat
    if f == "proposed" and r == 1:
        return 1          # a proposal made is itself a diplomatic act
    if f == "future" and r == 1:
        return 1          # talks announced
    return r if r == 2 else None


def events_as_of(
    events: Iterable[Event], article_dates: Mapping[str, dt.date | None], as_of: dt.date
) -> list[Event]:
    """Events usable as of a date: evidence from an article dated <= as_of, own date <= as_of.

    An event whose article is unknown or undated is left out: without a date we cannot show
    that it was known on ``as_of`` (no look-ahead).
    """
    out = []
    for e in events:
        aid = e.evidence.article_id
        if aid is None or article_dates.get(aid) is None:
            continue
        if article_dates[aid] > as_of:
            continue
        if e.date is not None and e.date > as_of:
            continue
        out.append(e)
    return out


def _pairs(src: Iterable[str], dst: Iterable[str], typ: str, core: set[str]
           ) -> list[tuple[str, str]]:
    srcs = sorted({s for s in src if s in core})
    dsts = sorted({d for d in dst if d in core} - set(srcs))
    out: list[tuple[str, str]] = []
    if srcs and dsts:
        out = [(s, d) for s in srcs for d in dsts]
    elif len(srcs) > 1 and typ in JOINT_TYPES and not [d for d in dst if d not in srcs]:
        out = [(s, d) for s in srcs for d in srcs if s != d]   # reciprocal joint act
    elif srcs:
        out = [(s, "") for s in srcs]
    elif dsts:
        out = [("", d) for d in dsts]                           # passive: victim only
    return out


def dyads_of(event: Event | Corroborated, actors: Sequence[str]) -> list[tuple[str, str]]:
    """Directed (actor, recipient) country pairs among the core actors an event concerns.

    Actor -> recipient only; reciprocal joint acts both ways; (actor, "") when no core
    recipient is named, ("", recipient) for a report naming only the recipient.
    """
    core = {country(a) for a in actors}
    if isinstance(event, Corroborated):
        return _pairs(event.actor, event.recipient, event.type, core)
    return _pairs((country(a.code) for a in event.actor),
                  (country(r.code) for r in event.recipient), event.type, core)


def event_weight(event: Event | Corroborated) -> float:
    """Weight in the index and the dyad table: confidence, halved when not asserted."""
    if isinstance(event, Corroborated):
        w, f = event.confidence, event.factuality
    else:
        w, f = float(event.confidence), event.factuality or "asserted"
    return float(w) * (UNCERTAIN_WEIGHT if f in _UNCERTAIN else 1.0)


def evidence_dict(event: Event | Corroborated, when: dt.date | None = None) -> dict:
    """A JSON-ready description of an event with its evidence span (and corroboration)."""
    c = event if isinstance(event, Corroborated) else None
    e = c.event if c is not None else event
    out = {
        "type": e.type,
        "mode": e.mode,
        "actor": [a.code for a in e.actor],
        "recipient": [r.code for r in e.recipient],
        "date": (when or (c.day if c else None)).isoformat() if (when or c) else None,
        "factuality": e.factuality,
        "flags": [f for f in ("negated", "hypothetical", "historical", "future")
                  if getattr(e, f)],
        "score": e.score,
        "evidence": e.evidence.model_dump(mode="json"),
    }
    if c is not None:
        out["confidence"] = round(c.confidence, 6)
        out["articles"] = len(c.articles)
        out["established"] = c.established
    return out


def _context_effect(event: Event) -> str:
    """What a past event referred to in today's news means for the present."""
    if event.quad == 4:
        return ("context: a past use of force invoked now; raises the credibility of renewed "
                "force, does not set the current level")
    if event.quad == 3:
        return "context: a past demand or threat; background to the current stance"
    return "context: past cooperation referred to; background, not a current action"


@dataclass
class DyadLevel:
    """One directed dyad over the window: its rung, the events behind it, its index terms."""

    actor: str
    recipient: str
    level: int = 0
    events: list[Corroborated] = field(default_factory=list)   # counted (all, weighted)
    top: list[Corroborated] = field(default_factory=list)      # the ones that set the level
    ceasefire: dt.date | None = None

    @property
    def weight(self) -> float:
        return float(sum(event_weight(c) for c in self.events))

    @property
    def coop_conflict(self) -> float:
        """Sum of w x PLOVER score (cooperation positive)."""
        return float(sum(event_weight(c) * c.event.score for c in self.events))

    def row(self) -> dict:
        counts: dict[str, int] = {}
        for c in self.events:
            counts[c.type] = counts.get(c.type, 0) + 1
        w = self.weight
        return {
            "actor": self.actor, "recipient": self.recipient, "events": len(self.events),
            "established": sum(c.established for c in self.events), "counts": counts,
            "coop_conflict": round(self.coop_conflict, 6),
            "mean_score": round(self.coop_conflict / w, 6) if w > 0 else 0.0,
            "conflict_index": round(-self.coop_conflict / (10.0 * w), 6) if w > 0 else 0.0,
            "weight": round(w, 6),
            "level": self.level, "label": LADDER[self.level],
            "ceasefire": self.ceasefire.isoformat() if self.ceasefire else None,
        }


def _is_ceasefire(c: Corroborated) -> bool:
    return (c.factuality == "asserted" and c.established and ceasefire_act(
        c.type, c.event.mode, [e.evidence.sentence or "" for e in c.reports]))


def _truces(corr: Sequence[Corroborated], core: set[str], start: dt.date, as_of: dt.date
            ) -> dict[frozenset | str, dt.date]:
    """The day of the latest ceasefire per pair of core parties, and per party.

    The sides are the core countries among the ceasefire's actors and recipients, whatever
    else the sentence names ("agreed to a ceasefire after talks in Moscow": the host is not
    a side). In a two-party crisis one party agreeing to a ceasefire makes it with the other.
    A party's own date (the latest truce it is in) resets its one-sided rows: (actor, "")
    and ("", recipient)."""
    out: dict[frozenset | str, dt.date] = {}
    for c in corr:
        if not (start <= c.day <= as_of and _is_ceasefire(c)):
            continue
        sides = sorted((c.actor | c.recipient) & core)
        if len(sides) == 1 and len(core) == 2:
            sides = sorted(core)
        for i, a in enumerate(sides):
            for b in sides[i + 1:]:
                for k in (frozenset((a, b)), a, b):
                    out[k] = max(out.get(k, c.day), c.day)
    return out


def _fire_days(fire: Sequence[Corroborated]) -> set[dt.date]:
    """The distinct days of some assaults, counting only acts dated to a day: an act placed
    only within a week or a month ("days after X struck") may be one of the others."""
    days = {c.day for c in fire if c.event.date is not None or c.event.period_start is None}
    return days or {c.day for c in fire[:1]}


def ladder(corr: Sequence[Corroborated], actors: Sequence[str], start: dt.date,
           as_of: dt.date) -> dict[tuple[str, str], DyadLevel]:
    """Per directed dyad: the level, the counted events and the events that set it."""
    core = {country(a) for a in actors}
    cells: dict[tuple[str, str], DyadLevel] = {}
    for c in corr:
        if not (start <= c.day <= as_of) or rung(c.event) is None:
            continue
        for p in _pairs(c.actor, c.recipient, c.type, core):
            cells.setdefault(p, DyadLevel(*p)).events.append(c)
    # a ceasefire in place resets the pair: its earlier events stop counting
    truce = _truces(corr, core, start, as_of)
    for (a, b), cell in cells.items():
        d = truce.get(frozenset((a, b)) if a and b else a or b)
        if d is not None:
            cell.ceasefire = d
            cell.events = [c for c in cell.events if c.day > d or (c.day == d and
                                                                   _is_ceasefire(c))]
    # rungs from established events
    for cell in cells.values():
        est = [(c, rung(c.event)) for c in cell.events if c.established]
        if est:
            cell.level = max(r for _, r in est)
            cell.top = [c for c, r in est if r == cell.level]
    # war: sustained fighting between two core parties
    for (a, b), cell in cells.items():
        if not (a and b) or cell.level < 5:
            continue
        back = cells.get((b, a))
        fire = [c for c in cell.events if c.established and rung(c.event) == 5]
        fire_back = [c for c in (back.events if back else []) if c.established
                     and rung(c.event) == 5]
        days = _fire_days(fire + fire_back)
        ongoing = [c for c in fire + fire_back
                   if any(is_continuing_hostilities(e.evidence.sentence) for e in c.reports)]
        # a strike and one reply are a tit-for-tat, not yet a war: an exchange makes a war
        # when one side has fired on EXCHANGE_DAYS distinct days
        exchange = bool(fire_back) and max(len(_fire_days(fire)),
                                           len(_fire_days(fire_back))) >= EXCHANGE_DAYS
        if len(days) >= WAR_DAYS or exchange or ongoing:
            cell.level = 6
            cell.top = fire
            if back is not None and back.level >= 5:
                back.level, back.top = 6, fire_back
    return cells


@dataclass
class Escalation:
    """Escalation as of a date: level on the ladder, a conflict index, and the evidence."""

    level: int
    label: str
    index: float
    evidence: list[Event]
    context: list[Event]
    counts: dict[str, int]
    dyads: dict[tuple[str, str], DyadLevel] = field(default_factory=dict)
    window: tuple[dt.date, dt.date] | None = None

    def to_dict(self, article_dates: Mapping[str, dt.date | None]) -> dict:
        top = [c for d in self.dyads.values() if d.level == self.level for c in d.top]
        seen: set[int] = set()
        ev = []
        for c in top:
            if id(c) not in seen:
                seen.add(id(c))
                ev.append(evidence_dict(c))
        return {
            "level": self.level,
            "label": self.label,
            "index": round(self.index, 6),
            "index_units": "fraction of the PLOVER scale; +1 all-out conflict, -1 full "
                           "cooperation (weighted mean score / -10 over the dyad table)",
            "ladder": list(LADDER),
            "established_threshold": ESTABLISHED,
            "window": [d.isoformat() for d in self.window] if self.window else None,
            "counts": self.counts,
            "dyads": [d.row() for _, d in sorted(self.dyads.items())],
            "evidence": ev,
            "drivers": [
                {"name": f"historical {e.type.lower()}", "effect": _context_effect(e),
                 **evidence_dict(e, event_date(e, article_dates))}
                for e in self.context
            ],
        }


def escalation(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date | None],
    actors: Sequence[str],
    as_of: dt.date,
    window_days: int = 30,
    duplicates: Mapping[str, str | None] | None = None,
) -> Escalation:
    """Ladder level (the highest over the directed dyads) and conflict index among the core
    actors over the ``window_days`` up to ``as_of`` (see module doc)."""
    core = {country(a) for a in actors}
    usable = events_as_of(events, article_dates, as_of)
    start = as_of - dt.timedelta(days=window_days)
    context = [e for e in usable if e.factuality == "historical"
               and _pairs((country(a.code) for a in e.actor),
                          (country(r.code) for r in e.recipient), e.type, core)]
    corr = corroborate([e for e in usable if e.factuality != "historical"], article_dates,
                       duplicates)
    cells = ladder(corr, actors, start, as_of)
    counts = {name: 0 for name in LADDER[1:]}
    seen: set[int] = set()
    for cell in cells.values():
        for c in cell.events:
            r = rung(c.event)
            if c.established and r and id(c) not in seen:
                seen.add(id(c))
                counts[LADDER[r]] += 1
    counts["war"] = len({frozenset(k) for k, d in cells.items() if d.level == 6})  # pairs
    level = max((d.level for d in cells.values()), default=0)
    top: list[Event] = []
    for d in cells.values():
        if d.level == level and level > 0:
            top.extend(c.event for c in d.top if c.event not in top)
    w = sum(d.weight for d in cells.values())
    index = -sum(d.coop_conflict for d in cells.values()) / (10.0 * w) if w > 0 else 0.0
    return Escalation(level, LADDER[level], float(index), top, context, counts, cells,
                      (start, as_of))


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
