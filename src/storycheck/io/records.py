"""Row records that cross the ``Repository`` boundary: what ingest writes and
what reading a store returns."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import RawDocument, Skipped

MAX_SKIPPED_KEPT = 1000

@dataclass(frozen=True)
class DocRef:
    """A stored document as ingest needs it."""

    num: int
    id: str
    revision: int
    story: str


@dataclass(frozen=True)
class StoredDocument:
    """The latest revision of a stored document."""

    num: int
    id: str
    revision: int
    story: str
    content_hash: str
    ingested_at: str
    raw: RawDocument


@dataclass(frozen=True)
class NewDocument:
    num: int
    id: str
    key: str
    story: str
    source_key: str
    published_utc: str | None


@dataclass(frozen=True)
class NewRevision:
    document: int
    revision: int
    content_hash: str
    raw: RawDocument
    ingested_at: str


@dataclass
class Batch:
    """Everything one ingest transaction writes."""

    documents: list[NewDocument] = field(default_factory=list)
    revisions: list[NewRevision] = field(default_factory=list)
    bumped: list[tuple[int, int, str | None]] = field(default_factory=list)  # num, rev, date
    signatures: list[tuple[int, bytes, int]] = field(default_factory=list)  # num, minhash, size
    copies: list[tuple[int, int, float]] = field(default_factory=list)  # copy, original, sim


@dataclass(frozen=True)
class CachedReport:
    fingerprint: str
    documents: list
    report: dict


@dataclass(frozen=True)
class StorySummary:
    id: str
    title: str
    documents: tuple[str, ...]
    sources: int  # independent sources: distinct outlets, copies not counted
    first: str | None  # earliest publication (UTC, ISO 8601)
    last: str | None

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "documents": list(self.documents),
                "sources": self.sources, "first_published": self.first,
                "last_published": self.last}


@dataclass
class IngestResult:
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    copies: int = 0
    skipped_count: int = 0
    skipped: list[Skipped] = field(default_factory=list)  # the first MAX_SKIPPED_KEPT
    stories: set[str] = field(default_factory=set)  # stories that gained documents

    @property
    def documents(self) -> int:
        return self.added + self.revised + self.unchanged

    def skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_SKIPPED_KEPT:
            self.skipped.append(item)


