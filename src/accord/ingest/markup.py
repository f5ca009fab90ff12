"""Bytes to text and markup to plain text: the decoding and stripping every reader shares.

``decode`` validates file bytes as UTF-8 (or refuses them with the reason), ``declared_text``
honours an XML or HTML document's declared encoding, ``html_to_text`` keeps the visible text
of HTML with line breaks at block elements, and ``markdown_to_text`` strips Markdown lightly.
Pure functions on strings and bytes: :mod:`accord.ingest.readers` turns their output into
articles.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from html.parser import HTMLParser

# ----------------------------------------------------------------------------- decoding
_CONTROL = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"


def decode(data: bytes) -> str:
    """Validate and decode file bytes as UTF-8 text; raise ValueError with the reason.

    Reasons: "empty file", "binary file" (NUL bytes or mostly control/undecodable bytes),
    "invalid UTF-8 at byte N" (N counted from 0 in the file).
    """
    if not data.strip():
        raise ValueError("empty file")
    head = data[:8192]
    if b"\x00" in head or sum(head.count(c) for c in _CONTROL) > 0.1 * len(head):
        raise ValueError("binary file")
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        sample = head.decode("utf-8", errors="replace")
        if sample.count("\ufffd") > 0.1 * max(len(sample), 1):
            raise ValueError("binary file") from None
        raise ValueError(f"invalid UTF-8 at byte {exc.start + start}") from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ValueError("empty file")
    return text


_DECL_RE = re.compile(
    rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']|"""
    rb"""<meta[^>]*charset\s*=\s*["']?([A-Za-z0-9._-]+)""",
    re.I,
)


def declared_text(data: bytes) -> str | None:
    """Decode an XML or HTML document by the non-UTF-8 encoding it declares, if it does.

    Lets a Latin-1 feed or page in; text files without a declaration stay strict UTF-8.
    """
    m = _DECL_RE.search(data[:2048])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii").lower()
    try:
        if codecs.lookup(name).name == "utf-8":
            return None
        text = data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


# ----------------------------------------------------------------------------- HTML to text
class _TextParser(HTMLParser):
    """Collects the visible text of an HTML fragment, with line breaks at block elements."""

    BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
             "blockquote", "section", "article", "header", "footer", "table", "pre", "hr"}
    SKIP = {"script", "style", "noscript", "template", "head"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def tidy(text: str) -> str:
    """Collapse runs of spaces within lines and blank lines between paragraphs."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return out.strip()


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (feed summaries, titles); plain text passes through."""
    if "<" not in fragment and "&" not in fragment:
        return tidy(fragment)
    parser = _TextParser()
    parser.feed(fragment)
    parser.close()
    return tidy("".join(parser.parts))



# ----------------------------------------------------------------------------- Markdown
_FRONT_RE = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.S)
_ATX_RE = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT_RE = re.compile(r"^ {0,3}(=+|-+)\s*$")


def markdown_to_text(md: str) -> tuple[str, str | None, dict[str, str]]:
    """Strip Markdown markup lightly: (plain text, first heading, front-matter fields)."""
    meta: dict[str, str] = {}
    m = _FRONT_RE.match(md)
    if m:
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() and not key.startswith((" ", "\t")):
                meta[key.strip().lower()] = value.strip().strip("'\"")
        md = md[m.end():]
    title: str | None = None
    out: list[str] = []
    in_fence = False
    lines = md.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^ {0,3}(```|~~~)", line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _SETEXT_RE.match(line) and out and out[-1].strip():
            if title is None and line.strip().startswith("="):
                title = out[-1].strip()
            continue  # underline of a setext heading
        if re.match(r"^ {0,3}([-*_])(\s*\1){2,}\s*$", line) and not _SETEXT_RE.match(nxt):
            continue  # horizontal rule
        if re.match(r"^ {0,3}\[[^\]]+\]:\s*\S+", line):
            continue  # link reference definition
        h = _ATX_RE.match(line)
        if h:
            line = h.group(2)
            if title is None:
                title = _inline_md(line).strip() or None
        line = re.sub(r"^ {0,3}(>\s?)+", "", line)           # blockquote
        line = re.sub(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+", "", line)  # list marker
        out.append(_inline_md(line))
    text = tidy(html_to_text("\n".join(out)) if re.search(r"<[a-zA-Z/!]", "\n".join(out))
                else "\n".join(out))
    title = meta.get("title") or title
    return text, title, meta


def _inline_md(line: str) -> str:
    """Remove inline Markdown: images, links, code, emphasis."""
    line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", line)
    line = re.sub(r"`([^`]+)`", r"\1", line)
    line = re.sub(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])", r"\2", line)
    return line
