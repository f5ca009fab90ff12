"""Recipients the parse rules alone missed: unlisted parties, an event noun's own parties,
second mentions, and the learned recipient ranker.

The readings were written down before the coder was run on these sentences (our own words,
modelled on the misread classes of issue 8's roles work).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from accord.nlp.pipeline import extract_sentences
from accord.types import Event

ROLES = Path(__file__).resolve().parents[2] / "shared/data/events_train/conflibert_cameo_roles_train.txt"


def _events(text: str) -> list[Event]:
    return extract_sentences([text])[0]


def _asserted(evs: list[Event], etype: str) -> list[Event]:
    return [e for e in evs if e.type == etype and e.asserted]


def test_unlisted_victims_are_the_recipient() -> None:
    # expected: COERCE (arrest) by Turkish police, recipient "journalists" (no table lists them)
    evs = _events("Turkish police detained dozens of journalists in Ankara on Monday.")
    ev = next(e for e in evs if e.type == "COERCE")
    assert ev.actor and ev.actor[0].code.startswith("TUR")
    assert any("journalists" in r.text for r in ev.recipient), ev.recipient


def test_unlisted_civilians_get_a_sector_and_never_a_core_country() -> None:
    # expected: AID by Japan to households of its own (a domestic act: JPNCVL, not the bare
    # state); with two countries in the sentence nobody knows whose victims they are: ---CVL
    ev = next(e for e in _events("Japan provided emergency food to 4,000 households after "
                                 "the floods.") if e.type == "AID")
    assert [a.code for a in ev.actor] == ["JPN"]
    assert [r.code for r in ev.recipient if "households" in r.text] == ["JPNCVL"]
    ev = next(e for e in _events("Japan and South Korea delivered medicine to the flood "
                                 "victims.") if e.type == "AID")
    assert {a.code[:3] for a in ev.actor} == {"JPN", "KOR"}
    assert [r.code for r in ev.recipient if "victims" in r.text] == ["---CVL"]


def test_no_place_recipient_for_an_agreement() -> None:
    # expected: AGREE by Kim; a test site is not a party to agree with
    evs = _events("Kim Jong Un agreed to dismantle a missile engine test site.")
    ev = next(e for e in evs if e.type == "AGREE")
    assert all("site" not in r.text for r in ev.recipient), ev.recipient


def test_an_event_noun_names_its_own_attacker() -> None:
    # expected: ASSAULT by the Houthis (YEMREB), asserted: "after an attack by" presupposes it
    evs = _events("The cargo ship sank on Sunday after an attack by Houthi rebels.")
    ev = _asserted(evs, "ASSAULT")
    assert ev and ev[0].actor[0].code.startswith("YEM")


def test_the_by_phrase_beats_the_clause_subject() -> None:
    # expected: ACCUSE by Iran with Israel as the recipient, and no ASSAULT by Iran
    evs = _events("Iran condemned the attack by Israel on its consulate.")
    acc = next(e for e in evs if e.type == "ACCUSE")
    assert acc.actor[0].code.startswith("IRN") and acc.recipient[0].code.startswith("ISR")
    assert not [e for e in evs if e.type == "ASSAULT" and e.actor
                and e.actor[0].code.startswith("IRN")]


def test_a_warned_attack_is_not_an_attack() -> None:
    # expected: no asserted ASSAULT (a warning names a possible attack)
    evs = _events("Lebanon warned of an attack by Israel on its southern villages.")
    assert not _asserted(evs, "ASSAULT")


def test_between_phrase_names_the_parties_of_a_failed_agreement() -> None:
    # expected: AGREE, negated, with both countries as its parties
    evs = _events("No agreement has been reached between Sudan and Egypt on the water rules.")
    ev = next(e for e in evs if e.type == "AGREE")
    assert ev.factuality == "negated"
    assert {a.code[:3] for a in ev.actor} == {"SDN", "EGY"}


def test_family_name_first_second_mention() -> None:
    # expected: the second sentence's AGREE is North Korea's ("Kim" = Kim Jong Un), written
    # with a typographic apostrophe in the country's formal name
    text = ("The Democratic People’s Republic of Korea leader Kim Jong Un met the US envoy. "
            "Kim agreed to return the remains of American soldiers.")
    evs = extract_sentences([text])[0]
    ag = next(e for e in evs if e.type == "AGREE")
    assert ag.actor[0].code.startswith("PRK"), ag.actor


@pytest.mark.skipif(not ROLES.exists() and os.environ.get("CI") != "true",
                    reason="needs ../shared/data/events_train")
def test_ranker_trains_saves_and_loads(tmp_path: Path) -> None:
    from accord.nlp import recipients
    from accord.nlp.evaluate_roles import read_roles
    from accord.nlp.recipients_train import collect, train_file

    model, res = train_file(ROLES, tmp_path / "r.npz")
    back = recipients.RecipientModel.load(tmp_path / "r.npz")
    assert 0.2 <= back.threshold <= 0.8 and res["positives"] > 100
    feats = [["bias", "kind=party", "prep=against"], ["bias", "kind=place", "prep=in"]]
    assert np.allclose(model.proba(feats), back.proba(feats), atol=1e-5)
    # fitted, it ranks a gold candidate first more often than taking the first candidate does
    rows = collect([s.text for s in read_roles(ROLES)[:300]])
    gold = recipients.gold_spans(read_roles(ROLES)[:300])
    ys = recipients._labels(rows, gold)
    pairs = [(r, y) for r, y in zip(rows, ys, strict=True) if y.any()]
    top = sum(bool(y[int(np.argmax(back.proba(r["feats"])))]) for r, y in pairs)
    first = sum(bool(y[0]) for _, y in pairs)
    assert top > first


# Readings from a new-user trial on a crisis we had not tuned on (Thailand and Cambodia, July
# 2025, restated in our own words); the expected readings were written down first.
def test_a_host_is_not_a_party_to_the_agreement_it_hosts() -> None:
    # expected: AGREE, joint act of THA and KHM, with no recipient (Malaysia hosted the talks)
    evs = _events("Thailand and Cambodia agreed on Monday to an immediate ceasefire after talks "
                  "hosted by Malaysia.")
    ev = next(e for e in evs if e.type == "AGREE")
    assert {a.code[:3] for a in ev.actor} == {"THA", "KHM"} and not ev.recipient


def test_a_dateline_does_not_cut_off_the_first_party() -> None:
    # expected: both countries are the actors, the dateline is not part of the sentence
    text = ("PUTRAJAYA, July 29, 2025 - Thailand and Cambodia agreed on Monday to a ceasefire "
            "after talks hosted by Malaysia.")
    ev = next(e for e in extract_sentences([text])[0] if e.type == "AGREE")
    assert {a.code[:3] for a in ev.actor} == {"THA", "KHM"}


def test_a_claim_the_other_side_denies_is_alleged() -> None:
    # expected: the attack is one side's claim (alleged). Issue 18 changed the second half:
    # the same report without the denial, told by the side that was hit, is also alleged
    # (the victim's word, not the narrator's); it was asserted before
    evs = _events("The Thai army said on Tuesday that Cambodian troops had fired on Thai "
                  "positions overnight, which Cambodia denied.")
    assert [e.factuality for e in evs if e.type == "ASSAULT"] == ["alleged"]
    evs = _events("Cambodian troops fired on Thai positions overnight, the Thai army said.")
    assert [e.factuality for e in evs if e.type == "ASSAULT"] == ["alleged"]
