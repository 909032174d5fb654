"""One person given as male and as female by independent sources (steps.sex_variants)."""
from __future__ import annotations

from storycheck.models import Citation, Claim
from storycheck.steps.sex_variants import sex_disagreements


def claim(doc: str, n: int, text: str) -> Claim:
    return Claim(f"{doc}-c{n}", Citation(doc, 0, len(text), text))


def every_pair_one_frame(pairs):
    return [True] * len(pairs)


def found(claims, voices=None, same_frames=every_pair_one_frame):
    voices = voices or {c.citation.document: c.citation.document for c in claims}
    return [(d.about, d.subject, {value: [c.document for c in cited]
                                  for value, cited in d.sides.items()})
            for d in sex_disagreements(claims, voices, same_frames)]


def test_a_brother_in_one_report_and_a_sister_in_another_is_a_sex_conflict():
    claims = [claim("a", 1, "A 19-year-old and his 12-year-old brother were cut by glass."),
              claim("b", 1, "A 19-year-old man and his 12-year-old sister were cut by glass."),
              claim("c", 1, "The 12-year-old brother was treated at the scene.")]
    assert found(claims) == [("sex", "brother / sister", {"brother": ["a"], "sister": ["b"]})]


def test_a_report_that_writes_both_words_speaks_of_two_people():
    claims = [claim("a", 1, "A man was shot in the leg on Elm Street."),
              claim("a", 2, "A woman was also hurt."),
              claim("b", 1, "A woman was shot in the leg on Elm Street.")]
    assert found(claims) == []


def test_different_ages_are_two_people_and_different_wordings_are_two_statements():
    ages = [claim("a", 1, "A 14-year-old boy died after being shot in the chest."),
            claim("b", 1, "A 4-year-old girl died after being shot in the chest.")]
    assert found(ages) == []
    unlike = [claim("a", 1, "The boy was later arrested by deputies at a friend's house."),
              claim("b", 1, "A girl who lives nearby said the boy had no gun.")]
    assert found(unlike) == []


def test_copies_and_passages_of_two_events_dispute_nothing():
    claims = [claim("a", 1, "Police said a woman was found wounded in the car."),
              claim("b", 1, "Police said a man was found wounded in the car.")]
    assert found(claims, {"a": "a", "b": "a"}) == []  # b is a copy of a
    assert found(claims, same_frames=lambda pairs: [False] * len(pairs)) == []
    assert found(claims, same_frames=None) == []  # no judge: nothing to say they are one event
    assert found(claims) == [("sex", "man / woman", {"man": ["b"], "woman": ["a"]})]
