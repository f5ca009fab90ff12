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
