"""Presentation helpers of the web pages (web.present, storycheck.highlight), on a
hand-built report: claim order, source chips and copies, the matrix, runs, links."""
from __future__ import annotations

import json

from storycheck.highlight import highlight_runs, split_paragraphs, with_focus
from storycheck.models import (AnalysedDocument, Citation, ClaimGroup, CopyLink, Coverage,
                               Document, Report, Story)
from storycheck.web.present import StoryPage, document_url, parse_span, pretty_date
from storycheck.outputs import to_json

TEXT = "The Brennock tram depot closed on Monday.\nBuses replace the trams until July."
OUTLETS = {"post": "Brennock Post", "wire": "Fen Wire", "copy": "Daily Digest", "anon": None}


def cite(doc: str, start: int, end: int) -> Citation:
    return Citation(doc, start, end, TEXT[start:end])


def story_page() -> StoryPage:
    docs = tuple(AnalysedDocument(Document(d, f"{d}.txt", TEXT, title=f"Depot story {d}",
                                           outlet=outlet)) for d, outlet in OUTLETS.items())
    closed, buses = (0, 41), (42, len(TEXT))
    claims = (
        ClaimGroup("c1", TEXT[42:], "corroborated", 2,
                   tuple(cite(d, *buses) for d in ("copy", "post", "wire"))),
        ClaimGroup("c2", TEXT[:41], "corroborated", 3,
                   tuple(cite(d, *closed) for d in ("post", "wire", "copy", "anon"))),
    )
    story = Story("s1", "Depot closes", tuple(OUTLETS), claims=claims,
                  coverage=tuple(Coverage(d, ("c1", "c2"), (), ()) for d in OUTLETS),
                  copies=(CopyLink("copy", "post", "document", 0.97),))
    return StoryPage(json.loads(to_json(Report(docs, (story,)))))


def test_claims_with_more_independent_sources_come_first():
    assert [g.id for g in story_page().with_status("corroborated")] == ["c2", "c1"]


def test_copy_chips_say_they_do_not_count_and_why():
    page = story_page()
    group = page.with_status("corroborated")[1]
    chips = page.chips(group.support)
    assert [(c.label, c.copy) for c in chips] == [("Brennock Post", False), ("Fen Wire", False),
                                                  ("Daily Digest", True)]
    assert chips[-1].note == "a copy of Brennock Post: not counted as an independent source"
    assert page.uncounted(group.support) == 1


def test_matrix_puts_a_copy_after_its_original_and_names_it():
    columns = story_page().matrix_columns
    assert [(c.doc.id, c.copy_of) for c in columns] == [
        ("post", None), ("copy", "Brennock Post"), ("wire", None), ("anon", None)]


def test_document_page_runs_highlight_claims_and_the_focus():
    page = story_page().document("post")
    paragraphs = page.paragraphs(focus=(4, 12))
    assert len(paragraphs) == 2
    first = [(r.text, r.status, r.focus) for r in paragraphs[0]]
    assert first == [("The ", "corroborated", False), ("Brennock", "corroborated", True),
                     (" tram depot closed on Monday.", "corroborated", False)]
    assert story_page().document("missing") is None


def test_runs_skip_overlapping_marks_and_split_paragraphs():
    runs = highlight_runs("ab\ncd", [(0, 2, "disputed", "c1"), (1, 3, "corroborated", "c2")])
    assert [(r.text, r.status, r.start) for r in runs] == [("", None, 0), ("ab", "disputed", 0),
                                                          ("\ncd", None, 2)]
    focused = with_focus(runs, 3, 4)
    assert [(r.text, r.focus) for p in split_paragraphs(focused) for r in p] == [
        ("ab", False), ("c", True), ("d", False)]


def test_links_and_dates():
    assert document_url("news/a b.txt") == "/documents/news/a%20b.txt"
    assert document_url("x", Citation("x", 3, 9, "")) == "/documents/x?at=3-9#focus"
    assert parse_span("120-245") == (120, 245) and parse_span("nope") is None
    assert pretty_date("2026-03-10") == "10 Mar 2026" and pretty_date(None) == "date unknown"
