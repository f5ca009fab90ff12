"""Readers that turn files, directories, feeds and URLs into Article values.

Every input becomes a stream of IngestItem values: an Article, or a one-line error saying why
that item could not be read. A bad item never stops the stream, so one broken file in a
directory of thousands costs one error line. Nothing here writes anywhere: storage is the
store's job.

Formats: plain text (.txt, .text, no extension), Markdown (.md, .markdown), HTML (.html,
.htm, .xhtml), RSS/Atom (.xml, .rss, .atom, or sniffed), JSONL (.jsonl, .ndjson), JSON
(.json: one article object or a list of them; a crisis folder's ``resolution.json`` is skipped
with a note), and http(s) URLs of pages or feeds. Other extensions are sniffed for a feed or an HTML page
and otherwise reported as unsupported.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import re
import stat
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import InputError
from accord.ingest.dates import find_date, impossible_dateline, parse_date
from accord.ingest.markup import (  # noqa: F401 - html_to_text, tidy: the readers' API too
    declared_text,
    decode,
    html_to_text,
    markdown_to_text,
    tidy,
)
from accord.types import Article

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
FETCH_TIMEOUT = 20.0
USER_AGENT = "accord/0.1 (+https://example.invalid/accord)"

TEXT_EXT = {".txt", ".text", ""}
MD_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml"}
FEED_EXT = {".xml", ".rss", ".atom"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
JSONL_STR_FIELDS = ("title", "url", "source")


@dataclass(frozen=True)
class IngestItem:
    """One result of reading: an article, or an error naming why the item was skipped.

    ``origin`` names the item: the path (or URL) for a file, ``file.jsonl:3`` for line 3 of a
    JSONL file, ``feed.xml#2`` for the second entry of a feed (both counted from 1).
    """

    origin: str
    article: Article | None = None
    error: str | None = None
    skipped: bool = False  # not an article by design (e.g. resolution.json): a note, not a failure
    note: str | None = None  # a change made to store the item (e.g. NUL characters removed)

    @property
    def ok(self) -> bool:
        return self.error is None and self.article is not None

    def __str__(self) -> str:
        return f"{self.origin}: {self.error}" if self.error else self.origin


@dataclass
class IngestCounts:
    """Tally of an ingest run: articles read, items that failed, and their one-line reasons."""

    articles: int = 0
    errors: int = 0
    messages: list[str] = field(default_factory=list)

    def add(self, item: IngestItem) -> IngestItem:
        """Count one item and hand it back, so a loop can tally while it stores."""
        if item.ok:
            self.articles += 1
        else:
            self.errors += 1
            self.messages.append(str(item))
        return item


def max_bytes_limit(max_bytes: int | None = None) -> int:
    """The size limit in bytes: the argument, else ACCORD_MAX_BYTES, else 10 MiB."""
    if max_bytes is not None:
        if max_bytes <= 0:
            raise InputError(f"must be a positive number of bytes, got {max_bytes}",
                             where="--max-bytes")
        return int(max_bytes)
    raw = os.environ.get("ACCORD_MAX_BYTES", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value <= 0:
        raise InputError(f"must be a positive number of bytes, got {raw!r}",
                         where="ACCORD_MAX_BYTES")
    return value


def too_big(size: int, limit: int) -> str:
    return (f"{size} bytes exceeds the limit of {limit} bytes "
            "(set ACCORD_MAX_BYTES or --max-bytes)")


# ----------------------------------------------------------------------------- formats
def _article(text: str, origin: str, *, title: str | None = None,
             meta_date: str | dt.date | None = None, url: str | None = None,
             source: str | None = None, path: str | None = None) -> Article:
    """Build an Article, finding its date from metadata or text."""
    date, how = find_date(text, meta_date)
    title, url, source = (storable(v)[0] if v else v for v in (title, url, source))
    if _SURROGATE.search(text):  # the content hash needs encodable text
        text = _SURROGATE.sub("\ufffd", text)
    return Article(title=title or None, text=text, date=date, date_source=how, url=url or None,
                   source=source or None, path=path)


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> tuple[str, int]:
    """Text every store accepts: NUL characters removed (PostgreSQL refuses them in text) and
    lone surrogates (not encodable as UTF-8) replaced by U+FFFD; returns (text, NULs removed)."""
    if "\x00" in text:
        n = text.count("\x00")
        text = text.replace("\x00", "")
    else:
        n = 0
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text, n


def storable_item(item: IngestItem) -> IngestItem:
    """The item with NUL characters removed from its article's text, said in ``note``; an
    undated article whose dateline names no real day gets a note too."""
    art = item.article
    if art is not None and art.date is None and item.note is None:
        bad = impossible_dateline(art.text[:3000])
        if bad:
            item = IngestItem(item.origin, art, note=f"dateline date {bad!r} is not a real "
                                                     "day: the date is unknown")
    if art is None or "\x00" not in art.text:
        return item
    text, n = storable(art.text)
    if not text.strip():
        return IngestItem(item.origin, error="no text left after removing NUL characters")
    fields = art.model_dump(exclude={"id", "content_hash", "text"})
    note = f"removed {n} NUL character(s) from the text (not storable)"
    return IngestItem(item.origin, Article(text=text, **fields),
                      note=f"{item.note}; {note}" if item.note else note)


def _plain_title(text: str) -> str | None:
    """First line as title when it reads like a headline: short, followed by more text,
    and not ending like a sentence."""
    lines = text.split("\n", 1)
    first = lines[0].strip()
    if len(lines) < 2 or not lines[1].strip() or not first or len(first) > 150:
        return None
    if first[-1] in ".!?,;:\"”’)" or len(first.split()) < 2:
        return None
    if re.match(r"^[A-Z][A-Z .'\-]+(,|\s[—–-])", first):  # a dateline, not a headline
        return None
    return first


_HEADER_LINE = re.compile(r"(title|headline|date|published|source|url|link|author|byline)"
                          r"[ \t]*:[ \t]*(\S.*)", re.I)


def _header(text: str) -> tuple[dict[str, str], str]:
    """A block of "Key: value" lines at the top of a plain-text article (Title, Date,
    Source, URL, Author...), ended by a blank line: (fields, the text after it). Without
    such a block (or with an unknown key in it): ({}, text)."""
    head, sep, rest = text.lstrip("\n").partition("\n\n")
    if not sep or not rest.strip():
        return {}, text
    meta: dict[str, str] = {}
    for line in head.split("\n"):
        m = _HEADER_LINE.fullmatch(line.strip())
        if m is None:
            return {}, text
        key = m.group(1).lower()
        key = {"headline": "title", "published": "date", "link": "url",
               "byline": "author"}.get(key, key)
        meta.setdefault(key, m.group(2).strip())
    return meta, rest


def read_text(text: str, origin: str, path: str | None = None) -> Article:
    """Plain text: the whole text; title = first line if it looks like a headline. A block
    of "Title: / Date: / Source: / URL:" lines at the top is metadata, not text."""
    text = tidy(text)
    meta, body = _header(text)
    if meta:
        return _article(body, origin, title=meta.get("title"), meta_date=meta.get("date"),
                        url=meta.get("url"), source=meta.get("source"), path=path)
    return _article(text, origin, title=_plain_title(text), path=path)


def read_markdown(md: str, origin: str, path: str | None = None) -> Article:
    """Markdown: markup stripped lightly; title = front-matter title or first heading."""
    text, title, meta = markdown_to_text(md)
    if not text:
        raise ValueError("no text in Markdown file")
    return _article(text, origin, title=title, meta_date=meta.get("date"),
                    url=meta.get("url"), source=meta.get("source"), path=path)


def read_html(html: str, origin: str, url: str | None = None,
              path: str | None = None) -> Article:
    """HTML page: main text, title, site name and meta-tag date via trafilatura."""
    import trafilatura

    log = logging.getLogger("trafilatura")
    if log.level == logging.NOTSET:  # its warnings ("discarding data") would reach stderr;
        log.setLevel(logging.ERROR)  # the error item already says what went wrong
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = tidy(doc.text or "") if doc is not None else ""
    if not text:
        _tree, fallback, _n = trafilatura.baseline(html)
        text = tidy(fallback or "")
    if not text:
        raise ValueError("no text could be extracted from the HTML")
    title = getattr(doc, "title", None) if doc is not None else None
    meta_date = getattr(doc, "date", None) if doc is not None else None
    source = getattr(doc, "sitename", None) if doc is not None else None
    page_url = url or (getattr(doc, "url", None) if doc is not None else None)
    return _article(text, origin, title=title, meta_date=meta_date, url=page_url,
                    source=source, path=path)


def _struct_date(entry: dict, *keys: str) -> dt.date | None:
    for key in keys:
        st = entry.get(key)
        if st:
            try:
                return dt.date(st.tm_year, st.tm_mon, st.tm_mday)
            except (AttributeError, ValueError):
                continue
    return None


def read_feed(data: bytes, origin: str, path: str | None = None) -> list[IngestItem]:
    """RSS/Atom feed: one Article per entry (text = longest of content and summary,
    HTML stripped; a title-only entry uses its title as text)."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = str(parsed.get("bozo_exception", "")).splitlines()[0][:120]
            return [IngestItem(origin, error=f"not an RSS/Atom feed ({reason})")]
        return [IngestItem(origin, error="feed has no entries")]
    source = html_to_text(parsed.feed.get("title", "")) or None
    items: list[IngestItem] = []
    for n, entry in enumerate(entries, start=1):
        where = f"{origin}#{n}"
        try:
            bodies = [c.get("value", "") for c in entry.get("content", []) or []]
            bodies.append(entry.get("summary", "") or "")
            text = max((html_to_text(b) for b in bodies), key=len, default="")
            title = html_to_text(entry.get("title", "") or "") or None
            if not text:
                text = title or ""
            if not text:
                items.append(IngestItem(where, error="entry has no title, summary or content"))
                continue
            meta = _struct_date(entry, "published_parsed", "updated_parsed", "created_parsed")
            if meta is None:
                meta = parse_date(entry.get("published") or entry.get("updated"))
            items.append(IngestItem(where, _article(
                text, where, title=title, meta_date=meta, url=entry.get("link"),
                source=source, path=where if path else None)))
        except (ValueError, TypeError) as exc:
            items.append(IngestItem(where, error=one_line(exc)))
    return items


def read_jsonl(text: str, origin: str) -> list[IngestItem]:
    """JSONL: one article object per line; blank lines skipped, unknown keys ignored.

    Keys: ``text`` (required, non-empty string), optional ``title``, ``url``, ``source``
    (strings or null) and ``date`` (ISO/RFC 822/written date string or null). A line
    that fails yields an error naming the field; other lines still load.
    """
    return _jsonl_items(enumerate(text.split("\n"), start=1), origin)


def read_jsonl_bytes(data: bytes, origin: str) -> list[IngestItem]:
    """JSONL decoded line by line, so one line of invalid UTF-8 costs only that line."""
    lines: list[tuple[int, str | UnicodeDecodeError]] = []
    offset = 0
    for n, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append((n, unicodedata.normalize("NFC", raw.decode("utf-8-sig" if n == 1
                                                                    else "utf-8"))))
        except UnicodeDecodeError as exc:
            exc.start += offset
            lines.append((n, exc))
        offset += len(raw) + 1
    return _jsonl_items(lines, origin)


def _jsonl_items(lines: Iterable[tuple[int, str | UnicodeDecodeError]],
                 origin: str) -> list[IngestItem]:
    items: list[IngestItem] = []
    for n, line in lines:
        where = f"{origin}:{n}"
        if isinstance(line, UnicodeDecodeError):
            items.append(IngestItem(where, error=f"invalid UTF-8 at byte {line.start}"))
            continue
        if not line.strip():
            continue
        try:
            items.append(IngestItem(where, jsonl_article(line, where)))
        except ValueError as exc:
            items.append(IngestItem(where, error=one_line(exc)))
    if not items:
        items.append(IngestItem(origin, error="empty file"))
    return items


MAX_JSON_DEPTH = 100


def _json_depth_ok(text: str) -> bool:
    """Cheap linear bound: brackets nested at most MAX_JSON_DEPTH deep (strings included, so
    it may over-count brackets inside strings; then the exact parse decides)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return True
    depth = top = 0
    for m in re.finditer(r'[\[\]{}]|"(?:[^"\\]|\\.)*+"', text):
        c = m.group()
        if c in "[{":
            depth += 1
            top = max(top, depth)
        elif c in "]}":
            depth -= 1
    return top <= MAX_JSON_DEPTH


def _loads(text: str, unit: str) -> object:
    """json.loads with a depth limit: too deep nesting is one item's failure, never a crash."""
    if not _json_depth_ok(text):
        raise ValueError(f"invalid JSON: nested more than {MAX_JSON_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        pos = exc.colno if unit == "column" else exc.lineno
        raise ValueError(f"invalid JSON: {exc.msg} at {unit} {pos}") from None
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None


def jsonl_article(line: str, where: str) -> Article:
    obj = _loads(line, "column")
    if not isinstance(obj, dict):
        raise ValueError(f"expected a JSON object, got {_jtype(obj)}")
    if "text" not in obj or obj["text"] is None:
        raise ValueError("missing field 'text'")
    text = obj["text"]
    if not isinstance(text, str):
        raise ValueError(f"field 'text' must be a string, got {_jtype(text)}")
    text = tidy(unicodedata.normalize("NFC", text))
    if not text:
        raise ValueError("field 'text' is empty")
    fields: dict[str, str | None] = {}
    for key in JSONL_STR_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field '{key}' must be a string, got {_jtype(value)}")
        fields[key] = value.strip() if isinstance(value, str) else None
    raw_date = obj.get("date")
    if raw_date is not None:
        if not isinstance(raw_date, str):
            raise ValueError(f"field 'date' must be a string, got {_jtype(raw_date)}")
        if raw_date.strip() and parse_date(raw_date) is None:
            raise ValueError(f"field 'date': cannot read {raw_date[:40]!r} as a date")
    return _article(text, where, title=fields["title"], meta_date=raw_date,
                    url=fields["url"], source=fields["source"], path=where)


RESOLUTION_KEYS = {"question", "outcome_class", "resolved", "resolution_date"}


def read_json(text: str, origin: str) -> list[IngestItem]:
    """A .json file: one article object (the JSONL fields) or a list of them.

    An object without ``text`` that carries a crisis resolution (question, outcome) is not an
    article: it becomes a skipped item with a note, not a failure."""
    try:
        obj = _loads(text, "line")
    except ValueError as exc:
        return [IngestItem(origin, error=str(exc))]
    if isinstance(obj, dict) and "text" not in obj and RESOLUTION_KEYS & obj.keys():
        return [IngestItem(origin, error="not an article (a question and its resolution)",
                           skipped=True)]
    rows = obj if isinstance(obj, list) else [obj]
    items = []
    for n, row in enumerate(rows, 1):
        where = f"{origin}#{n}" if isinstance(obj, list) else origin
        try:
            items.append(IngestItem(where, jsonl_article(json.dumps(row), where)))
        except ValueError as exc:
            items.append(IngestItem(where, error=one_line(exc)))
    return items or [IngestItem(origin, error="empty JSON list")]


def _jtype(value: object) -> str:
    return {bool: "boolean", int: "number", float: "number", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


def one_line(exc: BaseException) -> str:
    msg = str(exc).strip().splitlines()
    return msg[0] if msg else type(exc).__name__


# ----------------------------------------------------------------------------- dispatch
def sniff(text: str) -> str | None:
    """'feed' or 'html' when the start of a text looks like one, else None."""
    head = text[:2048].lstrip().lower()
    if re.search(r"<(rss|feed|rdf:rdf)[\s>]", head):
        return "feed"
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<html[\s>]", head):
        return "html"
    return None


def kind_of(path: Path, text: str) -> str | None:
    """The reader for a file: by extension, sniffing text-like or unknown extensions."""
    ext = path.suffix.lower()
    if ext in MD_EXT:
        return "markdown"
    if ext in HTML_EXT:
        return "html"
    if ext in FEED_EXT:
        return "feed"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in JSON_EXT:
        return "json"
    sniffed = sniff(text)
    if sniffed:
        return sniffed
    return "text" if ext in TEXT_EXT else None


def _items_from_bytes(data: bytes, origin: str, kind: str | None, *, path: Path | None,
                      url: str | None = None) -> list[IngestItem]:
    """Decode bytes and run the reader for their kind (None = decide from path or content)."""
    is_jsonl = kind == "jsonl" or (path is not None and path.suffix.lower() in JSONL_EXT)
    try:
        text = decode(data)
    except ValueError as exc:
        bad_utf8 = str(exc).startswith("invalid UTF-8")
        if is_jsonl and str(exc) != "empty file":  # judged line by line: a bad line fails alone
            return read_jsonl_bytes(data, origin)
        declared = declared_text(data) if bad_utf8 else None
        if declared is None:
            return [IngestItem(origin, error=str(exc))]
        text = declared
    if kind is None:
        kind = kind_of(path, text) if path is not None else (sniff(text) or "text")
    spath = str(path) if path is not None else None
    try:
        if kind == "feed":
            return read_feed(data, origin, path=spath)
        if kind == "jsonl":
            return read_jsonl(text, origin)
        if kind == "json":
            return read_json(text, origin)
        if kind == "html":
            return [IngestItem(origin, read_html(text, origin, url=url, path=spath))]
        if kind == "markdown":
            return [IngestItem(origin, read_markdown(text, origin, path=spath))]
        if kind == "text":
            art = read_text(text, origin, path=spath)
            if url:
                art.url = url
            return [IngestItem(origin, art)]
    except (ValueError, TypeError) as exc:
        return [IngestItem(origin, error=one_line(exc))]
    ext = path.suffix if path is not None else ""
    return [IngestItem(origin, error=f"unsupported file type '{ext}' (expected .txt, .md, "
                                     ".html, .xml/.rss/.atom, .json or .jsonl)")]


def special_kind(path: Path) -> str | None:
    """Why a path is not a regular file to read ("dangling symlink", "FIFO", ...), or None.

    Uses stat only: a FIFO is never opened (opening one for reading blocks)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return "dangling symlink" if path.is_symlink() else None
    except OSError as exc:
        return f"cannot stat: {exc.strerror or exc}"
    mode = st.st_mode
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device")):
        if test(mode):
            return name
    return "special file"


def _read_regular(p: Path, limit: int) -> bytes:
    """Read at most limit + 1 bytes of a regular file; refuse anything else without blocking."""
    fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(0, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(limit + 1)
    finally:
        os.close(fd)


def read_file(path: str | Path, max_bytes: int | None = None) -> list[IngestItem]:
    """Read one file into items (several for a feed or JSONL file); never raises for bad input.

    A FIFO, socket, device or dangling symlink is refused by stat, never opened."""
    limit = max_bytes_limit(max_bytes)
    p = Path(path)
    origin = str(path)
    try:
        special = special_kind(p)
        if special:
            return [IngestItem(origin, error=f"not a regular file ({special})")]
        if not p.exists():
            return [IngestItem(origin, error="no such file")]
        if p.is_dir():
            return [IngestItem(origin, error="is a directory")]
        size = p.stat().st_size
        if size > limit:
            return [IngestItem(origin, error=too_big(size, limit))]
        data = _read_regular(p, limit)
    except OSError as exc:
        return [IngestItem(origin, error=f"cannot read: {exc.strerror or exc}")]
    if len(data) > limit:  # grew while we looked
        return [IngestItem(origin, error=too_big(len(data), limit))]
    try:
        return [storable_item(it) for it in _items_from_bytes(data, origin, None, path=p)]
    except Exception as exc:  # noqa: BLE001 - any reader failure is this file's failure only
        return [IngestItem(origin, error=f"cannot read: {one_line(exc) or type(exc).__name__}")]


def read_url(url: str, max_bytes: int | None = None,
             timeout: float = FETCH_TIMEOUT) -> list[IngestItem]:
    """Fetch an http(s) page or feed and read it; network failures become an error item."""
    limit = max_bytes_limit(max_bytes)
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (http/https only)
            ctype = (resp.headers.get("Content-Type") or "").lower()
            data = resp.read(limit + 1)
    except urllib.error.HTTPError as exc:
        return [IngestItem(url, error=f"cannot fetch: HTTP {exc.code} {exc.reason}")]
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return [IngestItem(url, error=f"cannot fetch: {one_line(reason)}")]
    if len(data) > limit:
        return [IngestItem(url, error=too_big(len(data), limit))]
    kind = ("feed" if re.search(r"(rss|atom|xml)", ctype)
            else "html" if "html" in ctype else None)
    try:
        return [storable_item(it) for it in _items_from_bytes(data, url, kind, path=None,
                                                               url=url)]
    except Exception as exc:  # noqa: BLE001 - a reader failure is this URL's failure only
        return [IngestItem(url, error=f"cannot read: {one_line(exc) or type(exc).__name__}")]


def _is_url(s: str | Path) -> bool:
    return isinstance(s, str) and re.match(r"^https?://", s, re.I) is not None


def is_hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def iter_articles(paths: Sequence[str | Path], glob: str = "**/*",
                  max_bytes: int | None = None) -> Iterator[IngestItem]:
    """Yield an IngestItem for every article or failed item under paths, in a stable order.

    Files are read directly (hidden or not); directories are walked with glob, sorted, hidden
    files and directories skipped; http(s) URLs are fetched. Errors never stop the walk.
    """
    limit = max_bytes_limit(max_bytes)
    if isinstance(paths, str | Path):  # one path given bare: not a sequence of characters
        paths = [paths]
    for entry in paths:
        if _is_url(entry):
            yield from read_url(str(entry), limit)
            continue
        p = Path(entry)
        if p.is_dir():
            files = sorted(f for f in p.glob(glob) if not is_hidden(f.relative_to(p)))
            for f in files:
                special = special_kind(f)
                if special:  # listed, never opened
                    yield IngestItem(str(f), error=f"not a regular file ({special})",
                                     skipped=True)
                elif f.is_file():
                    yield from read_file(f, limit)
        else:
            yield from read_file(p, limit)


def read_articles(paths: Sequence[str | Path], glob: str = "**/*",
                  max_bytes: int | None = None) -> tuple[list[Article], list[IngestItem]]:
    """Convenience: all articles and all error items under paths."""
    arts: list[Article] = []
    errors: list[IngestItem] = []
    for item in iter_articles(paths, glob, max_bytes):
        if item.article is not None:
            arts.append(item.article)
        else:
            errors.append(item)
    return arts, errors


def count(items: Iterable[IngestItem]) -> IngestCounts:
    """Tally items (consumes the iterable)."""
    c = IngestCounts()
    for item in items:
        c.add(item)
    return c


def check_readable(path: str | Path, max_bytes: int | None = None) -> Path:
    """Raise InputError(where=path) unless path is one readable, non-empty UTF-8 text file."""
    p = Path(path)
    where = str(path)
    special = special_kind(p)
    if special:  # never opened: a FIFO would block
        raise InputError(f"not a regular file ({special})", where=where)
    if not p.exists():
        raise InputError("no such file", where=where)
    if p.is_dir():
        raise InputError("is a directory, expected a file", where=where)
    limit = max_bytes_limit(max_bytes)
    try:
        size = p.stat().st_size
        if size > limit:
            raise InputError(too_big(size, limit), where=where)
        data = _read_regular(p, limit)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", where=where) from None
    try:
        decode(data)
    except ValueError as exc:
        msg = str(exc)
        lenient = msg.startswith("invalid UTF-8") and (
            p.suffix.lower() in JSONL_EXT or declared_text(data) is not None)
        if not lenient:  # JSONL lines and declared encodings are judged when read
            raise InputError(msg, where=where) from None
    return p


def read_file_strict(path: str | Path, max_bytes: int | None = None) -> list[Article]:
    """All articles of one file, or InputError(where=origin) at its first bad item.

    For one-file commands that must not go on with part of a file.
    """
    check_readable(path, max_bytes)
    arts: list[Article] = []
    for item in read_file(path, max_bytes):
        if item.article is None:
            raise InputError(item.error or "unreadable", where=item.origin)
        arts.append(item.article)
    return arts
