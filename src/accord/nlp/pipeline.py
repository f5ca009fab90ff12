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
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

import accord.nlp.actors  # noqa: F401  (registers "accord_actors" and its extensions)
import accord.nlp.claims  # noqa: F401
import accord.nlp.events  # noqa: F401
import accord.nlp.quotes  # noqa: F401
import accord.nlp.repairs  # noqa: F401  (registers "accord_typos" and "accord_repairs")
from accord.nlp._mentions import DATELINE_WORDS, dateline_dash
from accord.nlp.spacy_models import model_name
from accord.types import Article, Event, Extraction

_CACHE: dict[str | None, Language] = {}


def load_pipeline(model: str | None = None) -> Language:
    """The spaCy model with accord_context, accord_typos, accord_breaks, accord_repairs,
    accord_actors, accord_events, accord_quotes and accord_claims added."""
    nlp = spacy.load(model or model_name())
    nlp.add_pipe("accord_context", first=True)
    nlp.add_pipe("accord_typos", after="accord_context")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("accord_breaks", before="parser")
        nlp.add_pipe("accord_repairs", after="ner")
    nlp.add_pipe("accord_actors", after="accord_repairs" if "parser" in nlp.pipe_names
                 else "ner")
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
                _after_dateline(doc, dash + 1)
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
                    _after_dateline(doc, dash + 1)  # the dateline is not the sentence
        dash = dateline_dash(doc[:DATELINE_WORDS])
        if dash is not None and dash + 1 < n:
            _after_dateline(doc, dash + 1)
        return doc


def _after_dateline(doc: Doc, k: int) -> None:
    """The sentence after a dateline starts at token k and is not cut after its first word
    or two ("PUTRAJAYA, July 29 - Thailand | and Cambodia agreed" was split by the parser)."""
    doc[k].is_sent_start = True
    for j in (k + 1, k + 2):
        if j < len(doc) and not doc[j].is_space and doc[j].is_sent_start is None:
            doc[j].is_sent_start = False


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
    """Events of one-sentence-per-line input (the gold-set format), one list per line.

    A line of any length works: long lines and runs of symbols go through the bounded path
    (pieces, time budget); a line that cannot be coded gets no events."""
    nlp = get_pipeline()
    ctx = {"id": None, "date": date.isoformat() if date else None}
    plain = all(len(ln) <= piece_limit() and defuse(ln) is ln for ln in lines)
    if plain:
        try:
            return [list(doc._.events or [])
                    for doc, _ in nlp.pipe(((ln, ctx) for ln in lines), as_tuples=True)]
        except Exception:  # noqa: BLE001 - redo line by line below
            pass
    out: list[list[Event]] = []
    for ln in lines:
        ex, _err = extract_one(Article(id="line", text=ln or " ", date=date))
        out.append([e.model_copy(update={"evidence": e.evidence.model_copy(
            update={"article_id": None})}) for e in ex.events] if ex is not None else [])
    return out


# ------------------------------------------------------------------ bounded extraction
MAX_PIECE = 100_000  # characters per parse: spaCy needs ~1 GB per 100,000 characters parsed
MAX_EXTRACT_CHARS = 5_000_000  # longer articles are reported, not extracted (about 5 min)
DEFAULT_BUDGET = 60.0  # seconds per article before it is given up as a reported failure
_LONG_RUN = re.compile(r"\S{101,}")
RUN_PIECE = 50


def piece_limit() -> int:
    """Characters per parse: $ACCORD_EXTRACT_PIECE (at least 1,000), else MAX_PIECE."""
    raw = os.environ.get("ACCORD_EXTRACT_PIECE", "").strip()
    return max(1000, int(raw)) if raw.isdigit() else MAX_PIECE


class ExtractionTimeout(Exception):
    """An article took longer than its time budget."""


def defuse(text: str) -> str:
    """The text with every run of more than 100 non-space characters ("!!!!...", emoji, a
    glued URL) broken by a space every RUN_PIECE characters; the length and every other
    character stay, so evidence offsets still point into the original text. The tokenizer
    takes quadratic time on such runs; this pass is linear."""
    if not _LONG_RUN.search(text):
        return text

    def cut(m: re.Match[str]) -> str:
        run = m.group()
        return "".join(" " + run[k + 1:k + RUN_PIECE] if k else run[:RUN_PIECE]
                       for k in range(0, len(run), RUN_PIECE))

    return _LONG_RUN.sub(cut, text)


def split_text(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most ``limit`` characters that cover the text, cut at the
    last paragraph break, else line break, else sentence end, else space within each window
    (a hard cut only when the window has none). Linear in the text's length."""
    out: list[tuple[int, str]] = []
    pos, n = 0, len(text)
    while n - pos > limit:
        end = pos + limit
        floor = pos + limit // 2
        cut = -1
        for sep in ("\n\n", "\n", ". ", " "):
            k = text.rfind(sep, floor, end)
            if k >= 0:
                cut = k + len(sep)
                break
        if cut <= pos:
            cut = end
        out.append((pos, text[pos:cut]))
        pos = cut
    if pos < n or not out:
        out.append((pos, text[pos:]))
    return out


def _shift(item, offset: int):  # noqa: ANN001, ANN202
    """A copy of an extracted item with its character offsets moved by ``offset``."""
    if not offset:
        return item
    upd: dict = {}
    if getattr(item, "evidence", None) is not None:
        ev = item.evidence
        upd["evidence"] = ev.model_copy(update={"start": ev.start + offset,
                                                "end": ev.end + offset})
    for key in ("start", "end"):
        if isinstance(getattr(item, key, None), int):
            upd[key] = getattr(item, key) + offset
    return item.model_copy(update=upd) if upd else item


def _ctx(article: Article) -> dict:
    return {"id": article.id, "date": article.date.isoformat() if article.date else None}


def _parse_article(nlp: Language, article: Article, limit: int, deadline: float) -> Extraction:
    """One article through the pipeline, in pieces of at most ``limit`` characters (whole when
    it fits), raising ExtractionTimeout once past ``deadline`` (time.monotonic())."""
    text = defuse(article.text)
    parts: dict[str, list] = {"entities": [], "events": [], "quotes": [], "claims": []}
    for offset, piece in split_text(text, limit):
        if time.monotonic() > deadline:
            raise ExtractionTimeout
        doc, _c = next(iter(nlp.pipe([(piece, _ctx(article))], as_tuples=True)))
        ex = _from_doc(doc, article)
        for key in parts:
            parts[key].extend(_shift(x, offset) for x in getattr(ex, key))
    return Extraction(article=article, **parts)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise ExtractionTimeout in this thread after ``seconds`` (SIGALRM; main thread only,
    elsewhere the checks between pieces are the only guard)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def ring(_sig, _frame) -> None:  # noqa: ANN001
        raise ExtractionTimeout

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def budget_seconds(value: float | None = None) -> float:
    """The time budget per 100,000 characters of an article (an article gets at least one
    share): the argument, else $ACCORD_EXTRACT_BUDGET, else 60 s (0 or less: no budget)."""
    if value is not None:
        return float(value)
    raw = os.environ.get("ACCORD_EXTRACT_BUDGET", "").strip()
    try:
        return float(raw) if raw else DEFAULT_BUDGET
    except ValueError:
        return DEFAULT_BUDGET


def max_extract_chars() -> int:
    """Longest article extracted: $ACCORD_MAX_EXTRACT_CHARS, else MAX_EXTRACT_CHARS."""
    raw = os.environ.get("ACCORD_MAX_EXTRACT_CHARS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_EXTRACT_CHARS


def extract_one(article: Article, *, budget: float | None = None,
                limit: int | None = None) -> tuple[Extraction | None, str | None]:
    """(extraction, None), or (None, reason) when the article cannot be extracted: longer
    than max_extract_chars(), over its time budget, or any failure inside the pipeline.
    Never raises for one bad article."""
    longest = max_extract_chars()
    if len(article.text) > longest:
        return None, (f"not extracted: longer than {longest:,} characters (split it into "
                      "articles, or raise ACCORD_MAX_EXTRACT_CHARS)")
    limit = limit or piece_limit()
    seconds = budget_seconds(budget) * max(1, -(-len(article.text) // MAX_PIECE))
    nlp = get_pipeline()
    start = time.monotonic()
    deadline = start + seconds if seconds > 0 else float("inf")
    try:
        with _alarm(seconds):
            return _parse_article(nlp, article, limit, deadline), None
    except ExtractionTimeout:
        return None, (f"not extracted: over its time budget of {seconds:g} s "
                      "(ACCORD_EXTRACT_BUDGET seconds per 100,000 characters)")
    except RecursionError:
        return None, "not extracted: text nested too deeply"
    except MemoryError:
        return None, "not extracted: out of memory"
    except Exception as exc:  # noqa: BLE001 - one article's failure, reported, never fatal
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]
        return None, f"not extracted: {type(exc).__name__}: {first}"


def _each_batch(batch: list[Article]) -> list[tuple[Extraction | None, str | None]]:
    """Worker task for extract_each: every article of the batch, one at a time."""
    return [extract_one(a) for a in batch]


def extract_each(articles: Iterable[Article], n_process: int = 1, batch_size: int = 32,
                 ) -> Iterator[tuple[Article, Extraction | None, str | None]]:
    """(article, extraction, None) or (article, None, reason) for every article, in order.

    Unlike ``extract_articles`` a failing article (an exception in the pipeline, a runaway
    over the time budget) costs only itself. Articles that fit in one piece and nothing else
    go through ``nlp.pipe`` in batches, as fast as before; a batch that fails is redone one
    article at a time."""
    if n_process > 1:
        import multiprocessing as mp

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        if ctx.get_start_method() == "fork":
            get_pipeline()
        # read the input here, in this thread (it may claim articles in the store)
        batches = list(_batches(articles, max(1, min(batch_size, 8))))
        with ctx.Pool(n_process) as pool:
            for batch, results in zip(batches, pool.imap(_each_batch, batches), strict=True):
                for art, (ex, err) in zip(batch, results, strict=True):
                    yield art, ex, err
        return
    nlp = get_pipeline()
    seconds = budget_seconds()
    limit = piece_limit()
    for batch in _batches(articles, batch_size):
        short = [a for a in batch if len(a.text) <= limit and defuse(a.text) is a.text]
        done: dict[int, Extraction] = {}
        if len(short) > 1:
            try:
                with _alarm(seconds * len(short) if seconds > 0 else 0):
                    docs = list(nlp.pipe(_contexts(short), as_tuples=True,
                                         batch_size=len(short)))
                done = {id(a): _from_doc(doc, a) for (doc, _c), a in zip(docs, short,
                                                                         strict=True)}
            except Exception:  # noqa: BLE001 - redo one by one to find the bad article
                done = {}
        for a in batch:
            if id(a) in done:
                yield a, done[id(a)], None
            else:
                ex, err = extract_one(a)
                yield a, ex, err
