"""A text cut into runs for highlighting: plain text, claims (with their
status), and a focused passage inside them, split into paragraphs.

The web's document page uses it; ``outputs.brief``'s self-contained HTML
report cuts its runs with it too.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A piece of a document's text: plain, a claim (with status) or the focused passage."""

    text: str
    status: str | None = None
    claim: str | None = None
    focus: bool = False
    start: int = 0


def highlight_runs(text: str, marks: Iterable[tuple[int, int, str | None, str | None]]) -> list[Run]:
    """``text`` as runs; ``marks`` are sorted (start, end, status, claim id), and a
    mark that overlaps the previous one is left out."""
    runs, cursor = [], 0
    for start, end, status, claim in marks:
        if start < cursor:
            continue
        runs.append(Run(text[cursor:start], start=cursor))
        runs.append(Run(text[start:end], status, claim, start=start))
        cursor = end
    runs.append(Run(text[cursor:], start=cursor))
    return runs


def with_focus(runs: list[Run], start: int, end: int) -> list[Run]:
    """The runs with ``start:end`` cut out of them and marked as the focus."""
    out = []
    for run in runs:
        a, b = run.start, run.start + len(run.text)
        if b <= start or a >= end:
            out.append(run)
            continue
        lo, hi = max(a, start), min(b, end)
        pieces = ((a, lo, False), (lo, hi, True), (hi, b, False))
        out += [Run(run.text[x - a:y - a], run.status, run.claim, focus, x)
                for x, y, focus in pieces if y > x]
    return out


def split_paragraphs(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped by paragraph (a newline ends one); empty paragraphs dropped."""
    paragraphs: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for n, part in enumerate(parts):
            if n:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Run(part, run.status, run.claim, run.focus, run.start))
    return [p for p in paragraphs if p]
