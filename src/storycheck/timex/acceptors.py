"""Acceptors: context tests that veto a rule match ('May' the verb, '2000 people')."""
from __future__ import annotations

import calendar
import re

from .anchoring import month_number
from .context import Ctx
from .patterns import SP
from .resolvers import resolve_iso, year_of
from .vocabulary import (
    COUNTED_NOUNS, DATE_TRIGGERS, LABEL_WORDS, MAY_TRIGGERS, MONTHS, MONTH_TRIGGERS,
    NOT_PLURAL, QUANTITY_WORDS, STRONG_TRIGGERS, UNAMBIGUOUS_MONTHS,
)


def accept_iso(ctx: Ctx) -> bool:
    return resolve_iso(ctx) is not None


def accept_numeric(ctx: Ctx) -> bool:
    a, b, y = int(ctx.g("a")), int(ctx.g("b")), ctx.g("y")
    if ctx.g("sep") == "." and len(y) != 4:
        return False  # '1.2.10' is a version number
    plausible = 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return plausible and (len(y) == 2 or 1800 <= int(y) <= 2100)


def accept_month_day(ctx: Ctx) -> bool:
    month, day = month_number(ctx.g("mon")), int(ctx.g("day"))
    return 1 <= day <= calendar.monthrange(2000, month)[1]


def accept_bare_month(ctx: Ctx) -> bool:
    """A month name alone is a date after a trigger word or a modifier ('in May')."""
    name = ctx.g("mon")
    if ctx.g("mod") or name in UNAMBIGUOUS_MONTHS:
        return True
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in (MAY_TRIGGERS if name == "May" else MONTH_TRIGGERS)


def accept_short_decade(ctx: Ctx) -> bool:
    """'80s' needs 'the', an apostrophe, a modifier or a decade just before ('70s and 80s')."""
    if ctx.match.group(0)[0] in "'‘’tTeEmMlL":
        return True
    last = ctx.history[-1] if ctx.history else None
    return bool(last and last.value and len(last.value) == 3
                and re.fullmatch(rf"{SP}(?:and|or|to|through){SP}",
                                 ctx.text[last.end:ctx.match.start()]))


def accept_short_year(ctx: Ctx) -> bool:
    prev = ctx.prev_words(1)
    return bool(prev) and (prev[-1] in STRONG_TRIGGERS or prev[-1] in ("of", "class"))


def accept_season(ctx: Ctx) -> bool:
    """'fall' and 'spring' are common words: require a year, 'last/next/this' or a trigger."""
    if year_of(ctx) or ctx.g("rel"):
        return True
    if re.match(r"[^\S\n]+(?:of|in)\b", ctx.next_text()):
        return False  # 'the fall of Rome', 'the spring in his step'
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in STRONG_TRIGGERS


def accept_year(ctx: Ctx) -> bool:
    """A bare four-digit number is a year unless its context makes it a quantity or a label."""
    prev_char, after = ctx.prev_char(), ctx.next_text()
    if prev_char in "$£€¥#" or re.match(r"[.,]\d|[^\S\n]*(?:%|-[a-z])", after):
        return False
    if prev_char in "-–" and not re.search(r"\d[-–]$", ctx.before(6)):
        return False
    prev = ctx.prev_words(2)
    last = prev[-1].strip("'\"(`") if prev else ""
    if last in QUANTITY_WORDS or last in LABEL_WORDS:
        return False
    if last in STRONG_TRIGGERS or last in MONTHS:
        return True
    return not counted_noun_follows(after) and not inside_name(ctx, after)


def inside_name(ctx: Ctx, after: str) -> bool:
    """'Russell 2000 Index', 'Windows 2000 Server': capitalised words on both sides."""
    word, sentence_start = ctx.word_before()
    return (word[:1].isupper() and not sentence_start and word.lower() not in DATE_TRIGGERS
            and re.match(r"[^\S\n]+[A-Z][a-z]", after) is not None)


def counted_noun_follows(after: str) -> bool:
    m = re.match(r"[^\S\n]+([a-z]+)\b", after)
    if not m:
        return False
    word = m.group(1)
    if word in COUNTED_NOUNS:
        return True
    return word.endswith("s") and len(word) > 3 and word not in NOT_PLURAL


def accept_fiscal(ctx: Ctx) -> bool:
    return len(ctx.g("year")) == 2 or 1800 <= int(ctx.g("year")) <= 2100


# Words after which a bare clock time ('16:00', 'three in the morning') is one.
TIME_SETTERS = frozenset({"at", "by", "until", "till", "before", "after", "around", "about",
                          "from", "since"})


def accept_clock(ctx: Ctx) -> bool:
    """'16:00 UTC', '6:40 p.m.' always; a plain '16:00' only after 'at', 'by', 'until'..."""
    if ctx.g("zone") or ctx.g("ampm"):
        return True
    if ctx.g("sep") != ":":
        return False  # '3.45' alone is a number
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in TIME_SETTERS


def accept_clock_words(ctx: Ctx) -> bool:
    """'half past three', 'ten o'clock' always; 'three in the morning' only after a
    word that sets a time ('at', 'around', 'after'...): 'arrested three in the
    morning raid' counts people."""
    if ctx.g("frac") or ctx.g("oclock"):
        return True
    if not ctx.g("part"):
        return False
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in TIME_SETTERS


def accept_holiday(ctx: Ctx) -> bool:
    """Holiday names are proper nouns: capitalised ('Christmas', not 'christmas tree')."""
    return ctx.g("hol")[0].isupper()
