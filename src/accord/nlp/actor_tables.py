"""The actor tables: countries, capitals, demonyms, people with dated positions, organisations.

Read once from the packaged files (``data/countries.tsv``, ``data/actors.yaml``,
``data/code_aliases.tsv``) into ``ActorTables``, the lookup the actor resolver
(accord.nlp.actors) matches mentions against. Split from accord.nlp.actors in December 2026
when that module passed 900 lines; it imports nothing else of accord.nlp.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

DATA = "accord.nlp.data"
INTL_CODES = ("IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR")


@dataclass(frozen=True)
class Position:
    """One term in an office: role key, display title, sector, country and dates."""

    role: str
    sector: str | None
    country: str
    start: dt.date | None
    end: dt.date | None
    title: str | None = None

    def holds(self, date: dt.date) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date < self.end)


@dataclass(frozen=True)
class Person:
    """A curated office holder."""

    key: int
    name: str
    country: str
    positions: tuple[Position, ...]
    wikidata: str | None = None

    def position_on(self, date: dt.date | None) -> tuple[Position | None, bool]:
        """The position held on `date` (latest if date is None) and whether it is a past one."""
        if not self.positions:
            return None, False
        if date is None:
            return self.positions[-1], False
        held = [p for p in self.positions if p.holds(date)]
        if held:
            return held[-1], False
        past = [p for p in self.positions if p.end is not None and p.end <= date]
        if past:
            return past[-1], True
        return None, False


@dataclass(frozen=True)
class Org:
    """An organisation, group, institution or seat of power with a fixed or dated code."""

    key: int
    name: str
    code: str
    kind: str
    periods: tuple[tuple[str, dt.date | None, dt.date | None], ...] = ()
    wikidata: str | None = None

    def code_on(self, date: dt.date | None) -> str:
        if not self.periods:
            return self.code
        if date is None:
            return self.periods[-1][0]
        for code, start, end in self.periods:
            if (start is None or start <= date) and (end is None or date < end):
                return code
        return self.code


@dataclass(frozen=True)
class Meaning:
    """What a matched phrase can mean: type in {country, demonym, capital, city, org, person,
    title, sector, former} plus a value (code, key or sector)."""

    type: str
    value: Any


TYPE_RANK = {"org": 0, "person": 1, "country": 2, "capital": 3, "city": 4, "demonym": 5,
              "title": 6, "sector": 7, "former": 8}


@dataclass
class ActorTables:
    """Packaged lookup tables: countries, organisations, people, titles and sector nouns."""

    version: str
    as_of: dt.date | None
    country_names: dict[str, str]
    orgs: list[Org]
    people: list[Person]
    titles: dict[str, tuple[str, str | None]]  # phrase -> (role, sector)
    leader_roles: dict[str, list[str]]
    exact: dict[str, list[Meaning]] = field(default_factory=dict)  # case-sensitive phrases
    folded: dict[str, list[Meaning]] = field(default_factory=dict)  # lower-cased phrases
    holders: dict[tuple[str, str], list[tuple[Person, Position]]] = field(default_factory=dict)
    surface: dict[str, set[str]] = field(default_factory=dict)  # folded key -> spellings

    def add(self, phrase: str, meaning: Meaning) -> None:
        """Register a surface form; acronyms and dotted forms match case-sensitively. A form
        with an apostrophe is also registered with the typographic one (People's/People’s)."""
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        if "'" in phrase:
            self.add(phrase.replace("'", "\u2019"), meaning)
        letters = [c for c in phrase if c.isalpha()]
        acronym = bool(letters) and (all(c.isupper() for c in letters) and len(letters) <= 6)
        table = self.exact if acronym else self.folded
        key = phrase if acronym else phrase.lower()
        if not acronym:
            # tokenisation can depend on case ("Adm." vs "adm."): keep spellings for patterns
            self.surface.setdefault(key, set()).update({phrase, phrase[:1].upper() + phrase[1:]})
        lst = table.setdefault(key, [])
        if meaning not in lst:
            lst.append(meaning)
        if acronym and phrase.isalpha() and len(phrase) >= 4:
            # British and wire style writes long acronyms as words ("Nato", "Ecowas", "Opec")
            title = self.exact.setdefault(phrase.title(), [])
            if meaning not in title:
                title.append(meaning)

    def holder(self, country: str, role: str, date: dt.date | None) -> tuple[Person, Position] | None:
        """Who held `role` for `country` on `date` (None if unknown or no date)."""
        if date is None:
            return None
        roles = [role]
        if role == "leader":
            roles = self.leader_roles.get(country, ["president", "prime_minister"])
        for r in roles:
            for person, pos in self.holders.get((country, r), []):
                if pos.holds(date):
                    return person, pos
        return None


def table_date(v: Any) -> dt.date | None:
    if v is None or isinstance(v, dt.date):
        return v
    return dt.date.fromisoformat(str(v))


def read_countries(tables: ActorTables, text: str) -> None:
    for row in csv.reader(text.splitlines(), delimiter="\t"):
        if not row or row[0].startswith("#"):
            continue
        row = row + [""] * (6 - len(row))
        code, name, aliases, demonyms, capitals, cities = row[:6]
        tables.country_names[code] = name
        for s in [name, *aliases.split("|")]:
            if s:
                tables.add(s, Meaning("country", code))
        for s in demonyms.split("|"):
            if s:
                tables.add(s, Meaning("demonym", code))
        for s in capitals.split("|"):
            if s:
                tables.add(s, Meaning("capital", code))
        for s in cities.split("|"):
            if s:
                tables.add(s, Meaning("city", code))


@functools.lru_cache(maxsize=1)
def load_actor_tables() -> ActorTables:
    """Load and index the packaged actor tables (cached per process)."""
    root = resources.files(DATA)
    raw = yaml.safe_load((root / "actors.yaml").read_text(encoding="utf-8"))
    titles: dict[str, tuple[str, str | None]] = {}
    for t in raw.get("titles", []):
        sector = t.get("sector", "GOV")
        for p in t["phrases"]:
            titles[p.lower()] = (t["role"], sector)
    tables = ActorTables(
        version=str(raw.get("version", "")),
        as_of=table_date(raw.get("as_of")),
        country_names={},
        orgs=[],
        people=[],
        titles=titles,
        leader_roles={k: list(v) for k, v in (raw.get("leader_roles") or {}).items()},
    )
    read_countries(tables, (root / "countries.tsv").read_text(encoding="utf-8"))
    for phrase in titles:
        tables.add(phrase, Meaning("title", phrase))
    for sector, nouns in (raw.get("sectors") or {}).items():
        for n in nouns:
            tables.add(str(n), Meaning("sector", sector))
    for w in raw.get("former_words", []):
        tables.add(str(w), Meaning("former", "ELI"))
    for i, o in enumerate(raw.get("organisations", [])):
        periods = tuple(
            (p["code"], table_date(p.get("from")), table_date(p.get("to"))) for p in o.get("periods", [])
        )
        kind = o.get("kind") or kind_for_code(o["code"])
        org = Org(i, o["name"], o["code"], kind, periods, o.get("wikidata"))
        tables.orgs.append(org)
        for a in {o["name"], *o.get("aliases", [])}:
            tables.add(str(a), Meaning("org", i))
    for i, p in enumerate(raw.get("people", [])):
        positions = tuple(
            Position(
                role=q["role"],
                sector=q.get("sector", "GOV"),
                country=q.get("country", p["country"]),
                start=table_date(q.get("from")),
                end=table_date(q.get("to")),
                title=q.get("title"),
            )
            for q in p.get("positions", [])
        )
        person = Person(i, p["name"], p["country"], positions, p.get("wikidata"))
        tables.people.append(person)
        for a in {p["name"], *p.get("aliases", [])}:
            tables.add(str(a), Meaning("person", i))
        for pos in positions:
            tables.holders.setdefault((pos.country, pos.role), []).append((person, pos))
    return tables


def kind_for_code(code: str) -> str:
    sector = code[3:6]
    if sector == "MIL":
        return "military"
    if sector in {"REB", "OPP", "PTY", "PRM"} or code[:3] == "IMG":
        return "group"
    return "organisation"
