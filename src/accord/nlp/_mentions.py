"""Shared mention helpers for accord's event, quote and claim components.

They read the actor component's annotations (Span._.entity, Token._.entity, Doc._.actor_spans)
and resolve pronouns and role nouns ("the president", "both leaders") to those entities, so
every component attributes text to actors the same way.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from accord.nlp.actor_tables import load_actor_tables
from accord.types import ActorRef, Entity

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
GROUP_PRONOUNS = {"it", "they", "them", "its", "their"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
ROLE_WORDS = {
    "president", "minister", "premier", "leader", "king", "queen", "chancellor", "prime",
    "spokesman", "spokeswoman", "spokesperson", "emir", "sheikh", "secretary", "chief",
    "ayatollah", "envoy", "ambassador", "general", "commander", "negotiator", "official",
    "diplomat", "monarch", "prince", "sultan", "head", "chairman", "governor", "mayor",
    "commissioner",
}
GROUP_ROLE_WORDS = {"leader", "side", "country", "government", "nation", "delegation",
                    "party", "administration", "state", "team", "official", "negotiator"}
EVENT_SUBJECT_WORDS = {"discussion", "talk", "meeting", "negotiation", "summit",
                       "consultation", "dialogue", "session"}
PLURAL_PRONOUNS = {"they", "them", "their", "both", "themselves", "theirs"}
COUP_WORDS = {"coup", "junta", "putsch", "putschist", "mutineer"}
INSTITUTION_WORDS = {"ministry", "government", "army", "military", "embassy", "presidency",
                     "cabinet", "navy", "police"}
DASHES = {"-", "--", "\u2013", "\u2014"}
NON_STATE_CODES = frozenset({"IGO", "NGO", "IMG", "ISM", "MNC", "UNO", "EUR"})
# bare institution names the actor tables give to one country, and the sector they name
GENERIC_INSTITUTIONS = {"congress": "LEG"}
DATELINE_WORDS = 14  # a dateline ("DOHA, March 4, 2026 (Agency) -") is at most this long


def dateline_dash(tokens: Span) -> int | None:
    """Index of the dash closing a wire-style dateline that opens `tokens` ("WASHINGTON,
    February 7, 2026 -", "DOHA, March 4 (Reuters) -"), or None. Shape only (no tags), so it
    also works before the parser."""
    if not len(tokens):
        return None
    first = tokens[0]
    if not (first.is_alpha and len(first) > 1):
        return None
    titled = not first.is_upper
    if titled and not (first.is_title and not first.is_stop and len(tokens) > 2
                       and tokens[1].text == ","):
        return None
    dated = False
    for t in tokens[1:DATELINE_WORDS]:
        dated = dated or t.like_num or t.text == "("
        if t.text in DASHES:
            if titled and not dated:
                return None  # a title-case place needs a date or an agency: "Tehran, July
                # 15 (IRNA) --" is a dateline, "Russia, China - the two powers" is not
            return t.i if t.doc[t.i - 1].whitespace_ and t.whitespace_ else None
        if not (t.is_punct or t.like_num or t.is_title or t.is_upper):
            return None
    return None


def dateline_end(sent: Span) -> int:
    """Token index just after a dateline opening the sentence, or sent.start when there is
    none. The place named there is where the story was filed, never an actor."""
    dash = dateline_dash(sent)
    return sent.start if dash is None else dash + 1


def ext(obj: Token | Span | Doc, name: str):
    """Read an underscore extension that may not be registered (actor component absent)."""
    return getattr(obj._, name) if obj.has_extension(name) else None


@dataclass
class Mention:
    """One resolved actor mention: token range and its entity."""

    start: int
    end: int
    entity: Entity

    @classmethod
    def unplaced(cls, code: str, text: str) -> Mention:
        """A party resolved from context rather than from a span of the tables (an unlisted
        group, a country's sector, a junta): no token range, its country as name."""
        return cls(-1, -1, Entity(code=code, name=code[:3], text=text))


@dataclass
class DocMentions:
    """Entity annotations of a doc, indexed by token, plus the discourse state used to
    resolve pronouns, role nouns and "both leaders" (participants of the last meeting)."""

    doc: Doc
    by_token: dict[int, Mention] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    last_meeting: list[ActorRef] = field(default_factory=list)
    # plural or coordinated actor subjects ("Trump and Netanyahu", "the two leaders") by
    # token position: the antecedents of "they", "their", "both"
    _group_pos: list[int] = field(default_factory=list)
    _groups: list[tuple[int, int, list[Mention]]] = field(default_factory=list)
    _groups_ready: bool = False
    _parties: tuple[str, ...] | None = None
    _home: str | None = None

    def _state_counts(self, skip: tuple[Mention, ...] = ()) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.mentions:
            code = m.entity.code[:3]
            if code.startswith("-") or code in NON_STATE_CODES or m.entity.kind == "person" or (
                    m in skip):
                continue
            counts[code] = counts.get(code, 0) + 1
        return counts

    @property
    def home(self) -> str:
        """The article's one country, when it is about one (a country code, else ""): at
        least two mentions and 60% of the mentions of states, and no two parties. Where a
        sentence names no country, an unnamed army, air force, police or rebel group is
        placed there ("the air force bombarded rebel positions" in an article about Chad)."""
        if self._home is None:
            counts = self._state_counts()
            top = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
            self._home = top[0] if (top[1] >= 2 and top[1] >= 0.6 * sum(counts.values())
                                    and not self.parties) else ""
        return self._home

    @property
    def parties(self) -> tuple[str, ...]:
        """The article's two parties, when it has two (country codes, most mentioned first):
        two countries with at least two mentions each that together hold at least 70% of
        the mentions of states. Empty otherwise. A prior for who acts on whom."""
        if self._parties is None:
            counts = self._state_counts()
            top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:2]
            total = sum(counts.values())
            self._parties = tuple(k for k, _ in top) if len(top) == 2 and (
                top[1][1] >= 2 and top[0][1] + top[1][1] >= 0.7 * total) else ()
        return self._parties

    @property
    def group_pos(self) -> list[int]:
        """Token positions of the plural subjects (collected on first use)."""
        if not self._groups_ready:
            self._collect_groups()
        return self._group_pos

    @property
    def groups(self) -> list[tuple[int, int, list[Mention]]]:
        """(position, sentence start, mentions) of each plural subject, by position."""
        if not self._groups_ready:
            self._collect_groups()
        return self._groups
    quote_speakers: list[tuple[int, int, Entity | None]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc) -> DocMentions:
        dm = cls(doc)
        skip: set[int] = set()
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                skip.update(range(sent.start, dateline_end(sent)))
        spans = ext(doc, "actor_spans")
        ents = ext(doc, "entities")
        if spans is not None and ents is not None and len(spans) == len(ents):
            pairs = list(zip(spans, ents, strict=True))
        else:
            pairs = [(sp, ext(sp, "entity")) for sp in spans or []]
        for sp, ent in pairs:
            if ent is None or sp.start in skip or sponsor(doc, sp.end) or (
                    partisan(doc, sp.start)) or origin(doc, sp.end):
                continue  # (the sponsor in "Iran-backed Hezbollah" is neither side, nor
                # the maker in "a Russian-made rocket launcher")
            m = Mention(sp.start, sp.end, ent)
            dm.mentions.append(m)
            for i in range(sp.start, sp.end):
                dm.by_token.setdefault(i, m)
        if spans is None and Token.has_extension("entity"):
            for tok in doc:
                ent = tok._.entity
                if ent is not None and tok.i not in skip:
                    m = Mention(tok.i, tok.i + 1, ent)
                    dm.mentions.append(m)
                    dm.by_token[tok.i] = m
        dm.mentions.sort(key=lambda m: m.start)
        dm.starts = [m.start for m in dm.mentions]
        dm._localise_generic()
        return dm

    def _localise_generic(self) -> None:
        """A bare institution name the tables give to one country ("Congress" is the US
        Congress) names the article's own country's institution when the article, counted
        without those names, is about another country: "Congress voted to remove Castillo"
        in an article about Peru is Peru's legislature."""
        generic = [m for m in self.mentions if self.doc[m.start:m.end].text.lower()
                   in GENERIC_INSTITUTIONS and m.entity.code[:3] == "USA"]
        if not generic:
            return
        counts = self._state_counts(tuple(generic))
        top, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
        if not top or top == "USA" or n < 2 or n < 0.6 * sum(counts.values()):
            return
        for m in generic:
            sector = GENERIC_INSTITUTIONS[self.doc[m.start:m.end].text.lower()]
            local = Mention(m.start, m.end, m.entity.model_copy(
                update={"code": top + sector, "wikidata": None,
                        "name": load_actor_tables().country_names.get(top, top)}))
            self.mentions[self.mentions.index(m)] = local
            for i in range(m.start, m.end):
                if self.by_token.get(i) is m:
                    self.by_token[i] = local

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
                if _backgrounded_agent(self.doc, m, tok):
                    continue
                if m.entity.kind == "person" or _is_person_span(self.doc, m) or (
                        _is_titled(self.doc, m)):
                    return m
            return None
        if low in GROUP_PRONOUNS:
            for m in cands:
                if m.entity.kind == "person" or _is_person_span(self.doc, m):
                    continue
                if m.entity.kind == "place" and not _is_subject(self.doc, m):
                    continue  # a place, unless a seat of power speaking ("Moscow has said")
                if low in PLURAL_PRONOUNS and is_location(self.doc, m):
                    continue
                return _state_behind_media(m, tok)
            return next((m for m in cands if m.entity.kind != "place"), None)
        return None

    def resolve_plural(self, tok: Token) -> list[Mention]:
        """they/them/their/both -> the latest plural or coordinated actor subject before the
        pronoun, in this or the previous two sentences ("Trump and Netanyahu met ... They
        agreed"); [] when there is none."""
        if tok.lower_ not in PLURAL_PRONOUNS:
            return []
        k = bisect.bisect_left(self.group_pos, tok.i) - 1
        if k < 0:
            return []
        pos, sent_start, mentions = self.groups[k]
        sents_between = sum(1 for t in self.doc[sent_start + 1 : tok.i + 1] if t.is_sent_start)
        return list(mentions) if sents_between <= 2 else []

    def note_group(self, tok: Token, mentions: list[Mention]) -> None:
        """Remember a plural subject at tok as a possible antecedent of "they"."""
        if not mentions:
            return
        k = bisect.bisect_left(self.group_pos, tok.i)
        if k < len(self.group_pos) and self.group_pos[k] == tok.i:
            self.groups[k] = (tok.i, tok.sent.start, list(mentions))
            return
        self.group_pos.insert(k, tok.i)
        self.groups.insert(k, (tok.i, tok.sent.start, list(mentions)))

    def _collect_groups(self) -> None:
        """Plural subjects named in the text: coordinated actors ("A and B") and plural nouns
        that resolve to an actor ("Iranian officials")."""
        self._groups_ready = True
        if not self.doc.has_annotation("DEP"):
            return
        for tok in self.doc:
            if tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            found: list[Mention] = []
            stack = [tok]
            while stack:  # the phrase: head, conjuncts, compounds, "of/from X" (no clauses)
                h = stack.pop()
                m = self.by_token.get(h.i)
                if m is not None and m.entity.kind != "place" and all(
                        m is not f for f in found):
                    found.append(m)
                for c in h.children:
                    if c.dep_ in ("conj", "compound", "amod", "nmod", "pobj", "appos") or (
                            c.dep_ == "prep" and c.lower_ in ("of", "from")):
                        stack.append(c)
            if len(found) >= 2 or (found and tok.tag_ in ("NNS", "NNPS")):
                self.note_group(tok, found)

    def resolve_junta(self, tok: Token) -> Mention | None:
        """"coup leaders", "the junta", "the putschists": the military of the country whose
        coup or junta the text named last ("the coup-hit Niger", "Niger's military junta"),
        not whoever last carried the title "leaders". None if no coup is named before."""
        head_words = {tok.lemma_.lower(), tok.lower_}
        mods = {k.lemma_.lower() for k in tok.children if k.dep_ in ("compound", "amod")}
        if not (head_words | mods) & COUP_WORDS:
            return None
        doc = self.doc
        for m in self.before(tok.i):
            if m.entity.kind != "country" or len(m.entity.code) < 3:
                continue
            lo, hi = max(m.start - 3, doc[m.start].sent.start), m.end + 3
            if any(t.lemma_.lower() in COUP_WORDS for t in doc[lo:min(hi, len(doc))]):
                return Mention.unplaced(m.entity.code[:3] + "MIL", phrase_text(tok))
        return None

    def resolve_institution(self, tok: Token) -> Mention | None:
        """"a ministry spokesperson", "an army spokesman": the last mention naming that
        institution ("the Egyptian Irrigation Ministry said ... a ministry spokesperson
        said"), not a country the quotation happens to name."""
        words = {k.lower_ for k in tok.children
                 if k.dep_ in ("compound", "amod") and k.lower_ in INSTITUTION_WORDS}
        if not words:
            return None
        for m in self.before(tok.i):
            if words & {t.lower_ for t in self.doc[m.start:m.end]}:
                return m
        return None

    def resolve_role(self, tok: Token) -> Mention | None:
        """"the president" -> the last mention introduced with that title: the title is in
        the mention or in the words just before it that belong to its own noun phrase
        ("Foreign Minister" + a name), never in a neighbouring phrase ("Iran's foreign
        minister met Omani officials": "the minister" is Iran's, not Oman's)."""
        low = tok.lemma_.lower()
        for m in self.before(tok.i):
            if low in self._title_words(m):
                return m
        return None

    def _title_words(self, m: Mention) -> set[str]:
        """Lemmas of a mention and of the modifiers right before it in the same phrase."""
        if m.start < 0:
            return set()
        words = {t.lemma_.lower() for t in self.doc[m.start : m.end]}
        head = self.doc[m.start : m.end].root
        i = m.start - 1
        while i >= max(0, m.start - 4):
            t = self.doc[i]
            if t.is_punct or t.pos_ in ("VERB", "AUX", "ADP") or self.by_token.get(i):
                break
            if t.head.i != head.i and head not in t.ancestors and t.head.i < m.start:
                break  # a word of another phrase
            words.add(t.lemma_.lower())
            i -= 1
        if head.head.i != head.i and head.dep_ in ("poss", "compound", "appos"):
            words.add(head.head.lemma_.lower())  # "Iran's minister": the head noun's title
        return words


def sponsor(doc: Doc, end: int) -> bool:
    """Does a mention ending at token `end` name a sponsor ("Iran-backed Hezbollah",
    "the Iranian-backed Houthis", "Russian-backed separatists", "US-trained forces")? The
    next word (after a hyphen) is a sponsoring participle modifying a noun to its right:
    the group acts, not its backer, so the backer is no actor or recipient of the clause."""
    from accord.nlp.actors import SPONSOR_WORDS

    i = end
    if i < len(doc) and doc[i].text in DASHES:
        i += 1
    if i >= len(doc) or doc[i].lower_ not in SPONSOR_WORDS:
        return False
    t = doc[i]
    return t.head.i > t.i and t.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod")


# participles naming where a weapon or vehicle comes from: "a Russian-made rocket launcher",
# "Iranian-designed drones", "US-built F-16s", "American-supplied missiles"
ORIGIN_WORDS = frozenset({"made", "built", "designed", "supplied", "manufactured", "produced",
                          "developed", "provided", "delivered", "donated", "licensed",
                          "origin", "engineered", "assembled", "modified", "upgraded"})


def origin(doc: Doc, end: int) -> bool:
    """Does a mention ending at token `end` name the origin of a thing ("a Russian-made
    rocket launcher", "Iranian-designed drones")? The maker or supplier of a weapon is no
    party to the act it is used in: neither actor nor recipient of the clause."""
    i = end
    if i < len(doc) and doc[i].text in DASHES:
        i += 1
    if i >= len(doc) or doc[i].lower_ not in ORIGIN_WORDS:
        return False
    t = doc[i]
    return t.head.i > t.i and t.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod")


def partisan(doc: Doc, start: int) -> bool:
    """Does a mention starting at token `start` follow "pro-" ("pro-Russian separatists",
    "pro-Iranian militias")? The group sides with that country; it is not that country's."""
    return start >= 2 and doc[start - 1].text in DASHES and doc[start - 2].lower_ == "pro" and (
        not doc[start - 2].whitespace_ and not doc[start - 1].whitespace_)


def _backgrounded_agent(doc: Doc, m: Mention, pron: Token) -> bool:
    """Is m the by-agent of a participle modifying a noun, earlier in the pronoun's own
    sentence ("Regarding the period put forward by General Tiani, he felt ...")? Such an agent
    is background; the subject pronoun continues the discourse's speaker, not it."""
    if pron.dep_ not in ("nsubj", "nsubjpass") or m.start < pron.sent.start:
        return False
    root = doc[m.start:m.end].root
    return root.dep_ == "pobj" and root.head.dep_ == "agent" and root.head.head.dep_ == "acl"


def is_location(doc: Doc, m: Mention) -> bool:
    """A mention used as a place ("in Gaza", "to Oman", "at the White House"), not an actor."""
    if m.start < 0:
        return False
    head = doc[m.start : m.end].root
    return head.dep_ == "pobj" and head.head.lower_ in (
        "in", "at", "to", "into", "from", "near", "inside", "across", "around", "on", "toward")


def _is_subject(doc: Doc, m: Mention) -> bool:
    """A mention that is a clause subject ("Moscow has contended ..."): an actor."""
    return m.start >= 0 and doc[m.start : m.end].root.dep_ in ("nsubj", "nsubjpass")


def _is_titled(doc: Doc, m: Mention) -> bool:
    """An unnamed office holder ("Rwanda's foreign minister"): he/she can refer to it."""
    if m.start < 0:
        return False
    head = doc[m.start : m.end].root
    if head.dep_ in ("compound", "poss") and head.head.lemma_.lower() in ROLE_WORDS:
        head = head.head  # "Musah, Ecowas Commissioner": the organisation's office holder
    return head.tag_ in ("NN", "NNP") and head.lemma_.lower() in ROLE_WORDS


def _is_person_span(doc: Doc, m: Mention) -> bool:
    return any(t.ent_type_ == "PERSON" for t in doc[m.start : m.end])


def to_ref(m: Mention | Entity, doc: Doc | None = None) -> ActorRef:
    """An Entity as the ActorRef events and quotes carry."""
    ent = m.entity if isinstance(m, Mention) else m
    text = ent.text
    if isinstance(m, Mention) and doc is not None:
        text = doc[m.start : m.end].text
    return ActorRef(code=ent.code, name=ent.name, text=text or ent.name)


# sectors of a country's armed or political challengers: "Colombia and the ELN" are two
# parties, so COLREB never absorbs (or is absorbed by) COL the way IRNGOV absorbs IRN
CHALLENGER_SECTORS = frozenset({"REB", "OPP", "INS", "SEP", "PTY"})


def _same_party(general: str, specific: str) -> bool:
    """Does `specific` name the same party as `general`, only more precisely (IRN, IRNGOV)?"""
    return (len(general) >= 3 and specific.startswith(general)
            and (specific[3:6] not in CHALLENGER_SECTORS
                 or general[3:6] in CHALLENGER_SECTORS))


def dedupe_refs(refs: list[ActorRef]) -> list[ActorRef]:
    """Distinct codes, keeping the more specific code when one extends another (IRN, IRNGOV);
    a country and its rebels or opposition stay two (COL, COLREB)."""
    out: list[ActorRef] = []
    for r in refs:
        if any(o.code == r.code for o in out):
            continue
        spec = [o for o in out if _same_party(o.code, r.code)]
        if spec:
            out[out.index(spec[0])] = r
            continue
        if any(_same_party(r.code, o.code) for o in out):
            continue
        out.append(r)
    return out


def sector_noun(tok: Token) -> str | None:
    """The PLOVER sector a common noun names in actors.yaml ("gunmen" -> REB, "tourists" ->
    CVL, "officials" -> GOV), or None. Proper nouns are never sector nouns."""
    if tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        return None
    from accord.nlp.actors import load_actor_tables

    folded = load_actor_tables().folded
    for key in (tok.lower_, tok.lemma_.lower()):
        for meaning in folded.get(key, ()):
            if meaning.type == "sector":
                return str(meaning.value)
    return None


def phrase_text(tok: Token) -> str:
    """The words of tok's noun phrase up to its head ("a military base", "Gul Rahman"): the
    surface text given to an actor resolved from context rather than from the tables."""
    start = tok.left_edge.i
    return tok.doc[start : tok.i + 1].text


ARMED_NOUNS = {"missile", "force", "troop", "army", "jet", "drone", "navy", "military",
               "soldier", "warplane", "rocket", "artillery", "aircraft", "fighter"}


def _state_behind_media(m: Mention, pron: Token) -> Mention:
    """"Iranian state media said its missiles hit two bases": the arms are the state's, not
    the broadcaster's. A media outlet (sector JRN) owning armed forces is its country."""
    code = m.entity.code
    if code.endswith("JRN") and len(code) > 3 and pron.dep_ == "poss" \
            and pron.head.lemma_.lower() in ARMED_NOUNS:
        ent = m.entity.model_copy(update={"code": code[:3], "kind": "country"})
        return Mention(m.start, m.end, ent)
    return m
