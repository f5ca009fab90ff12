"""Factuality of coded events: is the act reported as done, or only named?

Every event carries one mode (``Event.factuality``, PLOVER's auxiliary modes widened):
asserted (done or under way), negated ("did not", "failed to", "unable to", "could not agree",
"no plans to", "neither ... nor", "under no circumstances"), hypothetical (if/unless clauses,
modals, open questions, "potential"), proposed (drafts, proposals, plans, offers, invitations,
calls for and demands of the act: "a draft ceasefire agreement", "proposed a summit",
"pressed for X to commit"), future (will, a date after the article), historical (a date of
its own well before the article, "previously", a recalled event; a treaty's old year or
"since March" does not date the event), alleged (someone else's claim: accuse, allege,
claim, "allegedly", or another party's coming attack reported by a speaker) and denied (the
actor denies it). This module reads those cues from the parse and sets the candidate's
flags (``set_flags``, called for every trigger), then settles the one value and keeps the
old booleans consistent with it (``set_factuality``, after the type is final). Who reports
an event (``Event.source``) and acts named only in words are in accord.nlp.speech_acts.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from spacy.tokens import Token

from accord.nlp._mentions import DocMentions
from accord.nlp.act_time import clause_verb, event_date, long_before
from accord.nlp.dates import period_middle, resolve_date
from accord.nlp.frames import (
    DENYING,
    REBUTTING,
    REFUSAL_NOUNS,
    after_refusal_noun,
    allegation_head,
    negated_verb,
    negative_phrase,
    no_plan,
    proposal_frame,
)
from accord.nlp.intent import disavowal
from accord.nlp.lexicon import FUTURE_AUX, MATERIAL_CONFLICT, MODAL_AUX, lemma, lexicon
from accord.nlp.unreal import avoidance_head, evidential, risked, temporal_condition

if TYPE_CHECKING:
    from accord.nlp.candidate import EventCandidate

FUTURE_HEADS = {"plan", "intend", "schedule", "expect", "set", "due", "go", "aim", "prepare"}
HISTORICAL_ADV = {"previously", "formerly", "once", "earlier", "ago"}
HISTORICAL_AMOD = {"past", "previous", "earlier", "former", "last"}
HYPO_AMOD = {"potential", "possible", "eventual", "prospective", "future"}
# verbs that keep someone else from an act ("prevent X from attacking"): the act is not done
PREVENTING = frozenset({"prevent", "stop", "deter", "bar", "block", "keep", "discourage",
                        "dissuade", "restrain", "prohibit", "ban", "forbid"})
QUESTION_MARKS = {"whether", "if"}  # "whether the talks end in a deal": an open question
# "... remained open / unclear": the outcome in the clausal subject is not asserted
OPEN_ADJ = {"open", "unclear", "uncertain", "unknown", "undecided", "unresolved", "doubtful",
            "unsettled", "moot", "undetermined", "uncertainty", "question"}
PREPARING_VERBS = {"manufacture", "build", "develop", "produce", "acquire", "buy", "stockpile",
                   "amass", "assemble", "train", "equip", "arm", "design", "make"}
ATTEMPT_NOUNS = {"attempt", "bid", "effort", "try", "attack", "operation", "campaign"}
RECENT_DAYS = 14  # an event dated more than this before the article is background
PAST_MARKS = {"after", "when", "since", "following", "before"}
ALLEGED_ADV = {"allegedly", "purportedly", "supposedly"}
INABILITY_MODALS = {"could", "can", "ca"}  # "could not agree": failed, not hypothetical
FAILING = {"fail", "unable"}
EXPECTING = {"expect", "anticipate", "predict", "foresee", "forecast"}
IMMINENT = {"about", "poised", "ready", "bound", "likely"}  # "is about to strike"
# verbs of weighing an option: the act they take as object is considered, not done ("is
# weighing strikes on Iran", "mulling sanctions", "contemplating an offensive", "considering
# whether to retaliate")
CONSIDERING = frozenset({"weigh", "consider", "mull", "contemplate", "ponder", "debate",
                         "discuss", "study", "explore", "eye", "examine", "deliberate",
                         "entertain", "float", "evaluate", "assess"})


def considered(tok: Token) -> bool:
    """Is tok the act a verb of weighing takes as its object or complement?"""
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ == "prep" and lemma(head) in ("over", "on", "about"):
        head = head.head
    elif tok.dep_ not in ("dobj", "xcomp", "ccomp", "pobj"):
        return False
    return head.i != tok.i and head.pos_ in ("VERB", "AUX") and lemma(head) in CONSIDERING


# an act someone still has to do is not done: "has to sign off", "needs to approve" (an
# obligation: hypothetical) and "is yet to sign" (not done yet: future). "Must" is left to
# the act: the quad files label "X must continue aid to Y" with the act's own class
OBLIGATION_HEADS = {"have", "need"}
# nouns whose to-infinitive says what is sought or demanded ("pressure to", "efforts to")
GOAL_NOUNS = frozenset({"pressure", "effort", "push", "bid", "call", "demand", "plan",
                        "drive", "attempt", "try", "ultimatum", "deadline", "appeal",
                        "request", "initiative", "mandate"})
# "a history / record / pattern of shelling X": the noun sums up past acts, none of them new
RECORD_NOUNS = frozenset({"history", "record", "legacy", "pattern", "habit", "tradition"})



# =========================================================================== flags
def _chain(c: EventCandidate) -> list[Token]:
    """The clause of the event: predicate, its conjunct heads and xcomp/aux governors."""
    out = [c.pred]
    if c.trigger != c.pred:
        out.append(c.trigger)
        v = clause_verb(c.trigger) if c.pred == c.trigger else None
        if v is not None:
            out.append(v)
    t = c.pred
    for _ in range(4):
        if t.dep_ in ("conj", "xcomp") and t.head != t:
            t = t.head
            out.append(t)
        else:
            break
    return out


def _outer_clauses(c: EventCandidate) -> set[Token]:
    """The heads ``_chain`` climbs to from the predicate across a conjunct that has its own
    subject or complementizer (a clause of its own, not a shared predicate as in "did not
    attack and kill")."""
    out: set[Token] = set()
    crossed = False
    t = c.pred
    for _ in range(4):
        if not (t.dep_ in ("conj", "xcomp") and t.head != t):
            break
        if t.dep_ == "conj" and (any(k.dep_ in ("nsubj", "nsubjpass", "mark")
                                     for k in t.children) or _contrasted(t)):
            crossed = True
        t = t.head
        if crossed:
            out.add(t)
    return out


CONTRAST = {"but", "yet", "though", "although", "whereas"}
# verbs of trying: the act in their complement is sought, not done ("tried to reach a deal")
ATTEMPT_VERBS = frozenset({"try", "seek", "attempt", "strive", "endeavour", "endeavor", "work",
                           "struggle", "scramble", "race", "hope", "push", "labour", "labor"})


def imperative(t: Token) -> bool:
    """Is the verb t an imperative ("Stop the bombing now, the minister said", "they say
    'declare a ceasefire'")? A bare verb (VB) without subject, auxiliary or complementizer
    that opens its clause (at the sentence's start or right after an opening quote)."""
    if t.tag_ != "VB" or any(k.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "expl")
                             for k in t.children):
        return False
    j = t.i - 1
    sent = t.sent
    while j >= sent.start and t.doc[j].lower_ in ("please", "do", "just"):
        j -= 1
    return j < sent.start or t.doc[j].is_quote or t.doc[j].tag_ == "``"


def _irrealis_clause(t: Token, etype: str) -> bool:
    """Is ``t`` (a verb of the event's chain) a clause that names an act as sought, not
    done? Three forms: the complement of a verb of trying ("worked to broker a truce"), a
    purpose infinitive ("travelled to Cairo to reach a deal", "met to finalise the text") and
    a "for X to do Y" clause ("the next step is for X to accept"). An attempt at force is
    force (CAMEO codes an attempted attack as one), and force named as a purpose usually
    came with the means ("used drones to strike"): the first two forms leave material
    conflict as it is, and a meeting that is the purpose of a trip is the trip ("flew to X
    to meet Y"); "for X to strike" is irrealis whatever the act."""
    to_inf = any(k.dep_ == "aux" and k.tag_ == "TO" for k in t.children)
    if t.dep_ == "advcl" and to_inf and any(k.dep_ == "mark" and lemma(k) == "for"
                                            for k in t.children):
        return True
    if etype in MATERIAL_CONFLICT:
        return False
    if t.dep_ == "xcomp" and lemma(t.head) in ATTEMPT_VERBS:
        return True
    # a trip to meet is a meeting ("flew to Tehran to meet X"): the visit is the consultation;
    # the purpose of an act announced ("will act firmly to defend X") is announced with it
    # (future, as its head)
    return etype != "CONSULT" and t.dep_ == "advcl" and to_inf and not any(
        k.dep_ in ("nsubj", "nsubjpass", "mark") for k in t.children) and not any(
        k.dep_ == "aux" and (lemma(k) in FUTURE_AUX or k.lower_ in FUTURE_AUX)
        for k in t.head.children)


def _contrasted(conj: Token) -> bool:
    """Is the conjunct joined by a contrast ("unable to agree on X, but came to terms on
    Y")? A contrast opens a clause of its own polarity even without its own subject."""
    head = conj.head
    return any(k.dep_ == "cc" and k.lower_ in CONTRAST and head.i < k.i < conj.i
               for k in head.children) or any(
        k.dep_ == "cc" and k.lower_ in CONTRAST for k in conj.children)


def set_flags(c: EventCandidate, anchor: dt.date | None, dm: DocMentions | None = None) -> None:
    chain = _chain(c)
    outer = _outer_clauses(c)
    lex_hist = False
    backshift = _reported_past(c.pred)
    for t in chain:
        kids = list(t.children)
        if t in outer:
            # a conjunct with its own subject or "that" is a clause of its own: the other
            # clause's negation and modals stay there ("it would not be intimidated and that
            # its soldiers remained on alert"); a fronted time ("Last time ...") still counts
            kids = [k for k in kids if k.dep_ not in ("neg", "aux", "advmod", "preconj",
                                                      "det", "cc")]
        for k in kids:
            lem = lemma(k)
            if k.dep_ == "neg" or (lem in ("never",) and k.dep_ == "advmod"):
                c.negated = True
            if k.dep_ in ("preconj", "advmod", "det", "cc") and lem == "neither":
                c.negated = True  # "has neither declared war ... nor made any plan"
            if k.dep_ == "prep" and negative_phrase(k):
                c.negated = True  # "under no circumstances will we accept"
            if k.dep_ == "advmod" and lem in ALLEGED_ADV:
                c.alleged = c.hypothetical = True  # "allegedly fired by X"
            if k.dep_ == "aux" or k.tag_ == "MD":
                if lem in FUTURE_AUX or k.lower_ in FUTURE_AUX:
                    c.future = True
                elif (lem in MODAL_AUX or k.lower_ in MODAL_AUX) and not (
                        k.lower_ in INABILITY_MODALS and negated_verb(t)):
                    c.hypothetical = True  # "could not agree" is a failure, not a maybe
                elif lem == "have" and t.tag_ == "VBN" and k.tag_ == "VBD" and not backshift:
                    lex_hist = True  # "had struck" (not "he said he had pressed")
            if k.dep_ == "advcl" or k.dep_ == "advmod":
                marks = {lemma(g) for g in k.children if g.dep_ == "mark"}
                if "if" in marks or "should" in marks:
                    c.hypothetical = True
                if "unless" in marks:
                    c.conditional = True
                    c.hypothetical = True
            if k.dep_ in ("npadvmod", "advmod", "prep", "obl"):
                sub = [lemma(g) for g in k.subtree]
                if lem in HISTORICAL_ADV - {"ago"} and not (lem == "earlier" and len(sub) > 1):
                    lex_hist = True  # "previously", "earlier" (not "earlier today")
                if "ago" in sub and resolve_date(" ".join(g.text for g in k.subtree),
                                                 anchor) is None:
                    lex_hist = True  # "years ago"; "three days ago" is left to its date
                if k.dep_ == "advmod" and k.lower_ == "last" and k.tag_ == "RB":
                    lex_hist = True  # "after it last declined"
                if lem == "time" and {"last", "previous"} & set(sub):
                    lex_hist = True
            if k.dep_ == "mark" and lem in ("if", "unless"):
                c.hypothetical = c.condition = True  # the condition of a threat or promise
                c.conditional = c.conditional or lem == "unless"
        if t.dep_ == "advcl" and t.tag_ in ("VBD", "VBN") and any(
                k.dep_ == "mark" and lemma(k) == "since" for k in t.children):
            lex_hist = True  # "tensions have risen since Serbs withdrew": the withdrawal is past
        if t in outer:
            continue  # "failed to agree on X, but they agreed to Y": Y's clause is its own
        if lemma(t) == "fail" or (t.dep_ == "xcomp" and lemma(t.head) in FAILING):
            c.negated = True  # "failed to agree", "unable to reach a settlement"
        if t.dep_ in ("acl", "xcomp") and lemma(t.head) in REFUSAL_NOUNS or (
                after_refusal_noun(t)):
            c.negated = True  # "Ethiopia's refusal to accept": the act is not done
        if t.dep_ == "conj" and any(k.dep_ == "cc" and k.lower_ == "nor" for k in t.head.children):
            c.negated = True
        if t.dep_ == "conj" and any(k.lower_ == "nor" for k in t.children if k.dep_ == "cc"):
            c.negated = True
        if t.dep_ == "xcomp" and (lemma(t.head) in FUTURE_HEADS
                                  or t.head.lower_ in IMMINENT):
            c.future = True  # "plans to", "is about to", "poised to"
        if t.dep_ == "xcomp" and any(k.dep_ == "aux" and k.tag_ == "TO" for k in t.children):
            if lemma(t.head) in OBLIGATION_HEADS and t.head.pos_ in ("VERB", "AUX"):
                c.hypothetical = True  # "still has to sign off on the measures"
            elif any(k.lower_ == "yet" for k in t.head.children):
                c.future = True  # "the two leaders are yet to sign the deal"
        if t.dep_ in ("ccomp", "xcomp") and lemma(t.head) in EXPECTING and any(
                k.dep_ == "aux" and k.tag_ == "TO" for k in t.children):
            c.future = True  # "expects Iran to launch an attack": a prediction, not an act
        if temporal_condition(t):
            c.hypothetical = c.condition = True  # "... a world war when they start shooting"
        if _irrealis_clause(t, c.etype):
            c.hypothetical = True  # "tried to reach a deal", "met to finalise", "for X to"
        if t.dep_ == "pcomp" and lemma(t.head) == "from" and lemma(t.head.head) in PREVENTING:
            c.hypothetical = True  # "to prevent the group from conducting attacks"
        if imperative(t):
            c.proposed = True  # "'Declare a ceasefire,' the envoy told X": a call for it
    trig = c.trigger
    for k in trig.children:
        if k.dep_ == "det" and lemma(k) == "no":
            c.negated = True
        if k.dep_ == "amod" and lemma(k) in HYPO_AMOD:
            c.hypothetical = True
        if k.dep_ == "amod" and lemma(k) in HISTORICAL_AMOD - {"last"}:
            lex_hist = True
        if k.dep_ == "prep" and lemma(k) == "without":
            pass
    if trig.dep_ == "pobj" and lemma(trig.head) == "without":
        c.negated = True
    for tok in {c.pred, trig}:
        if (tok.dep_ in ("pcomp", "pobj") and lemma(tok.head) == "of"
                and lemma(tok.head.head) in RECORD_NOUNS):
            lex_hist = True  # "the government's history of gassing its own people"
        if considered(tok):
            c.hypothetical = True  # "is weighing strikes on Iran": an option, not an act
    if c.pred.i != trig.i and lemma(c.pred) in CONSIDERING and trig in c.pred.subtree:
        c.hypothetical = True
    # clauses hanging under "a past incident" / "the previous war"
    for anc in c.pred.ancestors:
        if anc.pos_ == "NOUN" and any(
            g.dep_ == "amod" and lemma(g) in {"past", "previous", "earlier"} for g in anc.children
        ):
            lex_hist = True
            break
        if anc.dep_ == "ROOT":
            break
    if _in_question(c.pred) or (c.trigger != c.pred and _in_question(c.trigger)):
        c.hypothetical = True
    if risked(c.trigger) or (c.trigger != c.pred and risked(c.pred)):
        c.hypothetical = True  # "lives under the threat of being invaded"
    if evidential(c.pred):
        c.hypothetical = True  # "X appeared determined to use force": an impression
    avoid = avoidance_head(c.trigger if c.trigger.pos_ in ("NOUN", "PROPN") else c.pred)
    if avoid is not None:  # "resisted attacking"; "did not hesitate to strike" is done
        c.negated = not any(k.dep_ == "neg" for k in avoid.children)
    frame = allegation_head(c.pred) or (
        allegation_head(c.trigger) if c.trigger != c.pred else None)
    if frame is not None:
        c.hypothetical = True
        c.frame = frame
        if lemma(frame) in DENYING or lemma(frame) in REBUTTING:
            c.denied = True
        else:
            c.alleged = True
    if frame is None and _contested(c.pred):
        c.alleged = c.hypothetical = True  # "X said Y fired, which Y denied": disputed
    if proposal_frame(c.trigger) or (c.trigger != c.pred and proposal_frame(c.pred)):
        c.proposed = True
        if no_plan(c.trigger) or no_plan(c.pred):
            c.negated = True  # "has no plans to invade"
    disavowed = disavowal(c.trigger) or (disavowal(c.pred) if c.trigger != c.pred
                                         else None)
    if disavowed == "negated":
        c.negated = True  # "no intention of attacking", "ruled out military action"
    elif disavowed == "hypothetical":
        c.hypothetical = True  # "has not ruled out the use of force": left open
    head_lem = lemma(c.pred.head)
    purpose = (c.pred.dep_ in ("acl", "relcl") and head_lem not in ATTEMPT_NOUNS
               and head_lem not in lexicon()["nouns"]) or (
        c.pred.dep_ == "advcl" and lemma(c.pred.head) in PREPARING_VERBS)
    if purpose and any(k.dep_ == "aux" and k.tag_ == "TO" for k in c.pred.children):
        c.hypothetical = True  # "weapons to use against X", "built missiles to strike X"
    if _goal_infinitive(c):
        c.hypothetical = True  # "pressure to help arrange a truce", "gave X until 6 pm to
        # withdraw", "efforts to secure a ceasefire": a goal or a demand, not an act done
    if _subject_of_modal(c.trigger):
        c.hypothetical = True  # "attacks on Pakistani soil would mark a new step"
    c.date, attached, precision, c.date_basis = event_date(c.pred, c.trigger, _chain(c),
                                                           anchor)
    c.date_precision = precision
    if (c.future and attached and c.date is not None and anchor is not None
            and c.date < anchor and c.date_basis == "relative" and precision == "day"
            and (anchor - c.date).days < 7):
        # "will take effect on Monday": a bare weekday of an act still to come is the next
        # such day, not the last one (resolve_date reads weekdays as past, as news does)
        c.date = c.date + dt.timedelta(days=7)
    recent = False
    if c.date is not None and anchor is not None:
        delta = (c.date - anchor).days
        middle = (period_middle(c.date, precision) - anchor).days
        recent = attached and middle >= -RECENT_DAYS
        if delta > 0:
            c.future = True
        elif attached and (delta < -180 or middle < -RECENT_DAYS):
            lex_hist = True  # a date of its own (an old year elsewhere in the sentence, e.g.
            # of a treaty a current suspension refers to, does not date this event)
    if long_before(c.pred):
        lex_hist = True  # "X struck on Saturday, weeks after Y attacked": Y's act is past
    if _counted_wars(c):
        lex_hist = True  # "have fought two wars since the 1990s": a summary of history
    if not recent and habitual(c):
        lex_hist = True  # "frequently harass", "has carried out hundreds of strikes in
        # recent years": a pattern told as background, not an act of the news
    if not lex_hist and not recent:  # a recent date of its own outweighs the context
        lex_hist = _after_past_event(chain) or _recalled(c, dm)
    c.historical = lex_hist and not c.future


COUNTED_WAR_NOUNS = frozenset({"war", "conflict"})
SEVERAL = frozenset({"several", "many", "multiple", "numerous", "repeated"})


def _counted_wars(c: EventCandidate) -> bool:
    """The act is a count of wars ("have fought three wars", "fought several wars over
    Kashmir"): a summary of past conflicts told as background, not a war being fought now."""
    for t in {c.trigger, *(k for k in c.pred.children if k.dep_ == "dobj")}:
        if lemma(t) in COUNTED_WAR_NOUNS and t.tag_ == "NNS" and any(
                k.dep_ == "nummod" or lemma(k) in SEVERAL for k in t.children):
            return True
    return False


HABITUAL_ADVERBS = frozenset({"frequently", "regularly", "routinely", "often", "occasionally",
                              "periodically", "habitually", "sometimes", "constantly",
                              "typically", "usually"})
# not "repeatedly": "have repeatedly called on X to ..." reports the latest call too
HABITUAL_ADJECTIVES = frozenset({"occasional", "frequent", "regular", "repeated", "periodic",
                                 "routine", "sporadic", "past", "previous", "earlier"})
SPAN_NOUNS = frozenset({"year", "decade"})


def habitual(c: EventCandidate) -> bool:
    """An act told as a pattern: an adverb of frequency on its verb ("frequently harass"), a
    frequency adjective on its noun ("occasional incursions"), or a span of years on its
    clause ("in recent years", "over the years", "for years", "over the past decade")."""
    heads = {c.pred, c.trigger}
    for h in heads:
        for k in h.children:
            if k.dep_ == "advmod" and k.lower_ in HABITUAL_ADVERBS:
                return True
            if k.dep_ == "amod" and k.lower_ in HABITUAL_ADJECTIVES and h.pos_ == "NOUN":
                return True
            if k.dep_ == "prep" and k.lower_ in ("in", "over", "for", "during"):
                for g in k.children:
                    if g.dep_ == "pobj" and lemma(g) in SPAN_NOUNS and (
                            g.tag_ == "NNS" or any(a.lower_ in ("past", "last")
                                                   for a in g.children)):
                        return True
    return False


def _subject_of_modal(trig: Token) -> bool:
    """Is a noun act the subject of a clause with a would/could/might ("attacks on its soil
    would mark an unprecedented move", "a strike could trigger a war")? It is weighed as a
    possibility, not reported as done."""
    t = trig
    for _ in range(4):  # up from the object of a gerund subject ("launching attacks on X")
        if t.dep_ in ("nsubj", "csubj"):
            return (t.pos_ in ("NOUN", "PROPN") or t.tag_ == "VBG") and any(
                k.dep_ == "aux" and k.lower_ in ("would", "could", "might", "may")
                for k in t.head.children)
        if t.dep_ not in ("conj", "dobj", "compound") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _goal_infinitive(c: EventCandidate) -> bool:
    """Whether the event's clause is a to-infinitive giving the content of a pressure, effort,
    call or plan ("efforts to secure a ceasefire", "under pressure to help arrange a truce",
    parsed as hanging on "faced ... pressure") or of a deadline ("gave the army until noon to
    withdraw", "gave them 48 hours to leave"): sought or demanded, not done. Force after an
    attempt noun stays force ("an attempt to storm the compound"). Narrow on purpose: every
    to-infinitive adverbial (goals of any act) cost 0.012 macro-F1 on the quad file."""
    for t in _chain(c):
        if t.dep_ not in ("advcl", "acl") or t.pos_ != "VERB" or not any(
                k.dep_ == "aux" and k.tag_ == "TO" for k in t.children):
            continue
        head = lemma(t.head)
        if t.dep_ == "acl" and head in GOAL_NOUNS:
            if head in ATTEMPT_NOUNS and c.etype in MATERIAL_CONFLICT:
                continue
            return True
        if t.dep_ == "advcl" and (head == "give" or any(
                k.dep_ in ("dobj", "pobj", "attr") and lemma(k) in GOAL_NOUNS
                for k in t.head.children)):
            return True
    return False


def _contested(pred: Token) -> bool:
    """A report followed by its denial in a which-clause ("Cambodian troops had fired on Thai
    positions, which Cambodia denied"): one side's claim, not an established act."""
    return any(k.dep_ in ("advcl", "relcl", "ccomp") and lemma(k) in DENYING | {"dispute"}
               and any(g.tag_ == "WDT" or g.lower_ == "which" for g in k.children)
               for k in pred.children)


def _reported_past(pred: Token) -> bool:
    """Is pred in a clause reported by a past-tense verb ("he said he had pressed")? Then a
    past perfect is the report's tense shift, not a sign of an older event."""
    t = pred
    for _ in range(6):
        if t.head == t:
            return False
        if t.dep_ == "ccomp" and t.head.tag_ == "VBD":
            return True
        if t.dep_ not in ("conj", "xcomp", "prep", "pcomp", "pobj", "dobj", "advcl"):
            return False
        t = t.head
    return False


def _in_question(tok: Token) -> bool:
    """Is tok inside an open question or an unresolved outcome: a clause opened by
    "whether"/"if" or a clausal subject of "remained open/unclear"?"""
    t = tok
    for _ in range(10):
        if any(k.dep_ == "mark" and lemma(k) in QUESTION_MARKS for k in t.children):
            return True
        if t.dep_ == "csubj" and (lemma(t.head) in OPEN_ADJ or any(
                k.dep_ in ("acomp", "attr", "oprd") and lemma(k) in OPEN_ADJ
                for k in t.head.children)):
            return True
        if t.head == t or t.dep_ in ("ROOT",):
            return False
        t = t.head
    return False


def _after_past_event(chain: list[Token]) -> bool:
    """"... after it last declined", "... when they last met": an event placed after an
    earlier, explicitly past one is itself in the past."""
    for t in chain:
        for k in t.children:
            if k.dep_ != "advcl":
                continue
            marks = {lemma(g) for g in k.children if g.dep_ == "mark"}
            if marks & PAST_MARKS and any(g.dep_ == "advmod" and g.lower_ == "last"
                                          and g.tag_ == "RB" for g in k.children):
                return True
    return False


def _recalled(c: EventCandidate, dm: DocMentions | None) -> bool:
    """An event described in a relative clause or appositive of a noun that a referring verb
    points back to ("pointed to X, the strike that hit Y", "recalled the war in which ..."),
    or of a named operation ("Operation X, which struck ..."): background, not news."""
    referring = lexicon()["_referring"]
    t = c.pred if c.trigger == c.pred else c.trigger
    described = t.pos_ in ("NOUN", "PROPN")
    for _ in range(10):
        if t.head == t:
            return False
        dep, h = t.dep_, t.head
        if dep in ("relcl", "acl", "appos"):
            described = True
        elif dep not in ("dobj", "pobj", "prep", "conj", "compound", "attr", "oprd"):
            return False
        if (h.pos_ == "PROPN" and described and dep in ("appos", "relcl", "acl")
                and dm is not None and dm.entity_at(h) is None
                and h.ent_type_ in ("EVENT", "WORK_OF_ART", "PRODUCT", "")
                and c.pred.tag_ == "VBD"):
            return True  # "Operation X, the raid that hit Y": a named past operation
        if h.pos_ in ("VERB", "AUX"):
            return described and lemma(h) in referring
        t = h
    return False


# =========================================================================== factuality
def set_factuality(c: EventCandidate) -> None:
    """The event's one factuality, and the old flags made consistent with it: negated only
    for "negated"; hypothetical for hypothetical, proposed, alleged and denied (none of them
    happened as reported); historical and future for their own values."""
    if c.denied:
        f = "denied"
    elif c.negated:
        f = "negated"
    elif c.alleged:
        f = "alleged"
    elif c.proposed and not c.stated:
        f = "proposed"
    elif c.historical:
        f = "historical"
    elif c.stated or (c.own_intent and c.etype == "THREATEN"):
        f = "asserted"  # a refusal or threat stated now: the speech act happened
    elif c.hypothetical or c.conditional:
        f = "hypothetical"
    elif c.future:
        f = "future"
    else:
        f = "asserted"
    c.factuality = f
    c.negated = f == "negated"
    c.hypothetical = f in ("hypothetical", "proposed", "alleged", "denied")
    c.historical = f == "historical"
    c.future = f == "future"
