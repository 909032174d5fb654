"""Sentences and claims with character offsets into a document's text."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..models import Citation, Document, Sentence
from .nlp import ParsedText

# Clause boundaries where a sentence plainly states two facts: a semicolon, a
# contrast, ", and" opening a new subject, or a participle clause (", injuring ...").
CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:but|while|whereas|although)\s+|"
    r",\s+and\s+(?=(?:the|a|an|its|his|her|their|he|she|they|it|[A-Z][a-z]+)\s)|"
    r",\s+(?=(?:[a-z]+ing)\s+(?!to\b|from\b|of\b))")
MIN_CLAUSE_WORDS = 5
QUOTE_CHARS = "\"“”"


def paragraphs(doc: Document) -> list[str]:
    """The units parsed by the NLP model: one per line of ``doc.text``."""
    return doc.text.split("\n")


def split_sentences(doc: Document, parsed: Sequence[ParsedText]) -> list[Sentence]:
    """Sentences of each paragraph, as offsets into ``doc.text``."""
    summary = [(s.start, s.end) for s in doc.summary]
    sentences: list[Sentence] = []
    offset = 0
    for line, parse in zip(paragraphs(doc), parsed):
        for start, end in reattach_opening_quotes(line, parse.sentences):
            piece = line[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if end <= start:
                continue
            a, b = offset + start, offset + end
            in_summary = any(s <= a and b <= e for s, e in summary)
            sentences.append(Sentence(doc.id, a, b, doc.text[a:b], in_summary))
        offset += len(line) + 1
    return sentences


def reattach_opening_quotes(line: str, spans: Sequence[tuple[int, int]]
                            ) -> list[tuple[int, int]]:
    """Move a quote mark that opens the next sentence back to it.

    The sentencizer puts the '"' of 'did. "Without ...' at the end of the
    sentence before; an odd count of straight quotes (or a trailing '“') shows
    the mark opens rather than closes.
    """
    fixed = [list(span) for span in spans]
    for current, following in zip(fixed, fixed[1:]):
        text = line[current[0]:current[1]].rstrip()
        if text.endswith("“") or (text.endswith('"') and text.count('"') % 2 == 1):
            quote_at = current[0] + len(text) - 1
            current[1], following[0] = quote_at, quote_at
    return [tuple(span) for span in fixed]


def split_claims(sentence: Sentence) -> list[Citation]:
    """One citation per clause that states a fact of its own."""
    text = sentence.text
    cuts = [0]
    for match in CLAUSE_BREAK.finditer(text):
        inside_quote = sum(text[:match.start()].count(q) for q in QUOTE_CHARS) % 2 == 1
        left, right = text[cuts[-1]:match.start()], text[match.end():]
        if inside_quote or min(len(left.split()), len(right.split())) < MIN_CLAUSE_WORDS:
            continue
        cuts.extend((match.start(), match.end()))
    cuts.append(len(text))
    citations = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        piece = text[a:b].rstrip()
        a += len(piece) - len(piece.lstrip())
        b = a + len(piece.strip())
        if b > a:
            start = sentence.start + a
            citations.append(Citation(sentence.document, start, sentence.start + b, text[a:b]))
    return citations
