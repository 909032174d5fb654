"""A document's dependency tree: children, subtrees and phrases over its token table."""
from __future__ import annotations

import bisect
from collections.abc import Sequence

from .spacy_pipeline import Token

# Children that end a noun phrase's own words: what follows is another fact
# about it (a relative clause, an apposition) or punctuation.
SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
# Dependencies that open a clause of its own inside another.
CLAUSE_LINKS = frozenset({"relcl", "advcl", "ccomp", "conj", "parataxis", "acl", "csubj"})
PHRASE_TAILS = frozenset({"relcl", "appos", "acl", "punct", "advcl", "parataxis"})


class Tree:
    """Tokens of one document (offsets into ``Document.text``) with their children."""

    def __init__(self, text: str, tokens: Sequence[Token]):
        self.text = text
        self.tokens = tokens
        self.children: list[list[int]] = [[] for _ in tokens]
        for index, token in enumerate(tokens):
            if token.head != index:
                self.children[token.head].append(index)
        self._starts = [t.start for t in tokens]
        self._edges: dict[int, tuple[int, int]] = {}

    def span(self, start: int, end: int) -> range:
        """Indices of the tokens that lie inside characters [start, end)."""
        first = bisect.bisect_left(self._starts, start)
        last = first
        while last < len(self.tokens) and self.tokens[last].end <= end:
            last += 1
        return range(first, last)

    def child(self, index: int, *deps: str) -> int | None:
        """The first child of ``index`` with one of the dependency labels."""
        return next((c for c in self.children[index] if self.tokens[c].dep in deps), None)

    def edges(self, index: int) -> tuple[int, int]:
        """First and last token index of the subtree under ``index``."""
        if index not in self._edges:
            low = high = index
            for c in self.children[index]:
                a, b = self.edges(c)
                low, high = min(low, a), max(high, b)
            self._edges[index] = (low, high)
        return self._edges[index]

    def phrase(self, index: int) -> tuple[int, int]:
        """Character span of the phrase headed by ``index``, without what follows a
        relative clause, apposition or comma after any of its nouns."""
        low, high = self._phrase_edges(index)
        while high > low and self.tokens[high].pos == "PUNCT":
            high -= 1
        return self.tokens[low].start, self.tokens[high].end

    def _phrase_edges(self, index: int) -> tuple[int, int]:
        low, high = index, index
        for c in self.children[index]:
            if c > index and self.tokens[c].dep in PHRASE_TAILS:
                break
            a, b = self._phrase_edges(c)
            low, high = min(low, a), max(high, b)
        return low, high

    def governs(self, head: int, index: int) -> bool:
        """``index`` belongs to ``head``'s own clause: it is reached from ``index``
        through its heads without entering another clause."""
        while index != head:
            parent = self.tokens[index].head
            if parent == index or self.tokens[index].dep in CLAUSE_LINKS:
                return False
            index = parent
        return True

    def nearest_noun(self, index: int) -> int:
        """``index`` or its nearest noun ancestor (a relative clause the parser hung
        on a verb is still about a thing)."""
        while self.tokens[index].pos not in ("NOUN", "PROPN", "PRON", "NUM"):
            if self.tokens[index].head == index:
                return index
            index = self.tokens[index].head
        return index

    def noun_phrase_top(self, index: int) -> int:
        """The noun a prepositional phrase belongs to: 'an agreement with Norway' for
        'Norway', since what follows may be said of either."""
        while self.tokens[index].dep == "pobj":
            preposition = self.tokens[index].head
            owner = self.tokens[preposition].head
            if self.tokens[preposition].dep != "prep" or self.tokens[owner].pos not in (
                    "NOUN", "PROPN") or owner == preposition:
                break
            index = owner
        return index

    def word(self, index: int) -> str:
        """The token's text, lower-cased."""
        token = self.tokens[index]
        return self.text[token.start:token.end].lower()

    def words(self, index: int) -> str:
        start, end = self.phrase(index)
        return self.text[start:end]

    def subject(self, index: int) -> int | None:
        """The subject of verb ``index``, or the one it shares with the verb it is
        coordinated with ("The man shot two people and fled" -> "The man")."""
        while True:
            found = self.child(index, *SUBJECTS)
            if found is not None or self.tokens[index].dep != "conj" or \
                    self.tokens[index].head == index:
                return found
            index = self.tokens[index].head
