"""Names spelled two ways by independent sources (steps.name_variants)."""
from __future__ import annotations

from storycheck.models import Citation, Claim, Entity
from storycheck.steps.name_variants import name_disagreements


def claim(doc: str, n: int, text: str, *names: str) -> Claim:
    entities = tuple(Entity(text.index(name), text.index(name) + len(name), name, "PERSON")
                     for name in names)
    return Claim(f"{doc}-c{n}", Citation(doc, 0, len(text), text), entities=entities)


def found(claims, voices=None):
    voices = voices or {c.citation.document: c.citation.document for c in claims}
    return [(d.about, d.subject, sorted(d.sides)) for d in name_disagreements(claims, voices)]


def test_a_surname_spelled_two_ways_by_two_outlets_is_a_name_conflict():
    claims = [claim("a", 1, "The girl, Keisha Adkins, was taken to hospital.", "Keisha Adkins"),
              claim("b", 1, "Keisha Atkins, 9, was hurt by flying glass.", "Keisha Atkins")]
    assert found(claims) == [("name", "spelling", ["Keisha Adkins", "Keisha Atkins"])]


def test_a_possessive_and_a_plain_mention_are_one_spelling():
    claims = [claim("a", 1, "Marquise Wooden's lawyer spoke.", "Marquise Wooden's"),
              claim("b", 1, "Marquise Wooden was charged.", "Marquise Wooden")]
    assert found(claims) == []


def test_short_names_one_letter_apart_are_two_people():
    claims = [claim("a", 1, "Jon Brandt was arrested.", "Jon Brandt"),
              claim("b", 1, "Jan Brandt was arrested.", "Jan Brandt")]
    assert found(claims) == []


def test_two_different_surnames_are_not_a_spelling():
    claims = [claim("a", 1, "Mariah Gilford was hurt.", "Mariah Gilford"),
              claim("b", 1, "Maria Gebhart was hurt.", "Maria Gebhart")]
    assert found(claims) == []


def test_an_outlet_that_writes_both_spellings_and_copies_of_it_dispute_nothing():
    claims = [claim("a", 1, "Officer Dana Kessler fired.", "Dana Kessler"),
              claim("a", 2, "Officer Dana Kesler was placed on leave.", "Dana Kesler"),
              claim("b", 1, "Dana Kesler, an officer, fired.", "Dana Kesler")]
    assert found(claims) == []  # only "a" writes Kessler, and it also writes Kesler
    copies = [claim("a", 1, "Officer Dana Kessler fired.", "Dana Kessler"),
              claim("b", 1, "Officer Dana Kesler fired.", "Dana Kesler")]
    assert found(copies, {"a": "a", "b": "a"}) == []  # b is a copy of a


def test_feminine_and_masculine_forms_of_a_first_name_are_two_people():
    claims = [claim("a", 1, "Maria Quintero was hurt.", "Maria Quintero"),
              claim("b", 1, "Mario Quintero was hurt.", "Mario Quintero")]
    assert found(claims) == []


def test_a_report_that_names_both_spellings_speaks_of_two_people():
    claims = [claim("a", 1, "Louis Brandon and Louise Brandon were home.", "Louis Brandon",
                    "Louise Brandon"),
              claim("b", 1, "Louis Brandon called police.", "Louis Brandon"),
              claim("c", 1, "Louise Brandon called police.", "Louise Brandon")]
    assert found(claims) == []
    without_a = claims[1:]  # two outlets, one spelling each: a variance
    assert found(without_a) == [("name", "spelling", ["Louis Brandon", "Louise Brandon"])]
