"""Noun phrases to actor mentions, for the rule coder (accord.nlp.events) and the roles,
quote and claim components: the entities a subject or object phrase names, pronouns and
role nouns resolved in the document ("they", "the president", "both leaders", "coup
leaders", "a ministry spokesperson"), and the passive test. Split from accord.nlp.events
when that module passed 1,100 lines.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from accord.nlp._mentions import (
    EVENT_SUBJECT_WORDS,
    FIRST_PERSON,
    GROUP_PRONOUNS,
    GROUP_ROLE_WORDS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_WORDS,
    DocMentions,
    Mention,
)
from accord.nlp.lexicon import (
    CHANGE_NOUNS,
    PARTY_PREPS,
    SUBJECT_PREPS,
    SUBTREE_SKIP,
    lemma,
    lexicon,
)
from accord.types import ActorRef


def is_event_noun(t: Token, dm: DocMentions) -> bool:
    """A noun naming an event or topic ("the negotiations", "any arrangement"), not a party."""
    return t.pos_ == "NOUN" and dm.entity_at(t) is None and (
        lemma(t) in lexicon()["nouns"] or lemma(t) in EVENT_SUBJECT_WORDS)


def entities_in(tok: Token, dm: DocMentions, skip_deps: set[str] | None = None,
                 preps: set[str] | None = None, open_head: bool = False) -> list[Mention]:
    """Entity mentions in a noun phrase: the head, modifiers, conjuncts and of/from/in phrases.
    The parties of an event noun inside the phrase ("the negotiations with Iran") are that
    event's, not the phrase's, so its prepositions are not followed (`open_head`: except
    for the phrase's own head, when the phrase is the event asked for or agreed to)."""
    skip_deps = SUBTREE_SKIP if skip_deps is None else skip_deps
    preps = SUBJECT_PREPS if preps is None else preps
    found: list[Mention] = []
    seen: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        m = dm.entity_at(t)
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            found.append(m)
        event_noun = is_event_noun(t, dm) and not (open_head and t == tok)
        for c in t.children:
            if c.dep_ in skip_deps:
                continue
            if c.dep_ == "prep" and (lemma(c) not in preps or (
                    event_noun and lemma(c) in PARTY_PREPS)):
                continue
            if c.dep_ == "prep" and lemma(t) in CHANGE_NOUNS and lemma(c) in ("from", "to"):
                continue  # "a change of venue from Turkey": the origin, not a party
            stack.append(c)
    found.sort(key=lambda m: m.start)
    return found


def resolve_np(tok: Token, dm: DocMentions) -> tuple[list[Mention], bool]:
    """Entities a subject/object phrase refers to; (mentions, explicit?)."""
    ms = entities_in(tok, dm)
    if ms:
        return ms, True
    for c in tok.children:  # "their forces" -> whoever "their" is
        if c.dep_ == "poss" and c.pos_ == "PRON":
            group = dm.resolve_plural(c)
            if group:
                return group, False
            m = dm.resolve_pronoun(c)
            if m is not None:
                return [m], False
    low = tok.lower_
    same = _conjunct_subject(tok, dm)
    if same:
        return same, False
    if low in PLURAL_PRONOUNS and tok.pos_ in ("PRON", "DET"):
        group = dm.resolve_plural(tok)
        if group:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                dm.note_group(tok, group)
            return group, False
    if tok.pos_ == "PRON" and (low in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON):
        m = dm.resolve_pronoun(tok)
        return ([m], False) if m else ([], False)
    lem = lemma(tok)
    dets = {lemma(c) for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
    if tok.tag_ in ("NNS", "NNPS") and lem in GROUP_ROLE_WORDS and dets & {"both", "two"}:
        group = _meeting_mentions(dm)
        if not group:
            group = _latest_group(tok, dm)
        if group and tok.dep_ in ("nsubj", "nsubjpass"):
            dm.note_group(tok, group)
        return group, False
    if lem in EVENT_SUBJECT_WORDS:
        return _meeting_mentions(dm), False
    junta = dm.resolve_junta(tok)  # "coup leaders" -> the military of the coup's country
    if junta is not None:
        return [junta], False
    if lem in ROLE_WORDS:
        m = dm.resolve_role(tok) or dm.resolve_institution(tok)
        return ([m], False) if m else ([], False)
    if tok.dep_ == "nsubj" and tok.tag_ == "WDT" or low in ("who", "which", "that"):
        head = tok.head
        if head.dep_ == "relcl":
            return resolve_np(head.head, dm)
    return [], False


def _latest_group(tok: Token, dm: DocMentions) -> list[Mention]:
    """The plural subject before tok ("the two delegations" -> "Congo and Rwanda")."""
    k = bisect.bisect_left(dm.group_pos, tok.i) - 1
    if k < 0:
        return []
    _, sent_start, mentions = dm.groups[k]
    near = sum(1 for t in tok.doc[sent_start + 1 : tok.i + 1] if t.is_sent_start) <= 2
    return list(mentions) if near and len(mentions) >= 2 else []


def _meeting_mentions(dm: DocMentions) -> list[Mention]:
    out = []
    for ref in dm.last_meeting:
        out.append(Mention(-1, -1, _ref_entity(ref)))
    return out


def _ref_entity(ref: ActorRef):
    from accord.types import Entity

    return Entity(code=ref.code, name=ref.name or ref.code, text=ref.text)


def _conjunct_subject(tok: Token, dm: DocMentions) -> list[Mention]:
    """The subject pronoun of a second conjunct is the first conjunct's subject ("Ethiopia
    did not attack Eritrea, but it deployed troops": Ethiopia, not the nearer Eritrea),
    when that subject names an entity of the pronoun's kind (a person for he/she)."""
    if tok.pos_ != "PRON" or tok.dep_ not in ("nsubj", "nsubjpass") or (
            tok.head.dep_ != "conj"):
        return []
    low = tok.lower_
    if low not in PERSON_PRONOUNS and low not in ("it", "they"):
        return []
    first = next((k for k in tok.head.head.children if k.dep_ in ("nsubj", "nsubjpass")),
                 None)
    if first is None or first.pos_ == "PRON":
        return []
    ms = entities_in(first, dm)
    person = low in PERSON_PRONOUNS
    if not ms or any((m.entity.kind == "person") != person for m in ms):
        return []
    if low == "it" and len(ms) != 1:
        return []
    return ms
