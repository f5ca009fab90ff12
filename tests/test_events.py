"""Event coding on the seed article and on small constructed sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.nlp.dates import resolve_date
from accord.nlp.events import quad_of, score_of
from accord.nlp.pipeline import extract_articles, extract_sentences
from accord.types import Article

SEED_DATE = dt.date(2026, 2, 7)


@pytest.fixture(scope="module")
def seed(seed_article):
    text = seed_article.read_text(encoding="utf-8")
    art = Article(id="seed", text=text, date=SEED_DATE)
    return text, next(extract_articles([art]))


def _codes(refs) -> set[str]:
    return {r.code[:3] for r in refs}


def _find(ex, etype, **flags):
    out = [e for e in ex.events if e.type == etype]
    for k, v in flags.items():
        out = [e for e in out if getattr(e, k) == v]
    return out


def _check_evidence(text, ev):
    assert 0 <= ev.evidence.start < ev.evidence.end <= len(text)
    assert ev.evidence.article_id == "seed"
    assert text[ev.evidence.start : ev.evidence.end] in ev.evidence.sentence
    assert ev.coder_version


def test_seed_actors(seed):
    _, ex = seed
    assert {"USA", "ISR", "IRN", "OMN", "TUR"} <= {e.code[:3] for e in ex.entities}


def test_seed_white_house_meeting(seed):
    text, ex = seed
    meets = [e for e in _find(ex, "CONSULT", negated=False)
             if {"USA", "ISR"} <= _codes(e.actor) | _codes(e.recipient)]
    assert meets, ex.events
    ev = meets[0]
    assert ev.date == SEED_DATE
    assert ev.location == "Washington"
    assert ev.quad == 1 and ev.score == score_of("CONSULT")
    _check_evidence(text, ev)


def test_seed_deployment(seed):
    text, ex = seed
    mob = [e for e in _find(ex, "MOBILIZE") if "USA" in _codes(e.actor)]
    assert mob
    assert mob[0].quad == 4 and mob[0].mode in ("troops", "weapons")
    _check_evidence(text, mob[0])


def test_seed_conditional_threat(seed):
    text, ex = seed
    thr = [e for e in _find(ex, "THREATEN", hypothetical=True)
           if "USA" in _codes(e.actor) and "IRN" in _codes(e.recipient)]
    assert thr
    assert thr[0].quad == 3
    _check_evidence(text, thr[0])


def test_seed_past_strike(seed):
    text, ex = seed
    hits = [e for e in _find(ex, "ASSAULT", historical=True)
            if "USA" in _codes(e.actor) and "IRN" in _codes(e.recipient)]
    assert hits
    assert "Midnight Hammer" in hits[0].evidence.sentence
    _check_evidence(text, hits[0])


def test_seed_iran_requests(seed):
    text, ex = seed
    req = [e for e in _find(ex, "REQUEST") if _codes(e.actor) == {"IRN"}]
    assert req
    _check_evidence(text, req[0])


def test_seed_no_definitive_agreement(seed):
    text, ex = seed
    neg = _find(ex, "AGREE", negated=True)
    assert neg
    assert "agreement" in text[neg[0].evidence.start : neg[0].evidence.end]


def test_seed_continued_coordination(seed):
    text, ex = seed
    agree = [e for e in ex.events if e.type in ("AGREE", "CONSULT", "COOPERATE")
             and not e.negated and {"USA", "ISR"} <= _codes(e.actor)]
    assert agree
    assert any("coordination" in e.evidence.sentence for e in agree)


def test_seed_statements_without_action_yield_no_event(seed):
    _, ex = seed
    # sentences whose only verbs report speech or attitude carry no PLOVER event
    coded = {e.evidence.sentence for e in ex.events}
    quoted_only = [q.evidence.sentence for q in ex.quotes if q.kind == "term"]
    assert len(coded) < len(list(filter(None, (s.strip() for s in ex.article.text.split(".")))))
    assert quoted_only


@pytest.mark.parametrize("line,etype,flag", [
    ("Iran and Oman did not meet on Tuesday.", "CONSULT", "negated"),
    ("The United States will meet Iranian negotiators in Muscat next week.", "AGREE", "future"),
    ("Russia threatened to cut off gas supplies to Ukraine.", "THREATEN", None),
    ("Israeli jets bombed Hamas positions in Gaza.", "ASSAULT", None),
    ("France condemned the Iranian missile test.", "ACCUSE", None),
    ("Egypt rejected the Israeli proposal.", "REJECT", None),
    ("Washington imposed sanctions on Venezuela.", "SANCTION", None),
    ("Turkish police arrested twelve Kurdish activists.", "COERCE", None),
    ("Japan provided humanitarian aid to the Philippines.", "AID", None),
    ("Britain praised Kenya for the peace deal.", "SUPPORT", None),
])
def test_sentence_types(line, etype, flag):
    evs = extract_sentences([line], date=SEED_DATE)[0]
    assert evs, line
    assert evs[0].type == etype
    assert evs[0].quad == quad_of(etype)
    if flag:
        assert getattr(evs[0], flag)


def test_passive_agent_and_recipient():
    evs = extract_sentences(["Iraqi civilians were attacked by Syrian troops."])[0]
    assert evs and evs[0].type == "ASSAULT"
    assert _codes(evs[0].actor) == {"SYR"}
    assert _codes(evs[0].recipient) == {"IRQ"}


def test_plain_statement_has_no_event():
    assert extract_sentences(["The Iranian foreign minister said the weather was cold."]) == [[]]


@pytest.mark.parametrize("expr,expected", [
    ("on Friday", dt.date(2026, 2, 6)),
    ("yesterday", dt.date(2026, 2, 6)),
    ("last June", dt.date(2025, 6, 1)),
    ("on February 7, 2026", dt.date(2026, 2, 7)),
    ("next Tuesday", dt.date(2026, 2, 10)),
    ("two weeks ago", dt.date(2026, 1, 24)),
])
def test_dates(expr, expected):
    assert resolve_date(expr, SEED_DATE) == expected


def test_date_without_anchor():
    assert resolve_date("on Friday", None) is None
    assert resolve_date("March 3, 2020", None) == dt.date(2020, 3, 3)


# ---------------------------------------------------------------- rules for unseen news
def _article_events(text: str, date: dt.date = SEED_DATE):
    return next(extract_articles([Article(id="t", text=text, date=date)])).events


def test_headline_and_dateline_are_separate_sentences():
    from accord.nlp.pipeline import get_pipeline

    text = ("Ministers meet as border tension rises\n\n"
            "ATHENS, June 3, 2026 - Greece and Turkey held talks in Athens on Wednesday.")
    sents = [s.text.strip() for s in get_pipeline()(text).sents]
    assert sents[0] == "Ministers meet as border tension rises"
    assert sents[-1].startswith("Greece and Turkey held talks")
    evs = [e for e in _article_events(text) if e.type == "CONSULT"]
    assert evs and {"GRC", "TUR"} <= _codes(evs[-1].actor) | _codes(evs[-1].recipient)
    assert "ATHENS" not in evs[-1].evidence.sentence


def test_hard_wrapped_lines_stay_one_sentence():
    from accord.nlp.pipeline import get_pipeline

    text = ("The delegations from Armenia and Azerbaijan met for the second time in\n"
            "a week and agreed to keep talking about the border.")
    assert len(list(get_pipeline()(text).sents)) == 1


@pytest.mark.parametrize("line", [
    "The talks between Serbia and Kosovo ended without a breakthrough.",
    "The negotiations with Venezuela collapsed on Monday.",
])
def test_talks_ending_is_no_sanction(line):
    assert not [e for e in extract_sentences([line], date=SEED_DATE)[0]
                if e.type == "SANCTION"]


def test_ending_relations_is_a_sanction():
    evs = extract_sentences(["Egypt ended diplomatic relations with Qatar."], date=SEED_DATE)[0]
    assert evs and evs[0].type == "SANCTION"
    assert _codes(evs[0].actor) == {"EGY"} and _codes(evs[0].recipient) == {"QAT"}


@pytest.mark.parametrize("line", [
    "Whether Iran accepts the offer remained unclear.",
    "It is not known whether Russia will attack Moldova.",
])
def test_open_questions_are_hypothetical(line):
    evs = extract_sentences([line], date=SEED_DATE)[0]
    assert all(e.hypothetical for e in evs)


@pytest.mark.parametrize("line", [
    # a relative clause under a referring verb's object
    "The minister pointed to the raid that hit Syria after it last refused to negotiate.",
    # a date clearly before the article
    "Israel struck Iranian air defences in October 2024.",
    # past perfect in a main clause
    "Iran had seized a British tanker.",
])
def test_background_events_are_historical(line):
    evs = [e for e in extract_sentences([line], date=SEED_DATE)[0]
           if e.type in ("ASSAULT", "COERCE")]
    assert evs and all(e.historical for e in evs)


def test_reported_past_perfect_and_recent_dates_are_not_historical():
    evs = _article_events("Macron said on Saturday that he had urged Russia to withdraw.")
    req = [e for e in evs if e.type == "REQUEST"]
    assert req and not req[0].historical
    evs = extract_sentences(["China attacked Taiwan's navy three days ago."], date=SEED_DATE)[0]
    assert evs and not evs[0].historical


def test_plural_pronoun_takes_the_coordinated_subject_not_a_place():
    evs = _article_events("The prime ministers of Japan and Australia met in Tokyo and "
                          "discussed the Philippines. They agreed to expand naval cooperation.")
    agree = [e for e in evs if e.type == "AGREE"]
    assert agree and _codes(agree[0].actor) == {"JPN", "AUS"}
    cons = [e for e in evs if e.type == "CONSULT" and "discussed" in e.evidence.sentence]
    assert cons and "PHL" not in _codes(cons[0].recipient) | _codes(cons[0].actor)


def test_single_country_drills_mobilize_and_joint_drills_cooperate():
    one = extract_sentences(["Russia staged military exercises near Finland."],
                            date=SEED_DATE)[0]
    assert one and one[0].type == "MOBILIZE"
    two = extract_sentences(["India and France held joint naval exercises."],
                            date=SEED_DATE)[0]
    assert two and two[0].type == "COOPERATE"


def test_object_control_gives_the_nested_actor() -> None:
    """"accused X of attacking": X attacks; "urged X to return": X is asked, not the asker."""
    from accord.nlp.pipeline import extract_sentences

    accuse, blame = extract_sentences([
        "Iran accused Israel of attacking its embassy in Damascus.",
        "Washington blamed Tehran for attacking tankers in the Gulf.",
    ])
    for events, accuser, accused in ((accuse, "IRN", "ISR"), (blame, "USA", "IRN")):
        acc = next(e for e in events if e.type == "ACCUSE")
        assert acc.actor[0].code.startswith(accuser)
        assert acc.recipient[0].code.startswith(accused)
        assault = next(e for e in events if e.type == "ASSAULT")
        assert [a.code[:3] for a in assault.actor] == [accused]


# --- review fixes: venues, alleged acts, self-recipients, origins, circumstances, dates
def _line(text: str):
    return extract_sentences([text], date=SEED_DATE)[0]


@pytest.mark.parametrize("line,etype,place", [
    ("Arab League ministers met in Cairo on Tuesday.", "CONSULT", "Cairo"),
    ("Japan and India signed a trade agreement in Delhi.", None, "Delhi"),
])
def test_meeting_place_is_location_not_recipient(line, etype, place):
    evs = _line(line)
    assert evs
    ev = evs[0]
    if etype:
        assert ev.type == etype
    assert ev.recipient == []
    assert ev.location == place


def test_host_of_a_visit_is_recipient():
    ev = _line("The Qatari emir arrived in Tehran on Sunday.")[0]
    assert ev.type == "CONSULT" and _codes(ev.recipient) == {"IRN"}
    assert ev.location == "Tehran"


def test_alleged_act_is_hypothetical_with_the_accused_as_actor():
    evs = _line("Ukraine accused Belarus of supporting the invasion.")
    assert evs[0].type == "ACCUSE" and _codes(evs[0].recipient) == {"BLR"}
    alleged = [e for e in evs[1:] if _codes(e.actor) == {"BLR"}]
    assert alleged and all(e.hypothetical for e in alleged)
    assert not any(e.type == "THREATEN" for e in evs)  # an alleged act keeps its type


def test_actor_is_never_its_own_recipient():
    ev = _line("Sudanese and Egyptian diplomats held talks in Khartoum on the Sudanese border.")[0]
    assert ev.type == "CONSULT" and {"SDN", "EGY"} <= _codes(ev.actor)
    assert not _codes(ev.recipient) & _codes(ev.actor)


def test_origin_of_a_change_is_not_the_addressee():
    ev = _line("Venezuela requested a change of venue from Mexico.")[0]
    assert ev.type == "REQUEST" and _codes(ev.actor) == {"VEN"}
    assert "MEX" not in _codes(ev.recipient)


def test_negated_circumstance_is_no_event():
    evs = _line("Serbia was punished for not cooperating with the tribunal.")
    assert not [e for e in evs if e.negated]


def test_seed_review_sentences(seed):
    _, ex = seed
    assert not [e for e in ex.events if e.type == "CONSULT" and e.negated and e.historical]
    req = [e for e in ex.events if e.type == "REQUEST" and _codes(e.actor) == {"IRN"}]
    assert req and all("TUR" not in _codes(e.recipient) for e in req)


@pytest.mark.parametrize("line", [
    "In 2019, Turkey invaded northern Syria.",
    "Last March, Chile recalled its ambassador from Peru.",
])
def test_no_invented_day_for_year_or_month(line):
    ev = _line(line)[0]
    assert ev.date is None and ev.historical


def test_day_precise_date_is_kept():
    ev = _line("Chile recalled its ambassador from Peru on Friday.")[0]
    assert ev.date == dt.date(2026, 2, 6) and not ev.historical
