"""Recipient fallbacks: who an act falls on when its clause names nobody the tables know.

Called by accord.nlp.roles.assign_recipients after the grammatical positions: an unlisted
person or group in the object ("accused Gulen"), the learned ranker's pick among the
sentence's party nouns, an unnamed party noun ("deported children"), the other party of a
two-party article (force on "enemy posts along the border", hostile words with no target),
and the sanity rule that a state is never its own recipient in a cross-border act. Split
from accord.nlp.roles in December 2026 when that module passed 800 lines.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from accord.nlp._mentions import (
    DocMentions,
    Mention,
    sector_noun,
)
from accord.nlp.candidate import EventCandidate
from accord.nlp.lexicon import (
    JOINT_ACTS,
    NON_STATE,
    lemma,
    lexicon,
    quad_of,
)
from accord.nlp.placing import (
    object_nouns,
    party_code,
    sentence_country,
    state_organ,
    targeted_nouns,
)
from accord.types import ActorRef


def unresolved_object(toks: list[Token], dm: DocMentions, c: EventCandidate) -> list[Mention]:
    """An object naming an unlisted person or group ("accused Gulen", "freed the fishermen")
    in a sentence about a single country (or, for a named one, a single country besides the
    actor's): that country (+ the sector the noun names)."""
    from accord.nlp._mentions import sector_noun

    own = frozenset(a.code[:3] for a in c.actors)
    # force by one party of a two-party article on unnamed places or people ("shelled the
    # villages of Tavush province") is not placed in its own country: the other party's
    # prior (``other_party``) decides
    at_war = (c.etype == "ASSAULT" and len(dm.parties) == 2 and own and own <= set(dm.parties)
              and all(state_organ(a.code) for a in c.actors))
    classes = lexicon()["_classes"]
    arms = classes.get("weapons", set()) | classes.get("gunfire", set())
    for t in object_nouns(toks):
        if lemma(t) in arms:
            continue  # "fired a missile at a tanker": the projectile is no party
        named = t.pos_ == "PROPN" and t.ent_type_ in ("PERSON", "ORG", "NORP", "")
        if named or sector_noun(t) is not None:
            # a named party may be "the other country" of the sentence; an unnamed group
            # ("hostages", "activists") only the country of a one-country sentence
            ms = sentence_country(t, dm, exclude=own if named else frozenset())
            if at_war and ms and ms[0].entity.code[:3] in own:
                continue
            if ms and ms[0].start < 0 and (
                    (named and ms[0].entity.code[:3] in own)
                    or any(a.code == ms[0].entity.code for a in c.actors)):
                # the only country is the actor's own: a different party of unknown country
                # ("Ecuador granted asylum to Julian Assange" is not Ecuador -> Ecuador)
                e = ms[0].entity
                code = "---" + e.code[3:]
                ms = [Mention(-1, -1, e.model_copy(update={"code": code, "name": "---"}))]
            if ms:
                return ms
    return []


def ranked_recipient(c: EventCandidate, dm: DocMentions, actor_set: set[int]) -> list[Mention]:
    """The learned ranker's recipient among the sentence's unlisted party nouns
    (accord.nlp.recipients), or none."""
    from accord.nlp.parties import party_kind, phrase
    from accord.nlp.recipients import Candidate, active, features, rank_scored
    from accord.types import Entity

    if not active():  # no model: the candidates' features would be built for nothing
        return []

    sent = c.pred.sent
    own = {a.code[:3] for a in c.actors}
    skip = set(actor_set) | {c.trigger.i, c.pred.i}
    raw: list[tuple[Token, Mention | None, str, str, str]] = []
    # listed actors the rules passed over are left out: the rules exclude them for a reason
    # (a venue, the origin of a change, a meeting's participants, one's own forces)
    for t in sent:
        kind = party_kind(t)
        if t.i in skip or t.i in dm.by_token or kind is None:
            continue
        raw.append((t, None, phrase(t), kind, party_code(t, dm, frozenset(own))))
    cands = [Candidate(h, m, text, features(c.pred, c.trigger, h, kind, c.etype, own, code,
                                            len(raw)))
             for h, m, text, kind, code in raw]
    best, score = rank_scored(cands, sent.text)
    if best is None:
        return []
    c.recipient_score = score
    if best.mention is not None:
        return [best.mention]
    code = next(code for h, _m, _t, _k, code in raw if h is best.head)
    return [Mention(-1, -1, Entity(code=code, name=code, text=best.text))]


def unnamed_party(toks: list[Token], c: EventCandidate, dm: DocMentions, actor_set: set[int],
                   ) -> list[Mention]:
    """Last resort (accord.nlp.parties): the first object noun naming a party no table
    lists ("deported children", "an attack on the embassy", "demands from a rebel group"),
    coded with the sentence's one country or ``---``. Not for a joint act of two countries
    (its parties are each other's recipients)."""
    from accord.nlp.parties import is_party_noun, phrase

    if c.etype in JOINT_ACTS and len({a.code[:3] for a in c.actors}) >= 2:
        return []
    heads = [c.trigger] if c.trigger == c.pred else [c.trigger, c.pred]
    source = list(toks) or targeted_nouns(c)
    for h in heads:  # a topic object's source: "rejected demands from X", "offers by X"
        for ch in h.children:
            if ch.dep_ == "dobj":
                source.extend(g for p in ch.children if p.dep_ == "prep"
                              and lemma(p) in ("from", "by", "to", "for")
                              for g in p.children if g.dep_ == "pobj")
    material = quad_of(c.etype) in (2, 4)
    for t in object_nouns(source):
        if t.i in actor_set or t.i in heads or not is_party_noun(t, material):
            continue
        code = party_code(t, dm, own=frozenset(a.code[:3] for a in c.actors))
        return [Mention.unplaced(code, phrase(t))]
    return []


PAIR_NOUNS = frozenset({"country", "side", "nation", "neighbour", "neighbor", "party",
                        "government", "capital", "state", "rival", "adversary", "leader",
                        "president", "army", "delegation"})


def both_parties(tok: Token, dm: DocMentions) -> list[Mention]:
    """"both countries", "the two sides", "both parties" in a two-party article: the two
    parties of the article ("the AU called on both countries to show restraint"). Nothing when
    the article has no two parties (the phrase then names no one the tables know)."""
    if not dm.parties:
        return []
    if lemma(tok) not in PAIR_NOUNS or tok.tag_ != "NNS":
        # "the two countries' security chiefs", "both sides' leaders": the pair owns them
        owner = next((k for k in tok.children if k.dep_ == "poss"), None)
        return both_parties(owner, dm) if owner is not None else []
    if not any(lemma(k) == "both" or (k.dep_ == "nummod" and k.lower_ in ("two", "2"))
               for k in tok.children):
        return []
    return [Mention.unplaced(p, "a party of the article") for p in dm.parties]


def other_party(c: EventCandidate, dm: DocMentions) -> list[Mention]:
    """The article's parties as a prior: in an article about two countries, an attack or
    coercion by one of them on "enemy posts" or "along the border" with no recipient named
    falls on the other ("the army carried out air raids on enemy posts along the border")."""
    if c.etype not in ("ASSAULT", "COERCE") or not c.actors:
        return []
    own = {a.code[:3] for a in c.actors}
    parties = dm.parties
    if len(own) != 1 or not own & set(parties):
        return []
    heads = {c.pred.i, c.trigger.i}
    words = {lemma(t) for h in heads for t in c.pred.doc[h].subtree}
    if not words & HOSTILE_CUES and not _party_force(c, dm, parties):
        return []
    if armed_group_named(c.pred.sent, dm):
        return []  # "repulsed the attacks, inflicting casualties on the terrorists": on them
    other = next(p for p in parties if p not in own)
    return [Mention.unplaced(other, "the other party of the article")]


def attacker_prior(c: EventCandidate, dm: DocMentions) -> list[ActorRef]:
    """Force told with no doer on one party of a two-party article ("four of its troops were
    killed", "a general was killed in fighting with Armenian forces") in a sentence that names
    no third country: the other party's, as a fallback (lower role confidence). Not on rebels
    or unknown parties, whose attackers may be anyone."""
    if c.etype != "ASSAULT" or c.actors or len(dm.parties) != 2:
        return []
    hit = {r.code[:3] for r in c.recipients if not r.code.startswith("-")}
    # only a party's own forces or officials: its people, dissidents or a bare country may be
    # hit by anyone (Iran shelling Iranian-Kurdish groups in Iraq is not Iraq's force)
    if len(hit) != 1 or not hit <= set(dm.parties) or not all(
            r.code[3:6] in ("GOV", "MIL", "COP") for r in c.recipients):
        return []
    named = _states_named(c.pred.sent, dm)
    if named - set(dm.parties) or armed_group_named(c.pred.sent, dm):
        return []  # a third state, or militants, may have struck
    other = next(p for p in dm.parties if p not in hit)
    c.actor_fallback = True
    # a casualty report that names no attacker is no claim about one ("four of its soldiers
    # were killed"); one that names the other side still is ("Azerbaijani forces launched a
    # provocation, as a result of which three Armenian servicemen were killed")
    c.unnamed_attacker = other not in named
    return [ActorRef(code=other, name=other, text="the other party of the article")]


def _states_named(sent: Span, dm: DocMentions) -> set[str]:
    """The countries a sentence names (placed codes, not organisations or unknowns)."""
    return {m.entity.code[:3] for m in dm.mentions if sent.start <= m.start < sent.end
            and not m.entity.code.startswith("-") and m.entity.code[:3] not in NON_STATE}


FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})
ARMED_SECTORS = frozenset({"REB", "INS", "UAF"})


def armed_group_named(sent: Span, dm: DocMentions) -> bool:
    """Does the sentence name an armed group ("militants", "the terrorists", a rebel group:
    sector REB, INS or UAF)? Force in it may be theirs or on them, not the other state's."""
    return any(t.pos_ == "NOUN" and sector_noun(t) in ARMED_SECTORS for t in sent) or any(
        sent.start <= m.start < sent.end and m.entity.code[3:6] in ARMED_SECTORS
        for m in dm.mentions)


def _party_force(c: EventCandidate, dm: DocMentions, parties: list[str]) -> bool:
    """Force or coercion by a state organ of one party of a two-party article, in a sentence
    that names no other country ("Russian vessels opened fire on the other two", "the
    Armenian forces are shelling the Tartar and Agdam districts"): it is aimed at the other
    party even with no hostile cue."""
    if not all(state_organ(a.code) for a in c.actors):
        return False
    sent = c.pred.sent
    named = _states_named(sent, dm)
    return not named - set(parties)


def article_counterpart(c: EventCandidate, dm: DocMentions) -> list[Mention]:
    """The article's parties as a prior for a hostile act whose sentence names no recipient
    at all ("Baku accused the Armenian side of violating the truce" resolves by itself; "the
    ministry accused it of provocations" does not): in an article about two countries, an
    act by a state organ of one of them falls on the other. Not when the sentence names a
    third country (the act may be aimed at it), nor for an act by a group or an unknown
    actor. The recipient is a fallback and lowers the role confidence."""
    if c.etype not in COUNTERPART_TYPES or not c.actors:
        return []
    parties = dm.parties
    own = {a.code[:3] for a in c.actors if state_organ(a.code)}
    if len(own) != 1 or len({a.code[:3] for a in c.actors}) != 1 or not own <= set(parties):
        return []
    sent = c.pred.sent
    named = _states_named(sent, dm)
    if named - set(parties) or (c.etype in FORCE_TYPES and armed_group_named(sent, dm)):
        return []  # a third state, or force on or by militants the sentence names
    other = next(p for p in parties if p not in own)
    return [Mention.unplaced(other, "the other party of the article")]


def cross_border(c: EventCandidate, mentions: list[Mention]) -> list[Mention]:
    """An actor is never its own recipient in a cross-border act: when a state (the bare
    country or one of its organs) attacks, coerces, threatens, sanctions or mobilises, its own
    state among the recipients (its border, its side, its own forces) is dropped ("Thai jets
    struck Cambodian posts along the border": not THA). Its civilians, rebels or opposition
    stay (domestic acts), and so do acts by a country's rebels on its state."""
    if c.etype not in CROSS_BORDER_TYPES:
        return mentions
    own = {a.code[:3] for a in c.actors if state_organ(a.code)}
    if not own:
        return mentions
    kept = [m for m in mentions
            if not (state_organ(m.entity.code) and m.entity.code[:3] in own)]
    if len(kept) < len(mentions):
        c.role_repaired = True
    return kept


def home_recipient(c: EventCandidate, dm: DocMentions, mentions: list[Mention]
                   ) -> list[Mention]:
    """In an article about one country (``DocMentions.home``), a domestic act whose clause
    names no country falls on that country: a crowd's protest on its government ("thousands
    of protesters gathered outside parliament": H-CVL -> H-GOV), a state's curfew, arrests or
    force on its people ("declared a state of emergency", "forces captured the city": H-GOV
    -> H-CVL), and an unnamed party ("---GOV", "---CVL") takes the country. Not when the
    actor is another country's (a cross-border act needs its own evidence). The recipient is
    a fallback and lowers the role confidence."""
    home = dm.home
    if not home or c.etype not in HOME_TYPES:
        return mentions
    states = {a.code[:3] for a in c.actors
              if not a.code.startswith("-") and a.code[:3] not in NON_STATE}
    if states - {home} or any(not m.entity.code.startswith("-") for m in mentions):
        return mentions
    if any(m.entity.code.startswith("---") for m in mentions):
        placed = [_placed(m, home) for m in mentions]
        placed = [m for m in placed if all(a.code != m.entity.code for a in c.actors)]
        if placed:
            c.recipient_fallback = True
        return placed or mentions
    by_state = bool(c.actors) and all(state_organ(a.code) for a in c.actors)
    code = home + ("CVL" if by_state else "GOV")
    if any(a.code == code for a in c.actors):
        return mentions
    c.recipient_fallback = True
    return [Mention.unplaced(code, "the article's country")]


def _placed(m: Mention, home: str) -> Mention:
    """An unnamed party ("---GOV", "the protesters") placed in the article's country, its
    span kept."""
    if not m.entity.code.startswith("---"):
        return m
    return Mention(m.start, m.end, m.entity.model_copy(update={"code": home + m.entity.code[3:]}))


def home_actor(c: EventCandidate, dm: DocMentions, mentions: list[Mention], agentless: bool
               ) -> list[Mention]:
    """In an article about one country (``DocMentions.home``), a domestic act whose sentence
    names no other country and whose doer the tables cannot place: an unnamed party
    ("lawmakers" ---LEG, "the protesters" ---CVL) is that country's; a protest with no doer
    ("thousands of demonstrators had mobbed the premier's office") is its people's; an arrest,
    detention or curfew told in the passive with no agent ("the president was arrested") is
    its state's. Marked as a fallback (lower role confidence)."""
    home = dm.home
    if not home or c.etype not in HOME_TYPES:
        return mentions
    if any(not m.entity.code.startswith("-") for m in mentions):
        return mentions
    sent = c.pred.sent
    named = _states_named(sent, dm)
    if named - {home}:
        return mentions
    c.actor_fallback = True
    if mentions:
        return [_placed(m, home) for m in mentions]
    if c.etype == "PROTEST":
        return [Mention.unplaced(home + "CVL", "the article's country")]
    if c.etype == "COERCE" and agentless:
        return [Mention.unplaced(home + "GOV", "the article's country")]
    c.actor_fallback = False
    return mentions


HOSTILE_CUES = frozenset({"enemy", "opposing", "rival", "hostile", "border", "frontier",
                          "across", "adversary", "foe"})


CROSS_BORDER_TYPES = frozenset({"ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE"})


# hostile words and measures aimed at someone: with no recipient anywhere in their
# sentence, the other party of a two-party article is the prior. Not force, deployments or
# drills: those need a hostile cue (``other_party``), an army drills at home too
# A rejection by one party with no counterpart named ("Somalia rejected the memorandum")
# falls on the other party likewise. Not agreements: "said it would continue dialogue without
# accepting the offer" then read as an agreement made with the other side.
COUNTERPART_TYPES = frozenset({"ACCUSE", "PROTEST", "THREATEN", "SANCTION", "REJECT"})

# acts that have someone on the receiving end at home: protests, curfews and arrests, force,
# bans, accusations, demands, refusals, threats, concessions, deployments
HOME_TYPES = frozenset({"PROTEST", "COERCE", "ASSAULT", "SANCTION", "ACCUSE", "REQUEST",
                        "REJECT", "THREATEN", "CONCEDE", "MOBILIZE"})
