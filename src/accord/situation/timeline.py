"""Situation timeline: per directed dyad of core actors and per day or week, event counts by
PLOVER type, a cooperation-conflict index and the escalation rung reached, with evidence.

Events are corroborated first (``accord.situation.corroborate``): a cell counts distinct
events, not reports, each weighted by its corroborated confidence (halved when
hypothetical, proposed, announced or alleged) - the same events and weights as the
escalation ladder's dyad table. Cooperation-conflict index of a cell = sum of w x PLOVER
score (-10 conflict .. +10 cooperation); ``mean_score`` is the weighted mean. A cell's rung
comes from its established events only; ``dyad_totals`` gives each dyad's ladder level over
the whole timeline (war and ceasefire rules included). Negated and denied events are
excluded ("no agreement was reached" is not a disagreement event); historical events are
context and appear in ``Timeline.context``. An event counts for actor -> recipient only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from accord.situation.corroborate import Corroborated, corroborate
from accord.situation.escalation import (
    LADDER,
    dyads_of,
    escalation,
    event_date,
    event_weight,
    events_as_of,
    evidence_dict,
    ladder,
    rung,
)
from accord.types import PLOVER_TYPES, Event

_TYPE_INDEX = {t: k for k, t in enumerate(PLOVER_TYPES)}


def _period_start(d: dt.date, freq: str) -> dt.date:
    return d if freq == "D" else d - dt.timedelta(days=d.weekday())


@dataclass
class Timeline:
    """Counts (periods x dyads x PLOVER types), index and level (periods x dyads), evidence."""

    as_of: dt.date
    freq: str
    actors: list[str]
    periods: list[dt.date]
    dyads: list[tuple[str, str]]
    counts: np.ndarray
    index: np.ndarray
    weight: np.ndarray
    level: np.ndarray
    evidence: dict[tuple[int, int], list[Corroborated]] = field(default_factory=dict)
    context: list[Event] = field(default_factory=list)
    article_dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    dyad_level: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def mean_score(self) -> np.ndarray:
        """Weighted mean PLOVER score per cell (0 where the cell is empty)."""
        safe = np.where(self.weight > 0, self.weight, 1.0)
        return np.where(self.weight > 0, self.index / safe, 0.0)

    def rows(self) -> list[dict]:
        """Non-empty cells as JSON-ready rows, in period then dyad order."""
        out = []
        mean = self.mean_score
        nz = np.argwhere(self.counts.sum(axis=2) > 0)
        for t, k in nz:
            a, r = self.dyads[k]
            out.append({
                "period": self.periods[t].isoformat(),
                "actor": a, "recipient": r,
                "counts": {PLOVER_TYPES[j]: int(c) for j, c in enumerate(self.counts[t, k])
                           if c},
                "coop_conflict": round(float(self.index[t, k]), 6),
                "mean_score": round(float(mean[t, k]), 6),
                "level": int(self.level[t, k]),
                "label": LADDER[int(self.level[t, k])],
                "evidence": [evidence_dict(c) for c in self.evidence.get((int(t), int(k)), [])],
            })
        return out

    def dyad_totals(self) -> list[dict]:
        """Per dyad over the whole timeline: counts, index and its ladder level."""
        out = []
        tot = self.counts.sum(axis=0)
        idx = self.index.sum(axis=0)
        wsum = self.weight.sum(axis=0)
        for k, (a, r) in enumerate(self.dyads):
            lv = int(self.dyad_level.get((a, r), 0))
            out.append({
                "actor": a, "recipient": r,
                "events": int(tot[k].sum()),
                "counts": {PLOVER_TYPES[j]: int(c) for j, c in enumerate(tot[k]) if c},
                "coop_conflict": round(float(idx[k]), 6),
                "mean_score": round(float(idx[k] / wsum[k]), 6) if wsum[k] > 0 else 0.0,
                "conflict_index": round(float(-idx[k] / (10.0 * wsum[k])), 6)
                if wsum[k] > 0 else 0.0,
                "weight": round(float(wsum[k]), 6),
                "level": lv, "label": LADDER[lv],
            })
        return out


def timeline(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date | None],
    actors: Sequence[str],
    as_of: dt.date,
    freq: Literal["D", "W"] = "D",
    start: dt.date | None = None,
    duplicates: Mapping[str, str | None] | None = None,
) -> Timeline:
    """Build the dyadic timeline from the events known as of ``as_of`` (see module doc)."""
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    core = sorted({a[:3].upper() for a in actors})
    usable = events_as_of(events, article_dates, as_of)
    context = [e for e in usable if e.factuality == "historical" and dyads_of(e, core)]
    corr = corroborate([e for e in usable if e.factuality != "historical"], article_dates,
                       duplicates)
    cells: list[tuple[dt.date, tuple[str, str], Corroborated, int]] = []
    for c in corr:
        r = rung(c.event)
        if r is None or (start is not None and c.day < start) or c.day > as_of:
            continue
        for p in dyads_of(c, core):
            cells.append((c.day, p, c, r if c.established else 0))
    first = start or min((c[0] for c in cells), default=as_of)
    p0, p1 = _period_start(first, freq), _period_start(as_of, freq)
    step = 1 if freq == "D" else 7
    periods = [p0 + dt.timedelta(days=d) for d in range(0, (p1 - p0).days + 1, step)]
    dyads = sorted({p for _, p, _, _ in cells})
    T, K = len(periods), len(dyads)
    counts = np.zeros((T, K, len(PLOVER_TYPES)), dtype=np.int64)
    index = np.zeros((T, K))
    weight = np.zeros((T, K))
    level = np.zeros((T, K), dtype=np.int64)
    evidence: dict[tuple[int, int], list[Corroborated]] = {}
    if cells:
        kpos = {d: k for k, d in enumerate(dyads)}
        t_i = np.array([(_period_start(w, freq) - p0).days // step for w, _, _, _ in cells])
        k_i = np.array([kpos[p] for _, p, _, _ in cells])
        ty = np.array([_TYPE_INDEX[c.type] for _, _, c, _ in cells])
        w = np.array([event_weight(c) for _, _, c, _ in cells])
        sc = np.array([c.event.score for _, _, c, _ in cells])
        rg = np.array([r for _, _, _, r in cells])
        np.add.at(counts, (t_i, k_i, ty), 1)
        np.add.at(index, (t_i, k_i), w * sc)
        np.add.at(weight, (t_i, k_i), w)
        np.maximum.at(level, (t_i, k_i), rg)
        for n, (_, _, c, r) in enumerate(cells):
            key = (int(t_i[n]), int(k_i[n]))
            if r > 0 and r == level[key]:
                evidence.setdefault(key, []).append(c)
    lad = ladder(corr, core, periods[0] if periods else as_of, as_of)
    return Timeline(as_of, freq, core, periods, dyads, counts, index, weight, level,
                    evidence, context, dict(article_dates),
                    {k: d.level for k, d in lad.items()})


def situation(
    events: Sequence[Event],
    article_dates: Mapping[str, dt.date | None],
    actors: Sequence[str],
    as_of: dt.date,
    freq: Literal["D", "W"] = "D",
    window_days: int = 30,
    duplicates: Mapping[str, str | None] | None = None,
) -> dict:
    """JSON-ready situation as of a date: dyads, timeline rows and the escalation level.

    The dyad table and the escalation cover the same ``window_days`` up to ``as_of``, the
    same corroborated events and the same weights, so their levels and indices agree.
    """
    start = as_of - dt.timedelta(days=window_days)
    tl = timeline(events, article_dates, actors, as_of, freq=freq, start=start,
                  duplicates=duplicates)
    esc = escalation(events, article_dates, actors, as_of, window_days=window_days,
                     duplicates=duplicates)
    return {
        "as_of": as_of.isoformat(),
        "actors": tl.actors,
        "freq": freq,
        "window": [start.isoformat(), as_of.isoformat()],
        "dyads": tl.dyad_totals(),
        "timeline": tl.rows(),
        "escalation": esc.to_dict(article_dates),
        "context": [evidence_dict(e, event_date(e, article_dates)) for e in tl.context],
    }
