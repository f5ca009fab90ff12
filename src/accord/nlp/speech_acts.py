"""Speech acts around an event: who reports it, and acts named only in words.

Helpers of the event coder (accord.nlp.events) and its factuality layer
(accord.nlp.factuality): the speaker of a reporting, alleging or denying word
(``Event.source``); another party's coming attack reported by a speaker (alleged, not done);
a warning about the other side's attack (not a threat by the warner); the threat in "X will
respond if Y attacks"; and an accusation made by naming an act with a charge noun ("is a
violation of the treaty", "called the drills a provocation").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Span, Token

from accord.nlp._mentions import DocMentions, dedupe_refs, to_ref
from accord.nlp.act_time import clause_verb
from accord.nlp.candidate import EventCandidate
from accord.nlp.frames import DENYING, PROPOSAL_NOUNS
from accord.nlp.lexicon import (
    CONFLICT,
    FUTURE_AUX,
    MATERIAL_CONFLICT,
    MODAL_AUX,
    lemma,
    lexicon,
    mode_from_keywords,
)
from accord.nlp.phrases import entities_in, resolve_np
from accord.nlp.syntax import agent_of, subject_of
from accord.nlp.unreal import temporal_condition
from accord.types import ActorRef

# verbs of warning: "X warned that Y could attack" is X's claim about Y, not X's threat
WARNING_VERBS = {"warn", "caution", "alert"}
THREAT_WORDS = {"consequence", "revenge", "vengeance", "retaliation", "retaliate", "punish",
                "punishment", "unpunished", "regret", "price", "avenge", "repercussion"}
# how a promised response is told as force: "will respond befittingly", "would respond to
# any aggression"
RESPONSE_ADVS = frozenset({"befittingly", "forcefully", "decisively", "militarily", "strongly",
                           "firmly", "harshly", "severely", "swiftly", "resolutely",
                           "appropriately", "proportionately", "accordingly"})
AGGRESSION_NOUNS = frozenset({"aggression", "attack", "strike", "provocation", "incursion",
                              "invasion", "assault", "violation", "adventure", "misadventure"})
# "respond in a befitting manner"
MANNER_ADJS = frozenset({"befitting", "decisive", "forceful", "firm", "strong", "resolute"})
# verbs that commit forces or oneself to a response: "authorised the armed forces to respond
# to any aggression", "vowed to respond forcefully"
COMMITTING = frozenset({"authorize", "authorise", "order", "direct", "instruct", "empower",
                        "vow", "pledge", "promise", "swear"})
# "will take decisive measures", "would take all necessary steps": a threat in the idiom of
# foreign ministries
MEASURE_NOUNS = frozenset({"measure", "action", "step", "countermeasure", "response"})
FIRM_ADJS = frozenset({"decisive", "resolute", "firm", "strong", "forceful", "necessary",
                       "strict", "tough", "stern", "severe", "effective", "resolutely",
                       "reciprocal", "retaliatory", "appropriate", "all"})


def _speaker(head: Token, dm: DocMentions) -> list[ActorRef]:
    """Who utters a reporting, alleging or denying word: the subject of the verb, the
    possessor of the noun ("Baku's claim"), or the speaker of the quote it sits in."""
    mentions = []
    if head.pos_ in ("NOUN", "PROPN"):
        for k in head.children:
            if k.dep_ in ("poss", "compound", "amod"):
                mentions = entities_in(k, dm)
                if mentions:
                    break
        if not mentions:
            v = clause_verb(head)
            subj = subject_of(v) if v is not None else None
            if subj is not None:
                mentions = resolve_np(subj, dm)[0]
    else:
        subj = subject_of(head)
        if subj is not None:
            mentions = resolve_np(subj, dm)[0]
        else:
            agent = agent_of(head)
            mentions = resolve_np(agent, dm)[0] if agent is not None else []
    refs = [to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions]
    if not refs:
        ent = dm.speaker_at(head.i)
        if ent is not None:
            refs = [ActorRef(code=ent.code, name=ent.name, text=ent.text)]
    return dedupe_refs(refs)


def _reporting_head(c: EventCandidate) -> Token | None:
    """The reporting or warning verb whose complement clause holds the event ("X said Y
    would ...", "X warned that Y was preparing ...")."""
    reporting = lexicon()["_reporting"]
    t = c.pred
    for _ in range(6):
        if t.head == t:
            return None
        if t.dep_ == "ccomp" and (lemma(t.head) in reporting
                                  or lemma(t.head) in WARNING_VERBS):
            return t.head
        if t.dep_ not in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "pobj", "prep", "acomp"):
            return None
        t = t.head
    return None


def _according_to(c: EventCandidate) -> Token | None:
    """The X of "according to X" governing the event's clause, or None."""
    t = c.pred
    for _ in range(4):
        for k in t.children:
            if k.dep_ == "prep" and k.lower_ == "according":
                to = next((g for g in k.children if g.lower_ == "to"), None)
                obj = next((g for g in (to or k).children if g.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
        if t.head == t or t.dep_ not in ("conj", "xcomp", "ccomp"):
            return None
        t = t.head
    return None


def _countries(refs: list[ActorRef]) -> set[str]:
    return {r.code[:3] for r in refs}


def reported_frame(c: EventCandidate, dm: DocMentions) -> None:
    """Before the type is final: whose word the event is. An act placed in someone's mouth
    keeps the speaker as ``source``; a future or possible act of another party reported by
    a speaker ("X said Y was preparing to attack", "X warned Y could invade") is alleged,
    while the same said of the speaker's own side is its stated intent (``own_intent``)."""
    if c.frame is not None:
        c.source = _speaker(c.frame, dm)
        accused = _accused(c, dm)
        if accused:
            c.actors, c.actor_tokens = accused, []  # "blamed him for recent attacks"
            c.recipients = [r for r in c.recipients if r.code not in {a.code for a in accused}]
        if c.denied and not c.actors:
            c.actors = list(c.source)  # "denied having troops there": the denier's act
        return
    if c.proposed and not c.actors:
        c.actors = _planner(c, dm)  # "X was developing plans to attack": X's plan
    head = _reporting_head(c)
    named = False
    according = _according_to(c) if head is None else None
    if according is not None:
        # "According to Kyiv, Russian drones hit ...": the source, never a party of the act
        ms = resolve_np(according, dm)[0]
        c.source = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in ms])
        inside = {t.i for t in according.subtree}
        if inside & set(c.recipient_tokens):
            c.recipients = [r for r in c.recipients
                            if r.code not in {a.code for a in c.source}]
            c.recipient_tokens = [i for i in c.recipient_tokens if i not in inside]
        named = bool(c.source)
    elif head is None:
        ent = dm.speaker_at(c.pred.i)
        if ent is None:
            return
        c.source = [ActorRef(code=ent.code, name=ent.name, text=ent.text)]
    else:
        c.source = _speaker(head, dm)
        subj = subject_of(head)
        named = subj is not None and subj.pos_ != "PRON"
    if not c.source or not c.actors:
        return
    own = bool(_countries(c.source) & _countries(c.actors))
    unreal = c.future or c.hypothetical or _preparing(c)
    if own:
        c.own_intent = unreal
    elif unreal and named and not c.condition and not c.negated and (
            c.etype in MATERIAL_CONFLICT or (c.rule.get("intent") and any(
                k.etype in MATERIAL_CONFLICT for k in c.children))):
        c.alleged = True  # another party's coming attack, deployment ...: a claim
    elif (named and not unreal and not c.negated and not c.historical
          and not c.unnamed_attacker  # a casualty report names no attacker to dispute
          and c.etype in MATERIAL_CONFLICT
          and _countries(c.source) & _countries(c.recipients) - {"---"}):
        c.alleged = True  # "X said Y's forces had shelled its positions": the victim's word


def _accused(c: EventCandidate, dm: DocMentions) -> list[ActorRef]:
    """The one accused or blamed, when the act sits in the for/of phrase of an accusing verb
    ("blamed him for the attacks", "accused Israel of striking"): the act is theirs."""
    f = c.frame
    if f is None or f.pos_ != "VERB" or lemma(f) in DENYING:
        return []
    obj = next((k for k in f.children if k.dep_ == "dobj"), None)
    if obj is None:
        return []
    inside = {t.i for k in f.children if k.dep_ == "prep" and lemma(k) in ("for", "of")
              for t in k.subtree}
    if c.trigger.i not in inside:
        return []
    ms = resolve_np(obj, dm)[0]
    return dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in ms])


def _planner(c: EventCandidate, dm: DocMentions) -> list[ActorRef]:
    """Whose plan or proposal an act is: the subject of the clause holding the proposal noun
    ("General X was developing plans to attack")."""
    t = c.pred if c.pred != c.trigger else c.trigger
    for _ in range(4):
        if t.head == t:
            return []
        t = t.head
        if t.pos_ in ("NOUN", "PROPN") and lemma(t) in PROPOSAL_NOUNS:
            v = clause_verb(t)
            subj = subject_of(v) if v is not None else None
            if subj is None:
                return []
            ms = resolve_np(subj, dm)[0]
            return dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in ms])
    return []


def _preparing(c: EventCandidate) -> bool:
    """"was preparing to attack", "is about to invade": an act said to be coming."""
    t = c.pred
    for _ in range(3):
        if t.dep_ not in ("xcomp", "conj") or t.head == t:
            return False
        t = t.head
        if lemma(t) in ("prepare", "about", "poise", "ready", "gear"):
            return True
    return False


def warning_about_other(c: EventCandidate, dm: DocMentions) -> None:
    """"X warned that a Y invasion could be imminent": X does not threaten; the event is
    Y's act, alleged by X. Applies to a warning whose clause names another party's force."""
    if c.etype != "THREATEN" or not c.actors or not c.rule.get("govern"):
        return
    own = _countries(c.actors)
    conds = [a for k in c.children if k.condition for a in k.actors
             if a.code[:3] not in own]
    if conds and not c.recipients:  # "warned it would levy sanctions if Iraq expels ..."
        c.recipients = dedupe_refs(conds)  # the threat is aimed at the one it conditions
    kids = [k for k in c.children if not k.condition and k.actors]
    if any(_countries(k.actors) & own for k in kids):
        return  # the warner's own act is named: a threat
    if lemma(c.pred) not in WARNING_VERBS:
        return
    for k in kids:
        if not (_countries(k.actors) & own) and k.etype in CONFLICT:
            _become_alleged(c, k.etype, k.mode, k.actors, k.recipients)
            return
    for ch in c.pred.children:
        if ch.dep_ != "ccomp":
            continue
        for t in ch.subtree:
            rule = lexicon()["nouns"].get(lemma(t))
            if not rule or rule.get("type") != "ASSAULT" or temporal_condition(t):
                continue
            doers = [m for k in t.children if k.dep_ in ("amod", "poss", "compound")
                     for m in entities_in(k, dm)]
            refs = dedupe_refs([to_ref(m, dm.doc) for m in doers])
            if refs and not (_countries(refs) & own):
                targets = [r for r in c.recipients if r.code[:3] not in _countries(refs)]
                _become_alleged(c, "ASSAULT", rule.get("mode"), refs, targets)
                return


def _become_alleged(c: EventCandidate, etype: str, mode: str | None, actors: list[ActorRef],
                    recipients: list[ActorRef]) -> None:
    c.source = list(c.actors)
    c.etype, c.mode, c.actors, c.recipients = etype, mode, list(actors), list(recipients)
    c.alleged = c.hypothetical = True
    c.actor_tokens, c.recipient_tokens = [], []


def threat_idiom(tokens: list[Token]) -> bool:
    """A promise of harm without a coded act: "vowed X would pay for it", "warned of
    consequences", "would not go unpunished", "vowed revenge"."""
    for t in tokens:
        lem = lemma(t)
        if lem in THREAT_WORDS:
            return True
        if lem == "pay" and t.pos_ == "VERB" and any(
                lemma(k) in ("for", "dearly", "price", "heavy") for k in t.children):
            return True  # "X will pay for this", "pay dearly", "pay a heavy price"
    return False


def conditional_threats(cands: list[EventCandidate]) -> list[EventCandidate]:
    """"X will respond if Y attacks": the main clause of a force condition, in the future or
    a modal, is X's threat to Y (stated now), even when its verb names no act."""
    out = []
    have = {c.pred.i for c in cands}
    for c in cands:
        v = c.pred.head
        if not c.condition or c.pred.dep_ != "advcl" or c.etype not in MATERIAL_CONFLICT:
            continue
        if v.i in have or v.pos_ not in ("VERB", "AUX") or not any(
                k.dep_ == "aux" and (k.lower_ in FUTURE_AUX or k.lower_ in MODAL_AUX)
                for k in v.children):
            continue
        t = EventCandidate(v, v, "THREATEN", None, {}, False)
        t.mode = mode_from_keywords("THREATEN", list(v.subtree))
        t.explicit_recipients = [k for k in c.pred.children if k.dep_ == "nsubj"]
        t.stated = True
        out.append(t)
        have.add(v.i)
    return out


def _future_or_modal(v: Token) -> bool:
    return any(k.dep_ in ("aux", "auxpass") and (k.lower_ in FUTURE_AUX or k.lower_ in MODAL_AUX)
               for k in v.children)


def _promised_response(v: Token) -> bool:
    """"will respond befittingly", "would respond to any aggression", "any aggression will be
    responded to": a response promised as force, in the future or a modal."""
    if lemma(v) != "respond" or not (_future_or_modal(v) or (
            v.dep_ == "xcomp" and lemma(v.head) in COMMITTING)):
        return False
    if any(k.dep_ == "advmod" and k.lower_ in RESPONSE_ADVS for k in v.children):
        return True
    if any(k.dep_ == "prep" and k.lower_ == "in" and any(
            g.lower_ == "manner" and any(a.lower_ in MANNER_ADJS for a in g.children)
            for g in k.children) for k in v.children):
        return True  # "respond in a befitting manner"
    nouns = [g for k in v.children if k.dep_ == "prep" and k.lower_ == "to"
             for g in k.children if g.dep_ == "pobj"]
    nouns += [k for k in v.children if k.dep_ == "nsubjpass"]
    return any(lemma(n) in AGGRESSION_NOUNS for n in nouns)


def _firm_measures(v: Token) -> bool:
    """"will take decisive measures", "would take all necessary steps", "vowed to take
    resolute countermeasures": a threat, in the future, a modal or a vow."""
    if lemma(v) not in ("take", "adopt") or not (_future_or_modal(v) or (
            v.dep_ == "xcomp" and lemma(v.head) in COMMITTING)):
        return False
    return any(k.dep_ == "dobj" and lemma(k) in MEASURE_NOUNS and any(
        a.dep_ in ("amod", "det", "predet", "compound") and a.lower_ in FIRM_ADJS
        for a in k.children) for k in v.children)


def promised_harm(sent: Span, cands: list[EventCandidate]) -> list[EventCandidate]:
    """Threats told without a verb of threatening (THREATEN, stated now): "X said there will be
    repercussions", "X said any aggression from Y will be responded to befittingly". The
    speaker threatens; the recipient is the party named in the clause ("from India", "for
    Syria") or left to the role fallbacks."""
    have = {c.pred.i for c in cands}
    out = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or tok.i in have:
            continue
        clause = None
        if lemma(tok) == "be" and any(k.dep_ == "expl" for k in tok.children) \
                and _future_or_modal(tok) and any(
                    k.dep_ == "attr" and lemma(k) in THREAT_WORDS for k in tok.children):
            clause = tok  # "there will be repercussions"
        elif _promised_response(tok) or _firm_measures(tok):
            clause = tok
        if clause is None:
            continue
        head = clause.head if (clause.dep_ == "ccomp" and lemma(clause.head) in lexicon()[
            "_reporting"] or clause.dep_ == "xcomp" and lemma(clause.head) in COMMITTING
        ) else None  # the speaker, or the one who authorised or vowed the response
        pred = head if head is not None and head.i not in have else clause
        t = EventCandidate(pred, pred, "THREATEN", None, {}, False)
        t.mode = mode_from_keywords("THREATEN", list(clause.subtree))
        t.explicit_recipients = [g for n in clause.subtree if n.dep_ == "prep"
                                 and n.lower_ in ("from", "for", "against", "on")
                                 for g in n.children if g.dep_ == "pobj"]
        t.stated = True
        out.append(t)
        have.update({pred.i, clause.i})
    return out


@cache
def _charge_nouns() -> frozenset[str]:
    return frozenset(lexicon().get("charge_nouns", ()))


NAMING_VERBS = {"call", "describe", "brand", "term", "label", "characterize", "characterise",
                "deem", "consider", "regard", "see", "view"}


def characterisations(sent: Span, cands: list[EventCandidate]) -> list[EventCandidate]:
    """"X declared that Y's move is a violation of the treaty", "X called the drills a
    provocation": naming another's act with a charge noun is an accusation (ACCUSE) by the
    speaker against the one whose act it is."""
    lex = lexicon()
    charges = _charge_nouns()
    # "called the port deal illegal": a call with a predicate of its object is naming, not a
    # request; the charge replaces the request the verb gave
    naming_calls = {c.pred.i for c in cands if c.etype == "REQUEST" and lemma(c.pred) == "call"
                    and any(k.dep_ == "oprd" for k in c.pred.children)}
    have = {c.pred.i for c in cands} - naming_calls
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.i in have:
            continue
        lem = lemma(tok)
        target: list[Token] = []
        if lem in lex["_reporting"]:
            for ch in tok.children:
                if ch.dep_ == "ccomp" and lemma(ch) == "be" and any(
                        k.dep_ in ("attr", "acomp") and lemma(k) in charges
                        for k in ch.children):
                    target = [k for k in ch.children if k.dep_ in ("nsubj", "csubj")]
        if not target and lem in NAMING_VERBS:  # "described" reports and names
            named = [k for k in tok.children if k.dep_ in ("oprd", "attr")] + [
                g for k in tok.children if k.dep_ == "prep" and k.lower_ == "as"
                for g in k.children if g.dep_ in ("pobj", "amod", "acomp", "advmod")]
            # "called the arrests an act of intimidation": the charge may be the noun's "of"
            named += [g for k in named for p in k.children if p.dep_ == "prep"
                      and p.lower_ == "of" for g in p.children if g.dep_ == "pobj"]
            if any(lemma(k) in charges for k in named):
                target = [k for k in tok.children if k.dep_ in ("dobj", "nsubjpass")]
        if not target:
            continue
        c = EventCandidate(tok, tok, "ACCUSE", "disapprove", {}, True)
        c.explicit_recipients = target
        out.append(c)
        have.add(tok.i)
        if tok.i in naming_calls:
            cands[:] = [k for k in cands if k.pred.i != tok.i]
    return out
