"""Presentation helpers: everything the web templates show, computed once per report.

The story report (``Store.show(...).data``, the ``storycheck show --json`` schema)
is wrapped in a ``StoryPage``; it reuses ``steps.report``'s view of a story (the
one the self-contained HTML report uses) and adds what the web pages need: links
for source chips, the claims x sources matrix, the timeline chart's geometry and
copies grouped under their originals.  Nothing here touches the database.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import quote

from ..io.records import StorySummary
from ..io.report_dict import report_from_dict
from ..models import Citation, ClaimGroup, CopyLink, Document
from ..steps.report import _View

STATUSES = ("corroborated", "disputed", "single-source")
STATUS_LABELS = {"corroborated": "established", "disputed": "disputed",
                 "single-source": "single-source"}

# --- links ------------------------------------------------------------------------


def story_url(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def document_url(doc_id: str, citation: Citation | None = None) -> str:
    """The document page; with a citation, it opens on that exact passage, highlighted."""
    url = f"/documents/{quote(doc_id, safe='/')}"
    if citation is None:
        return url
    return f"{url}?at={citation.start}-{citation.end}#focus"


def search_url(term: str) -> str:
    """The story list searched for one entity (as a phrase)."""
    return "/?q=" + quote(f'"{term}"', safe="")


def safe_href(url: str | None) -> str | None:
    """An article's own URL, as a link only when it is plain http(s)."""
    return url if url and re.match(r"https?://[^\s\"'<>]+$", url, re.I) else None


# --- dates --------------------------------------------------------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def pretty_date(value: str | None) -> str:
    """'2026-03-10' -> '10 Mar 2026', '2026-03' -> 'Mar 2026'; other forms as they are."""
    if not value:
        return "date unknown"
    if week := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        return f"week {int(week[2])}, {week[1]}"
    if quarter := re.fullmatch(r"(\d{4})-Q(\d)", value):
        return f"Q{quarter[2]} {quarter[1]}"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0s"
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not match or not 1 <= int(match[2]) <= 12:
        return value
    year, month, day = match[1], MONTHS[int(match[2]) - 1], match[3]
    return f"{int(day)} {month} {year}" if day else f"{month} {year}"


def date_range(first: str | None, last: str | None) -> str:
    if not first and not last:
        return "dates unknown"
    first, last = pretty_date(first), pretty_date(last)
    return first if first == last else f"{first} – {last}"


# --- search -------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents dropped, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))


def parse_query(query: str) -> list[str]:
    """Search terms: "quoted phrases" stay whole (names), other words one by one."""
    terms = [fold(p) for p in re.findall(r'"([^"]*)"', query)]
    terms += fold(re.sub(r'"[^"]*"', " ", query)).split()
    return [t for t in terms if t]


def matches(terms: Sequence[str], haystack: str) -> bool:
    """Every term starts a word (or phrase) of the folded ``haystack``."""
    padded = " " + haystack
    return all(" " + term in padded for term in terms)


# --- the story list -----------------------------------------------------------------


@dataclass(frozen=True)
class StoryFacts:
    """What the story list shows about an analysed story, kept from its report."""

    counts: dict[str, int]
    outlets: tuple[str, ...]
    people: tuple[str, ...]  # quoted speakers, most quoted first
    haystack: str  # folded text the search looks in

    @classmethod
    def from_report(cls, data: dict) -> StoryFacts:
        story = data["stories"][0] if data["stories"] else {"claims": [], "quotes": [],
                                                            "title": ""}
        counts = Counter(c["status"] for c in story["claims"])
        docs = data["documents"]
        outlets = tuple(dict.fromkeys(d["outlet"] for d in docs if d["outlet"]))
        people = tuple(name for name, _ in Counter(
            q["speaker"] for q in story["quotes"] if q["speaker"]).most_common())
        upstream = {u for c in story["claims"] for u in c["upstream"]}
        words = [story["title"], *outlets, *people, *upstream,
                 *(d["title"] or "" for d in docs), *(d["author"] or "" for d in docs),
                 *(c["text"] for c in story["claims"]), *(q["text"] for q in story["quotes"])]
        return cls({s: counts.get(s, 0) for s in STATUSES}, outlets, people,
                   fold(" \n ".join(words)))


@dataclass(frozen=True)
class StoryRow:
    summary: StorySummary
    facts: StoryFacts | None  # None until the story has been analysed

    @property
    def url(self) -> str:
        return story_url(self.summary.id)

    @property
    def dates(self) -> str:
        return date_range(self.summary.first, self.summary.last)

    @property
    def entities(self) -> list[tuple[str, str]]:
        """(name, search link) for the people quoted and the outlets reporting."""
        if not self.facts:
            return []
        names = list(self.facts.people[:4]) + list(self.facts.outlets[:4])
        return [(name, search_url(name)) for name in names]

    def to_dict(self) -> dict:
        return {**self.summary.to_dict(), "url": self.url,
                "claims": self.facts.counts if self.facts else None,
                "people": list(self.facts.people) if self.facts else [],
                "outlets": list(self.facts.outlets) if self.facts else []}


@dataclass(frozen=True)
class StoryList:
    rows: tuple[StoryRow, ...]
    query: str
    page: int
    pages: int
    total: int  # stories matching the query
    pending: int  # stories on this page not analysed yet

    def page_url(self, page: int) -> str:
        q = f"q={quote(self.query, safe='')}&" if self.query else ""
        return f"/?{q}page={page}"

    def to_dict(self) -> dict:
        return {"query": self.query, "page": self.page, "pages": self.pages,
                "total": self.total, "stories": [r.to_dict() for r in self.rows]}


def newest_first(summaries: Iterable[StorySummary]) -> list[StorySummary]:
    """Latest publication first; undated stories after dated ones, newest ingested first."""
    ordered = list(summaries)[::-1]  # the store lists oldest first
    return sorted(ordered, key=lambda s: s.last or "", reverse=True)


# --- a story page -------------------------------------------------------------------


@dataclass(frozen=True)
class Chip:
    label: str
    url: str
    title: str  # the cited passage, shown on hover
    copy: bool  # the citing document copies another


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


@dataclass(frozen=True)
class TimelineDot:
    x: float
    y: float
    r: float
    status: str
    index: int  # position in the event list below the chart
    label: str


@dataclass(frozen=True)
class TimelineChart:
    width: int
    height: int
    axis_y: int
    ticks: tuple[tuple[float, str, bool], ...]  # x, label, whether a gap precedes it
    dots: tuple[TimelineDot, ...]
    more: tuple[tuple[float, float, str], ...] = ()  # x, y, "+N" over a full stack


@dataclass
class StoryPage:
    """A story report as the story and document pages show it."""

    data: dict  # the report, ``storycheck show --json`` schema
    summary: StorySummary | None = None
    etag: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(json.dumps(self.data, sort_keys=True).encode()).hexdigest()
        self.etag = f'"{digest[:20]}"'

    # the report, as steps.report's view sees it
    @cached_property
    def report(self):
        return report_from_dict(self.data)

    @cached_property
    def view(self) -> _View:
        return _View(self.report, self.report.stories[0])

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
        return self.view.with_status(status)

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
                      self.copies_doc(c.document)) for c in first.values()]
        return sorted(chips, key=lambda chip: chip.copy)

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


STACK = 6  # dots drawn one above another for one date; more show as "+N"


def timeline_chart(events: Sequence, statuses: dict[str, str]) -> TimelineChart | None:
    """Dates on an ordinal axis (a gap mark where over 60 days pass), one dot per event,
    events of the same date stacked (at most ``STACK``, then "+N"); a dot's size grows
    with the reports that date it."""
    if not events:
        return None
    dates = list(dict.fromkeys(e.date for e in events))
    step, left, top = 88, 50, 22
    stacks = Counter(e.date for e in events)
    rows = min(max(stacks.values()), STACK)
    axis_y = top + rows * 22 + 8
    x_of = {d: left + i * step for i, d in enumerate(dates)}
    ticks = tuple((x_of[d], pretty_date(d), i > 0 and _gap(dates[i - 1], d))
                  for i, d in enumerate(dates))
    more = tuple((x_of[d], axis_y - 6 - STACK * 22, f"+{n - STACK}")
                 for d, n in stacks.items() if n > STACK)
    seen: Counter = Counter()
    dots = []
    for index, e in enumerate(events):
        seen[e.date] += 1
        if seen[e.date] > STACK:
            continue
        radius = min(5 + 1.5 * len({c.document for c in e.support}), 10)
        dots.append(TimelineDot(x_of[e.date], axis_y - 6 - seen[e.date] * 22 + 11, radius,
                                statuses.get(e.claim, "single-source"), index,
                                f"{pretty_date(e.date)}: {e.text}"))
    width = left * 2 + step * (len(dates) - 1)
    return TimelineChart(max(width, 320), axis_y + 70, axis_y, ticks, tuple(dots), more)


def _gap(before: str, after: str) -> bool:
    a, b = _as_date(before), _as_date(after)
    return bool(a and b and (b - a).days > 60)


def _as_date(value: str) -> dt.date | None:
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        return None


# --- a document page ----------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """A piece of a document's text: plain, a claim (with status) or the focused passage."""

    text: str
    status: str | None = None
    claim: str | None = None
    focus: bool = False
    start: int = 0


@dataclass
class DocumentPage:
    story: StoryPage
    doc: Document

    @property
    def outlet(self) -> str:
        return self.story.outlet(self.doc.id)

    @property
    def href(self) -> str | None:
        return safe_href(self.doc.url)

    @property
    def copy_links(self) -> list[CopyLink]:
        return self.story.copy_links.get(self.doc.id, [])

    @property
    def copied_by(self) -> list[CopyLink]:
        return [c for c in self.story.story.copies if c.original == self.doc.id]

    @property
    def claim_counts(self) -> dict[str, int]:
        found = Counter(status for _, status in self._marks())
        return {s: found.get(s, 0) for s in STATUSES}

    def _marks(self) -> list[tuple[tuple[int, int, str], str]]:
        marks = {}
        for g in self.story.story.claims:
            for c in g.support:
                if c.document == self.doc.id:
                    marks.setdefault((c.start, c.end, g.id), g.status)
        return sorted(marks.items())

    def paragraphs(self, focus: tuple[int, int] | None = None) -> list[list[Run]]:
        """The text as paragraphs of runs: claims highlighted, ``focus`` marked inside them."""
        text = self.doc.text
        runs, cursor = [], 0
        for (start, end, claim), status in self._marks():
            if start < cursor:
                continue
            runs.append(Run(text[cursor:start], start=cursor))
            runs.append(Run(text[start:end], status, claim, start=start))
            cursor = end
        runs.append(Run(text[cursor:], start=cursor))
        if focus and 0 <= focus[0] < focus[1] <= len(text):
            runs = _with_focus(runs, *focus)
        return _split_paragraphs(runs)


def _with_focus(runs: list[Run], start: int, end: int) -> list[Run]:
    out = []
    for run in runs:
        a, b = run.start, run.start + len(run.text)
        if b <= start or a >= end:
            out.append(run)
            continue
        lo, hi = max(a, start), min(b, end)
        pieces = ((a, lo, False), (lo, hi, True), (hi, b, False))
        out += [Run(run.text[x - a:y - a], run.status, run.claim, focus, x)
                for x, y, focus in pieces if y > x]
    return out


def _split_paragraphs(runs: list[Run]) -> list[list[Run]]:
    paragraphs: list[list[Run]] = [[]]
    for run in runs:
        parts = run.text.split("\n")
        for n, part in enumerate(parts):
            if n:
                paragraphs.append([])
            if part:
                paragraphs[-1].append(Run(part, run.status, run.claim, run.focus, run.start))
    return [p for p in paragraphs if p]


def parse_span(value: str | None) -> tuple[int, int] | None:
    """'120-245' -> (120, 245); anything else -> None."""
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    return (int(match[1]), int(match[2])) if match else None
