"""Acts a sentence names without reporting them as done: avoided, intended, risked, predicted.

Cues of the factuality layer (accord.nlp.factuality) for four misreadings found on real crisis
reporting: an avoidance verb governing the act ("resisted attacking", "refrained from
striking", "held off", "stopped short of": negated); an impression of someone's disposition
("appeared determined to use force": hypothetical); an act named as a threat, risk or fear
("lives under threat of being invaded": hypothetical); and the act of a present-tense temporal
clause hanging on a prediction or warning ("a world war when they start shooting", "once
troops cross", "the day China attacks": a condition, hypothetical).
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp.lexicon import FUTURE_AUX, MODAL_AUX, lemma

# avoidance: "resisted attacking", "refrained from striking", "declined to invade", "held off
# attacking", "stopped short of bombing": the act in the complement was not done
AVOIDING_VERBS = {"resist", "refrain", "avoid", "decline", "forgo", "forego", "eschew",
                  "desist", "abstain", "hesitate", "balk", "shun"}
AVOIDING_PARTICLES = {"hold": {"off", "back"}, "shy": {"away"}, "back": {"away", "off"},
                      "stop": {"short"}, "stay": {"away"}, "steer": {"clear"}}
AVOIDED_PREPS = {"from", "of", "on", "at"}
# evidential verbs: "X appeared determined to ...", "seemed poised to ...": an impression
EVIDENTIAL = {"appear", "seem", "look"}
# a temporal clause of a prediction or warning ("a world war when they start shooting",
# "once troops cross", "the day they attack"): its act is a condition, not a report
TEMPORAL_CONDITION_MARKS = {"when", "once", "whenever", "until", "till"}
# "under constant threat of being invaded", "the risk of a war", "fears that X will strike":
# the act these nouns name is a possibility, not a report
RISK_NOUNS = {"threat", "risk", "danger", "fear", "prospect", "possibility", "spectre",
              "specter", "likelihood", "chance", "menace", "scenario", "contingency",
              "probability", "odds"}
COPULA_FORMS = {"is", "are", "'s", "'re"}  # (the lemma of a curly "’s" is not always "be")
TEMPORAL_CONDITION_NOUNS = {"day", "moment", "minute", "instant", "second", "hour", "time"}


def avoidance_head(tok: Token) -> Token | None:
    """The verb of avoidance whose complement holds the act tok ("resisted attacking",
    "refrained from striking", "declined to invade", "held off attacking", "stopped short of
    bombing", "refrained from any strike"), or None. Only complements are followed: "resisted
    the attack" is someone else's attack, resisted."""
    t = tok
    for _ in range(4):
        h = t.head
        if h == t:
            return None
        dep = t.dep_
        if dep == "prep":
            if lemma(t) not in AVOIDED_PREPS:
                return None
        elif dep in ("advcl", "dobj"):
            if t.tag_ != "VBG":
                return None  # "held off attacking", "avoided striking" (a gerund only)
        elif dep == "advmod":
            if not any(t.lower_ in v for v in AVOIDING_PARTICLES.values()):
                return None  # "stopped short of": the act hangs on "short"
        elif dep not in ("xcomp", "pcomp", "pobj"):
            return None
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            lem = lemma(h)
            parts = AVOIDING_PARTICLES.get(lem, set())
            if lem in AVOIDING_VERBS or any(
                    k.dep_ in ("prt", "advmod", "acomp", "prep") and k.lower_ in parts
                    for k in h.children):
                return h
            if dep != "xcomp":
                return None  # another verb's complement: not avoided
        t = h
    return None


def risked(tok: Token) -> bool:
    """Is tok an act named as a threat, risk, fear or prospect ("under threat of being
    invaded", "the risk of war", "fears that X could strike")?"""
    t = tok
    for _ in range(4):
        h = t.head
        if h == t:
            return False
        if t.dep_ == "prep" and lemma(t) != "of":
            return False
        if t.dep_ not in ("pobj", "pcomp", "prep", "acl", "ccomp"):
            return False
        if h.pos_ == "NOUN" and lemma(h) in RISK_NOUNS:
            return True
        if h.pos_ in ("VERB", "AUX"):
            return False
        t = h
    return False


def evidential(tok: Token) -> bool:
    """Is tok's clause only how things look ("appeared determined to use force", "seems
    poised to strike", "appears to be preparing")?"""
    t = tok
    for _ in range(4):
        if t.head == t or t.dep_ not in ("xcomp", "acomp", "oprd", "conj"):
            return False
        t = t.head
        if lemma(t) in EVIDENTIAL and t.pos_ in ("VERB", "AUX"):
            return True
    return False


def _present(v: Token) -> bool:
    """A clause in the present tense (present or present perfect, no past auxiliary)."""
    auxes = [k for k in v.children if k.dep_ in ("aux", "auxpass")]
    if any(k.tag_ in ("VBD", "MD") for k in auxes):
        return False
    if auxes:
        return any(k.tag_ in ("VBP", "VBZ") for k in auxes)
    return v.tag_ in ("VBP", "VBZ") or (v.tag_ == "NNS" and v.dep_ in ("relcl", "advcl"))
    # (a clause verb the tagger took for a plural noun: "the day China attacks")


def _unreal_main(v: Token) -> bool:
    """Is v the main clause of a prediction or warning: a future or modal ("will start",
    "would be") or a present-tense copula ("that's a world war when ...")?"""
    if any(k.dep_ == "aux" and (k.lower_ in FUTURE_AUX or k.lower_ in MODAL_AUX
                                or lemma(k) in FUTURE_AUX) for k in v.children):
        return True
    return v.tag_ in ("VBP", "VBZ") and (lemma(v) == "be" or v.lower_.replace(
        "\u2019", "'") in COPULA_FORMS)


def temporal_condition(t: Token) -> bool:
    """Is t the verb of a present-tense temporal clause ("when they start shooting", "once
    troops cross", "the day China attacks") hanging on a prediction or warning? Then its act
    is a condition of what is predicted, not something reported as done."""
    if (t.pos_ not in ("VERB", "AUX") and t.dep_ not in ("relcl", "advcl")) or not _present(t):
        return False
    marked = any(k.dep_ in ("mark", "advmod") and lemma(k) in TEMPORAL_CONDITION_MARKS
                 for k in t.children)
    h = t.head
    if t.dep_ == "advcl" and marked:
        return _unreal_main(h)
    if t.dep_ in ("relcl", "acl") and (marked or (
            lemma(h) in TEMPORAL_CONDITION_NOUNS and h.dep_ in ("npadvmod", "obl", "advmod"))):
        return _unreal_main(h.head)  # "the day China attacks, the US will intervene"; "it is
    return False  # a catastrophe when they start firing" (the clause hung on the noun)
