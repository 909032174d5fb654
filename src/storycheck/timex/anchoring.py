"""Resolution against the anchor (publication date): which occurrence is meant."""
from __future__ import annotations

import calendar
import datetime as dt

from .values import fmt_month, fmt_week, safe_date
from .vocabulary import HOLIDAYS, NEAR_DAYS, NEAR_MONTHS, MONTHS, NUMBER_WORDS, ORDINALS


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def month_day_occurrence(anchor: dt.date, month: int, day: int, tense: str | None,
                         weekday: int | None = None) -> dt.date | None:
    """The year of a month and day without one: the nearest such date when it is
    within ``NEAR_DAYS`` of the anchor; farther, the next one if the sentence looks
    ahead, the last one if it looks back, else the nearest.  A weekday named with
    it ('Monday, April 27') picks the year where the date falls on that day."""
    candidates = [c for k in (-1, 0, 1) if (c := safe_date(anchor.year + k, month, day))]
    if weekday is not None and any(c.weekday() == weekday for c in candidates):
        candidates = [c for c in candidates if c.weekday() == weekday]
    return yearly_occurrence(anchor, candidates, tense)


def yearly_occurrence(anchor: dt.date, candidates: list[dt.date], tense: str | None
                      ) -> dt.date | None:
    """Which of a yearly date's occurrences (one per year around the anchor) is
    meant: the nearest within ``NEAR_DAYS``; farther, the tense decides."""
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((c - anchor).days))
    if abs((nearest - anchor).days) <= NEAR_DAYS:
        return nearest
    if tense == "future" and any(c >= anchor for c in candidates):
        return min(c for c in candidates if c >= anchor)
    if tense == "past" and any(c <= anchor for c in candidates):
        return max(c for c in candidates if c <= anchor)
    return nearest


def holiday_date(name: str, year: int) -> dt.date | None:
    """The day a holiday of ``HOLIDAYS`` falls on in a year."""
    rule = HOLIDAYS[name]
    if rule[0] == "fixed":
        return safe_date(year, rule[1], rule[2])
    if rule[0] == "easter":
        return easter_sunday(year) + dt.timedelta(days=rule[1])
    _, month, weekday, nth, offset = rule
    if nth > 0:
        first = dt.date(year, month, 1)
        day = first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    else:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        day = last - dt.timedelta(days=(last.weekday() - weekday) % 7)
    return day + dt.timedelta(days=offset)


def easter_sunday(year: int) -> dt.date:
    """Gregorian Easter (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return dt.date(year, month, day + 1)


def month_by_tense(anchor: dt.date, month: int, tense: str | None) -> str:
    """A bare month: the next one if the sentence looks ahead, the last one begun by
    the anchor if it looks back; with no cue, the coming one only when it is at most
    ``NEAR_MONTHS`` ahead (news names the next month or two ahead of time), else the
    last one."""
    if tense is not None:
        return month_occurrence(anchor, month, future=tense == "future")
    ahead = (month - anchor.month) % 12
    return month_occurrence(anchor, month, future=0 < ahead <= NEAR_MONTHS)


def month_occurrence(anchor: dt.date, month: int, future: bool, strict: bool = False) -> str:
    """Most recent (or next) given month relative to the anchor's month."""
    if future:
        ahead = month > anchor.month or (month == anchor.month and not strict)
        return fmt_month(anchor.year if ahead else anchor.year + 1, month)
    behind = month < anchor.month or (month == anchor.month and not strict)
    return fmt_month(anchor.year if behind else anchor.year - 1, month)


def weekday_occurrence(anchor: dt.date, weekday: int, future: bool, strict: bool = False
                       ) -> dt.date:
    """Most recent (or next) given weekday, on or (strict) strictly before/after the anchor."""
    if future:
        ahead = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=ahead or (7 if strict else 0))
    back = (anchor.weekday() - weekday) % 7
    return anchor - dt.timedelta(days=back or (7 if strict else 0))


def period_occurrence(current: int, index: int, size: int, future: bool, strict: bool) -> int:
    """Ordinal (year*size + index) of the most recent / next period with that index."""
    base = current - current % size + index
    if future:
        return base if base > current or (base == current and not strict) else base + size
    return base if base < current or (base == current and not strict) else base - size


def period_nearest(current: int, index: int, size: int) -> int:
    """The occurrence nearest to the current period (ties: the past one)."""
    ahead = period_occurrence(current, index, size, True, False)
    behind = period_occurrence(current, index, size, False, False)
    return ahead if ahead - current < current - behind else behind


def week_of_month(year: int, month: int, which: str) -> str:
    """ISO week holding most of the first/second/.../last week of a month."""
    if which in ("last", "final"):
        day = dt.date(year, month, calendar.monthrange(year, month)[1]) - dt.timedelta(days=3)
    else:
        day = dt.date(year, month, 4) + dt.timedelta(weeks=ORDINALS[which] - 1)
    return fmt_week(day)


def two_digit_year(anchor: dt.date | None, yy: int) -> int | None:
    """The latest year ending in yy no more than ten years after the anchor."""
    if anchor is None:
        return None
    year = (anchor.year + 10) // 100 * 100 + yy
    return year if year <= anchor.year + 10 else year - 100


def number_value(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def anchor_quarter(anchor: dt.date) -> int:
    return anchor.year * 4 + (anchor.month - 1) // 3


def anchor_season(anchor: dt.date) -> int:
    """Ordinal of the anchor's season; winter belongs to the year of its December."""
    return (anchor.year - (anchor.month < 3)) * 4 + (anchor.month - 3) % 12 // 3
