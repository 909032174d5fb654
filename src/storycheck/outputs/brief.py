"""A ``Report`` as a Markdown brief for a desk editor and as a self-contained HTML page."""
from __future__ import annotations

import bisect
import functools
import re
from collections import defaultdict
from collections.abc import Sequence

import jinja2

from ..highlight import Run, highlight_runs
from ..models import Citation, ClaimGroup, Report, Story


_INITIAL = re.compile(r"^(?:[A-Z]\.)+$")  # "J.P.", "R."


def same_speakers(names: set[str]) -> dict[str, str]:
    """Each speaker's name -> the fullest name the story gives that person.

    Reports name one person several ways: "Olivier J.P. Okoro" and "Olivier
    Okoro" (the same first and last word, initials aside), "Okoro" alone (a
    surname only one fuller name ends with).
    """
    def key(name: str) -> tuple[str, str]:
        words = [w for w in name.split() if not _INITIAL.match(w)] or name.split()
        return words[0].lower(), words[-1].lower()

    fullest: dict[tuple[str, str], str] = {}
    for name in sorted(names, key=lambda n: (-len(n), n)):
        if len(name.split()) > 1:
            fullest.setdefault(key(name), name)
    by_surname = defaultdict(set)
    for (_, last), name in fullest.items():
        by_surname[last].add(name)
    heading = {}
    for name in names:
        if len(name.split()) > 1:
            heading[name] = fullest[key(name)]
        else:
            people = by_surname.get(name.lower(), set())
            heading[name] = next(iter(people)) if len(people) == 1 else name
    return heading


class StoryContext:
    """What the Markdown and HTML templates need, computed once."""

    def __init__(self, report: Report, story: Story):
        self.story = story
        self.docs = {a.document.id: a.document for a in report.documents if a.document.id in story.documents}
        self.order = list(story.documents)
        self.groups = {g.id: g for g in story.claims}
        self.spans = defaultdict(list)  # document id -> sorted (start, end) of its claims
        for group in story.claims:
            for c in group.support:
                self.spans[c.document].append((c.start, c.end))
        for spans in self.spans.values():
            spans.sort()
        self.variances = defaultdict(list)
        for v in story.variances:
            self.variances[v.claim].append(v)

    def outlet(self, doc_id: str) -> str:
        doc = self.docs[doc_id]
        return doc.outlet or doc.title or doc_id

    def outlets(self, citations: Sequence[Citation]) -> str:
        return ", ".join(dict.fromkeys(self.outlet(c.document) for c in citations))

    @staticmethod
    def one_per_document(citations: Sequence[Citation]) -> list[Citation]:
        """The first passage of each document, for one chip per source."""
        return list({c.document: c for c in reversed(citations)}.values())[::-1]

    def with_status(self, status: str) -> list[ClaimGroup]:
        return [g for g in self.story.claims if g.status == status]

    def copy_of(self, doc_id: str) -> list:
        return [c for c in self.story.copies if c.copy == doc_id]

    def quotes_by_speaker(self) -> dict[str, list]:
        """Quotes under each speaker, one heading per person however the reports
        name them (see ``same_speakers``)."""
        heading = same_speakers({q.speaker for q in self.story.quotes if q.speaker})
        grouped = defaultdict(list)
        for q in self.story.quotes:
            grouped[heading[q.speaker] if q.speaker else "(speaker not identified)"].append(q)
        return dict(sorted(grouped.items(), key=lambda kv: (kv[0].startswith("("), -len(kv[1]))))

    def coverage(self, doc_id: str):
        return next(c for c in self.story.coverage if c.document == doc_id)

    def anchor_for(self, citation: Citation) -> str:
        """The highlighted claim that holds the citation (a quote sits inside one)."""
        spans = self.spans.get(citation.document, [])
        index = bisect.bisect_right(spans, (citation.start, float("inf"))) - 1
        if index >= 0 and spans[index][0] <= citation.start < spans[index][1]:
            return anchor(citation.document, spans[index][0])
        return anchor(citation.document)

    def highlighted(self, doc_id: str) -> list[Run]:
        """The document's text cut into runs, its claims marked with their status."""
        marks = sorted((c.start, c.end, g.status, g.id) for g in self.story.claims
                       for c in g.support if c.document == doc_id)
        return highlight_runs(self.docs[doc_id].text, marks)


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("storycheck.outputs", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=True),
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["md"] = markdown_escape
    env.filters["anchor"] = anchor
    env.filters["readable"] = readable
    return env


def readable(group: ClaimGroup) -> str:
    """A claim group's words, with who said them and what they are about in
    brackets when that stands outside them ("[the 2022 deal] which was halted in
    2024", "[Dana Reyes said] that no date was set"), as an editor marks words
    added to a quotation."""
    added = [f"{group.said_by} said"] if group.said_by else []
    if group.about and group.about.casefold() not in group.text.casefold():
        added.append(group.about)
    return " ".join([f"[{words}]" for words in added] + [group.text])


def anchor(doc_id: str, start: int | None = None) -> str:
    """An HTML id for a document, or for the passage of it starting at ``start``."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", doc_id)
    return f"d-{safe}" if start is None else f"p-{safe}-{start}"


def markdown_escape(text: str) -> str:
    """Stop article text from becoming Markdown or HTML markup in the brief."""
    out = str(text).replace("\\", "\\\\")
    for char in "`*_[]<>|#":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


def report_to_markdown(report: Report) -> str:
    template = _environment().get_template("brief.md.j2")
    return template.render(report=report, views=[StoryContext(report, s) for s in report.stories])


def report_to_html(report: Report) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(report=report, views=[StoryContext(report, s) for s in report.stories])
