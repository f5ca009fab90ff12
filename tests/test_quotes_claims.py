"""Quotes with speakers and claims (stated positions) on the seed article and constructed text."""

from __future__ import annotations

import datetime as dt

import pytest

from accord.nlp.pipeline import extract_articles
from accord.types import Article


@pytest.fixture(scope="module")
def seed(seed_article):
    text = seed_article.read_text(encoding="utf-8")
    return text, next(extract_articles([Article(id="seed", text=text, date=dt.date(2026, 2, 7))]))


def _one(text: str):
    return next(extract_articles([Article(id="t", text=text, date=dt.date(2026, 2, 7))]))


def test_seed_trump_direct_quotes(seed):
    text, ex = seed
    statements = [q for q in ex.quotes if q.kind == "statement"]
    assert len(statements) == 2
    for q in statements:
        assert q.speaker is not None and q.speaker.code.startswith("USA")
        assert q.cue
        # the evidence span is the quotation itself, marks included
        inner = text[q.evidence.start : q.evidence.end]
        assert q.content.rstrip(",") in inner
        assert inner[0] in "“\"" and inner[-1] in "”\""
    # one is attributed in the same sentence with a pronoun ("He ..."), one after the quote
    assert {q.cue for q in statements} == {"stated", "remarked"}


def test_seed_quoted_terms(seed):
    _, ex = seed
    terms = {q.content: q for q in ex.quotes if q.kind == "term"}
    assert "armada" in terms
    assert terms["armada"].speaker is not None
    assert terms["armada"].speaker.code.startswith("USA")


def test_seed_claims(seed):
    text, ex = seed
    by_actor = {}
    for c in ex.claims:
        by_actor.setdefault(c.actor.code[:3], []).append(c)
        assert 0 <= c.evidence.start < c.evidence.end <= len(text)
        assert c.stance in text
    issues_irn = {c.issue for c in by_actor.get("IRN", [])}
    assert "scope of talks" in issues_irn
    assert "venue of talks" in issues_irn
    issues_usa = {c.issue for c in by_actor.get("USA", [])}
    assert "scope of talks" in issues_usa
    assert any(c.issue == "security" for c in by_actor.get("ISR", []))


def test_split_quote_is_one_statement():
    ex = _one("Russian President Vladimir Putin spoke to reporters in Moscow. "
              "“We are ready to talk,” he said, “but not under pressure from Washington.”")
    st = [q for q in ex.quotes if q.kind == "statement"]
    assert len(st) == 1
    assert "ready to talk" in st[0].content and "under pressure" in st[0].content
    assert st[0].speaker is not None and st[0].speaker.code.startswith("RUS")


def test_straight_quotes_and_next_sentence_attribution():
    ex = _one('German Chancellor Olaf Scholz arrived in Paris. "The alliance stands united '
              'against any aggression." Scholz said that after the talks.')
    st = [q for q in ex.quotes if q.kind == "statement"]
    assert len(st) == 1
    assert st[0].speaker is not None and st[0].speaker.code.startswith("DEU")


def test_claim_from_position_verb():
    ex = _one("Iran sought to limit the talks to its nuclear programme.")
    assert ex.claims
    c = ex.claims[0]
    assert c.actor.code.startswith("IRN")
    assert c.issue == "scope of talks"
    assert "nuclear programme" in c.stance


def test_no_claim_without_actor():
    ex = _one("It is hoped that the talks will cover more ground.")
    assert ex.claims == []


def test_role_noun_speaker_is_the_titled_mention_not_the_nearest():
    ex = _one("Egypt's foreign minister met Sudanese officials. "
              "\"We want calm on the border,\" the minister said.")
    q = [q for q in ex.quotes if q.kind == "statement"]
    assert q and q[0].speaker is not None and q[0].speaker.code.startswith("EGY")


def test_claims_need_a_table_issue_and_content():
    from accord.nlp.claims import issue_table

    issues = {r["issue"] for r in issue_table()["issues"]}
    ex = _one("Trump said he would prefer that outcome. He could not say whether one would "
              "come. Brazil said it would keep the matter under review.")
    for c in ex.claims:
        assert c.issue in issues, c
    assert not [c for c in ex.claims if c.stance in ("that outcome", "one would come")]


def test_no_claim_for_an_alleged_act_or_a_place():
    ex = _one("India accused Nepal of supporting the smugglers.")
    assert not [c for c in ex.claims if c.actor.code.startswith("NPL")]
    ex = _one("The two leaders also discussed Gaza. They agreed that their governments would "
              "keep coordinating on security.")
    assert not [c for c in ex.claims if c.actor.code.startswith("PSE")]


def test_briefing_claims_are_usable():
    from pathlib import Path

    from accord.nlp.claims import issue_table

    path = Path(__file__).parents[1] / "examples" / "us-iran-2026" / "briefing.txt"  # in the repo
    ex = next(extract_articles([Article(id="b", text=path.read_text(encoding="utf-8"),
                                        date=dt.date(2026, 2, 7))]))
    issues = {r["issue"] for r in issue_table()["issues"]}
    assert ex.claims
    assert all(c.issue in issues for c in ex.claims)
    assert all(len(c.stance.split()) >= 3 for c in ex.claims)


def test_he_said_is_not_a_person_named_inside_the_quote():
    x = _one('Canada\'s Prime Minister Justin Trudeau spoke on Wednesday. "The verdict for '
             'Mr. Kovrig comes after years of arbitrary detention," he said.')
    q = [q for q in x.quotes if q.kind == "statement"]
    assert q and q[0].speaker is not None and "Trudeau" in (q[0].speaker.text or "")


def test_scare_quotes_in_reported_speech_are_the_reporters():
    x = _one('Canadian Prime Minister Justin Trudeau said a Chinese court\'s sentence was '
             '"absolutely unacceptable".')
    q = [q for q in x.quotes if q.kind == "term"]
    assert q and q[0].speaker is not None and q[0].speaker.code.startswith("CAN")
