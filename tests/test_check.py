"""storycheck check: stances, independent sources and verdicts on a coverage written here.

The corpus (tests/fixtures/check/) is a fictional bridge closure told by six
outlets: a wire story and its syndicated copy, an independent report, a rewrite
that credits the wire, a rebuttal, a hedged report, and a headline-only item.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storycheck import CheckReport, ClaimCheck, Settings, SourceCounts, Store, check
from storycheck.api import clean_all
from storycheck.cli import cli, main, read_claims
from storycheck.models import Citation, Document, DocumentStance, RawDocument, ValueDifference
from storycheck.steps.check import claims_to_check, verdict, with_title
from storycheck.steps.clean import clean_document
from storycheck.steps.embed import SentenceEncoder
from storycheck.steps.retrieve import ClaimIndex

from .conftest import write

CORPUS = Path(__file__).parent / "fixtures" / "check"
WIRE, COPY, LEDGER, DIGEST, COURIER, VALLEY, HEADLINE = (
    f"check/{name}" for name in ("01-calder-wire.txt", "02-westbrook-online.txt",
                                 "03-northern-ledger.txt", "04-metro-digest.txt",
                                 "05-riverside-courier.txt", "06-valley-times.txt",
                                 "07-headline-only.txt"))
SUPPORTED = "The Harlow Bridge in Calderwick was closed after inspectors found cracks in its support columns."
WRONG_NUMBER = "About 25,000 vehicles cross the Harlow Bridge every day."
BARGE = "A barge hit the Harlow Bridge."
DEMOLISHED = "The Harlow Bridge will be demolished."
REOPENS = "The Harlow Bridge will reopen in May."
ABSENT = "A new tram line opened in Calderwick last month."
SIX_WEEKS = "The Harlow Bridge will stay shut for six weeks."
CLAIMS = [SUPPORTED, WRONG_NUMBER, BARGE, DEMOLISHED, REOPENS, ABSENT, SIX_WEEKS]


# --- pieces that need no model --------------------------------------------------------


def test_title_counts_as_text_and_a_headline_only_document_is_kept():
    headline = RawDocument("h", "h.txt", "Harlow Bridge to stay shut for six weeks",
                           title="Harlow Bridge to stay shut for six weeks")
    titled = RawDocument("t", "t.txt", "Work began on Wednesday.\nCrews arrived.",
                         title="Repairs under way")
    plain, skipped = clean_all([headline], [])
    assert plain == [] and skipped[0].reason == "no article text left after cleaning"
    docs, skipped = clean_all([headline, titled], [], clean=lambda r: with_title(clean_document(r)))
    assert skipped == []
    assert docs[0].text == "Harlow Bridge to stay shut for six weeks"
    assert docs[1].text == "Repairs under way\nWork began on Wednesday.\nCrews arrived."
    opened = Document("o", "o.txt", "Repairs under way\nWork began.", title="Repairs under way")
    assert with_title(opened) is opened  # the text already opens with its title


def test_claims_file_skips_blank_and_comment_lines(tmp_path):
    path = write(tmp_path / "claims.txt", f"# claims to check\n{SUPPORTED}\n\n   \n  # note\n{BARGE}\n")
    assert read_claims(path) == [SUPPORTED, BARGE]


def test_claims_without_words_are_skipped_with_a_reason():
    skipped = []
    assert claims_to_check(["  The   bridge closed. ", "???", ""], skipped) == ["The bridge closed."]
    assert [s.reason for s in skipped] == ["no words to check", "no words to check"]
    assert skipped[0].source == "claim 2: '???'"


@pytest.mark.parametrize("counts, expected", [
    (SourceCounts(supports=2), "supported"),
    (SourceCounts(supports=3, reports=1), "supported"),
    (SourceCounts(supports=1), "reported"),
    (SourceCounts(reports=2), "reported"),
    (SourceCounts(contradicts=1, reports=1), "contradicted"),
    (SourceCounts(supports=2, contradicts=1), "disputed"),
    (SourceCounts(), "not found"),
])
def test_verdicts(counts, expected):
    assert verdict(counts, min_sources=2) == expected


def test_retrieval_puts_paraphrases_first_and_copies_in_one_entry(parser):
    from storycheck.steps.analyse import analyse_documents
    from storycheck.api import read_documents

    raws, _ = read_documents([CORPUS], Settings())
    docs, _ = clean_all(raws, [], clean=lambda r: with_title(clean_document(r)))
    analysed = analyse_documents(docs, parser)
    encoder = SentenceEncoder.load()
    index = ClaimIndex.build([c for a in analysed for c in a.claims], encoder.encode)
    wire_sentence = next(e for e in index.entries
                         if e[0].citation.text.startswith("About 18,000 vehicles cross"))
    assert {c.citation.document for c in wire_sentence} == {WIRE, COPY}
    queries = [c for a in analysed for c in a.claims if a.document.id == VALLEY]
    for query, found in zip(queries, index.search(queries, 3, encoder.encode)):
        assert len(found) == 3
        assert index.entries[found[0].entry][0].citation.text == query.citation.text
        assert found[0].score >= found[1].score >= found[2].score


def test_report_renders_the_schema_and_a_short_answer():
    evidence = Citation("a", 0, 21, "About 18,000 vehicles")
    stance = DocumentStance("a", "contradicts", (evidence,),
                            (ValueDifference("number", "25,000 vehicles", "18,000 vehicles"),))
    report = CheckReport(
        (ClaimCheck(WRONG_NUMBER, "contradicted", SourceCounts(contradicts=1), (stance,)),
         ClaimCheck(ABSENT, "not found", SourceCounts())),
        (Document("a", "a.txt", "About 18,000 vehicles", outlet="Calder *Press*"),), ())
    data = json.loads(report.to_json())
    assert data["schema"] == "storycheck-check/1"
    assert data["checks"][0]["documents"][0]["differs"] == [
        {"kind": "number", "claim_value": "25,000 vehicles", "document_value": "18,000 vehicles"}]
    assert data["checks"][0]["sources"] == {"supports": 0, "contradicts": 1, "reports": 0}
    assert data["documents"] == [{"id": "a", "source": "a.txt", "title": None,
                                  "outlet": "Calder *Press*", "published": None}]
    md = report.to_markdown()
    assert "## Contradicted: “About 25,000 vehicles" in md
    assert "Calder \\*Press\\*" in md and "25,000 vehicles (claim) vs 18,000 vehicles (document)" in md
    assert "## Not found in the coverage: “A new tram line" in md


def test_cli_needs_claims_one_way_and_something_to_check_against(tmp_path):
    claims = write(tmp_path / "claims.txt", f"{BARGE}\n")
    assert main(["check", str(CORPUS)]) == 1
    assert main(["check", str(CORPUS), "--claim", BARGE, "--claims", str(claims)]) == 1
    assert main(["check", "--claim", BARGE]) == 1
    assert main(["check", str(CORPUS), "--claim", BARGE, "--story", "s1"]) == 1
