"""Situation: timeline, escalation ladder, scenario drafting and diffs on the seed situation."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from _situation_seed import ACTORS, AID, DAY, seed_claims, seed_events
from accord.situation.diff import scenario_diff
from accord.situation.draft import capability_table, draft_scenario
from accord.situation.escalation import ESTABLISHED, escalation
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


def _act(type_: str, day: int, src: str = "USA", dst: str | None = "IRN", conf: float = 0.9,
         sentence: str = "s", aid: str | None = None, score: float = -9.5, quad: int = 4,
         **flags: object) -> Event:
    """One report: ``aid`` defaults to one article per day (a{day})."""
    return Event(type=type_, actor=[ActorRef(code=src)] if src else [],
                 recipient=[ActorRef(code=dst)] if dst else [], quad=quad, score=score,
                 confidence=conf, date=DAY + dt.timedelta(days=day),
                 evidence=Evidence(article_id=aid or f"a{day}", start=0, end=len(sentence),
                                   sentence=sentence), **flags)


_DATES = {f"a{d}": DAY + dt.timedelta(days=d) for d in range(10)} | {
    f"b{d}": DAY + dt.timedelta(days=d) for d in range(10)}


def _level(events: list[Event], day: int) -> int:
    return escalation(events, _DATES, ACTORS, DAY + dt.timedelta(days=day)).level


def test_hypothetical_strike_is_a_threat_and_real_strikes_escalate() -> None:
    assert _level([_act("ASSAULT", 0, hypothetical=True)], 0) == 3
    assert _level([_act("ASSAULT", 0, factuality="proposed")], 0) == 3
    assert _level([_act("ASSAULT", 0)], 0) == 5
    assert _level([_act("ASSAULT", 0, factuality="denied")], 0) == 0
    assert _level([_act("ASSAULT", 0, factuality="alleged")], 0) == 2


def test_war_needs_sustained_fighting_between_the_parties() -> None:
    # one-way strikes on three distinct days: a campaign, war
    assert _level([_act("ASSAULT", d) for d in range(3)], 2) == 6
    # the same strike reported on three days by three articles is one event on one day
    same = [_act("ASSAULT", 0, aid=f"a{d}") for d in range(3)]
    assert _level(same, 2) == 5
    # a one-day exchange of fire is a skirmish (limited strike), not war ...
    skirmish = [_act("ASSAULT", 0), _act("ASSAULT", 0, src="IRN", dst="USA")]
    assert _level(skirmish, 0) == 5
    # ... fire both ways on two days is
    assert _level(skirmish + [_act("ASSAULT", 1, src="IRN", dst="USA")], 1) == 6
    # strikes by a core actor on no core party never make a war between the core parties
    assert _level([_act("ASSAULT", d, dst=None) for d in range(4)], 3) == 5
    # reporting of continuing hostilities keeps an ongoing war at war
    going = _act("ASSAULT", 4, sentence="The war between them has raged since last year.")
    assert _level([going], 4) == 6


def test_ceasefire_in_place_brings_the_level_down() -> None:
    war = [_act("ASSAULT", d) for d in range(3)] + [
        _act("ASSAULT", 1, src="IRN", dst="USA")]
    cf = _act("AGREE", 3, src="USA", dst="IRN", score=8.0, quad=1,
              sentence="The two sides agreed a ceasefire that took effect at dawn.")
    assert _level(war, 3) == 6
    assert _level(war + [cf], 3) == 1
    # a proposed ceasefire is not a ceasefire in place
    prop = cf.model_copy(update={"factuality": "proposed"})
    assert _level(war + [prop], 3) == 6
    # a violation after the truce counts again
    assert _level(war + [cf, _act("ASSAULT", 5, src="IRN", dst="USA")], 5) == 5


def test_two_party_event_is_not_counted_both_ways() -> None:
    esc = escalation([_act("ASSAULT", 0)], _DATES, ACTORS, DAY)
    assert set(esc.dyads) == {("USA", "IRN")}
    # a joint conflict act with no recipient is not a fight between its actors
    joint = Event(type="ASSAULT", actor=[ActorRef(code="USA"), ActorRef(code="IRN")],
                  quad=4, score=-9.5, confidence=0.9, date=DAY,
                  evidence=Evidence(article_id="a0", start=0, end=1, sentence="s"))
    esc = escalation([joint], _DATES, ACTORS, DAY)
    assert set(esc.dyads) == {("USA", ""), ("IRN", "")}
    # a joint meeting is reciprocal by nature: both ways
    meet = joint.model_copy(update={"type": "CONSULT", "quad": 1, "score": 1.0})
    assert set(escalation([meet], _DATES, ACTORS, DAY).dyads) == {("USA", "IRN"),
                                                                    ("IRN", "USA")}


def test_one_low_confidence_sentence_cannot_set_the_level() -> None:
    assert ESTABLISHED == 0.5  # more likely than not (calibrated confidences)
    weak = _act("ASSAULT", 0, conf=0.35)
    assert _level([weak], 0) == 0
    # two sentences of one article are not independent
    assert _level([weak, weak.model_copy(update={"evidence": Evidence(
        article_id="a0", start=10, end=11, sentence="t")})], 0) == 0
    # two articles (1 - 0.65^2 = 0.58 >= 0.5) establish it
    other = weak.model_copy(update={"evidence": Evidence(article_id="b0", start=0, end=1)})
    assert _level([weak, other], 0) == 5
    # unless one is a near-duplicate of the other
    esc = escalation([weak, other], _DATES, ACTORS, DAY, duplicates={"b0": "a0"})
    assert esc.level == 0
    # a passive report naming only the victim joins the full report of that day
    passive = _act("ASSAULT", 0, src="", conf=0.35, aid="b0")
    esc = escalation([weak, passive], _DATES, ACTORS, DAY)
    assert esc.level == 5 and set(esc.dyads) == {("USA", "IRN")}


def test_index_agrees_with_the_dyad_table() -> None:
    evs = seed_events() + [_act("ASSAULT", 0, aid=AID)]
    s = situation(evs, {**DATES, **_DATES}, ACTORS, DAY)
    rows = s["dyads"]
    num = sum(r["conflict_index"] * r["weight"] for r in rows)
    den = sum(r["weight"] for r in rows)
    assert s["escalation"]["index"] == pytest.approx(num / den, abs=1e-5)
    assert all(r["conflict_index"] == pytest.approx(-r["mean_score"] / 10, abs=1e-5)
               for r in rows)
    table = {(r["actor"], r["recipient"]): r["level"] for r in rows}
    assert table == {(r["actor"], r["recipient"]): r["level"]
                     for r in s["escalation"]["dyads"]}
    assert 0 < s["escalation"]["index"] <= 1  # conflict reads positive
    assert "PLOVER" in s["escalation"]["index_units"]


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
