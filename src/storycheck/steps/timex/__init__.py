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

from .scan import find_time_expressions, scan
from .values import TimexValue, compare_values, describe_value, parse_value, value_range

__all__ = ["TimexValue", "compare_values", "describe_value", "find_time_expressions",
           "parse_value", "scan", "value_range"]
