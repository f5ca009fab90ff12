"""Sentence cues the situation stage reads beside an event's PLOVER type (English news prose).

These say what kind of act an already-coded event is (talks refused vs. any rejection, a
ceasefire vs. any agreement, an evacuation, a second carrier, continuing hostilities) and
resolve deadlines to calendar dates. Text is read here and in ``accord.nlp`` only; the
models downstream see typed signals.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

TALKS = re.compile(r"\b(talks?|negotiat\w*|dialogues?|meetings?|summit|diplomac\w*|"
                   r"mediat\w*|round)\b", re.I)
CEASEFIRE = re.compile(r"\b(cease-?\s?fire|truce|armistice|cessation of hostilities|"
                       r"(humanitarian )?pause in (the )?fighting|humanitarian pause|"
                       r"de-?escalat\w*)\b", re.I)
# a ceasefire named only as what a process is about ("ceasefire talks", "truce negotiations",
# "a ceasefire proposal", "ceasefire efforts"): agreeing to that process or proposal is not
# agreeing to the ceasefire ("accepted a proposal to bridge gaps in ceasefire negotiations")
CEASEFIRE_PROCESS = re.compile(r"\b(cease-?\s?fire|truce)\s+(talks|negotiations?|proposals?|"
                               r"plans?|efforts?|push|bid|mediators?|negotiators?|envoys?|"
                               r"initiatives?|drafts?|texts?|discussions?)\b", re.I)
# a ceasefire named as a term of a plan or proposal ("a 15-point plan ... that includes a
# ceasefire and a withdrawal") or only inside a condition ("sanctions in case Turkey does not
# de-escalate", "unless a truce is agreed"): the sentence puts no ceasefire in place
CEASEFIRE_TERM = re.compile(r"\b(plans?|proposals?|drafts?|roadmaps?|frameworks?|offers?)\b"
                            r"[^.;]{0,50}?\b(includ\w*|calls? for|envisag\w*|provid\w* for|"
                            r"would (bring|see|mean|start|begin))\b[^.;]{0,30}?" + CEASEFIRE.pattern
                            + r"|\b(in case|unless|if|provided that|on condition that)\b[^.;]*",
                            re.I)
# "signed a ceasefire": the signature of a truce (a SUPPORT by the coder's convention for
# signing an agreement) puts it in place like an agreement to it
SIGNED_CEASEFIRE = re.compile(r"\bsign\w*\b[^.;]{0,60}?\b(cease-?\s?fire|truce|armistice|"
                              r"cessation of hostilities)\b", re.I)
FRAMEWORK = re.compile(r"\b(framework|in principle|outline|deal|agreement|accord)\b", re.I)
MEDIATION = re.compile(r"\b(mediat\w*|broker\w*|host(ed|ing)? (the )?talks|offer(ed|s)? to "
                       r"host|good offices|intermediar\w*|facilitat\w*)\b", re.I)
EVACUATION = re.compile(
    r"\b(evacuat\w*|ordered departure|(citizens|nationals|americans|britons|staff|diplomats|"
    r"personnel|families)\b[^.;]{0,40}\b(to leave|should leave|must leave|leave|left|"
    r"depart(ed|ing|ure)?|withdrawn|pulled out)\b(?! to rejoin)|"
    r"(leave|depart)\b[^.;]{0,25}\b(now|immediately|as soon as possible)|"
    r"embass(y|ies)\b[^.;]{0,40}\b(closed|shut|suspend\w*|withdr\w*|reduc\w*))", re.I)
# evacuations that are no warning of force to come: the wounded flown out, civilians led out
# of a war already under way through corridors, aid and evacuation flights, a leave (noun)
NOT_EVACUATION = re.compile(
    r"\b(medical|medevac|humanitarian|corridors?|patients|injured|wounded|casualties|"
    r"aid and evacuation|from leave|on leave)\b", re.I)
SECOND_CARRIER = re.compile(r"\b(second|another|additional|two|2nd)\s+(aircraft\s+)?carriers?"
                            r"(\s+(strike\s+)?groups?)?\b", re.I)
CONTINUING = re.compile(
    r"\b(ongoing|continu\w*|rag(es|ed|ing)|still|persist\w*|for (weeks|months)|"
    r"since the (start|outbreak|beginning|onset)|(has|have) been \w+ing since|"
    # a toll counted from a start date: "have been killed by strikes since Oct. 7"
    r"(has|have) been (killed|wounded|displaced)\b.*\bsince (the )?"
    r"((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.? \d{1,2}|\d{4})|"
    # a war named as a party's own against a named side, or as the one between named sides,
    # presupposes it is under way: "a truce in its war on Hamas", "Israel's offensive
    # against Hezbollah", "the war between Israel and ..." (not "its war with regional
    # adversaries": no side named)
    r"(its|their|\w+['’]s) (war|offensive|military campaign|bombardment) "
    r"(on|against|in|with) (the )?(?-i:[A-Z])|the war between (?-i:[A-Z]))", re.I)
HOSTILITIES = re.compile(r"\b(war|hostilities|fighting|offensive|bombardment|bombing|"
                         r"conflict|clashes|battles?|shelling|(air ?)?strikes|raids)\b", re.I)
ULTIMATUM = re.compile(r"\b(deadline|ultimatum|or else|or face|expires?|expir\w*|"
                       r"(days?|weeks?|hours?) to\b|by (the end of|next)|within)\b", re.I)

CANCELLED = re.compile(r"\b(cancel\w*|call(ed|s)? off|suspend\w*|break(s)? off|broke off|"
                       r"pull(ed|s)? out|walk(ed|s)? out|halt\w*|end(s|ed)?|freez\w*)\b", re.I)

_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "fourteen": 14, "fifteen": 15,
        "twenty": 20, "thirty": 30, "a couple of": 2, "several": 3, "a few": 3}
_UNIT = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30}
_N = r"(\d{1,3}|a couple of|a few|several|an?|one|two|three|four|five|six|seven|eight|nine|" \
     r"ten|fourteen|fifteen|twenty|thirty)"
_SPAN = re.compile(
    rf"\b(?:within|in|next|for|of|give[sn]?\s+\w+)\s+(?:the\s+next\s+)?{_N}"
    rf"(?:\s*(?:to|-|–|or)\s*{_N})?\s+(hour|day|week|fortnight|month)s?\b", re.I)
_BARE_SPAN = re.compile(rf"\b{_N}(?:\s*(?:to|-|–|or)\s*{_N})?\s*-?\s*(hour|day|week|month)s?"
                        r"(?:'s?)?\s+(?:deadline|ultimatum|window|grace period|"
                        r"to\s+(?!come\b)\w+)\b", re.I)
_WEEKDAY = re.compile(r"\bby\s+(?:next\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|"
                      r"sunday)\b", re.I)
_END_OF = re.compile(r"\bby\s+the\s+end\s+of\s+(?:the|this)\s+(week|month|year)\b", re.I)
_END_OF_NEXT = re.compile(r"\bby\s+the\s+end\s+of\s+next\s+(week|month)\b", re.I)
_MONTHS = {m.lower(): k for k, m in enumerate(calendar.month_name) if m}
_BY_DATE = re.compile(r"\b(?:by|before|until)\s+(?:(\d{1,2})\s+(" + "|".join(_MONTHS) +
                      r")|(" + "|".join(_MONTHS) + r")\s+(\d{1,2}))\b", re.I)
_BY_MONTH_END = re.compile(r"\b(?:by|before)\s+the\s+end\s+of\s+(" + "|".join(_MONTHS) +
                           r")\b", re.I)


def _num(tok: str | None) -> int | None:
    if tok is None:
        return None
    t = tok.lower()
    return int(t) if t.isdigit() else _NUM.get(t)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def resolve_deadline(sentence: str, published: dt.date) -> dt.date | None:
    """The calendar date a time limit in ``sentence`` points to, counted from ``published``.

    Understands spans ("within 48 hours", "10 to 15 days" -> the later end, "two weeks",
    "a one-week ultimatum"), weekdays ("by Friday": the next Friday after the article's
    day), "by the end of the week/month/year", "by the end of next week/month" and dates
    ("by 6 August", "before March 1": the next such date on or after the article). None when
    no time limit is stated. A range resolves to its later end: the limit is not passed
    before it.
    """
    text = sentence or ""
    m = _SPAN.search(text) or _BARE_SPAN.search(text)
    if m:
        a, b, unit = _num(m.group(1)), _num(m.group(2)), m.group(3).lower()
        n = max(x for x in (a, b) if x is not None) if a or b else None
        if n is not None:
            return published + dt.timedelta(days=max(1, round(n * _UNIT[unit])))
    m = _WEEKDAY.search(text)
    if m:
        wd = [d.lower() for d in calendar.day_name].index(m.group(1).lower())
        ahead = (wd - published.weekday()) % 7 or 7
        return published + dt.timedelta(days=ahead)
    m = _END_OF_NEXT.search(text)
    if m:
        if m.group(1).lower() == "week":
            return published + dt.timedelta(days=(6 - published.weekday()) + 7)
        y, mo = (published.year + 1, 1) if published.month == 12 else (
            published.year, published.month + 1)
        return _month_end(y, mo)
    m = _END_OF.search(text)
    if m:
        unit = m.group(1).lower()
        if unit == "week":
            return published + dt.timedelta(days=6 - published.weekday())
        if unit == "month":
            return _month_end(published.year, published.month)
        return dt.date(published.year, 12, 31)
    m = _BY_MONTH_END.search(text)
    if m:
        mo = _MONTHS[m.group(1).lower()]
        y = published.year + (1 if mo < published.month else 0)
        return _month_end(y, mo)
    m = _BY_DATE.search(text)
    if m:
        day = int(m.group(1) or m.group(4))
        mo = _MONTHS[(m.group(2) or m.group(3)).lower()]
        try:
            d = dt.date(published.year, mo, day)
            if d < published:
                d = dt.date(published.year + 1, mo, day)
        except ValueError:
            return None
        return d
    return None


def is_continuing_hostilities(sentence: str) -> bool:
    """Does the sentence report hostilities as going on ("the war that has raged since ...")?"""
    s = sentence or ""
    return bool(HOSTILITIES.search(s) and CONTINUING.search(s))


def names_ceasefire(sentence: str | None) -> bool:
    """Does the sentence name a ceasefire itself, not only talks or a proposal about one?"""
    text = CEASEFIRE_TERM.sub(" ", CEASEFIRE_PROCESS.sub(" ", sentence or ""))
    return bool(CEASEFIRE.search(text))


def ceasefire_act(event_type: str, mode: str | None, sentences: list[str]) -> bool:
    """Does an asserted act of this type and mode, told in these sentences, put a ceasefire
    in place? An agreement naming one ("agreed to a truce"), a truce declared or observed
    (PLOVER files a declared ceasefire under RETREAT, mode ceasefire) or a ceasefire signed
    (SUPPORT: the coder files the signing of an agreement there)."""
    if event_type == "AGREE":
        return any(names_ceasefire(s) for s in sentences)
    if event_type == "RETREAT":
        return mode == "ceasefire"
    if event_type == "SUPPORT":
        return any(SIGNED_CEASEFIRE.search(s or "") for s in sentences)
    return False

