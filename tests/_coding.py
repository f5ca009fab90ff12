"""Coding a written sentence in tests (the `rules_only` fixture is in conftest.py)."""

from __future__ import annotations

import datetime as dt

from accord.types import Article, Event


def sentence_events(text: str, date: dt.date) -> list[Event]:
    """The events the full pipeline codes in one sentence dated `date`."""
    from accord.nlp.pipeline import extract_sentences

    return extract_sentences([text], date)[0]


def article_events(text: str, date: dt.date) -> list[Event]:
    """The events the full pipeline codes in one article dated `date` (document context:
    the article's parties, its own country, the story's day)."""
    from accord.nlp.pipeline import extract_one

    ex, why = extract_one(Article(text=text, date=date))
    assert ex is not None, why
    return ex.events


def codes(refs: list) -> set[str]:
    """The countries of actor or recipient references (the first three letters)."""
    return {r.code[:3] for r in refs}


def of_type(evs: list[Event], etype: str) -> list[Event]:
    return [e for e in evs if e.type == etype]
