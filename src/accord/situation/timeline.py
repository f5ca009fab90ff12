"""Situation timeline: per directed dyad of core actors and per day or week, event counts by
PLOVER type, a cooperation-conflict index and the escalation rung reached, with evidence.

Cooperation-conflict index of a cell = sum of the PLOVER scores (-10 conflict .. +10
cooperation) of the events counted in it, each weighted by its confidence and halved when
hypothetical; ``mean_score`` is the weighted mean. Negated events are excluded (neither
counted nor reversed: "no agreement was reached" is not a disagreement event); historical
events are context and appear in ``Timeline.context`` instead of the cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from accord.situation.escalation import (
    LADDER,
    dyads_of,
    escalation,
    event_date,
    event_weight,
    events_as_of,
    evidence_dict,
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
    evidence: dict[tuple[int, int], list[Event]] = field(default_factory=dict)
    context: list[Event] = field(default_factory=list)
    article_dates: Mapping[str, dt.date] = field(default_factory=dict)

    @property
    def mean_score(self) -> np.ndarray:
        """Weighted mean PLOVER score per cell (0 where the cell is empty)."""
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(self.weight > 0, self.index / np.where(self.weight > 0,
                                                                   self.weight, 1.0), 0.0)

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
                "evidence": [evidence_dict(e, event_date(e, self.article_dates))
                             for e in self.evidence.get((int(t), int(k)), [])],
            })
        return out

    def dyad_totals(self) -> list[dict]:
        """Per dyad over the whole timeline: counts, index, highest rung reached."""
        out = []
        tot = self.counts.sum(axis=0)
        idx = self.index.sum(axis=0)
        wsum = self.weight.sum(axis=0)
        top = self.level.max(axis=0) if len(self.periods) else np.zeros(len(self.dyads), int)
        for k, (a, r) in enumerate(self.dyads):
            out.append({
                "actor": a, "recipient": r,
                "events": int(tot[k].sum()),
                "counts": {PLOVER_TYPES[j]: int(c) for j, c in enumerate(tot[k]) if c},
                "coop_conflict": round(float(idx[k]), 6),
                "mean_score": round(float(idx[k] / wsum[k]), 6) if wsum[k] > 0 else 0.0,
                "level": int(top[k]), "label": LADDER[int(top[k])],
            })
        return out


def timeline(
    events: Iterable[Event],
    article_dates: Mapping[str, dt.date],
    actors: Sequence[str],
    as_of: dt.date,
    freq: Literal["D", "W"] = "D",
    start: dt.date | None = None,
) -> Timeline:
    """Build the dyadic timeline from the events known as of ``as_of`` (see module doc)."""
    if freq not in ("D", "W"):
        raise ValueError(f"freq must be 'D' or 'W', not {freq!r}")
    core = sorted({a[:3].upper() for a in actors})
    usable = events_as_of(events, article_dates, as_of)
    cells: list[tuple[dt.date, tuple[str, str], Event, int | None]] = []
    context: list[Event] = []
    for e in usable:
        pairs = dyads_of(e, core)
        if not pairs or e.negated:
            continue
        if e.historical:
            context.append(e)
            continue
        when = event_date(e, article_dates)
        if when is None or (start is not None and when < start):
            continue
        r = rung(e)
        for p in pairs:
            cells.append((when, p, e, r))
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
    evidence: dict[tuple[int, int], list[Event]] = {}
    if cells:
        kpos = {d: k for k, d in enumerate(dyads)}
        t_i = np.array([(_period_start(w, freq) - p0).days // step for w, _, _, _ in cells])
        k_i = np.array([kpos[p] for _, p, _, _ in cells])
        ty = np.array([_TYPE_INDEX[e.type] for _, _, e, _ in cells])
        w = np.array([event_weight(e) for _, _, e, _ in cells])
        sc = np.array([e.score for _, _, e, _ in cells])
        rg = np.array([-1 if r is None else r for _, _, _, r in cells])
        np.add.at(counts, (t_i, k_i, ty), 1)
        np.add.at(index, (t_i, k_i), w * sc)
        np.add.at(weight, (t_i, k_i), w)
        np.maximum.at(level, (t_i, k_i), np.maximum(rg, 0))
        for n, (_, _, e, r) in enumerate(cells):
            key = (int(t_i[n]), int(k_i[n]))
            if r is not None and r == level[key] and r > 0:
                evidence.setdefault(key, []).append(e)
    return Timeline(as_of, freq, core, periods, dyads, counts, index, weight, level,
                    evidence, context, dict(article_dates))


def situation(
    events: Sequence[Event],
    article_dates: Mapping[str, dt.date],
    actors: Sequence[str],
    as_of: dt.date,
    freq: Literal["D", "W"] = "D",
    window_days: int = 30,
) -> dict:
    """JSON-ready situation as of a date: dyads, timeline rows and the escalation level."""
    tl = timeline(events, article_dates, actors, as_of, freq=freq)
    esc = escalation(events, article_dates, actors, as_of, window_days=window_days)
    return {
        "as_of": as_of.isoformat(),
        "actors": tl.actors,
        "freq": freq,
        "dyads": tl.dyad_totals(),
        "timeline": tl.rows(),
        "escalation": esc.to_dict(article_dates),
        "context": [evidence_dict(e, event_date(e, article_dates)) for e in tl.context],
    }
