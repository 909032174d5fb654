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
# Finite verb forms that say their subject's number (tags cannot: "was" and
# "were" are both VBD).
SINGULAR_VERBS = frozenset({"is", "was", "has", "does", "'s", "’s"})
PLURAL_VERBS = frozenset({"are", "were", "have", "do", "'re", "’re"})
ANTECEDENT_CLIMB = 4  # heads walked up from a disagreeing noun ("agreement ... seekers")
SUBJECT_RELATIVES = frozenset({"which", "who", "that"})


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
        """First and last token index of the subtree under ``index`` (each subtree's
        kept; no recursion: a run-on "sentence" of junk can be thousands deep)."""
        if index not in self._edges:
            order, stack = [], [index]
            while stack:  # parents before their children
                node = stack.pop()
                if node not in self._edges:
                    order.append(node)
                    stack.extend(self.children[node])
            for node in reversed(order):
                low = high = node
                for c in self.children[node]:
                    a, b = self._edges[c]
                    low, high = min(low, a), max(high, b)
                self._edges[node] = (low, high)
        return self._edges[index]

    def phrase(self, index: int) -> tuple[int, int]:
        """Character span of the phrase headed by ``index``, without what follows a
        relative clause, apposition or comma after any of its nouns."""
        low, high = self._phrase_edges(index)
        while high > low and self.tokens[high].pos == "PUNCT":
            high -= 1
        # "notably a 2019 pact": an adverb before a noun phrase is no part of its name
        while low < index and self.tokens[index].pos in ("NOUN", "PROPN") and \
                self.tokens[low].dep == "advmod" and self.tokens[low].head == index:
            low += 1
        return self.tokens[low].start, self.tokens[high].end

    def _phrase_edges(self, index: int) -> tuple[int, int]:
        low, high, stack = index, index, [index]
        while stack:
            node = stack.pop()
            low, high = min(low, node), max(high, node)
            for c in self.children[node]:
                if c > node and self.tokens[c].dep in PHRASE_TAILS:
                    break
                stack.append(c)
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

    def relative_antecedent(self, verb: int) -> int:
        """The noun a relative clause headed by ``verb`` is about: the noun the parser
        hung it on, or, when that noun's number disagrees with the clause's verb
        ("a pact to resettle seasonal workers, which was cancelled"), the nearest
        noun above it in the same phrase whose number agrees."""
        noun = self.nearest_noun(self.tokens[verb].head)
        subject = self.child(verb, "nsubj", "nsubjpass")
        if subject is None or self.word(subject) not in SUBJECT_RELATIVES:
            return noun  # "the store, where they were": the verb agrees with "they"
        number = self.verb_number(verb)
        if number is None or self.noun_number(noun) in (None, number):
            return noun
        of = self.child(noun, "prep")
        owned = self.child(of, "pobj") if of is not None and self.word(of) == "of" else None
        if owned is not None and self.noun_number(owned) == number:
            return owned  # "a group of children who were"
        index = noun
        for _ in range(ANTECEDENT_CLIMB):
            parent = self.tokens[index].head
            if parent == index:
                break
            index = parent
            if self.tokens[index].pos in ("VERB", "AUX"):
                break  # past the noun phrase: another clause's nouns
            if self.noun_number(index) == number:
                return index
        return noun

    def verb_number(self, verb: int) -> str | None:
        """'singular' or 'plural' from the clause's finite verb, its first auxiliary
        or itself ("was", "are", "has", "builds"); None when its form does not say
        ("said", "might have been")."""
        auxiliaries = [c for c in self.children[verb] if c < verb and
                       self.tokens[c].dep in ("aux", "auxpass")]
        finite = auxiliaries[0] if auxiliaries else verb
        word, tag = self.word(finite), self.tokens[finite].tag
        if word in SINGULAR_VERBS or tag == "VBZ":
            return "singular"
        if word in PLURAL_VERBS or tag == "VBP":
            return "plural"
        return None

    def noun_number(self, index: int) -> str | None:
        """'singular' or 'plural' from the noun's tag; nouns joined by "and" or "or"
        are plural."""
        tag = self.tokens[index].tag
        joined = self.child(index, "conj") is not None and self.child(index, "cc") is not None
        if tag in ("NNS", "NNPS") or joined:
            return "plural"
        if tag in ("NN", "NNP"):
            return "singular"
        return None

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
