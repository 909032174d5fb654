"""Rule-based time-expression tagger and resolver for English news text.

``find_time_expressions(text, anchor)`` returns the time expressions of ``text``
sorted by start and non-overlapping, each with exact character offsets and a
TimeML-style value resolved against ``anchor`` (the publication date).

Values
------
* calendar values, each a prefix of the ISO dates it covers, so that '2025'
  and '2025-04-27' are compatible by ``startswith``: year ``2025``, month
  ``2025-04``, day ``2025-04-27``, decade ``199`` ("the 1990s"), century ``19``
  ("the 20th century");
* the TimeML period values MEANTIME uses: ISO week ``2025-W16`` ("last week"),
  weekend ``2025-W16-WE``, quarter ``2025-Q1``, half ``2025-H1``, season
  ``2025-SP``/``SU``/``FA``/``WI``;
* ``None`` when it cannot be resolved without guessing: a deictic expression
  ("yesterday", "last week", "Sunday", "April 27") with ``anchor=None``, an
  anaphoric one ("that day", "the previous year") with no earlier date to lean
  on, an ambiguous numeric date ("04/05/2025"), a fiscal year, a named day
  ("Black Monday").

Vague references ("now", "currently", "recently", "the future") are *not*
tagged: MEANTIME gives them PRESENT_REF/PAST_REF/FUTURE_REF, but the downstream
steps treat every value as a calendar string (timeline order, date variance).

Conventions (news style)
------------------------
* Deictic expressions are resolved against the anchor.  A bare weekday
  ("Sunday", "on Sunday") is the most recent such day on or before the anchor,
  or the next one on or after it when the sentence looks ahead (a future cue
  such as "will", "is due to", "should" before it, or "by"/"until" right before
  it).  "last Sunday" is strictly before, "next Sunday" / "this coming Sunday"
  strictly after the anchor, "this Sunday" on or after it.
* A bare month ("in February") is the most recent such month not after the
  anchor's month (same year if it is not later in the year, else the year
  before); when the sentence looks ahead, the next such month not before it.
  Bare seasons ("in the spring") follow the same rule.
* A bare quarter ("the fourth quarter") is the occurrence nearest to the anchor
  (results are reported in the quarter after), or the next one when the
  sentence looks ahead; a month and day without a year ("April 27") take the
  year that puts the date nearest to the anchor.
* "last/this/next week" are ISO weeks; "a week ago" / "two weeks ago" are days
  (MEANTIME's convention); "N months ago" a month, "N years ago" a year.
* Anaphoric expressions ("the same day", "the previous year", "two days later",
  "the same quarter a year earlier") are resolved against the nearest earlier
  time expression of fitting granularity within ``REFERENCE_REACH`` characters,
  else None.
* A clock time ("16:00 UTC") joins an adjacent day ("16:00 UTC today",
  "Monday at 12:00 UTC"); alone, its value is the nearest day named in the same
  paragraph, else the anchor (the news default), else None.
* Two-digit years ("'82", "7/8/07") are the latest such year no more than ten
  years after the anchor, and need an anchor.

Rules are data: ``RULES`` is an ordered table (specific to generic) of
(name, pattern, resolver, accept, kind).  The patterns are joined into a single
alternation that is scanned once, so at any position the first rule that
matches wins; ``accept`` may veto a match from its context.  Nothing but regex
compilation happens at import.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import TimeExpression

# ------------------------------------------------------------------ vocabulary

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
               "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
# Month names that are not also common names or words: a date even without a trigger.
UNAMBIGUOUS_MONTHS = frozenset("January February July September October November December".split())
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
            "fourth": 4, "4th": 4, "final": 4, "last": 4}
CENTURY_ORDINALS = {"eighteenth": 18, "nineteenth": 19, "twentieth": 20, "twenty-first": 21,
                    "18th": 18, "19th": 19, "20th": 20, "21st": 21}
SEASONS = {"spring": 0, "summer": 1, "autumn": 2, "fall": 2, "winter": 3}
SEASON_CODES = ("SP", "SU", "FA", "WI")
RELATIVE_STEP = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0,
                 "coming": 1, "next": 1}
# Anaphoric determiners and directions: shift from the reference time.
ANAPHORIC_STEP = {"that": 0, "the same": 0, "the": 0, "entire": 0, "whole": 0, "full": 0,
                  "the following": 1, "the next": 1,
                  "the previous": -1, "the preceding": -1, "the prior": -1,
                  "before": -1, "earlier": -1, "previous": -1, "prior": -1,
                  "after": 1, "later": 1}
DAY_OFFSETS = {"today": 0, "tonight": 0, "this": 0, "yesterday": -1, "last night": -1,
               "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}
# Capitalised words that make a weekday a named day ("Black Monday").
NAMED_DAY_WORDS = frozenset(
    "black super good cyber easter palm ash holy maundy shrove bloody fat giving blue "
    "manic".split())
# Words before a number that make it a label, not a year ("Flight 2019", "Room 1900").
LABEL_WORDS = frozenset(
    "flight route highway interstate room suite no no. number model version article "
    "section chapter page resolution bus train unit apartment platform gate channel "
    "track item exhibit lot pier box code form level grade floor row seat line bill "
    "h.r. rule amendment".split())

# Words before a bare year or month that make it a date ("in 2019", "since May").
DATE_TRIGGERS = frozenset(
    "in since by until till through throughout during before after from of early late mid "
    "between and or to around circa for as last next this end beginning start".split())
MONTH_TRIGGERS = DATE_TRIGGERS - {"for", "as", "or", "around", "circa"}
# "May" is also a verb and a name: it needs one of these.
MAY_TRIGGERS = frozenset(
    "in since until till through throughout during before after from early late mid "
    "last next this of end beginning start".split())
# Triggers strong enough to override the counted-noun test ("In 2009 sales fell").
STRONG_TRIGGERS = frozenset(
    "in since until till through throughout during before after early late mid circa".split())
# A deadline before a relative date makes it future ("by Friday", "until June").
DEADLINE_WORDS = frozenset("by until till".split())
# Words before a number that make it a quantity ("about 2000", "$2000").
QUANTITY_WORDS = frozenset(
    "about approximately nearly almost over under some than least most only just roughly "
    "estimated total additional another extra further more fewer less up down rose fell "
    "increased decreased reached employs employ hired cut".split())
# Lower-case words ending in "s" that are not plural nouns.
NOT_PLURAL = frozenset(
    "was has is its this thus as us plus crisis series status census bonus news less "
    "across unless always perhaps besides whereas analysis basis thesis process "
    "gas bus campus chaos".split())
COUNTED_NOUNS = frozenset(
    "people men women children staff personnel police cattle aircraft feet head "
    "percent per million billion thousand km kg mph".split())

FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|would|should|could|might|may|'ll|going to|due to|set to|"
    r"scheduled|slated|expected to|expects to|plans? to|planning to|intends? to|aims? to|"
    r"to be held|upcoming|next)\b")
# Past cues; a participle after 'be'/'been' is passive, not past ('should be completed').
PAST_CUE = re.compile(r"\b(?:said|says|told|was|were|had|did|ago|last)\b|"
                      r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )\b[a-z]+ed\b")
WORD = re.compile(r"[\w.#$£€'’-]+")
WORD_BEFORE = re.compile(r"(.*?)([A-Za-z][\w'’.-]*)[^\S\n]+$")
REFERENCE_REACH = 1000  # characters (about two paragraphs) back to an anaphor's reference
CLOCK_REACH = 150  # characters around a lone clock time to look for its day

# ------------------------------------------------------------------ pattern parts

_SP = r"[^\S\n]+"  # blanks inside a line: expressions never span lines
_OSP = r"[^\S\n]*"
_SEP = rf"(?:{_OSP},{_OSP}|{_SP})"  # "April 27, 2025" / "April 27 , 2025" / "April 27 2025"
_MONTH_FULL = "|".join(calendar.month_name[1:])
_MONTH_ABBR = r"(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?P<mon>(?:{_MONTH_FULL})(?![a-z])|{_MONTH_ABBR}(?![a-z]))"
_MONTH_NAME = rf"(?P<mon>(?:{_MONTH_FULL})(?![a-z]))"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_PREFIX = rf"(?:{_WEEKDAY}{_SEP})?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)(?!\d)"
_YEAR4 = r"(?P<year>\d{4})(?!\d)"
_NUM = rf"(?P<n>\d{{1,3}}|(?i:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}))"
_MOD = r"(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))"
_REL = r"(?P<rel>(?i:last|this|next|this past|this coming|the current|the coming))"
_PART = r"(?P<part>(?i:morning|afternoon|evening|night))"
_ZONE = r"(?:UTC|GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|IST|JST|AEST|AEDT)"
_AMPM = r"(?:[ap]\.m\.|[ap]m\b|[AP]M\b)"
_ORD = r"(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))"
_OF_YEAR = (rf"(?:(?:{_SP}(?i:of){_SP}|{_OSP},{_OSP}|{_SP})"
            rf"(?:{_YEAR4}|(?P<yrel>(?i:this|last|next)){_SP}(?i:year)))?")
_PART_OF = rf"(?:(?i:the){_SP}(?i:end|beginning|start|middle|rest|remainder){_SP}(?i:of){_SP})"
_YEAR_BACK = (r"(?P<back>(?i:a year ago|a year earlier|a year before|last year|the previous year|"
              r"the prior year|the last year|the year before|a year previously))")


# ------------------------------------------------------------------ scan state


@dataclass
class Hit:
    start: int
    end: int
    value: str | None
    kind: str = "date"


@dataclass
class Ctx:
    """What a resolver sees: the text, the anchor, the match and earlier hits."""

    text: str
    anchor: dt.date | None
    match: re.Match
    rule: str
    history: list[Hit] = field(default_factory=list)

    def g(self, name: str) -> str | None:
        index = self.match.re.groupindex.get(f"{self.rule}__{name}")
        return self.match.group(index) if index else None

    def lower(self, name: str) -> str | None:
        value = self.g(name)
        return " ".join(value.lower().split()) if value is not None else None

    def before(self, n: int = 40) -> str:
        """Up to n characters before the match, not crossing a line break."""
        start = self.match.start()
        window = self.text[max(0, start - n):start]
        return window[window.rfind("\n") + 1:]

    def prev_words(self, n: int = 2) -> list[str]:
        """Up to n words before the match on its line, lower-cased, nearest last."""
        return [w.lower() for w in WORD.findall(self.before())[-n:]]

    def word_before(self) -> tuple[str, bool]:
        """The word right before the match and whether it starts a sentence."""
        m = WORD_BEFORE.search(self.before())
        if not m:
            return "", False
        lead = m.group(1).rstrip()
        return m.group(2), not lead or lead[-1] in ".!?\"“:(`'‘"

    def prev_char(self) -> str:
        i = self.match.start()
        return self.text[i - 1] if i else ""

    def next_text(self, n: int = 30) -> str:
        window = self.text[self.match.end():self.match.end() + n]
        cut = window.find("\n")
        return window if cut < 0 else window[:cut]

    def future(self) -> bool:
        """Does the sentence look ahead at this expression?  See the module notes."""
        prev = self.prev_words(1)
        if prev and prev[-1] in DEADLINE_WORDS:
            return True
        window = self.before(90)
        window = window[max(window.rfind(c) for c in ".!?;") + 1:]
        last_future = max((m.end() for m in FUTURE_CUE.finditer(window)), default=-1)
        last_past = max((m.end() for m in PAST_CUE.finditer(window)), default=-1)
        return last_future >= 0 and last_future >= last_past


Resolver = Callable[[Ctx], "str | None"]
Acceptor = Callable[[Ctx], bool]


def needs_anchor(fn: Resolver) -> Resolver:
    """Deictic resolvers give None without an anchor."""
    def wrapped(ctx: Ctx) -> str | None:
        return fn(ctx) if ctx.anchor is not None else None
    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped


# ------------------------------------------------------------------ calendar helpers


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


# ------------------------------------------------------------------ resolvers: absolute


def resolve_iso(ctx: Ctx) -> str | None:
    d = safe_date(int(ctx.g("year")), int(ctx.g("mon")), int(ctx.g("day")))
    return d.isoformat() if d else None


def accept_iso(ctx: Ctx) -> bool:
    return resolve_iso(ctx) is not None


def resolve_numeric(ctx: Ctx) -> str | None:
    """'27/04/2025' -> day; '04/05/2025' (either order possible) -> None."""
    a, b, y = int(ctx.g("a")), int(ctx.g("b")), ctx.g("y")
    year = int(y) if len(y) == 4 else two_digit_year(ctx.anchor, int(y))
    readings = {d for d in (safe_date(year or 2000, b, a), safe_date(year or 2000, a, b)) if d}
    if year is None or len(readings) != 1:
        return None
    return readings.pop().isoformat()


def accept_numeric(ctx: Ctx) -> bool:
    a, b, y = int(ctx.g("a")), int(ctx.g("b")), ctx.g("y")
    if ctx.g("sep") == "." and len(y) != 4:
        return False  # '1.2.10' is a version number
    plausible = 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
    return plausible and (len(y) == 2 or 1800 <= int(y) <= 2100)


def resolve_month_day(ctx: Ctx) -> str | None:
    """'April 27', '27 April 2025', 'Monday, April 27'."""
    month, day, year = month_number(ctx.g("mon")), int(ctx.g("day")), ctx.g("year")
    if year:
        d = safe_date(int(year), month, day)
    elif ctx.anchor is not None:
        d = nearest_year(ctx.anchor, month, day)
    else:
        return None
    return d.isoformat() if d else None


def accept_month_day(ctx: Ctx) -> bool:
    month, day = month_number(ctx.g("mon")), int(ctx.g("day"))
    return 1 <= day <= calendar.monthrange(2000, month)[1]


def resolve_month_year(ctx: Ctx) -> str | None:
    return fmt_month(int(ctx.g("year")), month_number(ctx.g("mon")))


@needs_anchor
def resolve_month_rel_year(ctx: Ctx) -> str | None:
    """'March last year', 'March of next year'."""
    step = RELATIVE_STEP[ctx.lower("rel")]
    return fmt_month(ctx.anchor.year + step, month_number(ctx.g("mon")))


@needs_anchor
def resolve_rel_month(ctx: Ctx) -> str | None:
    """'last September', 'next March', 'this May'."""
    rel, month = ctx.lower("rel").split()[-1], month_number(ctx.g("mon"))
    if rel in ("this", "current"):
        return fmt_month(ctx.anchor.year, month)
    return month_occurrence(ctx.anchor, month, future=RELATIVE_STEP[rel] > 0, strict=True)


@needs_anchor
def resolve_bare_month(ctx: Ctx) -> str | None:
    """'in February', 'early June', 'the end of March'."""
    return month_occurrence(ctx.anchor, month_number(ctx.g("mon")), future=ctx.future())


def accept_bare_month(ctx: Ctx) -> bool:
    """A month name alone is a date after a trigger word or a modifier ('in May')."""
    name = ctx.g("mon")
    if ctx.g("mod") or name in UNAMBIGUOUS_MONTHS:
        return True
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in (MAY_TRIGGERS if name == "May" else MONTH_TRIGGERS)


def resolve_week_of_month(ctx: Ctx) -> str | None:
    """'the last week of March' -> ISO week."""
    month = month_number(ctx.g("mon"))
    if ctx.g("year"):
        year = int(ctx.g("year"))
    elif ctx.anchor is not None:
        year = int(month_occurrence(ctx.anchor, month, ctx.future())[:4])
    else:
        return None
    return week_of_month(year, month, ctx.lower("ord"))


def resolve_year(ctx: Ctx) -> str | None:
    return ctx.g("year")


def resolve_half(ctx: Ctx) -> str | None:
    """'the first half of 2009' -> '2009-H1'."""
    half = 1 if ctx.lower("half") in ("first", "1st") else 2
    year = year_of(ctx)
    return f"{year}-H{half}" if year else None


def resolve_decade(ctx: Ctx) -> str | None:
    """'the 1990s' -> '199'; 'the 1900s' -> '19' (a century); 'the '80s' -> '198'."""
    digits = ctx.g("dec") or ctx.g("dec2")
    if len(digits) == 4:
        return digits[:2] if digits.endswith("00") and digits != "2000" else digits[:3]
    year = two_digit_year(ctx.anchor, int(digits))
    return str(year)[:3] if year else None


def accept_short_decade(ctx: Ctx) -> bool:
    """'80s' needs 'the', an apostrophe, a modifier or a decade just before ('70s and 80s')."""
    if ctx.match.group(0)[0] in "'‘’tTeEmMlL":
        return True
    last = ctx.history[-1] if ctx.history else None
    return bool(last and last.value and len(last.value) == 3
                and re.fullmatch(rf"{_SP}(?:and|or|to|through){_SP}",
                                 ctx.text[last.end:ctx.match.start()]))


def resolve_century(ctx: Ctx) -> str | None:
    return f"{CENTURY_ORDINALS[ctx.lower('cent')] - 1:02d}"


def resolve_short_year(ctx: Ctx) -> str | None:
    """"'82" -> '1982' (needs an anchor to place the century)."""
    year = two_digit_year(ctx.anchor, int(ctx.g("yy")))
    return str(year) if year else None


def accept_short_year(ctx: Ctx) -> bool:
    prev = ctx.prev_words(1)
    return bool(prev) and (prev[-1] in STRONG_TRIGGERS or prev[-1] in ("of", "class"))


def resolve_none(ctx: Ctx) -> str | None:
    return None


# ------------------------------------------------------------------ resolvers: relative


def year_of(ctx: Ctx) -> str | None:
    """Year named by an '... of 2009' / '... of last year' tail, else None."""
    if ctx.g("year"):
        return ctx.g("year")
    if ctx.g("yrel") and ctx.anchor is not None:
        return str(ctx.anchor.year + RELATIVE_STEP[ctx.lower("yrel")])
    return None


@needs_anchor
def resolve_day_word(ctx: Ctx) -> str | None:
    """'today', 'yesterday', 'tomorrow', 'earlier today', 'tonight', 'last night'."""
    return (ctx.anchor + dt.timedelta(days=DAY_OFFSETS[ctx.lower("word")])).isoformat()


def resolve_weekday(ctx: Ctx) -> str | None:
    """'Sunday', 'last Sunday', 'next Sunday', 'Friday morning'."""
    if ctx.anchor is None or named_day(ctx):
        return None
    rel = (ctx.lower("rel") or "").split()
    weekday, a = WEEKDAYS[ctx.lower("wd")], ctx.anchor
    if rel and rel[-1] in ("last", "past"):
        return weekday_occurrence(a, weekday, future=False, strict=True).isoformat()
    if rel and rel[-1] in ("next", "coming"):
        return weekday_occurrence(a, weekday, future=True, strict=True).isoformat()
    if rel:  # 'this Sunday', 'the current Sunday'
        return weekday_occurrence(a, weekday, future=True).isoformat()
    return weekday_occurrence(a, weekday, future=ctx.future()).isoformat()


def named_day(ctx: Ctx) -> bool:
    """'Black Monday', 'Super Tuesday', 'Good Friday'."""
    word, _ = ctx.word_before()
    return not ctx.g("rel") and word[:1].isupper() and word.lower() in NAMED_DAY_WORDS


@needs_anchor
def resolve_ago(ctx: Ctx) -> str | None:
    """'two days ago' -> day, 'a week ago' -> day, 'three months ago' -> month, ..."""
    n, unit, a = number_value(ctx.g("n")), ctx.lower("unit"), ctx.anchor
    if unit == "day":
        return (a - dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return (a - dt.timedelta(weeks=n)).isoformat()
    if unit == "month":
        return fmt_month(*shift_month(a.year, a.month, -n))
    if unit == "year":
        return str(a.year - n)
    return str(a.year - 10 * n)[:3]  # decade


@needs_anchor
def resolve_rel_unit(ctx: Ctx) -> str | None:
    """'last week', 'this month', 'next year', 'earlier this week', 'the current quarter'."""
    step, unit, a = RELATIVE_STEP[ctx.lower("rel").split()[-1]], ctx.lower("unit"), ctx.anchor
    if unit == "week":
        return fmt_week(a + dt.timedelta(weeks=step))
    if unit == "month":
        return fmt_month(*shift_month(a.year, a.month, step))
    if unit == "quarter":
        return fmt_quarter(anchor_quarter(a) + step)
    return str(a.year + step)


@needs_anchor
def resolve_the_unit(ctx: Ctx) -> str | None:
    """'the end of the year', 'the beginning of the month' -> the anchor's year / month."""
    unit, a = ctx.lower("unit"), ctx.anchor
    if unit == "week":
        return fmt_week(a)
    return fmt_month(a.year, a.month) if unit == "month" else str(a.year)


@needs_anchor
def resolve_weekend(ctx: Ctx) -> str | None:
    """'this weekend', 'last weekend', 'over the weekend' -> '2010-W04-WE'."""
    rel, a = (ctx.lower("rel") or "the").split()[-1], ctx.anchor
    in_weekend = a.weekday() >= 5
    if rel in ("last", "past"):
        step = 0 if in_weekend and rel == "past" else -1
    elif rel in ("next", "coming"):
        step = 1 if in_weekend or rel == "next" else 0
    elif rel in ("this", "current"):
        step = 0
    else:  # 'the weekend': the coming one if the sentence looks ahead, else the last one
        step = 0 if in_weekend or ctx.future() else -1
    return fmt_week(a + dt.timedelta(weeks=step)) + "-WE"


def resolve_quarter(ctx: Ctx) -> str | None:
    """'the third quarter of 2009', 'Q3 2009', 'fourth-quarter' -> '2009-Q4'."""
    if ctx.lower("ord") == "last" and not ctx.g("the"):
        return resolve_rel_unit(ctx)  # 'last quarter' is the previous quarter
    q = int(ctx.g("q")) if ctx.g("q") else ORDINALS[ctx.lower("ord")]
    year = year_of(ctx)
    if year:
        return f"{year}-Q{q}"
    if ctx.anchor is None:
        return None
    return fmt_quarter(period_nearest(anchor_quarter(ctx.anchor), q - 1, 4, ctx.future()))


def resolve_season(ctx: Ctx) -> str | None:
    """'spring 2009', 'the summer of 2008', 'last autumn', 'in the spring'."""
    s = SEASONS[ctx.lower("season")]
    year = year_of(ctx)
    if year:
        return f"{year}-{SEASON_CODES[s]}"
    if ctx.anchor is None:
        return None
    current = anchor_season(ctx.anchor)
    rel = (ctx.lower("rel") or "").split()
    if rel and rel[-1] not in ("this", "current"):
        index = period_occurrence(current, s, 4, RELATIVE_STEP[rel[-1]] > 0, strict=True)
    else:  # like a bare month: the latest one begun by the anchor, or the next one
        index = period_occurrence(current, s, 4, ctx.future(), strict=False)
    return f"{index // 4}-{SEASON_CODES[index % 4]}"


def accept_season(ctx: Ctx) -> bool:
    """'fall' and 'spring' are common words: require a year, 'last/next/this' or a trigger."""
    if year_of(ctx) or ctx.g("rel"):
        return True
    if re.match(r"[^\S\n]+(?:of|in)\b", ctx.next_text()):
        return False  # 'the fall of Rome', 'the spring in his step'
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in STRONG_TRIGGERS


# ------------------------------------------------------------------ resolvers: anaphoric


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


def reference(ctx: Ctx, unit: str) -> str | None:
    """Nearest earlier value within reach that can be read at the unit's granularity."""
    start = ctx.match.start()
    for hit in reversed(ctx.history):
        if start - hit.end > REFERENCE_REACH:
            return None
        if hit.value and hit.value[:1].isdigit() and shift_value(hit.value, unit, 0):
            return hit.value
    return None


def resolve_anaphoric(ctx: Ctx) -> str | None:
    """'that day', 'the previous year', 'the day before', 'two days later'."""
    unit = ctx.lower("unit")
    if ctx.g("n"):
        if re.match(r"[^\S\n]+than\b", ctx.next_text()):
            return None  # 'three days later than planned'
        step = number_value(ctx.g("n")) * ANAPHORIC_STEP[ctx.lower("dir")]
    else:
        step = ANAPHORIC_STEP[ctx.lower("det") or ctx.lower("dir") or "the"]
    ref = reference(ctx, unit)
    return shift_value(ref, unit, step) if ref else None


def resolve_year_back(ctx: Ctx) -> str | None:
    """'the same quarter last year', 'the same month a year ago' -> reference minus a year."""
    unit = ctx.lower("unit")
    if unit in ("day", "week"):
        return None
    if unit == "month" or unit == "quarter":
        ref = reference(ctx, unit)
        return shift_value(ref, unit, -12 if unit == "month" else -4) if ref else None
    ref = reference(ctx, "year")  # 'the same period last year': keep the reference's grain
    if ref is None or not re.fullmatch(r"\d{4}(?:-\d\d|-Q[1-4]|-H[12])?", ref):
        return None
    return f"{int(ref[:4]) - 1:04d}{ref[4:]}"


def resolve_year_anaphor(ctx: Ctx) -> str | None:
    """'the previous year', 'the year before', 'a year earlier' -> reference year -/+ 1."""
    direction = ctx.lower("dir") or ctx.lower("dir2") or ctx.lower("dir3")
    ref = reference(ctx, "year")
    return shift_value(ref, "year", ANAPHORIC_STEP[direction]) if ref else None


# ------------------------------------------------------------------ years


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


# ------------------------------------------------------------------ clock times


def accept_clock(ctx: Ctx) -> bool:
    """'16:00 UTC', '6:40 p.m.' always; a plain '16:00' only after 'at', 'by', 'until'..."""
    if ctx.g("zone") or ctx.g("ampm"):
        return True
    if ctx.g("sep") != ":":
        return False  # '3.45' alone is a number
    prev = ctx.prev_words(1)
    return bool(prev) and prev[-1] in ("at", "by", "until", "till", "before", "after",
                                       "around", "about", "from", "since")


# ------------------------------------------------------------------ the rule table


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    resolve: Resolver
    accept: Acceptor | None = None
    kind: str = "date"  # 'date' or 'clock' (clock times join an adjacent day)


RULES: tuple[Rule, ...] = (
    # --- numeric dates
    Rule("iso", r"(?P<year>1[89]\d\d|20\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
                r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])",
         resolve_iso, accept_iso),
    Rule("numeric", r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d\d)"
                    r"(?![\d/]|\.\d)", resolve_numeric, accept_numeric),
    # --- clock times (joined to a neighbouring day afterwards)
    Rule("clock", rf"(?P<hm>[0-2]?\d(?P<sep>[:.])[0-5]\d)(?:{_OSP}(?P<ampm>{_AMPM}))?"
                  rf"(?:{_OSP}(?P<zone>{_ZONE}(?:{_OSP}[+-]{_OSP}\d{{1,2}}(?::?\d\d)?)?))?",
         resolve_none, accept_clock, "clock"),
    Rule("clock_zone", rf"(?P<hm>[0-2]\d[0-5]\d){_OSP}(?P<zone>{_ZONE}|(?i:hrs|hours)\b)",
         resolve_none, None, "clock"),
    Rule("clock_ampm", rf"(?P<h>1[0-2]|0?[1-9]){_OSP}(?P<ampm>{_AMPM})(?:{_OSP}{_ZONE})?",
         resolve_none, None, "clock"),
    # --- month and day
    Rule("mdy", rf"{_WD_PREFIX}{_MONTH}{_SP}{_DAY}(?:{_SEP}{_YEAR4})?",
         resolve_month_day, accept_month_day),
    Rule("dmy", rf"{_WD_PREFIX}(?:(?i:the){_SP})?{_DAY}{_SP}(?:(?i:of){_SP})?{_MONTH}"
                rf"(?:{_SEP}{_YEAR4})?",
         resolve_month_day, accept_month_day),
    # --- weeks and months
    Rule("week_of_month", rf"(?:(?i:the){_SP})?{_ORD}{_SP}(?i:week){_SP}(?i:of){_SP}{_MONTH_NAME}"
                          rf"(?:{_SEP}{_YEAR4})?", resolve_week_of_month),
    Rule("month_year", rf"(?:{_MOD}[- ]?{_OSP})?{_MONTH}(?:{_OSP},{_OSP}|{_SP}(?:of{_SP})?){_YEAR}",
         resolve_month_year),
    Rule("month_rel_year", rf"{_MONTH_NAME}{_SP}(?:of{_SP})?(?P<rel>(?i:last|this|next)){_SP}year",
         resolve_month_rel_year),
    Rule("rel_month", rf"{_REL}{_SP}{_MONTH_NAME}", resolve_rel_month),
    # --- quarters, halves, seasons
    Rule("year_back", rf"(?i:the{_SP}same){_SP}(?P<unit>(?i:day|week|month|quarter|period))"
                      rf"{_SP}(?:(?i:of){_SP})?{_YEAR_BACK}", resolve_year_back),
    Rule("quarter", rf"(?:(?P<the>(?i:the)){_SP})?(?P<rel>{_ORD})[- ](?P<unit>(?i:quarter))"
                    rf"{_OF_YEAR}", resolve_quarter),
    Rule("quarter_q", rf"Q(?P<q>[1-4])(?:{_SP}{_YEAR4})?", resolve_quarter),
    Rule("rel_quarter", rf"{_REL}{_SP}(?P<unit>(?i:quarter))", resolve_rel_unit),
    Rule("half", rf"(?:(?i:the){_SP})?(?P<half>(?i:first|second|1st|2nd))[- ](?i:half){_OF_YEAR}",
         resolve_half, lambda ctx: year_of(ctx) is not None),
    Rule("season", rf"(?:{_REL}{_SP}|(?P<the>(?i:the)){_SP})?(?:(?i:early|late|mid-?){_OSP})?"
                   rf"(?P<season>(?i:spring|summer|autumn|fall|winter)){_OF_YEAR}",
         resolve_season, accept_season),
    # --- decades, centuries, years with modifiers
    Rule("decade", rf"(?:(?i:the){_SP})?(?:(?i:early|mid|late)[- ]?{_OSP})?"
                   rf"(?:(?P<dec>1[89]\d0|20\d0)|['‘’](?P<dec2>\d0))s", resolve_decade),
    Rule("decade_short", rf"(?:(?i:the){_SP})?(?:(?i:early|mid|late)[- ]?{_OSP})?['‘’]?"
                         rf"(?P<dec>[2-9]0)s", resolve_decade, accept_short_decade),
    Rule("century", rf"(?i:the){_SP}(?P<cent>(?i:eighteenth|nineteenth|twentieth|twenty-first|"
                    rf"18th|19th|20th|21st)){_SP}(?i:century)", resolve_century),
    Rule("year_mod", rf"{_MOD}(?:-|{_SP}|-{_SP}){_YEAR}", resolve_year),
    Rule("fiscal", rf"(?:(?i:fiscal)(?:{_SP}(?i:year))?|FY|(?i:financial{_SP}year)){_OSP}"
                   rf"['’]?(?P<year>\d{{4}}|\d\d)(?!\d)", resolve_none, accept_fiscal),
    # --- deictic days, weeks, months, years
    Rule("day_word", rf"(?:(?i:earlier|later){_SP})?(?P<word>(?i:today|tonight|yesterday|tomorrow|"
                     rf"last{_SP}night|the{_SP}day{_SP}before{_SP}yesterday|"
                     rf"the{_SP}day{_SP}after{_SP}tomorrow))(?:{_SP}{_PART})?",
         resolve_day_word),
    Rule("this_part", rf"(?P<word>(?i:this)){_SP}{_PART}", resolve_day_word),
    Rule("weekday", rf"(?:{_REL}{_SP})?{_WEEKDAY}(?:{_SP}{_PART})?", resolve_weekday),
    Rule("ago", rf"{_NUM}{_SP}(?P<unit>(?i:day|week|month|year|decade))s?{_SP}(?i:ago)",
         resolve_ago),
    Rule("weekend", rf"(?:(?:{_REL}|(?i:the)){_SP})(?i:weekend)", resolve_weekend),
    Rule("rel_unit", rf"(?:(?i:earlier|later){_SP}|{_PART_OF})?{_REL}{_SP}"
                     rf"(?P<unit>(?i:week|month|year))", resolve_rel_unit),
    Rule("the_unit", rf"{_PART_OF}(?i:the){_SP}(?P<unit>(?i:year|month|week))", resolve_the_unit),
    # --- anaphoric: resolved against an earlier time expression
    Rule("year_anaphor", rf"(?:(?i:the){_SP}(?:(?P<dir>(?i:previous|prior)){_SP}(?i:year)|"
                         rf"(?i:year){_SP}(?P<dir2>(?i:before|previous|earlier)))|"
                         rf"(?i:a){_SP}(?i:year){_SP}(?P<dir3>(?i:earlier|before|later)))(?![\w-])",
         resolve_year_anaphor),
    Rule("anaphor_n", rf"{_NUM}{_SP}(?P<unit>(?i:day|week|month|year))s?{_SP}"
                      rf"(?P<dir>(?i:earlier|later))", resolve_anaphoric),
    Rule("anaphor", rf"(?P<det>(?i:that|the same|the following|the next|the previous|"
                    rf"the preceding|the prior)){_SP}(?P<unit>(?i:day|week|month|quarter|year))"
                    rf"(?![\w-])", resolve_anaphoric),
    Rule("anaphor_dir", rf"(?i:the){_SP}(?P<unit>(?i:day)){_SP}(?P<dir>(?i:before|after))"
                        rf"(?={_OSP}(?:[,.;:!?)]|$))", resolve_anaphoric),
    Rule("anaphor_whole", rf"(?i:the){_SP}(?P<det>(?i:entire|whole|full)){_SP}"
                          rf"(?P<unit>(?i:year|month|week|day))(?![\w-])", resolve_anaphoric),
    Rule("the_day", rf"(?i:the){_SP}(?P<unit>(?i:day))(?![\w-])", resolve_anaphoric),
    # --- generic: short years, bare months, bare years
    Rule("short_year", r"['’](?P<yy>\d\d)(?![\d'’s])", resolve_short_year, accept_short_year),
    Rule("month", rf"(?:{_MOD}[- ]?{_OSP})?{_MONTH_NAME}", resolve_bare_month, accept_bare_month),
    Rule("year", _YEAR, resolve_year, accept_year),
)


def _compile(rules: tuple[Rule, ...]) -> tuple[re.Pattern, dict[str, Rule]]:
    """One alternation of all rules; group names are prefixed with the rule name."""
    parts = []
    for rule in rules:
        body = re.sub(r"\(\?P([<=])(\w+)", rf"(?P\1{rule.name}__\2", rule.pattern)
        parts.append(rf"(?P<{rule.name}>{body})")
    master = rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)"
    return re.compile(master), {rule.name: rule for rule in rules}


MASTER, RULES_BY_NAME = _compile(RULES)

# Where a rule can begin: a digit, an apostrophe before a digit, a month or weekday
# name, 'Q1'..'Q4', 'FY', or one of these words (in any case); the commonest words
# only before a word that can follow them in some rule.  Trying the rules only there
# is what makes the tagger fast; tests check it finds the same as trying every
# position.
LEADING_WORDS = frozenset(
    "this last next early mid late earlier later today tonight yesterday tomorrow fiscal "
    "financial spring summer autumn fall winter first second third fourth final "
    "1st 2nd 3rd 4th".split()) | frozenset(NUMBER_WORDS) - {"a", "an"}
FOLLOWERS = {
    "the": "[0-9'‘’]|this|same|entire|whole|full|following|next|previous|preceding|prior|day|year|"
           "end|beginning|start|middle|rest|remainder|weekend|current|coming|first|second|third|fourth|"
           "final|last|1st|2nd|3rd|4th|early|mid|late|spring|summer|autumn|fall|winter|"
           "eighteenth|nineteenth|twentieth|twenty-first",
    "a": "year|week|day|month|decade",
    "that": "day|week|month|quarter|year",
}
_NAME_PREFIXES = {name[:3] for name in calendar.month_name[1:] + calendar.day_name[:]}
CANDIDATE = re.compile(
    rf"(?<!\w)(?:[0-9]|['‘’](?=[0-9])|Q[1-4]|FY|{'|'.join(sorted(_NAME_PREFIXES))}|"
    + "|".join(rf"(?i:{word})(?={_SP}(?i:{after}))" for word, after in FOLLOWERS.items())
    + rf"|(?i:{'|'.join(sorted(LEADING_WORDS, key=len, reverse=True))})(?![a-z]))")


# ------------------------------------------------------------------ scanning


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
            hits.append(Hit(m.start(), m.end(), rule.resolve(ctx), rule.kind))
            end = m.end()
    return hits


JOIN = re.compile(rf"{_SP}(?:(?i:on|at){_SP})?$")


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
    hits = join_clock_times(text, scan(text, anchor))
    date_lone_clock_times(text, hits, anchor)
    return [TimeExpression(h.start, h.end, text[h.start:h.end], h.value) for h in hits]


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
