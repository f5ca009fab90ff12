"""Shared mention helpers for accord's event, quote and claim components.

They read the actor component's annotations (Span._.entity, Token._.entity, Doc._.actor_spans)
and resolve pronouns and role nouns ("the president", "both leaders") to those entities, so
every component attributes text to actors the same way.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from accord.types import ActorRef, Entity

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
ROLE_WORDS = {
    "president", "minister", "premier", "leader", "king", "queen", "chancellor", "prime",
    "spokesman", "spokeswoman", "spokesperson", "emir", "sheikh", "secretary", "chief",
    "ayatollah", "envoy", "ambassador", "general", "commander", "negotiator", "official",
    "diplomat", "monarch", "prince", "sultan", "head", "chairman", "governor", "mayor",
}
GROUP_ROLE_WORDS = {"leader", "side", "country", "government", "nation", "delegation",
                    "party", "administration", "state", "team", "official", "negotiator"}
EVENT_SUBJECT_WORDS = {"discussion", "talk", "meeting", "negotiation", "summit",
                       "consultation", "dialogue", "session"}


def _ext(obj: Token | Span | Doc, name: str):
    """Read an underscore extension that may not be registered (actor component absent)."""
    return getattr(obj._, name) if obj.has_extension(name) else None


@dataclass
class Mention:
    """One resolved actor mention: token range and its entity."""

    start: int
    end: int
    entity: Entity


@dataclass
class DocMentions:
    """Entity annotations of a doc, indexed by token, plus the discourse state used to
    resolve pronouns, role nouns and "both leaders" (participants of the last meeting)."""

    doc: Doc
    by_token: dict[int, Mention] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    last_meeting: list[ActorRef] = field(default_factory=list)
    quote_speakers: list[tuple[int, int, Entity | None]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc) -> DocMentions:
        dm = cls(doc)
        spans = _ext(doc, "actor_spans")
        ents = _ext(doc, "entities")
        if spans is not None and ents is not None and len(spans) == len(ents):
            pairs = list(zip(spans, ents, strict=True))
        else:
            pairs = [(sp, _ext(sp, "entity")) for sp in spans or []]
        for sp, ent in pairs:
            if ent is None:
                continue
            m = Mention(sp.start, sp.end, ent)
            dm.mentions.append(m)
            for i in range(sp.start, sp.end):
                dm.by_token.setdefault(i, m)
        if spans is None and Token.has_extension("entity"):
            for tok in doc:
                ent = tok._.entity
                if ent is not None:
                    m = Mention(tok.i, tok.i + 1, ent)
                    dm.mentions.append(m)
                    dm.by_token[tok.i] = m
        dm.mentions.sort(key=lambda m: m.start)
        dm.starts = [m.start for m in dm.mentions]
        return dm

    # ----------------------------------------------------------------- lookups
    def entity_at(self, tok: Token) -> Mention | None:
        return self.by_token.get(tok.i)

    def before(self, i: int) -> list[Mention]:
        """Mentions that end at or before token i, most recent first."""
        k = bisect.bisect_left(self.starts, i)
        return [m for m in reversed(self.mentions[:k]) if m.end <= i]

    def speaker_at(self, i: int) -> Entity | None:
        for s, e, ent in self.quote_speakers:
            if s <= i < e:
                return ent
        return None

    def resolve_pronoun(self, tok: Token) -> Mention | None:
        """he/she -> last person; it/they -> last country or organisation; I/we in a quote ->
        the quote's speaker."""
        low = tok.lower_
        if low in FIRST_PERSON:
            ent = self.speaker_at(tok.i)
            return Mention(tok.i, tok.i + 1, ent) if ent is not None else None
        cands = self.before(tok.i)
        if low in PERSON_PRONOUNS:
            for m in cands:
                if m.entity.kind == "person" or _is_person_span(self.doc, m):
                    return m
            return None
        if low in GROUP_PRONOUNS:
            for m in cands:
                if m.entity.kind != "person" and not _is_person_span(self.doc, m):
                    return m
            return cands[0] if cands else None
        return None

    def resolve_role(self, tok: Token) -> Mention | None:
        """"the president" -> the last mention introduced with that title."""
        low = tok.lemma_.lower()
        for m in self.before(tok.i):
            lo = max(0, m.start - 4)
            words = {t.lemma_.lower() for t in self.doc[lo : m.end]}
            if low in words:
                return m
        return None


def _is_person_span(doc: Doc, m: Mention) -> bool:
    return any(t.ent_type_ == "PERSON" for t in doc[m.start : m.end])


def to_ref(m: Mention | Entity, doc: Doc | None = None) -> ActorRef:
    """An Entity as the ActorRef events and quotes carry."""
    ent = m.entity if isinstance(m, Mention) else m
    text = ent.text
    if isinstance(m, Mention) and doc is not None:
        text = doc[m.start : m.end].text
    return ActorRef(code=ent.code, name=ent.name, text=text or ent.name)


def dedupe_refs(refs: list[ActorRef]) -> list[ActorRef]:
    """Distinct codes, keeping the more specific code when one extends another (IRN, IRNGOV)."""
    out: list[ActorRef] = []
    for r in refs:
        if any(o.code == r.code for o in out):
            continue
        spec = [o for o in out if r.code.startswith(o.code) and len(o.code) >= 3]
        if spec:
            out[out.index(spec[0])] = r
            continue
        if any(o.code.startswith(r.code) for o in out):
            continue
        out.append(r)
    return out
