"""Story building on small, hand-written reports of one fictional event."""
import datetime as dt

import pytest

from storycheck import Settings, analyze_documents
from storycheck.models import RawDocument


def raw(doc_id, outlet, day, text, title=None):
    return RawDocument(id=doc_id, source=doc_id, text=text, title=title or f"{outlet} report",
                       outlet=outlet, published=dt.datetime(2026, 5, day, 9, 0))


WIRE = ("A landslide buried part of the mountain road near Ostrava Pass on Saturday, "
        "trapping at least 8 hikers in a mountain hut.\n"
        "Rescue teams from three valleys reached the hut after a six-hour climb.\n"
        "The road was first closed in 2019 after a smaller slide.")


@pytest.fixture(scope="module")
def report(parser):
    docs = [
        raw("wire", "Alpine Wire Service", 3, WIRE),
        raw("copy", "Valley Times Online", 4, WIRE.replace("six-hour", "six hour")),
        raw("rewrite", "Mountain Post", 3,
            "Rescuers reached a mountain hut near Ostrava Pass after a six-hour climb on "
            "Saturday, according to Alpine Wire Service.\n"
            "The landslide trapped 11 hikers in the hut, local officials said.\n"
            "The pass road was first closed in 2017 after an earlier slide."),
        raw("local", "Ostrava Courier", 3,
            "A landslide buried the mountain road near Ostrava Pass on Saturday and trapped "
            "at least 8 hikers in a hut.\n"
            "Ostrava Pass road had first been shut in 2019, when a smaller slide hit it.\n"
            "The hut's owner, Petra Lind, said the building had survived three winters of storms."),
    ]
    return analyze_documents(docs, Settings(group_stories=False), parser=parser)


def groups_with(report, phrase):
    return [g for g in report.stories[0].claims if any(phrase in c.text for c in g.support)]


def test_copy_detected_and_not_counted_as_independent(report):
    story = report.stories[0]
    assert [(c.copy, c.original, c.scope) for c in story.copies if c.scope == "document"] == [
        ("copy", "wire", "document")]
    rescue = groups_with(report, "three valleys")
    assert len(rescue) == 1
    docs = {c.document for c in rescue[0].support}
    assert {"wire", "copy"} <= docs
    assert rescue[0].sources == 1
    assert rescue[0].status == "single-source"


def test_rewrite_crediting_the_wire_is_not_independent(report):
    closure = groups_with(report, "first closed")
    assert len(closure) == 1
    docs = {c.document for c in closure[0].support}
    assert {"wire", "rewrite"} <= docs
    # the wire and the rewrite that credits it count once; the local paper is a second source
    assert closure[0].sources == (2 if "local" in docs else 1)


def test_independent_outlets_corroborate(report):
    landslide = groups_with(report, "buried")
    assert len(landslide) == 1
    assert {c.document for c in landslide[0].support} >= {"wire", "local"}
    assert landslide[0].sources == 2
    assert landslide[0].status in ("corroborated", "disputed")


def test_number_and_date_conflicts_shown_side_by_side(report):
    story = report.stories[0]
    by_about = {v.about: v for v in story.variances}
    numbers = {s.value: {c.document for c in s.support} for s in by_about["number"].sides}
    assert numbers["at least 8 hikers"] >= {"wire", "local"}
    assert numbers["11 hikers"] == {"rewrite"}
    assert by_about["number"].kind == "contradiction"
    # the rewrite credits the wire, yet the changed year is still shown
    dates = {s.value: {c.document for c in s.support} for s in by_about["date"].sides}
    assert dates["2017"] == {"rewrite"} and "wire" in dates["2019"]
    claims = {g.id: g for g in story.claims}
    assert claims[by_about["date"].claim].status == "disputed"


def test_single_source_detail_and_coverage(report):
    story = report.stories[0]
    lind = groups_with(report, "Petra Lind")[0]
    assert lind.status == "single-source"
    coverage = {c.document: c for c in story.coverage}
    assert lind.id in coverage["local"].only
    assert all(lind.id not in c.only for d, c in coverage.items() if d != "local")


def test_timeline_is_ordered_and_cited(report):
    timeline = report.stories[0].timeline
    dates = [e.date for e in timeline]
    assert dates == sorted(dates)
    assert "2026-05-02" in dates  # "on Saturday" in reports published on Sunday 3 May 2026
    assert all(e.support for e in timeline)


def test_later_higher_figure_is_an_update(parser):
    docs = [
        raw("early", "Harbour Radio", 3, "Officials said 4 boats sank in the storm at Kelp Harbour."),
        raw("later", "Coast Daily", 4, "The number of boats that sank in the storm at Kelp Harbour "
            "rose to 7, officials said."),
    ]
    report = analyze_documents(docs, Settings(group_stories=False), parser=parser)
    (variance,) = report.stories[0].variances
    assert variance.about == "number" and variance.kind == "update"
    assert {s.value for s in variance.sides} == {"4 boats", "7 boats"}
    assert report.stories[0].claims[0].status != "disputed"


def test_clock_times_an_hour_apart_in_differently_worded_claims_are_disputed(parser):
    docs = [
        raw("first", "Harbour Radio", 3, "A fishing boat caught fire at Kelp Harbour around "
            "2 a.m. on Saturday, the harbour master said. Nobody was on board."),
        raw("second", "Coast Daily", 4, "The blaze on the trawler at Kelp Harbour broke out at "
            "about 1 a.m. on Saturday while the crew were ashore, firefighters said."),
    ]
    report = analyze_documents(docs, Settings(group_stories=False), parser=parser)
    (variance,) = [v for v in report.stories[0].variances if v.about == "time"]
    assert variance.kind == "contradiction"
    assert [s.value for s in variance.sides] == ["2 a.m. on Saturday", "1 a.m. on Saturday"]
    assert [c.document for s in variance.sides for c in s.support] == ["first", "second"]


def test_a_victim_written_as_a_brother_and_as_a_sister_is_disputed(parser):
    docs = [
        raw("first", "Harbour Radio", 3, "A fishing boat capsized at Kelp Harbour on Saturday. "
            "A 17-year-old deckhand and his 13-year-old brother were pulled from the water."),
        raw("second", "Coast Daily", 4, "Two people were rescued when a boat overturned at Kelp "
            "Harbour. A 17-year-old deckhand and his 13-year-old sister were pulled from the "
            "water, the coast guard said."),
    ]
    report = analyze_documents(docs, Settings(group_stories=False), parser=parser)
    (variance,) = [v for v in report.stories[0].variances if v.about == "sex"]
    assert variance.kind == "contradiction" and variance.subject == "brother / sister"
    assert {s.value: [c.document for c in s.support] for s in variance.sides} == \
        {"brother": ["first"], "sister": ["second"]}


def test_a_sentence_stating_several_claims_supports_each(parser):
    docs = [raw("a", "Harbour Daily", 3, "Priya Halvorsen, 37, died in the ferry fire at Tarrow Quay."),
            raw("c", "Quay Courier", 3, "The ferry fire at Tarrow Quay started in the engine room."),
            raw("b", "Coast Radio", 4, "Harbour police said the ferry fire that started in the "
                "engine room at Tarrow Quay on Saturday killed Priya Halvorsen, 37, a nurse.")]

    def cause(threshold):
        story = analyze_documents(docs, Settings(group_stories=False,
                                                 stated_within_threshold=threshold),
                                  parser=parser).stories[0]
        (group,) = [g for g in story.claims if g.text.startswith("The ferry fire")]
        return group, story

    alone, before = cause(1.0)
    assert alone.status == "single-source" and [c.document for c in alone.support] == ["c"]
    group, after = cause(0.4)
    # the radio's sentence states the cause too: a second independent source for it,
    # while the group is still worded by its own claim and the radio keeps its own group
    assert group.status == "corroborated" and {c.document for c in group.support} == {"b", "c"}
    assert group.text == alone.text
    assert len(after.claims) == len(before.claims) and after.variances == before.variances


def test_a_clause_cut_from_its_speech_verb_keeps_who_said_it(parser):
    from storycheck.outputs import to_dict, to_markdown
    from storycheck.outputs.report_json import report_from_dict
    docs = [raw("a", "Harbour Radio", 3, "The harbour master said the ferry talks had begun, and "
                "that no date for a new timetable had been set. The pier was repaired last "
                "year, she said.")]
    report = analyze_documents(docs, Settings(group_stories=False), parser=parser)
    said = {g.text: g.said_by for g in report.stories[0].claims}
    assert said["that no date for a new timetable had been set."] == "The harbour master"
    assert said["The harbour master said the ferry talks had begun"] is None  # said in its words
    assert said["The pier was repaired last year, she said."] is None  # "she said" is there
    assert "\\[The harbour master said\\] that no date" in to_markdown(report)
    assert report_from_dict(to_dict(report)).stories == report.stories  # said_by in the JSON


def test_a_question_or_an_unresolved_pronoun_gets_no_speaker():
    from storycheck.models import Citation, Claim, Frame
    from storycheck.steps.story import speaker_outside

    def cut(text, source):
        return Claim("d@0", Citation("d", 0, len(text), text),
                     frame=Frame("flee", "move", source=source, modality="reported"))
    assert speaker_outside(cut("that the gunmen fled on foot.", "Police")) == "Police"
    assert speaker_outside(cut("why the gunmen fled on foot.", "Police")) is None  # "did not say why"
    assert speaker_outside(cut("that the gunmen fled on foot.", "who")) is None
