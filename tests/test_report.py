import datetime as dt
import json
import re

import pytest

from storycheck import Settings, analyze_documents
from storycheck.models import RawDocument
from storycheck.outputs import to_html, to_json, to_markdown

HOSTILE = ('Officials said "<script>alert(1)</script> was never run" on the site.\n'
           'The <img src=x onerror=alert(2)> tag and [a link](javascript:alert(3)) were shown '
           'as text in the notice | with pipes | and *stars*.')


@pytest.fixture(scope="module")
def report(parser):
    docs = [RawDocument(id=f"doc-{i}", source=f"doc-{i}", text=HOSTILE + f"\nExtra line number {i}.",
                        title="<b>Notice</b> shown as text", outlet=f"Outlet <i>{i}</i>",
                        published=dt.datetime(2026, 4, i + 1)) for i in range(2)]
    return analyze_documents(docs, Settings(group_stories=False), parser=parser)


def test_json_schema_fields_and_offsets(report):
    data = json.loads(to_json(report))
    assert data["schema"] == "storycheck/1"
    doc = data["documents"][0]
    for key in ("id", "source", "title", "outlet", "published", "text", "truncated",
                "removed", "dates"):
        assert key in doc
    story = data["stories"][0]
    for key in ("id", "title", "documents", "claims", "variances", "quotes", "timeline"):
        assert key in story
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for claim in story["claims"]:
        assert claim["status"] in ("corroborated", "single-source", "disputed")
        for s in claim["support"]:
            assert texts[s["document"]][s["start"]:s["end"]] == s["text"]
    assert data["skipped"] == []


def test_html_escapes_article_text_and_loads_nothing(report):
    html = to_html(report)
    assert "<script" not in html.lower()
    assert "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Notice</b>" not in html and "&lt;b&gt;Notice&lt;/b&gt;" in html
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # self-contained
    assert "Content-Security-Policy" in html


def test_html_chips_link_to_highlighted_passages(report):
    html = to_html(report)
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= ids


def test_markdown_brief_sections_and_escaping(report):
    md = to_markdown(report)
    for heading in ("## Established by independent sources", "## Disputed",
                    "## Single-source details", "## Quotes", "## Timeline", "## Sources"):
        assert heading in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\| with pipes \\|" in md


def test_brief_header_counts_match_its_disputed_section(demo_report):
    md = to_markdown(demo_report)
    header = re.search(r"(\d+) disputed", md)
    disputed = md.split("## Disputed", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^### .* conflict.*`(c\d+)`$", disputed, re.MULTILINE))
    story = demo_report.stories[0]
    assert int(header.group(1)) == len(listed) == sum(g.status == "disputed" for g in story.claims)
    assert " update" not in disputed  # updates have their own section
    if any(v.kind == "update" for v in story.variances):
        assert "## Updated figures" in md
