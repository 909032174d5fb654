"""Where independent sources disagree: dates and times, numbers, actors, places, affirm vs deny.

Only independent sources are compared (a copy cannot dispute its original).
Dates and affirm/deny are compared inside a claim group. Numbers are compared
across the whole story, between mentions of the same counted thing in similar
words ("at least 12 workers were hurt" against "15 workers were injured"),
because a number often sits in a sentence that says other things too; so are
clock times of one event ("around 2 a.m." against "1 a.m."). A higher
number published later, or worded as a change ("rose to"), is an update rather
than a contradiction.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..models import Citation, Claim, Document, Quantity
from ..nlp.stems import content_stems
from ..algorithms.union_find import UnionFind
from ..nlp.ages import AGE, is_name
from ..nlp.judge import clock_difference, dates_agree, differences, holder_of
from ..nlp.quantities import quantities_agree
from ..timex import clock_minutes

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
# Which pairs of claims report one event about the same things (the judge's
# P(same frame)); asked for many pairs at once, since the judge scores in batches.
SameFrames = Callable[[Sequence[tuple[Claim, Claim]]], Sequence[bool]]


@dataclass(frozen=True)
class Disagreement:
    """Values stated by independent sources, before it becomes a ``Variance``."""

    about: str
    kind: str
    sides: dict[str, list[Citation]]
    claims: tuple[Claim, ...]
    subject: str = ""


@dataclass
class _Wording:
    """Claims with the same words (wire copies say it the same way): compared once."""

    claim: Claim  # the first of them, for similarity
    value: str
    claims: list[Claim] = field(default_factory=list)
    voices: set[str] = field(default_factory=set)


def _wordings(stated: Iterable[tuple[Claim, str]], components: Mapping[str, str]
              ) -> list[_Wording]:
    by_key: dict[tuple[str, str], _Wording] = {}
    for claim, value in stated:
        key = (" ".join(claim.citation.text.lower().split()), value)
        wording = by_key.setdefault(key, _Wording(claim, value))
        wording.claims.append(claim)
        wording.voices.add(components[claim.citation.document])
    return list(by_key.values())


def group_disagreements(claims: Sequence[Claim], components: Mapping[str, str],
                        related: Similarity, floor: float | None = None) -> list[Disagreement]:
    """Date and affirm/deny conflicts inside one claim group.

    ``floor``: the similarity at or above which two claims are one frame (the
    judge's threshold); without it, the lexical rules' own minimums apply.
    """
    found = []
    sides = _date_clashes(claims, components, related,
                          MIN_DATE_SIMILARITY if floor is None else floor)
    if len(sides) >= 2:
        found.append(Disagreement("date", "contradiction", sides, tuple(claims)))
    polar = _wordings(((c, "denies" if c.negated else "affirms") for c in claims), components)
    sides = _sides(polar, lambda a, b: a.value != b.value and _independent(a, b)
                   and related(a.claim, b.claim) >= (MIN_NEGATION_SIMILARITY
                                                     if floor is None else floor))
    if len(sides) >= 2:
        found.append(Disagreement("negation", "contradiction", sides, tuple(claims)))
    if floor is not None:  # frames compared by the judge: who did it, and where
        for kind, sides in _slot_clashes(claims, components, related, floor).items():
            if len(sides) >= 2:
                found.append(Disagreement(kind, "contradiction", sides, tuple(claims)))
    return found


SLOTS = ("agent", "place")  # clock times are compared story-wide (time_disagreements)


def _slot_clashes(claims: Sequence[Claim], components: Mapping[str, str], related: Similarity,
                  floor: float) -> dict[str, dict[str, list[Citation]]]:
    """Per slot, the agents (places) of one frame that independent sources state
    differently."""
    sides: dict[str, dict[str, dict[Citation, None]]] = {kind: defaultdict(dict)
                                                         for kind in SLOTS}  # ordered sets
    framed = [c for c in claims if c.frame is not None]  # agents and places are frame slots
    for i, a in enumerate(framed):
        for b in framed[i + 1:]:
            if components[a.citation.document] == components[b.citation.document] or \
                    related(a, b) < floor:
                continue
            for difference in differences(a, b):
                if difference.kind in sides:
                    sides[difference.kind][difference.value_a][a.citation] = None
                    sides[difference.kind][difference.value_b][b.citation] = None
    return {kind: {value: list(cited) for value, cited in by_value.items()}
            for kind, by_value in sides.items()}


def _independent(a: _Wording, b: _Wording) -> bool:
    """Some source behind one wording is not a copy of some source behind the other."""
    return len(a.voices | b.voices) > 1


def _sides(wordings: Sequence[_Wording], clash: Callable[[_Wording, _Wording], bool]
           ) -> dict[str, list[Citation]]:
    """Each value of the clashing wordings, with every passage that states it."""
    clashing: set[int] = set()
    for i, a in enumerate(wordings):
        for j in range(i + 1, len(wordings)):
            if clash(a, wordings[j]):
                clashing |= {i, j}
    sides: dict[str, list[Citation]] = defaultdict(list)
    for index in sorted(clashing, key=lambda k: wordings[k].value):
        sides[wordings[index].value].extend(c.citation for c in wordings[index].claims)
    return dict(sides)


def _date_clashes(claims: Sequence[Claim], components: Mapping[str, str],
                  related: Similarity, floor: float) -> dict[str, list[Citation]]:
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

    def clash(a: _Wording, b: _Wording) -> bool:
        if dates_agree(a.value, b.value) or not _independent(a, b) or \
                related(a.claim, b.claim) < floor:
            return False
        pools_a = {frozenset(pooled[v]) for v in a.voices}
        pools_b = {frozenset(pooled[v]) for v in b.voices}
        return any(not any(dates_agree(x, y) for x in pa for y in pb)
                   for pa in pools_a for pb in pools_b)

    return _sides(_wordings(single, components), clash)


def number_disagreements(claims: Sequence[Claim], components: Mapping[str, str],
                         by_id: Mapping[str, Document], same_frames: SameFrames | None = None
                         ) -> list[Disagreement]:
    """Different numbers for the same counted thing from independent sources.

    With ``same_frames``, two mentions are compared only when their claims
    report one event about the same things: "$200 million for the startup" and "$1 billion for
    the shares" count different things. Approximate figures that agree
    ("almost 6 million", "5.9 million") are no disagreement.
    """
    mentions: dict[str, list[tuple[Claim, Quantity]]] = defaultdict(list)
    for claim in claims:
        for quantity in claim.quantities:
            if quantity.unit == AGE:  # ages of one named person: "Reyes, 23" / "Reyes, 32"
                holder = holder_of(claim, quantity)  # ("a 6-year-old girl": which girl?)
                if is_name(holder) and any(holder in e.text for e in claim.entities
                                           if e.label == "PERSON"):  # not "Minneapolis man"
                    mentions[f"{AGE}:{holder.lower()}"].append((claim, quantity))
            elif quantity.unit:
                mentions[quantity.unit.rstrip("s")].append((claim, quantity))
    found = []
    for group in (g for items in mentions.values() for g in _link(items, same_frames)):
        values = {(components[c.citation.document], q.value) for c, q in group}
        if len({v for _, v in values}) < 2 or len({comp for comp, _ in values}) < 2 or \
                _all_agree([q for _, q in group]):
            continue
        sides: dict[str, dict[Citation, None]] = defaultdict(dict)  # ordered sets
        for claim, quantity in sorted(group, key=lambda cq: cq[1].value):
            sides[_number_label(quantity)][claim.citation] = None
        found.append(Disagreement("number", _number_kind(group, by_id),
                                  {value: list(cited) for value, cited in sides.items()},
                                  tuple(c for c, _ in group), subject=group[0][1].unit or ""))
    return found


def _all_agree(quantities: Sequence[Quantity]) -> bool:
    return all(quantities_agree(a, b) for a in quantities for b in quantities)


def _link(items: list[tuple[Claim, Quantity]], same_frames: SameFrames | None) -> list[list]:
    """Connected groups of mentions whose surrounding words overlap (and, with
    ``same_frames``, whose claims are one frame).

    Mentions with the same surrounding words are linked once (copies repeat them).
    """
    by_window: dict[frozenset, list] = defaultdict(list)
    for claim, quantity in items:
        by_window[frozenset(_window(claim, quantity))].append((claim, quantity))
    windows = list(by_window)
    links = UnionFind(windows)
    close = [(a, b) for i, a in enumerate(windows) for b in windows[i + 1:]
             if (shared := len(a & b)) and shared / min(len(a), len(b)) >= MIN_WINDOW_OVERLAP]
    if same_frames is not None and close:
        framed = same_frames([(by_window[a][0][0], by_window[b][0][0]) for a, b in close])
        close = [pair for pair, one in zip(close, framed) if one]
    for a, b in close:
        links.union(a, b)
    groups = defaultdict(list)
    for window, mentions in by_window.items():
        groups[links.find(window)].extend(mentions)
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
    """The figure as people write it: 'at least 12 workers', '$200 million'."""
    qualifier = f"{quantity.qualifier} " if quantity.qualifier else ""
    symbol = CURRENCY_SYMBOLS.get(quantity.unit or "")
    if symbol:
        return f"{qualifier}{symbol}{_readable(quantity.value)}"
    unit = "%" if quantity.unit == "percent" else f" {quantity.unit}" if quantity.unit else ""
    return f"{qualifier}{_readable(quantity.value)}{unit}"


CURRENCY_SYMBOLS = {"USD": "$", "GBP": "£", "EUR": "€", "JPY": "¥"}
_SCALE_NAMES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _readable(value: float) -> str:
    """200000000 -> '200 million', 1250 -> '1,250', 5.9 -> '5.9'."""
    for scale, name in _SCALE_NAMES:
        if abs(value) >= scale:
            return f"{value / scale:,.6g} {name}"
    return f"{value:,.6g}" if value != int(value) else f"{int(value):,}"


def _number_kind(group, by_id: Mapping[str, Document]) -> str:
    """An update when figures only grow with time: every report of a smaller
    figure is published no later than the first report of a larger one (same
    day allowed), or the larger figure is worded as a change ("rose to")."""
    days: dict[float, list] = defaultdict(list)
    cued: dict[float, bool] = defaultdict(bool)
    if group[0][1].unit == AGE:
        return "contradiction"  # an age does not grow from one report to the next
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
    # verb stem -> (agent, action stems) -> the claims that say it; copies share a key
    by_verb: dict[str, dict[tuple[str, frozenset], list[Claim]]] = defaultdict(dict)
    actions: dict[str, str] = {}  # verb stem -> the words of its first mention
    for claim in claims:
        found = _agent_and_action(claim)
        if found:
            agent, action, words = found
            by_verb[action[0]].setdefault((agent, frozenset(action)), []).append(claim)
            actions.setdefault(action[0], words)
    results = []
    for verb, said in by_verb.items():
        sides = _agent_sides(said, components)
        if len(sides) >= 2:
            involved = {c for side in sides.values() for c in side}
            results.append(Disagreement(
                "agent", "contradiction", {agent: list(cited) for agent, cited in sides.items()},
                tuple(c for group in said.values() for c in group if c.citation in involved),
                subject=actions[verb]))
    return results


def _agent_sides(said: Mapping[tuple[str, frozenset], list[Claim]],
                 components: Mapping[str, str]) -> dict[str, dict[Citation, None]]:
    """Agents of near-identical actions, from sources that are not copies."""
    sides: dict[str, dict[Citation, None]] = defaultdict(dict)  # ordered sets
    keys = list(said)
    for i, (agent_a, act_a) in enumerate(keys):
        for agent_b, act_b in keys[i + 1:]:
            if same_actor(agent_a, agent_b) or \
                    len(act_a & act_b) / min(len(act_a), len(act_b)) < MIN_ACTION_OVERLAP:
                continue
            voices = {components[c.citation.document]
                      for c in said[(agent_a, act_a)] + said[(agent_b, act_b)]}
            if len(voices) < 2:
                continue
            for agent, act in ((agent_a, act_a), (agent_b, act_b)):
                sides[agent].update(dict.fromkeys(c.citation for c in said[(agent, act)]))
    return sides


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


def same_actor(a: str, b: str) -> bool:
    """'Brennholt', "Brennholt's" and 'Brennholt Terminals' are one actor, and so
    are 'the Harbour Safety Board' and its initials 'HSB'."""
    wa, wb = (set(re.sub(r"['’]s\b", "", x.lower()).split()) - {"the"} for x in (a, b))
    return bool(wa & wb) or _initials(a) == b.replace(".", "") or \
        _initials(b) == a.replace(".", "")


def _initials(name: str) -> str:
    """'Tennessee Bureau of Investigation' -> 'TBI' (small words left out)."""
    return "".join(w[0] for w in name.split() if w[0].isupper())


def time_disagreements(claims: Sequence[Claim], components: Mapping[str, str],
                       same_frames: SameFrames | None) -> list[Disagreement]:
    """Clock times of one event that independent sources give more than half an hour
    apart ("around 2 a.m. Saturday" / "1 a.m. Saturday"), across the story, like
    numbers: the time often sits in a sentence that says other things too, so the
    claims rarely align. Only with the judge, which says the two report one event."""
    if same_frames is None:
        return []
    timed = [c for c in claims if any(clock_minutes(d.text) is not None for d in c.dates)]
    clashes: list[Clash] = []
    for i, a in enumerate(timed):
        for b in timed[i + 1:]:
            if components[a.citation.document] == components[b.citation.document]:
                continue
            clash = clock_difference(a, b)
            if clash is not None:
                clashes.append((a, b, clash.value_a, clash.value_b))
    return linked_disagreements("time", clashes, same_frames)


Clash = tuple[Claim, Claim, str, str]  # two claims and the value each states


def linked_disagreements(about: str, clashes: Sequence[Clash],
                         same_frames: SameFrames | None = None, subject: str = ""
                         ) -> list[Disagreement]:
    """The clashes (those whose two claims the judge calls one frame, when given
    the judge), as one contradiction per connected set of them: each value with
    every passage that states it."""
    if clashes and same_frames is not None:
        framed = same_frames([(a, b) for a, b, _, _ in clashes])
        clashes = [clash for clash, one in zip(clashes, framed) if one]
    clashing = UnionFind()
    for a, b, _, _ in clashes:
        clashing.union(a.id, b.id)
    by_root: dict[str, list[Clash]] = defaultdict(list)
    for clash in clashes:
        by_root[clashing.find(clash[0].id)].append(clash)
    found = []
    for group in by_root.values():
        sides: dict[str, dict[Citation, None]] = defaultdict(dict)  # ordered sets
        for a, b, value_a, value_b in group:
            sides[value_a][a.citation] = None
            sides[value_b][b.citation] = None
        involved = tuple(dict.fromkeys(c for a, b, _, _ in group for c in (a, b)))
        found.append(Disagreement(about, "contradiction",
                                  {value: list(cited) for value, cited in sides.items()},
                                  involved, subject=subject))
    return found
