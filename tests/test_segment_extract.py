from storycheck.models import Document, Entity
from storycheck.steps.analyse import analyse_document
from storycheck.steps.extract import find_attribution, find_quantities
from storycheck.steps.segment import paragraphs, split_sentences


def claims_of(parser, text, prefix=""):
    """The claims of a one-document text, each checked to cite its exact words."""
    doc = Document(id="d", source="d", text=prefix + text)
    claims = analyse_document(doc, parser.parse(paragraphs(doc))).claims
    assert all(doc.text[c.citation.start:c.citation.end] == c.citation.text for c in claims)
    return claims


def test_sentences_keep_abbreviations_and_offsets(parser):
    text = ("Minister J.P. Okoro met U.S. envoys in Lagos. Dr. Sule said talks went well.\n"
            "A second paragraph follows here.")
    doc = Document(id="d", source="d", text=text)
    sentences = split_sentences(doc, parser.parse(paragraphs(doc)))
    assert [s.text for s in sentences] == [
        "Minister J.P. Okoro met U.S. envoys in Lagos.", "Dr. Sule said talks went well.",
        "A second paragraph follows here."]
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_opening_quote_mark_stays_with_its_sentence(parser):
    text = 'The chief said boats came first. "Without them it was hopeless," Lind said.'
    doc = Document(id="d", source="d", text=text)
    sentences = [s.text for s in split_sentences(doc, parser.parse(paragraphs(doc)))]
    assert sentences == ["The chief said boats came first.",
                         '"Without them it was hopeless," Lind said.']


def test_claims_split_on_plain_clause_boundaries(parser):
    text = ("The ferry sank near the pier on Sunday, killing four passengers and injuring nine; "
            "rescuers searched the harbour until dawn, but the captain has not been found.")
    claims = claims_of(parser, text, prefix="Storm.\n")
    assert [c.citation.text for c in claims[1:]] == [
        "The ferry sank near the pier on Sunday",
        "killing four passengers and injuring nine",
        "rescuers searched the harbour until dawn",
        "the captain has not been found."]
    assert claims[2].about == "The ferry"  # who did the killing sits outside its words


def test_no_split_inside_quotes_or_for_short_clauses(parser):
    text = '"We stayed, but we were afraid; nobody came to help us," said one resident.'
    assert len(claims_of(parser, text)) == 1
    assert len(claims_of(parser, "The man shot his wife and then fled.")) == 1
    # a short predicate without its own subject says too little to stand alone
    assert len(claims_of(parser, "Two workers were injured and taken to Brindle City "
                                 "Hospital.")) == 1


def test_abbreviation_then_new_sentence_is_two_sentences(parser):
    text = ("The ministry confirmed talks with the U.S. This agreement would cover ferry "
            "routes. Officials from the U.K. Home Office arrived on Monday.")
    doc = Document(id="d", source="d", text=text)
    sentences = [s.text for s in split_sentences(doc, parser.parse(paragraphs(doc)))]
    assert sentences == ["The ministry confirmed talks with the U.S.",
                         "This agreement would cover ferry routes.",
                         "Officials from the U.K. Home Office arrived on Monday."]


def test_relative_clause_is_its_own_claim_about_its_antecedent(parser):
    text = ("Officials described an agreement with Norway, which was cancelled by the new "
            "cabinet in 2024.")
    first, second = claims_of(parser, text)
    assert first.citation.text == "Officials described an agreement with Norway"
    assert second.citation.text == "which was cancelled by the new cabinet in 2024."
    assert second.about == "an agreement with Norway" and first.about is None


def test_coordinated_clause_with_shared_subject_and_restrictive_clause(parser):
    claims = claims_of(parser, "The council approved the new harbour budget on Tuesday and "
                               "rejected a proposal to close the old ferry terminal.")
    assert [c.citation.text for c in claims] == [
        "The council approved the new harbour budget on Tuesday",
        "rejected a proposal to close the old ferry terminal."]
    assert claims[1].about == "The council"
    # a restrictive relative clause (no comma) is part of what identifies its noun
    (claim,) = claims_of(parser, "The driver who hit the cyclist was arrested near the bridge.")
    assert claim.about is None


def test_appositive_fact_and_headline_without_verb(parser):
    claims = claims_of(parser, "The bridge was designed by Tomas Rilke, a retired engineer "
                               "from Brindle.")
    assert [c.citation.text for c in claims] == ["The bridge was designed by Tomas Rilke",
                                                 "a retired engineer from Brindle."]
    assert claims[1].about == "Tomas Rilke"
    (headline,) = claims_of(parser, "Harbour bridge closure in Brindle")
    assert headline.citation.text == "Harbour bridge closure in Brindle"


def test_quantities_units_qualifiers_and_money():
    found = find_quantities("At least 12 workers were hurt and $3.5 million was lost, "
                            "a rise of 40% on 2019.")
    by_text = {q.text: q for q in found}
    assert by_text["At least 12 workers"].value == 12
    assert by_text["At least 12 workers"].unit == "workers"
    assert by_text["At least 12 workers"].qualifier == "at least"
    assert by_text["$3.5 million"].value == 3_500_000 and by_text["$3.5 million"].unit == "USD"
    assert by_text["40%"].unit == "percent"


def test_hyphenated_scales_and_leading_decimal_points():
    found = {q.text: (q.value, q.unit) for q in find_quantities(
        "The port pledged a $40-million refit; fares fell .75 percent.")}
    assert found == {"$40-million": (40_000_000, "USD"), ".75 percent": (0.75, "percent")}


def test_number_words_and_compounds():
    found = {q.text: q.value for q in find_quantities(
        "Thirty-one passengers and fourteen crew left; dozens of people watched.")}
    assert found == {"Thirty-one passengers": 31, "fourteen crew": 14}


def test_attribution_according_to_and_said():
    ents = [Entity(13, 25, "Coastwire TV", "ORG")]
    assert find_attribution("According to Coastwire TV, the bridge shut.", ents) == "Coastwire TV"
    ents = [Entity(0, 10, "Mara Velde", "PERSON")]
    assert find_attribution("Mara Velde said the bridge shut.", ents) == "Mara Velde"
    assert find_attribution("The bridge shut on Monday.", []) is None


def test_attribution_takes_linear_time_on_a_run_on_junk_word():
    import time
    junk = "a" * 50_000 + " was here."  # an unbounded name pattern backtracks for seconds
    started = time.perf_counter()
    assert find_attribution(junk, []) is None
    assert time.perf_counter() - started < 2.0
    ents = [Entity(0, 10, "Mara Velde", "PERSON")]
    assert find_attribution("Mara Velde said the bridge shut.", ents) == "Mara Velde"


def test_no_split_inside_a_quote_opened_sentences_before_nor_at_a_condition(parser):
    claims = claims_of(parser, '"The pier was closed on Monday. We checked it twice, and the '
                               'beams were all sound," Obi said.')
    assert len(claims) == 2
    assert len(claims_of(parser, "The court will hear the appeal in May, if the lawyers "
                                 "file the papers on time.")) == 1


def test_a_clause_that_cannot_stand_alone_stays_with_its_sentence(parser):
    # a verb sharing "is seeking to": "widen the old coastal road ..." is no claim alone
    sought = "The council is seeking to repair and widen the old coastal road between the two villages."
    assert [c.citation.text for c in claims_of(parser, sought)] == [sought]
    # a participle whose doer the parse does not give: what did the damaging?
    warned = ("Inspectors warned that boats moored at the pier could drift into the channel, "
              "possibly damaging the harbour wall.")
    assert [c.citation.text for c in claims_of(parser, warned)] == [warned]


def test_a_report_cut_off_mid_sentence_does_not_end_in_a_fragment_claim(parser):
    def last_claims(text):
        doc = Document(id="d", source="d", text=text, truncated=True)
        return [c.citation.text for c in analyse_document(doc, parser.parse(paragraphs(doc))).claims]

    cut = last_claims("The council approved the harbour plan on Monday.\n"
                      "The mayor described the new quay as")
    assert cut == ["The council approved the harbour plan on Monday."]
    ellipsis = last_claims("The council approved the harbour plan on Monday.\n"
                           "Officials expect the first ships to dock in…")
    assert ellipsis == ["The council approved the harbour plan on Monday."]
    # a last line that only lacks its full stop is a claim like any other
    unpunctuated = last_claims("The council approved the harbour plan on Monday.\n"
                               "Police are still investigating the break-in at the depot")
    assert unpunctuated[-1] == "Police are still investigating the break-in at the depot"
