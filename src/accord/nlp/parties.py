"""Unlisted parties: the recipient of an event named by a common noun phrase.

Real reporting often names the target or beneficiary of an act with no actor the tables
know: "deported children to ...", "provided assistance to 550 households", "attacked an
embassy", "rejected demands from a rebel group". The rule coder resolves recipients only
to listed actors, so these events had none. This module is the last resort of recipient
assignment (accord.nlp.roles.assign_recipients): when nothing resolves, the first object
noun that names a *party* (a person, group, organisation, institution or place; not a
thing, an act or a quantity) becomes the recipient.

Its code is the sentence's single country plus the sector the noun names (as for unlisted
named parties), else ``---`` plus that sector (CAMEO's unknown-country convention:
``---CVL`` for "civilians" in a sentence naming no country, ``---`` alone when the noun
names no sector). Such a code is never a core country, so the situation layer's dyads are
unchanged; the recipient is there for the reader, for search and for review.
"""

from __future__ import annotations

from spacy.tokens import Token

# Head nouns that name people, groups, organisations and institutions: generic English
# knowledge (who can be on the receiving end of an act), not a list of actors.
PARTY_NOUNS = frozenset("""
people person persons man men woman women child children boy boys girl girls family families
civilian civilians resident residents villager villagers citizen citizens population public
victim victims survivor survivors casualty casualties household households community
communities worker workers employee employees student students teacher teachers doctor doctors
patient patients refugee refugees migrant migrants asylum-seeker asylum-seekers prisoner
prisoners detainee detainees hostage hostages captive captives journalist journalists reporter
reporters activist activists protester protesters demonstrator demonstrators farmer farmers
fisherman fishermen pilgrim pilgrims tourist tourists passenger passengers crew sailor sailors
member members supporter supporters follower followers voter voters leader leaders official
officials minister ministers president prime-minister premier king queen prince judge judges
lawyer lawyers mayor mayors governor governors lawmaker lawmakers legislator legislators
senator senators deputy deputies candidate candidates spokesman spokeswoman envoy envoys
diplomat diplomats ambassador ambassadors delegation delegations representative
representatives counterpart counterparts ally allies partner partners neighbour neighbours
neighbor neighbors donor donors investor investors
group groups organisation organisations organization organizations agency agencies company
companies firm firms bank banks business businesses industry industries sector union unions
association associations party parties movement movements faction factions coalition
alliance network networks institution institutions university universities school schools
hospital hospitals clinic clinics church churches mosque mosques temple temples museum museums
embassy embassies consulate consulates mission missions office offices ministry ministries
court courts parliament congress assembly council government governments administration
authorities authority regime state states country countries nation nations republic kingdom
""".split())

# Places: on the receiving end of material acts (attacked, blockaded, supplied), never of
# statements or agreements ("agreed to destroy a test site" has no recipient there).
PLACE_NOUNS = frozenset("""
region regions province provinces state territory territories village villages town towns
city cities capital district districts area areas camp camps port ports airport airports
base bases border station stations facility facilities plant plants site sites headquarters
compound settlement settlements neighbourhood neighborhood enclave enclaves
""".split())


def party_kind(tok: Token) -> str | None:
    """"party" when this noun names someone who can be acted upon, "place" when it names a
    place (or a named facility or location), else None."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if tok.ent_type_ in ("PERSON", "ORG", "NORP"):
        return "party"
    if tok.ent_type_ in ("GPE", "FAC", "LOC"):
        return "place"
    if tok.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL"):
        return None
    for w in (tok.lower_, tok.lemma_.lower()):
        if w in PARTY_NOUNS:
            return "party"
        if w in PLACE_NOUNS:
            return "place"
    return None


def is_party_noun(tok: Token, material: bool = True) -> bool:
    """Does this noun name someone (or, for a material act, somewhere) that can be acted
    upon?"""
    kind = party_kind(tok)
    return kind == "party" or (kind == "place" and material)


def phrase(tok: Token) -> str:
    """The noun phrase of tok for display: from its left edge to the head, plus a short
    of/in complement ("the Pirmasen Municipal Museum in Germany", "members of the group")."""
    doc = tok.doc
    end = tok.i + 1
    for ch in tok.children:
        if ch.dep_ == "prep" and ch.lower_ in ("of", "in", "at") and ch.i == end:
            end = min(ch.right_edge.i + 1, end + 6)
    return doc[tok.left_edge.i:end].text


# People named by what happens to them or where they live are civilians (CAMEO CVL);
# displaced people are refugees (REF). Other sectors come from the actor tables.
CIVILIAN_NOUNS = frozenset("""
people person persons man men woman women child children boy boys girl girls family families
civilian civilians resident residents villager villagers citizen citizens population public
victim victims survivor survivors casualty casualties household households community
communities patient patients passenger passengers tourist tourists pilgrim pilgrims
""".split())
REFUGEE_NOUNS = frozenset("refugee refugees migrant migrants asylum-seeker asylum-seekers "
                          "displaced evacuee evacuees".split())


def party_sector(tok: Token) -> str | None:
    """CVL or REF for a civilian or displaced-people noun, else None."""
    for w in (tok.lower_, tok.lemma_.lower()):
        if w in CIVILIAN_NOUNS:
            return "CVL"
        if w in REFUGEE_NOUNS:
            return "REF"
    return None


def party_code(country: str | None, sector: str | None) -> str:
    """A CAMEO-style code for an unlisted party: country (or ``---``) plus sector."""
    return (country or "---") + (sector or "")
