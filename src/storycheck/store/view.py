"""``StoryView``: what ``Store.show`` returns, rendered as JSON, Markdown or HTML."""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property

from ..io.report_dict import report_from_dict
from ..models import Report
from .changes import Changes, changes_html, changes_markdown


@dataclass
class StoryView:
    """What ``Store.show`` returns: the story's report and what changed."""

    story: str
    data: dict  # Report.to_dict() of the story's report
    changes: Changes
    cached: bool  # True when the report came from the cache

    @cached_property
    def report(self) -> Report:
        return report_from_dict(self.data)

    def to_dict(self) -> dict:
        return {**self.data, "changes": self.changes.to_dict()}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self) -> str:
        brief, section = self.report.to_markdown(), changes_markdown(self.changes)
        cut = brief.find("\n## ")
        return brief + "\n" + section if cut < 0 else brief[:cut + 1] + "\n" + section + brief[cut:]

    def to_html(self) -> str:
        page, section = self.report.to_html(), changes_html(self.changes)
        cut = page.find("<section")
        cut = cut if cut >= 0 else page.find("</main>")
        return page + section if cut < 0 else page[:cut] + section + page[cut:]
