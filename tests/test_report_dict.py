"""A report rebuilt from its dict (the store's cached JSON) equals the report it came from."""
from __future__ import annotations

import datetime as dt
import json

from storycheck.io.report_dict import report_from_dict
from storycheck.models import (AnalysedDocument, Citation, ClaimGroup, CopyLink, Coverage,
                               Document, Quote, Removed, Report, Skipped, Span, Story,
                               TimeExpression, TimelineEvent, Variance, VarianceSide)

TEXT = "The mill at Harrowgate shut on 3 May. At least 40 staff lost their jobs, the union said."


def cite(doc: str, start: int, end: int, text: str = TEXT) -> Citation:
    return Citation(doc, start, end, text[start:end])


def sample_report() -> Report:
    docs = tuple(AnalysedDocument(
        Document(id=d, source=f"{d}.txt", text=TEXT, title="Harrowgate mill shuts",
                 outlet=outlet, published=dt.datetime(2025, 5, 3, 9, tzinfo=dt.timezone.utc),
                 url=f"https://{d}.example/mill", truncated=d == "b",
                 removed=(Removed("Subscribe now", "promo"),), summary=(Span(0, 10),)),
        dates=(TimeExpression(31, 36, "3 May", "2025-05-03"),))
        for d, outlet in (("a", "Wold Echo"), ("b", "Dale Times")))
    story = Story(
        id="s1", title="Harrowgate mill shuts", documents=("a", "b"),
        claims=(ClaimGroup("c1", TEXT[:37], "corroborated", 2, (cite("a", 0, 37), cite("b", 0, 37)),
                           ("the union",)),),
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
    data = json.loads(report.to_json())
    rebuilt = report_from_dict(data)
    assert rebuilt.stories == report.stories  # variances keep their subject
    assert rebuilt.skipped == report.skipped
    assert [a.document for a in rebuilt.documents] == [a.document for a in report.documents]
    assert [a.dates for a in rebuilt.documents] == [a.dates for a in report.documents]
    assert json.loads(rebuilt.to_json()) == data


def test_the_variance_subject_reaches_the_rebuilt_brief():
    rebuilt = report_from_dict(json.loads(sample_report().to_json()))
    assert rebuilt.stories[0].variances[0].subject == "staff"
    assert "### Number conflict (staff):" in rebuilt.to_markdown()
