"""Resolvers: from a rule match to its value, against the anchor or an earlier date."""
from __future__ import annotations

import datetime as dt
import re

from .anchoring import (
    anchor_quarter, anchor_season, holiday_date, month_by_tense, month_day_occurrence,
    month_number, month_occurrence, number_value, period_nearest, period_occurrence,
    two_digit_year, week_of_month, weekday_occurrence, yearly_occurrence,
)
from .context import Ctx, Hit, needs_anchor
from .values import (
    fmt_month, fmt_quarter, fmt_week, parse_value, safe_date, same_period_years_back,
    shift_month, shift_value,
)
from .vocabulary import (
    ANAPHORIC_STEP, CENTURY_ORDINALS, DAY_OFFSETS, HOLIDAYS, NAMED_DAY_WORDS, ORDINALS,
    PERIOD_REACH, REFERENCE_REACH, RELATIVE_STEP, SEASONS, SEASON_CODES, WEEKDAYS,
    YEAR_BACK_RULES,
)


def resolve_iso(ctx: Ctx) -> str | None:
    d = safe_date(int(ctx.g("year")), int(ctx.g("mon")), int(ctx.g("day")))
    return d.isoformat() if d else None


def resolve_numeric(ctx: Ctx) -> str | None:
    """'27/04/2025' -> day; '04/05/2025' (either order possible) -> None."""
    a, b, y = int(ctx.g("a")), int(ctx.g("b")), ctx.g("y")
    year = int(y) if len(y) == 4 else two_digit_year(ctx.anchor, int(y))
    readings = {d for d in (safe_date(year or 2000, b, a), safe_date(year or 2000, a, b)) if d}
    if year is None or len(readings) != 1:
        return None
    return readings.pop().isoformat()


def resolve_month_day(ctx: Ctx) -> str | None:
    """'April 27', '27 April 2025', 'Monday, April 27'."""
    month, day, year = month_number(ctx.g("mon")), int(ctx.g("day")), ctx.g("year")
    if year:
        d = safe_date(int(year), month, day)
    elif ctx.anchor is not None:
        weekday = WEEKDAYS[ctx.lower("wd")] if ctx.g("wd") else None
        d = month_day_occurrence(ctx.anchor, month, day, ctx.tense(), weekday)
    else:
        return None
    return d.isoformat() if d else None


def resolve_week_of(ctx: Ctx) -> str | None:
    """'the week of March 9' -> the ISO week holding that day."""
    day = resolve_month_day(ctx)
    return fmt_week(dt.date.fromisoformat(day)) if day else None


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
    return month_by_tense(ctx.anchor, month_number(ctx.g("mon")), ctx.tense())


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


def resolve_century(ctx: Ctx) -> str | None:
    return f"{CENTURY_ORDINALS[ctx.lower('cent')] - 1:02d}"


def resolve_short_year(ctx: Ctx) -> str | None:
    """"'82" -> '1982' (needs an anchor to place the century)."""
    year = two_digit_year(ctx.anchor, int(ctx.g("yy")))
    return str(year) if year else None


def resolve_none(ctx: Ctx) -> str | None:
    return None


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
        period = compared_period(ctx) if n == 1 else None
        return same_period_years_back(period, 1) if period else str(a.year - n)
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
    # Nearest, whatever the tense: quarters are named around their results, and
    # 'expects to report third-quarter results' looks ahead at the report only.
    return fmt_quarter(period_nearest(anchor_quarter(ctx.anchor), q - 1, 4))


def resolve_year_part(ctx: Ctx) -> str | None:
    """'this year's third quarter', 'the 1988 second quarter', 'next year's first half'."""
    year, n = year_of(ctx), ORDINALS[ctx.lower("ord")]
    if year is None or (ctx.lower("unit") == "half" and n > 2):
        return None
    return f"{year}-{ctx.lower('unit')[0].upper()}{n}"


def resolve_year_ago_period(ctx: Ctx) -> str | None:
    """'the year-ago quarter', 'the year-earlier third quarter': the quarter (or half)
    the text is about, a year back."""
    hit = reference_hit(ctx, "year", REFERENCE_REACH)
    parsed = parse_value(hit.value) if hit else None
    if parsed is None or parsed.kind not in ("quarter", "half"):
        return None
    if ctx.g("ord") and (parsed.kind, parsed.part) != ("quarter", ORDINALS[ctx.lower("ord")]):
        return None  # 'the year-ago third quarter' after a second quarter: not that one
    return same_period_years_back(hit.value, 1)


def resolve_latest_period(ctx: Ctx) -> str | None:
    """'the quarter', 'the latest quarter': the quarter the text is about; with
    nothing before, 'the latest quarter' is the last one ended by the anchor."""
    hit = reference_hit(ctx, "quarter", REFERENCE_REACH)
    if hit is not None:
        return hit.value
    if ctx.g("latest") and ctx.anchor is not None:
        return fmt_quarter(anchor_quarter(ctx.anchor) - 1)
    return None


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


def reference(ctx: Ctx, unit: str) -> str | None:
    """Nearest earlier value within reach that can be read at the unit's granularity."""
    hit = reference_hit(ctx, unit, REFERENCE_REACH)
    return hit.value if hit else None


def reference_hit(ctx: Ctx, unit: str, reach: int) -> Hit | None:
    """The earlier expression ``reference`` reads.  A year-back comparison ('a year
    earlier') is not a reference for another one: both lean on the period the text
    is about."""
    start = ctx.match.start()
    for hit in reversed(ctx.history):
        if start - hit.end > reach:
            return None
        if hit.rule in YEAR_BACK_RULES and ctx.rule in YEAR_BACK_RULES:
            continue
        if hit.value and hit.value[:1].isdigit() and shift_value(hit.value, unit, 0):
            return hit
    return None


def compared_period(ctx: Ctx) -> str | None:
    """The quarter or half that a year-back comparison on the same line is set
    against ('profit rose in the third quarter from a year ago' -> '1989-Q3')."""
    hit = reference_hit(ctx, "year", PERIOD_REACH)
    if hit is None or "\n" in ctx.text[hit.end:ctx.match.start()]:
        return None
    parsed = parse_value(hit.value)
    return hit.value if parsed.kind in ("quarter", "half") else None


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
    """'the previous year', 'the year before' -> reference year -/+ 1; 'a year
    earlier' -> the reference moved by a year at its own grain ('1989-Q3' -> '1988-Q3')."""
    direction = ctx.lower("dir") or ctx.lower("dir2") or ctx.lower("dir3")
    ref = reference(ctx, "year")
    if ref is None:
        return None
    step = ANAPHORIC_STEP[direction]
    if not ctx.g("dir3"):
        return shift_value(ref, "year", step)
    parsed = parse_value(ref)
    if parsed.kind == "day":
        moved = safe_date(parsed.year + step, parsed.part, parsed.day)
        return moved.isoformat() if moved else None
    return same_period_years_back(ref, -step) or shift_value(ref, "year", step)


def resolve_holiday(ctx: Ctx) -> str | None:
    """'Thanksgiving', 'Christmas 1998', 'Election Day': its day that year, or the
    occurrence around the anchor that the sentence points at."""
    name = holiday_name(ctx.g("hol"))
    if ctx.g("year"):
        day = holiday_date(name, int(ctx.g("year")))
    elif ctx.anchor is not None:
        years = (ctx.anchor.year + k for k in (-1, 0, 1))
        day = yearly_occurrence(ctx.anchor, [d for y in years if (d := holiday_date(name, y))],
                                ctx.tense())
    else:
        return None
    return day.isoformat() if day else None


def holiday_name(text: str) -> str:
    """The ``HOLIDAYS`` key of a matched name ('Valentines  Day' -> "valentine's day")."""
    key = " ".join(text.lower().replace("’", "'").split())
    if key in HOLIDAYS:
        return key
    return next(name for name in HOLIDAYS if name.replace("'", "") == key.replace("'", ""))
