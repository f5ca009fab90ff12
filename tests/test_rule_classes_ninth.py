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
