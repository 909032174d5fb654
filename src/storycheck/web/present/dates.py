"""Dates as the pages show them."""
from __future__ import annotations

import datetime as dt
import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pretty_date(value: str | None) -> str:
    """'2026-03-10' -> '10 Mar 2026', '2026-03' -> 'Mar 2026'; other forms as they are."""
    if not value:
        return "date unknown"
    if week := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return f"week {int(week[2])}, {week[1]}"
    if quarter := re.fullmatch(r"(\d{4})-Q(\d)", value):
        return f"Q{quarter[2]} {quarter[1]}"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0s"
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match or not 1 <= int(match[2]) <= 12:
        return value
    year, month, day = match[1], MONTHS[int(match[2]) - 1], match[3]
    return f"{int(day)} {month} {year}" if day else f"{month} {year}"


def date_range(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "dates unknown"
    first, last = pretty_date(first), pretty_date(last)
    return first if first == last else f"{first} – {last}"


def months_apart(before: str, after: str) -> bool:
    a, b = as_date(before), as_date(after)
    return bool(a and b and (b - a).days > 60)


def as_date(value: str) -> dt.date | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None
