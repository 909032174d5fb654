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


def test_a_first_name_the_entity_model_cut_off_still_counts():
    # the tagger read only "Tavon Brickell" in b; the capitalised word before it is the name's
    # ("Monday", two words back, is not)
    claims = [claim("a", 1, "Those held are Demarcus Tavon Brickell, 19, of Elm Park.",
                    "Demarcus Tavon Brickell"),
              claim("b", 1, "On Monday Demarkus Tavon Brickell, 19, was charged.", "Tavon Brickell"),
              claim("c", 1, "Brickel was held on $50,000 bond.", "Brickel")]
    # and c's surname alone, one letter short, is a spelling of its own
    assert sorted(found(claims)) == [
        ("name", "spelling", ["Brickel", "Brickell"]),
        ("name", "spelling", ["Demarcus Tavon Brickell", "Demarkus Tavon Brickell"])]


def test_lone_surnames_one_letter_apart_are_two_people_when_their_first_names_differ():
    claims = [claim("a", 1, "Paul Green, 40, was shot.", "Paul Green"),
              claim("b", 1, "Green died at the scene.", "Green"),
              claim("c", 1, "Ann Greer, a neighbour, called police.", "Ann Greer"),
              claim("d", 1, "Greer heard two shots.", "Greer")]
    assert found(claims) == []
    # surnames the story never gives a first name are not compared at all
    assert found([claims[1], claims[3]]) == []


def test_a_lone_first_name_is_not_a_spelling_of_a_surname():
    claims = [claim("a", 1, "Her father Robert Mills was in court.", "Robert Mills"),
              claim("b", 1, "Robert wept as the plea was read.", "Robert"),
              claim("c", 1, "Judge Ann Roberts heard the plea.", "Ann Roberts"),
              claim("d", 1, "Roberts set sentencing for May.", "Roberts")]
    assert found(claims) == []
