"""The signals stage: deadline resolution, kinds by factuality, corroboration, no look-ahead."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.situation.corroborate import ESTABLISHED, corroborate
from accord.situation.cues import resolve_deadline
from accord.situation.signals import read_signals
from accord.types import ActorRef, Event, Evidence, Signal

WED = dt.date(2026, 2, 4)  # a Wednesday


@pytest.mark.parametrize(("text", "days"), [
    ("They were given 10 to 15 days to accept the terms or face strikes.", 15),
    ("Washington set a deadline of two weeks for a reply.", 14),
    ("The junta must step down within one week or face force.", 7),
    ("Citizens should leave in the next 24 to 48 hours.", 2),
    ("An ultimatum expires within 48 hours.", 2),
    ("They must answer by Friday, officials said.", 2),
    ("The deadline is by the end of the month.", 24),
    ("A reply is expected by the end of next week.", 11),
    ("A one-week ultimatum was issued.", 7),
    ("Forces must withdraw by 6 March.", 30),
])
def test_deadlines_resolve_to_dates_from_the_article_day(text: str, days: int) -> None:
    assert resolve_deadline(text, WED) == WED + dt.timedelta(days=days)


def test_no_time_limit_no_deadline_and_past_dates_roll_forward() -> None:
    assert resolve_deadline("They warned of grave consequences.", WED) is None
    assert resolve_deadline("In the days to come, talks will go on.", WED) is None
    # "by Wednesday" said on a Wednesday means the next one; "by 1 January" the next year
    assert resolve_deadline("by Wednesday", WED) == WED + dt.timedelta(days=7)
    assert resolve_deadline("before 1 January", WED) == dt.date(2027, 1, 1)


def _ev(type_: str, src: str, dst: str | None, sentence: str, aid: str = "a1",
        conf: float = 0.9, quad: int = 3, score: float = -4.0, day: dt.date | None = None,
        **kw: object) -> Event:
    return Event(type=type_, actor=[ActorRef(code=src)] if src else [],
                 recipient=[ActorRef(code=dst)] if dst else [], quad=quad, score=score,
                 confidence=conf, date=day,
                 evidence=Evidence(article_id=aid, start=0, end=len(sentence),
                                   sentence=sentence), **kw)


DATES = {"a1": WED, "a2": WED + dt.timedelta(days=1), "a3": WED + dt.timedelta(days=9)}
CORE = ["USA", "IRN"]


def kinds(events: list[Event], as_of: dt.date = WED + dt.timedelta(days=2)) -> list[str]:
    return [s.kind for s in read_signals(events, DATES, CORE, as_of)]


def test_ultimatum_carries_a_resolved_deadline_and_evidence() -> None:
    e = _ev("THREATEN", "USAGOV", "IRNGOV",
            "The president gave Iran 10 to 15 days to agree to a deal or face strikes.")
    (s,) = read_signals([e], DATES, CORE, WED + dt.timedelta(days=2))
    assert isinstance(s, Signal) and s.kind == "ultimatum"
    assert s.deadline == WED + dt.timedelta(days=15)
    assert (s.actor, s.target, s.date) == (["USA"], ["IRN"], WED)
    assert s.evidence[0].article_id == "a1" and s.evidence[0].sentence.startswith("The pres")
    # a plain threat with no time limit is a threat
    t = _ev("THREATEN", "USAGOV", "IRNGOV", "He warned of grave consequences.")
    assert kinds([t]) == ["threat"]


def test_only_asserted_events_establish_acts() -> None:
    cf = "Both sides agreed to a ceasefire that took effect at midnight."
    assert kinds([_ev("AGREE", "USA", "IRN", cf, quad=1, score=8)]) == ["ceasefire"]
    assert kinds([_ev("AGREE", "USA", "IRN", cf, quad=1, score=8,
                      factuality="proposed")]) == ["proposal"]
    strike = "American aircraft struck the site."
    assert kinds([_ev("ASSAULT", "USA", "IRN", strike, quad=4)]) == ["force_in_use"]
    assert kinds([_ev("ASSAULT", "USA", "IRN", strike, quad=4, hypothetical=True)]) == [
        "threat"]
    assert kinds([_ev("ASSAULT", "USA", "IRN", strike, quad=4, historical=True)]) == [
        "precedent"]
    assert kinds([_ev("ASSAULT", "USA", "IRN", strike, quad=4, factuality="denied")]) == []


def test_kinds_of_acts() -> None:
    assert kinds([_ev("MOBILIZE", "USAMIL", None,
                      "A second aircraft carrier was sent to the region.")]) == ["deployment"]
    (s,) = read_signals([_ev("MOBILIZE", "USAMIL", None,
                             "A second aircraft carrier was sent to the region.")],
                        DATES, CORE, WED)
    assert s.detail == "second carrier"
    assert kinds([_ev("CONSULT", "USA", "IRN", "Envoys met in Muscat.", quad=1,
                      score=1)]) == ["talks_held"]
    assert kinds([_ev("REJECT", "IRN", "USA", "Tehran ruled out further talks.")]) == [
        "talks_refused"]
    assert kinds([_ev("SANCTION", "IRN", "USA", "Iran cancelled the next round of talks.")]) \
        == ["talks_cancelled"]
    assert kinds([_ev("CONSULT", "USA", "IRN", "The talks did not take place.", quad=1,
                      score=1, negated=True)]) == ["talks_cancelled"]
    assert kinds([_ev("SANCTION", "USA", "IRN", "Washington imposed new sanctions.")]) == [
        "sanctions"]
    assert kinds([_ev("SUPPORT", "OMN", "IRN", "Oman offered to host talks.", quad=1,
                      score=3, factuality="proposed")]) == ["mediation"]
    # talks between the parties stay talks when a mediator is named
    assert kinds([_ev("CONSULT", "USA", "IRN", "Envoys held talks mediated by Oman.", quad=1,
                      score=1)]) == ["talks_held"]
    ev = kinds([_ev("REQUEST", "USAGOV", "USA",
                    "The embassy urged citizens to leave the country immediately.")])
    assert "evacuation" in ev


def test_signals_are_corroborated_and_never_look_ahead() -> None:
    strike = "American aircraft struck the site."
    a = _ev("ASSAULT", "USA", "IRN", strike, aid="a1", conf=0.35, quad=4, day=WED)
    b = _ev("ASSAULT", "USA", "IRN", strike, aid="a2", conf=0.35, quad=4, day=WED)
    (s,) = read_signals([a, b], DATES, CORE, WED + dt.timedelta(days=1))
    assert s.sources == 2 and s.weight == pytest.approx(1 - 0.65 ** 2)
    assert s.weight >= ESTABLISHED > 0.35
    # as of the first day the second article does not exist yet
    (s,) = read_signals([a, b], DATES, CORE, WED)
    assert s.sources == 1 and s.weight == pytest.approx(0.35)
    # an article dated later is not read at all
    late = _ev("ASSAULT", "USA", "IRN", strike, aid="a3", quad=4)
    assert read_signals([late], DATES, CORE, WED + dt.timedelta(days=2)) == []


def test_corroboration_counts_near_duplicates_once() -> None:
    strike = "American aircraft struck the site."
    a = _ev("ASSAULT", "USA", "IRN", strike, aid="a1", conf=0.3, quad=4, day=WED)
    b = _ev("ASSAULT", "USA", "IRN", strike, aid="a2", conf=0.3, quad=4, day=WED)
    (c,) = corroborate([a, b], DATES)
    assert c.confidence == pytest.approx(0.51) and c.established
    (c,) = corroborate([a, b], DATES, duplicates={"a2": "a1"})
    assert c.confidence == pytest.approx(0.3) and not c.established
    # different days are different events
    d = b.model_copy(update={"date": WED + dt.timedelta(days=1)})
    assert len(corroborate([a, d], DATES)) == 2


def test_force_inside_one_country_is_marked() -> None:
    # "gunmen killed tourists in Kashmir" (INDREB -> INDCVL) is force inside India; troops of
    # India and Pakistan firing at each other is not
    import datetime as dt

    from accord.situation.signals import INSIDE_ONE_COUNTRY, read_signals
    from accord.types import ActorRef, Event, Evidence

    day = dt.date(2025, 4, 22)

    def ev(aid: str, actor: str, recipient: list[str]) -> Event:
        return Event(type="ASSAULT", actor=[ActorRef(code=actor)],
                     recipient=[ActorRef(code=r) for r in recipient], quad=4, score=-9.0,
                     confidence=0.95, evidence=Evidence(article_id=aid, start=0, end=5,
                                                        sentence="x"))

    later = day + dt.timedelta(days=5)
    sig = read_signals([ev("a", "INDREB", ["INDCVL"]), ev("b", "INDMIL", ["PAKMIL"])],
                       {"a": day, "b": later}, ["IND", "PAK"], later)
    force = {tuple(s.target): s.detail for s in sig if s.kind == "force_in_use"}
    assert force == {(): INSIDE_ONE_COUNTRY, ("PAK",): ""}


def test_fighting_going_on_since_an_earlier_year_is_standing_not_new_force() -> None:
    """"have been fighting separatists since 2014", reported in 2021, is the background of
    the crisis; the same act "since Tuesday" is force in use."""
    from accord.forecast.signal_hazard import _background
    from accord.situation.signals import STANDING, read_signals
    from accord.types import ActorRef, Event, Evidence

    day = dt.date(2021, 4, 20)

    def ev(aid: str, sentence: str) -> Event:
        return Event(type="ASSAULT", actor=[ActorRef(code="UKRMIL")],
                     recipient=[ActorRef(code="RUSMIL")], quad=4, score=-9.0,
                     confidence=0.9, evidence=Evidence(article_id=aid, start=0,
                                                       end=len(sentence), sentence=sentence))

    old = ev("a", "Government forces have been fighting the separatists since 2014.")
    new = ev("b", "Government forces have been fighting the separatists since Tuesday.")
    (s,) = [s for s in read_signals([old], {"a": day}, ["UKR", "RUS"], day)
            if s.kind == "force_in_use"]
    assert s.detail == STANDING and _background(s)
    (s,) = [s for s in read_signals([new], {"b": day}, ["UKR", "RUS"], day)
            if s.kind == "force_in_use"]
    assert s.detail == "" and not _background(s)
    # a decade is a year too: "since the 1990s" (found in 2023 reporting on Karabakh)
    decade = ev("c", "The two armies have been fighting on and off since the 1990s.")
    (s,) = [s for s in read_signals([decade], {"c": day}, ["UKR", "RUS"], day)
            if s.kind == "force_in_use"]
    assert s.detail == STANDING


@pytest.mark.parametrize(("sentence", "evacuation"), [
    # citizens and diplomats told to leave: a warning that force may come
    ("The State Department told American citizens in Iran to leave immediately.", True),
    ("Embassy staff were evacuated from Tehran on Tuesday.", True),
    ("Diplomats' families departed Tehran on Sunday, officials said.", True),
    # not a warning: a noun "leave", a "department", the wounded, corridors in a war
    ("Hundreds of Iranian police personnel returning from leave were on the convoy.", False),
    ("The general staff department of Iran's army said it would fortify the border.", False),
    ("Twelve of the injured Americans required evacuation from the base.", False),
    ("Iran agreed to open corridors for civilians to evacuate the besieged town.", False),
])
def test_evacuation_means_people_told_to_leave(sentence: str, evacuation: bool) -> None:
    ev = _ev("ACCUSE", "USA", "IRN", sentence, quad=2, score=-2.0)
    assert ("evacuation" in kinds([ev])) is evacuation
