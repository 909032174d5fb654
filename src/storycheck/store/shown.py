"""``ShownStory``: what ``Store.show`` returns, written by ``storycheck.outputs`` as
JSON, Markdown or HTML like a report, with what changed since it was last shown."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .. import outputs
from ..models import Report
from .changes import Changes, changes_html, changes_markdown


@dataclass
class ShownStory:
    """What ``Store.show`` returns: the story's report and what changed."""

    story: str
    data: dict  # outputs.to_dict() of the story's report
    changes: Changes
    cached: bool  # True when the report came from the cache

    @cached_property
    def report(self) -> Report:
        return outputs.report_from_dict(self.data)


@outputs.to_dict.register
def _view_to_dict(view: ShownStory) -> dict:
    return {**view.data, "changes": view.changes.to_dict()}


@outputs.to_markdown.register
def _view_to_markdown(view: ShownStory) -> str:
    brief, section = outputs.to_markdown(view.report), changes_markdown(view.changes)
    cut = brief.find("\n## ")
    return brief + "\n" + section if cut < 0 else brief[:cut + 1] + "\n" + section + brief[cut:]


@outputs.to_html.register
def _view_to_html(view: ShownStory) -> str:
    page, section = outputs.to_html(view.report), changes_html(view.changes)
    cut = page.find("<section")
    cut = cut if cut >= 0 else page.find("</main>")
    return page + section if cut < 0 else page[:cut] + section + page[cut:]
