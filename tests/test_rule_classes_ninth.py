"""Rule classes added in the ninth stop of December 2026 (issues 18 and 19).

Every sentence here was written for this test (none from news text or the evaluation files);
the expected reading was written down before the coder ran on it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from _coding import article_events, codes, of_type

DAY = dt.date(2021, 3, 10)


# ================================= a state's own people told to leave a country: an evacuation
@pytest.mark.parametrize(("text", "actor", "left"), [
    ("Britain told its citizens to leave Sudan immediately.", "GBR", "SDN"),
    ("France advised its citizens to leave Iran as soon as possible.", "FRA", "IRN"),
    ("The US embassy instructed Americans to depart Ukraine.", "USA", "UKR"),
    ("Washington told US citizens in Iraq to leave immediately.", "USA", "IRQ"),
])
def test_an_evacuation_order_is_about_the_country_left(text: str, actor: str,
                                                       left: str) -> None:
    evs = of_type(article_events(text, DAY), "REQUEST")
    assert evs, text
    assert codes(evs[0].actor) == {actor} and codes(evs[0].recipient) == {left}, \
        [(codes(e.actor), codes(e.recipient)) for e in evs]


def test_an_evacuation_order_is_an_evacuation_signal_for_the_country_left() -> None:
    from accord.situation.signals import read_signals

    evs = article_events("Britain told its citizens to leave Sudan immediately.", DAY)
    sig = read_signals(evs, {e.evidence.article_id: DAY for e in evs}, ["SDN", "SSD"], DAY)
    assert [s for s in sig if s.kind == "evacuation"], [(s.kind, s.actor, s.target) for s in sig]


def test_an_envoy_told_to_leave_is_still_an_expulsion() -> None:
    evs = article_events("Russia told the British ambassador to leave the country.", DAY)
    exp = of_type(evs, "SANCTION")
    assert exp and exp[0].mode == "expel" and codes(exp[0].recipient) == {"GBR"}
    assert not of_type(evs, "REQUEST")


# ========================================================= the day of an act: overnight, story day
def test_overnight_is_the_article_day_even_when_untagged() -> None:
    day = dt.date(2019, 10, 17)
    evs = article_events("Washington imposed sanctions on Ankara two days ago. The rebels "
                         "released 20 hostages overnight.", day)
    rel = of_type(evs, "RETREAT")
    assert rel and rel[0].date == day, [(e.type, e.date) for e in evs]
    assert of_type(evs, "SANCTION")[0].date == dt.date(2019, 10, 15)


def test_a_story_day_does_not_pass_to_another_country() -> None:
    day = dt.date(2019, 10, 17)
    evs = article_events("Iraqi security forces fired tear gas at protesters in Baghdad on "
                         "Friday. Police used tear gas and water cannon to disperse thousands "
                         "of demonstrators in Khartoum.", day)
    by_country = {next(iter(codes(e.actor))): e.date for e in evs if e.actor}
    assert by_country.get("IRQ") == dt.date(2019, 10, 11), by_country
    assert by_country.get("SDN") == day, by_country


def test_a_story_day_still_passes_within_the_story() -> None:
    day = dt.date(2019, 10, 17)
    evs = article_events("Iraqi security forces fired tear gas at protesters in Baghdad on "
                         "Friday. Authorities in Iraq imposed a curfew on the capital.", day)
    assert {e.date for e in evs} == {dt.date(2019, 10, 11)}, [(e.type, e.date) for e in evs]


# ================================================== idioms and constructions of the training sets
@pytest.mark.parametrize(("text", "etype", "actor", "recipient"), [
    ("Ukraine's foreign minister lashed out at Hungary over the veto.", "ACCUSE", "UKR", "HUN"),
    ("Algeria pointed the finger at Morocco for the wildfires.", "ACCUSE", "DZA", "MAR"),
    ("Erdogan hit out at Greece on Tuesday over the migrant pushbacks.", "ACCUSE", "TUR",
     "GRC"),
    ("The European Union suspended budget support to Niger after the coup.", "SANCTION",
     "IGO", "NER"),
    ("The U.S. placed economic sanctions on 13 Venezuelan officials.", "SANCTION", "USA",
     "VEN"),
    ("Norway placed travel bans on twenty Russian officials.", "SANCTION", "NOR", "RUS"),
    ("Pakistan placed its air force on high alert after the Indian strikes.", "MOBILIZE",
     "PAK", None),
])
def test_idioms_name_their_act(text: str, etype: str, actor: str,
                               recipient: str | None) -> None:
    evs = of_type(article_events(text, DAY), etype)
    assert evs, text
    assert codes(evs[0].actor) == {actor}, [(codes(e.actor), codes(e.recipient)) for e in evs]
    if recipient:
        assert recipient in codes(evs[0].recipient)


def test_force_verbs_keep_force_when_not_an_idiom() -> None:
    evs = article_events("Israeli jets hit Hamas targets in Gaza overnight.", DAY)
    assert of_type(evs, "ASSAULT") and not of_type(evs, "ACCUSE")


@pytest.mark.parametrize("text", [
    "Shortly afterwards, Israel announced an end to military operations in Gaza.",
    "Russia declared a halt to its offensive in the north.",
])
def test_an_end_to_hostilities_is_a_ceasefire(text: str) -> None:
    evs = of_type(article_events(text, DAY), "RETREAT")
    assert evs and evs[0].mode == "ceasefire" and evs[0].factuality == "asserted"


def test_an_end_to_something_else_is_no_ceasefire() -> None:
    evs = article_events("Israel announced an end to the school year in the north.", DAY)
    assert not [e for e in of_type(evs, "RETREAT") if e.mode == "ceasefire"]


def test_a_court_putting_someone_on_trial_is_no_mobilisation() -> None:
    evs = article_events("A Peruvian court put the former president on trial in Lima.", DAY)
    assert not of_type(evs, "MOBILIZE")


# ======================================= force on or by militants is not the other state's force
@pytest.mark.parametrize(("text", "armed"), [
    ("The soldiers repulsed the attacks, inflicting heavy casualties on the terrorists.", True),
    ("Gunmen opened fire on a border post overnight.", True),
    ("The soldiers shelled enemy posts across the border.", False),
    ("The army carried out air raids along the frontier.", False),
])
def test_a_sentence_naming_an_armed_group_is_seen(text: str, armed: bool) -> None:
    # the two-party priors (the other party of the article as attacker or target) stand
    # down when the sentence names militants: a new-user trial on a 2023 border crisis had
    # soldiers repelling militants read as fighting between the two states, which made a
    # single skirmish a war
    from accord.nlp._mentions import DocMentions
    from accord.nlp.pipeline import load_pipeline
    from accord.nlp.recipient_fallbacks import armed_group_named

    doc = load_pipeline()(text)
    dm = DocMentions.build(doc)
    assert armed_group_named(next(doc.sents), dm) is armed
