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

A small NER model often cuts a name's first word ("Marquise Jamar Wooden" read
as "Jamar Wooden"), so a name takes in the capitalised word written right
before it (unless a function word), and two names are compared word by word
from their last word, over the shorter one's length ("Sgt. Jamie Davidsen"
against "Jamie Davidson").  A surname written alone is weaker evidence: it is
compared only when the story also gives it a first name, one that agrees with
the other spelling's.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations

from rapidfuzz.distance import DamerauLevenshtein

from ..models import Citation, Claim, Entity
from ..nlp.lexicon import FUNCTION_WORDS
from .variance import Disagreement

MIN_LETTERS = 5  # both spellings of the differing word at least this long
_POSSESSIVE = re.compile(r"['’]s?$")
_VOWELS = frozenset("aeiou")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][a-z][\w'’-]*\s+$")


def name_disagreements(claims: Sequence[Claim], voices: Mapping[str, str]
                       ) -> list[Disagreement]:
    """One disagreement per pair of variant spellings of a person's name that
    independent sources (``voices``: document -> its copy group) use."""
    cited: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        for entity in claim.entities:
            if entity.label == "PERSON":
                name = " ".join(_POSSESSIVE.sub("", w) for w in _written_name(claim, entity))
                if name and claim not in cited[name]:
                    cited[name].append(claim)
    found, seen = [], set()
    for a, b in _candidate_pairs(sorted(cited)):
        if not _variants(a, b):
            continue
        length = min(len(a.split()), len(b.split()))
        tails = (_tail(a, length), _tail(b, length))
        if tails in seen:
            continue
        seen.add(tails)
        if length == 1 and not _one_person(cited, *(t[0] for t in tails)):
            continue
        # every written form of each spelling: "Jamie Davidsen" and "Sgt. Jamie Davidsen"
        named = [[c for n in cited if _tail(n, length) == tail for c in cited[n]] for tail in tails]
        if {c.citation.document for c in named[0]} & {c.citation.document for c in named[1]}:
            continue
        heard_a, heard_b = ({voices[c.citation.document] for c in side} for side in named)
        if not (heard_a - heard_b and heard_b - heard_a):
            continue
        sides: dict[str, list[Citation]] = {  # each spelling as first written
            " ".join(name.split()[-length:]): list(dict.fromkeys(c.citation for c in side))
            for name, side in zip((a, b), named)}
        found.append(Disagreement("name", "contradiction", sides,
                                  tuple(dict.fromkeys(named[0] + named[1])), subject="spelling"))
    return found


def _candidate_pairs(names: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs that may be variants: paired from the last word on, two variants
    share their last word or have last words one edit apart (so a story's
    hundreds of names are not all compared with each other)."""
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_last[name.split()[-1].lower()].append(name)
    pairs = [pair for group in by_last.values() for pair in combinations(group, 2)]
    lasts = sorted((w for w in by_last if len(w) >= MIN_LETTERS), key=len)
    for i, x in enumerate(lasts):
        for y in lasts[i + 1:]:
            if len(y) > len(x) + 1:
                break
            if DamerauLevenshtein.distance(x, y) == 1:
                pairs.extend((a, b) if a < b else (b, a) for a in by_last[x] for b in by_last[y])
    return sorted(pairs)


def _one_person(names: Iterable[str], surname_a: str, surname_b: str) -> bool:
    """Whether two surnames one edit apart can be one person: the story writes at
    least one with a first name, and where it writes both, with first names that
    agree ("Green" and "Greer" introduced as "Paul Green" and "Ann Greer" are two
    people; a surname never written with a first name is as likely a place), and
    neither is written as someone's first name."""
    firsts: tuple[set[str], set[str]] = (set(), set())
    for name in names:
        words = name.lower().split()
        for surname, found in zip((surname_a, surname_b), firsts):
            if surname in words[:-1]:
                return False  # a first name ("Robert Mills"), not a surname: "Robert"/"Roberts"
            if len(words) >= 2 and words[-1] == surname:
                found.add(words[-2])
    if not (firsts[0] or firsts[1]):
        return False
    return not (firsts[0] and firsts[1]) or any(
        DamerauLevenshtein.distance(x, y) <= 1 for x in firsts[0] for y in firsts[1])


def _tail(name: str, length: int) -> tuple[str, ...]:
    """The last ``length`` words of ``name`` (case aside); empty when it has fewer."""
    words = name.lower().split()
    return tuple(words[-length:]) if len(words) >= length else ()


def _written_name(claim: Claim, entity: Entity) -> list[str]:
    """The entity's words, with the capitalised word written right before it."""
    before = claim.citation.text[:max(entity.start - claim.citation.start, 0)]
    match = _CAPITALISED_BEFORE.search(before)
    nearest = match.group().split()[-1:] if match else []
    if nearest and nearest[0].lower() in FUNCTION_WORDS:
        nearest = []
    return nearest + entity.text.split()


def _variants(a: str, b: str) -> bool:
    """Same words but one, and that one a single edit away (case aside), the
    words paired from the last one on."""
    words_a, words_b = a.lower().split(), b.lower().split()
    differing = [(x, y) for x, y in zip(reversed(words_a), reversed(words_b)) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    if len(x) == len(y) and x[:-1] == y[:-1] and x[-1] in _VOWELS and y[-1] in _VOWELS:
        return False  # a feminine and a masculine form: Maria and Mario, Daniela and Daniele
    return min(len(x), len(y)) >= MIN_LETTERS and DamerauLevenshtein.distance(x, y) == 1
