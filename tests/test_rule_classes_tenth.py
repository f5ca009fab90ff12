"""Rule classes of the tenth stop (docs/rule-changes.md, "Tenth stop"), on sentences written
here: agreements ended, envoys called back, states suspended from a bloc, aircraft taken
down, attacks claimed by their doers, acts still to be done, and sanctions adopted."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.nlp.pipeline import extract_sentences
from accord.types import Event

DAY = dt.date(2022, 3, 9)


def _events(text: str) -> list[Event]:
    return extract_sentences([text], DAY)[0]


def _codes(refs) -> set[str]:  # noqa: ANN001
    return {r.code[:3] for r in refs}


def _one(text: str, etype: str) -> Event:
    evs = [e for e in _events(text) if e.type == etype]
    assert evs, f"no {etype} in {text!r}: {[(e.type, e.factuality) for e in _events(text)]}"
    return evs[0]


@pytest.mark.parametrize("text, actor, partner", [
    ("Seoul on Wednesday scrapped its military information pact with Tokyo.", "KOR", "JPN"),
    ("Moscow suspended the air-safety memorandum with Washington after the strikes.",
     "RUS", "USA"),
    ("Russia scrapped the arms control treaty with the United States on Monday.",
     "RUS", "USA"),
    ("The United States withdrew from the nuclear accord with Iran.", "USA", "IRN"),
    ("Ankara tore up the migration deal with the European Union.", "TUR", "IGO"),
])
def test_an_agreement_ended_is_a_sanction_on_its_other_party(text: str, actor: str,
                                                             partner: str) -> None:
    ev = _one(text, "SANCTION")
    assert actor in _codes(ev.actor)
    assert _codes(ev.recipient) == {partner}
    assert not [e for e in _events(text) if e.type in ("AGREE", "SUPPORT") and e.asserted]


def test_an_envoy_called_back_and_a_state_suspended_from_a_bloc() -> None:
    ev = _one("Islamabad called back its ambassador from New Delhi on Tuesday.", "SANCTION")
    assert "PAK" in _codes(ev.actor) and ev.asserted
    ev = _one("The African Union suspended Guinea from all its activities.", "SANCTION")
    assert _codes(ev.recipient) == {"GIN"} and ev.asserted


def test_expelled_officials_are_diplomats() -> None:
    ev = _one("Ottawa is expelling two Indian intelligence officials.", "SANCTION")
    assert "CAN" in _codes(ev.actor) and _codes(ev.recipient) == {"IND"}


def test_an_aircraft_taken_down_is_force() -> None:
    ev = _one("American jets took down the Chinese surveillance balloon over the Atlantic.",
              "ASSAULT")
    assert "USA" in _codes(ev.actor) and "CHN" in _codes(ev.recipient) and ev.asserted
    assert not [e for e in _events("The army took control of the capital on Sunday.")
                if e.type in ("PROTEST", "AGREE")]


def test_an_attack_claimed_by_its_doer_is_its_act() -> None:
    ev = _one("Al-Shabaab claimed the suicide bombing in Mogadishu.", "ASSAULT")
    assert ev.asserted and "SOM" in _codes(ev.actor)
    # a claim about another's attack stays an allegation
    ev = _one("Moscow claimed the attack was carried out by Kyiv.", "ASSAULT")
    assert not ev.asserted


@pytest.mark.parametrize("text", [
    "The Senate still has to approve the deal with Tehran.",
    "Lawmakers in Ankara need to ratify the accord before it takes effect.",
    "The two presidents are yet to sign the peace accord.",
])
def test_an_act_still_to_be_done_is_not_asserted(text: str) -> None:
    evs = _events(text)  # read as pending (or dropped by the learned layer), never as done
    assert not [e for e in evs if e.asserted], [(e.type, e.factuality) for e in evs]


def test_sanctions_adopted_or_agreed_to_be_drawn_up_are_sanctions() -> None:
    ev = _one("Congress approved a fresh package of sanctions against Moscow.", "SANCTION")
    assert _codes(ev.recipient) == {"RUS"}
    ev = _one("EU leaders agreed to draw up new sanctions against Minsk.", "SANCTION")
    assert _codes(ev.recipient) == {"BLR"}
    assert not [e for e in _events("EU leaders agreed to draw up new sanctions against Minsk.")
                if e.type == "AGREE"]


def test_restraint_is_a_signal_of_its_own() -> None:
    from accord.situation.signals import read_signals

    evs = extract_sentences(
        ["The United States does not seek a war with Iran, the Pentagon said."], DAY)[0]
    evs = [e.model_copy(update={"evidence": e.evidence.model_copy(
        update={"article_id": "a1"})}) for e in evs]
    sigs = read_signals(evs, {"a1": DAY}, ["USA", "IRN"], DAY)
    assert [s.kind for s in sigs] == ["restraint"]
    assert sigs[0].actor == ["USA"]


@pytest.mark.parametrize("text, etype", [
    ("Washington is weighing strikes on Iranian targets after the attack.", None),
    ("The cabinet is mulling sanctions against Pyongyang.", "SANCTION"),
    ("Ankara is contemplating a new offensive against Kurdish fighters in Syria.", None),
    ("Leaders discussed new sanctions against Moscow at the summit.", "SANCTION"),
])
def test_an_option_weighed_is_not_an_act(text: str, etype: str | None) -> None:
    evs = _events(text)
    assert not [e for e in evs if e.asserted and e.type in ("ASSAULT", "SANCTION")], [
        (e.type, e.factuality) for e in evs]


def test_a_sponsored_group_is_not_placed_in_the_reporting_country() -> None:
    ev = _one("The rocket attack was carried out by Iranian-backed militants, the Pentagon "
              "said.", "ASSAULT")
    assert "USA" not in _codes(ev.actor) and "IRN" not in _codes(ev.actor)


def test_resigning_in_protest_and_penalties_put_off() -> None:
    ev = _one("Serb judges and police officers in the north resigned in protest on Saturday.",
              "PROTEST")
    assert ev.asserted
    assert not [e for e in _events("Pristina postponed the fines for another two months.")
                if e.type == "SANCTION"]


def test_an_act_in_a_since_clause_is_past() -> None:
    evs = [e for e in _events("Tensions have grown since Belgrade withdrew its ambassador.")
           if e.type == "SANCTION"]
    assert evs and not evs[0].asserted and evs[0].factuality == "historical"
