"""Tests for the rule-based time-expression tagger (sentences written for these tests)."""
from __future__ import annotations

import datetime as dt

import pytest

from storycheck.models import TimeExpression
from storycheck import timex

find = timex.find_time_expressions

TUESDAY = dt.date(2026, 3, 17)  # ISO week 2026-W12
JANUARY = dt.date(2026, 1, 20)


def tag(text: str, anchor: dt.date | None = TUESDAY) -> list[tuple[str, str | None]]:
    found = find(text, anchor)
    for e in found:
        assert text[e.start:e.end] == e.text
    return [(e.text, e.value) for e in found]


def only(text: str, anchor: dt.date | None = TUESDAY) -> tuple[str, str | None]:
    found = tag(text, anchor)
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------ records and offsets


def test_returns_time_expressions_with_exact_offsets():
    text = "The plant opened in 2019 and closed on April 27, 2025."
    found = find(text, TUESDAY)
    assert found == [
        TimeExpression(20, 24, "2019", "2019"),
        TimeExpression(39, 53, "April 27, 2025", "2025-04-27"),
    ]


def test_sorted_non_overlapping_and_within_lines():
    text = ("Sales fell in January and rose in the third quarter of 2025, the company said on "
            "Monday.\nLast week it hired staff; in May\n2019 it had closed two days ago.")
    found = find(text, TUESDAY)
    assert len(found) >= 6
    for a, b in zip(found, found[1:]):
        assert a.end <= b.start
    assert all("\n" not in e.text for e in found)
    assert all(text[e.start:e.end] == e.text for e in found)


def test_anchor_may_be_a_datetime():
    assert only("It happened yesterday.", dt.datetime(2026, 3, 17, 8, 30)) == \
        ("yesterday", "2026-03-16")


# ------------------------------------------------------------------ absolute dates


@pytest.mark.parametrize("text, expected", [
    ("The law passed in 2019.", ("2019", "2019")),
    ("It was announced in April 2025.", ("April 2025", "2025-04")),
    ("It was signed on April 27, 2025.", ("April 27, 2025", "2025-04-27")),
    ("It was signed on 27 April 2025.", ("27 April 2025", "2025-04-27")),
    ("It was signed on the 27th of April, 2025.", ("the 27th of April, 2025", "2025-04-27")),
    ("It was signed on Monday, April 28, 2025.", ("Monday, April 28, 2025", "2025-04-28")),
    ("Filed 2025-04-27 in court.", ("2025-04-27", "2025-04-27")),
    ("Filed 27/04/2025 in court.", ("27/04/2025", "2025-04-27")),
    ("Filed 04/27/2025 in court.", ("04/27/2025", "2025-04-27")),
    ("Prices peaked in the 1990s.", ("the 1990s", "199")),
    ("Prices peaked in the late 1980s.", ("the late 1980s", "198")),
    ("Work resumes in mid-2023.", ("mid-2023", "2023")),
    ("Work resumed in early 2009.", ("early 2009", "2009")),
    ("Growth slowed in the first quarter of 2025.", ("the first quarter of 2025", "2025-Q1")),
    ("Growth slowed in Q3 2024.", ("Q3 2024", "2024-Q3")),
    ("Output fell in the second half of 2024.", ("the second half of 2024", "2024-H2")),
    ("It opened in the spring of 2024.", ("the spring of 2024", "2024-SP")),
    ("A relic of the 20th century.", ("the 20th century", "19")),
])
def test_absolute_expressions(text, expected):
    assert only(text) == expected


def test_absolute_values_do_not_need_an_anchor():
    assert tag("Signed on April 27, 2025, in force since 2019.", None) == [
        ("April 27, 2025", "2025-04-27"), ("2019", "2019")]


def test_ambiguous_numeric_date_is_tagged_without_value():
    assert only("The letter dated 04/05/2025 was read aloud.") == ("04/05/2025", None)


def test_month_and_day_take_the_year_nearest_the_anchor():
    assert only("The hearing is set for April 27.") == ("April 27", "2026-04-27")
    assert only("The fire broke out on December 30.", JANUARY) == ("December 30", "2025-12-30")
    assert only("The hearing is set for April 27.", None) == ("April 27", None)


# ------------------------------------------------------------------ deictic: days and weeks


@pytest.mark.parametrize("text, expected", [
    ("Officials spoke today.", ("today", "2026-03-17")),
    ("Officials spoke yesterday.", ("yesterday", "2026-03-16")),
    ("Officials speak tomorrow.", ("tomorrow", "2026-03-18")),
    ("Officials spoke earlier today.", ("earlier today", "2026-03-17")),
    ("The fire started last night.", ("last night", "2026-03-16")),
    ("Shares rallied this morning.", ("this morning", "2026-03-17")),
    ("Two people died two days ago.", ("two days ago", "2026-03-15")),
    ("The strike began a week ago.", ("a week ago", "2026-03-10")),
])
def test_relative_days(text, expected):
    assert only(text) == expected


def test_on_sunday_in_a_tuesday_article_is_the_sunday_before():
    assert only("The mayor resigned on Sunday.") == ("Sunday", "2026-03-15")
    assert only("Sunday's vote was close.") == ("Sunday", "2026-03-15")


@pytest.mark.parametrize("text, expected", [
    ("The mayor resigned last Sunday.", ("last Sunday", "2026-03-15")),
    ("The mayor will resign next Sunday.", ("next Sunday", "2026-03-22")),
    ("Voting takes place this coming Sunday.", ("this coming Sunday", "2026-03-22")),
    ("The council will meet on Friday.", ("Friday", "2026-03-20")),
    ("The council met on Friday.", ("Friday", "2026-03-13")),
    ("The council met on Tuesday.", ("Tuesday", "2026-03-17")),
    ("Schools stay shut until Friday.", ("Friday", "2026-03-20")),
    ("Trading resumed on Friday morning.", ("Friday morning", "2026-03-13")),
])
def test_weekdays(text, expected):
    assert only(text) == expected


def test_named_days_are_not_resolved_as_weekdays():
    assert only("Markets recalled Black Monday.") == ("Monday", None)


@pytest.mark.parametrize("text, expected", [
    ("Prices rose last week.", ("last week", "2026-W11")),
    ("Prices rose this week.", ("this week", "2026-W12")),
    ("Prices will rise next week.", ("next week", "2026-W13")),
    ("Crowds gathered last weekend.", ("last weekend", "2026-W11-WE")),
    ("Crowds will gather this weekend.", ("this weekend", "2026-W12-WE")),
])
def test_weeks_are_iso_weeks(text, expected):
    assert only(text) == expected


# ------------------------------------------------------------------ deictic: months and years


@pytest.mark.parametrize("text, expected", [
    ("Exports fell last month.", ("last month", "2026-02")),
    ("Exports fell earlier this month.", ("earlier this month", "2026-03")),
    ("Exports will rise next month.", ("next month", "2026-04")),
    ("Exports fell last year.", ("last year", "2025")),
    ("Exports rose this year.", ("this year", "2026")),
    ("Exports will rise next year.", ("next year", "2027")),
    ("The mine closed three years ago.", ("three years ago", "2023")),
    ("The mine closed six months ago.", ("six months ago", "2025-09")),
    ("The mine closed last September.", ("last September", "2025-09")),
    ("The mine closed in March last year.", ("March last year", "2025-03")),
    ("Losses narrowed last quarter.", ("last quarter", "2025-Q4")),
])
def test_relative_months_and_years(text, expected):
    assert only(text) == expected


def test_last_year_is_the_year_before_the_anchor():
    assert only("Profits doubled last year.", dt.date(2024, 7, 1)) == ("last year", "2023")
    assert only("Profits doubled last year.", dt.date(2025, 1, 2)) == ("last year", "2024")


def test_in_february_in_a_march_article_is_the_same_year():
    assert only("The talks collapsed in February.") == ("February", "2026-02")


def test_in_february_in_a_january_article_is_the_previous_year():
    assert only("The talks collapsed in February.", JANUARY) == ("February", "2025-02")


def test_in_february_looking_ahead_is_the_next_one():
    assert only("The new line will open in February.") == ("February", "2027-02")
    assert only("The new line will open in February.", JANUARY) == ("February", "2026-02")


def test_bare_quarter_is_the_nearest_one():
    assert only("Fourth-quarter profit rose.", JANUARY) == ("Fourth-quarter", "2025-Q4")
    assert only("Profit rose in the first quarter.", dt.date(2026, 4, 28)) == \
        ("the first quarter", "2026-Q1")


def test_seasons():
    assert only("Rents rose last summer.") == ("last summer", "2025-SU")
    assert only("Rents rose in the autumn.") == ("the autumn", "2025-FA")
    assert tag("After the fall of the regime, prices rose.") == []


# ------------------------------------------------------------------ anaphoric


def test_anaphoric_expressions_lean_on_an_earlier_date():
    assert tag("In 2008 sales rose, but the previous year they fell.", None) == [
        ("2008", "2008"), ("the previous year", "2007")]
    assert tag("The plant closed on June 3, 2009 and reopened the next day.", None) == [
        ("June 3, 2009", "2009-06-03"), ("the next day", "2009-06-04")]
    assert tag("Revenue rose in the first quarter of 2025 from the same quarter last year.") == [
        ("the first quarter of 2025", "2025-Q1"), ("the same quarter last year", "2024-Q1")]
    assert tag("The strike began on March 2, 2026; two days later it ended.", None) == [
        ("March 2, 2026", "2026-03-02"), ("two days later", "2026-03-04")]


def test_prior_year_and_week_of_month():
    assert tag("Profit hit a record in 2024, up from the prior year.", None) == [
        ("2024", "2024"), ("the prior year", "2023")]
    assert only("Sales recovered in the last week of March 2025.") == \
        ("the last week of March 2025", "2025-W13")


def test_anaphoric_without_a_reference_has_no_value():
    assert only("Nobody expected it that day.") == ("that day", None)


# ------------------------------------------------------------------ clock times


def test_clock_time_joins_its_day():
    assert only("The plane landed at 16:00 UTC today.") == ("16:00 UTC today", "2026-03-17")
    assert only("The plane landed on Monday at 9:30 a.m.") == ("Monday at 9:30 a.m.", "2026-03-16")


def test_lone_clock_time_takes_the_anchor_day_or_none():
    assert only("The plane landed at 6:40 p.m. local time.") == ("6:40 p.m.", "2026-03-17")
    assert only("The plane landed at 6:40 p.m. local time.", None) == ("6:40 p.m.", None)


@pytest.mark.parametrize("text, expected, minutes", [
    ("The ferry sank at half past three in the morning on Monday.",
     ("half past three in the morning on Monday", "2026-03-16"), 3 * 60 + 30),
    ("The alarm sounded at ten o'clock at night.", ("ten o'clock at night", "2026-03-17"), 22 * 60),
    ("Crews were called around two in the afternoon.",
     ("two in the afternoon", "2026-03-17"), 14 * 60),
    ("The vote closed at a quarter to twelve at night.",
     ("a quarter to twelve at night", "2026-03-17"), 23 * 60 + 45),
    ("The shop opens at nine o'clock.", ("nine o'clock", "2026-03-17"), None),  # a.m. or p.m.?
])
def test_clock_times_in_words(text, expected, minutes):
    assert only(text) == expected
    assert timex.clock_minutes(expected[0]) == minutes


@pytest.mark.parametrize("text", [
    "Police detained three in the morning raid.",  # counts people
    "Two people died two days ago.",  # a number word that begins another rule
    "Half of the seats were empty.",
])
def test_number_words_that_are_no_clock_time(text):
    assert all(t.text not in ("three in the morning", "two", "Half")
               for t in timex.find_time_expressions(text, dt.date(2026, 3, 17)))


# ------------------------------------------------------------------ no anchor: no guessing


@pytest.mark.parametrize("text", [
    "Officials spoke yesterday.", "The mayor resigned on Sunday.", "Prices rose last week.",
    "Exports fell last year.", "The talks collapsed in February.",
    "The mine closed three years ago.",
    "Exports fell earlier this month.", "Rents rose last summer.", "Fourth-quarter profit rose.",
    "It is due on April 27.",
])
def test_relative_expressions_without_anchor_have_no_value(text):
    found = tag(text, None)
    assert len(found) == 1
    assert found[0][1] is None


# ------------------------------------------------------------------ things that are not dates


@pytest.mark.parametrize("text", [
    "The union said 2,000 workers walked out.",
    "The deal is worth $300 million.",
    "Organisers expected 1500 people.",
    "Some 12 trucks were seized.",
    "The plant employs 2000 workers.",
    "The firm cut about 2010 jobs.",
    "Flight 2019 landed safely.",
    "The Russell 2000 Index fell 2.1%.",
    "Shares rose 3.45 to 1,870.",
    "Prices may rise, analysts said.",
    "Theresa May said she would stay.",
    "Scores rose to 2050 points.",
])
def test_numbers_and_words_that_are_not_dates_are_not_tagged(text):
    assert tag(text) == []


def test_a_year_after_in_overrides_the_counted_noun_test():
    assert tag("In 2009 sales fell sharply.") == [("2009", "2009")]


def test_years_outside_the_plausible_range_are_not_tagged():
    assert tag("Troops numbered 1750 at the fort in 1750.") == []


# ------------------------------------------------------------------ speed path


SENTENCES = [
    "On Sunday, the company said it would cut 2,000 jobs in 2019 and last year.",
    "The 1990s and mid-2023 and 27/04/2025 and the third quarter of 2009 and third-quarter.",
    "In February, two days ago, a week ago, the same month a year ago, that day, the day before.",
    "Black Monday and Friday morning and this morning, the day, 12 May 2019 and spring 2009.",
    "In the summer of 2008 the 80s and '90s, FY2007, fiscal 2008 and the year before ended.",
    "The Russell 2000 Index and Flight 2019 at 16:00 UTC today and 0800 GMT and at 9:30.",
    "After Christmas 2024 and on Good Friday, this year's third quarter beat the year-ago quarter.",
    "The latest quarter, the quarter, March 3-5, 2027, the week of March 9 and Thanksgiving Day.",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_candidate_scan_finds_the_same_as_trying_every_position(text):
    for anchor in (TUESDAY, None):
        fast = timex.scan(text, anchor)
        slow = timex.scan(text, anchor, exhaustive=True)
        assert [(h.start, h.end, h.value) for h in fast] == \
            [(h.start, h.end, h.value) for h in slow]


def test_value_range_compares_granularities():
    import datetime as dt

    from storycheck.timex import value_range

    assert value_range("2025-W16") == (dt.date(2025, 4, 14), dt.date(2025, 4, 20))
    assert value_range("2025-04") == (dt.date(2025, 4, 1), dt.date(2025, 4, 30))
    assert value_range("2024-Q1") == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert value_range("199") == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert value_range("2025-WI")[1] == dt.date(2026, 2, 28)
    assert value_range("2026-W11-WE") == (dt.date(2026, 3, 14), dt.date(2026, 3, 15))
    assert value_range("PRESENT_REF") is None


# ------------------------------------------------------------------ tense: which way a date lies


@pytest.mark.parametrize("text, expected", [
    # a cue after the expression decides when there is none before it
    ("On Friday, the council plans to vote.", ("Friday", "2026-03-20")),
    ("On Friday, the council voted.", ("Friday", "2026-03-13")),
    ("The envoy could arrive as early as Friday.", ("Friday", "2026-03-20")),
    # 'until' followed by the past perfect looks back
    ("Until Friday, the police had not named him.", ("Friday", "2026-03-13")),
    # ability and reported speech are not future
    ("The minister could not be reached Friday.", ("Friday", "2026-03-13")),
    # a plan that had been made is past
    ("The offer had been scheduled to expire Friday.", ("Friday", "2026-03-13")),
    ("The bridge is to reopen Friday.", ("Friday", "2026-03-20")),
])
def test_weekday_direction_follows_the_tense_cues(text, expected):
    assert only(text) == expected


@pytest.mark.parametrize("text, anchor, expected", [
    # within three months of the anchor: the nearest, whatever the verb says
    ("The talks were moved to April 2.", TUESDAY, ("April 2", "2026-04-02")),
    # farther: the tense decides
    ("Police said the attack on October 23 was planned.", TUESDAY, ("October 23", "2025-10-23")),
    ("The trial will open on October 23.", TUESDAY, ("October 23", "2026-10-23")),
    # a weekday named with it picks the year where the date falls on that day
    ("The vote came on Monday, April 27.", dt.date(2027, 1, 10), ("Monday, April 27", "2026-04-27")),
    ("The vote is on Tuesday, April 27.", dt.date(2027, 1, 10), ("Tuesday, April 27", "2027-04-27")),
])
def test_month_and_day_without_a_year(text, anchor, expected):
    assert only(text, anchor) == expected


@pytest.mark.parametrize("text, expected", [
    ("The plant reopens in May.", ("May", "2026-05")),  # two months ahead, no cue: coming
    ("The plant reopened in May.", ("May", "2025-05")),  # past cue: the last one
    ("The plant made a profit in August.", ("August", "2025-08")),
    ("The plant will reopen in August.", ("August", "2026-08")),
    ("Output peaked in August, a report showed.", ("August", "2025-08")),
])
def test_bare_month_by_tense_and_nearness(text, expected):
    assert only(text) == expected


def test_a_bare_quarter_is_the_nearest_whatever_the_tense():
    november = dt.date(2025, 11, 4)
    assert only("The firm expects to report third-quarter results.", november) == \
        ("third-quarter", "2025-Q3")
    assert only("Sales should recover in the first quarter.", november) == \
        ("the first quarter", "2026-Q1")


# ------------------------------------------------------------------ periods compared a year back


def test_a_year_earlier_keeps_the_grain_of_its_reference():
    text = ("Profit rose 8% in the third quarter of 2025 from a year earlier.\n"
            "The storm struck on June 3, 2025, almost a year earlier than forecast models.")
    assert tag(text) == [("the third quarter of 2025", "2025-Q3"), ("a year earlier", "2024-Q3"),
                         ("June 3, 2025", "2025-06-03"), ("a year earlier", "2024-06-03")]


def test_a_year_ago_after_a_quarter_on_the_same_line_is_that_quarter():
    text = "Net income in the second quarter of 2025 was $4 million, up from $3 million a year ago."
    assert tag(text)[-1] == ("a year ago", "2024-Q2")
    assert only("The factory opened a year ago.") == ("a year ago", "2025")


def test_year_back_comparisons_do_not_chain():
    text = "Sales rose in 2025 from a year earlier, and costs fell from a year earlier."
    assert [v for _, v in tag(text)] == ["2025", "2024", "2024"]


@pytest.mark.parametrize("text, expected", [
    ("Margins widened in this year's third quarter.", ("this year's third quarter", "2026-Q3")),
    ("Margins widened in the 2024 second quarter.", ("the 2024 second quarter", "2024-Q2")),
    ("Margins should widen in next year's first half.", ("next year's first half", "2027-H1")),
])
def test_a_year_with_its_quarter_or_half(text, expected):
    assert only(text) == expected


def test_the_quarter_and_the_year_ago_quarter_lean_on_the_quarter_in_the_text():
    text = ("Revenue grew in the third quarter of 2025. In the quarter, costs fell; "
            "the year-ago quarter had a loss.")
    assert tag(text) == [("the third quarter of 2025", "2025-Q3"), ("the quarter", "2025-Q3"),
                         ("the year-ago quarter", "2024-Q3")]


def test_the_latest_quarter_alone_is_the_last_one_ended():
    assert only("Revenue grew in the latest quarter.") == ("the latest quarter", "2025-Q4")
    assert only("Revenue grew in the quarter.") == ("the quarter", None)


# ------------------------------------------------------------------ holidays, ranges, weeks


@pytest.mark.parametrize("text, anchor, expected", [
    ("Shops close on Thanksgiving.", dt.date(2026, 11, 20), ("Thanksgiving", "2026-11-26")),
    ("Sales slumped after Christmas 2024.", TUESDAY, ("Christmas 2024", "2024-12-25")),
    ("Pilgrims gathered for Easter.", dt.date(2026, 4, 7), ("Easter", "2026-04-05")),
    ("The march was held on Good Friday.", dt.date(2026, 4, 7), ("Good Friday", "2026-04-03")),
    ("Polls open on Election Day.", dt.date(2026, 10, 20), ("Election Day", "2026-11-03")),
    ("The parade took place on Memorial Day.", dt.date(2026, 6, 1), ("Memorial Day", "2026-05-25")),
])
def test_holidays(text, anchor, expected):
    assert only(text, anchor) == expected


def test_holidays_need_a_capital_and_an_anchor_or_year():
    assert tag("They bought a christmas tree.") == []
    assert only("Shops close on Thanksgiving.", None) == ("Thanksgiving", None)


def test_a_day_range_gives_both_days():
    assert tag("The festival runs March 3-5, 2027.") == [("March 3", "2027-03-03"),
                                                          ("5, 2027", "2027-03-05")]
    assert tag("Polls open March 30–31.") == [("March 30", "2026-03-30"), ("31", "2026-03-31")]
    assert tag("Scores of March 5-3 were posted.") == [("March 5", "2026-03-05")]


def test_the_week_of_a_day_is_its_iso_week():
    assert only("Hearings resume the week of March 9.") == ("the week of March 9", "2026-W11")


def test_the_following_day_leans_on_the_last_resolved_date():
    text = "The storm hit on March 2. The following day, schools closed. On Tuesday night, it rained."
    assert tag(text) == [("March 2", "2026-03-02"), ("The following day", "2026-03-03"),
                         ("Tuesday night", "2026-03-17")]


# ------------------------------------------------------------------ the value format


@pytest.mark.parametrize("value, kind", [
    ("2025-04-27", "day"), ("2025-W16", "week"), ("2025-W16-WE", "weekend"),
    ("2025-04", "month"), ("2025-Q3", "quarter"), ("2025-H1", "half"), ("2025-SU", "season"),
    ("2025", "year"), ("199", "decade"), ("19", "century"),
])
def test_parse_value_reads_every_kind_and_formats_it_back(value, kind):
    from storycheck.timex.values import parse_value

    parsed = parse_value(value)
    assert parsed.kind == kind
    assert parsed.format() == value


@pytest.mark.parametrize("value", ["PRESENT_REF", "XXXX-04", "P2W", "2025-13", "2025-02-30",
                                   "2025-W60", "", None])
def test_parse_value_rejects_what_is_not_a_calendar_value(value):
    from storycheck.timex.values import parse_value, value_range

    assert parse_value(value) is None
    assert value_range(value) is None


def test_ranges_of_halves_seasons_and_centuries():
    assert timex.value_range("2025-H2") == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert timex.value_range("2025-SU") == (dt.date(2025, 6, 1), dt.date(2025, 8, 31))
    assert timex.value_range("19") == (dt.date(1900, 1, 1), dt.date(1999, 12, 31))


def test_compare_values_across_granularities():
    from storycheck.timex import compare_values

    assert compare_values("2025-04-27", "2025") == 0
    assert compare_values("2025-W16", "2025-04-27") == -1
    assert compare_values("2025-Q3", "2025-06") == 1
    assert compare_values("PRESENT_REF", "2025") is None


def test_describe_value_for_readers():
    from storycheck.timex import describe_value

    assert describe_value("2026-03-10") == "10 Mar 2026"
    assert describe_value("2026-03") == "Mar 2026"
    assert describe_value("2026-W11") == "week 11, 2026"
    assert describe_value("2026-Q1") == "Q1 2026"
    assert describe_value("2025-WI") == "winter 2025"
    assert describe_value("199") == "1990s"
    assert describe_value(None) == "date unknown"
    assert describe_value("PRESENT_REF") == "PRESENT_REF"


def test_shifts_keep_or_refuse_the_grain():
    from storycheck.timex.values import same_period_years_back, shift_value

    assert shift_value("2025-12-31", "day", 1) == "2026-01-01"
    assert shift_value("2025-12-31", "month", 1) == "2026-01"
    assert shift_value("2025-Q4", "quarter", 1) == "2026-Q1"
    assert shift_value("2025", "month", 1) is None  # coarser than the unit
    assert same_period_years_back("2025-Q3", 1) == "2024-Q3"
    assert same_period_years_back("2025-SU", 2) == "2023-SU"
    assert same_period_years_back("199", 1) is None
