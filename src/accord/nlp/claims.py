"""Actors' stated positions on issues (spaCy component "accord_claims").

A claim is what an actor says it wants: the subject of a position verb (seek, want, demand,
request, insist, propose, prefer, reject, underscore...) or of a report whose complement
states an intention or obligation ("officials said the talks would cover ..."). The stance
is the complement's text; the issue is named from a keyword table (data/issues.yaml:
"limit the focus" in a sentence about talks -> "scope of talks").

A claim is kept only when it can be used as a position: its issue is in the table (no
"unspecified" or ad-hoc head-noun issues), its stance has content (at least two content
words, not "that outcome" or "one would come"), its actor is a party and not a place, and
it is the actor's own position, not an act someone else alleges ("accused X of
supporting Y" is no claim of X's).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.nlp._mentions import (
    FIRST_PERSON,
    DocMentions,
    Mention,
    dedupe_refs,
    is_location,
    to_ref,
)
from accord.nlp.frames import in_allegation
from accord.nlp.phrases import resolve_np
from accord.nlp.syntax import subject_of
from accord.types import Claim, Evidence

POSITION_VERBS = {
    "seek", "want", "demand", "request", "insist", "propose", "prefer", "reject", "oppose",
    "refuse", "urge", "call", "push", "press", "ask", "underscore", "stress", "emphasize",
    "emphasise", "aim", "favor", "favour", "support", "back", "advocate", "wish", "hope",
    "require", "need", "accept", "agree", "offer",
}
REPORT_VERBS = {"say", "confirm", "state", "announce", "declare", "tell", "indicate", "add",
                "make", "reiterate", "signal"}
INTENT_AUX = {"would", "will", "should", "must", "need", "shall", "'ll"}
STANCE_DEPS = ("xcomp", "ccomp", "dobj", "prep")


@cache
def issue_table() -> dict[str, Any]:
    """The packaged issue keyword table (data/issues.yaml)."""
    text = resources.files("accord.nlp").joinpath("data/issues.yaml").read_text("utf-8")
    return yaml.safe_load(text)


UNSPECIFIED = "unspecified"
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}


def name_issue(tokens: list[Token], context: Span) -> str:
    """Issue label for a stance: the first keyword rule of the table that fits, else
    "unspecified" (such claims are not kept)."""
    table = issue_table()
    lemmas = {t.lemma_.lower() for t in tokens}
    around = {t.lemma_.lower() for t in context} | lemmas
    talky = bool(around & set(table["talk_words"]))
    for rule in table["issues"]:
        if rule.get("talks") and not talky:
            continue
        if lemmas & set(rule["words"]):
            return rule["issue"]
    return UNSPECIFIED


def has_content(stance: list[Token]) -> bool:
    """Does a stance say something: two or more content words, not a pronoun or
    determiner phrase ("that outcome", "one would come")?"""
    content = [t for t in stance if t.pos_ in CONTENT_POS and not t.is_stop and t.is_alpha]
    return len(content) >= 2


def _usable_actor(m: Mention, subj: Token, dm: DocMentions) -> bool:
    """A claim's actor is a party, never a place, and when named by a pronoun its
    antecedent must itself have been a subject (not "discussed Gaza. They agreed")."""
    if is_location(dm.doc, m):  # "in Gaza" (a capital as subject is its government)
        return False
    if subj.pos_ == "PRON" and m.start >= 0 and subj.lower_ not in FIRST_PERSON:
        head = dm.doc[m.start : m.end].root
        while head.dep_ in ("conj", "appos", "compound", "poss", "pobj", "prep") and (
                head.head != head):
            head = head.head
        return head.dep_ in ("nsubj", "nsubjpass")
    return True


def _stance_tokens(verb: Token, report: bool) -> list[Token]:
    out: list[Token] = []
    for c in verb.children:
        if c.dep_ == "ccomp" or c.dep_ == "xcomp":
            if report and not _has_intent(c):
                continue
            out.extend(t for t in c.subtree)
        elif not report and c.dep_ == "dobj":
            out.extend(c.subtree)
        elif not report and c.dep_ == "prep" and c.lemma_.lower() in ("for", "on", "to"):
            out.extend(c.subtree)
    out = [t for t in out if not (t.dep_ == "mark" and t.head.head.i == verb.i)]
    while out and (out[0].dep_ in ("mark", "aux", "punct") and out[0].lower_ in ("that", "to", ",")):
        out = out[1:]
    while out and out[-1].is_punct:
        out = out[:-1]
    return sorted(out, key=lambda t: t.i)


def _has_intent(clause: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in INTENT_AUX for c in clause.children) or (
        clause.dep_ == "xcomp"
    )


def claims_in_sentence(sent: Span, dm: DocMentions, article_id: str | None = None) -> list[Claim]:
    """Claims stated in one sentence."""
    out: list[Claim] = []
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        lem = tok.lemma_.lower()
        report = lem in REPORT_VERBS
        if not (lem in POSITION_VERBS or report):
            continue
        if in_allegation(tok):
            continue  # "accused X of supporting Y": X's alleged act, not X's position
        subj = subject_of(tok)
        if subj is None:
            continue
        mentions, _ = resolve_np(subj, dm)
        mentions = [m for m in mentions if _usable_actor(m, subj, dm)]
        if not mentions:
            continue
        stance = _stance_tokens(tok, report)
        if not has_content(stance):
            continue
        issue = name_issue(stance, sent)
        if issue == UNSPECIFIED:
            continue
        lo, hi = stance[0], stance[-1]
        stance_text = sent.doc[lo.i : hi.i + 1].text
        actors = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions])
        start = min(tok.idx, lo.idx, *(dm.doc[m.start].idx for m in mentions if m.start >= 0))
        end = hi.idx + len(hi)
        for a in actors[:2]:
            out.append(Claim(
                actor=a, issue=issue, stance=stance_text,
                evidence=Evidence(article_id=article_id, start=start, end=end,
                                  sentence=sent.text.strip()),
            ))
    return out


def claims_in_doc(doc: Doc) -> list[Claim]:
    """All claims of a parsed doc (quotes resolve first-person speakers)."""
    from accord.nlp.quotes import quote_regions

    dm = DocMentions.build(doc)
    dm.quote_speakers = quote_regions(doc, dm)
    aid = doc._.article_id if doc.has_extension("article_id") else None
    out: list[Claim] = []
    for sent in doc.sents:
        out.extend(claims_in_sentence(sent, dm, aid))
    return out


class ClaimFinder:
    """spaCy component: sets Doc._.claims (list[accord.types.Claim])."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.claims = claims_in_doc(doc)
        return doc


def ensure_extensions() -> None:
    """Register the Doc extensions this module writes."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", default=None)
    if not Doc.has_extension("article_id"):
        Doc.set_extension("article_id", default=None)


@Language.factory("accord_claims")
def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    """Factory for the claims component."""
    ensure_extensions()
    return ClaimFinder()
