"""Per-document analysis: sentences, claims, dates, entities and quotes."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence

from ..models import AnalysedDocument, Citation, Claim, Clause, Document, Entity
from .clean import ELLIPSIS
from .extract import build_claim
from ..nlp.spacy_pipeline import ParsedText, TextParser
from .quotes import find_quotes
from .segment import document_tokens, paragraphs, split_claims, split_sentences
from ..timex import find_time_expressions
from ..nlp.tree import Tree

log = logging.getLogger("storycheck")


def analyse_each_document(docs: Sequence[Document], parser: TextParser, n_process: int = 0,
                      progress: Callable[[int], None] | None = None) -> list[AnalysedDocument]:
    """Analyse documents; paragraphs go to the model in one stream, and each
    document is analysed as soon as its paragraphs are parsed."""
    lines = [paragraphs(doc) for doc in docs]
    parsed = parser.parse_stream([line for doc_lines in lines for line in doc_lines],
                                 n_process=n_process)
    results = []
    for doc, doc_lines in zip(docs, lines):
        doc_parsed = [next(parsed) for _ in doc_lines]
        try:
            results.append(analyse_document(doc, doc_parsed))
        except Exception as exc:  # one odd document must not end the batch and lose the rest
            log.warning("%s could not be analysed (%s: %s); kept without claims",
                        doc.source, type(exc).__name__, exc)
            results.append(AnalysedDocument(doc))
        if progress:
            progress(1)
    return results


def analyse_document(doc: Document, parsed: Sequence[ParsedText]) -> AnalysedDocument:
    sentences = split_sentences(doc, parsed)
    entities = document_entities(doc, parsed)
    dates = find_time_expressions(doc.text, doc.publication_date)
    tree = Tree(doc.text, document_tokens(doc, parsed))
    claims = []
    text_end = len(doc.text.rstrip()) if doc.truncated else None
    for sentence in sentences:
        for clause in split_claims(sentence, tree):
            if clause.citation.end == text_end and cut_off(clause.citation, tree):
                continue
            claim_id = f"{doc.id}@{clause.citation.start}"
            claims.append(build_claim(claim_id, clause, sentence.in_summary, entities, dates,
                                      tree))
    return AnalysedDocument(doc, tuple(sentences), tuple(claims), tuple(dates),
                            tuple(find_quotes(doc.id, doc.text, entities)))


# words no sentence ends on: a report cut off after them ("... described the plan as")
# leaves a last clause no reader can take alone (a line that merely lacks its full
# stop, "Police are investigating", is kept)
UNFINISHED_POS = {"ADP", "DET", "CCONJ", "SCONJ", "PART"}


def cut_off(citation: Citation, tree: Tree) -> bool:
    """The words end mid-sentence: on an ellipsis, or on a word no sentence ends on."""
    if citation.text.rstrip().endswith(ELLIPSIS):
        return True
    words = [i for i in tree.span(citation.start, citation.end) if tree.tokens[i].pos != "PUNCT"]
    return bool(words) and tree.tokens[words[-1]].pos in UNFINISHED_POS


def document_entities(doc: Document, parsed: Sequence[ParsedText]) -> list[Entity]:
    """Entities of every paragraph, as offsets into ``doc.text``."""
    entities, offset = [], 0
    for line, parse in zip(paragraphs(doc), parsed):
        entities.extend(Entity(offset + a, offset + b, line[a:b], label)
                        for a, b, label in parse.entities)
        offset += len(line) + 1
    return entities


def claims_from_texts(texts: Sequence[str], parser: TextParser,
                      published: dt.date | None = None) -> list[Claim]:
    """One claim per text, each taken whole: a claim handed in to be checked,
    or one side of a labelled sentence pair."""
    claims = []
    for index, (text, parse) in enumerate(zip(texts, parser.parse(list(texts)))):
        entities = [Entity(a, b, text[a:b], label) for a, b, label in parse.entities]
        dates = find_time_expressions(text, published)
        tree = Tree(text, list(parse.tokens.rows(0, 0)))
        root = next((i for i in tree.span(0, len(text)) if tree.tokens[i].head == i), None)
        clause = Clause(Citation(f"text{index}", 0, len(text), text), head=root)
        claims.append(build_claim(f"text{index}@0", clause, False, entities, dates, tree))
    return claims
