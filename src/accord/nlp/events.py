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

Factuality (accord.nlp.factuality, accord.nlp.speech_acts): every event carries one of
asserted, negated, hypothetical, proposed, future, historical, alleged, denied, with
``Event.source`` the one who claims or denies it, and the old flags kept consistent (negated
only for "negated"; hypothetical for hypothetical, proposed, alleged and denied). A proposal,
draft, offer, demand or warning is never coded as the act it names: the act is proposed or
alleged ("proposed a summit": AGREE, and the summit proposed; "a draft ceasefire agreement":
AGREE proposed; "X warned a Y invasion could come": Y's ASSAULT, alleged, source X), and a
refusal or threat stated now is asserted ("would not agree to a truce": REJECT).

An act inside the complement of accuse/allege/blame/deny/claim ("accused X of supporting
Y") is flagged hypothetical (alleged, not established) and keeps its type and its actor (the
accused). A negated gerund in a prepositional phrase ("punished for not cooperating") is a
circumstance, not an event. ``Event.date`` is a day only when the text gives one ("in 2022",
"last June", "next week" leave it None); with no date expression an event reported as current
gets the article's date. ``Event.date_basis`` says which ("stated", "relative", "article"),
``date_precision`` and ``period_start`` keep a month or year expression ("last month" ->
its first day, month precision) when ``date`` stays open.

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
light verb; -0.10 when negated or hypothetical. ``Event.role_confidence`` is separate: how
sure the rules are of who acted on whom (``_role_confidence``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.nlp._mentions import DocMentions, dedupe_refs, ext
from accord.nlp.act_time import narrative_dates
from accord.nlp.candidate import EventCandidate
from accord.nlp.factuality import set_factuality, set_flags
from accord.nlp.intent import disavowal
from accord.nlp.lexicon import (
    CLOSING_VERBS,
    CODER_VERSION,
    JOINT_ACTS,
    PARTY_PREPS,
    lemma,
    lexicon,
    quad_of,
    score_of,
)
from accord.nlp.noun_events import (
    re_mention,
)
from accord.nlp.roles import assign_actor, assign_recipients
from accord.nlp.speech_acts import (
    characterisations,
    conditional_threats,
    promised_harm,
    reported_frame,
    warning_about_other,
)
from accord.nlp.triggers import (
    absorb,
    candidates,
    finalise_type,
    reporting_blame,
    reporting_requests,
)
from accord.nlp.unreal import avoidance_head
from accord.types import Event, Evidence


# =========================================================================== roles
def _location(c: EventCandidate, landmarks: dict[str, str]) -> str | None:
    """Where the event happened: an "in/at + place" phrase of the predicate, of the event
    noun, or hanging off its party ("talks with the E3 in Geneva")."""
    holders = [c.trigger, c.pred]
    for h in (c.trigger, c.pred):
        for ch in h.children:
            if ch.dep_ == "prep" and lemma(ch) in PARTY_PREPS:
                holders.extend(g for g in ch.children if g.dep_ == "pobj")
    for h in holders:
        for ch in h.children:
            if ch.dep_ == "prep" and lemma(ch) in ("in", "at"):
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
    """The named entity holding tok, read from the IOB tags around it (linear in the entity's
    length; listing the sentence's entities again for every event made long texts slow)."""
    if not tok.ent_type_:
        return None
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if any(doc[k].is_sent_start for k in range(start + 1, end)):
        return None  # an entity across a sentence boundary is not one of the sentence's
    return Span(doc, start, end, label=tok.ent_type_)

def _contexts(sent: Span) -> list[str]:
    lemmas = {lemma(t) for t in sent}
    text = sent.text.lower()
    out = []
    for ctx, words in lexicon()["context_keywords"].items():
        if any((w in lemmas) if " " not in w else (w in text) for w in words):
            out.append(ctx)
    return out














# =========================================================================== driver
def code_sentence(sent: Span, dm: DocMentions, anchor: dt.date | None,
                  article_id: str | None = None, triggers: list[str] | None = None,
                  ongoing: list[bool] | None = None) -> list[Event]:
    """PLOVER events of one sentence, the main event (nearest the root) first; `triggers`, if
    given, receives each event's trigger lemma and `ongoing` whether it is a war named as
    under way (for the learned layer)."""
    cands = candidates(sent, dm)
    cands += reporting_requests(sent, dm, cands)
    cands += reporting_blame(sent, cands)
    cands += characterisations(sent, cands)
    cands += promised_harm(sent, cands)
    if not cands:
        return []
    for c in cands:
        set_flags(c, anchor, dm)
        if c.rule.get("future"):
            c.future = True
    for c in conditional_threats(cands):
        set_flags(c, anchor, dm)
        cands.append(c)
    absorb(cands)
    for c in cands:
        assign_actor(c, dm)
    kept = []
    for c in cands:
        if c.absorbed:
            continue
        if c.rule.get("need_complement") and not c.children:
            continue
        if c.negated and _circumstance(c):
            continue  # "faced consequences for not engaging in talks": a non-event
        for k in c.children:
            assign_recipients(k, dm)
        assign_recipients(c, dm)
        reported_frame(c, dm)
        finalise_type(c)
        warning_about_other(c, dm)
        set_factuality(c)
        if not c.actors and not c.recipients:
            continue
        if c.etype == "SANCTION" and lemma(c.pred) in CLOSING_VERBS and not c.recipients and (
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
        # one event per type, actors and polarity: "unable to agree on X, but came to terms
        # on Y" is one negated and one asserted agreement
        key = (c.etype, tuple(sorted(a.code for a in c.actors)),
               c.factuality in ("negated", "denied"))
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
        basis = c.date_basis if c.date is not None else None
        if c.date is None and not (c.historical or c.future or c.hypothetical):
            date = anchor
            basis = "article" if anchor is not None else None
        ev = Event(
            type=c.etype, mode=c.mode, context=ctx, actor=c.actors, recipient=c.recipients,
            date=date, location=_location(c, landmarks), negated=c.negated,
            hypothetical=c.hypothetical, historical=c.historical, future=c.future,
            factuality=c.factuality, source=c.source, quad=quad_of(c.etype), score=score_of(c.etype, c.mode),
            confidence=_confidence(c), role_confidence=_role_confidence(c),
            date_basis=basis,
            date_precision=c.date_precision if c.date is not None else (
                "day" if basis == "article" else None),
            period_start=c.date if c.date is not None and c.date_precision != "day" else None,
            evidence=Evidence(article_id=article_id, start=start, end=end,
                              sentence=sent.text.strip()),
            coder_version=CODER_VERSION,
        )
        sides = reciprocal_sides(ev, lemma(c.trigger), each_other(c.pred))
        if key in seen and c.actors:
            events[seen[key]] = ev.model_copy(update=sides[0]) if sides else ev
            if triggers is not None:
                triggers[seen[key]] = lemma(c.trigger)
            if ongoing is not None:
                ongoing[seen[key]] = c.ongoing
            sides = sides[1:]
        else:
            seen[key] = len(events)
        for upd in sides or [{}]:
            events.append(ev.model_copy(update=upd))
            if triggers is not None:
                triggers.append(lemma(c.trigger))
            if ongoing is not None:
                ongoing.append(c.ongoing)
        if c.etype == "CONSULT" and not c.negated:
            dm.last_meeting = dedupe_refs(c.actors + c.recipients)
    return events


# acts that two sides do to each other: "exchanged fire", "traded artillery fire", "clashed"
RECIPROCAL = frozenset({"exchange", "trade", "clash", "skirmish", "battle", "fight"})
RECIPROCAL_TYPES = frozenset({"ASSAULT"})
ARMED_GROUP_SECTORS = frozenset({"REB", "INS", "UAF"})


def each_other(pred: Token) -> bool:
    """Does the predicate take "each other" / "one another" as its object ("blamed each
    other", "accused one another of ...")?"""
    objs = [k for k in pred.children if k.dep_ in ("dobj", "pobj")] + [
        g for k in pred.children if k.dep_ == "prep" for g in k.children if g.dep_ == "pobj"]
    pairs = {("other", "each"), ("another", "one"), ("one", "another")}  # parses vary
    return any((lemma(o), lemma(d)) in pairs for o in objs for d in o.children)


def reciprocal_sides(ev: Event, trigger: str, mutual: bool = False) -> list[dict]:
    """Roles of a reciprocal act, one directed event per side, or [] when it is not one.

    Fire exchanged by two countries' forces ("Thai and Cambodian troops exchanged fire") is
    an act of each on the other: the sides become each other's recipients. A clash of one
    with another ("Indian troops clashed with Chinese soldiers") is also the other's act on
    the first. Any act whose object is "each other" ("blamed each other", ``mutual``) is
    read the same way. Parties of unknown country (``---``) are not sides; an act with one known
    country only, or with a third party among its recipients, is left as it is. An armed
    group (sector REB, INS, UAF) is a side apart from its country's state.
    """
    if not mutual and (ev.type not in RECIPROCAL_TYPES or trigger not in RECIPROCAL):
        return []
    def by_country(refs: list) -> dict[str, list]:
        out: dict[str, list] = {}
        for r in refs:  # an armed group is a side apart from its country's state
            if not r.code.startswith("-"):
                key = r.code[:6] if r.code[3:6] in ARMED_GROUP_SECTORS else r.code[:3]
                out.setdefault(key, []).append(r)
        return out

    acts, recs = by_country(ev.actor), by_country(ev.recipient)
    if len(acts) >= 2 and set(recs) <= set(acts):
        # no recipient, or only one of the sides ("exchanged fire, killing a Tajik soldier")
        return [{"actor": refs, "recipient": [r for k, rs in acts.items() if k != c for r in rs]}
                for c, refs in acts.items()]
    if len(acts) == 1 and len(recs) == 1 and set(acts) != set(recs):
        (a_refs,), (r_refs,) = acts.values(), recs.values()
        return [{}, {"actor": r_refs, "recipient": a_refs}]
    return []


def _circumstance(c: EventCandidate) -> bool:
    """A gerund clause inside a prepositional phrase ("for not engaging", "without
    consulting"): a reason or manner of another event, not an event reported in itself."""
    p = c.pred
    return p.tag_ == "VBG" and p.dep_ == "pcomp" and not c.rule.get("govern") and (
        avoidance_head(p) is None  # "refrained from striking": a negated act, kept
        and disavowal(p) is None)  # "no intention of attacking": a disavowed act, kept


def _depth(t: Token) -> int:
    d = 0
    while t.head != t and d < 50:
        t = t.head
        d += 1
    return d


def _confidence(c: EventCandidate) -> float:
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


def _role_confidence(c: EventCandidate) -> float:
    """How sure the rules are of who acted on whom (apart from the type): the actor's path
    (named in the clause 0.9, resolved from context 0.6, none 0.2) times the recipient's
    (a recipient position 0.9, the ranker's probability, an object-side guess 0.6; none 0.8
    for a joint act, else 0.7), lowered for unlisted parties ("---") and when a sanity rule
    had to remove a party."""
    a = (0.9 if c.actor_explicit else 0.6) if c.actors else 0.2
    if c.recipients:
        r = c.recipient_score if c.recipient_score is not None else (
            0.6 if c.recipient_fallback else 0.9)
    else:
        r = 0.8 if c.etype in JOINT_ACTS else 0.7
    v = a * r
    if any(x.code.startswith("-") for x in c.actors + c.recipients):
        v *= 0.8
    if c.role_repaired:
        v *= 0.85
    return round(min(1.0, max(0.0, v)), 2)


def code_doc(doc: Doc, article_id: str | None = None, learned: bool = True) -> list[Event]:
    """All PLOVER events in a parsed doc (actor annotations from accord_actors). With
    `learned` and a model available (accord.nlp.learned.get_model), the learned layer sets
    the events' confidence and may re-type, drop or add them (accord.nlp.learned)."""
    model = None
    if learned:
        from accord.nlp.learned import get_model

        model = get_model()
    rc = rule_events(doc, article_id, fallbacks=model is not None)
    if model is not None:
        from accord.nlp.learned import apply_to_doc

        evs = [e for evs in apply_to_doc(doc, rc, model) for e in evs]
    else:
        evs = [e for evs in rc.events for e in evs]
    return narrative_dates(evs, _anchor(doc))


def _anchor(doc: Doc) -> dt.date | None:
    anchor = ext(doc, "article_date")
    return dt.date.fromisoformat(anchor) if isinstance(anchor, str) else anchor


@dataclass
class RuleCoding:
    """The rule coder's reading of a doc, one entry per sentence: its events, their trigger
    lemmas and, for a sentence without events, a parse-based actor frame (or None) the
    learned layer may turn into an event (accord.nlp.learned.fallback_event)."""

    sents: list[Span]
    events: list[list[Event]]
    triggers: list[list[str]]
    fallbacks: list[tuple[Event, str] | None]
    ongoing: list[list[bool]]  # per event: a war named as under way


def rule_events(doc: Doc, article_id: str | None = None, fallbacks: bool = False,
                ) -> RuleCoding:
    """The rule coder alone over a parsed doc (see RuleCoding)."""
    from accord.nlp.quotes import quote_regions

    dm = DocMentions.build(doc)
    dm.quote_speakers = quote_regions(doc, dm)
    anchor = _anchor(doc)
    if article_id is None:
        article_id = ext(doc, "article_id")
    rc = RuleCoding(list(doc.sents), [], [], [], [])
    for sent in rc.sents:
        trig: list[str] = []
        ongoing: list[bool] = []
        evs = code_sentence(sent, dm, anchor, article_id, trig, ongoing)
        rc.events.append(evs)
        rc.triggers.append(trig)
        rc.ongoing.append(ongoing)
        fb = None
        if fallbacks and not evs and not any(re_mention(t) for t in sent):
            from accord.nlp.learned import fallback_event

            fb = fallback_event(sent, dm, anchor, article_id)
        rc.fallbacks.append(fb)
    return rc


def code_docs(docs: list[Doc]) -> list[list[Event]]:
    """`code_doc` over several parsed docs; with a model that has a sentence-encoder block, the
    sentences of all of them that reach the model are encoded in one call (larger batches:
    the encoder is the layer's one costly step)."""
    from accord.nlp.learned import get_model

    model = get_model()
    if model is None or not model.w_emb.size or len(docs) < 2:
        return [code_doc(d) for d in docs]
    from accord.nlp.learned import apply_to_docs

    rcs = [rule_events(d, fallbacks=True) for d in docs]
    return [narrative_dates([e for evs in per for e in evs], _anchor(d))
            for d, per in zip(docs, apply_to_docs(docs, rcs, model), strict=True)]


class EventCoder:
    """spaCy component: sets Doc._.events (list[accord.types.Event]). Through `nlp.pipe` it
    codes docs a batch at a time (`code_docs`)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = code_doc(doc)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Code `docs` in batches of `batch_size`, in order."""
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            for d, evs in zip(batch, code_docs(batch), strict=True):
                d._.events = evs
                yield d


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
