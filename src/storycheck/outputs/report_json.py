"""A ``Report`` as JSON (schema ``storycheck/1``, docs/schema.md) and back again.

Both directions live here so that a field added to a record is written and read in one
place; ``tests/test_report_json.py`` round-trips every record. The dict keeps what the
outputs render: per-document sentences are not written and come back empty.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict

from ..models import (AnalysedDocument, Argument, Citation, Claim, ClaimGroup, CopyLink, Coverage,
                      Document, Entity, Frame, Quantity, Quote, Removed, Report, Skipped, Span,
                      Story, TimeExpression, TimelineEvent, Variance, VarianceSide)

SCHEMA = "storycheck/1"


def report_to_dict(report: Report) -> dict:
    return {
        "schema": SCHEMA,
        "documents": [document_to_dict(a) for a in report.documents],
        "skipped": [asdict(s) for s in report.skipped],
        "stories": [story_to_dict(s) for s in report.stories],
    }



def document_to_dict(analysed: AnalysedDocument) -> dict:
    doc = analysed.document
    return {
        "id": doc.id, "source": doc.source, "title": doc.title, "outlet": doc.outlet,
        "published": doc.published.isoformat() if doc.published else None,
        "author": doc.author, "url": doc.url, "text": doc.text, "truncated": doc.truncated,
        "removed": [asdict(r) for r in doc.removed],
        "summary": [asdict(s) for s in doc.summary],
        "dates": [asdict(d) for d in analysed.dates],
        "claims": [claim_to_dict(c) for c in analysed.claims],
    }


def claim_to_dict(claim: Claim) -> dict:
    """One document's claim with what was extracted from its words."""
    c = claim.citation
    return {
        "id": claim.id, "start": c.start, "end": c.end, "text": c.text,
        "in_summary": claim.in_summary,
        "entities": [asdict(e) for e in claim.entities],
        "quantities": [asdict(q) for q in claim.quantities],
        "dates": [asdict(d) for d in claim.dates],
        "attribution": claim.attribution, "hedged": claim.hedged, "negated": claim.negated,
        "about": claim.about,
        "frame": asdict(claim.frame) if claim.frame else None,
    }


def _citations(citations: Sequence[Citation]) -> list[dict]:
    return [asdict(c) for c in citations]


def story_to_dict(story: Story) -> dict:
    return {
        "id": story.id, "title": story.title, "documents": list(story.documents),
        "claims": [{"id": g.id, "text": g.text, "about": g.about, "said_by": g.said_by,
                    "status": g.status,
                    "sources": g.sources, "upstream": list(g.upstream),
                    "support": _citations(g.support)}
                   for g in story.claims],
        "variances": [{"id": v.id, "about": v.about, "kind": v.kind, "claim": v.claim,
                       "subject": v.subject,
                       "sides": [{"value": s.value, "support": _citations(s.support)}
                                 for s in v.sides]} for v in story.variances],
        "quotes": [{"speaker": q.speaker, "text": q.citation.text, "document": q.citation.document,
                    "start": q.citation.start, "end": q.citation.end} for q in story.quotes],
        "timeline": [{"date": e.date, "text": e.text, "claim": e.claim,
                      "support": _citations(e.support)} for e in story.timeline],
        "coverage": [asdict(c) for c in story.coverage],
        "copies": [asdict(c) for c in story.copies],
    }



# --- and back -------------------------------------------------------------------------


def report_from_dict(data: dict) -> Report:
    """The ``Report`` that ``report_to_dict`` wrote (the store caches that dict).

    Per-document sentences are not in the dict and stay empty.
    """
    docs = tuple(AnalysedDocument(
        Document(id=d["id"], source=d["source"], text=d["text"], title=d["title"],
                 outlet=d["outlet"], published=_datetime(d["published"]), author=d["author"],
                 url=d["url"], truncated=d["truncated"],
                 removed=tuple(Removed(**r) for r in d["removed"]),
                 summary=tuple(Span(**s) for s in d["summary"])),
        dates=tuple(TimeExpression(**t) for t in d["dates"]),
        claims=tuple(_claim_from_dict(d["id"], c) for c in d["claims"])) for d in data["documents"])
    return Report(docs, tuple(_story_from_dict(s) for s in data["stories"]),
                  tuple(Skipped(**s) for s in data["skipped"]))


def _claim_from_dict(doc_id: str, c: dict) -> Claim:
    frame = c["frame"]
    if frame is not None:
        frame = Frame(**{**frame, "arguments": tuple(Argument(**a) for a in frame["arguments"])})
    return Claim(
        id=c["id"], citation=Citation(doc_id, c["start"], c["end"], c["text"]),
        in_summary=c["in_summary"], entities=tuple(Entity(**e) for e in c["entities"]),
        quantities=tuple(Quantity(**q) for q in c["quantities"]),
        dates=tuple(TimeExpression(**t) for t in c["dates"]), attribution=c["attribution"],
        hedged=c["hedged"], negated=c["negated"], frame=frame, about=c["about"])


def _story_from_dict(s: dict) -> Story:
    def cites(items):
        return tuple(Citation(**c) for c in items)

    return Story(
        id=s["id"], title=s["title"], documents=tuple(s["documents"]),
        claims=tuple(ClaimGroup(c["id"], c["text"], c["status"], c["sources"], cites(c["support"]),
                                tuple(c["upstream"]), c.get("about"), c.get("said_by"))
                     for c in s["claims"]),
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

