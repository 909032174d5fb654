"""TIMEX3-style values: the one place that formats, parses, shifts and compares them.

The values this package produces (see the package notes) are calendar strings:

=========  ================  =======================================
kind       example           covers
=========  ================  =======================================
century    ``19``            1900-1999 ("the 20th century")
decade     ``199``           1990-1999
year       ``2025``          the year
half       ``2025-H1``       January-June
quarter    ``2025-Q3``       July-September
season     ``2025-SU``       June-August (meteorological; WI runs into the next year)
month      ``2025-04``       the month
week       ``2025-W16``      ISO week, Monday-Sunday
weekend    ``2025-W16-WE``   its Saturday and Sunday
day        ``2025-04-27``    the day
=========  ================  =======================================

``parse_value`` reads one into a ``TimexValue``; ``value_range`` gives the first
and last day it covers, which is how values of different granularity are
compared (``compare_values``) and how a timeline is sorted.  Anything else
(``PRESENT_REF``, ``XXXX-04``, a duration ``P2W``) parses to ``None``.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .patterns import WORD_CLOCK
from .vocabulary import NUMBER_WORDS

SEASON_START_MONTH = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                       "Nov", "Dec")
SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}

# kind, pattern; the groups are (year or its leading digits, number within the year)
_FORMS = (
    ("day", re.compile(r"(\d{4})-(\d\d)-(\d\d)")),
    ("weekend", re.compile(r"(\d{4})-W(\d\d)-WE")),
    ("week", re.compile(r"(\d{4})-W(\d\d)")),
    ("month", re.compile(r"(\d{4})-(\d\d)")),
    ("quarter", re.compile(r"(\d{4})-Q([1-4])")),
    ("half", re.compile(r"(\d{4})-H([12])")),
    ("season", re.compile(r"(\d{4})-(SP|SU|FA|WI)")),
    ("year", re.compile(r"(\d{4})")),
    ("decade", re.compile(r"(\d{3})")),
    ("century", re.compile(r"(\d{2})")),
)


@dataclass(frozen=True)
class TimexValue:
    """A parsed value: its kind, its year (or leading digits) and its part of the year."""

    kind: str
    year: int  # the year; for a decade its first three digits, for a century two
    part: int | str | None = None  # month, week, quarter, half, day's month; season code
    day: int | None = None

    def format(self) -> str:
        if self.kind == "day":
            return f"{self.year:04d}-{self.part:02d}-{self.day:02d}"
        if self.kind in ("month", "week", "weekend"):
            week = "W" if self.kind != "month" else ""
            return f"{self.year:04d}-{week}{self.part:02d}" + ("-WE" if self.kind == "weekend"
                                                                else "")
        if self.kind in ("quarter", "half"):
            return f"{self.year:04d}-{self.kind[0].upper()}{self.part}"
        if self.kind == "season":
            return f"{self.year:04d}-{self.part}"
        width = {"year": 4, "decade": 3, "century": 2}[self.kind]
        return f"{self.year:0{width}d}"


def parse_value(value: str | None) -> TimexValue | None:
    """'2025-W16' -> TimexValue('week', 2025, 16); None for anything not a calendar value."""
    for kind, pattern in _FORMS:
        m = pattern.fullmatch(value or "")
        if m:
            parsed = _parsed(kind, m.groups())
            return parsed if parsed is not None and _range(parsed) is not None else None
    return None


def _parsed(kind: str, groups: tuple[str, ...]) -> TimexValue | None:
    year = int(groups[0])
    if kind == "day":
        return TimexValue(kind, year, int(groups[1]), int(groups[2]))
    if kind == "season":
        return TimexValue(kind, year, groups[1])
    return TimexValue(kind, year, int(groups[1]) if len(groups) > 1 else None)


# ---------------------------------------------------------------- formatting


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def fmt_quarter(index: int) -> str:
    """Quarter from its ordinal year*4 + (quarter - 1)."""
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def describe_value(value: str | None) -> str:
    """For readers: '2026-03-10' -> '10 Mar 2026', '2026-W11' -> 'week 11, 2026'."""
    parsed = parse_value(value)
    if parsed is None:
        return value or "date unknown"
    kind, year, part = parsed.kind, parsed.year, parsed.part
    if kind == "day":
        return f"{parsed.day} {MONTH_ABBREVIATIONS[part - 1]} {year}"
    if kind == "month":
        return f"{MONTH_ABBREVIATIONS[part - 1]} {year}"
    if kind in ("week", "weekend"):
        return f"{'weekend of ' if kind == 'weekend' else ''}week {part}, {year}"
    if kind in ("quarter", "half"):
        return f"{kind[0].upper()}{part} {year}"
    if kind == "season":
        return f"{SEASON_NAMES[part]} {year}"
    return {"year": f"{year}", "decade": f"{year}0s", "century": f"{year}00s"}[kind]


# ---------------------------------------------------------------- arithmetic


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a value by n units at the unit's granularity; None if it is coarser.

    A day moves by days, weeks (to a week), months (to a month) or years (to a
    year); a week by weeks; a quarter by quarters; anything with a year by years.
    """
    parsed = parse_value(value)
    if parsed is None or parsed.kind in ("decade", "century"):
        return None
    if unit == "day":
        return (value_range(value)[0] + dt.timedelta(days=n)).isoformat() \
            if parsed.kind == "day" else None
    if unit == "week":
        if parsed.kind not in ("day", "week"):
            return None
        return fmt_week(value_range(value)[0] + dt.timedelta(weeks=n))
    if unit == "month":
        if parsed.kind not in ("day", "month"):
            return None
        return fmt_month(*shift_month(parsed.year, parsed.part, n))
    if unit == "quarter":
        return fmt_quarter(parsed.year * 4 + parsed.part - 1 + n) \
            if parsed.kind == "quarter" else None
    if unit == "year":
        return str(parsed.year + n)
    return None


def same_period_years_back(value: str, years: int) -> str | None:
    """'1989-Q3', 1 -> '1988-Q3': the same part of the year, ``years`` earlier."""
    parsed = parse_value(value)
    if parsed is None or parsed.kind not in ("year", "half", "quarter", "season", "month"):
        return None
    return TimexValue(parsed.kind, parsed.year - years, parsed.part).format()


# ---------------------------------------------------------------- ranges and order


def value_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day a value covers: '2025-W16' and '2025-04-15' can then be
    compared, and a timeline sorted, whatever their granularity."""
    parsed = parse_value(value)
    return _range(parsed) if parsed is not None else None


def _range(v: TimexValue) -> tuple[dt.date, dt.date] | None:
    try:
        if v.kind == "day":
            day = dt.date(v.year, v.part, v.day)
            return day, day
        if v.kind in ("week", "weekend"):
            first = dt.date.fromisocalendar(v.year, v.part, 6 if v.kind == "weekend" else 1)
            return first, first + dt.timedelta(days=1 if v.kind == "weekend" else 6)
        if v.kind in ("month", "quarter", "half", "season"):
            months = {"month": 1, "quarter": 3, "half": 6, "season": 3}[v.kind]
            first = SEASON_START_MONTH[v.part] if v.kind == "season" \
                else (v.part - 1) * months + 1
            end_year, end_month = shift_month(v.year, first, months - 1)
            return (dt.date(v.year, first, 1),
                    dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))
        span = {"year": 1, "decade": 10, "century": 100}[v.kind]
        first_year = v.year * span
        return dt.date(max(first_year, 1), 1, 1), dt.date(first_year + span - 1, 12, 31)
    except ValueError:
        return None


def compare_values(a: str | None, b: str | None) -> int | None:
    """-1 if ``a`` ends before ``b`` begins, 1 if after, 0 if they overlap, None if
    either is not a calendar value ('2025' and '2025-04-27' overlap)."""
    range_a, range_b = value_range(a), value_range(b)
    if range_a is None or range_b is None:
        return None
    if range_a[1] < range_b[0]:
        return -1
    if range_b[1] < range_a[0]:
        return 1
    return 0


_CLOCK = re.compile(r"(?<![\d:.])(?:(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?[^\S\n]*"
                    r"(?P<ampm>[ap])\.?m\b\.?|(?P<h24>[01]?\d|2[0-3]):(?P<m24>[0-5]\d))",
                    re.IGNORECASE)
_CLOCK_WORDS = {"noon": 12 * 60, "midday": 12 * 60, "midnight": 0}
_WORD_CLOCK = re.compile(WORD_CLOCK)


def clock_minutes(text: str) -> int | None:
    """Minutes after midnight of the first clock time in a time expression's words
    ("2:40 p.m. Saturday" -> 880, "16:00 UTC" -> 960, "noon" -> 720), else None.
    Values stay at day granularity (MEANTIME's convention); this reads the clock."""
    found = _CLOCK.search(text)
    if found is None:
        return _word_clock_minutes(text)
    if found.group("h24"):
        return int(found.group("h24")) * 60 + int(found.group("m24"))
    hour = int(found.group("h12")) % 12 + (12 if found.group("ampm").lower() == "p" else 0)
    return hour * 60 + int(found.group("m12") or 0)


def _word_clock_minutes(text: str) -> int | None:
    """'noon', 'half past three in the morning' (210), 'a quarter to twelve at night'
    (1425); None for 'three o'clock', which may be morning or afternoon."""
    word = re.search(r"\b(noon|midday|midnight)\b", text, re.IGNORECASE)
    if word:
        return _CLOCK_WORDS[word.group(1).lower()]
    found = _WORD_CLOCK.search(text)
    if found is None or not found.group("part"):
        return None
    said = found.group("hour").lower()
    hour = (int(said) if said.isdigit() else NUMBER_WORDS[said]) % 12
    part = found.group("part").lower().split()[-1]
    if part in ("afternoon", "evening") or (part == "night" and hour >= 6):
        hour += 12
    minutes = hour * 60
    if found.group("frac"):
        step = 30 if found.group("frac").lower() == "half" else 15
        minutes += step if found.group("rel").lower() in ("past", "after") else -step
    return minutes % (24 * 60)


def clock_gap(a: int, b: int) -> int:
    """Minutes between two clock times, the short way round midnight."""
    gap = abs(a - b) % (24 * 60)
    return min(gap, 24 * 60 - gap)
