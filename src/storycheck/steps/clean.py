"""Clean one raw report into a ``Document``: drop lines that are not reporting.

Every dropped line is kept in ``Document.removed`` with its reason, so a reader
can see what was taken out and why.
"""
from __future__ import annotations

import re

from ..models import Document, RawDocument, Removed, Span
from ..textkeys import fold
from .clean_rules import (BULLET, CLICK_TO_TWEET, CONTACT_HEADER, DATELINE, FINAL_PUNCTUATION,
                          LINE_RULES, NOT_DATELINE, OTHER_STORIES_HEADER, RELATED_HEADER)

MAX_HEADING_WORDS = 12
MAX_RELATED_LINKS = 12  # headline-like lines dropped after a "Related:" header
MAX_CONTACT_LINES = 6  # short lines dropped after "Contact Information:"
HEADING_END = ".!?,;:\"”’…。！？"


def clean_document(raw: RawDocument) -> Document:
    """Remove promos, debris, repeated headlines and headings; flag truncation."""
    paragraphs = split_paragraphs(raw.text)
    removed: list[Removed] = []
    kept: list[tuple[str, bool]] = []  # (text, is_summary_bullet)
    seen: set[str] = set()
    author = raw.author
    title_key = fold(raw.title or "")
    in_related = 0  # lines still to inspect after a related-links or contact header
    run_reason = "related-link"  # ... and why the short lines under it go
    for index, line in enumerate(paragraphs):
        if OTHER_STORIES_HEADER.match(line):
            # the page appended other stories after this header: none of it is this report
            removed.extend(Removed(rest, "other-story") for rest in paragraphs[index:])
            break
        reason = classify_line(line, index, paragraphs, title_key, seen)
        if not reason and in_related:
            if is_link_headline(line):
                reason, in_related = run_reason, in_related - 1
            else:
                in_related = 0
        if RELATED_HEADER.match(line):
            reason, in_related, run_reason = reason or "promo", MAX_RELATED_LINKS, "related-link"
        elif CONTACT_HEADER.match(line):
            reason, in_related, run_reason = "contact", MAX_CONTACT_LINES, "contact"
        seen.add(fold(line))
        if reason:
            removed.append(Removed(line, reason))
            if reason == "byline" and not author:
                author = re.sub(r"^\s*by\s+", "", line, flags=re.IGNORECASE).split(",")[0].strip()
            continue
        line, dateline = split_dateline(line)
        if dateline:
            removed.append(Removed(dateline, "dateline"))
        bullet = BULLET.match(line)
        kept.append((line[bullet.end():] if bullet else line, bool(bullet)))
    text, summary = _join(kept)
    return Document(
        id=raw.id, source=raw.source, text=text, title=raw.title, outlet=raw.outlet,
        published=raw.published, author=author, url=raw.url,
        truncated=is_truncated(text), removed=tuple(removed), summary=tuple(summary))


def classify_line(line: str, index: int, lines: list[str], title_key: str,
                  seen: set[str]) -> str | None:
    """Why ``line`` is not reporting, or None to keep it."""
    key = fold(line)
    if not key:
        return "debris"
    if title_key and key == title_key:
        return "repeated-headline"
    if key in seen and is_repeat(line, index, lines):
        return "duplicate-line"
    for reason, pattern in LINE_RULES:
        if pattern.match(line):
            return reason
    if is_heading(line, index, lines):
        return "section-heading"
    return None


def is_heading(line: str, index: int, lines: list[str]) -> bool:
    """A short unpunctuated line followed by a longer paragraph."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or BULLET.match(line):
        return False
    if line[-1] in HEADING_END or not line[0].isupper() or "@" in line:
        return False  # a sentence, a lead-in ("Here's why:"), or a handle
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if len(following.split()) <= len(words) or BULLET.match(following):
        return False  # the last line, or a line before a list: likely text cut short
    if not _is_paragraph(following):
        return False  # a heading opens a paragraph; short lines in a row are a list
    previous = lines[index - 1] if index else ""
    if previous and not _is_paragraph(previous) and len(previous.split()) <= MAX_HEADING_WORDS \
            and _shape(previous) == _shape(line):
        return False  # one item of a run of similar short lines (dates, scores)
    capitalised = sum(w[0].isupper() for w in words if w[0].isalpha())
    return len(words) <= 6 or capitalised / len(words) >= 0.5


def is_repeat(line: str, index: int, lines: list[str]) -> bool:
    """A seen line is dropped only where repeating it adds nothing: the same line
    twice in a row (a doubled extraction) or a long sentence shown again (a pull
    quote). Short repeated lines -- "Meal 1", a recurring interview question -- are
    structure of the piece and stay."""
    previous = lines[index - 1] if index else ""
    return fold(previous) == fold(line) or len(line.split()) >= 25


def is_link_headline(line: str) -> bool:
    """A line under a related-links header that reads like another story's headline."""
    words = line.split()
    if not words or len(words) > 20 or len(line) > 160:
        return False
    return line.rstrip()[-1] not in ".:;,"


def split_dateline(line: str) -> tuple[str, str | None]:
    """Strip a leading 'CITY, Month D (Agency) -' dateline from a paragraph."""
    match = DATELINE.match(line)
    if not match or len(line) - match.end() < 20:
        return line, None
    dateline = match.group("dateline")
    letters = [c for c in dateline if c.isalpha()]
    head = dateline.split(",")[0]
    if not head.isupper() or len(letters) < 3 or NOT_DATELINE.match(dateline):
        return line, None  # datelines open with the place in capitals
    return line[match.end():], dateline.strip()


ELLIPSIS = ("...", "…", "[…]", "[...]")  # where a page cut the text short


def is_truncated(text: str) -> bool:
    """True when the text ends mid-sentence (no closing punctuation)."""
    tail = text.rstrip()
    if not tail:
        return False
    if tail.endswith(ELLIPSIS):
        return True
    return tail[-1] not in FINAL_PUNCTUATION


def _join(kept: list[tuple[str, bool]]) -> tuple[str, list[Span]]:
    parts, summary, offset = [], [], 0
    for text, is_summary in kept:
        if is_summary:
            summary.append(Span(offset, offset + len(text)))
        parts.append(text)
        offset += len(text) + 1
    return "\n".join(parts), summary


def split_paragraphs(text: str) -> list[str]:
    """The non-empty lines of a raw text, tidied: what cleaning judges one by one."""
    return [p for p in map(_tidy, text.splitlines()) if p]


def _tidy(line: str) -> str:
    """Strip a line and the layout debris at its edges: table pipes left by a page
    laid out in a table, a "Click To Tweet" button glued to a pull quote."""
    line = line.strip()
    if line.startswith("|") or line.endswith("|"):
        if not re.search(r"\w\s*\|\s*\w", line):
            line = line.strip("| \t")  # not a table row: the pipes are debris
    return CLICK_TO_TWEET.sub("", line).strip()


def _is_paragraph(line: str) -> bool:
    """Running text: a sentence ending in punctuation, or a long line."""
    line = line.rstrip()
    return bool(line) and (line[-1] in FINAL_PUNCTUATION + "。！？" or len(line.split()) > 20)


def _shape(line: str) -> tuple[bool, bool]:
    """Coarse look of a short line: does it hold a digit, is it all capitals."""
    return any(c.isdigit() for c in line), line.isupper()
