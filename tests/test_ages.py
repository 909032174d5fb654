"""Ages as news writes them (nlp.ages), and when two ages disagree."""
from __future__ import annotations

import datetime as dt

from storycheck.models import Citation, Claim, Document, Entity
from storycheck.nlp.ages import age_holder
from storycheck.nlp.judge import differences
from storycheck.steps.extract import find_quantities
from storycheck.steps.variance import number_disagreements


def ages(text: str) -> list[tuple[str, float, str | None]]:
    return [(q.text, q.value, age_holder(text, q.start, q.end))
            for q in find_quantities(text) if q.unit == "years old"]


def test_the_three_ways_news_gives_an_age_and_whose_it_is():
    assert ages("Dana Reyes, 23, of Elm Street was arrested.") == [("23", 23.0, "Reyes")]
    assert ages("A 32-year-old man and a 5-year-old boy were hurt.") == [
        ("32-year-old", 32.0, "man"), ("5-year-old", 5.0, "boy")]
    assert ages("Police named 41-year-old Tomas K. Lindgren's neighbour.") == [
        ("41-year-old", 41.0, "Lindgren")]
    assert ages("The man who died was 32 years old.") == [("32 years old", 32.0, None)]
    assert ages("He was 32 years old, police said.") == [("32 years old", 32.0, None)]
    assert ages("Olsen, 19, and Marsh, 20, were held.") == [
        ("19", 19.0, "Olsen"), ("20", 20.0, "Marsh")]


def test_a_figure_after_a_comma_is_an_age_only_after_a_name():
    quantities = find_quantities("In January, 23 people were hurt.")
    assert [(q.text, q.unit) for q in quantities] == [("23 people", "people")]


def claim(doc: str, text: str, person: str | None = None) -> Claim:
    people = (Entity(text.index(person), text.index(person) + len(person), person, "PERSON"),) \
        if person else ()
    return Claim(f"{doc}-c1", Citation(doc, 0, len(text), text),
                 quantities=tuple(find_quantities(text)), entities=people)


def test_two_peoples_ages_are_no_clash_but_one_persons_two_ages_are():
    boy = claim("a", "A 5-year-old boy was shot in the arm at the fair.")
    woman = claim("b", "A 20-year-old woman was shot in the arm at the fair.")
    assert "number" not in {d.kind for d in differences(boy, woman)}
    older = claim("b", "A 7-year-old boy was shot in the arm at the fair.")
    assert "number" in {d.kind for d in differences(boy, older)}


def test_independent_reports_giving_one_named_person_two_ages_disagree():
    docs = {d: Document(d, f"{d}.txt", "", published=dt.datetime(2031, 5, day))
            for d, day in (("a", 1), ("b", 2), ("c", 3))}
    claims = [claim("a", "Prosecutors charged 22-year-old Jorun Alvik with murder.", "Jorun Alvik"),
              claim("b", "A third suspect, 23-year-old Jorun Alvik, was charged in June.",
                    "Jorun Alvik"),
              claim("c", "A 6-year-old girl and a 9-year-old girl were treated.")]
    [found] = number_disagreements(claims, {"a": "a", "b": "b", "c": "c"}, docs)
    assert (found.about, found.kind, sorted(found.sides)) == (
        "number", "contradiction", ["22 years old", "23 years old"])  # not an 'update'


def test_a_place_before_the_noun_is_not_one_persons_name():
    docs = {d: Document(d, f"{d}.txt", "", published=dt.datetime(2031, 5, 1)) for d in "ab"}
    claims = [claim("a", "A 32-year-old Lakeview man was shot near Elm Street."),
              claim("b", "A 19-year-old Lakeview man was arrested near Elm Street.")]
    assert number_disagreements(claims, {"a": "a", "b": "b"}, docs) == []
