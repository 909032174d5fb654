"""When and by whom one thing ended, given two ways (steps.once_variants)."""
from __future__ import annotations

import datetime as dt

from storycheck import Settings, analyze_documents
from storycheck.models import Document, RawDocument
from storycheck.steps.analyse import analyse_document
from storycheck.steps.once_variants import once_disagreements
from storycheck.steps.segment import paragraphs

PUBLISHED = dt.datetime(2026, 3, 2)


def claims_of(parser, **texts):
    claims = []
    for doc_id, text in texts.items():
        doc = Document(id=doc_id, source=doc_id, text=text, published=PUBLISHED)
        claims += analyse_document(doc, parser.parse(paragraphs(doc))).claims
    return claims


def found(claims, voices=None):
    voices = voices or {c.citation.document: c.citation.document for c in claims}
    return {(d.about, d.subject): {value: sorted(c.document for c in cited)
                                   for value, cited in d.sides.items()}
            for d in once_disagreements(claims, voices)}


COURT = ("Norway leaned on its fishing pact with Iceland, which was struck down by the "
         "Supreme Court in 2021.")
CABINET = "The fishing pact with Iceland was scrapped by the new cabinet in 2022."


def test_one_pact_ended_in_two_years_by_two_actors(parser):
    result = found(claims_of(parser, a=COURT, b=CABINET))
    assert set(result) == {("date", "end of its fishing pact with Iceland"),
                           ("agent", "end of its fishing pact with Iceland")}
    assert result[("date", "end of its fishing pact with Iceland")] == {
        "2021": ["a"], "2022": ["b"]}
    assert result[("agent", "end of its fishing pact with Iceland")] == {
        "the Supreme Court": ["a"], "the new cabinet": ["b"]}


def test_agreeing_values_other_things_and_copies_dispute_nothing(parser):
    agreeing = "The fishing pact with Iceland was struck down by Norway's Supreme Court in 2021."
    assert found(claims_of(parser, a=COURT, b=agreeing)) == {}
    other_thing = "The fishing pact with Greenland was scrapped by the new cabinet in 2022."
    assert found(claims_of(parser, a=COURT, b=other_thing)) == {}
    assert found(claims_of(parser, a=COURT, b=CABINET), {"a": "a", "b": "a"}) == {}
    nameless = claims_of(parser, a="The bus pass scheme was cancelled by the council in 2021.",
                         b="The bus pass scheme was scrapped by the mayor in 2022.")
    assert found(nameless) == {}  # "the scheme" could be any scheme
    hedged = "The fishing pact with Iceland may be scrapped by the new cabinet in 2027."
    assert found(claims_of(parser, a=COURT, b=hedged)) == {}


def test_the_story_shows_the_clash_once_with_its_sides(parser):
    docs = [RawDocument(id=i, source=i, text=text, title=f"Report {i}", outlet=f"Outlet {i}",
                        published=PUBLISHED) for i, text in (("a", COURT), ("b", CABINET))]
    story = analyze_documents(docs, Settings(group_stories=False), parser=parser).stories[0]
    dates = [v for v in story.variances if v.about == "date"]
    assert len(dates) == 1
    assert sorted(side.value for side in dates[0].sides) == ["2021", "2022"]


def test_a_clash_the_claim_group_already_shows_is_not_shown_twice(parser):
    texts = {"a": "The ferry contract with Brennholt was cancelled by the port board in 2021.",
             "b": "In 2022 the port board cancelled its ferry contract with Brennholt after "
                  "a winter of late crossings."}
    claims = claims_of(parser, **texts)
    assert list(found(claims)) == [("date", "end of the ferry contract with Brennholt")]
    docs = [RawDocument(id=i, source=i, text=text, title=f"Report {i}", outlet=f"Outlet {i}",
                        published=PUBLISHED) for i, text in texts.items()]
    story = analyze_documents(docs, Settings(group_stories=False), parser=parser).stories[0]
    assert [(v.about, v.subject) for v in story.variances] == [("date", "")]  # the group's
