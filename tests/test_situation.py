"""Situation: timeline, escalation ladder, scenario drafting and diffs on the seed situation."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _situation_seed import ACTORS, AID, DAY, seed_claims, seed_events
from accord.situation.diff import scenario_diff
from accord.situation.draft import capability_table, draft_scenario
from accord.situation.escalation import escalation
from accord.situation.timeline import situation, timeline
from accord.types import ActorRef, Event, Evidence, Position, Source

DATES = {AID: DAY}


def test_escalation_level_and_evidence_on_seed_events() -> None:
    esc = escalation(seed_events(), DATES, ACTORS, DAY)
    # the deployment is the highest current rung; the historical strike does not set it
    assert (esc.level, esc.label) == (4, "mobilization")
    assert [e.type for e in esc.evidence] == ["MOBILIZE"]
    assert [e.type for e in esc.context] == ["ASSAULT"]
    # the negated agreement counts for nothing; the hypothetical threat is a threat
    assert esc.counts["talks"] == 1 and esc.counts["threats"] == 1
    assert esc.counts["limited strike"] == 0
    assert 0 < esc.index < 1  # more conflictual than cooperative


def test_hypothetical_strike_is_a_threat_and_real_strikes_escalate() -> None:
    def strike(day: int, hyp: bool = False, src: str = "USA", dst: str = "IRN") -> Event:
        return Event(type="ASSAULT", actor=[ActorRef(code=src)], recipient=[ActorRef(code=dst)],
                     quad=4, score=-9.5, hypothetical=hyp,
                     evidence=Evidence(article_id=f"a{day}", start=0, end=5, sentence="s"))

    dates = {f"a{d}": DAY + dt.timedelta(days=d) for d in range(5)}
    assert escalation([strike(0, hyp=True)], dates, ACTORS, DAY).level == 3
    assert escalation([strike(0)], dates, ACTORS, DAY).level == 5
    three = [strike(0), strike(1), strike(2)]
    assert escalation(three, dates, ACTORS, DAY + dt.timedelta(days=2)).label == "war"
    both = [strike(0), strike(0, src="IRN", dst="USA")]
    assert escalation(both, dates, ACTORS, DAY).level == 6


def test_timeline_counts_index_and_dyads() -> None:
    tl = timeline(seed_events(), DATES, ACTORS, DAY)
    assert tl.periods == [DAY]
    assert ("USA", "ISR") in tl.dyads and ("USA", "") in tl.dyads and ("IRN", "USA") in tl.dyads
    rows = {(r["actor"], r["recipient"]): r for r in tl.rows()}
    assert rows[("USA", "ISR")]["counts"] == {"CONSULT": 1}  # negated AGREE left out
    assert rows[("USA", "IRN")]["counts"] == {"THREATEN": 1}  # historical ASSAULT left out
    assert rows[("USA", "")]["level"] == 4
    # index = confidence-weighted sum of scores, hypothetical halved: 0.8 * 0.5 * -3.5
    assert rows[("USA", "IRN")]["coop_conflict"] == pytest.approx(-1.4)
    assert rows[("USA", "ISR")]["coop_conflict"] == pytest.approx(3.2)
    assert [e["evidence"]["start"] for e in rows[("USA", "")]["evidence"]] == [100]
    assert [e.type for e in tl.context] == ["ASSAULT"]


def test_weekly_timeline_and_as_of_cut() -> None:
    later = [e.model_copy(update={"evidence": e.evidence.model_copy(update={"article_id": "b"})})
             for e in seed_events()[:2]]
    dates = {AID: DAY, "b": DAY + dt.timedelta(days=2)}
    tl = timeline(seed_events() + later, dates, ACTORS, DAY + dt.timedelta(days=2), freq="W")
    assert len(tl.periods) == 2 and all(p.weekday() == 0 for p in tl.periods)
    assert int(tl.counts[1].sum()) == 2
    early = timeline(seed_events() + later, dates, ACTORS, DAY, freq="W")
    assert len(early.periods) == 1 and int(early.counts.sum()) == 4


def test_situation_is_json_ready() -> None:
    s = situation(seed_events(), DATES, ACTORS, DAY)
    json.dumps(s)
    assert s["as_of"] == "2026-02-07" and s["actors"] == sorted(ACTORS)
    assert s["escalation"]["level"] == 4 and s["escalation"]["evidence"]
    assert s["escalation"]["drivers"][0]["type"] == "ASSAULT"
    assert {d["actor"] for d in s["dyads"]} == {"USA", "IRN"}


def test_draft_scenario_from_seed_claims() -> None:
    sc = draft_scenario(seed_events(), seed_claims(), DATES, ACTORS, DAY)
    pos = {(p.actor, p.issue): p for p in sc.positions}
    assert pos[("IRN", "talks_scope")].position < 50 < pos[("USA", "talks_scope")].position
    assert pos[("USA", "use_of_force")].position >= 70
    assert pos[("IRN", "use_of_force")].source.kind == "default"
    assert ("ISR", "security_requirements") in pos
    for p in sc.positions:
        assert p.source.evidence, p  # every drafted position points at its evidence
        assert 0 < p.salience <= 1
    caps = {a.id: a for a in sc.actors}
    assert caps["USA"].capability == pytest.approx(float(capability_table()["USA"]["cinc"]))
    assert caps["USA"].capability > caps["IRN"].capability > caps["ISR"].capability
    assert all(a.source.kind == "table" for a in sc.actors)
    sc.arrays()  # usable by the engines


def test_draft_ignores_future_articles_and_keeps_analyst_edits() -> None:
    late = "late-article"
    extra = seed_claims(aid=late)[:1]
    dates = {AID: DAY, late: DAY + dt.timedelta(days=3)}
    a = draft_scenario(seed_events(), seed_claims(), dates, ACTORS, DAY)
    b = draft_scenario(seed_events(), seed_claims() + extra, dates, ACTORS, DAY)
    assert a.model_dump() == b.model_dump()
    edited = a.model_copy(update={"positions": [
        p.model_copy(update={"position": 40.0, "source": Source(kind="analyst", note="desk")})
        if (p.actor, p.issue) == ("IRN", "talks_scope") else p for p in a.positions]})
    c = draft_scenario(seed_events(), seed_claims() + extra, dates, ACTORS,
                       DAY + dt.timedelta(days=3), base=edited)
    kept = {(p.actor, p.issue): p for p in c.positions}[("IRN", "talks_scope")]
    assert kept.position == 40.0 and kept.source.kind == "analyst"


def test_scenario_diff_says_what_and_why() -> None:
    a = draft_scenario(seed_events(), seed_claims(), DATES, ACTORS, DAY)
    assert scenario_diff(a, a) == []
    moved = a.model_copy(update={"positions": [
        p.model_copy(update={"salience": 0.3, "source": Source(kind="analyst", note="desk view")})
        if p.actor == "ISR" else p for p in a.positions] + [
        Position(actor="ISR", issue="talks_scope", position=95, salience=0.5,
                 source=Source(kind="analyst", note="Israel backs the broad agenda"))]})
    d = scenario_diff(a, moved)
    kinds = {(x["what"], x["id"], x["change"], x["field"]) for x in d}
    assert ("position", "ISR/security_requirements", "changed", "salience") in kinds
    assert ("position", "ISR/talks_scope", "added", "position") in kinds
    assert any(x["why"]["note"] == "desk view" for x in d)
    back = scenario_diff(moved, a)
    assert any(x["change"] == "removed" for x in back)
