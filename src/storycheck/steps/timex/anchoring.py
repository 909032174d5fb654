"""Resolution against the anchor (publication date): which occurrence is meant."""
from __future__ import annotations

import calendar
import datetime as dt

from .values import fmt_month, fmt_week, safe_date
from .vocabulary import MONTHS, NUMBER_WORDS, ORDINALS


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def nearest_year(anchor: dt.date, month: int, day: int) -> dt.date | None:
    """The date with that month and day nearest to the anchor."""
    candidates = [safe_date(anchor.year + k, month, day) for k in (0, -1, 1)]
    candidates = [c for c in candidates if c is not None]
    return min(candidates, key=lambda c: abs((c - anchor).days)) if candidates else None


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


def period_nearest(current: int, index: int, size: int, future: bool) -> int:
    """The next occurrence if the sentence looks ahead, else the nearest one (ties: past)."""
    ahead = period_occurrence(current, index, size, True, False)
    if future:
        return ahead
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
