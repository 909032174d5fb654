"""Finding spans: scan the text once, join clock times to days, date lone ones."""
from __future__ import annotations

import datetime as dt
import re

from ..models import TimeExpression
from .context import Ctx, Hit
from .patterns import OSP, SP
from .rules import CANDIDATE, MASTER, RULES_BY_NAME
from .values import value_range
from .vocabulary import CLOCK_REACH


def scan(text: str, anchor: dt.date | None, exhaustive: bool = False) -> list[Hit]:
    """All accepted rule matches, left to right, non-overlapping.

    Rules are tried only where a candidate word starts (``exhaustive`` tries every
    position instead: same result, slower; for tests).
    """
    hits: list[Hit] = []
    end = 0
    starts = range(len(text)) if exhaustive else (c.start() for c in CANDIDATE.finditer(text))
    for start in starts:
        if start < end:
            continue
        m = MASTER.match(text, start)
        if m is None:
            continue
        rule = RULES_BY_NAME[m.lastgroup]
        ctx = Ctx(text, anchor, m, rule.name, hits)
        if rule.accept is None or rule.accept(ctx):
            hits.append(Hit(m.start(), m.end(), rule.resolve(ctx), rule.kind, rule.name))
            end = m.end()
    return hits


RANGE_DASH = re.compile(rf"{OSP}[-–]{OSP}")


def split_day_ranges(text: str, hits: list[Hit]) -> list[Hit]:
    """'March 3-5, 2025' -> 'March 3' (2025-03-03) and '5, 2025' (2025-03-05); a
    second number that is no later day of the month ('March 5-3') is left out."""
    out: list[Hit] = []
    for hit in hits:
        if hit.kind != "range":
            out.append(hit)
            continue
        dash = RANGE_DASH.search(text, hit.start, hit.end)
        out.append(Hit(hit.start, dash.start(), hit.value, "date", hit.rule))
        first_day = int(re.findall(r"\d+", text[hit.start:dash.start()])[-1])
        last_day = int(re.match(r"\d+", text[dash.end():hit.end]).group())
        last = f"{hit.value[:8]}{last_day:02d}" if hit.value else None
        if first_day < last_day and (last is None or value_range(last)):
            out.append(Hit(dash.end(), hit.end, last, "date", hit.rule))
    return out


JOIN = re.compile(rf"{SP}(?:(?i:on|at){SP})?$")


def join_clock_times(text: str, hits: list[Hit]) -> list[Hit]:
    """'16:00 UTC today', 'Monday at 12:00 UTC': a clock time joins an adjacent day."""
    out: list[Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        if prev and {prev.kind, hit.kind} == {"clock", "date"} \
                and JOIN.match(text, prev.end, hit.start) and _day_value(prev, hit):
            out[-1] = Hit(prev.start, hit.end, _day_value(prev, hit), "date")
        else:
            out.append(hit)
    return out


def _day_value(a: Hit, b: Hit) -> str | None:
    value = a.value if a.kind == "date" else b.value
    return value if value is not None and len(value) == 10 else None


def date_lone_clock_times(text: str, hits: list[Hit], anchor: dt.date | None) -> None:
    """A lone clock time takes the nearest day in its paragraph, else the anchor."""
    for i, hit in enumerate(hits):
        if hit.kind != "clock":
            continue
        days = [h for h in hits if h.kind == "date" and h.value and len(h.value) == 10
                and "\n" not in text[min(h.end, hit.end):max(h.start, hit.start)]
                and abs(h.start - hit.start) <= CLOCK_REACH]
        if days:
            hit.value = min(days, key=lambda h: abs(h.start - hit.start)).value
        elif anchor is not None:
            hit.value = anchor.isoformat()


def find_time_expressions(text: str, anchor: dt.date | None) -> list[TimeExpression]:
    """Time expressions of ``text``, sorted by start, with values resolved against ``anchor``."""
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    hits = join_clock_times(text, split_day_ranges(text, scan(text, anchor)))
    date_lone_clock_times(text, hits, anchor)
    return [TimeExpression(h.start, h.end, text[h.start:h.end], h.value) for h in hits]

