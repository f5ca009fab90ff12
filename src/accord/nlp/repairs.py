"""Repairs for two errors the small English model makes on wire prose.

- ``accord_typos`` (before tagging): "it's"/"it’s" followed by a noun a possessive commonly
  precedes ("it's intent to invade") is the possessive "its" misspelt. The two tokens are
  merged and normalised to "its", so the tagger and parser read a possessive; the text and
  its character offsets are unchanged.
- ``accord_repairs`` (after parsing): the wire-style sentence "Beijing on Friday suspended
  climate talks with the U.S." is parsed with the name as a verbless root and the verb as an
  adjective on its object ("suspended talks"). When a sentence's root is a name or noun, a
  time expression follows it, and the next word is a past-tense verb parsed as a modifier of
  the noun after it, the verb is made the root with the name as subject and the noun as
  object.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

# nouns a possessive "its" commonly precedes; after "it's" they mark the typo ("it's intent
# to invade" for "its intent"), never the contraction ("it's time", "it's clear")
POSSESSED = frozenset("""own intent intention intentions plan plans forces troops army military
navy soldiers government leaders leadership people citizens territory border borders ally
allies neighbour neighbours neighbor neighbors commitment commitments obligations position
stance demands sovereignty nuclear missile missiles weapons programme program embassy
ambassador president officials support decision role""".split())

# words of a time expression between a subject and its verb ("on Friday", "last week")
TIME_WORDS = frozenset("""on monday tuesday wednesday thursday friday saturday sunday yesterday
today tonight earlier later last this late early week weekend month year morning afternoon
evening night""".split())


class PossessiveTypos:
    """Merge "it" + "'s" into one token normalised to "its" before a POSSESSED noun."""

    def __call__(self, doc: Doc) -> Doc:
        low = doc.text.lower()
        if "it's" not in low and "it’s" not in low:
            return doc
        spans = [doc[t.i:t.i + 2] for t in doc[:-2]
                 if t.lower_ == "it" and not t.whitespace_
                 and doc[t.i + 1].lower_ in ("'s", "’s") and doc[t.i + 2].lower_ in POSSESSED]
        if spans:
            with doc.retokenize() as retok:
                for sp in spans:
                    retok.merge(sp, attrs={"NORM": "its"})
        return doc


def _fronted_time_verb(sent: Span) -> tuple[Token, Token, Token] | None:
    """(root, verb, object) of "NAME <time words> VERBED NOUN ..." parsed verbless."""
    root = sent.root
    if root.pos_ not in ("PROPN", "NOUN") or any(c.dep_ == "nsubj" for c in root.children):
        return None
    for t in sent[root.i - sent.start + 1:]:
        if t.lower_ in TIME_WORDS or t.ent_type_ in ("DATE", "TIME"):
            continue
        if (t.tag_ in ("VBD", "VBN") and t.pos_ == "VERB" and t.dep_ == "amod"
                and t.head.i > t.i and t.head.pos_ in ("NOUN", "PROPN")
                and t.i > root.i + 1):
            return root, t, t.head
        return None
    return None


class FrontedTimeRepair:
    """Re-attach "X on Friday suspended talks" as subject - verb - object."""

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc
        for sent in list(doc.sents):
            found = _fronted_time_verb(sent)
            if found is None:
                continue
            root, verb, obj = found
            later = [c for c in root.children if c.i > verb.i and c is not obj]
            verb.head, verb.dep_ = verb, "ROOT"
            root.head, root.dep_ = verb, "nsubj"
            obj.head, obj.dep_ = verb, "dobj"
            for c in later:
                c.head = verb
        return doc


@Language.factory("accord_typos")
def make_possessive_typos(nlp: Language, name: str) -> PossessiveTypos:
    """Factory for the component reading "it's intent" as "its intent"."""
    return PossessiveTypos()


@Language.factory("accord_repairs")
def make_fronted_time_repair(nlp: Language, name: str) -> FrontedTimeRepair:
    """Factory for the component repairing "X on Friday suspended talks"."""
    return FrontedTimeRepair()
