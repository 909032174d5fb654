"""The story list: a row per story, with what its report says once analysed."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from ...io.records import StorySummary
from ...textkeys import fold
from .dates import date_range
from .labels import STATUSES
from .links import search_url, story_url


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
