"""When, or by whom, a thing ended or began, given two ways by independent
sources: "the pact, which was struck down by the court in 2023" against "the
pact, halted by the new cabinet in 2024".

A deal ends once and a club opens once, so two reports of that one change to
that one thing cannot both be right about its year or its actor.  The two
sentences rarely align (they share little but the frame), so, like numbers and
clock times, such claims are compared across the story, by frame: the same
predicate class among ``ONCE_CLASSES``, asserted and affirmed, and the same
thing undergoing it (the patient, or what a "which"/"it"/"the deal" stands for):
a common noun and a name in common ("a 2019 pact with Iceland" / "the Iceland
pact").  A thing with no name ("the program") says too little to be matched.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from ..models import Claim
from ..nlp.judge import dates_agree
from ..nlp.stems import content_stems
from .variance import Clash, Disagreement, linked_disagreements, same_actor

# Predicate class -> the noun of its change, for a variance's subject ("end of ...").
ONCE_CLASSES = {"end": "end", "begin": "start"}
UNDERGOER_ROLES = ("patient", "theme")
# Words that stand for the thing rather than name it: what the claim is about
# (its antecedent) is compared instead.
STAND_INS = re.compile(r"^(?:it|this|that|which|they|them|(?:the|this|that) \w+)$",
                       re.IGNORECASE)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*")


@dataclass(frozen=True)
class _Thing:
    """What undergoes an ending or beginning, as written and as stems."""

    text: str
    nouns: frozenset[str]
    names: frozenset[str]


def once_disagreements(claims: Sequence[Claim], voices: Mapping[str, str]
                       ) -> list[Disagreement]:
    """Year (or day) and actor disagreements about one ending or beginning;
    ``voices`` maps a document to its copy group."""
    framed = [(c, thing, agent) for c in claims for thing in [_undergoer(c)]
              if thing is not None for agent in [_agent(c)] if c.frame.time or agent]
    # Candidate pairs share a class, a noun and a name (a bucket each), so a
    # story of many claims is not compared all against all.
    buckets: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for index, (claim, thing, _) in enumerate(framed):
        for noun in thing.nouns:
            for name in thing.names:
                buckets[(claim.frame.predicate_class, noun, name)].append(index)
    pairs = sorted({pair for found in buckets.values() for pair in combinations(found, 2)})
    clashes: dict[str, list[Clash]] = {"date": [], "agent": []}
    for (a, _, agent_a), (b, _, agent_b) in ((framed[x], framed[y]) for x, y in pairs):
        if voices[a.citation.document] == voices[b.citation.document]:
            continue
        if a.frame.time and b.frame.time and not dates_agree(a.frame.time, b.frame.time):
            clashes["date"].append((a, b, a.frame.time, b.frame.time))
        if agent_a and agent_b and not same_actor(agent_a, agent_b):
            clashes["agent"].append((a, b, agent_a, agent_b))
    things = {claim.id: thing for claim, thing, _ in framed}
    return [replace(found, subject=f"{ONCE_CLASSES[first.frame.predicate_class]} of "
                                   f"{_mid_sentence(things[first.id].text)}")
            for kind, found_clashes in clashes.items()
            for found in linked_disagreements(kind, found_clashes)
            for first in found.claims[:1]]


def _undergoer(claim: Claim) -> _Thing | None:
    """What undergoes the claim's ending or beginning, or None when the claim is
    no such event or the thing has no name."""
    frame = claim.frame
    if frame is None or frame.predicate_class not in ONCE_CLASSES or \
            frame.polarity != "affirmed" or frame.modality != "asserted":
        return None
    text = next((a.text for a in frame.arguments if a.role in UNDERGOER_ROLES), None)
    if text is None or STAND_INS.match(text):
        text = claim.about
    if not text:
        return None
    names = frozenset(s for word in _CAPITALISED.findall(text) for s in content_stems(word))
    nouns = frozenset(content_stems(text)) - names
    return _Thing(text, nouns, names) if names and nouns else None


def _mid_sentence(text: str) -> str:
    """'The ferry contract' as it reads after 'end of': 'the ferry contract'."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An", "This", "That", "Its") \
        and rest else text


def _agent(claim: Claim) -> str | None:
    text = next((a.text for a in claim.frame.arguments if a.role == "agent"), None)
    return None if text is None or STAND_INS.match(text) else text
