"""A report rebuilt from its dict (the store's cached JSON) equals the report it came from."""
from __future__ import annotations

import datetime as dt
import json

from storycheck.outputs import report_from_dict
from storycheck.models import (AnalysedDocument, Argument, Citation, Claim, ClaimGroup, CopyLink,
                               Coverage, Document, Entity, Frame, Quantity, Quote, Removed, Report,
                               Skipped, Span, Story, TimeExpression, TimelineEvent, Variance,
                               VarianceSide)
from storycheck.outputs import to_json, to_markdown

TEXT = "The mill at Harrowgate shut on 3 May. At least 40 staff lost their jobs, the union said."


def cite(doc: str, start: int, end: int, text: str = TEXT) -> Citation:
    return Citation(doc, start, end, text[start:end])


def sample_claim(doc: str) -> Claim:
    """A claim with every field set, the frame's arguments included."""
    return Claim(
        f"{doc}-c2", cite(doc, 38, 88), in_summary=True,
        entities=(Entity(82, 87, "union", "ORG"),),
        quantities=(Quantity(38, 49, "At least 40", 40.0, "staff", "at least"),),
        dates=(TimeExpression(31, 36, "3 May", "2025-05-03"),), attribution="the union",
        hedged=True, negated=False, about="The mill at Harrowgate",
        frame=Frame("lose", "lose", (Argument("agent", "staff", 47, 52),
                                     Argument("patient", "jobs", 63, 67)),
                    time="2025-05-03", place="Harrowgate", modality="reported",
                    source="the union"))


def sample_report() -> Report:
    docs = tuple(AnalysedDocument(
        Document(id=d, source=f"{d}.txt", text=TEXT, title="Harrowgate mill shuts",
                 outlet=outlet, published=dt.datetime(2025, 5, 3, 9, tzinfo=dt.timezone.utc),
                 url=f"https://{d}.example/mill", truncated=d == "b",
                 removed=(Removed("Subscribe now", "promo"),), summary=(Span(0, 10),)),
        dates=(TimeExpression(31, 36, "3 May", "2025-05-03"),),
        claims=(sample_claim(d),))
        for d, outlet in (("a", "Wold Echo"), ("b", "Dale Times")))
    story = Story(
        id="s1", title="Harrowgate mill shuts", documents=("a", "b"),
        claims=(ClaimGroup("c1", TEXT[:37], "corroborated", 2, (cite("a", 0, 37), cite("b", 0, 37)),
                           ("the union",), "the Harrowgate works"),),
        variances=(Variance("v1", "number", "contradiction", "c1",
                            (VarianceSide("at least 40", (cite("a", 38, 58),)),
                             VarianceSide("45", (cite("b", 38, 58),))), subject="staff"),),
        quotes=(Quote(cite("a", 38, 88), "the union"),),
        timeline=(TimelineEvent("2025-05-03", "The mill shut", "c1", (cite("a", 0, 37),)),),
        coverage=(Coverage("a", ("c1",), (), ()), Coverage("b", ("c1",), (), ())),
        copies=(CopyLink("b", "a", "passage", 0.9),))
    return Report(docs, (story,), (Skipped("empty.txt", "no text"),))


def test_every_record_survives_the_round_trip():
    report = sample_report()
    data = json.loads(to_json(report))
    rebuilt = report_from_dict(data)
    assert rebuilt.stories == report.stories  # variances keep their subject
    assert rebuilt.skipped == report.skipped
    assert [a.document for a in rebuilt.documents] == [a.document for a in report.documents]
    assert [a.dates for a in rebuilt.documents] == [a.dates for a in report.documents]
    assert [a.claims for a in rebuilt.documents] == [a.claims for a in report.documents]
    assert json.loads(to_json(rebuilt)) == data


def test_the_variance_subject_reaches_the_rebuilt_brief():
    rebuilt = report_from_dict(json.loads(to_json(sample_report())))
    assert rebuilt.stories[0].variances[0].subject == "staff"
    assert "### Number conflict (staff):" in to_markdown(rebuilt)
