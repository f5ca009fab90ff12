"""Direct quotations and their speakers (spaCy component "accord_quotes").

Quotations are found in the text with straight or curly double quotes (and single quotes for
short terms). A quotation of at most four words that is not a sentence of its own is a
quoted term ("an 'armada'"); anything longer is a statement. The speaker is the subject of a
speech verb outside the quotation in the same sentence ("..., Trump remarked"), else of an
attribution in the previous sentence ending in a colon or the next one ("he said"); pronouns
and titles are resolved in the document (He -> the last person mentioned). A statement
split by its attribution (“A,” he said, “B.”) is returned as one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.nlp._mentions import DocMentions, Mention, to_ref
from accord.nlp.act_time import clause_verb
from accord.nlp.phrases import resolve_np
from accord.nlp.syntax import subject_of
from accord.types import ActorRef, Evidence, Quote

SPEECH_VERBS = {
    "say", "tell", "state", "remark", "add", "stress", "insist", "declare", "warn", "note",
    "write", "explain", "argue", "assert", "claim", "announce", "reply", "respond", "ask",
    "continue", "emphasize", "emphasise", "tweet", "post", "quip", "joke", "recall",
    "acknowledge", "admit", "predict", "promise", "vow", "suggest", "conclude", "put",
    "reiterate", "exclaim", "comment", "observe", "call", "describe", "refer", "dub", "label",
    # a quotation given as someone's view ("he felt that '...'") is theirs too
    "feel", "believe", "think", "consider", "maintain", "affirm", "confirm",
}
_DOUBLE = re.compile(r"“([^“”]+)”|\"([^\"\n]+)\"|``([^`']+)''")
_SINGLE = re.compile(r"(?<![\w’'])[‘']([^‘’'\n]{1,60}?)[’'](?![\w])")
TERM_MAX_WORDS = 4


@dataclass
class _Q:
    start: int  # char offset of the opening mark
    end: int  # char offset after the closing mark
    content: str
    kind: str


def _find(text: str) -> list[_Q]:
    out: list[_Q] = []
    for m in _DOUBLE.finditer(text):
        g = next(x for x in m.groups() if x is not None)
        out.append(_Q(m.start(), m.end(), g, "statement"))
    for m in _SINGLE.finditer(text):
        if any(q.start <= m.start() < q.end for q in out):
            continue
        if len(m.group(1).split()) <= TERM_MAX_WORDS:
            out.append(_Q(m.start(), m.end(), m.group(1), "term"))
    for q in out:
        content = q.content.strip()
        words = re.findall(r"\w[\w'’-]*", content)
        if q.kind == "statement" and len(words) <= TERM_MAX_WORDS and not re.search(
            r"[.!?]\W*$", content
        ):
            q.kind = "term"
        q.content = content.rstrip(",").strip()
    out.sort(key=lambda q: q.start)
    return out


def _span(doc: Doc, q: _Q) -> Span | None:
    return doc.char_span(q.start, q.end, alignment_mode="expand")


def _speech_verb(sent: Span, inside: range) -> Token | None:
    """The speech verb of a sentence outside the quotation, nearest to it."""
    best, dist = None, 10**9
    for t in sent:
        if t.i in inside or t.pos_ not in ("VERB", "AUX") or t.lemma_.lower() not in SPEECH_VERBS:
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            continue
        d = min(abs(t.i - inside.start), abs(t.i - (inside.stop - 1)))
        if d < dist:
            best, dist = t, d
    return best


def _subject_mention(verb: Token, dm: DocMentions) -> Mention | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            ms, _ = resolve_np(c, dm)
            if ms:
                return ms[0]
            return _person_mention(c, dm)
    return None


def _person_before(i: int, dm: DocMentions) -> Mention | None:
    """The last person named before token i (outside the quotation that starts there)."""
    for m in dm.before(i):
        if m.entity.kind == "person":
            return m
    return None


def _person_mention(tok: Token, dm: DocMentions) -> Mention | None:
    """A PERSON without an actor code: an earlier mention sharing its surname, if any."""
    if tok.ent_type_ != "PERSON":
        return None
    for m in dm.before(tok.i):
        if tok.text in dm.doc[m.start : m.end].text:
            return m
    return None


def _terms_speaker(sp: Span, dm: DocMentions) -> tuple[Mention | None, Token | None]:
    v = clause_verb(sp.root)
    if v is None:
        return None, None
    # "Trudeau said the sentencing was 'absolutely unacceptable'": the words are the
    # reporter's, not those of the subject of the reported clause
    t = v
    for _ in range(4):
        if t.dep_ not in ("ccomp", "xcomp", "conj") or t.head == t:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in SPEECH_VERBS:
            v = t
            break
    subj = subject_of(v)
    if subj is None:
        return None, v
    ms, _ = resolve_np(subj, dm)
    return (ms[0] if ms else None), v


def find_quotes(doc: Doc, dm: DocMentions) -> list[tuple[Quote, int, int, Mention | None]]:
    """Quotes with their token range and resolved speaker mention."""
    text = doc.text
    raw = _find(text)
    out: list[tuple[Quote, int, int, Mention | None]] = []
    prev: tuple[_Q, Span, Mention | None, Token | None] | None = None
    for q in raw:
        sp = _span(doc, q)
        if sp is None or len(sp) == 0:
            continue
        inside = range(sp.start, sp.end)
        speaker: Mention | None = None
        cue: Token | None = None
        if q.kind == "term":
            speaker, cue = _terms_speaker(sp, dm)
        else:
            sent = sp[0].sent
            cue = _speech_verb(sent, inside)
            if cue is None and sp[-1].sent is not sent:
                cue = _speech_verb(sp[-1].sent, inside)
            if cue is not None:
                speaker = _subject_mention(cue, dm)
                if speaker is not None and sp.start <= speaker.start < sp.end:
                    # '"The verdict for Mr. Spavor ...," he said': "he" is not a person named
                    # inside the quotation but the last one named before it
                    speaker = _person_before(sp.start, dm) or speaker
            else:
                speaker, cue = _neighbour_attribution(doc, sp, dm)
            # “A,” he said, “B.”: continue the previous quote
            if prev is not None and prev[0].kind == "statement":
                gap = text[prev[0].end : q.start]
                if len(gap.split()) <= 6 and prev[3] is not None and prev[3].i < sp.start and (
                    cue is None or cue.i == prev[3].i
                ):
                    pq, psp, pspk, pcue = prev
                    merged = _Q(pq.start, q.end, pq.content.rstrip(" ,") + " " + q.content,
                                "statement")
                    out.pop()
                    q, sp, speaker, cue = merged, doc[psp.start : sp.end], pspk, pcue
        ref: ActorRef | None = to_ref(speaker, doc if speaker and speaker.start >= 0 else None) \
            if speaker is not None else None
        if ref is None and cue is not None:
            for c in cue.children:
                if c.dep_ == "nsubj" and c.ent_type_ == "PERSON":
                    ref = ActorRef(code="", name=c.text, text=c.text)
        sent_text = " ".join(s.text.strip() for s in _sents(sp))
        quote = Quote(
            speaker=ref, cue=cue.text if cue is not None else None, content=q.content,
            kind=q.kind,  # type: ignore[arg-type]
            evidence=Evidence(article_id=None, start=q.start, end=q.end, sentence=sent_text),
        )
        out.append((quote, sp.start, sp.end, speaker))
        prev = (q, sp, speaker, cue)
    return out


def _sents(sp: Span) -> list[Span]:
    seen, out = set(), []
    for t in (sp[0], sp[-1]):
        s = t.sent
        if s.start not in seen:
            seen.add(s.start)
            out.append(s)
    return out


def _neighbour_attribution(doc: Doc, sp: Span, dm: DocMentions
                           ) -> tuple[Mention | None, Token | None]:
    """Speaker from the previous sentence ("He said:") or the next ("..., he added")."""
    sent = sp[0].sent
    if sent.start > 0:
        prev = doc[sent.start - 1].sent
        if prev.text.rstrip().endswith(":"):
            v = _speech_verb(prev, range(0))
            if v is not None:
                return _subject_mention(v, dm), v
    if sp[-1].sent.end < len(doc):
        nxt = doc[sp[-1].sent.end].sent
        head = nxt[: min(len(nxt), 5)]
        for t in head:
            if t.lemma_.lower() in SPEECH_VERBS and t.pos_ == "VERB":
                return _subject_mention(t, dm), t
    return None, None


def quote_regions(doc: Doc, dm: DocMentions) -> list[tuple[int, int, object]]:
    """(start token, end token, speaker Entity) of statement quotes, for first-person pronouns."""
    out = []
    for quote, s, e, m in find_quotes(doc, dm):
        if quote.kind == "statement":
            out.append((s, e, m.entity if m is not None else None))
    return out


class QuoteFinder:
    """spaCy component: sets Doc._.quotes (list[accord.types.Quote])."""

    def __call__(self, doc: Doc) -> Doc:
        dm = DocMentions.build(doc)
        aid = doc._.article_id if doc.has_extension("article_id") else None
        quotes = []
        for q, _, _, _ in find_quotes(doc, dm):
            q.evidence.article_id = aid
            quotes.append(q)
        doc._.quotes = quotes
        return doc


def ensure_extensions() -> None:
    """Register the Doc extensions this module writes."""
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", default=None)
    if not Doc.has_extension("article_id"):
        Doc.set_extension("article_id", default=None)


@Language.factory("accord_quotes")
def make_quote_finder(nlp: Language, name: str) -> QuoteFinder:
    """Factory for the direct-quotation component."""
    ensure_extensions()
    return QuoteFinder()
