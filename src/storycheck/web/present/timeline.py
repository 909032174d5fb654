"""The story page's timeline chart: geometry for an SVG drawn by the template."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .dates import months_apart, pretty_date


@dataclass(frozen=True)
class TimelineDot:
    x: float
    y: float
    r: float
    status: str
    index: int  # position in the event list below the chart
    label: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    axis_y: int
    ticks: tuple[tuple[float, str, bool], ...]  # x, label, whether a gap precedes it
    dots: tuple[TimelineDot, ...]
    more: tuple[tuple[float, float, str], ...] = ()  # x, y, "+N" over a full stack

STACK = 6  # dots drawn one above another for one date; more show as "+N"


def timeline_chart(events: Sequence, statuses: dict[str, str]) -> TimelineChart | None:
    """Dates on an ordinal axis (a gap mark where over 60 days pass), one dot per event,
    events of the same date stacked (at most ``STACK``, then "+N"); a dot's size grows
    with the reports that date it."""
    if not events:
        return None
    dates = list(dict.fromkeys(e.date for e in events))
    step, left, top = 88, 50, 22
    stacks = Counter(e.date for e in events)
    rows = min(max(stacks.values()), STACK)
    axis_y = top + rows * 22 + 8
    x_of = {d: left + i * step for i, d in enumerate(dates)}
    ticks = tuple((x_of[d], pretty_date(d), i > 0 and months_apart(dates[i - 1], d))
                  for i, d in enumerate(dates))
    more = tuple((x_of[d], axis_y - 6 - STACK * 22, f"+{n - STACK}")
                 for d, n in stacks.items() if n > STACK)
    seen: Counter = Counter()
    dots = []
    for index, e in enumerate(events):
        seen[e.date] += 1
        if seen[e.date] > STACK:
            continue
        radius = min(5 + 1.5 * len({c.document for c in e.support}), 10)
        dots.append(TimelineDot(x_of[e.date], axis_y - 6 - seen[e.date] * 22 + 11, radius,
                                statuses.get(e.claim, "single-source"), index,
                                f"{pretty_date(e.date)}: {e.text}"))
    width = left * 2 + step * (len(dates) - 1)
    return TimelineChart(max(width, 320), axis_y + 70, axis_y, ticks, tuple(dots), more)
