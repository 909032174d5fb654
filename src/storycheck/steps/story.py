"""Turn the analysed documents of one story into claim groups with a status,
variances, quotes, a timeline and per-source coverage."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import (AnalysedDocument, Citation, Claim, ClaimGroup, CopyLink, Coverage,
                      Document, Story, TimelineEvent, Variance, VarianceSide)
from ..settings import Settings
from .align import align_claims, claim_terms
from .stated_within import stated_within
from ..nlp.judge import PairJudge
from .copies import find_document_copies, order_pair, passage_clusters
from .extract import SPEECH_VERBS
from .frame import PERSONAL_PRONOUNS, RELATIVE_PRONOUNS, THING_PRONOUNS
from ..algorithms.union_find import UnionFind
from ..timex import value_range
from .name_variants import name_disagreements
from .once_variants import once_disagreements
from .sex_variants import sex_disagreements
from .variance import (Disagreement, agent_disagreements, group_disagreements,
                       number_disagreements, time_disagreements)

# Names that mark an attribution as an upstream news source, not a newsmaker.
MEDIA_WORDS = re.compile(
    r"\b(?:news|press|agency|agencies|times|post|tv|television|radio|broadcast(?:er|ing)?|"
    r"journal|herald|tribune|wire|reuters|ap|afp|bloomberg|gazette|daily|magazine|"
    r"channel|network|newspaper|media|dispatch|chronicle|telegraph|guardian|observer)\b",
    re.IGNORECASE)
SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS}|according to)\b", re.IGNORECASE)
QUESTION_WORDS = {"how", "why", "what", "who", "whom", "whose", "which", "when", "where",
                  "whether", "if"}
PRONOUNS = RELATIVE_PRONOUNS | PERSONAL_PRONOUNS | THING_PRONOUNS
MIN_SHARED_PASSAGES = 2  # passages two documents must share to call one a partial copy


@dataclass
class _Group:
    """One aligned claim group while the story is built."""

    claims: list[Claim]
    components: dict[str, str]  # document id -> its independent source (copies and credits)
    voices: dict[str, str]  # document id -> its wording (copies only): who can disagree
    upstream: tuple[str, ...]


def build_story(story_id: str, analysed: Sequence[AnalysedDocument], settings: Settings,
                judge: PairJudge | None = None) -> Story:
    docs = [a.document for a in analysed]
    by_id = {d.id: d for d in docs}
    claims = [c for a in analysed for c in a.claims]
    doc_copies = find_document_copies(docs, settings.copy_threshold)
    outlets = {d.outlet.lower() for d in docs if d.outlet}
    copied = UnionFind(d.id for d in docs)
    for link in doc_copies:
        copied.union(link.original, link.copy)
    dependent = document_dependence(docs, claims, doc_copies)
    alignment = align_claims(claims, settings.align_threshold, settings.max_candidates, judge)
    index_of = {c.id: i for i, c in enumerate(claims)}

    def related(a: Claim, b: Claim) -> float:
        return alignment.similarity(index_of[a.id], index_of[b.id])

    groups = [_independence([claims[i] for i in indices], dependent, copied, outlets, by_id,
                            settings) for indices in alignment.groups]
    rank = {d.id: i for i, d in enumerate(docs)}
    groups.sort(key=lambda g: (rank[g.claims[0].citation.document], g.claims[0].citation.start))
    # A rewrite that credits the wire is not a second confirmation, but when it
    # changes a figure the change is shown: only copies cannot disagree.
    # Lexical similarities keep the variance rules' own thresholds; the judge's
    # probability is compared with the threshold it linked the claims at.
    floor = alignment.threshold if judge is not None else None
    disagreements = {i: group_disagreements(g.claims, g.voices, related, floor)
                     for i, g in enumerate(groups)}
    group_index = {c.id: i for i, g in enumerate(groups) for c in g.claims}
    voices = {d.id: copied.find(d.id) for d in docs}
    same_frames = judge.same_frames if judge is not None else None
    story_wide = number_disagreements(claims, voices, by_id, same_frames) + \
        time_disagreements(claims, voices, same_frames) + \
        agent_disagreements(claims, voices) + name_disagreements(claims, voices) + \
        sex_disagreements(claims, voices, same_frames) + once_disagreements(claims, voices)
    for found in story_wide:
        home = Counter(group_index[c.id] for c in found.claims).most_common(1)[0][0]
        if not any(_repeats(found, known) for known in disagreements[home]):
            disagreements[home].append(found)
    shown = [representative(g.claims) for g in groups]
    within = stated_within(claims, [g.claims for g in groups], shown, judge,
                           settings.stated_within_threshold) \
        if judge is not None and settings.stated_within_threshold < 1 else [[] for _ in groups]
    claim_groups, variances = [], []
    for index, group in enumerate(groups):
        group_id = f"c{index + 1}"
        for found in disagreements[index]:
            variances.append(_variance(f"v{len(variances) + 1}", group_id, found))
        # passages that state the claim among other things count as support; the
        # group's wording, variances, timeline and copies stay its own claims'
        counted = _independence(group.claims + within[index], dependent, copied, outlets,
                                by_id, settings) if within[index] else group
        claim_groups.append(_claim_group(group_id, counted, shown[index],
                                         disagreements[index], settings))
    copies = doc_copies + _passage_copies(groups, doc_copies, docs)
    return Story(
        id=story_id, title=story_title(docs), documents=tuple(d.id for d in docs),
        claims=tuple(claim_groups), variances=tuple(variances),
        quotes=tuple(q for a in analysed for q in a.quotes),
        timeline=tuple(build_timeline(claim_groups, groups)),
        coverage=tuple(build_coverage(docs, claim_groups)), copies=tuple(copies))


def _repeats(found: Disagreement, known: Disagreement) -> bool:
    """Whether ``found`` shows what ``known`` already shows: the same kind of value,
    each of its sides stated by a passage of one of ``known``'s sides (two checks
    can find one clash: a group's dates and an ending's year)."""
    cited = [set(side) for side in known.sides.values()]
    return found.about == known.about and len(found.sides) <= len(known.sides) and all(
        any(set(side) & other for other in cited) for side in found.sides.values())


def document_dependence(docs: Sequence[Document], claims: Sequence[Claim],
                        doc_copies: Sequence[CopyLink]) -> UnionFind:
    """Documents that are not independent of each other as a whole: copies, and
    reports that credit another outlet of the story ('according to <outlet>')."""
    dependent = UnionFind(d.id for d in docs)
    for link in doc_copies:
        dependent.union(link.original, link.copy)
    by_outlet = defaultdict(list)
    for doc in docs:
        if doc.outlet:
            by_outlet[doc.outlet.lower()].append(doc.id)
    for claim in claims:
        for credited in by_outlet.get((claim.attribution or "").lower(), ()):
            dependent.union(credited, claim.citation.document)
    return dependent


def _independence(members: list[Claim], dependent: UnionFind, copied: UnionFind,
                  outlets: set[str], by_id: dict[str, Document], settings: Settings) -> _Group:
    """Which supporting documents are independent of one another for this claim."""
    members.sort(key=lambda c: (_published_key(by_id[c.citation.document]), c.citation.start))
    docs = list(dict.fromkeys(c.citation.document for c in members))
    sources, voices = UnionFind(docs), UnionFind(docs)
    for doc in docs:
        sources.union(dependent.find(doc), doc)
        voices.union(copied.find(doc), doc)
    first_with_label: dict[int, str] = {}
    for claim, label in zip(members, passage_clusters(members, settings.passage_copy_threshold)):
        doc = claim.citation.document
        first = first_with_label.setdefault(label, doc)
        sources.union(first, doc)
        voices.union(first, doc)
    upstream = _upstream_sources(members, outlets, by_id)
    for credited_docs in upstream.values():
        for doc in credited_docs[1:]:
            sources.union(credited_docs[0], doc)
    return _Group(members, {d: sources.find(d) for d in docs}, {d: voices.find(d) for d in docs},
                  tuple(sorted(upstream)))


def _upstream_sources(members: Sequence[Claim], outlets: set[str], by_id: dict[str, Document]
                      ) -> dict[str, list[str]]:
    """Media outlets a document credits for the claim ('according to Reuters')."""
    credited: dict[str, list[str]] = defaultdict(list)
    for claim in members:
        name = claim.attribution
        if not name:
            continue
        own = (by_id[claim.citation.document].outlet or "").lower()
        if name.lower() != own and (name.lower() in outlets or MEDIA_WORDS.search(name)):
            credited[name].append(claim.citation.document)
    return credited


def _variance(variance_id: str, group_id: str, found: Disagreement) -> Variance:
    sides = tuple(VarianceSide(value, tuple(support)) for value, support in found.sides.items())
    return Variance(variance_id, found.about, found.kind, group_id, sides, found.subject)


def _claim_group(group_id: str, group: _Group, shown: Claim,
                 disagreements: Sequence[Disagreement], settings: Settings) -> ClaimGroup:
    sources = len(set(group.components.values()))
    if any(d.kind == "contradiction" for d in disagreements):
        status = "disputed"
    elif sources >= settings.min_sources:
        status = "corroborated"
    else:
        status = "single-source"
    return ClaimGroup(group_id, shown.citation.text, status, sources,
                      tuple(c.citation for c in group.claims), group.upstream, shown.about,
                      speaker_outside(shown))


def speaker_outside(claim: Claim) -> str | None:
    """Who the claim is reported from when none of its words say so: a clause with
    its own subject cut from its speech verb ("that no date was set" of "the
    minister said ... and that no date was set"). A claim that says "he said"
    itself is left as it is, and so is one about something outside its words (a
    participle or relative clause: whose words those are, the parse often cannot
    tell)."""
    frame = claim.frame
    if frame is None or not frame.source or claim.about or \
            SPEECH.search(claim.citation.text) or \
            frame.source.casefold() in claim.citation.text.casefold():
        return None
    # "how the girl got the gun" is what police did not say, more often than not;
    # "who" or "he" left unresolved names no one
    first = claim.citation.text.split(maxsplit=1)[0].casefold()
    if first in QUESTION_WORDS or frame.source.casefold() in PRONOUNS:
        return None
    return frame.source


def representative(claims: Sequence[Claim]) -> Claim:
    """The claim whose words the group shares most: a fair wording for all."""
    counts = [claim_terms(c) for c in claims]
    shared = Counter()
    for terms in counts:
        shared.update(set(terms))

    def score(index: int) -> tuple:
        terms = counts[index]
        overlap = sum(shared[t] for t in terms) / (len(terms) ** 0.5 or 1)
        return (not claims[index].in_summary, overlap, -index)

    return claims[max(range(len(claims)), key=score)]


def _passage_copies(groups: Sequence[_Group], doc_copies: Sequence[CopyLink],
                    docs: Sequence[Document]) -> list[CopyLink]:
    """Documents that copy several passages of another without being whole copies."""
    whole = {frozenset((link.copy, link.original)) for link in doc_copies}
    shared: Counter = Counter()
    for group in groups:
        earliest: dict[str, str] = {}  # component -> its first document (claims are by date)
        pairs = set()
        for claim in group.claims:
            doc = claim.citation.document
            first = earliest.setdefault(group.components[doc], doc)
            if first != doc and frozenset((first, doc)) not in whole:
                pairs.add((first, doc))
        shared.update(pairs)
    index = {d.id: i for i, d in enumerate(docs)}
    claims_per_doc = Counter(c.citation.document for g in groups for c in g.claims)
    links = []
    for (a, b), count in sorted(shared.items()):
        if count >= MIN_SHARED_PASSAGES:
            original, copy = order_pair(docs, index[a], index[b])
            links.append(CopyLink(copy.id, original.id, "passage",
                                  round(count / max(claims_per_doc[copy.id], 1), 3)))
    return links


# A clock time ("at 2:40 p.m.") dates nothing new: its day comes from elsewhere.
CLOCK_TIME = re.compile(r"\d{1,2}[:.]\d{2}|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)


def build_timeline(claim_groups: Sequence[ClaimGroup], groups: Sequence[_Group]
                   ) -> list[TimelineEvent]:
    """Dated events, oldest first: one entry per claim group and date, worded as
    the first passage that gives that date."""
    events = []
    for claim_group, group in zip(claim_groups, groups):
        by_value: dict[str, list[Citation]] = defaultdict(list)
        for claim in group.claims:
            for value in {d.value for d in claim.dates if d.value and not CLOCK_TIME.search(d.text)}:
                by_value[value].append(claim.citation)
        for value, support in by_value.items():
            events.append(TimelineEvent(value, support[0].text, claim_group.id, tuple(support)))
    events.sort(key=lambda e: (value_range(e.date) or (dt.date.max, dt.date.max), e.date, e.claim))
    return events


def build_coverage(docs: Sequence[Document], claim_groups: Sequence[ClaimGroup]) -> list[Coverage]:
    corroborated = [g for g in claim_groups if g.status == "corroborated"]
    documents_of = {g.id: {s.document for s in g.support} for g in claim_groups}
    coverage = []
    for doc in docs:
        carries = tuple(g.id for g in corroborated if doc.id in documents_of[g.id])
        omits = tuple(g.id for g in corroborated if doc.id not in documents_of[g.id])
        only = tuple(g.id for g in claim_groups if g.status == "single-source"
                     and documents_of[g.id] == {doc.id})
        coverage.append(Coverage(doc.id, carries, omits, only))
    return coverage


def story_title(docs: Sequence[Document]) -> str:
    """The title whose words the other titles share most."""
    titles = [d.title for d in docs if d.title]
    if not titles:
        return docs[0].text[:80] if docs else ""
    df = Counter(w for t in titles for w in set(re.findall(r"\w+", t.lower())))
    return max(titles, key=lambda t: sum(df[w] for w in set(re.findall(r"\w+", t.lower())))
               / (len(t.split()) ** 0.5))


def _published_key(doc: Document) -> str:
    return doc.published.isoformat() if doc.published else "9999"
