"""Who did it and to whom: the actor and recipient rules of the event coder.

The coder (accord.nlp.events) finds triggers and their types; this module assigns each
candidate its actor (subject, passive agent, controller, reported speaker, the operator of an
instrument, an unnamed perpetrator's country) and its recipient (object, dative, to/against/on
phrases, a meeting's other side, the object side of the clause, an unlisted party named by a
common noun, and the learned ranker of accord.nlp.recipients as the last resort). The rules and
their exceptions (venues, origins of a change, one's own forces, a speaker's own country) are
described in accord.nlp.events' module docstring. Where an unnamed party or a place belongs
is in accord.nlp.placing; the recipient fallbacks (unlisted parties, the ranker, the
article's other party, the cross-border sanity rule) in accord.nlp.recipient_fallbacks; the
clause cues that name a doer without a subject or rule a mention out as recipient in
accord.nlp.role_cues.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp._mentions import (
    FIRST_PERSON,
    PERSON_PRONOUNS,
    DocMentions,
    Mention,
    dedupe_refs,
    to_ref,
)
from accord.nlp.act_time import clause_verb
from accord.nlp.candidate import EventCandidate
from accord.nlp.lexicon import (
    ABOUT_EVENT,
    CHANGE_NOUNS,
    EXTRA_RECIPIENT_PREPS,
    IN_RECIPIENT_TYPES,
    JOINT_ACTS,
    MATERIAL_CONFLICT,
    NON_STATE,
    OBJECT_PREPS,
    OBJECT_SIDE_SKIP,
    PARTY_PREPS,
    RECIPIENT_PREPS,
    SPEAKER_TYPES,
    VENUE_TYPES,
    VISIT_LEMMAS,
    lemma,
    lexicon,
)
from accord.nlp.noun_events import OWNED_FORCE
from accord.nlp.phrases import entities_in, is_event_noun, resolve_np
from accord.nlp.placing import (
    is_venue,
    of_counterpart,
    sentence_country,
    sponsored_group,
    state_organ,
    targeted_nouns,
    territory,
    venue_prep,
)
from accord.nlp.recipient_fallbacks import (
    article_counterpart,
    attacker_prior,
    both_parties,
    cross_border,
    home_actor,
    home_recipient,
    other_party,
    ranked_recipient,
    unnamed_party,
    unresolved_object,
)
from accord.nlp.role_cues import (
    at_behest,
    casualty_clause,
    cause_actor,
    detaining_state,
    evacuated_country,
    instrument_actor,
    involved_party,
    quoted_named_instrument,
    reporting_speaker,
    summoner,
    trailing_reporter,
    under_to,
)
from accord.nlp.syntax import agent_of, is_passive, subject_of
from accord.types import ActorRef

# force that both sides wage on each other: its between-phrase names both as its doers
MUTUAL_FORCE = frozenset({"fighting", "clash", "hostility", "skirmish", "firefight", "gunfight",
                          "war", "battle", "fight", "exchange"})


def assign_actor(c: EventCandidate, dm: DocMentions) -> None:
    pred = c.pred
    if pred == c.trigger and pred.pos_ in ("NOUN", "PROPN"):
        pred = clause_verb(pred) or pred
    mentions: list[Mention] = []
    explicit = False
    passive = is_passive(pred)
    agent = agent_of(pred)
    own = _noun_parties(c.trigger, dm) if c.trigger != pred else []
    if not own and c.trigger.pos_ == "NOUN":
        own = involved_party(c.trigger, dm)  # "accused X of involvement in the killing"
    if not own and (c.etype in JOINT_ACTS or lemma(c.trigger) in MUTUAL_FORCE):
        # "no agreement was reached between X and Y", "fighting raged between X and Y"
        own = _party_phrase(pred, dm, ("between", "among"))
    if not own and c.etype == "MOBILIZE" and c.trigger.pos_ == "NOUN":
        own = _party_phrase(c.trigger, dm, ("of",))  # "a build-up of Russian troops"
    if own:  # "an attack by Houthi rebels", "an agreement between X and Y"
        mentions, explicit = own, True
    elif agent is not None:
        mentions, explicit = resolve_np(agent, dm)
        if not mentions:  # "attacked by four ships operated by Houthi rebels"
            mentions = _operator_of(agent, dm)
            explicit = bool(mentions)
        if not mentions:
            mentions = sponsored_group(agent, dm)  # "stormed by an Iran-backed militia"
    elif passive:
        mentions = (instrument_actor(pred, dm) or cause_actor(pred, dm)
                    or summoner(pred, dm) or detaining_state(c, pred, dm))
        explicit = bool(mentions)
        if not mentions and c.etype in MATERIAL_CONFLICT:
            mentions = quoted_named_instrument(pred, dm)
        if not mentions and c.rule.get("passive_force"):
            mentions = reporting_speaker(pred, dm)
        if not mentions and c.etype == "MOBILIZE":
            mentions = _mobilised_forces(pred, dm)
            explicit = bool(mentions)
    elif (noun := casualty_clause(c, pred)) is not None:
        # "summoned the ambassador over the shelling of Kurdish groups, killing 13 people":
        # the killing is the shelling's, not the summoner's
        mentions = _noun_parties(noun, dm) if noun is not pred else []
        explicit = bool(mentions)
    else:
        subj = subject_of(pred)
        if subj is not None:
            mentions, explicit = resolve_np(subj, dm)
            if not mentions:  # "both sides agreed", "the two countries held talks"
                mentions = both_parties(subj, dm)
            if not mentions and subj.lower_ not in FIRST_PERSON:
                # the venue of a meeting or statement is not its participants' country
                # ("the two foreign ministers met in Geneva": not Swiss)
                mentions = sentence_country(subj, dm, venues=c.etype in VENUE_TYPES,
                                            skip=_object_span(pred, subj, c.etype)) or (
                    sponsored_group(subj, dm))
                if subj.tag_ in ("NNS", "NNPS") and any(m.start >= 0 for m in mentions):
                    dm.note_group(subj, mentions)  # "The rebels have ... They threatened"
            if not mentions:
                mentions = _unlisted_actor(subj)
    # a trigger noun with its own possessor or modifier entity ("Iran's request")
    if not mentions and c.trigger != pred:
        for ch in c.trigger.children:
            if ch.dep_ in ("poss", "amod", "compound", "nmod"):
                ms = entities_in(ch, dm)
                if ms:
                    mentions, explicit = ms, True
                    break
    # a noun event in a phrase ("an armada ... for potential military action"): the speaker
    # of the governing clause
    if not mentions and c.trigger.pos_ in ("NOUN", "PROPN") and c.trigger.dep_ == "pobj":
        v: Token | None = pred
        for _ in range(3):
            v = clause_verb(v) if v is not None else None
            if v is None:
                break
            subj = next((k for k in v.children if k.dep_ == "nsubj"), None)
            if subj is not None:
                mentions, _ = resolve_np(subj, dm)
                if mentions:
                    break
    mentions = home_actor(c, dm, mentions, passive and agent is None)
    c.actors = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions])
    c.actor_tokens = [i for m in mentions if m.start >= 0 for i in range(m.start, m.end)]
    c.actor_explicit = explicit


def _object_span(pred: Token, subj: Token | None = None, etype: str = "") -> frozenset[int]:
    """Token indices of what the act is done to: the noun phrases of the predicate's direct
    and indirect objects and object predicates ("criticised Pakistan", "branded the Syrian
    leader a butcher"), without their prepositional and clausal modifiers ("killed tourists
    in Pahalgam": the place still says where the unnamed gunmen are). A country named there
    is the other side, so it never places an unnamed subject. When the subject of force is
    a weapon ("the missiles hit a base near Damascus"), the place is where it landed, not
    where it came from: the whole clause outside the subject is skipped."""
    if subj is not None and etype in MATERIAL_CONFLICT and (
            lemma(subj) in lexicon()["_classes"].get("weapons", ())):
        inside = {t.i for t in subj.subtree}
        return frozenset(t.i for t in pred.subtree if t.i not in inside)
    out: set[int] = set()
    stack = [k for k in pred.children if k.dep_ in ("dobj", "dative", "oprd")]
    while stack:
        t = stack.pop()
        out.add(t.i)
        stack.extend(c for c in t.children if c.dep_ not in ("prep", "relcl", "acl"))
    return frozenset(out)


def _unlisted_actor(subj: Token) -> list[Mention]:
    """A subject naming a party no table lists and no sentence country places ("Cleveland
    officials", "SOS Fauna", "a Kansas woman"): an actor of unknown country (``---`` plus
    the sector its noun names), so the act is not lost. Pronouns and event nouns are not."""
    from accord.nlp._mentions import sector_noun
    from accord.nlp.parties import party_code, party_kind, party_sector, phrase

    if subj.pos_ not in ("NOUN", "PROPN") or party_kind(subj) != "party":
        return []
    code = party_code(None, sector_noun(subj) or party_sector(subj))
    return [Mention.unplaced(code, phrase(subj))]


def _noun_parties(trig: Token, dm: DocMentions) -> list[Mention]:
    """The parties an event noun names itself, which beat the clause around it: its by-phrase
    ("condemned an attack by Israel": Israel attacked) and, for a joint act, its
    between/among phrase ("no agreement between Ethiopia and Egypt")."""
    if trig.pos_ not in ("NOUN", "PROPN"):
        return []
    ms = _party_phrase(trig, dm, ("by", "between", "among"))
    owned = ("amod", "poss") if lemma(trig) in OWNED_FORCE else ("poss",)
    if not ms:  # "an Israeli airstrike", "Turkey's offensive", "the government's freeing of"
        for k in trig.children:
            m = dm.entity_at(k) if k.dep_ in owned else None
            if m is not None and not m.entity.code.startswith("-"):
                return [m]
    return ms


def _party_phrase(h: Token, dm: DocMentions, preps: tuple[str, ...]) -> list[Mention]:
    for ch in h.children:
        if ch.dep_ != "prep" or lemma(ch) not in preps:
            continue
        for g in ch.children:
            if g.dep_ != "pobj":
                continue
            ms = entities_in(g, dm)
            if not ms and lemma(ch) == "by":
                ms = sentence_country(g, dm) or sponsored_group(g, dm)
            if ms:
                return ms
    return []


def clause_roles(pred: Token, dm: DocMentions, etype: str = "SUPPORT",
                 ) -> tuple[list[ActorRef], list[ActorRef]]:
    """Actor and recipient of a clause by the same rules as the coded events (passive agent,
    controller, reported speech, possessives, unnamed perpetrators): for a layer that finds
    an event the verb table missed (accord.nlp.learned) and needs its parties. `etype` is
    the event type if known (it decides venues and own-forces rules)."""
    c = EventCandidate(trigger=pred, pred=pred, etype=etype)
    assign_actor(c, dm)
    assign_recipients(c, dm)
    return c.actors, c.recipients


def _operator_of(tok: Token, dm: DocMentions) -> list[Mention]:
    """An unnamed instrument run by someone ("ships operated by Houthi rebels", "a missile
    fired by X", "drones launched from Yemen"): who operates it is the actor."""
    for c in tok.children:
        if c.dep_ == "acl" and c.tag_ == "VBN":
            inner = agent_of(c)
            if inner is None:
                inner = next((g for k in c.children if k.dep_ == "prep" and lemma(k) == "by"
                              for g in k.children if g.dep_ == "pobj"), None)
            if inner is not None:
                ms, _ = resolve_np(inner, dm)
                if ms:
                    return ms
    return []


def _mobilised_forces(pred: Token, dm: DocMentions) -> list[Mention]:
    """Agentless passive mobilisation ("Pakistani troops were placed on high alert", "X's
    forces were deployed"): the forces are the mobilising side, so their owner is the actor,
    not the recipient."""
    for c in pred.children:
        if c.dep_ == "nsubjpass":
            ms = [m for m in entities_in(c, dm)
                  if m.entity.code[3:6] in ("MIL", "COP", "REB", "PRM") or m.entity.kind in (
                      "military", "group")]
            if ms:
                return ms
    return []


def _counterpart_prior(c: EventCandidate, dm: DocMentions, recipients: list[Mention]) -> None:
    """An official of no known country dealing with "his Iranian counterpart" in an article
    about two parties belongs to the other one ("Foreign Minister X spoke with his Iranian
    counterpart" in an article on Iran and Pakistan: Pakistan's)."""
    if not c.actors or not all(a.code.startswith("---") for a in c.actors):
        return
    parties = dm.parties
    theirs = {m.entity.code[:3] for m in recipients
              if m.start >= 0 and of_counterpart(dm.doc[m.start])}
    if len(parties) != 2 or len(theirs) != 1 or not theirs <= set(parties):
        return
    other = next(p for p in parties if p not in theirs)
    c.actors = [a.model_copy(update={"code": other + a.code[3:]}) for a in c.actors]
    c.actor_explicit = False  # a prior, not a reading: the actor's role confidence is lower


def _recipient_tokens(c: EventCandidate) -> list[Token]:
    """Candidate recipient phrase heads for an event, nearest first."""
    out: list[Token] = []
    pred, trig = c.pred, c.trigger
    holders = [trig] if trig == pred else [trig, pred]
    topic = bool(c.rule.get("topic_object"))
    for h in holders:
        for ch in h.children:
            if ch.dep_ in ("dobj", "dative", "iobj") and ch is not trig:
                if ch.pos_ == "ADP":  # "granted asylum to Julian Assange": the to-phrase
                    out.extend(g for g in ch.children if g.dep_ == "pobj")
                elif not (topic and ch.dep_ == "dobj"):
                    out.append(ch)
            elif ch.dep_ == "nsubjpass" and not c.rule.get("passive_force"):
                out.append(ch)
            elif ch.dep_ in ("prep", "prt"):
                lem = lemma(ch)
                if lem in RECIPIENT_PREPS or c.etype in EXTRA_RECIPIENT_PREPS.get(lem, ()):
                    out.extend(g for g in ch.children if g.dep_ == "pobj")
    if c.rule.get("obj") in ("relations", "talks", "pact"):
        # "suspended climate talks with the U.S.", "cut ties with Qatar", "pulled out of the
        # treaty with Russia": the other party of the relations or the pact acted on
        for h in holders:
            objs = [ch for ch in h.children if ch.dep_ == "dobj"]
            objs += [g for ch in h.children if ch.dep_ in ("prep", "prt")
                     for g in ch.children if g.dep_ == "pobj"]
            out.extend(g for ch in objs for p in ch.children
                       if p.dep_ == "prep" and lemma(p) in PARTY_PREPS
                       for g in p.children if g.dep_ == "pobj")
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


def assign_recipients(c: EventCandidate, dm: DocMentions) -> None:
    mentions: list[Mention] = evacuated_country(c, c.pred, dm)
    if c.mode == "mediate" and c.pred.pos_ in ("VERB", "AUX"):
        # "brokered a ceasefire between X and Y": the mediation is between X and Y
        for k in c.pred.children:
            if k.dep_ in ("dobj", "nsubjpass"):
                mentions.extend(_party_phrase(k, dm, ("between", "among")))
    if c.etype == "ACCUSE" and not c.explicit_recipients:
        # "condemned the sentencing of the Canadian by a Chinese court", "condemned Russia's
        # invasion": the one accused is the doer of the condemned act, not its victim
        for k in c.pred.children:
            if k.dep_ == "dobj" and is_event_noun(k, dm):
                mentions.extend(_noun_parties(k, dm))
    toks = [] if mentions else (c.explicit_recipients or _recipient_tokens(c))
    for t in toks:
        if t.dep_ == "nsubjpass" and not is_passive(t.head):
            continue
        ms = entities_in(t, dm, preps=OBJECT_PREPS, open_head=c.etype in ABOUT_EVENT)
        if not ms and t.pos_ == "PRON":
            ms = dm.resolve_plural(t)
            m = None if ms else dm.resolve_pronoun(t)
            ms = ms or ([m] if m else [])
        if not ms:
            ms = _possessor(t, dm, c)
        if not ms:
            ms = both_parties(t, dm)
        mentions.extend(ms)
    if not mentions and c.etype in IN_RECIPIENT_TYPES:
        keep_venue, visit = not _venue_is_location_only(c), _is_visit(c)
        for h in {c.trigger, c.pred}:
            for ch in h.children:
                if ch.dep_ == "prep" and lemma(ch) in ("in", "into", "at"):
                    for g in ch.children:
                        if g.dep_ == "pobj":
                            mentions.extend(
                                territory(m) if keep_venue and not visit and is_venue(m, dm)
                                else m
                                for m in entities_in(g, dm) if m.entity.kind != "person"
                                and (keep_venue or lemma(ch) == "into"
                                     or not is_venue(m, dm))
                            )
    if not mentions:
        for ch in c.children:
            mentions.extend(_mentions_from(ch, dm))
    if not mentions:
        mentions = unresolved_object(toks or targeted_nouns(c), dm, c)
    actor_set = set(c.actor_tokens)
    if not mentions and not c.rule.get("topic_object"):
        mentions = _object_side(c, dm, actor_set)
        c.recipient_fallback = bool(mentions)
    if not mentions:
        mentions = other_party(c, dm)
        c.recipient_fallback = bool(mentions)
    if not mentions and not (c.etype in JOINT_ACTS and len({a.code[:3] for a in c.actors}) >= 2):
        # last resort: the learned ranker (when a model is installed), else an unlisted party
        ranked = ranked_recipient(c, dm, actor_set)
        mentions = ranked or unnamed_party(toks, c, dm, actor_set)
        c.recipient_fallback = bool(mentions)
    mentions = [m for m in mentions if m.start < 0 or m.start not in actor_set]
    mentions = [m for m in mentions if not trailing_reporter(m, dm)
                and not (m.start >= 0 and at_behest(dm.doc[m.start], c.pred))]
    if lemma(c.pred) == "summon":  # "the ambassador to Russia was summoned to the ministry"
        mentions = [m for m in mentions
                    if m.start < 0 or not under_to(dm.doc[m.start], c.pred)]
    # an actor is never its own recipient. In a meeting a bare country code also covers its
    # own sectors ("Egyptian and Ethiopian officials held talks on the Ethiopian dam": not
    # ETHGOV -> ETH); elsewhere a sector acting on its own country (XREB -> X, XGOV -> X) is
    # the domestic event the gold set codes, so only an identical code is dropped
    meeting = c.etype == "CONSULT"
    mentions = [m for m in mentions if not any(
        a.code == m.entity.code or (meeting and len(m.entity.code) == 3
                                    and a.code.startswith(m.entity.code))
        for a in c.actors)]
    if c.etype in JOINT_ACTS:  # an agreement or talks with one's own state or army ("the
        # countries agreed to remove their troops": not ETH -> ETHMIL); its rebels stay
        own = {a.code[:3] for a in c.actors if state_organ(a.code)}
        mentions = [m for m in mentions if not (m.entity.code[:3] in own
                                                and state_organ(m.entity.code))]
    if c.etype == "CONSULT":  # the venue ("at the White House") is not a participant
        own_codes = {a.code for a in c.actors}
        mentions = [m for m in mentions
                    if not (m.entity.kind == "place" and m.entity.code in own_codes)]
    if c.etype == "MOBILIZE":  # one's own forces are not the recipient
        own = {a.code[:3] for a in c.actors}
        mentions = [m for m in mentions if m.entity.code[:3] not in own]
    if c.etype in SPEAKER_TYPES and c.actor_tokens:
        # a government speaking of its own country ("the ministry said Ethiopia remains
        # committed", "warned that the U.S. would levy sanctions"): the country is the
        # speaker itself, not the one addressed. Domestic demands on a government (X ->
        # XGOV) and acts on a territory are kept.
        own_state = {a.code[:3] for a in c.actors
                     if a.code[3:6] in ("GOV", "MIL") and a.code[:3] not in NON_STATE}
        mentions = [m for m in mentions if not (
            m.start >= 0 and m.entity.kind == "country" and m.entity.code in own_state)]
    mentions = cross_border(c, mentions)
    if not mentions:  # nothing named, or only the actor's own side ("accused it of ...")
        mentions = article_counterpart(c, dm)
        c.recipient_fallback = c.recipient_fallback or bool(mentions)
    mentions = home_recipient(c, dm, mentions)
    _counterpart_prior(c, dm, mentions)
    c.recipients = dedupe_refs([to_ref(m, dm.doc if m.start >= 0 else None) for m in mentions])
    c.recipient_tokens = [i for m in mentions if m.start >= 0 for i in range(m.start, m.end)]
    if not c.actors:  # "four of its troops were killed": the other party of the article
        c.actors = attacker_prior(c, dm)


def _possessor(tok: Token, dm: DocMentions, c: EventCandidate) -> list[Mention]:
    """"attacked its energy facilities": the possessive pronoun's referent, skipping the
    event's own actor (the nearest mention is often the attacker itself)."""
    for ch in tok.children:
        if ch.dep_ == "poss" and ch.pos_ == "PRON" and ch.lower_ not in ("my", "our"):
            own = {a.code for a in c.actors}
            person = ch.lower_ in PERSON_PRONOUNS
            for m in dm.before(ch.i):
                if m.entity.code in own or m.entity.kind == "place" or (
                        person != (m.entity.kind == "person")):
                    continue
                return [m] if m.start >= ch.sent.start else []
    return []


def _is_visit(c: EventCandidate) -> bool:
    """A visit or arrival ("arrived in Tehran", "a visit to Cairo"): the place is the host."""
    return lemma(c.pred) in VISIT_LEMMAS or lemma(c.trigger) in VISIT_LEMMAS or (
        c.mode == "visit")


def _venue_is_location_only(c: EventCandidate) -> bool:
    """Is a place in "in/at X" only the event's location? Always for meetings, agreements and
    statements (VENUE_TYPES: "met in Brussels", "signed an agreement in Vienna"), except the
    host of a visit. For material acts that fall on a territory ("imposed a curfew in X",
    "shelled targets in X") the place is also kept as recipient: the population or
    government acted upon, as the CAMEO-derived gold set codes it."""
    if c.etype == "ACCUSE" and c.mode == "investigate":
        return False  # inspecting sites in a country is directed at that country
    if c.mode == "ceasefire":
        return True   # "agreed to a ceasefire after talks in Moscow": the host is the venue
    return c.etype in VENUE_TYPES and not _is_visit(c)


def _object_side(c: EventCandidate, dm: DocMentions, actor_set: set[int]) -> list[Mention]:
    """Last resort: the nearest entity on the object side of the clause (breadth first over
    objects, complements and purpose clauses; never the subject)."""
    own = {a.code for a in c.actors}
    starts = [c.trigger] if c.trigger == c.pred else [c.trigger, c.pred]
    queue: list[Token] = []
    for h in starts:
        queue.extend(ch for ch in h.children if ch.dep_ not in OBJECT_SIDE_SKIP
                     and ch.lower_ != "according"  # "according to X": the source
                     and not (ch.dep_ == "conj" and ch.pos_ in ("VERB", "AUX"))
                     and not (_venue_is_location_only(c) and venue_prep(ch, dm)))
    seen: set[int] = {t.i for t in starts}
    venue_only = _venue_is_location_only(c)
    two_sides = len({a.code[:3] for a in c.actors}) >= 2
    while queue:
        t = queue.pop(0)
        if t.i in seen:
            continue
        seen.add(t.i)
        m = dm.entity_at(t)
        if m is not None and t.i not in actor_set and m.entity.code not in own:
            return [m]
        # "with the negotiations with Iran": Iran is a party of the talks, not of this event
        party = is_event_noun(t, dm) and t != c.trigger
        change = lemma(t) in CHANGE_NOUNS
        # when both sides act, the by-phrase of a participle on an event noun names a third
        # party ("agreed after talks hosted by Malaysia": the host or mediator); on a party
        # it names who holds them ("the release of hostages held by militants")
        hosted = t.dep_ == "acl" and is_event_noun(t.head, dm) and two_sides
        queue.extend(ch for ch in t.children if ch.dep_ not in ("punct", "relcl", "appos")
                     and not (ch.dep_ == "agent" and hosted)
                     and not (party and ch.dep_ == "prep" and lemma(ch) in PARTY_PREPS)
                     and not (change and lemma(ch) in ("from", "to"))
                     and not (venue_only and venue_prep(ch, dm)))
    return []


def _mentions_from(c: EventCandidate, dm: DocMentions) -> list[Mention]:
    if not c.recipient_tokens:
        return []
    out, seen = [], set()
    for i in c.recipient_tokens:
        m = dm.by_token.get(i)
        if m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append(m)
    return out
