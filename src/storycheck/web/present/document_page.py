"""A document page: the text with its claims highlighted and the cited passage in focus."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...highlight import Run, highlight_runs, split_paragraphs, with_focus
from ...models import CopyLink, Document
from .labels import STATUSES
from .links import safe_href

if TYPE_CHECKING:
    from .story_page import StoryPage


@dataclass
class DocumentPage:
    """One document of a story page."""

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
        runs = highlight_runs(text, ((start, end, status, claim)
                                     for (start, end, claim), status in self._marks()))
        if focus and 0 <= focus[0] < focus[1] <= len(text):
            runs = with_focus(runs, *focus)
        return split_paragraphs(runs)
