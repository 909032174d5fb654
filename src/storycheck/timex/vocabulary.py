"""Word tables and cue patterns: the data the rules are written over."""
from __future__ import annotations

import calendar
import re

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
    "in since until till through throughout during before after from between early late mid "
    "last next this of end beginning start".split())
# Triggers strong enough to override the counted-noun test ("In 2009 sales fell").
STRONG_TRIGGERS = frozenset(
    "in since until till through throughout during before after early late mid circa".split())
# A deadline before a relative date makes it future ("by Friday", "until June").
LOOKAHEAD_BEFORE = re.compile(r"\b(by|until|till|as (?:early|soon) as)[^\S\n]+$", re.I)
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

# Future cues; 'would' and 'could' are left out (reported speech, ability: 'could
# not be reached Wednesday'), and a plan that 'had been' made is past.
FUTURE_CUE = re.compile(
    r"(?<!had been )\b(?:will|won't|shall|should|might|may|'ll|going to|due to|set to|"
    r"scheduled|slated|expected to|expects to|plan(?:s|ned|ning)? to|intends? to|aims? to|"
    r"(?:is|are) to|to be held|upcoming|next)\b")
# Irregular past-tense verbs common in news (the regular ones end in -ed).
IRREGULAR_PAST = (
    "ran met came went took made gave began fell rose won lost left held got saw found sent "
    "paid spent kept led struck told thought brought bought sold wrote spoke broke chose "
    "drove flew grew knew stood became fought caught taught sank shot fled arose")
# Past cues; a participle after 'be'/'been' is passive, not past ('should be completed').
PAST_CUE = re.compile(
    rf"\b(?:said|says|was|were|had|did|ago|last|{IRREGULAR_PAST.replace(' ', '|')})\b|"
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )\b[a-z]+ed\b")
WORD = re.compile(r"[\w.#$£€'’-]+")
WORD_BEFORE = re.compile(r"(.*?)([A-Za-z][\w'’.-]*)[^\S\n]+$")
NEAR_DAYS = 90  # a date without a year this close to the anchor is the nearest one
NEAR_MONTHS = 2  # a bare month this many months ahead is the coming one
PERIOD_REACH = 250  # characters back to the period a "year ago" comparison is set against
# Rules that compare with the same period a year back: not references for each other.
YEAR_BACK_RULES = frozenset({"year_anaphor", "year_back", "ago"})
REFERENCE_REACH = 1000  # characters (about two paragraphs) back to an anaphor's reference
CLOCK_REACH = 150  # characters around a lone clock time to look for its day

# Holidays: ("fixed", month, day), ("easter", days from Easter Sunday) or
# ("weekday", month, weekday (Monday 0), nth (-1: last), days after it).
HOLIDAYS = {
    "new year's day": ("fixed", 1, 1), "new year's eve": ("fixed", 12, 31),
    "christmas": ("fixed", 12, 25), "christmas day": ("fixed", 12, 25),
    "christmas eve": ("fixed", 12, 24), "boxing day": ("fixed", 12, 26),
    "valentine's day": ("fixed", 2, 14), "st. patrick's day": ("fixed", 3, 17),
    "halloween": ("fixed", 10, 31), "independence day": ("fixed", 7, 4),
    "bastille day": ("fixed", 7, 14), "veterans day": ("fixed", 11, 11),
    "armistice day": ("fixed", 11, 11), "remembrance day": ("fixed", 11, 11),
    "easter": ("easter", 0), "easter sunday": ("easter", 0), "easter monday": ("easter", 1),
    "good friday": ("easter", -2), "palm sunday": ("easter", -7), "ash wednesday": ("easter", -46),
    "martin luther king day": ("weekday", 1, 0, 3, 0), "presidents day": ("weekday", 2, 0, 3, 0),
    "presidents' day": ("weekday", 2, 0, 3, 0), "mother's day": ("weekday", 5, 6, 2, 0),
    "memorial day": ("weekday", 5, 0, -1, 0), "father's day": ("weekday", 6, 6, 3, 0),
    "labor day": ("weekday", 9, 0, 1, 0), "columbus day": ("weekday", 10, 0, 2, 0),
    "thanksgiving": ("weekday", 11, 3, 4, 0), "thanksgiving day": ("weekday", 11, 3, 4, 0),
    "election day": ("weekday", 11, 0, 1, 1),  # US: the Tuesday after the first Monday
}
