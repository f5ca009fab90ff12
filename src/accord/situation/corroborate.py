"""Corroboration: which reported events are established, and how firmly.

Reports of one event are grouped by PLOVER type, factuality, actor and recipient countries
and the day it happened (its own date, else its article's date). A report that names only
one side ("Iran was hit") joins the group on that day that names the same side and the
other too, when there is one. The group's confidence combines its reports:

    c = 1 - prod over distinct articles a of (1 - c_a),   c_a = max confidence of a's reports

i.e. the chance that at least one independent article read it right, if the coder's
confidences are calibrated. Several sentences of one article are not independent (its
strongest counts) and a near-duplicate article (``Article.duplicate_of``, the same wire
story republished) counts as the article it copies.

An event is *established* when c >= ``ESTABLISHED`` = 0.5: more likely than not to have
happened as coded, reading the coder's confidences as calibrated probabilities (the learned
event layer is calibrated by cross-validation). One sentence read at 0.4 does not reach it;
two independent articles at 0.3 do (0.51). Only established events can set a rung of the
escalation ladder; everything is still shown with its evidence. (With the older rule-based
confidences, which were not calibrated, the threshold was 0.75; see the sensitivity note in
tests/test_escalation_crises.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accord.types import Event, Evidence

ESTABLISHED = 0.5


def country(code: str) -> str:
    """The country part of a CAMEO-style code (its first three letters)."""
    return code[:3].upper()


@dataclass
class Corroborated:
    """One event as established from all its reports."""

    event: Event                     # the most confident report (its type, flags, score)
    day: dt.date
    actor: frozenset[str]            # country codes
    recipient: frozenset[str]
    confidence: float                # 1 - prod(1 - c_a) over distinct articles
    articles: tuple[str, ...]        # distinct (de-duplicated) article ids
    reports: list[Event] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.event.type

    @property
    def factuality(self) -> str:
        return self.event.factuality or "asserted"

    @property
    def established(self) -> bool:
        return self.confidence >= ESTABLISHED

    def evidence(self) -> list[Evidence]:
        """The evidence spans of every report, most confident first, without repeats."""
        seen: set[tuple] = set()
        out: list[Evidence] = []
        for e in sorted(self.reports, key=lambda x: -x.confidence):
            key = (e.evidence.article_id, e.evidence.start, e.evidence.end)
            if key not in seen:
                seen.add(key)
                out.append(e.evidence)
        return out


_HALF_PERIOD = {"week": 3, "month": 14, "year": 182}


def event_day(event: Event, article_dates: Mapping[str, dt.date | None]) -> dt.date | None:
    """When an event happened: its own date; else the middle of the period the text names
    for it ("last month", "in 2021": ``period_start`` and ``date_precision``), never after
    its article; else its article's publication date."""
    if event.date is not None:
        return event.date
    aid = event.evidence.article_id
    published = article_dates.get(aid) if aid is not None else None
    if event.period_start is not None and event.date_precision in _HALF_PERIOD:
        mid = event.period_start + dt.timedelta(days=_HALF_PERIOD[event.date_precision])
        return min(mid, published) if published is not None else mid
    return published


def combine(confidences: Iterable[float]) -> float:
    """1 - prod(1 - c): the chance that at least one independent report is right."""
    miss = 1.0
    for c in confidences:
        miss *= 1.0 - float(c)
    return 1.0 - miss


def corroborate(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date | None],
    duplicates: Mapping[str, str | None] | None = None,
) -> list[Corroborated]:
    """Group reports of the same event and combine their confidences (see module doc).

    ``duplicates`` maps an article id to the id it is a near-duplicate of (None or absent:
    an original). Events without a day are left out (nothing can be said about when).
    """
    dup = duplicates or {}

    def root(aid: str | None) -> str:
        seen = set()
        a = aid or ""
        while dup.get(a) and a not in seen:
            seen.add(a)
            a = dup[a] or a
        return a

    groups: dict[tuple, list[Event]] = {}
    for e in events:
        day = event_day(e, article_dates)
        if day is None:
            continue
        src = frozenset(country(a.code) for a in e.actor)
        dst = frozenset(country(r.code) for r in e.recipient) - src
        key = (e.type, e.factuality or "asserted", day, src, dst)
        groups.setdefault(key, []).append(e)
    # one-sided reports join the full report of that day naming the same side
    full = [k for k in groups if k[3] and k[4]]
    for k in [k for k in groups if not (k[3] and k[4])]:
        t, f, day, src, dst = k
        cands = [g for g in full if g[:3] == (t, f, day)
                 and ((src and g[3] == src) or (dst and g[4] == dst))]
        if cands:
            best = max(cands, key=lambda g: (max(x.confidence for x in groups[g]),
                                             sorted(g[3]), sorted(g[4])))
            groups[best].extend(groups.pop(k))
    out = []
    for (_, _, day, src, dst), reps in groups.items():
        per_article: dict[str, float] = {}
        for e in reps:
            a = root(e.evidence.article_id)
            per_article[a] = max(per_article.get(a, 0.0), float(e.confidence))
        best = max(reps, key=lambda x: (x.confidence, x.evidence.article_id or "",
                                        -x.evidence.start))
        out.append(Corroborated(best, day, src, dst, combine(per_article.values()),
                                tuple(sorted(per_article)), reps))
    out.sort(key=lambda c: (c.day, c.type, c.factuality, sorted(c.actor), sorted(c.recipient)))
    return out
