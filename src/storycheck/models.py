"""Plain typed records that flow through the pipeline.

Every record that cites text does so by character offsets into a
``Document.text`` (the cleaned text), so ``doc.text[start:end]`` is always the
exact cited passage.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RawDocument:
    """One report as read from disk or the network, before cleaning."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.datetime | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class FeedItem(RawDocument):
    """One item of an RSS, Atom or JSON feed: ``text`` is the feed's content or summary
    (empty when the feed gives none) and ``url`` the article's link, which
    ``fetch_full_articles`` reads instead."""

    number: int = 0  # the item's place in its feed, from 1


@dataclass(frozen=True)
class Removed:
    """A line dropped by cleaning, with why."""

    text: str
    reason: str


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A cleaned report: ``text`` is what every offset points into."""

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    published: dt.datetime | None = None
    author: str | None = None
    url: str | None = None
    truncated: bool = False
    removed: tuple[Removed, ...] = ()
    summary: tuple[Span, ...] = ()  # bullet summary lines kept in ``text``

    @property
    def publication_date(self) -> dt.date | None:
        return self.published.date() if self.published else None


@dataclass(frozen=True)
class TimeExpression:
    """A time expression; ``value`` is ISO-like ('2024', '2025-04', '2025-04-27') or None."""

    start: int
    end: int
    text: str
    value: str | None


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, ...


@dataclass(frozen=True)
class Quantity:
    """A number mentioned in a claim, with what it counts when known."""

    start: int
    end: int
    text: str
    value: float
    unit: str | None = None  # 'percent', 'USD', a counted noun ('workers'), ...
    qualifier: str | None = None  # 'at least', 'about', ...


@dataclass(frozen=True)
class Citation:
    """Exact characters of one document: ``text == document.text[start:end]``."""

    document: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Quote:
    citation: Citation
    speaker: str | None


@dataclass(frozen=True)
class Sentence:
    document: str
    start: int
    end: int
    text: str
    in_summary: bool = False


@dataclass(frozen=True)
class Argument:
    """A core argument of a claim's predicate: who did what to whom."""

    role: str  # 'agent', 'patient', 'theme', 'recipient', 'attribute'
    text: str  # the argument's words (its head phrase), as written
    start: int  # offsets into Document.text; may lie outside the claim's span
    end: int


@dataclass(frozen=True)
class Frame:
    """What a claim says happened, in slots that can be compared across sources."""

    predicate: str  # lemma of the main verb (or noun/adjective of a copula)
    predicate_class: str  # coarse class of what happened: 'end', 'say', 'agree', ...
    arguments: tuple[Argument, ...] = ()
    time: str | None = None  # resolved value of the claim's time expression
    place: str | None = None
    polarity: str = "affirmed"  # 'affirmed' or 'negated'
    modality: str = "asserted"  # 'asserted', 'hedged' or 'reported'
    source: str | None = None  # whom the claim is attributed to


@dataclass(frozen=True)
class Claim:
    """One proposition from one document, with what was extracted from it."""

    id: str
    citation: Citation
    in_summary: bool = False
    entities: tuple[Entity, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    attribution: str | None = None  # who the document says it comes from
    hedged: bool = False
    negated: bool = False
    frame: Frame | None = None
    about: str | None = None  # the entity the claim is about when outside its span


@dataclass(frozen=True)
class CopyLink:
    """``copy`` reproduces ``original`` (whole document or some passages)."""

    copy: str
    original: str
    scope: str  # 'document' or 'passage'
    similarity: float


@dataclass(frozen=True)
class VarianceSide:
    value: str
    support: tuple[Citation, ...]


@dataclass(frozen=True)
class Variance:
    id: str
    about: str  # 'date', 'time', 'number', 'agent', 'place', 'negation', 'name'
    kind: str  # 'contradiction' or 'update'
    claim: str  # id of the claim group it belongs to
    sides: tuple[VarianceSide, ...]
    subject: str = ""  # what the values are of: 'workers', 'suspend operations', ...


@dataclass(frozen=True)
class ClaimGroup:
    """The same proposition as stated by one or more documents."""

    id: str
    text: str
    status: str  # 'corroborated', 'single-source', 'disputed'
    sources: int  # independent sources
    support: tuple[Citation, ...]
    upstream: tuple[str, ...] = ()  # named upstream sources ("according to X")
    # what ``text`` is about when that stands outside its words: "the 2022 deal"
    # for "which was halted in 2024" (the representative claim's ``about``)
    about: str | None = None
    # who ``text`` is reported from when the words saying so stand outside it:
    # "the minister" for "that no date was set" cut from "the minister said ... and"
    said_by: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    date: str
    text: str
    claim: str
    support: tuple[Citation, ...]


@dataclass(frozen=True)
class Coverage:
    document: str
    carries: tuple[str, ...]  # corroborated claim ids it states
    omits: tuple[str, ...]  # corroborated claim ids it does not state
    only: tuple[str, ...]  # single-source claim ids that it alone states


@dataclass(frozen=True)
class Story:
    id: str
    title: str
    documents: tuple[str, ...]
    claims: tuple[ClaimGroup, ...] = ()
    variances: tuple[Variance, ...] = ()
    quotes: tuple[Quote, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    copies: tuple[CopyLink, ...] = ()


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str
    language: str | None = None  # set when skipped for not being English


@dataclass(frozen=True)
class AnalysedDocument:
    """A cleaned document plus what was extracted from all of its text."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    claims: tuple[Claim, ...] = ()
    dates: tuple[TimeExpression, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Report:
    documents: tuple[AnalysedDocument, ...]
    stories: tuple[Story, ...]
    skipped: tuple[Skipped, ...] = field(default=())


# --- storycheck check: what does the coverage say about a claim? -------------------


@dataclass(frozen=True)
class ValueDifference:
    """A slot in which a document states another value than the checked claim."""

    kind: str  # 'date', 'time', 'number', 'agent', 'place', 'polarity'
    claim_value: str
    document_value: str


@dataclass(frozen=True)
class DocumentStance:
    """What one document says about a checked claim, cited."""

    document: str
    stance: str  # 'supports', 'contradicts' or 'reports'
    evidence: tuple[Citation, ...]  # best first
    differs: tuple[ValueDifference, ...] = ()


@dataclass(frozen=True)
class SourceCounts:
    """Independent sources per stance: copies and credited rewrites count once."""

    supports: int = 0
    contradicts: int = 0
    reports: int = 0


@dataclass(frozen=True)
class ClaimCheck:
    """The coverage's answer for one checked claim."""

    claim: str
    verdict: str  # 'supported', 'contradicted', 'disputed', 'reported', 'not found'
    sources: SourceCounts
    documents: tuple[DocumentStance, ...] = ()  # only documents related to the claim


@dataclass(frozen=True)
class CheckReport:
    checks: tuple[ClaimCheck, ...]
    documents: tuple[Document, ...]
    skipped: tuple[Skipped, ...] = ()



@dataclass(frozen=True)
class Clause:
    """A claim's words and its place in the sentence's dependency tree."""

    citation: Citation
    head: int | None = None  # index of the clause's predicate in the document's tokens
    about: int | None = None  # token heading what the clause is about, when outside it
