"""BIO roles files (the ConfliBERT roles format): reading them, and the content words both
the roles evaluation (accord.nlp.evaluate_roles) and the recipient ranker's training
(accord.nlp.recipients) compare spans by.

One token per line, ``TOKEN TAG``, a blank line between sentences; tags B-/I- S (actor),
T (recipient) and R (reciprocal parties: both sides), O otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import InputError

TAGS = {"O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R"}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'", "n't", "'re",
                    "'ve", "'ll", "'d", "'m", "”", "’s"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "“"}
_APOSTROPHES = {"'", "’"}
_CLITICS = {"s", "re", "d", "ll", "t", "ve", "m"}
_WORD = re.compile(r"\w(?:[\w\-'’.]*\w)?", re.UNICODE)


@dataclass
class RoleSentence:
    """One gold sentence: its tokens and the role spans (lists of token lists)."""

    tokens: list[str]
    spans: dict[str, list[list[str]]] = field(default_factory=dict)
    line: int = 0
    tags: list[str] = field(default_factory=list)  # per token: S, T, R or O

    @property
    def text(self) -> str:
        return detokenise(self.tokens)


def detokenise(tokens: list[str]) -> str:
    """Rebuild plain text from word tokens: no space before , . 's; apostrophes, hyphens and
    thousands separators ("2 , 000") rejoined, so the parser sees ordinary prose."""
    out: list[str] = []
    quote_open = False
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else ""
        glue = i > 0 and (tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER)
        if tok in _APOSTROPHES or tok == "-" or prev == "-":
            glue = i > 0
        elif prev in _APOSTROPHES and tok.lower() in _CLITICS:
            glue = True  # "Israel ’ s" -> "Israel’s", "they ' re" -> "they're"
        elif tok.isdigit() and len(tok) == 3 and prev == "," and i > 1 and (
                tokens[i - 2].isdigit()):
            glue = True  # "2 , 000" -> "2,000"
        if tok == '"':
            glue = i > 0 and quote_open  # a closing quote sticks to the word before it
        elif prev == '"' and quote_open:
            glue = True  # the word right after an opening quote
        out.append(tok if not out or glue else " " + tok)
        if tok == '"':
            quote_open = not quote_open
    return "".join(out)


def read_roles(path: str | Path) -> list[RoleSentence]:
    """Parse a BIO roles file; a malformed line raises InputError naming file and line."""
    p = Path(path)
    sents: list[RoleSentence] = []
    cur = RoleSentence([], {}, 1)
    open_span: tuple[str, list[str]] | None = None
    for n, raw in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if cur.tokens:
                sents.append(cur)
            cur, open_span = RoleSentence([], {}, n + 1), None
            continue
        tok, _, tag = line.rpartition(" ")
        if not tok or tag not in TAGS:
            raise InputError(f"expected 'TOKEN TAG' with TAG in {sorted(TAGS)}: {line!r}",
                             where=f"{p}:{n}")
        cur.tokens.append(tok)
        cur.tags.append(tag[-1])
        if tag == "O":
            open_span = None
            continue
        kind = tag[2]
        if tag.startswith("B-") or open_span is None or open_span[0] != kind:
            open_span = (kind, [tok])
            cur.spans.setdefault(kind, []).append(open_span[1])
        else:
            open_span[1].append(tok)
    if cur.tokens:
        sents.append(cur)
    if not sents:
        raise InputError("no sentences found", where=str(p))
    return sents


def content_words(text: str) -> set[str]:
    """Lower-cased content words of a span: stopwords ("the", "of") dropped, except
    capitalised acronyms ("US", "U.S.", "UN"), which name actors; dots and a final 's
    removed ("U.S." -> "us", "Iran's" -> "iran")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    out: set[str] = set()
    for w in _WORD.findall(text):
        norm = w.replace(".", "").lower()
        if norm.endswith(("'s", "’s")):
            norm = norm[:-2]
        acronym = len(w.replace(".", "")) >= 2 and w.replace(".", "").isupper()
        if norm and (acronym or norm not in STOP_WORDS):
            out.add(norm)
    return out
