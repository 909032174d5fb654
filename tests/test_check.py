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
from storycheck.cli import cli, main
from storycheck.cli.analysis import read_claims
from storycheck.models import Citation, Claim, Document, Entity, DocumentStance, RawDocument, ValueDifference
from storycheck.steps.check import STANCES, VERDICTS, claims_to_check, verdict, with_title
from storycheck.steps.clean import clean_document
from storycheck.nlp.embed import SentenceEncoder
from storycheck.steps.retrieve import ClaimIndex

from .conftest import write
from storycheck.outputs import to_dict, to_json, to_markdown

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


def test_one_outlets_own_words_support_a_claim_by_default():
    assert Settings().check_min_sources == 1
    assert verdict(SourceCounts(supports=1, reports=2), min_sources=1) == "supported"
    assert verdict(SourceCounts(reports=2), min_sources=1) == "reported"


def _claim(text: str, negated: bool = False, name: str = "Harlow Bridge") -> Claim:
    start = text.find(name)
    entities = (Entity(start, start + len(name), name, "FAC"),) if start >= 0 else ()
    return Claim(f"d@{len(text)}", Citation("d", 0, len(text), text), entities=entities,
                 negated=negated)


def test_stance_rules_on_judgements():
    from storycheck.steps.check import pair_stance
    from storycheck.nlp.judge import Difference, PairJudgement

    claim = _claim("The Harlow Bridge will be demolished.")
    denial = _claim("The council denied that the Harlow Bridge would be demolished.", negated=True)
    off_topic_denial = _claim("The council denied that a barge hit the Harlow Bridge.", negated=True)
    polarity = (Difference("polarity", "affirms", "denies"),)
    conflict = PairJudgement("conflict", 0.2, 0.9, polarity)
    assert pair_stance(claim, denial, conflict, 0.5).stance == "contradicts"
    assert pair_stance(claim, off_topic_denial, conflict, 0.5) is None  # denies something else
    headline = _claim("Harlow Bridge repairs under way")
    assert pair_stance(claim, headline, PairJudgement("same", 0.45, 0.9), 0.5) is None
    assert pair_stance(claim, headline, PairJudgement("same", 0.6, 0.9), 0.5) is None  # names only
    assert pair_stance(claim, headline, PairJudgement("same", 0.9, 0.9), 0.5).stance == "supports"
    killed = _claim("Dana Oyelaran, 41, died in the Harlow Bridge crash.", name="Dana Oyelaran")
    in_other_words = _claim("Dana Oyelaran, 41, was killed", name="Dana Oyelaran")
    one_fact = PairJudgement("same", 0.4, 0.95, (), 0.9)  # no event word shared
    assert pair_stance(killed, in_other_words, one_fact, 0.5).stance == "supports"
    unsure = PairJudgement("same", 0.4, 0.95, (), 0.65)
    assert pair_stance(killed, in_other_words, unsure, 0.5) is None
    hedged = _claim("The Harlow Bridge will be demolished, officials say.")
    assert pair_stance(claim, hedged, PairJudgement("same", 0.7, 0.9), 0.5).stance == "reports"
    wrapped = _claim("Officials said claims that the Harlow Bridge will be demolished are baseless.")
    found = pair_stance(claim, wrapped, PairJudgement("related", 0.3, 0.6), 0.5)
    assert found.stance == "contradicts" and found.differs[0].document_value == "denies"
    # one event (not one fact) with another count of the same thing: a wrong value
    count = _claim("Twelve lorries crossed the Harlow Bridge before it shut.")
    other = _claim("Officials said nine lorries crossed the Harlow Bridge on Monday before it shut.")
    number = (Difference("number", "Twelve lorries", "nine lorries"),)
    found = pair_stance(count, other, PairJudgement("related", 0.05, 0.7, number), 0.5)
    assert found.stance == "contradicts" and found.differs[0].claim_value == "Twelve lorries"
    no_values = pair_stance(count, other, PairJudgement("related", 0.05, 0.7), 0.5)
    assert no_values.stance == "reports"  # it holds the claim's words, officials' word
    # all of the claim inside a longer passage (the support model's call) supports it,
    # or reports it when the passage only relays it
    loose = PairJudgement("related", 0.2, 0.5)
    stated = _claim("The Harlow Bridge will be demolished and a new crossing built by 2030.")
    assert pair_stance(claim, stated, loose, 0.5) is None
    assert pair_stance(claim, stated, loose, 0.5, states_all=True).stance == "supports"
    relays = _claim("Crews said on Monday that the Harlow Bridge will be demolished and rebuilt.")
    assert pair_stance(claim, relays, loose, 0.5, states_all=True).stance == "reports"


@pytest.mark.parametrize("passage, opposed", [
    ("No suspect has been arrested in the Harlow Bridge attack.", True),
    ("Police have made no arrests.", True),  # a light verb takes its action from its noun
    ("The suspect was not arrested until Tuesday.", False),  # arrested, later
    ("The suspect may not have been arrested.", False),  # hedged
    ("Police did not release the name of the suspect.", False),  # denies something else
    ("Police did not arrest the lorry driver.", False),  # someone else
    ("Police arrested two suspects on Friday.", False),  # both affirm
])
def test_a_passage_denying_the_claims_action_opposes_it(parser, passage, opposed):
    from storycheck.steps.analyse import claims_from_texts
    from storycheck.steps.check import opposed_action

    claim, other = claims_from_texts(["Police arrested a suspect in the attack.", passage], parser)
    assert (opposed_action(claim, other) is not None) is opposed


def test_a_denial_of_the_action_contradicts_whatever_else_it_says(parser):
    from storycheck.nlp.judge import PairJudgement
    from storycheck.steps.analyse import claims_from_texts
    from storycheck.steps.check import pair_stance

    claim, denial = claims_from_texts(["Police arrested a suspect within hours of the attack.",
                                       "So far no suspect has been arrested, police said."], parser)
    found = pair_stance(claim, denial, PairJudgement("related", 0.05, 0.3), 0.2)
    assert found.stance == "contradicts"
    assert [(d.kind, d.claim_value, d.document_value) for d in found.differs] == [
        ("polarity", "affirms", "denies")]
    assert pair_stance(claim, denial, PairJudgement("unrelated", 0.05, 0.1), 0.2) is None


def test_a_negative_prefix_denies_as_not_does(parser):
    from storycheck.nlp.judge import PairJudgement
    from storycheck.steps.analyse import claims_from_texts
    from storycheck.steps.check import opposed_action, pair_stance

    claim, unsanctioned, sanctioned = claims_from_texts(
        ["The street party had been sanctioned by the council.",
         "The street party was unsanctioned, a council officer said.",
         "The council sanctioned the street party in June."], parser)
    assert opposed_action(claim, unsanctioned) and opposed_action(unsanctioned, sanctioned)
    assert opposed_action(claim, sanctioned) is None
    found = pair_stance(claim, unsanctioned, PairJudgement("related", 0.1, 0.4), 0.2)
    assert [(d.claim_value, d.document_value) for d in found.differs] == [("affirms", "denies")]


def test_retrieval_puts_paraphrases_first_and_copies_in_one_entry(parser):
    from storycheck.steps.analyse import analyse_each_document
    from storycheck.api import read_documents

    raws, _ = read_documents([CORPUS], Settings())
    docs, _ = clean_all(raws, [], clean=lambda r: with_title(clean_document(r)))
    analysed = analyse_each_document(docs, parser)
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
    data = json.loads(to_json(report))
    assert data["schema"] == "storycheck-check/1"
    assert data["checks"][0]["documents"][0]["differs"] == [
        {"kind": "number", "claim_value": "25,000 vehicles", "document_value": "18,000 vehicles"}]
    assert data["checks"][0]["sources"] == {"supports": 0, "contradicts": 1, "reports": 0}
    assert data["documents"] == [{"id": "a", "source": "a.txt", "title": None,
                                  "outlet": "Calder *Press*", "published": None}]
    md = to_markdown(report)
    assert "## Contradicted: “About 25,000 vehicles" in md
    assert "Calder \\*Press\\*" in md and "25,000 vehicles (claim) vs 18,000 vehicles (document)" in md
    assert "## Not found in the coverage: “A new tram line" in md


def test_cli_needs_claims_one_way_and_something_to_check_against(tmp_path):
    claims = write(tmp_path / "claims.txt", f"{BARGE}\n")
    assert main(["check", str(CORPUS)]) == 1
    assert main(["check", str(CORPUS), "--claim", BARGE, "--claims", str(claims)]) == 1
    assert main(["check", "--claim", BARGE]) == 1
    assert main(["check", str(CORPUS), "--claim", BARGE, "--story", "s1"]) == 1


# --- the whole check, with the pair judge ---------------------------------------------


@pytest.fixture(scope="module")
def judge():
    from storycheck.nlp.judge import PairJudge

    return PairJudge.load()


@pytest.fixture(scope="module")
def report(parser, judge) -> CheckReport:
    return check(CLAIMS, [CORPUS], parser=parser, judge=judge)


def answer(report: CheckReport, claim: str) -> ClaimCheck:
    return next(c for c in report.checks if c.claim == claim)


def stances(found: ClaimCheck) -> dict[str, str]:
    return {d.document: d.stance for d in found.documents}


def test_two_independent_outlets_support_and_the_copy_counts_once(report):
    found = answer(report, SUPPORTED)
    assert found.verdict == "supported"
    by_doc = stances(found)
    assert {by_doc.get(d) for d in (WIRE, COPY, LEDGER)} == {"supports"}
    # wire, its syndicated copy and the rewrite crediting it are one source; the Ledger another
    assert found.sources.supports == 2
    assert COURIER not in by_doc and VALLEY not in by_doc


def test_a_wrong_number_is_contradicted_with_both_values(report):
    found = answer(report, WRONG_NUMBER)
    assert found.verdict == "contradicted"
    assert found.sources == SourceCounts(supports=0, contradicts=1, reports=0)
    wire = next(d for d in found.documents if d.document == WIRE)
    assert wire.stance == "contradicts"
    assert wire.evidence[0].text == "About 18,000 vehicles cross the bridge every day."
    number = next(x for x in wire.differs if x.kind == "number")
    assert "25,000" in number.claim_value and "18,000" in number.document_value


def test_a_refutation_and_a_denial_contradict(report):
    for claim in (BARGE, DEMOLISHED):
        found = answer(report, claim)
        assert found.verdict == "contradicted", claim
        courier = next(d for d in found.documents if d.document == COURIER)
        assert courier.stance == "contradicts"
        assert courier.differs  # affirmed against denied
    barge = next(d for d in answer(report, BARGE).documents if d.document == COURIER)
    assert barge.evidence[0].text.startswith("Claims that a barge hit the Harlow Bridge")


def test_a_hedged_report_only_reports(report):
    found = answer(report, REOPENS)
    assert found.verdict == "reported"
    assert stances(found)[VALLEY] == "reports"
    assert found.sources == SourceCounts(supports=0, contradicts=0, reports=1)


def test_a_claim_nobody_makes_is_not_found(report):
    found = answer(report, ABSENT)
    assert found.verdict == "not found"
    assert found.documents == () and found.sources == SourceCounts()


def test_a_headline_only_document_is_evidence(report):
    assert HEADLINE in {d.id for d in report.documents}
    found = answer(report, SIX_WEEKS)
    headline = next(d for d in found.documents if d.document == HEADLINE)
    assert headline.stance == "supports"
    assert headline.evidence[0].text == "Harlow Bridge to stay shut for six weeks"
    assert stances(found)[WIRE] == "reports"  # "Mayor Ines Varga said ..."
    assert found.verdict == "supported"  # one source's own words, the wire's relayed
    assert (found.sources.supports, found.sources.reports) == (1, 1)


def test_every_evidence_cites_the_exact_characters(report):
    texts = {d.id: d.text for d in report.documents}
    cited = [c for found in report.checks for d in found.documents for c in d.evidence]
    assert cited
    for citation in cited:
        assert texts[citation.document][citation.start:citation.end] == citation.text


def test_check_doc_names_every_json_field(report):
    doc = (Path(__file__).resolve().parents[1] / "docs" / "check.md").read_text(encoding="utf-8")
    data = to_dict(report)
    keys = set(data) | set(data["documents"][0]) | {"source", "reason"}
    for found in data["checks"]:
        keys |= set(found) | set(found["sources"])
        for document in found["documents"]:
            keys |= set(document)
            keys |= {k for e in document["evidence"] for k in e}
            keys |= {k for x in document["differs"] for k in x}
        keys.add(found["verdict"])
        keys |= {d["stance"] for d in found["documents"]}
    assert {"claim_value", "document_value", "not found", "reports"} <= keys
    keys |= set(VERDICTS) | set(STANCES)
    for key in keys:
        assert f"`{key}`" in doc, key


def test_cli_claims_file_json_and_markdown_on_stdout(tmp_path):
    claims = write(tmp_path / "claims.txt", f"# to check\n{SUPPORTED}\n\n{ABSENT}\n")
    out = tmp_path / "answer.json"
    result = CliRunner().invoke(cli, ["check", str(CORPUS), "--claims", str(claims),
                                      "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["schema"] == "storycheck-check/1"
    assert [(c["claim"], c["verdict"]) for c in data["checks"]] == [
        (SUPPORTED, "supported"), (ABSENT, "not found")]
    assert result.stdout == ""
    shown = CliRunner().invoke(cli, ["check", str(CORPUS), "--claim", REOPENS])
    assert shown.exit_code == 0
    assert "## Reported, not established: “The Harlow Bridge will reopen in May.”" in shown.stdout
    assert "**reports** · Valley Times" in shown.stdout


def test_cli_checks_against_the_database(tmp_path, db):
    with Store.open(db, create=True) as store:
        store.ingest([CORPUS])
        story = store.stories()[0].id
    result = CliRunner().invoke(cli, ["check", "--db", str(db), "--claim", BARGE])
    assert result.exit_code == 0, result.output
    assert "## Contradicted: “A barge hit the Harlow Bridge.”" in result.stdout
    result = CliRunner().invoke(cli, ["check", "--db", str(db), "--story", story,
                                      "--claim", BARGE, "--md", str(tmp_path / "a.md")])
    assert result.exit_code == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith("## ")
    missing = CliRunner().invoke(cli, ["check", "--db", str(db), "--story", "nope",
                                       "--claim", BARGE])
    assert missing.exit_code == 1 and "no story 'nope'" in missing.output


def test_cli_exits_2_when_no_document_can_be_read(tmp_path):
    write(tmp_path / "empty.txt", "   \n")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--claim", BARGE])
    assert result.exit_code == 2
    assert "skipped" in result.output


def test_a_clock_time_an_hour_off_contradicts_with_both_times(parser, judge):
    import datetime as dt

    from storycheck import check_documents

    night = RawDocument(
        "night", "night.txt",
        "A lorry overturned on the Calderwick ring road at about 2 a.m. on Saturday, police "
        "said.\n\nThe driver was taken to hospital with minor injuries.",
        title="Lorry overturns on ring road", outlet="Calder Press Agency",
        published=dt.datetime(2026, 3, 9, 8))
    claim = "A lorry overturned on the Calderwick ring road at 1 a.m. on Saturday."
    [found] = check_documents([claim], [night], parser=parser, judge=judge).checks
    [doc] = found.documents
    assert doc.stance == "contradicts"
    time = next(x for x in doc.differs if x.kind == "time")
    assert "1 a.m." in time.claim_value and "2 a.m." in time.document_value
    [agrees] = check_documents([claim.replace("1 a.m.", "2:15 a.m.")], [night], parser=parser,
                               judge=judge).checks
    assert not any(x.kind == "time" for d in agrees.documents for x in d.differs)


def test_a_claim_of_several_clauses_is_checked_whole(parser, judge):
    from storycheck import check_documents

    doc = RawDocument("quay", "quay.txt",
                      "Harbour workers, who had been on strike for a week, returned to the "
                      "Brindle quay on Monday and the first ferry left at noon.",
                      title="Strike ends at Brindle quay", outlet="Brindle Courier")
    claim = ("Harbour workers, who had struck for a week, went back to the Brindle quay on "
             "Monday and the first ferry sailed at noon.")
    [found] = check_documents([claim], [doc], parser=parser, judge=judge).checks
    assert found.claim == claim  # one claim, though the segmenter splits it in three
    assert [d.document for d in found.documents] == ["quay"]
