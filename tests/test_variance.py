"""Where independent sources disagree (steps.variance): numbers, updates, dates, copies."""
from __future__ import annotations

import datetime as dt

from storycheck.models import Citation, Claim, Document, Quantity
from storycheck.nlp.judge import dates_agree
from storycheck.steps.variance import number_disagreements

DAY = dt.datetime(2031, 4, 7, 9)


def claim(doc: str, text: str, number: str, value: float, unit: str,
          qualifier: str | None = None) -> Claim:
    start = text.index(number)
    return Claim(f"{doc}-c1", Citation(doc, 0, len(text), text),
                 quantities=(Quantity(start, start + len(number), number, value, unit, qualifier),))


def docs(**published) -> dict[str, Document]:
    return {d: Document(d, f"{d}.txt", "", published=when) for d, when in published.items()}


HURT_12 = "At least 12 workers were injured when the gantry crane fell onto the quay."
HURT_15 = "A total of 15 workers were injured when the gantry crane fell onto the quay."
ROSE_15 = "The number of workers injured when the gantry crane fell rose to 15 workers."


def test_different_figures_from_independent_sources_are_a_contradiction():
    claims = [claim("a", HURT_12, "12 workers", 12, "workers", "at least"),
              claim("b", HURT_15, "15 workers", 15, "workers")]
    by_id = docs(a=DAY, b=DAY - dt.timedelta(days=1))  # the larger figure came first
    [found] = number_disagreements(claims, {"a": "a", "b": "b"}, by_id)
    assert (found.about, found.kind, found.subject) == ("number", "contradiction", "workers")
    assert list(found.sides) == ["at least 12 workers", "15 workers"]
    assert [c.document for c in found.sides["15 workers"]] == ["b"]


def test_a_later_larger_figure_is_an_update():
    claims = [claim("a", HURT_12, "12 workers", 12, "workers", "at least"),
              claim("b", ROSE_15, "15 workers", 15, "workers")]
    found = number_disagreements(claims, {"a": "a", "b": "b"},
                                 docs(a=DAY, b=DAY + dt.timedelta(days=1)))
    assert [f.kind for f in found] == ["update"]


def test_without_dates_an_update_cannot_be_told_apart():
    claims = [claim("a", HURT_12, "12 workers", 12, "workers"),
              claim("b", ROSE_15, "15 workers", 15, "workers")]
    found = number_disagreements(claims, {"a": "a", "b": "b"}, docs(a=None, b=DAY))
    assert [f.kind for f in found] == ["contradiction"]


def test_a_copy_cannot_dispute_its_original():
    claims = [claim("a", HURT_12, "12 workers", 12, "workers"),
              claim("b", HURT_15, "15 workers", 15, "workers")]
    same_source = {"a": "a", "b": "a"}  # b copies a: one component
    assert number_disagreements(claims, same_source, docs(a=DAY, b=DAY)) == []


def test_unrelated_counts_of_one_unit_are_not_compared():
    claims = [claim("a", HURT_12, "12 workers", 12, "workers"),
              claim("b", "The terminal employs 400 workers on three shifts a day.",
                    "400 workers", 400, "workers")]
    assert number_disagreements(claims, {"a": "a", "b": "b"}, docs(a=DAY, b=DAY)) == []


def test_dates_agree_when_one_contains_the_other():
    assert dates_agree("2025", "2025-04") and dates_agree("2025-W16", "2025-04-15")
    assert not dates_agree("2023", "2024")
    assert dates_agree("2024", "sometime")  # an unknown form is never a clash


def test_one_action_credited_to_two_actors_is_an_agent_conflict_unless_one_is_the_initials():
    from storycheck.models import Entity
    from storycheck.steps.variance import agent_disagreements

    def said(doc: str, text: str, org: str) -> Claim:
        start = text.index(org)
        return Claim(f"{doc}-c1", Citation(doc, 0, len(text), text),
                     entities=(Entity(start, start + len(org), org, "ORG"),))

    board = said("a", "The Harbour Safety Board suspended the ferry licence on Monday.",
                 "Harbour Safety Board")
    guard = said("b", "The Coastal Guard suspended the ferry licence on Monday.", "Coastal Guard")
    initials = said("c", "HSB suspended the ferry licence on Monday.", "HSB")
    voices = {"a": "a", "b": "b", "c": "c"}
    [found] = agent_disagreements([board, guard], voices)
    assert (found.about, sorted(found.sides)) == ("agent", ["Coastal Guard", "Harbour Safety Board"])
    assert agent_disagreements([board, initials], voices) == []


def timed(doc: str, text: str, clock: str) -> Claim:
    from storycheck.models import TimeExpression
    start = text.index(clock)
    return Claim(f"{doc}-c1", Citation(doc, 0, len(text), text),
                 dates=(TimeExpression(start, start + len(clock), clock, "2031-04-05"),))


def test_clock_times_of_one_event_an_hour_apart_are_a_time_conflict():
    from storycheck.steps.variance import time_disagreements
    from storycheck.timex import clock_minutes

    assert [clock_minutes(t) for t in ("2:40 p.m. Saturday", "16:00 UTC", "noon", "12 a.m.",
                                       "Saturday", "3.45")] == [880, 960, 720, 0, None, None]
    two = timed("a", "The crash happened around 2 a.m. Saturday on the ring road.",
                "2 a.m. Saturday")
    one = timed("b", "Her car was hit at about 1 a.m. Saturday, the driver said.",
                "1 a.m. Saturday")
    near = timed("c", "The crash happened at 2:20 a.m. Saturday on the ring road.",
                 "2:20 a.m. Saturday")
    one_event = lambda pairs: [True] * len(pairs)  # noqa: E731 - the judge's P(same frame), stubbed
    [found] = time_disagreements([two, one, near], {"a": "a", "b": "b", "c": "c"}, one_event)
    assert (found.about, found.kind) == ("time", "contradiction")
    assert list(found.sides) == ["2 a.m. Saturday", "1 a.m. Saturday", "2:20 a.m. Saturday"]
    assert [c.document for c in found.sides["1 a.m. Saturday"]] == ["b"]
    assert time_disagreements([two, near], {"a": "a", "c": "c"}, one_event) == []
    assert time_disagreements([two, one], {"a": "a", "b": "a"}, one_event) == []  # a copy
    assert time_disagreements([two, one], {"a": "a", "b": "b"},
                              lambda pairs: [False] * len(pairs)) == []
    assert time_disagreements([two, one], {"a": "a", "b": "b"}, None) == []
