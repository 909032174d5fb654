import pickle

from storycheck.nlp.spacy_pipeline import MAX_CHUNK_CHARS, chunks


def test_long_paragraph_is_parsed_in_pieces_with_true_offsets(parser):
    sentence = "Mayor Lena Obi opened the new bridge in Portvale on Monday. "
    text = sentence * (3 * MAX_CHUNK_CHARS // len(sentence))
    pieces = chunks(text)
    assert len(pieces) >= 3 and all(len(p) <= MAX_CHUNK_CHARS for _, p in pieces)
    assert "".join(p for _, p in pieces) == text
    (parsed,) = parser.parse([text])
    assert len(parsed.sentences) == text.count(". ")
    assert parsed.entities
    for start, end, _ in parsed.entities:  # offsets point into the whole paragraph
        assert text[start:end].strip() and text[start:end] in sentence


def test_repeated_paragraphs_are_parsed_once(parser):
    text = "Rain closed the coastal road near Brindle on Tuesday."
    first, second = parser.parse([text, text])
    assert first is second


def test_stream_keeps_texts_aligned_with_empty_and_repeated_ones(parser):
    texts = ["Ana Lup won in Brindle.", "", "Rain fell.", "Ana Lup won in Brindle.", "Ok."]
    parsed = list(parser.parse_stream(texts))
    assert len(parsed) == 5 and parsed[1].sentences == ()
    assert parsed[0] is parsed[3]
    assert parsed[2].sentences == ((0, 10),) and parsed[4].sentences == ((0, 3),)


def test_token_table_pickles_and_indexes_heads_across_pieces(parser):
    sentence = "The court struck down the ferry contract. "
    text = sentence * (2 * MAX_CHUNK_CHARS // len(sentence))
    (parsed,) = parser.parse([text])
    tokens = pickle.loads(pickle.dumps(parsed.tokens)).rows()
    assert len(tokens) == 8 * text.count(". ")
    last_sentence = tokens[-8:]  # parsed in the last piece: heads index the whole table
    verb = next(t for t in last_sentence if t.lemma == "strike")
    court = next(t for t in last_sentence if t.lemma == "court")
    assert text[verb.start:verb.end] == "struck" and verb.pos == "VERB"
    assert tokens[verb.head] == verb and tokens[court.head] == verb and court.dep == "nsubj"


def test_a_run_on_parse_thousands_deep_has_its_edges_and_phrases():
    from storycheck.nlp.spacy_pipeline import Token
    from storycheck.nlp.tree import Tree
    depth = 5_000  # junk like "word word word ..." parses as one long chain
    text = " ".join(["word"] * depth)
    tokens = [Token(5 * i, 5 * i + 4, "word", "NOUN", "NN", "compound", i + 1 if i + 1 < depth
                    else i) for i in range(depth)]
    tree = Tree(text, tokens)
    assert tree.edges(depth - 1) == (0, depth - 1)
    assert tree.edges(depth // 2) == (0, depth // 2)
    assert tree.phrase(depth - 1) == (0, len(text))


def test_a_document_too_long_to_be_a_report_is_skipped_with_the_reason():
    from storycheck.api import clean_all
    from storycheck.models import RawDocument
    short = RawDocument(id="short", source="short.txt", text="The quay reopened on Monday.")
    long = RawDocument(id="long", source="long.txt", text="The quay reopened on Monday. " * 40)
    docs, skipped = clean_all([short, long], [], max_chars=1_000)
    assert [d.id for d in docs] == ["short"]
    assert [(s.source, s.reason) for s in skipped] == [
        ("long.txt", "1,159 characters of text, over max_document_chars (1,000): not analysed")]


def test_a_document_whose_analysis_fails_is_kept_without_claims_and_the_batch_goes_on(
        parser, monkeypatch, caplog):
    import logging
    from storycheck.models import Document
    from storycheck.steps import analyse

    real = analyse.split_claims

    def failing(sentence, tree):
        if "BROKEN" in sentence.text:
            raise ValueError("an odd parse")
        return real(sentence, tree)

    monkeypatch.setattr(analyse, "split_claims", failing)
    docs = [Document(id=i, source=f"{i}.txt", text=t) for i, t in (
        ("a", "The quay reopened on Monday."), ("b", "BROKEN text here."),
        ("c", "The ferry resumed on Tuesday."))]
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        analysed = analyse.analyse_each_document(docs, parser)
    assert [len(a.claims) for a in analysed] == [1, 0, 1]
    assert [a.document.id for a in analysed] == ["a", "b", "c"]
    assert [r.getMessage() for r in caplog.records] == [
        "b.txt could not be analysed (ValueError: an odd parse); kept without claims"]
