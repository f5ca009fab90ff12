"""PLOVER event coding from the dependency parse (spaCy component "accord_events").

For every sentence the coder finds predicates whose lemma (verbs) or event noun (under a light
verb: "held talks", "imposed sanctions") is in the lexicon ``data/verbs.yaml``, then reads
the actor from the subject side (with conjuncts, passive agents "by X", pronouns and role
nouns resolved in the document) and the recipient from the object side (direct object,
"with/to/against/on X", the subject of a demanded action). Attitude verbs (agree, threaten,
refuse, demand...) absorb the events of their complement, as PLOVER codes one category.

Flags follow the manual's auxiliary modes: ``negated`` (not, no, never, fail to),
``future`` (will, plans to, a date after the article), ``hypothetical`` (would/could/may,
if/unless clauses, open questions: "whether ...", a clause that "remained open/unclear",
"potential", what a thing is for: "weapons to use against X"), ``historical`` ("last time",
"previously", "after it last ...", a past perfect that is not just the tense shift of
reported speech, an event described in the object of a referring verb: "pointed to X, the
strike that hit Y", or under a named operation, a date of its own lying more than two weeks
before the article). A recent date of the event's own outweighs the contextual cues. As the manual asks for a single category,
future or hypothetical cooperation is coded AGREE (negated: REJECT), and future or conditional
material conflict is coded THREATEN; the flags keep what was said.

An act inside the complement of accuse/allege/blame/deny/claim ("accused X of supporting
Y") is flagged hypothetical (alleged, not established) and keeps its type and its actor (the
accused). A negated gerund in a prepositional phrase ("punished for not cooperating") is a
circumstance, not an event. ``Event.date`` is a day only when the text gives one ("in 2022",
"last June", "next week" leave it None); with no date expression an event reported as current
gets the article's date.

Places: "in/at + place" sets ``Event.location``. For meetings, agreements and statements
(VENUE_TYPES) the place is never the recipient, except the host of a visit ("arrived in X").
Gold convention kept (documented, CAMEO-derived dev set): for material acts that fall on a
territory ("imposed a curfew in X", "shelled targets in X") the place also stands as
recipient, a city as its country. An actor is never its own recipient (in a meeting a bare
country code also covers its own sectors); "from/to X" of a change noun ("a change of venue
from X") is an origin, not a party.

Fallbacks, each lowering confidence: an actor named only by a pronoun, a title ("the
president" -> the last person introduced with it), "both leaders" / "the talks" (the
participants of the last meeting), or, for an unresolved named person or group in a sentence
that names exactly one country, that country (a domestic event); a recipient taken as the
nearest entity on the object side of the clause when no grammatical recipient is found.

Confidence is a transparent sum, clipped to [0.05, 0.95]: 0.45 base; +0.25 when the actor is
an entity named in the clause (+0.10 when it comes from a fallback above); +0.10 when a
recipient is found in a recipient position (+0.05 from the object-side fallback); +0.10 when
the trigger matched a conditioned rule (object class, particle) or an event noun under a
light verb; -0.10 when negated or hypothetical.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

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
    _ext,
    dateline_end,
    dedupe_refs,
    to_ref,
)
from accord.nlp.dates import date_precision, period_middle, resolve_date
from accord.types import ActorRef, Event, Evidence

CODER_VERSION = "accord-events/0.1"

COOPERATIVE = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"}
MATERIAL_CONFLICT = {"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
CONFLICT = MATERIAL_CONFLICT | {"THREATEN", "REJECT", "ACCUSE", "REQUEST"}
# types whose grammatical subject in a passive clause is the one acted upon
PATIENT_TYPES = {"ASSAULT", "COERCE", "SANCTION", "ACCUSE", "AID", "SUPPORT", "REJECT",
                 "THREATEN", "REQUEST", "CONSULT", "RETREAT", "CONCEDE"}
RECIPIENT_PREPS = {"with", "to", "against", "on", "upon", "toward", "towards", "into"}
EXTRA_RECIPIENT_PREPS = {"from": {"RETREAT", "REQUEST", "SANCTION", "REJECT"},
                         "for": {"REQUEST", "AID"},
                         "over": {"ACCUSE"}}
CLOSING_VERBS = {"end", "conclude", "wrap", "close", "finish"}
PARTY_PREPS = {"with", "between"}  # "talks with X": X is a party of the named event
# types about another event (asking for, agreeing to, refusing talks): the parties of the
# event asked for are the recipients ("pressed for talks with Tehran")
ABOUT_EVENT = {"REQUEST", "AGREE", "REJECT"}
IN_RECIPIENT_TYPES = {"CONSULT", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "AID", "RETREAT",
                      "SANCTION", "CONCEDE"}
# "in/at + place" is where an event happens (Event.location), never whom it is directed at;
# the one exception is the host of a visit ("arrived in Tehran", "a visit to ...").
VENUE_PREPS = {"in", "at", "inside", "near"}
VENUE_TYPES = {"CONSULT", "AGREE", "SUPPORT", "REJECT", "ACCUSE"}  # meetings and statements
VISIT_LEMMAS = {"visit", "arrive", "land", "tour", "travel", "fly", "stop"}
PLACE_NER = {"GPE", "LOC", "FAC"}
# nouns of change whose "from X (to Y)" names an origin or destination, not a party
CHANGE_NOUNS = {"change", "move", "shift", "switch", "relocation", "transfer", "departure",
                "transition", "withdrawal"}
# verbs and nouns presenting someone else's act as alleged, not established
ALLEGING = {"accuse", "allege", "claim", "deny", "blame", "charge", "suspect", "accusation",
            "allegation", "denial", "suspicion"}
CLAIM_NOT_ALLEGING = {"responsibility", "credit", "victory"}  # "claimed responsibility for"
SUBTREE_SKIP = {"relcl", "acl", "advcl", "ccomp", "xcomp", "punct", "parataxis", "mark"}
SUBJECT_PREPS = {"of", "from", "in"}
OBJECT_PREPS = {"of", "by", "from", "against", "on", "for", "to", "with", "between"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
MODAL_AUX = {"would", "could", "might", "may", "should", "'d"}
FUTURE_HEADS = {"plan", "intend", "schedule", "expect", "set", "due", "go", "aim", "prepare"}
HISTORICAL_ADV = {"previously", "formerly", "once", "earlier", "ago"}
HISTORICAL_AMOD = {"past", "previous", "earlier", "former", "last"}
HYPO_AMOD = {"potential", "possible", "eventual", "prospective"}
QUESTION_MARKS = {"whether", "if"}  # "whether the talks end in a deal": an open question
# "... remained open / unclear": the outcome in the clausal subject is not asserted
OPEN_ADJ = {"open", "unclear", "uncertain", "unknown", "undecided", "unresolved", "doubtful",
            "unsettled", "moot", "undetermined", "uncertainty", "question"}
PREPARING_VERBS = {"manufacture", "build", "develop", "produce", "acquire", "buy", "stockpile",
                   "amass", "assemble", "train", "equip", "arm", "design", "make"}
ATTEMPT_NOUNS = {"attempt", "bid", "effort", "try", "attack", "operation", "campaign"}
RECENT_DAYS = 14  # an event dated more than this before the article is background
PAST_MARKS = {"after", "when", "since", "following", "before"}
DEONTIC = {"must", "should"}
OBJECT_SIDE_SKIP = {"nsubj", "nsubjpass", "csubj", "punct", "aux", "auxpass", "neg", "mark",
                    "parataxis", "cc", "npadvmod", "advmod", "expl"}
COMPLEMENT_DEPS = {"xcomp", "ccomp", "dobj", "prep", "pcomp", "pobj", "acomp", "oprd"}


@cache
def lexicon() -> dict[str, Any]:
    """The packaged verb/noun lexicon (data/verbs.yaml)."""
    text = resources.files("accord.nlp").joinpath("data/verbs.yaml").read_text("utf-8")
    lex = yaml.safe_load(text)
    lex["_classes"] = {k: set(v) for k, v in lex["object_classes"].items()}
    lex["_light"] = set(lex["light_verbs"])
    lex["_reporting"] = set(lex["reporting_verbs"])
    lex["_occurrence"] = set(lex["occurrence_verbs"])
    lex["_terminal"] = set(lex["terminal_occurrence"])
    lex["_referring"] = set(lex["referring_verbs"])
    lex["_crowd"] = set(lex["crowd_words"])
    lex["_force"] = set(lex["force_nouns"])
    return lex


@cache
def plover() -> dict[str, Any]:
    """The packaged PLOVER tables (data/plover.yaml): types, quads, scores, legacy names."""
    text = resources.files("accord.nlp").joinpath("data/plover.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def quad_of(etype: str) -> int:
    """PLOVER quad class of an event type (1..4)."""
    return int(plover()["types"][etype]["quad"])


def score_of(etype: str, mode: str | None = None) -> float:
    """PLOVER conflict-cooperation score of a type, refined by mode where the manual has one."""
    t = plover()["types"][etype]
    if mode and mode in t["modes"]:
        return float(t["modes"][mode])
    return float(t["score"])


def canonical_type(name: str) -> str:
    """Current PLOVER type name for a possibly older one (DEMAND -> REQUEST, FIGHT -> ASSAULT)."""
    up = name.upper()
    return plover()["legacy_types"].get(up, up)


# =========================================================================== candidates
@dataclass
class _Cand:
    """A trigger found in a sentence, before flags, roles and type conversions."""

    trigger: Token
    pred: Token
    etype: str
    mode: str | None = None
    rule: dict = field(default_factory=dict)
    strong: bool = False  # conditioned rule or noun under light verb
    absorbed: bool = False
    children: list[_Cand] = field(default_factory=list)
    explicit_recipients: list[Token] = field(default_factory=list)
    actors: list[ActorRef] = field(default_factory=list)
    actor_tokens: list[int] = field(default_factory=list)
    actor_explicit: bool = False
    recipients: list[ActorRef] = field(default_factory=list)
    recipient_tokens: list[int] = field(default_factory=list)
    recipient_fallback: bool = False
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    conditional: bool = False
    alleged: bool = False  # someone else's allegation: hypothetical, but keeps its type
    historical: bool = False
    date: dt.date | None = None
    date_precision: str = "day"  # "day", "month" or "year" of the resolved expression


EXERCISE_NOUNS = {"exercise", "maneuver", "manoeuvre", "drill", "game"}
STAGING_VERBS = {"hold", "stage", "conduct", "launch", "begin", "start", "carry", "mount",
                 "resume", "kick"}
GENERIC_EVENT_NOUNS = {"mission", "effort", "initiative", "bid", "campaign", "operation",
                       "process", "program", "programme", "round", "session"}
NON_STATE = {"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"}
NOT_PASSIVE = {"willing", "ready", "prepared", "committed", "opposed", "engaged", "involved",
               "determined", "resolved", "set"}
PREP_LIGHT = {"engage", "participate", "agree", "call", "take", "join", "remain", "stay", "put",
              "place", "be", "go"}
ATTITUDE_ADJ = {"willing", "ready", "prepared", "committed", "opposed"}


def _lemma(t: Token) -> str:
    """Lower-cased lemma, repairing past forms the small model mis-lemmatises ("staged")."""
    lem = t.lemma_.lower()
    if t.tag_ in ("VBD", "VBN") and t.lower_.endswith("ed"):
        known = _known_verbs()
        if lem not in known:
            for cand in (t.lower_[:-1], t.lower_[:-2], t.lower_[:-3]):
                if cand in known:
                    return cand
    return lem


@cache
def _known_verbs() -> frozenset[str]:
    lex = lexicon()
    return frozenset(lex["verbs"]) | lex["_light"] | lex["_reporting"]


def _objects(tok: Token) -> list[Token]:
    """Object-side tokens of a predicate: dobj, passive subject, pobjs, xcomp objects."""
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass", "attr", "dative", "oprd"):
            out.append(c)
        elif c.dep_ in ("prep", "agent"):
            out.extend(g for g in c.children if g.dep_ == "pobj")
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


def _has_class(tokens: list[Token], cls: str) -> bool:
    words = lexicon()["_classes"].get(cls, set())
    for t in tokens:
        if _lemma(t) in words or t.lower_ in words:
            return True
        if any(_lemma(c) in words for c in t.children if c.dep_ in ("compound", "amod")):
            return True
    return False


def _particles(tok: Token) -> set[str]:
    return {_lemma(c) for c in tok.children if c.dep_ in ("prt", "prep", "dobj", "advmod", "agent")}


def _subject_tokens(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]


def _match_verb(tok: Token, dm: DocMentions) -> tuple[dict | None, bool]:
    """First verb rule whose conditions hold; (rule, conditioned?)."""
    rules = lexicon()["verbs"].get(_lemma(tok))
    if not rules:
        return None, False
    objs = _objects(tok)
    parts = _particles(tok)
    plain = None
    for r in rules:
        conditioned = False
        if "prep" in r:
            if r["prep"] not in parts:
                continue
            conditioned = True
        if "obj" in r:
            if not _has_class(objs, r["obj"]):
                continue
            conditioned = True
        if "obj_kind" in r:
            if not any((m := dm.entity_at(o)) and m.entity.kind == r["obj_kind"] for o in objs):
                continue
            conditioned = True
        if "subj" in r:
            subj = [t for s in _subject_tokens(tok) for t in s.subtree]
            if not _has_class(subj, r["subj"]):
                continue
            conditioned = True
        if r.get("actor_subject") and any(
            _lemma(sj) in lexicon()["nouns"] for sj in _subject_tokens(tok)
        ):
            continue
        if r.get("need_object") and not any(
            c.dep_ in ("dobj", "nsubjpass") for c in tok.children
        ):
            continue
        if conditioned:
            return r, True
        if plain is None:
            plain = r
    return plain, False


def _noun_rule(tok: Token) -> dict | None:
    lex = lexicon()
    rule = lex["nouns"].get(_lemma(tok))
    if rule is None:
        return None
    mods = {_lemma(c) for c in tok.children if c.dep_ in ("amod", "compound", "nmod")}
    if "needs_amod" in rule and not mods & set(rule["needs_amod"]):
        return None
    rule = dict(rule)
    if _lemma(tok) == "strike":
        if mods & {"air", "military", "missile", "drone", "nuclear", "preemptive", "us"}:
            rule = {"type": "ASSAULT", "mode": "aerial" if "air" in mods else None}
        elif "hunger" in mods:
            rule["mode"] = "hunger"
    if _lemma(tok) in EXERCISE_NOUNS:
        staged = tok.dep_ == "dobj" and _lemma(tok.head) in STAGING_VERBS
        if not (mods & {"joint", "war", "military", "naval"} or staged):
            return None
        # the manual: joint exercises are COOPERATE, a single country's are MOBILIZE
        joint = "joint" in mods or any(
            c.dep_ == "prep" and c.lower_ == "with" for c in tok.children)
        rule = {"type": "COOPERATE"} if joint else {"type": "MOBILIZE", "mode": "troops"}
    return rule


def _candidates(sent: Span, dm: DocMentions) -> list[_Cand]:
    lex = lexicon()
    cands: list[_Cand] = []
    verb_with_strong: set[int] = set()
    for tok in sent:
        if tok.pos_ in ("VERB", "AUX") or (tok.pos_ == "ADJ" and tok.lower_ in ATTITUDE_ADJ):
            if tok.pos_ == "AUX" and _lemma(tok) not in lex["verbs"]:
                continue
            rule, conditioned = _match_verb(tok, dm)
            # a light verb with an event-noun object codes the noun instead
            noun_obj = None
            if _lemma(tok) in lex["_light"] and any(c.dep_ == "oprd" for c in tok.children):
                continue  # "called the deployment an armada" names, it does not act
            if _lemma(tok) in lex["_light"] and not conditioned:
                for c in tok.children:
                    if c.dep_ in ("dobj", "nsubjpass", "attr") and (
                        _noun_rule(c) or _compound_event(c)
                    ):
                        noun_obj = c
                        break
                    if c.dep_ in ("prep", "prt") and _lemma(c) in ("in", "on", "to", "for"):
                        for g in c.children:
                            if g.dep_ == "pobj" and _noun_rule(g) and _lemma(tok) in PREP_LIGHT:
                                noun_obj = g
                                break
            if noun_obj is not None:
                continue  # handled from the noun side
            if rule is None:
                continue
            if tok.dep_ == "acl" and tok.tag_ == "VBN" and _agent_of(tok) is None:
                continue  # a participle modifying a noun ("a letter handed over to X")
            if rule.get("crowd") and not _crowd_subject(tok, dm):
                rule = rule["otherwise"]
            if _lemma(tok) in ("hit", "strike") and not _forceful(tok, dm):
                continue
            cands.append(_Cand(tok, tok, rule["type"], rule.get("mode"), rule, conditioned))
            if conditioned:
                verb_with_strong.add(tok.i)
        elif tok.pos_ in ("NOUN", "PROPN") and (
            _lemma(tok) in lex["nouns"] or _compound_event(tok)
        ):
            rule = _noun_rule(tok) or _compound_event(tok)
            if rule is None:
                continue
            head = tok.head
            pred = None
            if tok.dep_ in ("dobj", "nsubjpass", "attr") and _lemma(head) in lex["_light"]:
                if any(c.dep_ == "oprd" for c in head.children):
                    continue  # naming, not acting
                pred = head
            elif tok.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX") and _lemma(
                head.head) in PREP_LIGHT and _lemma(head) in ("in", "on", "to", "for", "part"):
                pred = head.head
            elif tok.dep_ in ("nsubj",) and _lemma(head) in lex["_occurrence"]:
                if _lemma(head) in lex["_terminal"]:
                    continue  # "the talks ended": nobody did anything
                pred = head
            elif tok.dep_ == "conj" and tok.head.dep_ in ("dobj", "nsubjpass") and _lemma(
                tok.head.head) in lex["_light"]:
                pred = tok.head.head
            elif _lemma(tok) in lex["_force"] and _target_prep(tok, dm):
                pred = _clause_verb(tok) or tok
            if pred is None or pred.i in verb_with_strong:
                continue
            etype = rule["type"]
            rev = lex["reversal"].get(_lemma(pred), {})
            if pred is not tok and etype in rev:
                etype = rev[etype]
            mode = rule.get("mode") if etype == rule["type"] else None
            cands.append(_Cand(tok, pred, etype, mode, rule, True))
    return cands


def _compound_event(tok: Token) -> dict | None:
    """A generic noun named by an event modifier: "a mediation mission", "a peace effort"."""
    if _lemma(tok) not in GENERIC_EVENT_NOUNS:
        return None
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and _lemma(c) in lexicon()["nouns"]:
            return _noun_rule(c)
    return None


def _crowd_subject(tok: Token, dm: DocMentions) -> bool:
    crowd = lexicon()["_crowd"]
    subj = _subject_tokens(tok)
    if not subj:
        s = _subject_of(tok) or _subject_of(_clause_verb(tok) or tok)
        subj = [s] if s is not None else []
    for s in subj:
        if s.tag_ in ("NNS", "NNPS") and dm.entity_at(s) is not None:
            return True  # "Palestinians", "Young Algerians"
        for t in s.subtree:
            if _lemma(t) in crowd or t.like_num or t.ent_type_ in ("CARDINAL", "QUANTITY"):
                return True
    return False


def _forceful(tok: Token, dm: DocMentions) -> bool:
    """"hit"/"strike" count as ASSAULT only with an actor or target that can be attacked."""
    objs = _objects(tok) + _subject_tokens(tok)
    return any(dm.entity_at(t) or t.pos_ == "PRON" or _has_class([t], "military")
               or _has_class([t], "property") for o in objs for t in o.subtree)


def _target_prep(tok: Token, dm: DocMentions) -> bool:
    preps = set(lexicon()["target_preps"])
    for c in tok.children:
        if c.dep_ == "prep" and _lemma(c) in preps:
            for g in c.children:
                if g.dep_ == "pobj" and any(dm.entity_at(t) for t in g.subtree):
                    return True
    return False


def _clause_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t is not tok:
            return t
        if t.head is t:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None


# =========================================================================== roles
def _is_event_noun(t: Token, dm: DocMentions) -> bool:
    """A noun naming an event or topic ("the negotiations", "any arrangement"), not a party."""
    return t.pos_ == "NOUN" and dm.entity_at(t) is None and (
        _lemma(t) in lexicon()["nouns"] or _lemma(t) in EVENT_SUBJECT_WORDS)


def _entities_in(tok: Token, dm: DocMentions, skip_deps=SUBTREE_SKIP,
                 preps: set[str] = SUBJECT_PREPS, open_head: bool = False) -> list[Mention]:
    """Entity mentions in a noun phrase: the head, modifiers, conjuncts and of/from/in phrases.
    The parties of an event noun inside the phrase ("the negotiations with Iran") are that
    event's, not the phrase's, so its prepositions are not followed (`open_head`: except
    for the phrase's own head, when the phrase is the event asked for or agreed to)."""
    found: list[Mention] = []
    seen: set[int] = set()
    stack = [tok]
    while stack:
        t = stack.pop()
        m = dm.entity_at(t)
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            found.append(m)
        event_noun = _is_event_noun(t, dm) and not (open_head and t is tok)
        for c in t.children:
            if c.dep_ in skip_deps:
                continue
            if c.dep_ == "prep" and (_lemma(c) not in preps or (
                    event_noun and _lemma(c) in PARTY_PREPS)):
                continue
            if c.dep_ == "prep" and _lemma(t) in CHANGE_NOUNS and _lemma(c) in ("from", "to"):
                continue  # "a change of venue from Turkey": the origin, not a party
            stack.append(c)
    found.sort(key=lambda m: m.start)
    return found


def _resolve_np(tok: Token, dm: DocMentions) -> tuple[list[Mention], bool]:
    """Entities a subject/object phrase refers to; (mentions, explicit?)."""
    ms = _entities_in(tok, dm)
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
    if low in PLURAL_PRONOUNS and tok.pos_ in ("PRON", "DET"):
        group = dm.resolve_plural(tok)
        if group:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                dm.note_group(tok, group)
            return group, False
    if tok.pos_ == "PRON" and (low in PERSON_PRONOUNS | GROUP_PRONOUNS | FIRST_PERSON):
        m = dm.resolve_pronoun(tok)
        return ([m], False) if m else ([], False)
    lem = _lemma(tok)
    dets = {_lemma(c) for c in tok.children if c.dep_ in ("det", "nummod", "predet")}
    if tok.tag_ in ("NNS", "NNPS") and lem in GROUP_ROLE_WORDS and dets & {"both", "two"}:
        group = _meeting_mentions(dm)
        if not group:
            group = _latest_group(tok, dm)
        if group and tok.dep_ in ("nsubj", "nsubjpass"):
            dm.note_group(tok, group)
        return group, False
    if lem in EVENT_SUBJECT_WORDS:
        return _meeting_mentions(dm), False
    if lem in ROLE_WORDS:
        m = dm.resolve_role(tok)
        return ([m], False) if m else ([], False)
    if tok.dep_ == "nsubj" and tok.tag_ == "WDT" or low in ("who", "which", "that"):
        head = tok.head
        if head.dep_ == "relcl":
            return _resolve_np(head.head, dm)
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


def _is_passive(tok: Token) -> bool:
    if tok.lower_ in NOT_PASSIVE:
        return False  # "X is committed to ...": X is the actor
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl",)
    )


def _subject_of(pred: Token, depth: int = 0) -> Token | None:
    skip = dateline_end(pred.sent)
    for c in pred.children:
        if c.i < skip:
            continue
        if c.dep_ in ("nsubj", "csubj") or (c.dep_ == "nsubjpass" and not _is_passive(pred)):
            return c
    if depth > 4:
        return None
    if pred.dep_ in ("conj", "xcomp", "advcl", "pcomp", "ccomp", "acomp") and pred.head is not pred:
        h = pred.head
        controller = _object_controller(pred)
        if controller is not None:
            return controller
        if pred.dep_ == "pcomp":
            h = h.head
        if pred.dep_ == "ccomp" and not any(c.dep_ == "mark" for c in pred.children):
            return None
        if h.pos_ in ("VERB", "AUX", "ADJ"):
            if _is_passive(h) and pred.dep_ != "conj":
                return None
            return _subject_of(h, depth + 1)
        if pred.dep_ == "pcomp" and h.pos_ in ("NOUN",):
            return _subject_of(h.head, depth + 1) if h.head.pos_ == "VERB" else None
    if pred.dep_ == "relcl":
        return pred.head
    if pred.dep_ == "acl" and not _is_passive(pred):
        return pred.head
    # noun-triggered events sitting in a prepositional phrase: the governing clause's subject
    if pred.pos_ in ("NOUN", "PROPN"):
        v = _clause_verb(pred)
        if v is not None:
            return _subject_of(v, depth + 1)
    return None


def _object_controller(pred: Token) -> Token | None:
    """Object control: in "accused Israel of attacking", "urged Iran to return", the one who
    attacks or returns is the main verb's direct object, not its subject."""
    if pred.dep_ == "pcomp" and _lemma(pred.head) in ("of", "for"):
        verb = pred.head.head
    elif pred.dep_ == "xcomp":
        verb = pred.head
    else:
        return None
    if verb.pos_ != "VERB":
        return None
    for c in verb.children:
        if c.dep_ == "dobj" and c.i < pred.i:
            return c
    return None


def _agent_of(pred: Token) -> Token | None:
    for c in pred.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and _lemma(c) == "by" and _is_passive(pred)):
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _instrument_actor(pred: Token, dm: DocMentions) -> list[Mention]:
    """Passive force event "hit with X" where X is an entity (a named force or operation)."""
    for c in pred.children:
        if c.dep_ == "prep" and _lemma(c) == "with":
            for g in c.children:
                if g.dep_ == "pobj":
                    ms = _entities_in(g, dm)
                    if ms:
                        return ms
    return []


def _assign_actor(c: _Cand, dm: DocMentions) -> None:
    pred = c.pred
    if pred is c.trigger and pred.pos_ in ("NOUN", "PROPN"):
        pred = _clause_verb(pred) or pred
    mentions: list[Mention] = []
    explicit = False
    passive = _is_passive(pred)
    agent = _agent_of(pred)
    if agent is not None:
        mentions, explicit = _resolve_np(agent, dm)
    elif passive:
        mentions = _instrument_actor(pred, dm)
        explicit = bool(mentions)
        if not mentions and c.etype in MATERIAL_CONFLICT:
            mentions = _quoted_named_instrument(pred, dm)
        if not mentions and c.rule.get("passive_force"):
            mentions = _reporting_speaker(pred, dm)
    else:
        subj = _subject_of(pred)
        if subj is not None:
            mentions, explicit = _resolve_np(subj, dm)
            if not mentions and subj.lower_ not in FIRST_PERSON:
                mentions = _sentence_country(subj, dm)
    # a trigger noun with its own possessor or modifier entity ("Iran's request")
    if not mentions and c.trigger is not pred:
        for ch in c.trigger.children:
            if ch.dep_ in ("poss", "amod", "compound", "nmod"):
                ms = _entities_in(ch, dm)
                if ms:
                    mentions, explicit = ms, True
                    break
    # a noun event in a phrase ("an armada ... for potential military action"): the speaker
    # of the governing clause
    if not mentions and c.trigger.pos_ in ("NOUN", "PROPN") and c.trigger.dep_ == "pobj":
        v: Token | None = pred
        for _ in range(3):
            v = _clause_verb(v) if v is not None else None
            if v is None:
                break
            subj = next((k for k in v.children if k.dep_ == "nsubj"), None)
            if subj is not None:
                mentions, _ = _resolve_np(subj, dm)
                if mentions:
                    break
    c.actors = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions])
    c.actor_tokens = [i for m in mentions if m.start >= 0 for i in range(m.start, m.end)]
    c.actor_explicit = explicit


def _sentence_country(subj: Token, dm: DocMentions) -> list[Mention]:
    """An unresolved named person or group ("Judge X", "fundamentalists") in a sentence that
    names a single country: that country (a domestic event). Never for several countries."""
    sent = subj.sent
    countries = {m.entity.code[:3] for m in dm.mentions
                 if sent.start <= m.start < sent.end and m.entity.code[:3] not in NON_STATE}
    if len(countries) != 1:
        return []
    code = countries.pop()
    from accord.types import Entity

    return [Mention(-1, -1, Entity(code=code, name=code, text=subj.text))]


def _reporting_speaker(pred: Token, dm: DocMentions) -> list[Mention]:
    """The resolved subject of the reporting verb whose complement holds pred."""
    t = pred
    for _ in range(4):
        if t.dep_ == "ccomp" and _lemma(t.head) in lexicon()["_reporting"]:
            subj = _subject_of(t.head)
            return _resolve_np(subj, dm)[0] if subj is not None else []
        if t.dep_ not in ("conj", "xcomp") or t.head is t:
            return []
        t = t.head
    return []


def _quoted_named_instrument(pred: Token, dm: DocMentions) -> list[Mention]:
    """An agentless passive attack inside a direct quote whose instrument is a proper name
    (a named operation: "they were hit with Operation X") is attributed to the speaker."""
    speaker = dm.speaker_at(pred.i)
    if speaker is None:
        return []
    for c in pred.children:
        if c.dep_ == "prep" and _lemma(c) == "with":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN":
                    return [Mention(-1, -1, speaker)]
    return []


def _recipient_tokens(c: _Cand) -> list[Token]:
    """Candidate recipient phrase heads for an event, nearest first."""
    out: list[Token] = []
    pred, trig = c.pred, c.trigger
    holders = [trig] if trig is pred else [trig, pred]
    topic = bool(c.rule.get("topic_object"))
    for h in holders:
        for ch in h.children:
            if ch.dep_ in ("dobj", "dative", "iobj") and ch is not trig:
                if not (topic and ch.dep_ == "dobj"):
                    out.append(ch)
            elif ch.dep_ == "nsubjpass" and not c.rule.get("passive_force"):
                out.append(ch)
            elif ch.dep_ in ("prep", "prt"):
                lem = _lemma(ch)
                if lem in RECIPIENT_PREPS or c.etype in EXTRA_RECIPIENT_PREPS.get(lem, ()):
                    out.extend(g for g in ch.children if g.dep_ == "pobj")
    if not out:
        for h in holders:
            for ch in h.children:
                if ch.dep_ == "xcomp":
                    out.extend(g for g in ch.children if g.dep_ in ("dobj",))
    # "demanded that the US cancel ..." / "urged X to"
    if c.rule.get("govern") or c.etype == "REQUEST":
        for ch in pred.children:
            if ch.dep_ in ("ccomp", "xcomp"):
                out.extend(g for g in ch.children if g.dep_ in ("nsubj", "nsubjpass"))
    return out


def _assign_recipients(c: _Cand, dm: DocMentions) -> None:
    mentions: list[Mention] = []
    toks = c.explicit_recipients or _recipient_tokens(c)
    for t in toks:
        if t.dep_ == "nsubjpass" and not _is_passive(t.head):
            continue
        ms = _entities_in(t, dm, preps=OBJECT_PREPS, open_head=c.etype in ABOUT_EVENT)
        if not ms and t.pos_ == "PRON":
            ms = dm.resolve_plural(t)
            m = None if ms else dm.resolve_pronoun(t)
            ms = ms or ([m] if m else [])
        mentions.extend(ms)
    if not mentions and c.etype in IN_RECIPIENT_TYPES:
        keep_venue, visit = not _venue_is_location_only(c), _is_visit(c)
        for h in {c.trigger, c.pred}:
            for ch in h.children:
                if ch.dep_ == "prep" and _lemma(ch) in ("in", "into", "at"):
                    for g in ch.children:
                        if g.dep_ == "pobj":
                            mentions.extend(
                                _territory(m) if keep_venue and not visit and _is_venue(m, dm)
                                else m
                                for m in _entities_in(g, dm) if m.entity.kind != "person"
                                and (keep_venue or _lemma(ch) == "into"
                                     or not _is_venue(m, dm))
                            )
    if not mentions:
        for ch in c.children:
            mentions.extend(_mentions_from(ch, dm))
    actor_set = set(c.actor_tokens)
    if not mentions and not c.rule.get("topic_object"):
        mentions = _object_side(c, dm, actor_set)
        c.recipient_fallback = bool(mentions)
    mentions = [m for m in mentions if m.start < 0 or m.start not in actor_set]
    # an actor is never its own recipient. In a meeting a bare country code also covers its
    # own sectors ("Egyptian and Ethiopian officials held talks on the Ethiopian dam": not
    # ETHGOV -> ETH); elsewhere a sector acting on its own country (XREB -> X, XGOV -> X) is
    # the domestic event the gold set codes, so only an identical code is dropped
    meeting = c.etype == "CONSULT"
    mentions = [m for m in mentions if not any(
        a.code == m.entity.code or (meeting and len(m.entity.code) == 3
                                    and a.code.startswith(m.entity.code))
        for a in c.actors)]
    if c.etype == "CONSULT":  # the venue ("at the White House") is not a participant
        own_codes = {a.code for a in c.actors}
        mentions = [m for m in mentions
                    if not (m.entity.kind == "place" and m.entity.code in own_codes)]
    if c.etype == "MOBILIZE":  # one's own forces are not the recipient
        own = {a.code[:3] for a in c.actors}
        mentions = [m for m in mentions if m.entity.code[:3] not in own]
    c.recipients = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions])
    c.recipient_tokens = [i for m in mentions if m.start >= 0 for i in range(m.start, m.end)]


def _is_visit(c: _Cand) -> bool:
    """A visit or arrival ("arrived in Tehran", "a visit to Cairo"): the place is the host."""
    return _lemma(c.pred) in VISIT_LEMMAS or _lemma(c.trigger) in VISIT_LEMMAS or (
        c.mode == "visit")


def _venue_is_location_only(c: _Cand) -> bool:
    """Is a place in "in/at X" only the event's location? Always for meetings, agreements and
    statements (VENUE_TYPES: "met in Brussels", "signed an agreement in Vienna"), except the
    host of a visit. For material acts that fall on a territory ("imposed a curfew in X",
    "shelled targets in X") the place is also kept as recipient: the population or
    government acted upon, as the CAMEO-derived gold set codes it."""
    if c.etype == "ACCUSE" and c.mode == "investigate":
        return False  # inspecting sites in a country is directed at that country
    return c.etype in VENUE_TYPES and not _is_visit(c)


def _territory(m: Mention) -> Mention:
    """A city or capital taken as the territory an act falls on: its country, not its
    government ("a curfew in Abidjan" falls on Cote d'Ivoire, not on its government)."""
    if m.entity.kind != "place" or len(m.entity.code) <= 3:
        return m
    return Mention(m.start, m.end, m.entity.model_copy(update={"code": m.entity.code[:3]}))


def _is_venue(m: Mention, dm: DocMentions) -> bool:
    """Is the mention a place named as where something happens ("in Brussels", "at the
    White House"): a place-like entity in the object of in/at/inside/near?"""
    if m.start < 0:
        return False
    span = dm.doc[m.start : m.end]
    head = span.root
    if not (head.dep_ == "pobj" and _lemma(head.head) in VENUE_PREPS):
        return False
    return m.entity.kind in ("place", "country") or any(
        t.ent_type_ in PLACE_NER for t in span)


def _venue_prep(tok: Token, dm: DocMentions) -> bool:
    """An in/at phrase whose object is a place: the event's location, not a recipient."""
    if tok.dep_ != "prep" or _lemma(tok) not in VENUE_PREPS:
        return False
    for g in tok.children:
        if g.dep_ == "pobj":
            m = dm.entity_at(g)
            if m is not None and _is_venue(m, dm):
                return True
            if m is None and g.ent_type_ in PLACE_NER:
                return True
    return False


def _object_side(c: _Cand, dm: DocMentions, actor_set: set[int]) -> list[Mention]:
    """Last resort: the nearest entity on the object side of the clause (breadth first over
    objects, complements and purpose clauses; never the subject)."""
    own = {a.code for a in c.actors}
    starts = [c.trigger] if c.trigger is c.pred else [c.trigger, c.pred]
    queue: list[Token] = []
    for h in starts:
        queue.extend(ch for ch in h.children if ch.dep_ not in OBJECT_SIDE_SKIP
                     and not (ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX"))
                     and not (_venue_is_location_only(c) and _venue_prep(ch, dm)))
    seen: set[int] = {t.i for t in starts}
    venue_only = _venue_is_location_only(c)
    while queue:
        t = queue.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        m = dm.entity_at(t)
        if m is not None and t.i not in actor_set and m.entity.code not in own:
            return [m]
        # "with the negotiations with Iran": Iran is a party of the talks, not of this event
        party = _is_event_noun(t, dm) and t is not c.trigger
        change = _lemma(t) in CHANGE_NOUNS
        queue.extend(ch for ch in t.children if ch.dep_ not in ("punct", "relcl", "appos")
                     and not (party and ch.dep_ == "prep" and _lemma(ch) in PARTY_PREPS)
                     and not (change and _lemma(ch) in ("from", "to"))
                     and not (venue_only and _venue_prep(ch, dm)))
    return []


def _mentions_from(c: _Cand, dm: DocMentions) -> list[Mention]:
    if not c.recipient_tokens:
        return []
    out, seen = [], set()
    for i in c.recipient_tokens:
        m = dm.by_token.get(i)
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out


# =========================================================================== flags
def _chain(c: _Cand) -> list[Token]:
    """The clause of the event: predicate, its conjunct heads and xcomp/aux governors."""
    out = [c.pred]
    if c.trigger is not c.pred:
        out.append(c.trigger)
        v = _clause_verb(c.trigger) if c.pred is c.trigger else None
        if v is not None:
            out.append(v)
    t = c.pred
    for _ in range(4):
        if t.dep_ in ("conj", "xcomp") and t.head is not t:
            t = t.head
            out.append(t)
        else:
            break
    return out


def _set_flags(c: _Cand, anchor: dt.date | None, dm: DocMentions | None = None) -> None:
    chain = _chain(c)
    lex_hist = False
    backshift = _reported_past(c.pred)
    for t in chain:
        kids = list(t.children)
        for k in kids:
            lem = _lemma(k)
            if k.dep_ == "neg" or (lem in ("never",) and k.dep_ == "advmod"):
                c.negated = True
            if k.dep_ == "aux" or k.tag_ == "MD":
                if lem in FUTURE_AUX or k.lower_ in FUTURE_AUX:
                    c.future = True
                elif lem in MODAL_AUX or k.lower_ in MODAL_AUX:
                    c.hypothetical = True
                elif lem == "have" and t.tag_ == "VBN" and k.tag_ == "VBD" and not backshift:
                    lex_hist = True  # "had struck" (not "he said he had pressed")
            if k.dep_ == "advcl" or k.dep_ == "advmod":
                marks = {_lemma(g) for g in k.children if g.dep_ == "mark"}
                if "if" in marks:
                    c.hypothetical = True
                if "unless" in marks:
                    c.conditional = True
                    c.hypothetical = True
            if k.dep_ in ("npadvmod", "advmod", "prep", "obl"):
                sub = [_lemma(g) for g in k.subtree]
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
                c.hypothetical = True
                c.conditional = c.conditional or lem == "unless"
        if _lemma(t) == "fail" or (t.dep_ == "xcomp" and _lemma(t.head) == "fail"):
            c.negated = True
        if _lemma(t.head) == "fail" and t.dep_ == "xcomp":
            c.negated = True
        if t.dep_ == "xcomp" and _lemma(t.head) in FUTURE_HEADS:
            c.future = True
    trig = c.trigger
    for k in trig.children:
        if k.dep_ == "det" and _lemma(k) == "no":
            c.negated = True
        if k.dep_ == "amod" and _lemma(k) in HYPO_AMOD:
            c.hypothetical = True
        if k.dep_ == "amod" and _lemma(k) in HISTORICAL_AMOD - {"last"}:
            lex_hist = True
        if k.dep_ == "prep" and _lemma(k) == "without":
            pass
    if trig.dep_ == "pobj" and _lemma(trig.head) == "without":
        c.negated = True
    # clauses hanging under "a past incident" / "the previous war"
    for anc in c.pred.ancestors:
        if anc.pos_ == "NOUN" and any(
            g.dep_ == "amod" and _lemma(g) in {"past", "previous", "earlier"} for g in anc.children
        ):
            lex_hist = True
            break
        if anc.dep_ == "ROOT":
            break
    if _in_question(c.pred) or (c.trigger is not c.pred and _in_question(c.trigger)):
        c.hypothetical = True
    if in_allegation(c.pred) or (c.trigger is not c.pred and in_allegation(c.trigger)):
        c.hypothetical = c.alleged = True
    head_lem = _lemma(c.pred.head)
    purpose = (c.pred.dep_ in ("acl", "relcl") and head_lem not in ATTEMPT_NOUNS
               and head_lem not in lexicon()["nouns"]) or (
        c.pred.dep_ == "advcl" and _lemma(c.pred.head) in PREPARING_VERBS)
    if purpose and any(k.dep_ == "aux" and k.tag_ == "TO" for k in c.pred.children):
        c.hypothetical = True  # "weapons to use against X", "built missiles to strike X"
    c.date, attached, precision = _event_date(c, anchor)
    c.date_precision = precision
    recent = False
    if c.date is not None and anchor is not None:
        delta = (c.date - anchor).days
        middle = (period_middle(c.date, precision) - anchor).days
        recent = attached and middle >= -RECENT_DAYS
        if delta > 0:
            c.future = True
        elif delta < -180 or (attached and middle < -RECENT_DAYS):
            lex_hist = True
    if not lex_hist and not recent:  # a recent date of its own outweighs the context
        lex_hist = _after_past_event(chain) or _recalled(c, dm)
    c.historical = lex_hist and not c.future


def _reported_past(pred: Token) -> bool:
    """Is pred in a clause reported by a past-tense verb ("he said he had pressed")? Then a
    past perfect is the report's tense shift, not a sign of an older event."""
    t = pred
    for _ in range(6):
        if t.head is t:
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
        if any(k.dep_ == "mark" and _lemma(k) in QUESTION_MARKS for k in t.children):
            return True
        if t.dep_ == "csubj" and (_lemma(t.head) in OPEN_ADJ or any(
                k.dep_ in ("acomp", "attr", "oprd") and _lemma(k) in OPEN_ADJ
                for k in t.head.children)):
            return True
        if t.head is t or t.dep_ in ("ROOT",):
            return False
        t = t.head
    return False


ALLEGATION_PATH = {"pcomp", "pobj", "prep", "ccomp", "xcomp", "conj", "acl", "dobj", "advcl"}


def in_allegation(tok: Token) -> bool:
    """Is tok an act that someone else alleges, blames or denies ("accused X of supporting
    Y", "blamed X for the attack", "denied that it had struck", "the alleged raid")? Such an
    act is reported, not established: its event is flagged hypothetical."""
    if any(k.dep_ == "amod" and _lemma(k) in {"alleged", "suspected", "purported"}
           for k in tok.children):
        return True
    t = tok
    for _ in range(6):
        h = t.head
        if h is t or t.dep_ not in ALLEGATION_PATH:
            return False
        if _lemma(h) in ALLEGING and h.pos_ in ("VERB", "NOUN"):
            return not (_lemma(h) == "claim" and any(
                _lemma(k) in CLAIM_NOT_ALLEGING for k in h.children if k.dep_ == "dobj"))
        if h.pos_ in ("VERB", "AUX") and t.dep_ not in ("xcomp", "conj"):
            return False  # another clause's verb: the allegation, if any, is not about tok
        t = h
    return False


def _after_past_event(chain: list[Token]) -> bool:
    """"... after it last declined", "... when they last met": an event placed after an
    earlier, explicitly past one is itself in the past."""
    for t in chain:
        for k in t.children:
            if k.dep_ != "advcl":
                continue
            marks = {_lemma(g) for g in k.children if g.dep_ == "mark"}
            if marks & PAST_MARKS and any(g.dep_ == "advmod" and g.lower_ == "last"
                                          and g.tag_ == "RB" for g in k.children):
                return True
    return False


def _recalled(c: _Cand, dm: DocMentions | None) -> bool:
    """An event described in a relative clause or appositive of a noun that a referring verb
    points back to ("pointed to X, the strike that hit Y", "recalled the war in which ..."),
    or of a named operation ("Operation X, which struck ..."): background, not news."""
    referring = lexicon()["_referring"]
    t = c.pred if c.trigger is c.pred else c.trigger
    described = t.pos_ in ("NOUN", "PROPN")
    for _ in range(10):
        if t.head is t:
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
            return described and _lemma(h) in referring
        t = h
    return False


def _event_date(c: _Cand, anchor: dt.date | None) -> tuple[dt.date | None, bool, str]:
    """The date expression attached to the event's clause, resolved against the anchor, with
    whether it is attached to the clause (else the sentence's first date) and its precision."""
    sent = c.pred.sent
    chain = set(t.i for t in _chain(c))
    best = None
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        v = _clause_verb(ent.root)
        attached = ent.root.head.i in chain or (v is not None and v.i in chain)
        if not attached:
            if best is None:
                best = ent
            continue
        d, precision = _dated(ent.text, anchor)
        if d is not None:
            return d, True, precision
    if best is not None:
        d, precision = _dated(best.text, anchor)
        return d, False, precision
    return None, False, "day"


@lru_cache(maxsize=4096)
def _dated(text: str, anchor: dt.date | None) -> tuple[dt.date | None, str]:
    """resolve_date and date_precision of one expression (cached: datelines repeat)."""
    d = resolve_date(text, anchor)
    return d, (date_precision(text) if d is not None else "day")


def _location(c: _Cand, landmarks: dict[str, str]) -> str | None:
    """Where the event happened: an "in/at + place" phrase of the predicate, of the event
    noun, or hanging off its party ("talks with the E3 in Geneva")."""
    holders = [c.trigger, c.pred]
    for h in (c.trigger, c.pred):
        for ch in h.children:
            if ch.dep_ == "prep" and _lemma(ch) in PARTY_PREPS:
                holders.extend(g for g in ch.children if g.dep_ == "pobj")
    for h in holders:
        for ch in h.children:
            if ch.dep_ == "prep" and _lemma(ch) in ("in", "at"):
                for g in ch.children:
                    if g.dep_ != "pobj":
                        continue
                    span = _ent_span(g)
                    if span is None:
                        continue
                    key = span.text.lower().removeprefix("the ").strip()
                    if key in landmarks:
                        return landmarks[key]
                    if span.label_ in ("GPE", "LOC", "FAC"):
                        return span.text.removeprefix("the ")
    return None


def _ent_span(tok: Token) -> Span | None:
    for ent in tok.sent.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


# =========================================================================== types
def _mode_from_keywords(etype: str, tokens: list[Token]) -> str | None:
    table = lexicon()["mode_keywords"].get(etype)
    if not table:
        return None
    lemmas = {_lemma(t) for t in tokens}
    for mode, words in table.items():
        if lemmas & set(words):
            return mode
    return None


def _contexts(sent: Span) -> list[str]:
    lemmas = {_lemma(t) for t in sent}
    text = sent.text.lower()
    out = []
    for ctx, words in lexicon()["context_keywords"].items():
        if any((w in lemmas) if " " not in w else (w in text) for w in words):
            out.append(ctx)
    return out


def _finalise_type(c: _Cand) -> None:
    """Attitude verbs take their type from the complement; future/conditional conversions."""
    if c.rule.get("intent"):
        kids = c.children
        if kids and all(k.negated for k in kids) and not c.negated:
            c.etype = "REJECT"
        elif any(k.etype in CONFLICT - {"REQUEST", "ACCUSE"} for k in kids):
            c.etype = "THREATEN"
            c.mode = c.mode or _mode_from_keywords("THREATEN", _complement_tokens(c))
        else:
            c.etype = "AGREE"
    elif c.rule.get("govern") and c.etype in ("REQUEST", "REJECT", "THREATEN"):
        c.mode = c.mode or _mode_from_keywords(c.etype, _complement_tokens(c))
    if c.etype == "ASSAULT" and c.mode is None:
        c.mode = _mode_from_keywords("ASSAULT", list(c.pred.sent))
    if c.etype == "MOBILIZE":
        m = _mode_from_keywords("MOBILIZE", _objects(c.pred) + [c.trigger])
        if m:
            c.mode = m
    # the manual's single-category rule for auxiliary modes (an alleged act keeps its type:
    # an alleged attack is not a threat)
    if c.alleged and not (c.future or c.conditional):
        return
    if c.conditional and c.etype not in ("THREATEN", "REQUEST"):
        c.mode = _mode_from_keywords("THREATEN", list(c.pred.subtree))
        c.etype = "THREATEN"
    elif (c.future or c.hypothetical) and c.etype in MATERIAL_CONFLICT:
        c.mode = _mode_from_keywords("THREATEN", list(c.pred.subtree) + [c.trigger]) or (
            "violence" if c.etype in ("ASSAULT", "MOBILIZE") else "restrict")
        c.etype = "THREATEN"
    elif (c.future or c.hypothetical) and c.etype in COOPERATIVE - {"AGREE"}:
        if c.negated:
            c.etype, c.mode, c.negated = "REJECT", None, False
        else:
            c.etype, c.mode = "AGREE", None
    elif (c.future or c.hypothetical) and c.etype == "AGREE" and c.negated:
        c.etype, c.negated = "REJECT", False


def _complement_tokens(c: _Cand) -> list[Token]:
    out = []
    for ch in c.pred.children:
        if ch.dep_ in ("xcomp", "ccomp", "dobj", "prep", "advcl"):
            out.extend(ch.subtree)
    return out


def _absorb(cands: list[_Cand]) -> None:
    """Attitude verbs absorb the events of their complements (one PLOVER category)."""
    by_pred = {c.pred.i: c for c in cands if c.rule.get("govern")}
    for c in cands:
        below = c.pred if c.trigger is c.pred else None
        chain = list(c.pred.ancestors) if below is not None else [c.pred, *c.pred.ancestors]
        prev = below if below is not None else c.trigger
        for anc in chain:
            g = by_pred.get(anc.i)
            if g is not None and g is not c:
                if prev.dep_ in COMPLEMENT_DEPS:
                    c.absorbed = True
                    g.children.append(c)
                break
            prev = anc


def _reporting_requests(sent: Span, dm: DocMentions, cands: list[_Cand]) -> list[_Cand]:
    """"X said Y must do Z": a REQUEST from X to Y."""
    lex = lexicon()
    out = []
    for tok in sent:
        if tok.pos_ != "VERB" or _lemma(tok) not in lex["_reporting"]:
            continue
        for ch in tok.children:
            if ch.dep_ != "ccomp":
                continue
            aux = {_lemma(a) for a in ch.children if a.dep_ in ("aux",)} | {
                a.lower_ for a in ch.children if a.dep_ == "aux"}
            if not aux & DEONTIC:
                continue
            subj = [g for g in ch.children if g.dep_ in ("nsubj", "nsubjpass")]
            if not subj:
                continue
            rc = _Cand(tok, tok, "REQUEST", None, {"govern": True}, True)
            rc.explicit_recipients = subj
            rc.mode = _mode_from_keywords("REQUEST", list(ch.subtree))
            for c in cands:
                if c.pred.i == ch.i or ch.i in {a.i for a in c.pred.ancestors}:
                    c.absorbed = True
            out.append(rc)
    return out


# =========================================================================== driver
def code_sentence(sent: Span, dm: DocMentions, anchor: dt.date | None,
                  article_id: str | None = None) -> list[Event]:
    """PLOVER events of one sentence, the main event (nearest the root) first."""
    cands = _candidates(sent, dm)
    cands += _reporting_requests(sent, dm, cands)
    if not cands:
        return []
    for c in cands:
        _set_flags(c, anchor, dm)
        if c.rule.get("future"):
            c.future = True
    _absorb(cands)
    for c in cands:
        _assign_actor(c, dm)
    kept = []
    for c in cands:
        if c.absorbed:
            continue
        if c.rule.get("need_complement") and not c.children:
            continue
        if c.negated and _circumstance(c):
            continue  # "faced consequences for not engaging in talks": a non-event
        for k in c.children:
            _assign_recipients(k, dm)
        _assign_recipients(c, dm)
        _finalise_type(c)
        if not c.actors and not c.recipients:
            continue
        if c.etype == "SANCTION" and _lemma(c.pred) in CLOSING_VERBS and not c.recipients and (
                len({a.code[:3] for a in c.actors}) >= 2):
            continue  # "the two sides ended their talks": the talks closed, nobody broke off
        kept.append(c)
    kept.sort(key=lambda c: (_depth(c.pred), c.trigger.i))
    events: list[Event] = []
    seen: dict[tuple, int] = {}
    landmarks = {k.lower(): v for k, v in lexicon()["landmarks"].items()}
    ctx = _contexts(sent)
    doc = sent.doc
    for c in kept:
        key = (c.etype, tuple(sorted(a.code for a in c.actors)))
        if key in seen and c.actors:
            prev = events[seen[key]]
            if len(c.recipients) <= len(prev.recipient):
                continue
        toks = [c.trigger.i, c.pred.i, *c.actor_tokens, *c.recipient_tokens]
        toks = [i for i in toks if sent.start <= i < sent.end]
        lo, hi = min(toks), max(toks)
        start, end = doc[lo].idx, doc[hi].idx + len(doc[hi])
        # a day only when the text gives one: "in 2022" or "last June" leave the date open
        # (the flags say past or future); no date expression at all -> the article's day
        # for an event reported as current
        date = c.date if c.date_precision == "day" else None
        if c.date is None and not (c.historical or c.future or c.hypothetical):
            date = anchor
        ev = Event(
            type=c.etype, mode=c.mode, context=ctx, actor=c.actors, recipient=c.recipients,
            date=date, location=_location(c, landmarks), negated=c.negated,
            hypothetical=c.hypothetical, historical=c.historical, future=c.future,
            quad=quad_of(c.etype), score=score_of(c.etype, c.mode),
            confidence=_confidence(c),
            evidence=Evidence(article_id=article_id, start=start, end=end,
                              sentence=sent.text.strip()),
            coder_version=CODER_VERSION,
        )
        if key in seen and c.actors:
            events[seen[key]] = ev
        else:
            seen[key] = len(events)
            events.append(ev)
        if c.etype == "CONSULT" and not c.negated:
            dm.last_meeting = dedupe_refs(c.actors + c.recipients)
    return events


def _circumstance(c: _Cand) -> bool:
    """A gerund clause inside a prepositional phrase ("for not engaging", "without
    consulting"): a reason or manner of another event, not an event reported in itself."""
    p = c.pred
    return p.tag_ == "VBG" and p.dep_ == "pcomp" and not c.rule.get("govern")


def _depth(t: Token) -> int:
    d = 0
    while t.head is not t and d < 50:
        t = t.head
        d += 1
    return d


def _confidence(c: _Cand) -> float:
    v = 0.45
    if c.actors:
        v += 0.25 if c.actor_explicit else 0.10
    if c.recipients:
        v += 0.05 if c.recipient_fallback else 0.10
    if c.strong:
        v += 0.10
    if c.negated or c.hypothetical:
        v -= 0.10
    return round(min(0.95, max(0.05, v)), 2)


def code_doc(doc: Doc, article_id: str | None = None) -> list[Event]:
    """All PLOVER events in a parsed doc (actor annotations from accord_actors)."""
    from accord.nlp.quotes import quote_regions

    dm = DocMentions.build(doc)
    dm.quote_speakers = quote_regions(doc, dm)
    anchor = _ext(doc, "article_date")
    if isinstance(anchor, str):
        anchor = dt.date.fromisoformat(anchor)
    if article_id is None:
        article_id = _ext(doc, "article_id")
    events: list[Event] = []
    for sent in doc.sents:
        events.extend(code_sentence(sent, dm, anchor, article_id))
    return events


class EventCoder:
    """spaCy component: sets Doc._.events (list[accord.types.Event])."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_doc(doc)
        return doc


def ensure_extensions() -> None:
    """Register the Doc extensions this module writes."""
    if not Doc.has_extension("events"):
        Doc.set_extension("events", default=None)
    if not Doc.has_extension("article_id"):
        Doc.set_extension("article_id", default=None)


@Language.factory("accord_events")
def make_event_coder(nlp: Language, name: str) -> EventCoder:
    """Factory for the PLOVER event coder component."""
    ensure_extensions()
    return EventCoder()
