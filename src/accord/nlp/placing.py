"""Where a party or place belongs: the country of an unnamed party, venues, state organs.

The lowest layer of role assignment (accord.nlp.roles): the country a sentence gives an
unresolved person or group ("gunmen" in a sentence about one country), a definite armed-group
noun read back to the group named before ("the rebels"), a place named as where an act
happens (a venue, never a participant), a party noun's code, the object nouns of a clause,
and whether a code is a placed state or one of its organs. Split from accord.nlp.roles in
December 2026 when that module passed 800 lines; it imports no other role module.
"""

from __future__ import annotations

from spacy.tokens import Token

from accord.nlp._mentions import (
    DocMentions,
    Mention,
)
from accord.nlp.candidate import EventCandidate
from accord.nlp.lexicon import (
    NON_STATE,
    PLACE_NER,
    VENUE_PREPS,
    lemma,
    lexicon,
)
from accord.nlp.syntax import is_passive


def sentence_country(subj: Token, dm: DocMentions, exclude: frozenset[str] = frozenset(),
                      venues: bool = False, skip: frozenset[int] = frozenset()
                      ) -> list[Mention]:
    """An unresolved named person or group ("Judge X", "fundamentalists", "gunmen") in a
    sentence that names a single country: that country plus the sector the noun names
    ("gunmen" in India -> INDREB, never the bare state: an attack by unnamed militants is not
    the state's). Never for several countries. With ``venues``, a place named as where the
    act happens does not count (the venue of a meeting); nor does a country named at a token
    of ``skip`` (the act's object: "the president branded the Syrian leader a butcher" does
    not make the president Syrian), unless the subject is an armed group."""
    from accord.nlp._mentions import phrase_text, sector_noun

    back = anaphoric_group(subj, dm)
    if back:
        return back
    sent = subj.sent
    if sector_noun(subj) in GROUP_SECTORS:  # unnamed gunmen are still placed where they
        skip = frozenset()  # strike ("gunmen shot a Kosovo police officer": a Kosovar group)
    quoted = [(s, e) for s, e, _ in dm.quote_speakers if not s <= subj.i < e]
    # a country named inside a quotation does not place a speaker outside it ("the talks
    # 'did not change the Ethiopian position,' a ministry spokesperson said")
    # the country of someone's "Iranian counterpart" is by definition not theirs
    countries = {m.entity.code[:3] for m in dm.mentions
                 if sent.start <= m.start < sent.end and m.entity.code[:3] not in NON_STATE
                 and not (skip and all(i in skip for i in range(m.start, m.end)))
                 and not any(s <= m.start < e for s, e in quoted)
                 and not of_counterpart(dm.doc[m.start])
                 and not _border_of(dm.doc[m.end - 1])
                 and not ((venues or _talks_venue(m, dm)) and is_venue(m, dm))}
    if len(countries - exclude) == 1:
        countries -= exclude  # "Obama held talks with Kenyatta in Nairobi": Kenyan
    if not countries:  # "the army" in a sentence naming no country: the last army named
        back = anaphoric_group(subj, dm, STATE_ORGANS) or anaphoric_organ(subj, dm)
        if back:
            return back
        if dm.home and dm.home not in exclude and sector_noun(subj):
            countries = {dm.home}  # in an article about one country: that country's
    if len(countries) != 1:
        return []
    code = countries.pop() + (sector_noun(subj) or "")

    return [Mention.unplaced(code, phrase_text(subj))]


GROUP_SECTORS = frozenset({"REB", "INS", "SEP", "UAF", "IMG"})
# the armed organs of a state, which "the army", "the military", "the police" refer back to
STATE_ORGANS = frozenset({"MIL", "COP"})
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "borderland"})


def _border_of(tok: Token) -> bool:
    """A country naming a border ("clashed with rebels near the Libyan border"): it says
    where, not whose; an unnamed group is not placed in it."""
    return tok.dep_ in ("amod", "compound", "poss") and tok.head.lemma_.lower() in BORDER_NOUNS


def anaphoric_group(subj: Token, dm: DocMentions,
                    sectors: frozenset[str] = GROUP_SECTORS) -> list[Mention]:
    """A definite armed-group noun ("the rebels", "the rebel group", "these militants") is
    the group named earlier in the article with that sector ("Houthi rebels" ... "the
    rebels" -> YEMREB), not the country its sentence happens to name. With ``sectors``
    ``STATE_ORGANS``: "the army", "the police" back to the last army or police named."""
    from accord.nlp._mentions import sector_noun

    head = subj
    sector = sector_noun(head) or next(
        (sector_noun(k) for k in head.children if k.dep_ in ("amod", "compound")
         and sector_noun(k)), None)
    if sector not in sectors:
        return []
    if not any(k.dep_ == "det" and k.lower_ in ANAPHORIC_DETS for k in head.children):
        return []
    for m in dm.before(head.i):
        if m.entity.code[3:6] == sector or (sector == "REB" and m.entity.code[3:6] in
                                            GROUP_SECTORS):
            return [m]
    return []


def anaphoric_organ(subj: Token, dm: DocMentions) -> list[Mention]:
    """"the army" / "the police" / "the military" with no country: the country of the last
    same noun named with one ("Sudan's army ... The army rejected the claims" -> SDNMIL)."""
    from accord.nlp._mentions import phrase_text, sector_noun

    sector = sector_noun(subj)
    if sector not in STATE_ORGANS or not any(
            k.dep_ == "det" and k.lower_ in ANAPHORIC_DETS for k in subj.children):
        return []
    doc, word = subj.doc, lemma(subj)
    for t in reversed(doc[max(0, subj.i - 400):subj.i]):
        if lemma(t) != word:
            continue
        for k in t.children:
            m = dm.entity_at(k) if k.dep_ in ("poss", "amod", "compound", "nmod") else None
            if m is not None and not m.entity.code.startswith("-") and (
                    m.entity.code[:3] not in NON_STATE):
                return [Mention.unplaced(m.entity.code[:3] + sector, phrase_text(subj))]
    return []


def of_counterpart(tok: Token) -> bool:
    """Is tok the modifier of a counterpart ("his Iranian counterpart", "its counterpart in
    Tehran")?"""
    t = tok
    for _ in range(3):
        if lemma(t) in ("counterpart", "opposite", "counterparts"):
            return t.i != tok.i
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _talks_venue(m: Mention, dm: DocMentions) -> bool:
    """Is the mention the venue of talks ("the talks in Jeddah")? The host of a meeting does
    not place a party that attends it."""
    if m.start < 0:
        return False
    head = dm.doc[m.start:m.end].root.head  # the preposition
    return lemma(head.head) in lexicon()["_classes"].get("talks", set())


def is_venue(m: Mention, dm: DocMentions) -> bool:
    """Is the mention a place named as where something happens ("in Brussels", "at the
    White House"): a place-like entity in the object of in/at/inside/near?"""
    if m.start < 0:
        return False
    span = dm.doc[m.start : m.end]
    head = span.root
    if not (head.dep_ == "pobj" and lemma(head.head) in VENUE_PREPS):
        return False
    return m.entity.kind in ("place", "country") or any(
        t.ent_type_ in PLACE_NER for t in span)


def venue_prep(tok: Token, dm: DocMentions) -> bool:
    """An in/at phrase whose object is a place: the event's location, not a recipient."""
    if tok.dep_ != "prep" or lemma(tok) not in VENUE_PREPS:
        return False
    for g in tok.children:
        if g.dep_ == "pobj":
            m = dm.entity_at(g)
            if m is not None and is_venue(m, dm):
                return True
            if m is None and g.ent_type_ in PLACE_NER:
                return True
    return False


def territory(m: Mention) -> Mention:
    """A city or capital taken as the territory an act falls on: its country, not its
    government ("a curfew in Abidjan" falls on Cote d'Ivoire, not on its government)."""
    if m.entity.kind != "place" or len(m.entity.code) <= 3:
        return m
    return Mention(m.start, m.end, m.entity.model_copy(update={"code": m.entity.code[:3]}))


def state_organ(code: str) -> bool:
    """Is the code a placed state (the bare country) or one of its organs?"""
    return (len(code) >= 3 and not code.startswith("-") and code[:3] not in NON_STATE
            and code[3:6] in STATE_SECTORS)


STATE_SECTORS = frozenset({"", "GOV", "MIL", "SPY", "LEG", "JUD", "ELI"})




ANAPHORIC_DETS = frozenset({"the", "these", "those", "this", "that"})


def party_code(t: Token, dm: DocMentions, own: frozenset[str] = frozenset()) -> str:
    """An unlisted party's code: the sentence's one country (else ``---``) plus the sector
    its noun names (the tables' sector nouns, else CVL/REF for civilians and refugees). A
    noun naming other states never takes the actor's own country (`own`)."""
    from accord.nlp._mentions import sector_noun
    from accord.nlp.parties import party_code, party_sector

    sector = sector_noun(t) or party_sector(t)
    ms = sentence_country(t, dm)
    country = ms[0].entity.code[:3] if ms else None
    named = t.pos_ == "PROPN" or t.ent_type_ in ("PERSON", "ORG", "NORP")
    if country in own and (named or lemma(t) in OTHER_STATE_NOUNS):
        country = None  # a named unlisted party is not placed in the actor's country
    return party_code(country, sector)


# nouns that name other states or their peers: never the acting country itself ("China
# donated supplies to African countries" is not China -> China)
OTHER_STATE_NOUNS = frozenset("""country countries nation nations state states ally allies
neighbour neighbours neighbor neighbors partner partners counterpart counterparts government
governments""".split())


def object_nouns(toks: list[Token]) -> list[Token]:
    """The nouns an object phrase names, nearest first: its head, conjoined heads, and the
    noun behind a quantity or a targeting preposition ("dozens of activists", "an operation
    against militants", "members of the group")."""
    out: list[Token] = []
    for t in toks:
        if t.dep_ == "nsubjpass" and not is_passive(t.head):
            continue
        stack = [t]
        while stack and len(out) < 12:
            h = stack.pop(0)
            out.append(h)
            for ch in h.children:
                if ch.dep_ == "conj" and ch.pos_ in ("NOUN", "PROPN"):
                    stack.append(ch)
                elif ch.dep_ == "prep" and lemma(ch) in OBJECT_NOUN_PREPS:
                    stack.extend(g for g in ch.children if g.dep_ == "pobj")
    return out


# where an object phrase points at a party: "members of the group", "an operation against
# militants", "aid to European allies", "an investigation into the firm"
OBJECT_NOUN_PREPS = frozenset({"of", "against", "on", "to", "into", "toward", "towards"})


def targeted_nouns(c: EventCandidate) -> list[Token]:
    """Objects of the event noun's own against/on phrase ("launched an operation against
    militants"): where a material act is aimed when the verb has no recipient."""
    out: list[Token] = []
    for h in (c.trigger, c.pred):
        for ch in h.children:
            if ch.dep_ == "dobj":
                out.extend(g for p in ch.children if p.dep_ == "prep"
                           and lemma(p) in ("against", "on") for g in p.children
                           if g.dep_ == "pobj")
    return out


def sponsored_group(tok: Token, dm: DocMentions) -> list[Mention]:
    """A group named only by its backing ("an Iran-backed militia") in a sentence that does not
    place it: the armed group of the sentence's one country, else an international
    militarized group (IMG + the noun's sector). Never the sponsor (_mentions.sponsor)."""
    from accord.nlp._mentions import phrase_text, sector_noun
    from accord.nlp.actors import SPONSOR_WORDS

    if not any(k.lower_ in SPONSOR_WORDS and k.i < tok.i for k in tok.children):
        return []
    from accord.nlp.role_cues import trailing_reporter

    ms = sentence_country(tok, dm)
    sent = tok.sent
    reporters = {m.entity.code[:3] for m in dm.mentions
                 if sent.start <= m.start < sent.end and trailing_reporter(m, dm)}
    if ms and not {m.entity.code[:3] for m in ms} & reporters:
        return ms  # not the country of whoever reports it (", the Pentagon said")

    code = "IMG" + (sector_noun(tok) or "REB")
    return [Mention.unplaced(code, phrase_text(tok))]
