"""The rule table: (name, pattern, resolver, acceptor, kind), specific to generic."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .acceptors import (
    accept_bare_month, accept_clock, accept_clock_words, accept_fiscal, accept_holiday,
    accept_iso, accept_month_day, accept_numeric, accept_season, accept_short_decade,
    accept_short_year, accept_year,
)
from .context import Acceptor, Resolver
from .patterns import (
    AMPM, DAY, HOLIDAY, MOD, MONTH, MONTH_NAME, NUM, OF_YEAR, ORD, OSP, PART, PART_OF, REL,
    SEP, SP, WD_PREFIX, WEEKDAY, WORD_CLOCK, YEAR, YEAR4, YEAR_BACK, ZONE,
)
from .resolvers import (
    resolve_ago, resolve_anaphoric, resolve_bare_month, resolve_century, resolve_day_word,
    resolve_decade, resolve_half, resolve_holiday, resolve_iso, resolve_latest_period,
    resolve_month_day, resolve_month_rel_year, resolve_month_year, resolve_none,
    resolve_numeric, resolve_quarter, resolve_rel_month, resolve_rel_unit, resolve_season,
    resolve_short_year, resolve_the_unit, resolve_week_of, resolve_week_of_month,
    resolve_weekday, resolve_weekend, resolve_year, resolve_year_ago_period,
    resolve_year_anaphor, resolve_year_back, resolve_year_part, year_of,
)
from .vocabulary import NUMBER_WORDS


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: str
    resolve: Resolver
    accept: Acceptor | None = None
    kind: str = "date"  # 'clock' joins an adjacent day; 'range' splits in two days


RULES: tuple[Rule, ...] = (
    # --- numeric dates
    Rule("iso", r"(?P<year>1[89]\d\d|20\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)"
                r"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])",
         resolve_iso, accept_iso),
    Rule("numeric", r"(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>\d{4}|\d\d)"
                    r"(?![\d/]|\.\d)", resolve_numeric, accept_numeric),
    # --- clock times (joined to a neighbouring day afterwards)
    Rule("clock", rf"(?P<hm>[0-2]?\d(?P<sep>[:.])[0-5]\d)(?:{OSP}(?P<ampm>{AMPM}))?"
                  rf"(?:{OSP}(?P<zone>{ZONE}(?:{OSP}[+-]{OSP}\d{{1,2}}(?::?\d\d)?)?))?",
         resolve_none, accept_clock, "clock"),
    Rule("clock_zone", rf"(?P<hm>[0-2]\d[0-5]\d){OSP}(?P<zone>{ZONE}|(?i:hrs|hours)\b)",
         resolve_none, None, "clock"),
    Rule("clock_ampm", rf"(?P<h>1[0-2]|0?[1-9]){OSP}(?P<ampm>{AMPM})(?:{OSP}{ZONE})?",
         resolve_none, None, "clock"),
    # --- month and day
    Rule("day_range", rf"{MONTH}{SP}{DAY}{OSP}[-–]{OSP}(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
                      rf"(?!\d|:\d)(?:{SEP}{YEAR4})?", resolve_month_day, accept_month_day, "range"),
    Rule("week_of", rf"(?i:the){SP}(?i:week){SP}(?i:of){SP}{MONTH}{SP}{DAY}(?:{SEP}{YEAR4})?",
         resolve_week_of, accept_month_day),
    Rule("mdy", rf"{WD_PREFIX}{MONTH}{SP}{DAY}(?:{SEP}{YEAR4})?",
         resolve_month_day, accept_month_day),
    Rule("dmy", rf"{WD_PREFIX}(?:(?i:the){SP})?{DAY}{SP}(?:(?i:of){SP})?{MONTH}"
                rf"(?:{SEP}{YEAR4})?",
         resolve_month_day, accept_month_day),
    # --- holidays
    Rule("holiday", rf"{HOLIDAY}(?:{SEP}(?:(?i:of){SP})?{YEAR4})?", resolve_holiday,
         accept_holiday),
    # --- weeks and months
    Rule("week_of_month", rf"(?:(?i:the){SP})?{ORD}{SP}(?i:week){SP}(?i:of){SP}{MONTH_NAME}"
                          rf"(?:{SEP}{YEAR4})?", resolve_week_of_month),
    Rule("month_year", rf"(?:{MOD}[- ]?{OSP})?{MONTH}(?:{OSP},{OSP}|{SP}(?:of{SP})?){YEAR}",
         resolve_month_year),
    Rule("month_rel_year", rf"{MONTH_NAME}{SP}(?:of{SP})?(?P<rel>(?i:last|this|next)){SP}year",
         resolve_month_rel_year),
    Rule("rel_month", rf"{REL}{SP}{MONTH_NAME}", resolve_rel_month),
    # --- quarters, halves, seasons
    Rule("year_back", rf"(?i:the{SP}same){SP}(?P<unit>(?i:day|week|month|quarter|period))"
                      rf"{SP}(?:(?i:of){SP})?{YEAR_BACK}", resolve_year_back),
    Rule("year_part", rf"(?:(?i:the){SP})?"
                      rf"(?:{YEAR4}|(?P<yrel>(?i:this|last|next)){SP}(?i:year)['’]s)"
                      rf"{SP}(?:(?i:fiscal)[- ]{OSP})?{ORD}[- ](?P<unit>(?i:quarter|half))",
         resolve_year_part),
    Rule("year_ago_period", rf"(?:(?i:the){SP})?(?:(?i:comparable|corresponding|same){SP})?"
                            rf"(?i:year)[- ](?i:ago|earlier){SP}(?:(?i:fiscal)[- ]{OSP})?"
                            rf"(?:{ORD}[- ])?(?P<unit>(?i:quarter|period|half))",
         resolve_year_ago_period),
    Rule("latest_period", rf"(?i:the){SP}(?:(?P<latest>(?i:latest|most{SP}recent)){SP})?"
                          rf"(?:(?i:fiscal)[- ]{OSP})?(?P<unit>(?i:quarter))(?![\w-])",
         resolve_latest_period),
    Rule("quarter", rf"(?:(?P<the>(?i:the)){SP})?(?P<rel>{ORD})[- ](?P<unit>(?i:quarter))"
                    rf"{OF_YEAR}", resolve_quarter),
    Rule("quarter_q", rf"Q(?P<q>[1-4])(?:{SP}{YEAR4})?", resolve_quarter),
    Rule("rel_quarter", rf"{REL}{SP}(?P<unit>(?i:quarter))", resolve_rel_unit),
    Rule("half", rf"(?:(?i:the){SP})?(?P<half>(?i:first|second|1st|2nd))[- ](?i:half){OF_YEAR}",
         resolve_half, lambda ctx: year_of(ctx) is not None),
    Rule("season", rf"(?:{REL}{SP}|(?P<the>(?i:the)){SP})?(?:(?i:early|late|mid-?){OSP})?"
                   rf"(?P<season>(?i:spring|summer|autumn|fall|winter)){OF_YEAR}",
         resolve_season, accept_season),
    # --- decades, centuries, years with modifiers
    Rule("decade", rf"(?:(?i:the){SP})?(?:(?i:early|mid|late)[- ]?{OSP})?"
                   rf"(?:(?P<dec>1[89]\d0|20\d0)|['‘’](?P<dec2>\d0))s", resolve_decade),
    Rule("decade_short", rf"(?:(?i:the){SP})?(?:(?i:early|mid|late)[- ]?{OSP})?['‘’]?"
                         rf"(?P<dec>[2-9]0)s", resolve_decade, accept_short_decade),
    Rule("century", rf"(?i:the){SP}(?P<cent>(?i:eighteenth|nineteenth|twentieth|twenty-first|"
                    rf"18th|19th|20th|21st)){SP}(?i:century)", resolve_century),
    Rule("year_mod", rf"{MOD}(?:-|{SP}|-{SP}){YEAR}", resolve_year),
    Rule("fiscal", rf"(?:(?i:fiscal)(?:{SP}(?i:year))?|FY|(?i:financial{SP}year)){OSP}"
                   rf"['’]?(?P<year>\d{{4}}|\d\d)(?!\d)", resolve_none, accept_fiscal),
    # --- deictic days, weeks, months, years
    Rule("day_word", rf"(?:(?i:earlier|later){SP})?(?P<word>(?i:today|tonight|yesterday|tomorrow|"
                     rf"last{SP}night|the{SP}day{SP}before{SP}yesterday|"
                     rf"the{SP}day{SP}after{SP}tomorrow))(?:{SP}{PART})?",
         resolve_day_word),
    Rule("this_part", rf"(?P<word>(?i:this)){SP}{PART}", resolve_day_word),
    Rule("weekday", rf"(?:{REL}{SP})?{WEEKDAY}(?:{SP}{PART})?", resolve_weekday),
    Rule("ago", rf"{NUM}{SP}(?P<unit>(?i:day|week|month|year|decade))s?{SP}(?i:ago)",
         resolve_ago),
    Rule("weekend", rf"(?:(?:{REL}|(?i:the)){SP})(?i:weekend)", resolve_weekend),
    Rule("rel_unit", rf"(?:(?i:earlier|later){SP}|{PART_OF})?{REL}{SP}"
                     rf"(?P<unit>(?i:week|month|year))", resolve_rel_unit),
    Rule("the_unit", rf"{PART_OF}(?i:the){SP}(?P<unit>(?i:year|month|week))", resolve_the_unit),
    # --- anaphoric: resolved against an earlier time expression
    Rule("year_anaphor", rf"(?:(?i:the){SP}(?:(?P<dir>(?i:previous|prior)){SP}(?i:year)|"
                         rf"(?i:year){SP}(?P<dir2>(?i:before|previous|earlier)))|"
                         rf"(?i:a){SP}(?i:year){SP}(?P<dir3>(?i:earlier|before|later)))(?![\w-])",
         resolve_year_anaphor),
    Rule("anaphor_n", rf"{NUM}{SP}(?P<unit>(?i:day|week|month|year))s?{SP}"
                      rf"(?P<dir>(?i:earlier|later))", resolve_anaphoric),
    Rule("anaphor", rf"(?P<det>(?i:that|the same|the following|the next|the previous|"
                    rf"the preceding|the prior)){SP}(?P<unit>(?i:day|week|month|quarter|year))"
                    rf"(?![\w-])", resolve_anaphoric),
    Rule("anaphor_dir", rf"(?i:the){SP}(?P<unit>(?i:day)){SP}(?P<dir>(?i:before|after))"
                        rf"(?={OSP}(?:[,.;:!?)]|$))", resolve_anaphoric),
    Rule("anaphor_whole", rf"(?i:the){SP}(?P<det>(?i:entire|whole|full)){SP}"
                          rf"(?P<unit>(?i:year|month|week|day))(?![\w-])", resolve_anaphoric),
    Rule("the_day", rf"(?i:the){SP}(?P<unit>(?i:day))(?![\w-])", resolve_anaphoric),
    # --- clock times in words, after every rule a number word can begin ("two days ago")
    Rule("clock_words", WORD_CLOCK, resolve_none, accept_clock_words, "clock"),
    # --- generic: short years, bare months, bare years
    Rule("short_year", r"['’](?P<yy>\d\d)(?![\d'’s])", resolve_short_year, accept_short_year),
    Rule("month", rf"(?:{MOD}[- ]?{OSP})?{MONTH_NAME}", resolve_bare_month, accept_bare_month),
    Rule("year", YEAR, resolve_year, accept_year),
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
    "1st 2nd 3rd 4th year-ago year-earlier half quarter".split()
) | frozenset(NUMBER_WORDS) - {"a", "an"}
FOLLOWERS = {
    "the": "[0-9'‘’]|this|same|week|latest|most|quarter|year-ago|year-earlier|comparable|"
           "corresponding|entire|whole|full|following|next|previous|preceding|prior|day|year|"
           "end|beginning|start|middle|rest|remainder|weekend|current|coming|first|second|third|fourth|"
           "final|last|1st|2nd|3rd|4th|early|mid|late|spring|summer|autumn|fall|winter|"
           "eighteenth|nineteenth|twentieth|twenty-first",
    "a": "year|week|day|month|decade|quarter",
    "that": "day|week|month|quarter|year",
}
_NAME_PREFIXES = {name[:3] for name in calendar.month_name[1:] + calendar.day_name[:]}
CANDIDATE = re.compile(
    rf"(?<!\w)(?:[0-9]|{HOLIDAY}|['‘’](?=[0-9])|Q[1-4]|FY|{'|'.join(sorted(_NAME_PREFIXES))}|"
    + "|".join(rf"(?i:{word})(?={SP}(?i:{after}))" for word, after in FOLLOWERS.items())
    + rf"|(?i:{'|'.join(sorted(LEADING_WORDS, key=len, reverse=True))})(?![a-z]))")

