"""Names spelled two ways by independent sources: "Adkins" against "Atkins",
"Marquis" against "Marquise".

Local reports often disagree on how a victim's or a suspect's name is
written, and a fact-checker has to settle it before anything is published.
The claims need not say the same thing: the name is the slot.  Two spellings
are variants when they are one edit apart (Damerau-Levenshtein: a letter
changed, added, dropped or two swapped), on words long enough that one edit
does not make another common name ("Jon"/"Jan" are two people), with every
other word of the names the same, and not two forms of one name for two
people ("Maria"/"Mario": only the final vowel differs).  Each side needs a
source that writes only its spelling, and no one report may write both: one
report naming "Louis" and "Louise" means two people, or its own typo.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from itertools import combinations

from rapidfuzz.distance import DamerauLevenshtein

from ..models import Citation, Claim
from .variance import Disagreement

MIN_LETTERS = 5  # both spellings of the differing word at least this long
_POSSESSIVE = re.compile(r"['’]s?$")
_VOWELS = frozenset("aeiou")


def name_disagreements(claims: Sequence[Claim], voices: Mapping[str, str]
                       ) -> list[Disagreement]:
    """One disagreement per pair of variant spellings of a person's name that
    independent sources (``voices``: document -> its copy group) use."""
    cited: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for entity in claim.entities:
            if entity.label == "PERSON":
                name = " ".join(_POSSESSIVE.sub("", w) for w in entity.text.split())
                if claim not in cited[name]:
                    cited[name].append(claim)
    found = []
    for a, b in combinations(sorted(cited), 2):
        if not _variants(a, b):
            continue
        if {c.citation.document for c in cited[a]} & {c.citation.document for c in cited[b]}:
            continue
        heard_a = {voices[c.citation.document] for c in cited[a]}
        heard_b = {voices[c.citation.document] for c in cited[b]}
        if not (heard_a - heard_b and heard_b - heard_a):
            continue
        sides: dict[str, list[Citation]] = {
            name: list(dict.fromkeys(c.citation for c in cited[name])) for name in (a, b)}
        found.append(Disagreement("name", "contradiction", sides,
                                  tuple(cited[a] + cited[b]), subject="spelling"))
    return found


def _variants(a: str, b: str) -> bool:
    """Same words but one, and that one a single edit away (case aside)."""
    words_a, words_b = a.lower().split(), b.lower().split()
    if len(words_a) != len(words_b):
        return False
    differing = [(x, y) for x, y in zip(words_a, words_b) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if len(x) == len(y) and x[:-1] == y[:-1] and x[-1] in _VOWELS and y[-1] in _VOWELS:
        return False  # a feminine and a masculine form: Maria and Mario, Daniela and Daniele
    return min(len(x), len(y)) >= MIN_LETTERS and DamerauLevenshtein.distance(x, y) == 1
