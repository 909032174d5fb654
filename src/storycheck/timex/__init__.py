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
* Tense (``Ctx.tense``): 'future' or 'past' from cue words in the sentence: "by",
  "until", "as early as" right before the expression; else the nearest cue
  before it ("will", "is due to", "plans to" / "said", "was", a verb in -ed or a
  common irregular past); else the first cue after it ("On Tuesday, the league
  plans to ...").  "until" followed by the past ("Until Friday, they had not")
  is past; "would"/"could" and plans that "had been" made are not future.
* A bare weekday ("Sunday", "on Sunday") is the most recent such day on or
  before the anchor (past-tense news), or the next one on or after it when the
  tense is future.  "last Sunday" is strictly before, "next Sunday" / "this
  coming Sunday" strictly after the anchor, "this Sunday" on or after it.
* A bare month ("in February"): the next one when the tense is future, the last
  one begun by the anchor when it is past; with no cue, the coming one if it is
  at most ``NEAR_MONTHS`` ahead, else the last one.  Bare seasons ("in the
  spring") follow the tense in the same way.
* A month and day without a year ("April 27") and a holiday ("Thanksgiving",
  table ``HOLIDAYS``) are the nearest occurrence when within ``NEAR_DAYS`` of the
  anchor; farther, the tense chooses; a weekday named with the date ("Monday,
  April 27") picks the year where the date falls on that day.
* A bare quarter ("the fourth quarter") is the occurrence nearest to the anchor,
  whatever the tense (results are reported in the quarter after).
* "last/this/next week" are ISO weeks; "a week ago" / "two weeks ago" are days
  (MEANTIME's convention); "N months ago" a month, "N years ago" a year.
* Anaphoric expressions ("the same day", "the previous year", "two days later",
  "the following day", "the quarter") are resolved against the nearest earlier
  time expression of fitting granularity within ``REFERENCE_REACH`` characters,
  else None.  "a year earlier", "the year-ago quarter" and "a year ago" after a
  quarter on the same line keep the grain of what they compare with ("1989-Q3"
  -> "1988-Q3"); such comparisons are never each other's reference.
* "this year's third quarter", "the 1988 second quarter": one expression.
  "March 3-5, 2025" gives two days ("March 3", "5, 2025"); "the week of March 9"
  an ISO week.
* A clock time ("16:00 UTC") joins an adjacent day ("16:00 UTC today",
  "Monday at 12:00 UTC"); alone, its value is the nearest day named in the same
  paragraph, else the anchor (the news default), else None.
* Two-digit years ("'82", "7/8/07") are the latest such year no more than ten
  years after the anchor, and need an anchor.

Layout
------
Rules are data: ``rules.RULES`` is an ordered table (specific to generic) of
(name, pattern, resolver, accept, kind) built from ``patterns`` (regular
expression parts) over ``vocabulary`` (word tables: months, weekdays, numbers,
seasons, relative and anaphoric steps, trigger words, tense cues, holidays).
The patterns are joined into a single alternation that ``scan`` runs once, so
at any position the first rule that matches wins; an acceptor (``acceptors``)
may veto a match from its context (``context.Ctx``).  ``resolvers`` turn a
match into a value, using ``anchoring`` (which occurrence around the
publication date is meant) and ``values`` (the value format: parse, format,
shift, ranges, comparison; the one place that reads it).  Nothing but regex
compilation happens at import.
"""

from .scan import find_time_expressions, scan
from .values import (TimexValue, clock_gap, clock_minutes, compare_values, describe_value,
                     parse_value, value_range)

__all__ = ["TimexValue", "clock_gap", "clock_minutes", "compare_values", "describe_value",
           "find_time_expressions", "parse_value", "scan", "value_range"]
