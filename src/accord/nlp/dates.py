"""Resolve date expressions in news text against the article's own date.

News reports say "on Friday", "yesterday" or "last June" and leave the reader to anchor
them on the publication date; events need calendar dates, so every relative expression is
resolved against that anchor. Month-only expressions resolve to the first day of the month,
year-only ones to 1 January, a week ("next week") to the day a week from the anchor; that day
only stands for its period: `date_precision` says how much of the calendar the expression
covers, and the event coder keeps a calendar date only at day precision (an event "in 2022"
or "last June" gets no date rather than an invented day). Unresolvable text gives None.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3, "a few": 3, "few": 3,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True))

_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MDY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I)
_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?(?:,?\s+(\d{{4}}))?\b", re.I)
_MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?,?\s+(\d{{4}})\b", re.I)
_REL_MONTH = re.compile(rf"\b(last|next|this|early|mid|late|in)[\s-]+({_MONTH_RE})\b", re.I)
_WEEKDAY = re.compile(rf"\b(?:(last|next|this|on|late|early)\s+)?({_WD_RE})\b", re.I)
_AGO = re.compile(rf"\b({_NUM_RE})\s+(day|week|month|year)s?\s+ago\b", re.I)
_BARE_MONTH = re.compile(rf"(?:in\s+)?({_MONTH_RE})\.?", re.I)
_REL_UNIT = re.compile(r"\b(last|next|this|past)\s+(week|month|year|weekend)\b", re.I)
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
# a decade ("the 1970s", "the late 1990s", "the mid-1980s"): a year inside it, read as "year"
# precision (early: its first year, mid: its fifth, late: its eighth)
_DECADE = re.compile(r"\b(?:(early|mid|late)[\s-]+)?(1[89]\d0|20\d0)'?s\b", re.I)


def _decade(s: str) -> dt.date | None:
    m = _DECADE.search(s)
    if not m:
        return None
    return _safe(int(m[2]) + {"early": 1, "mid": 4, "late": 7}.get((m[1] or "").lower(), 0), 1, 1)


def _month_shift(year: int, month: int, delta: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + delta
    return k // 12, k % 12 + 1


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest_past_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    """A day-month without year: the anchor's year, or the year before if that is far ahead."""
    d = _safe(anchor.year, month, day)
    if d is not None and (d - anchor).days > 31:
        d = _safe(anchor.year - 1, month, day)
    return d


def resolve_date(text: str, anchor: dt.date | None = None) -> dt.date | None:
    """Turn one date expression into a date (see ``_resolve``); None when the result would fall
    outside the calendar (an anchor of 9999-12-31 and "tomorrow") or the parts are invalid."""
    try:
        return _resolve(text, anchor)
    except (OverflowError, ValueError):
        return None


def _resolve(text: str, anchor: dt.date | None = None) -> dt.date | None:
    """Turn one date expression ("on Friday", "February 7, 2026", "last June") into a date.

    A weekday on its own means the latest such day on or before the anchor (news reports
    past events); "next Friday" looks forward. Without an anchor only absolute dates resolve.
    """
    s = " ".join(text.strip().split())
    low = s.lower()
    if not low:
        return None
    m = _ISO.search(s)
    if m:
        return _safe(int(m[1]), int(m[2]), int(m[3]))
    m = _MDY.search(s)
    if m:
        mon, day = MONTHS[m[1].lower()], int(m[2])
        if m[3]:
            return _safe(int(m[3]), mon, day)
        return _nearest_past_year(mon, day, anchor) if anchor else None
    m = _DMY.search(s)
    if m:
        mon, day = MONTHS[m[2].lower()], int(m[1])
        if m[3]:
            return _safe(int(m[3]), mon, day)
        return _nearest_past_year(mon, day, anchor) if anchor else None
    m = _MONTH_YEAR.search(s)
    if m:
        return _safe(int(m[2]), MONTHS[m[1].lower()], 1)
    if anchor is None or _DECADE.search(s):
        m = _YEAR.search(s)
        return _safe(int(m[1]), 1, 1) if m else _decade(s)
    if re.search(r"\b(today|tonight|overnight|this (morning|afternoon|evening))\b", low):
        return anchor  # "overnight" in a story of day D: the night that ends on D
    if re.search(r"\byesterday\b|\blast night\b", low):
        return anchor - dt.timedelta(days=1)
    if re.search(r"\btomorrow\b", low):
        return anchor + dt.timedelta(days=1)
    m = _AGO.search(low)
    if m:
        n = int(m[1]) if m[1].isdigit() else NUMBERS[m[1]]
        unit = m[2]
        if unit == "day":
            return anchor - dt.timedelta(days=n)
        if unit == "week":
            return anchor - dt.timedelta(weeks=n)
        if unit == "month":
            y, mo = _month_shift(anchor.year, anchor.month, -n)
            return _safe(y, mo, 1)
        return _safe(anchor.year - n, 1, 1)
    m = _REL_MONTH.search(low)
    if m:
        which, mon = m[1], MONTHS[m[2]]
        if which == "next":
            year = anchor.year if mon > anchor.month else anchor.year + 1
        elif which == "last":
            year = anchor.year if mon < anchor.month else anchor.year - 1
        elif which == "this":
            year = anchor.year
        else:  # early/mid/late/in June: the nearest June not far in the future
            year = anchor.year if mon <= anchor.month + 1 else anchor.year - 1
        day = {"mid": 15, "late": 25}.get(which, 1)
        return _safe(year, mon, day)
    m = _bare_month(s)
    if m is not None:  # "June" alone (a DATE entity): the nearest June not far ahead
        year = anchor.year if m <= anchor.month + 1 else anchor.year - 1
        return _safe(year, m, 1)
    m = _WEEKDAY.search(low)
    if m:
        which, wd = (m[1] or "").lower(), WEEKDAYS[m[2].lower()]
        back = (anchor.weekday() - wd) % 7
        if which == "next":
            ahead = (wd - anchor.weekday()) % 7 or 7
            return anchor + dt.timedelta(days=ahead)
        if which == "last" and back == 0:
            back = 7
        return anchor - dt.timedelta(days=back)
    m = _REL_UNIT.search(low)
    if m:
        which, unit = m[1], m[2]
        sign = {"last": -1, "past": -1, "next": 1, "this": 0}[which]
        if unit in ("week", "weekend"):
            if unit == "weekend":
                back = (anchor.weekday() - 5) % 7 or (7 if sign else 0)
                return anchor - dt.timedelta(days=back) if sign <= 0 else anchor + dt.timedelta(
                    days=(5 - anchor.weekday()) % 7 or 7)
            return anchor + dt.timedelta(weeks=sign)
        if unit == "month":
            y, mo = _month_shift(anchor.year, anchor.month, sign)
            return _safe(y, mo, 1)
        return _safe(anchor.year + sign, 1, 1)
    m = _YEAR.search(s)
    if m:
        return _safe(int(m[1]), 1, 1)
    return None


def _bare_month(s: str) -> int | None:
    """The month of an expression that is only a month name ("June", "in June"), else None;
    "may" counts only capitalised (the modal is not a month)."""
    m = _BARE_MONTH.fullmatch(s)
    if m is None or (m[1].lower() == "may" and m[1] != "May"):
        return None
    return MONTHS[m[1].lower()]


def date_precision(text: str) -> str:
    """How much of the calendar a date expression covers: "day", "week", "month" or "year".

    Used to judge whether an event lies clearly before the article: "in 2025" covers the
    whole year, "last June" a month, "on Friday" a day."""
    s = " ".join(text.strip().split())
    low = s.lower()
    if _ISO.search(s) or _MDY.search(s) or _DMY.search(s):
        return "day"
    if _MONTH_YEAR.search(s) or _REL_MONTH.search(low) or _bare_month(s) is not None:
        return "month"
    m = _AGO.search(low)
    if m:
        return {"day": "day", "week": "week", "month": "month"}.get(m[2], "year")
    m = _REL_UNIT.search(low)
    if m:
        return {"month": "month", "year": "year", "week": "week"}.get(m[2], "day")
    if _WEEKDAY.search(low) or re.search(r"\b(today|tonight|overnight|yesterday|tomorrow)\b",
                                         low):
        return "day"
    if _YEAR.search(s) or _DECADE.search(s):
        return "year"
    return "day"


_RELATIVE_WORDS = re.compile(
    r"\b(ago|last|next|this|past|coming|yesterday|today|tonight|overnight|tomorrow|earlier|"
    r"later)\b",
    re.I)


def date_basis(text: str) -> str:
    """How a date expression names its date: "stated" when it names the calendar itself (a
    year, a month, a day of a month: "on 13 June", "in 1998", "June 2025"), "relative" when
    it is counted from the article's date ("last month", "on Monday", "three days ago")."""
    s = " ".join(text.strip().split())
    if _RELATIVE_WORDS.search(s) or _AGO.search(s):
        return "relative"
    if (_ISO.search(s) or _MDY.search(s) or _DMY.search(s) or _MONTH_YEAR.search(s)
            or _YEAR.search(s) or _DECADE.search(s) or re.search(rf"\b({_MONTH_RE})\b", s, re.I)):
        return "stated"
    return "relative"


def period_middle(start: dt.date, precision: str) -> dt.date:
    """The middle of the period a resolved date stands for (its month or year)."""
    if precision == "year":
        return dt.date(start.year, 7, 1) if start.year < dt.MAXYEAR else start
    if precision == "month":
        return start.replace(day=15)
    return start
