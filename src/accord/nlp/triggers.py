"""Triggers of the rule coder: which words of a sentence name an act, and its PLOVER type.

The first stage of the sentence coder (accord.nlp.events): verbs matched against the lexicon
``data/verbs.yaml`` with their conditions (object class, particle, subject class), event
nouns under a light verb ("held talks", "imposed sanctions"), nouns of force with a target
("an attack on X"), requests reported by a speech verb, and the absorption of an act into
the attitude verb that governs it ("agreed to withdraw" is one AGREE). ``finalise_type``
settles the type once factuality flags and roles are known (a conditional material act is a
THREATEN, a proposal of cooperation an AGREE). Split from accord.nlp.events in December 2026
when that module passed 700 lines; it imports only lower stages (lexicon, noun events,
syntax, factuality, speech acts), never the coder itself.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from accord.nlp._mentions import DocMentions
from accord.nlp.act_time import clause_verb
from accord.nlp.candidate import EventCandidate
from accord.nlp.frames import allegation_head, proposal_frame
from accord.nlp.intent import offered
from accord.nlp.lexicon import (
    ATTITUDE_ADJ,
    COMPLEMENT_DEPS,
    CONFLICT,
    COOPERATIVE,
    DEONTIC,
    INVOLVEMENT,
    MATERIAL_CONFLICT,
    NON_ACTOR_SUBJECTS,
    PREP_LIGHT,
    lemma,
    lexicon,
    mode_from_keywords,
)
from accord.nlp.noun_events import (
    TRADE_MEASURES,
    caused_by,
    compound_event,
    continued_event,
    counted_event,
    crowd_subject,
    forceful,
    naming,
    noun_rule,
    ongoing_war,
    owned_force,
    presupposed_by,
    re_mention,
    target_prep,
    tested_weapon,
    untargeted_launch,
    weapons_test,
    witnessed_force,
)
from accord.nlp.speech_acts import (
    threat_idiom,
)
from accord.nlp.syntax import agent_of, has_class, objects, subject_tokens


def _particles(tok: Token) -> set[str]:
    return {lemma(c) for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod", "agent")}


def _match_verb(tok: Token, dm: DocMentions) -> tuple[dict | None, bool]:
    """First verb rule whose conditions hold; (rule, conditioned?)."""
    rules = lexicon()["verbs"].get(lemma(tok))
    if not rules:
        return None, False
    objs = objects(tok)
    parts = _particles(tok)
    plain = None
    for r in rules:
        conditioned = False
        if "prep" in r:
            if r["prep"] not in parts:
                continue
            conditioned = True
        if "then" in r:  # "told the envoy to leave", "demanded their diplomats leave"
            comps = [k for k in tok.subtree if k.dep_ in ("xcomp", "ccomp", "acl", "advcl")
                     and lemma(k) in r["then"] and tok.i in (k.head.i, k.head.head.i)]
            who = objs + [g for k in comps for g in k.children if g.dep_ == "nsubj"] + [
                k for k in tok.children if k.dep_ == "dative"]
            if not comps or not has_class(who, r.get("who", "diplomat")):
                continue
            conditioned = True
        elif "obj" in r:
            if not has_class(objs, r["obj"]):
                continue
            conditioned = True
        if "unless_obj" in r and has_class(objs, r["unless_obj"]):
            continue  # "provided no evidence": a statement, not aid
        if "on" in r:  # the state a verb puts its object on: "put the army on high alert"
            where = [g for k in tok.children if k.dep_ == "prep" and lemma(k) == "on"
                     for g in k.subtree]
            if not has_class(where, r["on"]):
                continue
            conditioned = True
        if "at" in r:  # where the act happens: "clashed at a meeting" (words, not arms)
            where = [g for k in tok.children if k.dep_ == "prep"
                     and lemma(k) in ("at", "during", "in") for g in k.children
                     if g.dep_ == "pobj"]
            if not has_class(where, r["at"]):
                continue
            conditioned = True
        if "pred" in r:  # what the object is called: "branded X a butcher", "X as a Y"
            preds = [t for c in tok.children if c.dep_ in ("dobj", "oprd", "attr")
                     or (c.dep_ == "prep" and c.lower_ == "as") for t in c.subtree]
            if not has_class(preds, r["pred"]):
                continue
            conditioned = True
        if "obj_kind" in r:
            if not any((m := dm.entity_at(o)) and m.entity.kind == r["obj_kind"] for o in objs):
                continue
            conditioned = True
        if "subj" in r:
            subj = [t for s in subject_tokens(tok) for t in s.subtree]
            if not has_class(subj, r["subj"]):
                continue
            conditioned = True
        if r.get("actor_subject") and any(
            lemma(sj) in lexicon()["nouns"] or lemma(sj) in NON_ACTOR_SUBJECTS
            for sj in subject_tokens(tok)
        ):
            continue
        if r.get("need_object") and not any(
            c.dep_ in ("dobj", "nsubjpass") for c in tok.children
        ):
            continue
        if r.get("need_subject") and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in tok.children
        ):
            continue  # "missiles targeting bases": a description, not an act
        if conditioned:
            return r, True
        if plain is None:
            plain = r
    return plain, False


def candidates(sent: Span, dm: DocMentions) -> list[EventCandidate]:
    lex = lexicon()
    cands: list[EventCandidate] = []
    verb_with_strong: set[int] = set()
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.lower_ in ATTITUDE_ADJ):
            if tok.pos_ == "AUX" and lemma(tok) not in lex["verbs"]:
                continue
            rule, conditioned = _match_verb(tok, dm)
            # a light verb with an event-noun object codes the noun instead
            noun_obj = None
            if lemma(tok) in lex["_light"] and any(naming(c) for c in tok.children) and not (
                    conditioned and "pred" in rule):
                continue  # "called the deployment an armada" names, it does not act (but
                # "called the leader a puppet" calls names: an accusation)
            carried = continued_event(tok)
            if carried is not None:
                continue  # "pressed on with its offensive": the offensive, from the noun side
            if lemma(tok) in lex["_light"] and not conditioned and not (
                    rule and rule.get("govern") and lemma(tok) in lex["proposing_verbs"]):
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass", "attr") and (
                        noun_rule(c) or compound_event(c)
                    ):
                        noun_obj = c
                        break
                    if c.dep_ in ("dobj", "nsubjpass") and counted_event(c) is not None:
                        noun_obj = counted_event(c)  # "carried out dozens of attacks"
                        break
                    if c.dep_ in ("prep", "prt") and lemma(c) in ("in", "on", "to", "for"):
                        for g in c.children:
                            if g.dep_ == "pobj" and noun_rule(g) and lemma(tok) in PREP_LIGHT:
                                noun_obj = g
                                break
            if noun_obj is not None:
                if lemma(tok) in BROKERING and noun_rule(noun_obj) is not None:
                    # "Turkey brokered a ceasefire between X and Y": the deal is X's and Y's
                    # (from the noun side), the mediation Turkey's
                    cands.append(EventCandidate(tok, tok, "CONSULT", "mediate",
                                                {"type": "CONSULT", "mode": "mediate"}, False))
                continue  # handled from the noun side
            if rule is None and untargeted_launch(tok):
                rule = {"type": "MOBILIZE", "mode": "weapons"}  # "launched missiles off X"
            if rule is None:
                continue
            if tok.dep_ == "acl" and tok.tag_ == "VBN" and agent_of(tok) is None and not any(
                    k.dep_ == "nsubj" for k in tok.children):
                continue  # a participle modifying a noun ("a letter handed over to X")
            if rule.get("crowd") and not crowd_subject(tok, dm):
                rule = rule.get("otherwise")  # none: only a crowd's gathering is an act
                if rule is None:
                    continue
            if lemma(tok) in ("hit", "strike") and not forceful(tok, dm):
                continue
            if lemma(tok) == "target" and rule["type"] == "ASSAULT" and not conditioned and not (
                    any(dm.entity_at(t) or t.pos_ == "PRON" or has_class([t], "military")
                        for t in subject_tokens(tok))):
                continue  # "the campaign targeted young voters": no force without a doer
            if tok.tag_ == "VBG" and any(k.dep_ in ("acl", "relcl") and lemma(k) in lex["_terminal"]
                                         for k in tok.children):
                continue  # "after fighting ended" (parsed as a gerund with an ended-clause):
                # the end of fighting, no act
            if weapons_test(tok) or untargeted_launch(tok):
                # "test-fired a missile", "fired a missile into the sea": a show of force
                rule = {"type": "MOBILIZE", "mode": "weapons"}
            cands.append(EventCandidate(tok, tok, rule["type"], rule.get("mode"), rule, conditioned))
            if conditioned:
                verb_with_strong.add(tok.i)
        elif tok.pos_ in ("NOUN", "PROPN") and (
            lemma(tok) in lex["nouns"] or lemma(tok) in TRADE_MEASURES or compound_event(tok)
            or tested_weapon(tok)
        ):
            rule = noun_rule(tok) or compound_event(tok)
            if rule is None:
                continue
            head = tok.head
            pred = None
            ongoing = False
            counter = head.head if tok.dep_ == "pobj" and head.lower_ == "of" else None
            if tok.dep_ in ("dobj", "nsubjpass", "attr") and lemma(head) in lex["_light"]:
                if any(naming(c) for c in head.children):
                    continue  # naming, not acting
                pred = head
            elif (counter is not None and getattr(counted_event(counter), "i", -1) == tok.i
                  and counter.dep_ in ("dobj", "nsubjpass")
                  and lemma(counter.head) in lex["_light"]):
                pred = counter.head  # "carried out dozens of attacks"
            elif (tok.dep_ == "pobj" and head.lower_ == "in" and rule["type"] == "AID"
                  and head.head.ent_type_ == "MONEY" and head.head.dep_ == "dobj"
                  and (lemma(head.head.head) in lex["_light"]
                       or lemma(head.head.head) in PLEDGING)):
                pred = head.head.head  # "announced $50 million in humanitarian assistance"
            elif (tok.dep_ == "pobj" and head.lower_ == "with"
                  and getattr(continued_event(head.head), "i", -1) == tok.i):
                pred = tok  # "pressed on with its offensive": under way
            elif tok.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and lemma(
                head.head) in PREP_LIGHT and lemma(head) in ("in", "on", "to", "for", "part"):
                pred = head.head
            elif (claimer := _claimed(tok)) is not None:
                pred = claimer  # "claimed responsibility for the bombing": the claimant's act
            elif tok.dep_ == "dobj" and lemma(head) in lex["proposing_verbs"]:
                pred = head  # "proposed a summit": the summit, proposed (see absorb)
            elif tok.dep_ == "dobj" and lemma(head) == "deny" and head.pos_ == "VERB":
                pred = head  # "denied the suspension of talks": the suspension, denied
            elif tok.dep_ == "dobj" and lemma(head) in lex["presenting_verbs"] and (
                    proposal_frame(tok)):
                pred = head  # "handed over a draft ceasefire agreement": a proposed agreement
            elif (rule["type"] == "REJECT" and tok.pos_ == "NOUN"
                  and any(k.dep_ == "poss" and dm.entity_at(k) for k in tok.children)):
                pred = tok  # "Ethiopia's persistent refusal to accept ...": a rejection
            elif tok.dep_ in ("nsubj",) and lemma(head) in lex["_occurrence"]:
                if lemma(head) in lex["_terminal"] and not any(
                        k.dep_ == "prt" and k.lower_ in lex["beginning_particles"]
                        for k in head.children):
                    continue  # "the talks ended": nobody did anything ("broke out": began)
                pred = head
            elif tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "nsubjpass") and lemma(
                tok.head.head) in lex["_light"]:
                pred = tok.head.head
            elif lemma(tok) in lex["_force"] and ongoing_war(tok, dm):
                pred, ongoing = tok, True  # "a pause in its war on Hamas": under way
            elif lemma(tok) in lex["_force"] and target_prep(tok, dm):
                if re_mention(tok):
                    continue  # "It was the deadliest attack on civilians in years"
                pred = clause_verb(tok) or tok
            elif (lemma(tok) in lex["_force"] or rule["type"] in ("COERCE", "RETREAT", "AGREE")
                  ) and presupposed_by(tok):
                pred = tok  # "sank after an attack by Houthi rebels": it happened;
                # "following the arrests of the premier by security forces" likewise
            elif rule["type"] in ("ASSAULT", "COERCE") and caused_by(tok):
                pred = tok  # "protests sparked by the seizure of the ballots": it happened
            elif owned_force(tok, dm):
                pred = tok  # "closed due to an Israeli airstrike": it happened
            elif witnessed_force(tok):
                pred = tok  # "witnesses reported air strikes in Khartoum": it happened
            elif (tok.dep_ == "pobj" and head.lower_ in ("in", "behind")
                  and lemma(head.head) in INVOLVEMENT and rule["type"] == "ASSAULT"
                  and allegation_head(tok) is not None):
                pred = tok  # "accused X of involvement in the killing": X's act, alleged
            elif rule["type"] == "MOBILIZE" and presupposed_by(tok, of_phrase=True):
                pred = tok  # "after a build-up of 130,000 Russian troops": it happened
            if pred is None or pred.i in verb_with_strong:
                continue
            etype = rule["type"]
            rev = lex["reversal"].get(lemma(pred), {})
            if pred != tok and etype in rev:
                etype = rev[etype]
            mode = rule.get("mode") if etype == rule["type"] else None
            cands.append(EventCandidate(tok, pred, etype, mode, rule, True, ongoing=ongoing))
    return cands


BROKERING = frozenset({"broker", "mediate", "facilitate"})

PLEDGING = frozenset({"pledge", "approve", "commit", "allocate", "earmark", "unveil"})
CLAIMING = frozenset({"claim", "take", "assume", "accept", "admit", "acknowledge"})


def _claimed(tok: Token) -> Token | None:
    """The verb of "claimed / took responsibility (or credit) for <act>" above an event noun,
    or None: the act is the claimant's, told as done by its doer."""
    if tok.dep_ == "dobj" and lemma(tok.head) == "claim" and lemma(tok) in lexicon()["_force"]:
        return tok.head  # "the group claimed the bombing"
    if tok.dep_ != "pobj" or lemma(tok.head) != "for":
        return None
    noun = tok.head.head
    if lemma(noun) not in ("responsibility", "credit") or noun.dep_ != "dobj":
        return None
    return noun.head if lemma(noun.head) in CLAIMING else None


SANCTION_NOUNS = frozenset({"sanction", "embargo"})


def _agreed_sanctions(pred: Token) -> bool:
    """"EU leaders agreed (on) a set of sanctions against Belarus", "agreed new sanctions":
    sanctions agreed among the sanctioning parties are sanctions decided."""
    nouns = [k for k in pred.children if k.dep_ == "dobj"]
    nouns += [g for k in pred.children if k.dep_ == "prep" and k.lower_ in ("on", "upon")
              for g in k.children if g.dep_ == "pobj"]
    # "agreed to draw up / to drawing up fresh sanctions against X": the sanctions decided
    steps = [k for k in pred.children if k.dep_ == "xcomp"]
    steps += [g for k in pred.children if k.dep_ == "prep" for g in k.children
              if g.dep_ == "pcomp"]
    steps = [k for k in steps if lemma(k) in IMPOSING]  # not "agreed to lift sanctions"
    nouns += [g for k in steps for g in k.children if g.dep_ == "dobj"]
    nouns += [g for n in list(nouns) for p in n.children if p.dep_ == "prep" and p.lower_ == "of"
              for g in p.children if g.dep_ == "pobj"]  # "a set / package of sanctions"
    return any(lemma(n) in SANCTION_NOUNS for n in nouns)


def finalise_type(c: EventCandidate) -> None:
    """Attitude verbs take their type from the complement; future/conditional conversions."""
    if (c.etype == "AGREE" and lemma(c.pred) in CONSENSUAL
            or c.etype == "SUPPORT" and lemma(c.pred) in ADOPTING) and not c.negated and (
            _agreed_sanctions(c.pred)):
        c.etype, c.mode = "SANCTION", "discontinue"
        return
    if c.rule.get("intent"):
        kids = direct_children(c)
        if c.alleged and kids:  # "X said Y was preparing to attack": Y's act, alleged by X
            c.etype, c.mode = kids[0].etype, kids[0].mode
            return
        if kids and all(k.negated for k in kids) and not c.negated:
            # "refused / is unwilling to X" is a rejection; "agreed / pledged not to use
            # force" is a commitment to refrain from conflict: an agreement
            refrain = lemma(c.pred) in CONSENSUAL | PROMISING and all(
                k.etype in CONFLICT for k in kids)
            c.etype = "AGREE" if refrain else "REJECT"
            for k in kids if refrain else ():
                k.negated = False  # the refraining is agreed, not a negated act
                k.absorbed = True
        elif kids and not c.negated and (
                lemma(c.pred) in DECISION and kids[0].etype not in ("ASSAULT", "MOBILIZE",
                                                                   "THREATEN")
                or lemma(c.pred) in CONSENSUAL and kids[0].etype == "SANCTION" and (
                    lemma(kids[0].trigger) == "sanction" or any(
                        lemma(t) in SANCTION_NOUNS for t in kids[0].trigger.subtree))):
            # "agreed to impose sanctions on Belarus": the sanctions decided, as a decision
            # "decided to recall its ambassador": a decision taken is the act (not a threat
            # of it); a decision to use force stays a threat until force is reported
            c.etype, c.mode = kids[0].etype, kids[0].mode
        elif (any(k.etype in CONFLICT - {"REQUEST", "ACCUSE"} for k in kids)
              and lemma(c.pred) not in CONSENSUAL) or (
                not kids and threat_idiom(complement_tokens(c))):
            c.etype = "THREATEN"  # "vowed to strike", "vowed X would pay for it"
            c.mode = c.mode or mode_from_keywords("THREATEN", complement_tokens(c))
        else:
            c.etype = "AGREE"
            if offered(c.pred) and not c.negated:
                c.proposed = True  # "ready to go to X", "offered to host talks": an offer
    elif c.rule.get("govern") and c.etype in ("REQUEST", "REJECT", "THREATEN"):
        c.mode = c.mode or mode_from_keywords(c.etype, complement_tokens(c))
    if c.etype == "ASSAULT" and c.mode is None:
        c.mode = mode_from_keywords("ASSAULT", list(c.pred.sent))
    if c.etype == "MOBILIZE":
        m = mode_from_keywords("MOBILIZE", objects(c.pred) + [c.trigger])
        if m:
            c.mode = m
    # the manual's single-category rule for auxiliary modes. An alleged, denied or proposed
    # act keeps its type (an alleged attack is not a threat, a proposed truce not an
    # agreement), and so does the condition of an if-clause ("if Iran attacks")
    if c.alleged or c.denied or c.proposed or c.condition:
        return
    if c.negated and c.etype in COOPERATIVE and (c.future or c.hypothetical or c.conditional):
        # "will not agree to any ceasefire unless ...": a refusal, stated now
        c.etype, c.mode, c.negated, c.stated = "REJECT", None, False, True
    elif c.negated and c.etype in MATERIAL_CONFLICT:
        return  # "would not send troops": an act ruled out, not a threat
    elif c.conditional and c.etype not in ("THREATEN", "REQUEST"):
        c.mode = mode_from_keywords("THREATEN", list(c.pred.subtree))
        c.etype = "THREATEN"
    elif (c.future or c.hypothetical) and c.etype in MATERIAL_CONFLICT:
        c.mode = mode_from_keywords("THREATEN", list(c.pred.subtree) + [c.trigger]) or (
            "violence" if c.etype in ("ASSAULT", "MOBILIZE") else "restrict")
        c.etype = "THREATEN"
    elif (c.future or c.hypothetical) and c.etype in COOPERATIVE - {"AGREE"}:
        if c.negated:  # "will not withdraw": a refusal, stated now
            c.etype, c.mode, c.negated, c.stated = "REJECT", None, False, True
        else:
            c.etype, c.mode = "AGREE", None
    elif (c.future or c.hypothetical) and c.etype == "AGREE" and c.negated:
        c.etype, c.negated, c.stated = "REJECT", False, True  # "would not agree to a truce"


CONSENSUAL = {"agree", "consent", "accept", "commit", "committed"}  # "agreed to destroy a site"
ADOPTING = {"approve", "adopt", "pass", "endorse"}  # "approved a package of sanctions on X"
IMPOSING = {"draw", "impose", "prepare", "introduce", "adopt", "slap", "levy", "reimpose",
            "tighten", "expand", "widen", "unveil", "announce"}
DECISION = {"decide"}
PROMISING = {"pledge", "promise", "vow", "undertake", "swear"}


def direct_children(c: EventCandidate) -> list[EventCandidate]:
    """The absorbed events of an attitude verb that are not inside another one's phrase
    ("agree to a truce in its war on Hamas": the truce, not the war)."""
    kids = c.children
    inner = {t.i for k in kids for t in k.trigger.subtree if t.i != k.trigger.i}
    return [k for k in kids if k.trigger.i not in inner]


def complement_tokens(c: EventCandidate) -> list[Token]:
    out = []
    for ch in c.pred.children:
        if ch.dep_ in ("xcomp", "ccomp", "dobj", "prep", "advcl"):
            out.extend(ch.subtree)
    return out


def absorb(cands: list[EventCandidate]) -> None:
    """Attitude verbs absorb the events of their complements (one PLOVER category)."""
    by_pred = {c.pred.i: c for c in cands if c.rule.get("govern")}
    for c in cands:
        below = c.pred if c.trigger == c.pred else None
        chain = list(c.pred.ancestors) if below is not None else [c.pred, *c.pred.ancestors]
        prev = below if below is not None else c.trigger
        for anc in chain:
            g = by_pred.get(anc.i)
            if g is not None and g is not c:
                if c.denied or c.ongoing:
                    # "denied that it had struck": the denied act stands on its own; "would
                    # not agree to a truce in its war on Hamas": the war is under way
                    break
                if prev.dep_ in COMPLEMENT_DEPS:
                    g.children.append(c)
                    if lemma(g.pred) in lexicon().get("proposing_verbs", ()):
                        c.proposed = True  # "proposed a summit": AGREE, and the summit proposed
                    else:
                        c.absorbed = True
                break
            prev = anc


def _reported_clauses(sent: Span) -> Iterator[tuple[Token, Token, list[Token]]]:
    """(speech verb, its clausal complement, that clause's subjects) for every "X said
    (that) Y ..." of the sentence whose clause has a subject."""
    reporting = lexicon()["_reporting"]
    for tok in sent:
        if tok.pos_ != "VERB" or lemma(tok) not in reporting:
            continue
        for ch in tok.children:
            if ch.dep_ != "ccomp":
                continue
            subj = [g for g in ch.children if g.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                yield tok, ch, subj


def reporting_requests(sent: Span, dm: DocMentions, cands: list[EventCandidate]) -> list[EventCandidate]:
    """"X said Y must do Z": a REQUEST from X to Y."""
    out = []
    for tok, ch, subj in _reported_clauses(sent):
        aux = {lemma(a) for a in ch.children if a.dep_ in ("aux",)} | {
            a.lower_ for a in ch.children if a.dep_ == "aux"}
        if not aux & DEONTIC:
            continue
        rc = EventCandidate(tok, tok, "REQUEST", None, {"govern": True}, True)
        rc.explicit_recipients = subj
        rc.mode = mode_from_keywords("REQUEST", list(ch.subtree))
        for c in cands:
            if c.pred.i == ch.i or ch.i in {a.i for a in c.pred.ancestors}:
                c.absorbed = True
        out.append(rc)
    return out


BLAME_ADJ = frozenset({"responsible", "culpable", "guilty"})


def reporting_blame(sent: Span, cands: list[EventCandidate]) -> list[EventCandidate]:
    """"X said Y was responsible for Z" / "was behind Z" / "was to blame": an ACCUSE from X
    (the speaker) to Y. The act blamed keeps its own candidate (its factuality layer reads
    it as alleged). Not when the clause is negated ("said Y was not behind it")."""
    out = []
    for tok, ch, subj in _reported_clauses(sent):
        if lemma(ch) != "be" or any(k.dep_ == "neg" for k in ch.children):
            continue
        blamed = any(
            (k.dep_ == "acomp" and lemma(k) in BLAME_ADJ)
            or (k.dep_ == "prep" and lemma(k) == "behind")
            or (k.dep_ in ("xcomp", "acomp") and lemma(k) == "blame")
            for k in ch.children)
        if not blamed or any(c.pred.i == tok.i and c.etype == "ACCUSE" for c in cands):
            continue
        rc = EventCandidate(tok, tok, "ACCUSE", None, {}, True)
        rc.explicit_recipients = subj
        for c in cands:  # "Y was to blame": Y blames nobody
            if c.pred.head.i == ch.i and lemma(c.pred) == "blame":
                c.absorbed = True
        out.append(rc)
    return out

