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
