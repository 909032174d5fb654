"""Per-document analysis: sentences, claims, dates, entities and quotes."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..models import AnalysedDocument, Document, Entity
from .extract import build_claim, find_quotes
from .nlp import ParsedText, TextParser
from .segment import document_tokens, paragraphs, split_claims, split_sentences
from .timex import find_time_expressions
from .tree import Tree


def analyse_documents(docs: Sequence[Document], parser: TextParser, n_process: int = 0,
                      progress: Callable[[int], None] | None = None) -> list[AnalysedDocument]:
    """Analyse documents; paragraphs go to the model in one stream, and each
    document is analysed as soon as its paragraphs are parsed."""
    lines = [paragraphs(doc) for doc in docs]
    parsed = parser.parse_stream([line for doc_lines in lines for line in doc_lines],
                                 n_process=n_process)
    results = []
    for doc, doc_lines in zip(docs, lines):
        results.append(analyse_document(doc, [next(parsed) for _ in doc_lines]))
        if progress:
            progress(1)
    return results


def analyse_document(doc: Document, parsed: Sequence[ParsedText]) -> AnalysedDocument:
    sentences = split_sentences(doc, parsed)
    entities = document_entities(doc, parsed)
    dates = find_time_expressions(doc.text, doc.publication_date)
    tree = Tree(doc.text, document_tokens(doc, parsed))
    claims = []
    for sentence in sentences:
        for clause in split_claims(sentence, tree):
            claim_id = f"{doc.id}@{clause.citation.start}"
            claims.append(build_claim(claim_id, clause, sentence.in_summary, entities, dates,
                                      tree))
    return AnalysedDocument(doc, tuple(sentences), tuple(claims), tuple(dates),
                            tuple(find_quotes(doc.id, doc.text, entities)))


def document_entities(doc: Document, parsed: Sequence[ParsedText]) -> list[Entity]:
    """Entities of every paragraph, as offsets into ``doc.text``."""
    entities, offset = [], 0
    for line, parse in zip(paragraphs(doc), parsed):
        entities.extend(Entity(offset + a, offset + b, line[a:b], label)
                        for a, b, label in parse.entities)
        offset += len(line) + 1
    return entities

