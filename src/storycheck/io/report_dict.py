"""A ``Report`` rebuilt from the dict ``Report.to_dict()`` writes (the cached
JSON of a store), enough to render it again."""
from __future__ import annotations

import datetime as dt

from ..models import (AnalysedDocument, Citation, ClaimGroup, CopyLink, Coverage, Document, Quote,
                      Removed, Report, Skipped, Span, Story, TimeExpression, TimelineEvent,
                      Variance, VarianceSide)


def report_from_dict(data: dict) -> Report:
    """A ``Report`` rebuilt from ``Report.to_dict()`` output, enough to render it.

    Per-document sentences and claims are not in the dict and stay empty.
    """
    docs = tuple(AnalysedDocument(
        Document(id=d["id"], source=d["source"], text=d["text"], title=d["title"],
                 outlet=d["outlet"], published=_datetime(d["published"]), author=d["author"],
                 url=d["url"], truncated=d["truncated"],
                 removed=tuple(Removed(**r) for r in d["removed"]),
                 summary=tuple(Span(**s) for s in d["summary"])),
        dates=tuple(TimeExpression(**t) for t in d["dates"])) for d in data["documents"])
    return Report(docs, tuple(_story_from_dict(s) for s in data["stories"]),
                  tuple(Skipped(**s) for s in data["skipped"]))


def _story_from_dict(s: dict) -> Story:
    def cites(items):
        return tuple(Citation(**c) for c in items)

    return Story(
        id=s["id"], title=s["title"], documents=tuple(s["documents"]),
        claims=tuple(ClaimGroup(c["id"], c["text"], c["status"], c["sources"], cites(c["support"]),
                                tuple(c["upstream"])) for c in s["claims"]),
        variances=tuple(Variance(v["id"], v["about"], v["kind"], v["claim"],
                                 tuple(VarianceSide(x["value"], cites(x["support"]))
                                       for x in v["sides"]), v.get("subject", ""))
                        for v in s["variances"]),
        quotes=tuple(Quote(Citation(q["document"], q["start"], q["end"], q["text"]), q["speaker"])
                     for q in s["quotes"]),
        timeline=tuple(TimelineEvent(e["date"], e["text"], e["claim"], cites(e["support"]))
                       for e in s["timeline"]),
        coverage=tuple(Coverage(c["document"], tuple(c["carries"]), tuple(c["omits"]),
                                tuple(c["only"])) for c in s["coverage"]),
        copies=tuple(CopyLink(**c) for c in s["copies"]))


def _datetime(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None

