"""Coding a written sentence in tests (the `rules_only` fixture is in conftest.py)."""

from __future__ import annotations

import datetime as dt

from accord.types import Event


def sentence_events(text: str, date: dt.date) -> list[Event]:
    """The events the full pipeline codes in one sentence dated `date`."""
    from accord.nlp.pipeline import extract_sentences

    return extract_sentences([text], date)[0]
