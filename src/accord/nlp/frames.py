"""Frames an act can sit in that say it was not done: allegations and proposals.

"X accused Y of shelling the town": the shelling is alleged (or denied, when its subject
rejects the claim); "a draft plan providing for a withdrawal": the withdrawal is proposed.
These tests read the parse only (lemmas, labels, heads); the factuality stage
(:mod:`accord.nlp.factuality`), the trigger stage and the claims reader call them.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from accord.nlp.lexicon import lemma, lexicon
from accord.nlp.noun_events import continued_event

# verbs and nouns presenting someone else's act as alleged, not established
ALLEGING = {"accuse", "allege", "claim", "deny", "blame", "charge", "suspect", "accusation",
            "allegation", "denial", "suspicion"}
CLAIM_NOT_ALLEGING = {"responsibility", "credit", "victory"}  # "claimed responsibility for"
DENYING = {"deny", "denial"}  # an actor denying an act: the act is denied, not alleged
# verbs that throw out a claim made against their subject ("rejected / dismissed / rebutted
# claims that it had shelled the town"): the act claimed is denied
REBUTTING = {"reject", "dismiss", "rebut", "refute", "deny", "disown", "repudiate"}
REFUSAL_NOUNS = {"refusal", "rejection", "failure", "inability", "reluctance"}
# what makes an act only proposed: a proposal, plan, draft, offer or demand that names it
PROPOSAL_NOUNS = {"proposal", "plan", "draft", "offer", "initiative", "memorandum", "blueprint",
                  "roadmap", "idea", "suggestion", "demand", "request", "appeal", "proposition",
                  "invitation", "ultimatum"}
CALL_NOUNS = {"call", "push", "pressure", "plea"}  # "a call for X", "pressure to do X"
PROPOSAL_AMOD = {"draft", "proposed", "planned", "suggested", "tentative", "mooted"}
PROPOSAL_PATH = {"pobj", "prep", "compound", "dobj", "acl", "xcomp", "pcomp", "conj", "appos",
                 "amod", "nmod"}
PROVIDING_VERBS = {"include", "outline", "envisage", "envision", "foresee", "stipulate",
                   "provide", "contain", "call", "propose", "set", "lay", "require", "entail"}
# parts of a plan or deal whose providing verb names terms, not acts done ("phase two
# provides for the release of ..."; "the accord stipulates a withdrawal")
PROVISION_NOUNS = {"phase", "stage", "clause", "article", "provision", "term", "section",
                   "framework", "text", "deal", "agreement", "accord", "treaty", "resolution",
                   "package", "document", "arrangement", "pact", "protocol", "annex"}


ALLEGATION_PATH = {"pcomp", "pobj", "prep", "ccomp", "xcomp", "conj", "acl", "dobj", "advcl",
                   "relcl"}


def in_allegation(tok: Token) -> bool:
    """Is tok an act that someone else alleges, blames or denies ("accused X of supporting
    Y", "blamed X for the attack", "denied that it had struck", "the alleged raid")? Such an
    act is reported, not established."""
    return allegation_head(tok) is not None


def allegation_head(tok: Token) -> Token | None:
    """The word that presents tok as someone's allegation or denial (the verb or noun
    "accused", "claim", "denied" ...; tok itself for "the alleged raid"), or None. Of nested
    frames ("denied X's claim that it had ...") the outermost denial wins."""
    if any(k.dep_ == "amod" and lemma(k) in {"alleged", "suspected", "purported"}
           for k in tok.children):
        return tok
    found = None
    t = tok
    via_relcl = False
    for _ in range(8):
        h = t.head
        if h == t or t.dep_ not in ALLEGATION_PATH:
            break
        if lemma(h) in ALLEGING and h.pos_ in ("VERB", "NOUN"):
            if t.dep_ == "conj" and t.pos_ == "VERB" and h.pos_ == "VERB":
                break  # "denied firing and accused X": a second act of the same speaker
            if lemma(h) == "claim" and any(
                    lemma(k) in CLAIM_NOT_ALLEGING for k in h.children if k.dep_ == "dobj"):
                break
            if lemma(h) == "claim" and t.dep_ == "dobj" and lemma(t) in lexicon()["_force"]:
                break  # "the group claimed the bombing": its own attack, owned
            found = h
            if lemma(h) in DENYING:
                break
            t = h
            continue
        if h.pos_ in ("VERB", "AUX") and t.dep_ not in ("xcomp", "conj") and not (
                via_relcl and t.dep_ in ("dobj", "nsubjpass", "nsubj")):
            break  # another clause's verb: the allegation, if any, is not about tok
        via_relcl = via_relcl or t.dep_ == "relcl"  # "a strike that killed eight": the
        # strike's clause decides whether the killing is claimed
        t = h
    if (found is not None and found.pos_ == "NOUN" and found.dep_ == "dobj"
            and lemma(found.head) in REBUTTING):
        return found.head  # "rebutted claims that it had carried out a strike": denied
    return found


def proposal_frame(tok: Token) -> bool:
    """Is tok an act that is only proposed or demanded: drafted ("a draft ceasefire"), the
    content of a proposal, plan, offer or call ("a proposal for a truce", "plans to attack"),
    the object of a proposing verb ("proposed a summit"), the act asked for ("pressed for X
    to commit"), or what a proposal provides ("the draft includes a ceasefire")?"""
    proposing, requesting = frame_verbs()
    if drafted(tok):
        return True
    t = tok
    for _ in range(8):
        h = t.head
        if h == t or (t.dep_ not in PROPOSAL_PATH and not (t.dep_ == "advcl" and any(
                k.dep_ == "mark" and k.lower_ == "for" for k in t.children))):
            return False  # (an advcl "for X to do Y" is the act asked for)
        if t.dep_ == "acl" and not (t.tag_ == "VBG" or any(
                k.dep_ == "aux" and k.tag_ == "TO" for k in t.children)):
            return False  # "the plan handed over to X" describes the plan, it is not its content
        lem = lemma(h)
        if h.pos_ in ("NOUN", "PROPN"):
            if lem in PROPOSAL_NOUNS or (lem in CALL_NOUNS and t.dep_ in ("prep", "acl")
                                         ) or drafted(h):  # "pressure to retaliate"
                return True
        elif h.pos_ in ("VERB", "AUX", "ADJ"):
            if ((lem in proposing or lem in requesting) and t.dep_ not in ("nsubj", "conj")
                    and continued_event(h) is None):  # "pressed on with" goes on
                return True
            if lem in PROVIDING_VERBS and any(
                    k.dep_ in ("nsubj", "nsubjpass") and (
                        lemma(k) in PROPOSAL_NOUNS | PROVISION_NOUNS or any(
                        lemma(g) in PROPOSAL_AMOD for g in k.children))
                    for k in h.children):
                return True  # "the draft includes a 60-day ceasefire"
            if t.dep_ not in ("xcomp", "conj"):
                return False
        t = h
    return False


@cache
def frame_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """Proposing verbs (data/verbs.yaml ``proposing_verbs``) and the verbs whose rules make a
    REQUEST governing a complement (demand, urge, call for ...)."""
    lex = lexicon()
    requesting = {lem for lem, rules in lex["verbs"].items()
                  if any(r.get("type") == "REQUEST" and r.get("govern") for r in rules)}
    return frozenset(lex.get("proposing_verbs", ())), frozenset(requesting)


def no_plan(tok: Token) -> bool:
    """Is tok the content of a proposal noun negated by "no" ("no plans to invade")?"""
    t = tok
    for _ in range(4):
        h = t.head
        if h.i == t.i or t.dep_ not in PROPOSAL_PATH:
            return False
        if h.pos_ == "NOUN" and lemma(h) in PROPOSAL_NOUNS:
            return any(k.dep_ == "det" and lemma(k) == "no" for k in h.children)
        t = h
    return False


def drafted(tok: Token) -> bool:
    """A noun with a draft/proposed modifier, at any depth of its compounds ("a draft
    ceasefire agreement")."""
    stack = [k for k in tok.children if k.dep_ in ("amod", "compound") and k.i < tok.i]
    while stack:
        k = stack.pop()
        if lemma(k) in PROPOSAL_AMOD or k.lower_ in PROPOSAL_AMOD:
            return True
        stack.extend(g for g in k.children if g.dep_ in ("amod", "compound"))
    return False


def after_refusal_noun(t: Token) -> bool:
    """"refusal… to accept" parsed apart: an infinitive right after a refusal noun."""
    to = next((k for k in t.children if k.dep_ == "aux" and k.tag_ == "TO"), None)
    if to is None:
        return False
    i = to.i - 1
    while i >= t.sent.start and t.doc[i].is_punct:
        i -= 1
    return i >= t.sent.start and lemma(t.doc[i]) in REFUSAL_NOUNS


def negative_phrase(prep: Token) -> bool:
    """"under no circumstances", "in no way", "by no means": a negation in a phrase."""
    return any(g.dep_ == "pobj" and any(d.dep_ == "det" and lemma(d) == "no"
                                        for d in g.children) for g in prep.children)


def negated_verb(t: Token) -> bool:
    return any(k.dep_ == "neg" for k in t.children)
