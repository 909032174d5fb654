"""TIMEX3-style values: format, parse, shift and the days a value covers."""
from __future__ import annotations

import calendar
import datetime as dt
import re


def fmt_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def fmt_week(d: dt.date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def fmt_quarter(index: int) -> str:
    return f"{index // 4:04d}-Q{index % 4 + 1}"


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def shift_value(value: str, unit: str, n: int) -> str | None:
    """Move a calendar value by n units, at the unit's granularity; None if it lacks it."""
    day = safe_date(int(value[:4]), int(value[5:7]), int(value[8:10])) \
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value) else None
    if unit == "day":
        return (day + dt.timedelta(days=n)).isoformat() if day else None
    if unit == "week":
        week = re.fullmatch(r"(\d{4})-W(\d\d)", value)
        if week:
            day = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
        return fmt_week(day + dt.timedelta(weeks=n)) if day else None
    if unit == "month":
        month = re.match(r"(\d{4})-(\d\d)(?:-|$)", value)
        return fmt_month(*shift_month(int(month[1]), int(month[2]), n)) if month else None
    if unit == "quarter":
        quarter = re.fullmatch(r"(\d{4})-Q([1-4])", value)
        return fmt_quarter(int(quarter[1]) * 4 + int(quarter[2]) - 1 + n) if quarter else None
    if unit == "year":
        return str(int(value[:4]) + n) if re.match(r"\d{4}", value) else None
    return None


_VALUE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-W(\d{2})$"), "week"),
    (re.compile(r"^(\d{4})-W(\d{2})-WE$"), "weekend"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(SP|SU|FA|WI)$"), "season"),
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{3})$"), "decade"),
)


def value_range(value: str) -> tuple[dt.date, dt.date] | None:
    """First and last day a normalised value covers: '2025-W16' and '2025-04-15'
    can then be compared, and a timeline sorted, whatever their granularity."""
    for pattern, form in _VALUE_FORMS:
        m = pattern.match(value)
        if m:
            return _range_of(form, m.groups())
    return None


def _range_of(form: str, parts: tuple[str, ...]) -> tuple[dt.date, dt.date] | None:
    year = int(parts[0])
    try:
        if form == "day":
            day = dt.date(year, int(parts[1]), int(parts[2]))
            return day, day
        if form == "week":
            monday = dt.date.fromisocalendar(year, int(parts[1]), 1)
            return monday, monday + dt.timedelta(days=6)
        if form == "weekend":
            saturday = dt.date.fromisocalendar(year, int(parts[1]), 6)
            return saturday, saturday + dt.timedelta(days=1)
        if form == "month":
            month = int(parts[1])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if form == "quarter":
            first = 3 * int(parts[1]) - 2
            return dt.date(year, first, 1), dt.date(year, first + 2,
                                                     calendar.monthrange(year, first + 2)[1])
        if form == "season":  # meteorological seasons; winter runs into the next year
            start = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[parts[1]]
            end_year, end_month = shift_month(year, start, 2)
            return (dt.date(year, start, 1),
                    dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1]))
        if form == "year":
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        return dt.date(year * 10, 1, 1), dt.date(year * 10 + 9, 12, 31)
    except ValueError:
        return None

