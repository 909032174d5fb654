from storycheck.models import Document, Entity, Sentence
from storycheck.steps.extract import find_attribution, find_quantities
from storycheck.steps.segment import paragraphs, split_claims, split_sentences


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


def test_claims_split_on_plain_clause_boundaries():
    text = ("The ferry sank near the pier on Sunday, killing four passengers and injuring nine; "
            "rescuers searched the harbour until dawn, but the captain has not been found.")
    sentence = Sentence("d", 10, 10 + len(text), text)
    claims = split_claims(sentence)
    assert [c.text for c in claims] == [
        "The ferry sank near the pier on Sunday",
        "killing four passengers and injuring nine",
        "rescuers searched the harbour until dawn",
        "the captain has not been found."]
    assert all(text[c.start - 10:c.end - 10] == c.text for c in claims)


def test_no_split_inside_quotes_or_for_short_clauses():
    text = '"We stayed, but we were afraid; nobody came to help us," said one resident.'
    assert len(split_claims(Sentence("d", 0, len(text), text))) == 1


def test_quantities_units_qualifiers_and_money():
    found = find_quantities("At least 12 workers were hurt and $3.5 million was lost, "
                            "a rise of 40% on 2019.")
    by_text = {q.text: q for q in found}
    assert by_text["At least 12 workers"].value == 12
    assert by_text["At least 12 workers"].unit == "workers"
    assert by_text["At least 12 workers"].qualifier == "at least"
    assert by_text["$3.5 million"].value == 3_500_000 and by_text["$3.5 million"].unit == "USD"
    assert by_text["40%"].unit == "percent"


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
