"""The signals stage: typed, evidence-linked readings of the corroborated events as of a date.

``read_signals`` turns the events known on ``as_of`` (no look-ahead: articles dated on or
before it, own dates not later) into ``accord.types.Signal`` values that the crisis model
and the forecast drivers consume; nothing downstream reads text. Events are corroborated
first (``accord.situation.corroborate``): a signal's ``weight`` is the combined confidence
of the distinct articles reporting the act, ``sources`` their number, ``evidence`` every
span. Table (PLOVER type and factuality -> kind; cues are read in the event's sentences):

    ASSAULT asserted -> force_in_use (detail "inside one country" when every report names only
        targets in the actor's own country); historical -> precedent; hypothetical, proposed,
        announced -> threat
    THREATEN -> ultimatum when a time limit resolves to a date (``deadline``: "10 to 15
        days", "two weeks", "by Friday", "within 48 hours", "by the end of the month",
        counted from the reporting article's date), else threat
    MOBILIZE asserted -> deployment (detail "second carrier" when one is named); COERCE
        asserted -> coercion; SANCTION asserted -> sanctions; any of them not asserted -> threat
    CONSULT asserted or announced -> talks_held; negated -> talks_cancelled
    REJECT about talks -> talks_refused; SANCTION / REJECT / RETREAT saying talks are
        cancelled or suspended -> talks_cancelled; other REJECT, REQUEST, ACCUSE, PROTEST -> demand
    AGREE naming a ceasefire, a truce declared (RETREAT, mode ceasefire) or signed
        (SUPPORT "signed a truce"): asserted -> ceasefire (in place or announced as agreed),
        proposed / hypothetical / future -> proposal; other AGREE asserted -> agreement
        ("framework" when terms are agreed in principle), proposed -> proposal
    a cooperative act by a third party toward a core actor, or a proposal whose sentence
        names mediation or an offer to host talks -> mediation
    CONCEDE, RETREAT -> concession; COOPERATE, SUPPORT, AID -> cooperation
    any event whose sentence reports citizens or embassy staff told to leave or evacuated
        -> evacuation (in addition)

    ASSAULT, MOBILIZE, THREATEN negated ("does not seek a war", "has no intention of sending
        troops", "ruled out military action") -> restraint

Denied events and other negated ones give nothing (except talks not held). Every signal keeps the
events' factuality, so a proposed ceasefire is never a ceasefire in place.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from accord.situation.corroborate import Corroborated, corroborate, country
from accord.situation.cues import (
    CANCELLED,
    CEASEFIRE,
    EVACUATION,
    FRAMEWORK,
    MEDIATION,
    NOT_EVACUATION,
    SECOND_CARRIER,
    TALKS,
    ULTIMATUM,
    ceasefire_act,
    names_ceasefire,
    resolve_deadline,
)
from accord.situation.escalation import events_as_of
from accord.types import Event, Signal

_NOT_ACT = frozenset({"hypothetical", "proposed", "future"})
_FORCE_TYPES = frozenset({"ASSAULT", "MOBILIZE", "THREATEN"})
RESTRAINT = "force, a deployment or a threat said not to be intended or not done"
_COOP = frozenset({"CONSULT", "SUPPORT", "AGREE", "REQUEST", "AID", "COOPERATE"})


def _any(c: Corroborated, pattern) -> bool:  # noqa: ANN001
    return any(pattern.search(e.evidence.sentence or "") for e in c.reports)


def _deadline(c: Corroborated, article_dates: Mapping[str, dt.date | None]) -> dt.date | None:
    """The earliest time limit a report of this event states, from its own article's date."""
    out: list[dt.date] = []
    for e in c.reports:
        day = article_dates.get(e.evidence.article_id or "")
        sent = e.evidence.sentence or ""
        if day is None or not ULTIMATUM.search(sent):
            continue
        d = resolve_deadline(sent, day)
        if d is not None and d >= day:
            out.append(d)
    return min(out) if out else None


def _kind(c: Corroborated, core: set[str], article_dates: Mapping[str, dt.date | None]
          ) -> tuple[str | None, str, dt.date | None]:
    """(kind, detail, deadline) of one corroborated event (module table)."""
    t, f = c.type, c.factuality
    if f == "historical":
        return ("precedent", "", None) if t == "ASSAULT" else (None, "", None)
    if f in ("negated", "denied"):
        if t == "CONSULT" and f == "negated":
            return "talks_cancelled", "talks not held", None
        if t in _FORCE_TYPES and f == "negated":
            return "restraint", RESTRAINT, None
        return None, "", None
    act = f not in _NOT_ACT
    if t in ("REJECT", "SANCTION", "RETREAT") and _any(c, TALKS) and _any(c, CANCELLED):
        return "talks_cancelled", "", None
    if t == "REJECT" and _any(c, TALKS):
        return "talks_refused", "", None
    third = bool(c.actor and not (c.actor & core) and (c.recipient & core))
    if t in _COOP and (third and not _any(c, CEASEFIRE)
                       or f == "proposed" and _any(c, MEDIATION)):
        return "mediation", "", None
    if t in ("RETREAT", "SUPPORT") and act and f == "asserted" and ceasefire_act(
            t, c.event.mode, [e.evidence.sentence or "" for e in c.reports]):
        return "ceasefire", "", None  # a truce declared or signed
    if t == "AGREE":
        if any(names_ceasefire(e.evidence.sentence) for e in c.reports):
            return ("ceasefire", "", None) if act and f == "asserted" else (
                "proposal", "ceasefire", None)
        if f == "proposed":
            return "proposal", "", None
        if f == "asserted":
            return ("framework" if _any(c, FRAMEWORK) else "agreement"), "", None
        return None, "", None
    if t == "ASSAULT":
        return ("force_in_use", "", None) if f == "asserted" else ("threat", "force", None)
    if t == "THREATEN":
        d = _deadline(c, article_dates)
        return ("ultimatum", "", d) if d is not None else ("threat", "", None)
    if t in ("MOBILIZE", "COERCE", "SANCTION"):
        if f != "asserted":
            return "threat", t.lower(), None
        if t == "MOBILIZE":
            return "deployment", "second carrier" if _any(c, SECOND_CARRIER) else "", None
        return ("coercion" if t == "COERCE" else "sanctions"), "", None
    if t == "CONSULT":
        return ("talks_held", "", None) if f in ("asserted", "future") else (None, "", None)
    if t in ("REQUEST", "ACCUSE", "PROTEST", "REJECT"):
        d = _deadline(c, article_dates) if t == "REQUEST" else None
        return ("ultimatum", "demand", d) if d is not None else ("demand", "", None)
    if t in ("CONCEDE", "RETREAT") and f == "asserted":
        return "concession", "", None
    if t in ("COOPERATE", "SUPPORT", "AID") and f == "asserted":
        return "cooperation", "", None
    return None, "", None


def read_signals(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date | None],
    actors: Sequence[str],
    as_of: dt.date,
    duplicates: Mapping[str, str | None] | None = None,
) -> list[Signal]:
    """Typed signals about the core ``actors`` from the events known as of ``as_of``.

    A signal is kept when the event involves a core actor (either side), or is a mediation
    offer toward one; evacuations are read from any event's sentence. Sorted by date, kind.
    """
    core = {country(a) for a in actors}
    usable = events_as_of(events, article_dates, as_of)
    out: list[Signal] = []
    for c in corroborate(usable, article_dates, duplicates):
        if c.day > as_of:
            continue
        involved = bool((c.actor | c.recipient) & core)
        kind, detail, deadline = _kind(c, core, article_dates)
        base = {"actor": sorted(c.actor), "target": sorted(c.recipient), "date": c.day,
                "weight": round(min(max(c.confidence, 0.0), 1.0), 6),
                "factuality": c.factuality, "event_type": c.type, "sources": len(c.articles),
                "evidence": c.evidence(),
                "reported": sorted({d for a in c.articles
                                    if (d := article_dates.get(a)) is not None})}
        if kind == "force_in_use" and not detail and _inside_one_country(c):
            detail = INSIDE_ONE_COUNTRY  # "gunmen killed tourists in Kashmir"
        elif kind == "force_in_use" and not detail and _standing(c):
            detail = STANDING  # "forces have been fighting separatists since 2014"
        if kind is not None and (involved or kind == "mediation" and c.recipient & core):
            out.append(Signal(kind=kind, detail=detail, deadline=deadline, **base))
        if c.factuality not in ("negated", "denied", "historical") and _evacuation(c) \
                and (involved or not core):
            out.append(Signal(kind="evacuation", detail="citizens or staff told to leave",
                              **base))
    out.sort(key=lambda s: (s.date, s.kind, s.actor, s.target))
    return out


def _evacuation(c: Corroborated) -> bool:
    """Citizens, diplomats or residents told to leave (a warning that force may come), not
    the wounded flown out or civilians led out of a war already under way."""
    return any(EVACUATION.search(s) and not NOT_EVACUATION.search(s)
               for s in (e.evidence.sentence or "" for e in c.reports))


INSIDE_ONE_COUNTRY = "inside one country"
STANDING = "standing conflict, going on since an earlier year"
_SINCE_YEAR = re.compile(r"\bsince (?:the )?(?:early |late |mid-?)?((?:19|20)\d\d)s?\b")


def _standing(c: Corroborated) -> bool:
    """Every report tells the fighting as going on since a year at least two before the
    day of the act ("forces have been fighting separatists since 2014", "have fought two
    wars since the 1990s"): the background of the crisis, not force newly in use."""
    for e in c.reports or [c.event]:
        m = _SINCE_YEAR.search(e.evidence.sentence or "")
        if m is None or int(m.group(1)) > c.day.year - 2:
            return False
    return True


def _inside_one_country(c: Corroborated) -> bool:
    """Every report names its targets, all in the actor's own country (XREB -> XCVL)."""
    for e in c.reports or [c.event]:
        dst = {country(r.code) for r in e.recipient}
        if not dst or not dst <= c.actor or len(c.actor) != 1:
            return False
    return True


def signal_label(s: Signal) -> str:
    """A short label such as 'USA force_in_use -> IRN, 2026-02-20 (hypothetical)'."""
    tag = f"{'/'.join(s.actor) or '?'} {s.kind}" + (f" -> {'/'.join(s.target)}"
                                                     if s.target else "")
    tag += f", {s.date.isoformat()}"
    if s.deadline is not None:
        tag += f", deadline {s.deadline.isoformat()}"
    if s.detail:
        tag += f" [{s.detail}]"
    return tag + (f" ({s.factuality})" if s.factuality != "asserted" else "")
