"""Where independent sources disagree: dates, numbers, affirm vs deny.

Only independent sources are compared (a copy cannot dispute its original).
Dates and affirm/deny are compared inside a claim group. Numbers are compared
across the whole story, between mentions of the same counted thing in similar
words ("at least 12 workers were hurt" against "15 workers were injured"),
because a number often sits in a sentence that says other things too. A higher
number published later, or worded as a change ("rose to"), is an update rather
than a contradiction.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models import Citation, Claim, Document, Quantity
from .align import content_stems
from .timex import value_range

UPDATE_CUES = re.compile(
    r"\b(?:rose|risen|rises|climbed|increased|grew|jumped|now|updated|revised|latest|"
    r"has reached|reached|new (?:toll|figure|count))\b", re.IGNORECASE)
# Affirm and deny are compared only between near-paraphrases: "X confirmed Y"
# against "X denied Y", not any two sentences of a group that differ by a "not".
MIN_NEGATION_SIMILARITY = 0.6
# Likewise two dates clash only in near-paraphrases, not in any two clauses of a group.
MIN_DATE_SIMILARITY = 0.4
# Words each side of a number that say what happened to the counted thing
# ("12 workers were hurt"); two mentions share some of them to be compared.
NUMBER_WINDOW = 4
MIN_WINDOW_OVERLAP = 0.3

Similarity = Callable[[Claim, Claim], float]


@dataclass(frozen=True)
class Disagreement:
    """Values stated by independent sources, before it becomes a ``Variance``."""

    about: str
    kind: str
    sides: dict[str, list[Citation]]
    claims: tuple[Claim, ...]
    subject: str = ""


def group_disagreements(claims: Sequence[Claim], components: Mapping[str, str],
                        related: Similarity) -> list[Disagreement]:
    """Date and affirm/deny conflicts inside one claim group."""
    found = []
    sides = _date_clashes(claims, components, related)
    if len(sides) >= 2:
        found.append(Disagreement("date", "contradiction", sides, tuple(claims)))
    polar = [(c, {"denies" if c.negated else "affirms"}) for c in claims]
    sides = _clashes(polar, components, lambda a, b: a == b,
                     lambda a, b: related(a, b) >= MIN_NEGATION_SIMILARITY)
    if len(sides) >= 2:
        found.append(Disagreement("negation", "contradiction", sides, tuple(claims)))
    return found


def _date_clashes(claims: Sequence[Claim], components: Mapping[str, str],
                  related: Similarity) -> dict[str, list[Citation]]:
    """Dates on which two independent sources share no agreeing value.

    A claim with several dates may speak of several events, so only claims with
    one date count; and a source's dates are pooled, so a report that dates the
    event and, elsewhere, a statement about it does not clash with itself.
    """
    single = [(c, next(iter(v))) for c in claims
              for v in [{d.value for d in c.dates if d.value}] if len(v) == 1]
    pooled: dict[str, set[str]] = defaultdict(set)
    for claim, value in single:
        pooled[components[claim.citation.document]].add(value)
    sides: dict[str, list[Citation]] = defaultdict(list)
    for i, (a, va) in enumerate(single):
        for b, vb in single[i + 1:]:
            ca, cb = components[a.citation.document], components[b.citation.document]
            if ca == cb or related(a, b) < MIN_DATE_SIMILARITY:
                continue
            if not any(_dates_agree(x, y) for x in pooled[ca] for y in pooled[cb]):
                for claim, value in ((a, va), (b, vb)):
                    if claim.citation not in sides[value]:
                        sides[value].append(claim.citation)
    return dict(sides)


def _dates_agree(a: str, b: str) -> bool:
    """'2025' and '2025-04' (or '2025-W16' and '2025-04-15') can both be right;
    '2023' and '2024' cannot. Values of unknown form are never called a clash."""
    range_a, range_b = value_range(a), value_range(b)
    if range_a is None or range_b is None:
        return True
    return range_a[0] <= range_b[1] and range_b[0] <= range_a[1]


def _clashes(stated: Sequence[tuple[Claim, set[str]]], components: Mapping[str, str],
             agree: Callable[[str, str], bool], comparable: Callable[[Claim, Claim], bool]
             ) -> dict[str, list[Citation]]:
    """Values of independent claims that share no agreeing value at all.

    Two claims that agree on one date and differ on another mention two
    events, not a conflict; so only claims with no value in common clash.
    """
    clashing: set[str] = set()
    for i, (a, va) in enumerate(stated):
        for b, vb in stated[i + 1:]:
            if components[a.citation.document] == components[b.citation.document]:
                continue
            if comparable(a, b) and not any(agree(x, y) for x in va for y in vb):
                clashing |= va | vb
    sides: dict[str, list[Citation]] = defaultdict(list)
    for claim, values in stated:
        for value in sorted(values & clashing):
            sides[value].append(claim.citation)
    return dict(sides)


def number_disagreements(claims: Sequence[Claim], components: Mapping[str, str],
                         by_id: Mapping[str, Document]) -> list[Disagreement]:
    """Different numbers for the same counted thing from independent sources."""
    mentions: dict[str, list[tuple[Claim, Quantity]]] = defaultdict(list)
    for claim in claims:
        for quantity in claim.quantities:
            if quantity.unit:
                mentions[quantity.unit.rstrip("s")].append((claim, quantity))
    found = []
    for group in (g for items in mentions.values() for g in _link(items)):
        values = {(components[c.citation.document], q.value) for c, q in group}
        if len({v for _, v in values}) < 2 or len({comp for comp, _ in values}) < 2:
            continue
        sides: dict[str, list[Citation]] = defaultdict(list)
        for claim, quantity in sorted(group, key=lambda cq: cq[1].value):
            if claim.citation not in sides[_number_label(quantity)]:
                sides[_number_label(quantity)].append(claim.citation)
        found.append(Disagreement("number", _number_kind(group, by_id), dict(sides),
                                  tuple(c for c, _ in group), subject=group[0][1].unit or ""))
    return found


def _link(items: list[tuple[Claim, Quantity]]) -> list[list]:
    """Connected groups of mentions whose surrounding words overlap."""
    windows = [set(_window(claim, quantity)) for claim, quantity in items]
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            small = min(len(windows[i]), len(windows[j]))
            shared = len(windows[i] & windows[j])
            if shared and shared / small >= MIN_WINDOW_OVERLAP:
                parent[find(j)] = find(i)
    groups = defaultdict(list)
    for index, item in enumerate(items):
        groups[find(index)].append(item)
    return [g for g in groups.values() if len(g) > 1]


def _window(claim: Claim, quantity: Quantity) -> list[str]:
    """Content words near the number, stopping at the claim's other numbers."""
    text, start = claim.citation.text, claim.citation.start
    left_edge = max([q.end for q in claim.quantities if q.end <= quantity.start], default=start)
    right_edge = min([q.start for q in claim.quantities if q.start >= quantity.end],
                     default=claim.citation.end)
    left = content_stems(text[left_edge - start:quantity.start - start])[-NUMBER_WINDOW:]
    right = content_stems(text[quantity.end - start:right_edge - start])[:NUMBER_WINDOW]
    return [w for w in left + right if not w[0].isdigit()]


def _number_label(quantity: Quantity) -> str:
    qualifier = f"{quantity.qualifier} " if quantity.qualifier else ""
    return f"{qualifier}{quantity.value:g} {quantity.unit}"


def _number_kind(group, by_id: Mapping[str, Document]) -> str:
    """An update when figures only grow with time: every report of a smaller
    figure is published no later than the first report of a larger one (same
    day allowed), or the larger figure is worded as a change ("rose to")."""
    days: dict[float, list] = defaultdict(list)
    cued: dict[float, bool] = defaultdict(bool)
    for claim, quantity in group:
        published = by_id[claim.citation.document].published
        if published is None:
            return "contradiction"  # without dates an update cannot be told apart
        days[quantity.value].append(published.date())
        cued[quantity.value] |= bool(UPDATE_CUES.search(claim.citation.text))
    values = sorted(days)
    growing = all(max(days[low]) <= min(days[high])
                  for k, low in enumerate(values) for high in values[k + 1:])
    latest_is_largest = max(days[values[-1]]) >= max(d for v in values for d in days[v])
    return "update" if growing or (cued[values[-1]] and latest_is_largest) else "contradiction"


AGENT_WINDOW = 4
MIN_ACTION_OVERLAP = 0.6
SPEECH_STEMS = {"said", "say", "told", "tell", "confirm", "announc", "report", "ad", "add",
                "state", "explain", "note", "claim", "warn", "declin", "deni", "acknowledg"}
# A capitalised name (small NER models miss many) followed by a lower-case word.
NAMED_ACTOR = re.compile(
    r"(?P<agent>[A-Z][\w'’&.-]*(?:\s+(?:of\s+|and\s+|for\s+|&\s+)?[A-Z][\w'’&.-]*)*)"
    r"\s+(?P<next>[a-z][\w-]*)")
NOT_VERBS = {"of", "for", "in", "at", "from", "with", "on", "to", "by", "the", "a", "an", "and",
             "or", "but", "that", "which", "who", "as", "said", "says", "told"}
LEADING_WORDS = {"the", "a", "an", "late", "early", "on", "in", "at", "by", "last", "this"}


def agent_disagreements(claims: Sequence[Claim], components: Mapping[str, str]
                        ) -> list[Disagreement]:
    """The same action credited to different actors by independent sources
    ("the court suspended the permit" against "the ministry suspended the permit")."""
    by_verb: dict[str, list[tuple[Claim, str, set[str]]]] = defaultdict(list)
    actions: dict[str, str] = {}  # verb stem -> the words of its first mention
    for claim in claims:
        found = _agent_and_action(claim)
        if found:
            agent, action, words = found
            by_verb[action[0]].append((claim, agent, set(action)))
            actions.setdefault(action[0], words)
    results = []
    for verb, items in by_verb.items():
        sides: dict[str, list[Citation]] = defaultdict(list)
        for i, (a, agent_a, act_a) in enumerate(items):
            for b, agent_b, act_b in items[i + 1:]:
                if components[a.citation.document] == components[b.citation.document] or \
                        _same_actor(agent_a, agent_b) or \
                        len(act_a & act_b) / min(len(act_a), len(act_b)) < MIN_ACTION_OVERLAP:
                    continue
                for claim, agent in ((a, agent_a), (b, agent_b)):
                    if claim.citation not in sides[agent]:
                        sides[agent].append(claim.citation)
        if len(sides) >= 2:
            involved = {c for side in sides.values() for c in side}
            results.append(Disagreement("agent", "contradiction", dict(sides),
                                        tuple(c for c, _, _ in items if c.citation in involved),
                                        subject=actions[verb]))
    return results


def _agent_and_action(claim: Claim) -> tuple[str, list[str], str] | None:
    """An actor named right before a verb, the stems of the words after it, and
    those words as written (to say what was done)."""
    text = claim.citation.text
    named = {e.text for e in claim.entities if e.label in ("ORG", "PERSON", "GPE", "NORP")}
    for match in NAMED_ACTOR.finditer(text[:120]):
        words = match.group("agent").split()
        while words and words[0].lower() in LEADING_WORDS:
            words = words[1:]
        if not words or match.group("next") in NOT_VERBS:
            continue
        if len(words) == 1 and words[0] not in named:
            continue  # one capitalised word is often just a sentence's first word
        rest = text[match.start("next"):]
        action = content_stems(rest)[:AGENT_WINDOW]
        if len(action) >= 2 and action[0] not in SPEECH_STEMS:
            return " ".join(words), action, " ".join(rest.split()[:4]).rstrip(",.;")
    return None


def _same_actor(a: str, b: str) -> bool:
    """'Brennholt', "Brennholt's" and 'Brennholt Terminals' are one actor."""
    wa, wb = (set(re.sub(r"['’]s\b", "", x.lower()).split()) - {"the"} for x in (a, b))
    return bool(wa & wb)
