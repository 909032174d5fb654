"""A person's sex given two ways by independent sources: "his 15-year-old
brother" against "his 15-year-old sister", "a 34-year-old man" against "a
34-year-old woman".

Local reports get a victim's sex or relation wrong, and the claims that do so
rarely align (the rest of the sentence differs too), so, like clock times,
this is looked for across the story.  Two passages disagree when they are
worded alike but for a word of a male/female pair (``SEXED``) at the same place
in both (the words around it agree), the judge calls them one event about the
same things, the numbers they give (ages) are the same ("a 14-year-old boy" is
not "a 4-year-old girl"), and neither report uses the other word anywhere in
its claims: a report that writes both "man" and "woman" is speaking of two
people, and one whose copy group does could be too.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from difflib import SequenceMatcher

from ..models import Claim
from ..nlp.lexicon import FUNCTION_WORDS
from .variance import Disagreement, SameFrames, linked_disagreements

# (male, female) words of one person; pronouns are left out (one sentence's "he"
# may be another person than its "she").
SEXED = (("man", "woman"), ("men", "women"), ("boy", "girl"), ("boys", "girls"),
         ("male", "female"), ("brother", "sister"), ("brothers", "sisters"),
         ("son", "daughter"), ("sons", "daughters"), ("father", "mother"), ("dad", "mom"),
         ("husband", "wife"), ("boyfriend", "girlfriend"), ("uncle", "aunt"),
         ("nephew", "niece"), ("grandson", "granddaughter"),
         ("grandfather", "grandmother"), ("stepson", "stepdaughter"),
         ("stepfather", "stepmother"), ("gentleman", "lady"))
_PAIR_OF = {word: (index, side) for index, pair in enumerate(SEXED)
            for side, word in enumerate(pair)}
_WORDS = re.compile(r"[a-z0-9]+")  # "15-year-old" is three words, as "15 year old" is
# How alike the two passages' words are (difflib's ratio) to be one statement
# with one word changed rather than two statements.
MIN_LIKENESS = 0.6


def sex_disagreements(claims: Sequence[Claim], voices: Mapping[str, str],
                      same_frames: SameFrames | None) -> list[Disagreement]:
    """One disagreement per male/female pair of words that independent sources
    (``voices``: document -> its copy group) use of one person. Only with the
    judge (``same_frames``), which says the two passages report one event."""
    if same_frames is None:
        return []
    words = {c.id: _WORDS.findall(c.citation.text.lower()) for c in claims}
    used: dict[str, set[str]] = defaultdict(set)  # copy group -> the sexed words it writes
    for claim in claims:
        used[voices[claim.citation.document]].update(w for w in words[claim.id] if w in _PAIR_OF)
    candidates = [(a, b, x, y) for a, b in _candidate_pairs(claims, words)
                  if voices[a.citation.document] != voices[b.citation.document]
                  for x, y in [_changed_word(words[a.id], words[b.id])] if x]
    candidates = [(a, b, x, y) for a, b, x, y in candidates
                  if y not in used[voices[a.citation.document]]
                  and x not in used[voices[b.citation.document]]]
    return [found for index, pair in enumerate(SEXED)
            for found in linked_disagreements(
                "sex", [c for c in candidates if _PAIR_OF[c[2]][0] == index], same_frames,
                subject=" / ".join(pair))]


def _candidate_pairs(claims: Sequence[Claim], words: Mapping[str, list[str]]
                     ) -> list[tuple[Claim, Claim]]:
    """Pairs of claims that use the two words of one pair after, or before, the
    same content word ("old brother" / "old sister", "man was shot" / "woman was
    shot"): so not every "man" meets every "woman"."""
    by_context: dict[tuple, tuple[list[Claim], list[Claim]]] = defaultdict(lambda: ([], []))
    for claim in claims:
        tokens = words[claim.id]
        for i, word in enumerate(tokens):
            if word in _PAIR_OF:
                index, side = _PAIR_OF[word]
                before = next((w for w in reversed(tokens[:i]) if w not in FUNCTION_WORDS), "")
                after = next((w for w in tokens[i + 1:] if w not in FUNCTION_WORDS), "")
                for context in (("before", before), ("after", after)):
                    by_context[(index, *context)][side].append(claim)
    pairs: dict[tuple[str, str], tuple[Claim, Claim]] = {}
    for males, females in by_context.values():
        for a in males:
            for b in females:
                pairs.setdefault((a.id, b.id), (a, b))
    return list(pairs.values())


def _changed_word(a: Sequence[str], b: Sequence[str]) -> tuple[str, str]:
    """The male word of ``a`` and the female word of ``b`` that stand at one place in
    wordings otherwise alike; empty strings when the two are not such a pair."""
    numbers_a, numbers_b = ({w for w in words if w[0].isdigit()} for words in (a, b))
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return "", ""  # "a 14-year-old boy" and "a 4-year-old girl" are two children
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < MIN_LIKENESS:
        return "", ""
    changed = [(x, y) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag == "replace"
               for x in a[i1:i2] for y in b[j1:j2]
               if x in _PAIR_OF and y in _PAIR_OF and _PAIR_OF[x][0] == _PAIR_OF[y][0]
               and _PAIR_OF[x][1] == 0 and _PAIR_OF[y][1] == 1]
    return changed[0] if len(changed) == 1 else ("", "")
