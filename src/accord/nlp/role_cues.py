"""Cues in the clause that name or rule out a party, for the role rules (accord.nlp.roles).

Who did an act the clause tells without a subject or agent: the operator of an instrument
("hit by drones operated by X"), the side a casualty was "killed in fighting with", the state
where an agentless detention happened, the ministry an envoy was summoned to, the speaker of a
report, the one whose "role in" an act an allegation names; and who is not a recipient: the
reporters of a trailing ", X said.", a requester ("at the behest of X"), the country an envoy
is posted to; the country a state's own people are told to leave. Split from accord.nlp.roles in December 2026 when that module passed 700 lines;
imports only the mentions, the lexicon, the phrase helpers and the parse helpers.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp._mentions import DocMentions, Mention, phrase_text
from accord.nlp.candidate import EventCandidate
from accord.nlp.lexicon import INVOLVEMENT, lemma, lexicon
from accord.nlp.phrases import entities_in, resolve_np
from accord.nlp.syntax import subject_of


def instrument_actor(pred: Token, dm: DocMentions) -> list[Mention]:
    """Passive force event "hit with X" where X is an entity (a named force or operation)."""
    for c in pred.children:
        if c.dep_ == "prep" and lemma(c) == "with":
            for g in c.children:
                if g.dep_ == "pobj":
                    ms = entities_in(g, dm)
                    if ms:
                        return ms
    return []


BATTLE_NOUNS = frozenset({"fighting", "fight", "clash", "battle", "skirmish", "firefight", "combat",
                          "exchange", "gunfight", "shootout"})


CASUALTY_VERBS = frozenset({"kill", "wound", "injure", "leave"})


def casualty_clause(c: EventCandidate, pred: Token) -> Token | None:
    """A trailing participle of casualties ("..., killing at least 13 people") hung on a clause
    whose own act is not force: the force noun it follows in that clause (or pred itself when
    there is none), so that the main clause's subject is not made the killer."""
    if c.etype != "ASSAULT" or pred.tag_ != "VBG" or pred.dep_ not in ("advcl", "xcomp") \
            or lemma(pred) not in CASUALTY_VERBS:
        return None
    head = pred.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    verbs = lexicon()["verbs"]
    if any(r.get("type") == "ASSAULT" for r in verbs.get(lemma(head), ())):
        return None  # "shelled the village, killing 13": the shelling's doer killed
    force = lexicon()["_force"]
    if lemma(head) in lexicon()["_light"] and any(
            k.dep_ == "dobj" and lemma(k) in force for k in head.children):
        return None  # "launched an offensive, killing 20 rebels": the offensive's doer
    nouns = [t for t in head.subtree if t.i < pred.i and t.pos_ == "NOUN" and lemma(t) in force]
    return nouns[-1] if nouns else pred


def trailing_reporter(m: Mention, dm: DocMentions) -> bool:
    """A mention in the ", X and Y said." tail of a sentence, which the parser sometimes hangs
    on the act's object as an apposition ("agreed to a ceasefire, Saudi Arabia and the United
    States said"): the reporters, not the recipients."""
    if m.start < 0:
        return False
    doc = dm.doc
    i = m.start
    while i > 0 and doc[i - 1].lower_ not in (",", ";") and not doc[i - 1].is_sent_start:
        i -= 1  # back to the comma that opens the tail
    if i == 0 or doc[i - 1].lower_ not in (",", ";"):
        return False
    j = m.end
    sent_end = doc[m.start].sent.end
    while j < sent_end and (doc[j].pos_ in ("PROPN", "DET", "CCONJ", "ADJ", "NOUN")
                            or doc[j].lower_ in ("'s", "’s")):
        j += 1  # across "and the United States", "officials"
    return (j < sent_end and doc[j].dep_ == "ROOT" and lemma(doc[j]) in lexicon()["_reporting"]
            and all(t.is_punct for t in doc[j + 1:sent_end]))


DETAINING = frozenset({"detain", "arrest", "jail", "imprison", "hold", "sentence", "convict",
                       "abduct", "seize"})


def detaining_state(c: EventCandidate, pred: Token, dm: DocMentions) -> list[Mention]:
    """"The Canadian was detained in China", "detained while visiting Beijing": an arrest told
    with no agent is the act of the state where it happens (the country of the place named
    after "in"/"at" or of the place being visited), whose own people are not the detainee."""
    if c.etype != "COERCE" or lemma(pred) not in DETAINING:
        return []
    places: list[Token] = []
    for ch in pred.children:
        if ch.dep_ == "prep" and ch.lower_ in ("in", "at"):
            places += [g for g in ch.children if g.dep_ == "pobj"]
        if ch.dep_ == "advcl" and lemma(ch) in ("visit", "travel", "stay", "work", "live"):
            places += [g for g in ch.children if g.dep_ == "dobj"]
            places += [g for p in ch.children if p.dep_ == "prep" and p.lower_ in ("in", "to")
                       for g in p.children if g.dep_ == "pobj"]
    held = {m.entity.code[:3] for k in pred.children if k.dep_ == "nsubjpass"
            for m in entities_in(k, dm)}
    for p in places:
        for m in entities_in(p, dm):
            code = m.entity.code[:3]
            if m.entity.kind in ("country", "capital", "city", "place") and code not in held \
                    and not code.startswith("-"):
                return [Mention.unplaced(code + "GOV", phrase_text(p))]
    return []


def summoner(pred: Token, dm: DocMentions) -> list[Mention]:
    """"The British ambassador was summoned to the Russian Foreign Ministry": the one who
    summons is the ministry the envoy is called to, else the speaker of the report."""
    if lemma(pred) != "summon":
        return []
    for ch in pred.children:
        if ch.dep_ == "prep" and ch.lower_ == "to":
            ms = [m for g in ch.children if g.dep_ == "pobj" for m in entities_in(g, dm)]
            if ms:
                return ms
    return reporting_speaker(pred, dm)


BEHEST = frozenset({"behest", "request", "urging", "instigation", "insistence", "invitation",
                    "orders", "order"})


def _in_prep_object(tok: Token, pred: Token, prep_ok) -> bool:  # noqa: ANN001
    """tok sits, below pred, in the object of a preposition that ``prep_ok`` accepts."""
    t = tok
    while t != pred and t.head != t:
        if t.dep_ == "pobj" and prep_ok(t.head):
            return True
        t = t.head
    return False


def at_behest(tok: Token, pred: Token) -> bool:
    """tok names who asked for the act ("detained in Vancouver at the behest of the U.S."):
    a requester, not the one the act falls on."""
    return _in_prep_object(tok, pred, lambda p: p.lower_ == "of" and p.head.lower_ in BEHEST)


def under_to(tok: Token, pred: Token) -> bool:
    """tok sits in a "to" phrase below pred ("summoned to the ministry", "the ambassador to
    Russia"): where the envoy is posted or called, not whom the summons is aimed at."""
    return _in_prep_object(tok, pred, lambda p: p.lower_ == "to")


def cause_actor(pred: Token, dm: DocMentions) -> list[Mention]:
    """Agentless passive harm done in a named side's strikes ("nine people were killed in
    the Pakistani strikes", "wounded during an Israeli raid"): that side is the actor."""
    force = lexicon()["_force"]
    for ch in pred.children:
        if ch.dep_ != "prep" or lemma(ch) not in ("in", "during", "by"):
            continue
        for g0 in ch.children:
            # "killed in (a third day of) fighting with Armenian forces": the side fought
            g = g0
            if g.dep_ == "pobj" and lemma(g) not in BATTLE_NOUNS:
                g = next((x for p in g.children if p.dep_ == "prep" and p.lower_ == "of"
                          for x in p.children if x.dep_ == "pobj"
                          and lemma(x) in BATTLE_NOUNS), g)
            if g0.dep_ == "pobj" and lemma(g) in BATTLE_NOUNS:
                for k in g.children:
                    if k.dep_ == "prep" and k.lower_ in ("with", "against"):
                        ms = [m for p in k.children if p.dep_ == "pobj"
                              for m in entities_in(p, dm)]
                        if ms:
                            return ms
            if g0.dep_ == "pobj" and lemma(g0) in force:
                g = g0
                for k in g.children:
                    if k.dep_ in ("amod", "compound", "poss", "nmod"):
                        ms = entities_in(k, dm)
                        if ms:
                            return ms
    return []


def involved_party(trig: Token, dm: DocMentions) -> list[Mention]:
    """Whose share in an act an allegation names: the possessor of "role" ("India's role in
    the killing") or the one accused of it ("accused New Delhi of involvement in the
    killing"); none elsewhere."""
    prep = trig.head
    if trig.dep_ != "pobj" or prep.lower_ not in ("in", "behind"):
        return []
    noun = prep.head
    if lemma(noun) not in INVOLVEMENT:
        return []
    for k in noun.children:
        if k.dep_ in ("poss", "compound", "amod"):
            ms = entities_in(k, dm)
            if ms:
                return ms
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "VERB":
        for k in noun.head.head.children:
            if k.dep_ == "dobj":
                ms, _ = resolve_np(k, dm)
                if ms:
                    return ms
    return []


def reporting_speaker(pred: Token, dm: DocMentions) -> list[Mention]:
    """The resolved subject of the reporting verb whose complement holds pred."""
    t = pred
    for _ in range(4):
        if t.dep_ == "ccomp" and lemma(t.head) in lexicon()["_reporting"]:
            subj = subject_of(t.head)
            return resolve_np(subj, dm)[0] if subj is not None else []
        if t.dep_ not in ("conj", "xcomp") or t.head == t:
            return []
        t = t.head
    return []


def quoted_named_instrument(pred: Token, dm: DocMentions) -> list[Mention]:
    """An agentless passive attack inside a direct quote whose instrument is a proper name
    (a named operation: "they were hit with Operation X") is attributed to the speaker."""
    speaker = dm.speaker_at(pred.i)
    if speaker is None:
        return []
    for c in pred.children:
        if c.dep_ == "prep" and lemma(c) == "with":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN":
                    return [Mention(-1, -1, speaker)]
    return []


LEAVING = frozenset({"leave", "depart", "exit", "evacuate", "quit"})


def evacuated_country(c: EventCandidate, pred: Token, dm: DocMentions) -> list[Mention]:
    """"Told its citizens to leave Sudan", "told US citizens in Iraq to leave": an evacuation
    order (the verb rule with ``who: nationals``) is about the country left, named as the
    object of the leaving or after "from"/"in", not about the state's own people."""
    if c.rule.get("who") != "nationals":
        return []
    spots: list[Token] = []
    for k in pred.subtree:
        if lemma(k) in LEAVING and k.i != pred.i:
            spots += [g for g in k.children if g.dep_ == "dobj"]
            spots += [g for p in k.children if p.dep_ == "prep" and p.lower_ == "from"
                      for g in p.children if g.dep_ == "pobj"]
        elif k.dep_ == "prep" and k.lower_ in ("in", "from") and k.head.i != pred.i:
            spots += [g for g in k.children if g.dep_ == "pobj"]
    out: list[Mention] = []
    for sp in spots:
        out += [m for m in entities_in(sp, dm)
                if m.entity.kind in ("country", "capital", "city", "place")]
    return out
