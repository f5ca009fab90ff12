"""Stated intent that is not an act: denials of intent, ruling out, offers and readiness.

A reader of "X has no intention of going to war with Y", "X has shown no signs of agreeing",
"X does not seek a confrontation" or "X ruled out military action" learns that the act is
*not* happening; "X is ready to go to Y's capital", "X is willing to negotiate" or "X offered
to host talks" reports an offer, not a deal. These tests read the parse only (lemmas, labels,
heads), so the factuality stage can call them without the event coder's helpers.
"""

from __future__ import annotations

from spacy.tokens import Token

# nouns of intent or evidence of it; with "no" (or under a negated verb) the act they name
# is not intended: "no intention of", "no plans to", "no sign of", "no appetite for"
INTENT_NOUNS = frozenset({"intention", "intent", "plan", "desire", "wish", "interest",
                          "sign", "indication", "appetite", "willingness", "inclination",
                          "aim", "ambition", "design", "thought"})
# nouns of approach to an act: "no progress towards a deal", "little headway on a truce",
# "no breakthrough in the talks on a ceasefire": the act they lead to has not come
PROGRESS_NOUNS = frozenset({"progress", "headway", "breakthrough"})
# verbs of seeking or intending; negated ("does not seek/intend/want"), the act is disavowed
INTENT_VERBS = frozenset({"seek", "intend", "want", "wish", "plan", "mean", "aim", "desire",
                          "look", "contemplate", "envisage", "consider"})
# "rule out" / "exclude" an act: not intended; "has not ruled out": left open
EXCLUDING = frozenset({"exclude", "preclude"})
# heads of an offer or of readiness: the cooperation they govern is offered, not done
OFFER_HEADS = frozenset({"offer", "propose", "ready", "willing", "prepared", "open",
                         "volunteer"})
INTENT_PATH = frozenset({"pobj", "prep", "pcomp", "xcomp", "dobj", "acl", "compound", "amod",
                         "conj"})


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def _negated(t: Token) -> bool:
    return any(k.dep_ == "neg" or (k.dep_ == "advmod" and k.lower_ == "never")
               for k in t.children)


def _no_det(t: Token) -> bool:
    return any(k.dep_ == "det" and k.lower_ in ("no", "little") for k in t.children)


def _ruling_out(v: Token) -> bool:
    return (_lem(v) == "rule" and any(k.dep_ == "prt" and k.lower_ == "out"
                                      for k in v.children)) or _lem(v) in EXCLUDING


def disavowal(tok: Token) -> str | None:
    """"negated" when tok is an act its actor disavows ("has no intention of attacking",
    "shown no signs of agreeing", "does not seek a war", "ruled out military action"),
    "hypothetical" when the disavowal is itself denied ("has not ruled out the use of
    force"), else None. Climbs from tok through its phrase to the first clause verb."""
    t = tok
    for _ in range(7):
        h = t.head
        if h == t or t.dep_ not in INTENT_PATH:
            return None
        if h.pos_ in ("NOUN", "PROPN") and _lem(h) in INTENT_NOUNS | PROGRESS_NOUNS and t.dep_ in (
                "prep", "acl", "pcomp", "xcomp"):
            if _no_det(h):
                return "negated"
            if h.dep_ in ("dobj", "attr") and _negated(h.head):
                return "negated"  # "does not have any intention of"
        if h.pos_ in ("VERB", "AUX"):
            if t.dep_ in ("dobj", "xcomp") and _ruling_out(h):
                return "hypothetical" if _negated(h) else "negated"
            if t.dep_ in ("dobj", "xcomp") and _lem(h) in INTENT_VERBS and _negated(h):
                return "negated"
            if any(k.dep_ in ("nsubj", "nsubjpass") for k in h.children):
                return None  # a clause of its own: the disavowal, if any, is not of tok
        t = h
    return None


def offered(pred: Token) -> bool:
    """Is pred the head of an offer or of readiness ("offered to", "ready to", "willing to",
    "prepared to", "open to")? What it governs is offered, not agreed."""
    return _lem(pred) in OFFER_HEADS or pred.lower_ in OFFER_HEADS
