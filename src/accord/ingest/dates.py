"""Publication dates of news items: from metadata, a wire dateline, or the first full date.

The file's modification time is never used: it says when a copy was made, not when the
story was published, and using it would let an article leak into the wrong as-of date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Literal

DateSource = Literal["metadata", "dateline", "text", "none"]

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10,
    "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = (
    r"(?i:(?P<{g}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)"

# "February 7, 2026", "Feb. 7 2026", "Saturday, February 7th, 2026"
_MDY = _MONTH.format(g="m1") + r"\s+" + _DAY.format(g="d1") + r",?\s+" + _YEAR.format(g="y1")
# "7 February 2026", "7th Feb. 2026", "7 February, 2026"
_DMY = _DAY.format(g="d2") + r"\s+(?:of\s+)?" + _MONTH.format(g="m2") + r",?\s+" + _YEAR.format(g="y2")
# "2026-02-07" (also the date part of an ISO timestamp)
_ISO = _YEAR.format(g="y3") + r"-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)"

FULL_DATE_RE = re.compile(
    rf"(?<![\w-])(?:{_MDY}|{_DMY}|{_ISO})(?![\d])", re.IGNORECASE
)

# A partial date as wire datelines print it: "Feb 7", "7 February" (year often omitted).
_PARTIAL = (
    r"(?:" + _MONTH.format(g="pm1") + r"\s+" + _DAY.format(g="pd1") + r"|"
    + _DAY.format(g="pd2") + r"\s+" + _MONTH.format(g="pm2") + r")"
)
_PLACE = r"[A-Z][A-Za-z.'\-]*(?:[ ][A-Z][A-Za-z.'\-]*){0,3}(?:,[ ]?[A-Z][A-Za-z.]{1,15})?"
_DASH = r"(?:—|–|--|-|:)"
# "TEHRAN, Feb 7 (Reuters) -", "WASHINGTON — February 7, 2026 —", "GENEVA, 7 March 2026 -"
DATELINE_RE = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE})[ \t]*(?:,|{_DASH})[ \t]*"
    rf"(?:(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?[ \t]+)?"
    rf"(?P<date>{_MDY}|{_DMY}|{_ISO}|{_PARTIAL})"
    rf"[ \t]*(?:\([^()\n]{{1,40}}\)[ \t]*)?{_DASH}"
)
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# Publication dates outside this range are not believed (a feed saying 9999-12-31 or
# 0001-01-01): the item's date is then taken from its text, or left unknown.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2199, 12, 31)


def in_range(d: dt.date | None) -> dt.date | None:
    """The date when it lies within [MIN_DATE, MAX_DATE], else None."""
    return d if d is not None and MIN_DATE <= d <= MAX_DATE else None


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    """Build a date from parts (month as number or name); None when the parts are invalid."""
    try:
        m = int(month) if str(month).isdigit() else _MONTHS[str(month).lower().rstrip(".")]
        return dt.date(int(year), m, int(day))
    except (KeyError, ValueError):
        return None


def _from_match(m: re.Match[str]) -> dt.date | None:
    """The date a FULL_DATE_RE (or DATELINE_RE full-date) match denotes."""
    g = m.groupdict()
    for y, mo, d in (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3")):
        if g.get(y):
            return _make(g[y], g[mo], g[d])
    return None


def full_dates(text: str) -> list[tuple[dt.date, int, int]]:
    """Every valid full date (day, month and year) in text, with its character span."""
    out = []
    for m in FULL_DATE_RE.finditer(text):
        d = _from_match(m)
        if d is not None:
            out.append((d, m.start(), m.end()))
    return out


def first_full_date(text: str) -> dt.date | None:
    """The first valid full date in text (stops there: texts can be megabytes long)."""
    for m in FULL_DATE_RE.finditer(text):
        d = _from_match(m)
        if d is not None:
            return d
    return None


def parse_date(value: str | dt.date | None) -> dt.date | None:
    """Parse a metadata date: ISO date/timestamp, RFC 822 (feeds, mail) or a written date."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    iso = re.match(r"^((?:19|20|21)\d\d)-(\d\d)-(\d\d)(?:$|[T ])", s)
    if iso:
        return _make(*iso.groups())
    try:
        parsed = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    found = full_dates(s)
    if found and found[0][1] <= 12:  # allow a weekday or similar prefix, not prose
        return found[0][0]
    return None


def _dateline(text: str) -> dt.date | None:
    """A dateline date at the start of one of the first lines of text, if any.

    A dateline without a year ("TEHRAN, Feb 7 (Reuters) -") takes the year of the first
    full date in the text with the same month and day, else the first year mentioned in the
    text; with no year anywhere the dateline cannot be dated and is skipped.
    """
    lines = [ln for ln in text[:2000].splitlines() if ln.strip()][:3]
    for line in lines:
        m = DATELINE_RE.match(line)
        if not m:
            continue
        g = m.groupdict()
        full = _from_match(m)
        if full is not None:
            return full
        month = g.get("pm1") or g.get("pm2")
        if month is None:  # a full date naming no real day ("February 30, 2026"): unknown
            return None
        day = g.get("pd1") or g.get("pd2")
        rest = text[text.find(line) + m.end():]
        for d, _s, _e in full_dates(rest[:20000]):
            if d.month == _MONTHS[month.lower().rstrip(".")] and d.day == int(day):
                return d
        year = _YEAR_RE.search(rest)
        if year:
            return _make(year.group(1), month, day)
    return None


def impossible_dateline(text: str) -> str | None:
    """The date text of a dateline at the start of the text that names no real day
    ("TEHRAN, February 30, 2026 -"), else None: the caller warns that the date is unknown."""
    for line in [ln for ln in text[:2000].splitlines() if ln.strip()][:3]:
        m = DATELINE_RE.match(line)
        if not m:
            continue
        g = m.groupdict()
        if any(g.get(y) for y in ("y1", "y2", "y3")):
            real = _from_match(m) is not None
        else:  # no year: impossible in every year, leap years included (2000)
            real = _make(2000, g.get("pm1") or g.get("pm2") or "",
                         g.get("pd1") or g.get("pd2") or "0") is not None
        return None if real else m.group("date")
    return None


def find_date(
    text: str, metadata_date: str | dt.date | None = None
) -> tuple[dt.date | None, DateSource]:
    """The publication date of a text and how it was found.

    Order: a parseable metadata date; else a dateline at the start; else the first full
    date (day, month and year) in the text; else ``(None, "none")``.
    """
    try:
        d = in_range(parse_date(metadata_date))
    except (ValueError, OverflowError):  # impossible parts ("February 30"): not a date
        d = None
    if d is not None:
        return d, "metadata"
    if impossible_dateline(text) is not None:
        # the dateline names no real day: a later date in the text is about something else,
        # so the date stays unknown (the reader warns, README "Bad input")
        return None, "none"
    for how, finder in (("dateline", _dateline), ("text", first_full_date)):
        try:
            d = in_range(finder(text))
        except (ValueError, OverflowError, KeyError):
            d = None
        if d is not None:
            return d, how
    return None, "none"
