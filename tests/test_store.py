"""Store behaviour on SQLite and PostgreSQL: migrations, one-row-per-content, extractions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from accord.errors import StoreError
from accord.store import Store
from accord.types import (
    ActorRef,
    Article,
    Claim,
    Entity,
    Event,
    Evidence,
    Extraction,
    Forecast,
    Question,
    Quote,
)


def _event(aid: str, kind: str, actor: str, recipient: str, start: int) -> Event:
    return Event(
        type=kind, quad=1 if kind == "CONSULT" else 4, score=1.0 if kind == "CONSULT" else -8.0,
        actor=[ActorRef(code=actor)], recipient=[ActorRef(code=recipient)],
        evidence=Evidence(article_id=aid, start=start, end=start + 10, sentence="s"),
    )


def test_migrate_and_dedup(db_url: str) -> None:
    st = Store(db_url)
    # migrated to the newest revision of the chain shipped in store/migrations/versions
    versions = Path(__file__).resolve().parents[1] / "src/accord/store/migrations/versions"
    newest = max(p.name.split("_")[0] for p in versions.glob("0*.py"))
    assert st.revision() == newest
    a = Article(text="Talks resumed in Muscat on Friday.", date=dt.date(2026, 2, 6))
    assert st.add_article(a) == ("stored", a.id)
    # the same content with different whitespace is the same article
    b = Article(text="Talks  resumed in Muscat\non Friday.", title="other title")
    assert st.add_article(b) == ("duplicate", a.id)
    assert st.article_count() == 1
    # reopening does not re-run or break migrations
    assert Store(db_url).article_count() == 1


def test_extraction_roundtrip_and_as_of_filter(db_url: str) -> None:
    st = Store(db_url)
    early = Article(text="First report.", date=dt.date(2026, 2, 1))
    late = Article(text="Second report.", date=dt.date(2026, 2, 9))
    for art in (early, late):
        st.add_article(art)
    ex1 = Extraction(
        article=early,
        entities=[Entity(code="USAGOV", name="United States", text="Washington")],
        events=[_event(early.id, "CONSULT", "USAGOV", "ISRGOV", 0)],
        quotes=[Quote(content="we want a deal", speaker=ActorRef(code="USAGOV"),
                      evidence=Evidence(article_id=early.id, start=0, end=5))],
        claims=[Claim(actor=ActorRef(code="IRN"), issue="scope", stance="nuclear only",
                      evidence=Evidence(article_id=early.id, start=0, end=5))],
    )
    ex2 = Extraction(article=late, events=[_event(late.id, "ASSAULT", "USAMIL", "IRN", 3)])
    st.save_extraction(ex1)
    st.save_extraction(ex2)
    st.save_extraction(ex1)  # re-extraction replaces, never duplicates
    assert st.event_count() == 2
    assert [e.type for e in st.events(until=dt.date(2026, 2, 5))] == ["CONSULT"]
    assert [e.type for e in st.events(actors=["IRN"])] == ["ASSAULT"]
    assert len(st.events(actors=["USA"])) == 2
    assert st.claims(actors=["IRN"])[0].stance == "nuclear only"
    assert st.quotes()[0].content == "we want a deal"
    assert st.articles(unextracted=True) == []


def test_extraction_needs_stored_article(db_url: str) -> None:
    st = Store(db_url)
    ghost = Article(text="never stored")
    with pytest.raises(StoreError):
        st.save_extraction(Extraction(article=ghost, events=[_event(ghost.id, "CONSULT", "USA", "IRN", 0)]))
    assert st.event_count() == 0


def test_questions_and_forecasts(db_url: str) -> None:
    st = Store(db_url)
    st.save_question(Question(id="iran-deal", text="Deal by June?",
                              resolution_date=dt.date(2026, 6, 30)))
    f = Forecast(question="iran-deal", as_of=dt.date(2026, 2, 7), horizon_days=30,
                 outcomes={"deal": 0.2, "talks_continue": 0.5, "collapse": 0.2, "strike": 0.1},
                 inputs_hash="abc")
    st.save_forecast(f)
    st.resolve_question("iran-deal", "talks_continue")
    assert st.question("iran-deal").resolved == "talks_continue"
    assert st.forecasts("iran-deal")[0].outcomes == f.outcomes


def test_bad_urls() -> None:
    with pytest.raises(StoreError, match="unsupported"):
        Store("mysql2://nobody@nowhere/x")
    with pytest.raises(StoreError, match="cannot connect"):
        Store("postgresql://postgres@127.0.0.1:1/none")


def test_near_duplicate_copies_do_not_count_twice(db_url: str) -> None:
    st = Store(db_url)
    first = Article(text="Oman hosted talks between Iran and the United States on Friday.",
                    date=dt.date(2026, 2, 6))
    copy = Article(text="Oman hosted talks between Iran and the United States on Friday, "
                        "officials said.", date=dt.date(2026, 2, 6))
    st.add_article(first)
    assert st.add_article(copy, duplicate_of=first.id, similarity=0.9)[0] == "near_duplicate"
    for art in (first, copy):
        st.save_extraction(Extraction(
            article=art, events=[_event(art.id, "CONSULT", "IRN", "USA", 0)],
            claims=[Claim(actor=ActorRef(code="IRN"), issue="scope", stance="nuclear only",
                          evidence=Evidence(article_id=art.id, start=0, end=5))]))
    assert len(st.events()) == 1 and len(st.claims()) == 1
    assert len(st.events(include_duplicates=True)) == 2
    assert st.event_count() == 2  # both stored; nothing is dropped
