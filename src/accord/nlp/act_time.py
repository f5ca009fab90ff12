"""The time of an act: which date expression of its sentence dates it, and how.

The factuality stage asks this module for an event's date (``event_date``): the DATE/TIME
entity attached to the event's own clause first, then one of a clause it shares its time with
(a simultaneous "when/while/as" clause it hangs on, the verb a non-finite act depends on:
"Last month, X joined Y in bombing Z"), then a date counted back from the clause it hangs on
("two days after X attacked": two days before the head's day), the week before the article
for an act told as the cause of a reaction ("the strikes drew a rebuke"), then a date counted
from a dated clause ("three days after X attacked on 7 October"), then the sentence's first
date outside another conjunct.
``long_before`` marks a clause placed weeks or more before the one it hangs on. Reads only
the parse and accord.nlp.dates, so any stage may use it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.tokens import Span, Token

from accord.nlp.dates import NUMBERS, date_basis, date_precision, resolve_date


def _lem(t: Token) -> str:
    return t.lemma_.lower()


def clause_verb(tok: Token) -> Token | None:
    """The nearest verb above tok (tok itself only at the root)."""
    t = tok
    for _ in range(8):
        if t.pos_ in ("VERB", "AUX") and t != tok:
            return t
        if t.head == t:
            return t if t.pos_ in ("VERB", "AUX") else None
        t = t.head
    return None


# one-word times the entity recogniser sometimes leaves untagged ("released 20 hostages
# overnight" is a TIME in one sentence and an untagged adverb in the next article)
DAY_WORDS = frozenset({"overnight", "yesterday", "today", "tonight"})


def sentence_entities(sent: Span) -> list[Span]:
    """The entities inside a sentence, read from its tokens' IOB tags: linear in the sentence
    (``sent.ents`` walks the whole document's entities again for every event); a day word
    outside any entity (``DAY_WORDS``) counts as a DATE of its own."""
    doc, out, i = sent.doc, [], sent.start
    while i < sent.end:
        if doc[i].ent_iob_ != "B":
            if doc[i].ent_iob_ == "O" and doc[i].lower_ in DAY_WORDS:
                out.append(Span(doc, i, i + 1, label="DATE"))
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= sent.end:
            out.append(Span(doc, i, j, label=doc[i].ent_type_))
        i = j
    return out



def event_date(pred: Token, trigger: Token, clause: list[Token], anchor: dt.date | None,
               ) -> tuple[dt.date | None, bool, str, str | None]:
    """The date expression attached to the event's clause (``clause``: its predicate, trigger
    and governing heads), resolved against the anchor: (date, attached to the clause? (else
    the sentence's first usable date), precision, basis "stated"/"relative" or None)."""
    sent = pred.sent
    chain = set(t.i for t in clause)
    framing = set(chain)  # "... in January 2025, when the rebels seized Goma": the date of
    t = pred  # the clause a temporal clause hangs on is the event's too
    for _ in range(3):
        if t.dep_ != "advcl" or t.head == t or not any(
                k.dep_ in ("mark", "advmod") and _lem(k) in SIMULTANEOUS_MARKS
                for k in t.children):
            break  # "X struck on Saturday, after Y attacked on 1 July": Y's date is its own
        t = t.head
        framing.add(t.i)
    framing |= governing_verbs(pred)
    best = None
    ents = sentence_entities(sent)
    earlier = _earlier(pred, trigger, ents, anchor)
    if earlier is not None:
        return earlier, True, "day", "relative"
    # a date of the event's own clause before one of the clause it hangs on
    ents.sort(key=lambda e: 0 if e.root.head.i in chain or (
        (v := clause_verb(e.root)) is not None and v.i in chain) else 1)
    for ent in ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        if _names_a_thing(ent, trigger) or _lem(ent.root.head) == "since":
            continue  # "the 2015 agreement": not this event's date; "since late March": the
            # start of a state still going on
        v = clause_verb(ent.root)
        attached = ent.root.head.i in framing or (v is not None and v.i in framing) or (
            pred.dep_ in ("relcl", "acl") and ent.start <= pred.head.i < ent.end) or (
            v is not None and _in_complement(v, pred))
        if not attached:
            if best is None and not _other_conjunct(v, pred):
                best = ent  # (not a date of another conjunct: "failed to agree on X, but
                # agreed to meet next month" does not make the failure future)
            continue
        d, precision = _dated(ent.text, anchor)
        if d is not None:
            return d, True, precision, _basis(ent.text)
    before = _before_head(pred, ents, anchor)   # no date of its own: counted from the head
    if before is not None:
        return before[0], True, before[1], "relative"
    if anchor is not None and best is None and _reaction_subject(pred, trigger):
        # "The strikes, which killed two children, drew a rebuke": an act already reported,
        # told as the cause of a reaction: within the days before the article
        return anchor - dt.timedelta(days=6), True, "week", "relative"
    offset = _offset_date(clause, ents, anchor)
    if offset is not None:
        return offset[0], True, offset[1], "relative"
    if best is not None:
        d, precision = _dated(best.text, anchor)
        return d, False, precision, (_basis(best.text) if d is not None else None)
    return None, False, "day", None


TEMPORAL_MARKS = {"when", "while", "as", "after", "before", "since", "until"}
SIMULTANEOUS_MARKS = {"when", "while", "as"}
LONG_UNITS = {"week", "month", "year", "decade"}


def long_before(pred: Token) -> bool:
    """Is pred a clause placed weeks or more before the one it hangs on ("..., weeks after
    Iran attacked Israel", "months after the two sides fought")? Its act is background."""
    if pred.dep_ != "advcl":
        return False
    for k in pred.children:
        if k.dep_ in ("mark", "prep", "advmod") and k.lower_ in ("after", "since"):
            if any(_lem(g) in LONG_UNITS for g in k.subtree) or any(
                    g.dep_ == "npadvmod" and _lem(g) in LONG_UNITS
                    for g in pred.children):
                return True
    return False
NONFINITE_PATH = {"pcomp", "prep", "xcomp"}


def governing_verbs(pred: Token) -> set[int]:
    """The verbs whose time a non-finite act shares: "Last month, X joined Y in bombing Z"
    (the bombing is dated by "last month" of "joined"), "X moved to strike Y on Friday". A
    finite clause of its own (with a subject) keeps its own time."""
    out: set[int] = set()
    t = pred
    if pred.tag_ not in ("VBG", "VB") or any(
            k.dep_ in ("nsubj", "nsubjpass") for k in pred.children):
        return out
    for _ in range(4):
        if t.dep_ not in NONFINITE_PATH or t.head == t:
            break
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            out.add(t.i)
            if any(k.dep_ in ("nsubj", "nsubjpass") for k in t.children):
                break
    return out


OFFSET_UNITS = {"day": 1, "week": 7}
# "a day earlier", "two days before", "the previous day": a count of days back from the
# sentence's own day
EARLIER = re.compile(r"^(?:(a|one|two|three|four|five|six|\d+) days? (?:earlier|before)|"
                     r"the (?:previous|preceding) day|the day before)$", re.I)


def _earlier(pred: Token, trigger: Token, ents: list[Span], anchor: dt.date | None,
             ) -> dt.date | None:
    """"Rockets at Tel Aviv late Sunday, in retaliation for an airstrike that killed 29 people
    in Beirut a day earlier": an act placed a count of days before the sentence's day (the
    other day the sentence states, else the article's) is dated back from it (Saturday);
    None when the event's clause has no such phrase."""
    for ent in ents:
        m = EARLIER.match(ent.text.strip())
        v = clause_verb(ent.root) if m is not None else None
        # the phrase must be the event's own: on its verb, or on the relative clause of its
        # noun ("an airstrike that killed 29 people a day earlier")
        if v is None or not (v.i == pred.i or v.i == trigger.i or (
                v.dep_ in ("relcl", "acl") and v.head.i == trigger.i)):
            continue
        n = _count(m.group(1)) if m.group(1) else 1
        if n is None:
            return None
        ref = anchor
        for other in ents:
            if other is ent or other.label_ not in ("DATE", "TIME") or EARLIER.match(
                    other.text.strip()):
                continue
            d, precision = _dated(other.text, anchor)
            if d is not None and precision == "day":
                ref = d
                break
        return ref - dt.timedelta(days=n) if ref is not None else None
    return None


def _offset_date(clause: list[Token], ents: list[Span], anchor: dt.date | None,
                 ) -> tuple[dt.date, str] | None:
    """The date of an act placed a measured time after or before a dated clause ("Three days
    after X attacked Y on 7 October, Y began ...": 10 October), with its precision; None
    without such a clause. Days and weeks only (a month later is no calendar day)."""
    for t in clause:
        for k in t.children:
            if k.dep_ != "advcl":
                continue
            mark = next((g for g in k.children if g.dep_ == "mark"
                         and g.lower_ in ("after", "before")), None)
            if mark is None:
                continue
            unit = next((g for g in (*k.children, *mark.children) if g.dep_ == "npadvmod"
                         and _lem(g) in OFFSET_UNITS), None)
            if unit is None:
                continue
            num = next((g for g in unit.children if g.dep_ == "nummod"), None)
            n = _count(num.text) if num is not None else 1
            if n is None:
                continue
            for ent in ents:
                if ent.start <= unit.i < ent.end or ent.label_ not in ("DATE", "TIME"):
                    continue
                v = clause_verb(ent.root)
                if v is None or v.i != k.i:
                    continue
                d, precision = _dated(ent.text, anchor)
                if d is None or precision != "day":
                    continue
                days = n * OFFSET_UNITS[_lem(unit)]
                sign = 1 if mark.lower_ == "after" else -1
                try:
                    return d + dt.timedelta(days=sign * days), (
                        "day" if _lem(unit) == "day" else "week")
                except OverflowError:
                    return None
    return None


def _before_head(pred: Token, ents: list[Span], anchor: dt.date | None,
                 ) -> tuple[dt.date, str] | None:
    """The date of an act told in a clause placed a measured time before (or after) the
    clause it hangs on ("It came two days after Iran conducted strikes": two days before the
    head's date, or before the article's day when the head has no date of its own), with
    its precision. A count of days gives a day ("a day after", "two days after"); "days
    after" with no count, three days and a week's precision; "N weeks after", a week's."""
    if pred.dep_ != "advcl" or pred.head.i == pred.i:
        return None
    mark = next((g for g in pred.children if g.dep_ == "mark"
                 and g.lower_ in ("after", "before")), None)
    if mark is None:
        return None
    unit = next((g for g in (*pred.children, *mark.children) if g.dep_ == "npadvmod"
                 and _lem(g) in OFFSET_UNITS), None)
    if unit is None:
        return None
    num = next((g for g in unit.children if g.dep_ == "nummod"), None)
    if num is not None:
        n = _count(num.text)
        precision = "day" if _lem(unit) == "day" else "week"
    elif unit.tag_ == "NNS":   # "days after": a few
        n, precision = 3, "week"
    else:                      # "a day after", "a week before"
        n = 1
        precision = "day" if _lem(unit) == "day" else "week"
    if n is None:
        return None
    head, own = pred.head, set(t.i for t in pred.subtree)
    base = anchor
    for ent in ents:
        # NER may run the head's date into the clause's count ("on 3 May, a day"): only the
        # entity's tokens outside the clause count
        rest = [t for t in ent if t.i not in own]
        if ent.label_ not in ("DATE", "TIME") or not rest:
            continue
        root = next((t for t in rest if not ent.start <= t.head.i < ent.end or t.head.i == t.i),
                    rest[0])
        v = clause_verb(root)
        if v is not None and v.i == head.i:
            text = "".join(t.text_with_ws for t in rest).strip(" ,")
            d, p = _dated(text, anchor)
            if d is not None and p == "day":
                base = d
                break
    if base is None:
        return None
    sign = -1 if mark.lower_ == "after" else 1
    # a week's precision stands for the week whose middle is the counted day
    back = 3 if precision == "week" else 0
    try:
        return base + dt.timedelta(days=sign * n * OFFSET_UNITS[_lem(unit)] - back), precision
    except OverflowError:
        return None


REACTION_VERBS = {"draw", "prompt", "spark", "trigger", "provoke", "elicit", "fuel",
                  "anger", "heighten", "follow", "strain", "raise"}


def _reaction_subject(pred: Token, trigger: Token) -> bool:
    """Is the act the subject of a reaction to it, or told in a relative clause on that
    subject ("The strikes, which killed two children, drew a sharp rebuke", "the attack
    prompted Washington to ...")? Such a sentence reports the reaction; the act itself
    came before."""
    for t in (trigger, pred):
        n = t.head if t.dep_ in ("relcl", "acl") else t
        if n.dep_ in ("nsubj", "nsubjpass") and n.pos_ in ("NOUN", "PROPN") \
                and _lem(n.head) in REACTION_VERBS and n.head.i != pred.i:
            return True
    first = pred
    for _ in range(4):  # "which recalled its ambassador and blocked its envoy": both
        if first.dep_ != "conj" or first.head.i == first.i:
            break
        first = first.head
    if first.dep_ == "relcl":
        # "... drew a rebuke from Pakistan, which recalled its ambassador": told inside the
        # reaction to an act already reported, as background
        v = clause_verb(first.head)
        if v is not None and _lem(v) in REACTION_VERBS and any(
                k.dep_ == "nsubj" and k.pos_ == "NOUN" for k in v.children):
            return True
    return False


def _count(word: str) -> int | None:
    """A small count written as digits or a word ("3", "three")."""
    low = word.lower()
    if low.isdigit():
        return int(low)
    return NUMBERS.get(low)


def _other_conjunct(v: Token | None, pred: Token) -> bool:
    """Is clause v inside another conjunct than pred's ("X failed to agree, but they agreed
    to meet next month": "meet" for "agree")? Climbs from v to the first head that also
    governs pred; a conj link on the way is another conjunct."""
    if v is None:
        return False
    above = {a.i for a in pred.ancestors} | {pred.i}
    t = v
    for _ in range(8):
        if t.i in above:
            return False
        if t.dep_ == "conj":
            return True
        if t.head == t:
            return False
        t = t.head
    return False


def _in_complement(v: Token, pred: Token) -> bool:
    """Is clause v part of pred's own complement ("agreed a deal to cut X late last year")
    rather than a clause of its own (a conjunct, an adverbial clause)?"""
    t = v
    for _ in range(6):
        if t.i == pred.i:
            return t.i != v.i
        if t.head == t or t.dep_ not in ("xcomp", "ccomp", "relcl", "acl", "dobj", "prep",
                                         "pobj", "pcomp"):
            return False
        t = t.head
    return False


TIME_OF_DAY = frozenset({"night", "morning", "evening", "afternoon", "dawn", "dusk", "noon",
                         "midnight", "overnight", "daybreak", "nightfall"})


def _names_a_thing(ent: Span, trigger: Token) -> bool:
    """Is the date part of a noun phrase naming something else ("a 2015 tripartite agreement",
    "the ceasefire of July 2020", "its 2011 start")? Then it dates that thing, not the event."""
    root = ent.root
    head = root.head
    if root.dep_ in ("compound", "nummod", "amod", "poss", "nmod") and head.pos_ in (
            "NOUN", "PROPN") and head.i != trigger.i and _lem(head) not in TIME_OF_DAY:
        return True  # ("on Monday night": a time of that day, not a thing)
    return (root.dep_ == "pobj" and _lem(head) == "of" and head.head.pos_ in (
        "NOUN", "PROPN") and head.head.i != trigger.i)


@lru_cache(maxsize=4096)
def _dated(text: str, anchor: dt.date | None) -> tuple[dt.date | None, str]:
    """resolve_date and date_precision of one expression (cached: datelines repeat)."""
    d = resolve_date(text, anchor)
    return d, (date_precision(text) if d is not None else "day")


@lru_cache(maxsize=4096)
def _basis(text: str) -> str:
    """date_basis of one expression (cached)."""
    return date_basis(text)


NARRATIVE_DAYS = 7  # a stated day at most this long before the article sets the story's day


def narrative_dates(events: list, anchor: dt.date | None) -> list:
    """The story's own day for acts told without a time of their own. A news story states the
    day of its main act once ("security forces opened fire on protesters on Tuesday night")
    and tells the rest of that day's acts without repeating it ("authorities imposed a
    curfew", "the president was arrested after his speech"): an asserted or alleged act whose
    sentence gives no time (``date_basis`` "article") takes the day of the latest act before
    it, in text order, whose day the text stated or resolved within ``NARRATIVE_DAYS`` before
    the article (``events``: one article's events in text order; new events are returned,
    the list is not changed). An act told as past or coming keeps its own reading; a stated
    day further back (a background paragraph) is no story day, and neither is the article's
    own day, which the acts already have. The day is that story's: an act whose parties share
    no country with the dated act ("police dispersed protesters in Khartoum" after a Baghdad
    story's Friday) keeps the article's day."""
    if anchor is None:
        return events
    day: dt.date | None = None
    story: set[str] = set()
    out = []
    for e in events:
        if (e.date is not None and e.date_basis in ("stated", "relative")
                and e.date_precision == "day"):
            lag = (anchor - e.date).days
            day = e.date if 0 < lag <= NARRATIVE_DAYS else None
            story = _countries(e)
        elif (day is not None and e.date_basis == "article" and e.date == anchor
                and e.factuality in ("asserted", "alleged")
                and (not story or not _countries(e) or story & _countries(e))):
            e = e.model_copy(update={"date": day, "date_basis": "relative",
                                     "date_precision": "day"})
        out.append(e)
    return out


def _countries(e) -> set[str]:  # noqa: ANN001
    return {r.code[:3] for r in (*e.actor, *e.recipient) if not r.code.startswith("-")}
