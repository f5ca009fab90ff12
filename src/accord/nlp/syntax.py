"""Parse helpers the trigger, role, factuality, speech-act, quote and claim stages share.

The object side of a predicate (``objects``), its subject tokens, whether a word class of
the lexicon is among some tokens (``has_class``), the passive test, the grammatical subject
of a predicate with control, conjuncts and relative clauses followed (``subject_of``), and
the agent of a passive (``agent_of``). Reads only the parse, the lexicon and the mentions'
dateline.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp._mentions import dateline_end
from accord.nlp.act_time import clause_verb
from accord.nlp.lexicon import NOT_PASSIVE, lemma, lexicon


def objects(tok: Token) -> list[Token]:
    """Object-side tokens of a predicate: dobj, passive subject, pobjs, xcomp objects."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "dative", "oprd"):
            out.append(c)
        elif c.dep_ in ("prep", "agent"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
            if c.lower_ in ("out", "away"):  # "pulled out of the talks": a two-word preposition
                out.extend(k for g in c.children if g.dep_ == "prep"
                           for k in g.children if k.dep_ == "pobj")
        elif c.dep_ == "xcomp":
            out.extend(g for g in c.children if g.dep_ == "dobj")
        elif c.dep_ == "prt":
            out.extend(g for g in c.children if g.dep_ == "pobj")
    more = []
    for o in out:
        more.extend(c for c in o.children if c.dep_ in ("conj", "compound", "appos"))
        for c in o.children:  # "a state of emergency", "a mission of observers"
            if c.dep_ == "prep" and c.lower_ == "of":
                more.extend(g for g in c.children if g.dep_ == "pobj")
    return out + more


def has_class(tokens: list[Token], cls: str) -> bool:
    words = lexicon()["_classes"].get(cls, set())
    for t in tokens:
        if lemma(t) in words or t.lower_ in words:
            return True
        if any(lemma(c) in words for c in t.children if c.dep_ in ("compound", "amod")):
            return True
    return False


def subject_tokens(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]


def is_passive(tok: Token) -> bool:
    if tok.lower_ in NOT_PASSIVE:
        return False  # "X is committed to ...": X is the actor
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl",)
    )


def subject_of(pred: Token, depth: int = 0) -> Token | None:
    skip = dateline_end(pred.sent)
    for c in pred.children:
        if c.i < skip:
            continue
        if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and not is_passive(pred)):
            return c
    for c in pred.children:  # a subject the parser hung on the auxiliary ("X however have")
        if c.dep_ == "aux" and c.i < pred.i:
            for g in c.children:
                if g.dep_ == "nsubj" and g.i >= skip:
                    return g
    if depth > 4:
        return None
    if pred.dep_ == "conj" and pred.head.pos_ not in ("VERB", "AUX", "ADJ"):
        # "X rejects and condemns ...", the first verb mis-tagged as a noun
        subj = next((k for k in pred.head.children if k.dep_ == "nsubj" and k.i >= skip), None)
        if subj is not None and pred.head.dep_ == "ROOT":
            return subj
    if pred.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp", "acomp", "oprd") and (
            pred.head != pred):
        h = pred.head
        controller = _object_controller(pred)
        if controller is not None:
            return controller
        if pred.dep_ == "pcomp":
            h = h.head
            if h.pos_ == "ADV" and h.dep_ == "advmod":
                h = h.head  # "X stopped short of bombing": X's
        if pred.dep_ == "ccomp" and not any(c.dep_ == "mark" for c in pred.children):
            return None
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            if is_passive(h) and pred.dep_ != "conj":
                return None
            return subject_of(h, depth + 1)
        if pred.dep_ == "pcomp" and h.pos_ in ("NOUN",):
            return subject_of(h.head, depth + 1) if h.head.pos_ == "VERB" else None
    if pred.dep_ == "relcl":
        return pred.head
    if pred.dep_ == "acl" and not is_passive(pred):
        return pred.head
    # noun-triggered events sitting in a prepositional phrase: the governing clause's subject
    if pred.pos_ in ("NOUN", "PROPN"):
        v = clause_verb(pred)
        if v is not None:
            return subject_of(v, depth + 1)
    return None


def _object_controller(pred: Token) -> Token | None:
    """Object control: in "accused Israel of attacking", "urged Iran to return", the one who
    attacks or returns is the main verb's direct object, not its subject."""
    if pred.dep_ == "pcomp" and lemma(pred.head) in ("of", "for"):
        verb = pred.head.head
        if verb.dep_ == "dobj" and verb.pos_ in ("NOUN", "PROPN") and (
                lemma(verb.head) in ACCUSING_VERBS):
            return verb  # "accused [Armenian forces of opening fire]": the parse hung the
            # gerund's phrase on the object itself
    elif pred.dep_ == "xcomp":
        verb = pred.head
    else:
        return None
    if verb.pos_ != "VERB" or lemma(verb) in INSTRUMENT_VERBS:
        return None  # "used US-built jets to bomb X": the user bombs, not the jets
    for c in verb.children:
        if c.dep_ == "dobj" and c.i < pred.i:
            return c
    return None


INSTRUMENT_VERBS = frozenset({"use", "employ", "utilise", "utilize", "harness"})
# verbs whose "X of/for doing Y" names X as the doer of Y
ACCUSING_VERBS = frozenset({"accuse", "blame", "suspect", "charge", "convict", "condemn",
                            "criticise", "criticize", "thank", "praise", "commend", "fault"})


def agent_of(pred: Token) -> Token | None:
    for c in pred.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and lemma(c) == "by" and is_passive(pred)):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None
