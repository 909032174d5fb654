"""A story page: everything the story and document templates show, computed once per report.

The story report (``Store.show(...).data``, the ``storycheck show --json`` schema)
is wrapped in a ``StoryPage``; it reuses ``outputs.brief``'s context of a story (the
one the self-contained HTML report uses) and adds what the web pages need: links
for source chips, the claims x sources matrix, the timeline chart's geometry and
copies grouped under their originals.  Nothing here touches the database.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ...io.records import StorySummary
from ...models import Citation, ClaimGroup, CopyLink, Document
from ...outputs import report_from_dict
from ...outputs.brief import StoryContext
from .dates import date_range
from .document_page import DocumentPage
from .labels import STATUSES
from .links import document_url, story_url
from .timeline import TimelineChart, timeline_chart


@dataclass(frozen=True)
class Chip:
    label: str
    url: str
    title: str  # the cited passage, shown on hover
    copy: bool  # the citing document copies another
    note: str = ""  # why a copy's chip does not count as an independent source


@dataclass(frozen=True)
class SourceGroup:
    """An original document and the documents that copy it, shown together."""

    doc: Document
    copies: tuple[tuple[Document, CopyLink], ...]


@dataclass(frozen=True)
class MatrixColumn:
    doc: Document
    label: str
    copy_of: str | None  # outlet of the original when the column is a copy


@dataclass(frozen=True)
class MatrixRow:
    claim: ClaimGroup
    cells: tuple[str, ...]  # per column: 'has', 'copy' (carried as a copy), 'omits', ''


@dataclass
class StoryPage:
    """A story report as the story and document pages show it."""

    data: dict  # the report, ``storycheck show --json`` schema
    summary: StorySummary | None = None
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()
        self.etag = f'"{digest[:20]}"'

    # the report, as the brief and the HTML report see it
    @cached_property
    def report(self):
        return report_from_dict(self.data)

    @cached_property
    def view(self) -> StoryContext:
        return StoryContext(self.report, self.report.stories[0])

    @property
    def story(self):
        return self.view.story

    @property
    def id(self) -> str:
        return self.story.id

    @property
    def url(self) -> str:
        return story_url(self.id)

    @cached_property
    def docs(self) -> dict[str, Document]:
        return self.view.docs

    def outlet(self, doc_id: str) -> str:
        return self.view.outlet(doc_id)

    @cached_property
    def copy_links(self) -> dict[str, list[CopyLink]]:
        """copy document id -> its links to originals, closest first."""
        links = defaultdict(list)
        for link in sorted(self.story.copies, key=lambda c: -c.similarity):
            links[link.copy].append(link)
        return links

    def copies_doc(self, doc_id: str) -> bool:
        """Whether the document is a whole-document copy of another."""
        return any(c.scope == "document" for c in self.copy_links.get(doc_id, ()))

    # header
    @cached_property
    def counts(self) -> dict[str, int]:
        found = Counter(g.status for g in self.story.claims)
        return {s: found.get(s, 0) for s in STATUSES}

    @property
    def sources(self) -> int:
        if self.summary:
            return self.summary.sources
        return sum(not self.copies_doc(d) for d in self.story.documents)

    @property
    def dates(self) -> str:
        dates = sorted(d.published.isoformat() for d in self.docs.values() if d.published)
        return date_range(dates[0], dates[-1]) if dates else "dates unknown"

    # claims
    def with_status(self, status: str) -> list[ClaimGroup]:
        """The claims of a status, those with the most independent sources first."""
        return sorted(self.view.with_status(status), key=lambda g: -g.sources)

    @cached_property
    def single_source(self) -> list[tuple[str, list[ClaimGroup]]]:
        """Single-source claims grouped by the outlet that states them."""
        grouped = defaultdict(list)
        for g in self.with_status("single-source"):
            grouped[self.outlet(g.support[0].document)].append(g)
        return sorted(grouped.items(), key=lambda kv: -len(kv[1]))

    def chips(self, citations: Sequence[Citation]) -> list[Chip]:
        """One chip per citing document (its first passage), originals before copies."""
        first: dict[str, Citation] = {}
        for c in citations:
            first.setdefault(c.document, c)
        chips = [Chip(self.outlet(c.document), document_url(c.document, c), c.text,
                      self.copies_doc(c.document), self.copy_note(c.document))
                 for c in first.values()]
        return sorted(chips, key=lambda chip: chip.copy)

    def copy_note(self, doc_id: str) -> str:
        """'a copy of X: not counted as an independent source', for whole-document copies."""
        link = self.original_of(doc_id)
        if link is None:
            return ""
        return f"a copy of {self.outlet(link.original)}: not counted as an independent source"

    def uncounted(self, citations: Sequence[Citation]) -> int:
        """Citing documents that copy another, which the source count leaves out."""
        return sum(self.copies_doc(d) for d in {c.document for c in citations})

    @cached_property
    def disputes(self) -> list[tuple[ClaimGroup, list]]:
        """(claim, its variances) for every claim sources disagree on."""
        return [(g, self.view.variances[g.id]) for g in self.story.claims
                if self.view.variances.get(g.id)]

    @cached_property
    def quotes(self) -> dict[str, list]:
        return self.view.quotes_by_speaker()

    # sources, copies grouped under their original
    def original_of(self, doc_id: str) -> CopyLink | None:
        """The closest whole-document link from a copy to an original in this story."""
        return next((c for c in self.copy_links.get(doc_id, ())
                     if c.scope == "document" and c.original in self.docs), None)

    def _root(self, doc_id: str) -> str:
        seen = {doc_id}
        while (link := self.original_of(doc_id)) and link.original not in seen:
            doc_id = link.original
            seen.add(doc_id)
        return doc_id

    @cached_property
    def source_groups(self) -> list[SourceGroup]:
        """Each original report with the whole-document copies of it nested under it."""
        nested = defaultdict(list)
        for doc_id in self.story.documents:
            if (link := self.original_of(doc_id)) and (root := self._root(doc_id)) != doc_id:
                nested[root].append((self.docs[doc_id], link))
        inside = {d.id for copies in nested.values() for d, _ in copies}
        return [SourceGroup(self.docs[d], tuple(nested[d])) for d in self.story.documents
                if d not in inside]

    def passage_links(self, doc_id: str) -> list[CopyLink]:
        """Documents this one copies some passages from."""
        return [c for c in self.copy_links.get(doc_id, ()) if c.scope == "passage"
                and c.original in self.docs]

    def coverage(self, doc_id: str):
        return self.view.coverage(doc_id)

    # claims x sources
    @cached_property
    def matrix_columns(self) -> list[MatrixColumn]:
        """Documents, each whole-document copy right after its original."""
        columns = []
        for group in self.source_groups:
            columns.append(MatrixColumn(group.doc, self.outlet(group.doc.id), None))
            columns += [MatrixColumn(doc, self.outlet(doc.id), self.outlet(group.doc.id))
                        for doc, link in group.copies if link.scope == "document"]
        placed = {c.doc.id for c in columns}
        columns += [MatrixColumn(self.docs[d], self.outlet(d), None)
                    for d in self.story.documents if d not in placed]
        return columns

    @cached_property
    def matrix_rows(self) -> list[MatrixRow]:
        """Claims stated by more than one document (or confirmed or disputed) first."""
        order = {s: n for n, s in enumerate(STATUSES)}

        def key(g: ClaimGroup):
            return order[g.status], -len({c.document for c in g.support})

        rows = []
        for g in sorted(self.story.claims, key=key):
            carried = {c.document for c in g.support}
            cells = tuple(("copy" if col.copy_of else "has") if col.doc.id in carried
                          else ("omits" if g.status != "single-source" else "")
                          for col in self.matrix_columns)
            rows.append(MatrixRow(g, cells))
        return rows

    def carried(self, column: MatrixColumn) -> int:
        return sum(column.doc.id in {c.document for c in g.support} for g in self.story.claims)

    # timeline
    @cached_property
    def timeline_chart(self) -> TimelineChart | None:
        return timeline_chart(self.story.timeline, {g.id: g.status for g in self.story.claims})

    # documents
    def document(self, doc_id: str) -> DocumentPage | None:
        return DocumentPage(self, self.docs[doc_id]) if doc_id in self.docs else None

    def document_dict(self, doc_id: str) -> dict | None:
        for d in self.data["documents"]:
            if d["id"] == doc_id:
                return {**d, "story": self.id}
        return None
