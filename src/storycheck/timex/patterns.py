"""Regular-expression parts the rules are built from (named groups are the slots)."""
from __future__ import annotations

import calendar

from .vocabulary import HOLIDAYS, NUMBER_WORDS

SP = r"[^\S\n]+"  # blanks inside a line: expressions never span lines
OSP = r"[^\S\n]*"
SEP = rf"(?:{OSP},{OSP}|{SP})"  # "April 27, 2025" / "April 27 , 2025" / "April 27 2025"
MONTH_FULL = "|".join(calendar.month_name[1:])
MONTH_ABBR = r"(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\.?"
MONTH = rf"(?P<mon>(?:{MONTH_FULL})(?![a-z])|{MONTH_ABBR}(?![a-z]))"
MONTH_NAME = rf"(?P<mon>(?:{MONTH_FULL})(?![a-z]))"
WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WD_PREFIX = rf"(?:{WEEKDAY}{SEP})?"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?P<year>1[89]\d\d|20\d\d|2100)(?!\d)"
YEAR4 = r"(?P<year>\d{4})(?!\d)"
NUM = rf"(?P<n>\d{{1,3}}|(?i:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))}))"
MOD = r"(?P<mod>(?i:early|mid|late|the end of|the beginning of|the start of|the middle of))"
REL = r"(?P<rel>(?i:last|this|next|this past|this coming|the current|the coming))"
PART = r"(?P<part>(?i:morning|afternoon|evening|night))"
ZONE = r"(?:UTC|GMT|EST|EDT|CST|CDT|PST|PDT|BST|CET|CEST|IST|JST|AEST|AEDT)"
AMPM = r"(?:[ap]\.m\.|[ap]m\b|[AP]M\b)"
# Clock times in words: "half past three in the morning", "ten o'clock at night"
CLOCK_HOUR = (r"(?P<hour>1[0-2]|0?[1-9]|(?i:one|two|three|four|five|six|seven|eight|nine|ten|"
              r"eleven|twelve))(?![\w:]|\.\d)")
DAY_PART = rf"(?P<part>(?i:in{SP}the{SP}(?:morning|afternoon|evening)|at{SP}night))"
HOUR_FRACTION = (rf"(?P<frac>(?i:half|(?:a{SP})?quarter)){SP}"
                 rf"(?P<rel>(?i:past|after|to|before|till)){SP}")
WORD_CLOCK = (rf"(?:{HOUR_FRACTION})?{CLOCK_HOUR}(?P<oclock>{SP}(?i:o['’]clock))?"
              rf"(?:{SP}{DAY_PART})?")
ORD = r"(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))"
OF_YEAR = (rf"(?:(?:{SP}(?i:of){SP}|{OSP},{OSP}|{SP})"
            rf"(?:{YEAR4}|(?P<yrel>(?i:this|last|next)){SP}(?i:year)))?")
PART_OF = rf"(?:(?i:the){SP}(?i:end|beginning|start|middle|rest|remainder){SP}(?i:of){SP})"
YEAR_BACK = (r"(?P<back>(?i:a year ago|a year earlier|a year before|last year|the previous year|"
              r"the prior year|the last year|the year before|a year previously))")
_HOLIDAY_NAMES = sorted((name.replace(".", r"\.").replace("'", "['’]?").replace(" ", SP)
                         for name in HOLIDAYS), key=len, reverse=True)
HOLIDAY = rf"(?P<hol>(?i:{'|'.join(_HOLIDAY_NAMES)}))"
