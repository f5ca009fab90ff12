"""Reviewed events as training data, in the formats accord reads: the quad TSV of
`accord train events --quad` / `accord eval quad` (``text<TAB>quad``) and the BIO roles file
of `accord eval roles` (one ``TOKEN TAG`` a line, S actor, T recipient, blank line between
sentences).

A sentence's label is read off its events after the analysts' corrections, the way the
evaluation reads a prediction (`evaluate.sentence_quad`): the most confident non-negated
event's quad, 0 when the analyst rejected them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from accord.types import Entity, Event

_TOKEN = re.compile(r"\w+(?:['’.-]\w+)*|[^\w\s]")


def tokens(sentence: str) -> list[tuple[str, int, int]]:
    """Word and punctuation tokens with their character offsets."""
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").split())


def quad_rows(groups: Iterable[tuple[str, Sequence[Event]]]) -> list[str]:
    """Lines of a quad TSV (header first) for (sentence, corrected events) groups."""
    from accord.nlp.evaluate import sentence_quad

    out = ["text\tquad"]
    for sentence, events in groups:
        text = _clean(sentence)
        if text:
            out.append(f"{text}\t{sentence_quad(list(events))}")
    return out


def _spans(sentence: str, names: Iterable[str]) -> list[tuple[int, int]]:
    found = []
    for name in names:
        name = name.strip()
        if len(name) < 2:
            continue
        for m in re.finditer(re.escape(name), sentence):
            found.append((m.start(), m.end()))
    return found


def bio_lines(sentence: str, event: Event | None, entities: Sequence[Entity] = (),
              offset: int | None = None) -> list[str] | None:
    """One sentence as ``TOKEN TAG`` lines for ``event``'s actor (S) and recipient (T).

    A party is found by its surface text in the sentence, or (an analyst's edit names only
    a code) by the article's entity mentions of that code inside the sentence (``offset``:
    where the sentence starts in the article). None when no party can be placed."""
    if event is None:
        return None
    toks = tokens(sentence)
    tags = ["O"] * len(toks)
    placed = False
    for side, letter in ((event.actor, "S"), (event.recipient, "T")):
        spans = _spans(sentence, [r.text for r in side if r.text])
        if offset is not None:
            codes = {r.code for r in side if not r.text}
            spans += [(e.start - offset, e.end - offset) for e in entities
                      if e.code in codes and e.start is not None and e.end is not None
                      and offset <= e.start and e.end <= offset + len(sentence)]
        for s, e in spans:
            inside = [k for k, (_, a, b) in enumerate(toks) if a >= s and b <= e
                      and tags[k] == "O"]
            for j, k in enumerate(inside):
                tags[k] = ("B-" if j == 0 else "I-") + letter
                placed = True
    if not placed:
        return None
    return [f"{t} {tag}" for (t, _, _), tag in zip(toks, tags, strict=True)]
