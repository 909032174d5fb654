"""Render a ``CheckReport`` as JSON (schema ``storycheck-check/1``) or Markdown."""
from __future__ import annotations

from dataclasses import asdict

from ..models import CheckReport, ClaimCheck, Document
from .brief import markdown_escape

SCHEMA = "storycheck-check/1"
VERDICT_LINES = {
    "supported": "Supported",
    "contradicted": "Contradicted",
    "disputed": "Disputed",
    "reported": "Reported, not established",
    "not found": "Not found in the coverage",
}


def check_report_to_dict(report: CheckReport) -> dict:
    return {
        "schema": SCHEMA,
        "checks": [check_to_dict(c) for c in report.checks],
        "documents": [{"id": d.id, "source": d.source, "title": d.title, "outlet": d.outlet,
                       "published": d.published.isoformat() if d.published else None}
                      for d in report.documents],
        "skipped": [asdict(s) for s in report.skipped],
    }


def check_to_dict(check: ClaimCheck) -> dict:
    return {
        "claim": check.claim, "verdict": check.verdict, "sources": asdict(check.sources),
        "documents": [{"document": d.document, "stance": d.stance,
                       "evidence": [asdict(c) for c in d.evidence],
                       "differs": [asdict(x) for x in d.differs]} for d in check.documents],
    }



def check_report_to_markdown(report: CheckReport) -> str:
    """A short answer per claim: the verdict, the counts, and each document's stance."""
    docs = {d.id: d for d in report.documents}
    parts = [check_markdown(c, docs) for c in report.checks]
    if report.skipped:
        parts.append("## Skipped\n\n" + "\n".join(
            f"- {markdown_escape(s.source)}: {markdown_escape(s.reason)}" for s in report.skipped))
    return "\n\n".join(parts) + "\n"


def check_markdown(check: ClaimCheck, docs: dict[str, Document]) -> str:
    lines = [f"## {VERDICT_LINES[check.verdict]}: “{markdown_escape(check.claim)}”", ""]
    s = check.sources
    if not check.documents:
        lines.append("No document of the coverage speaks to this claim.")
        return "\n".join(lines)
    lines.append(f"Independent sources: {s.supports} support, {s.contradicts} contradict, "
                 f"{s.reports} only report it.")
    lines.append("")
    for stance in check.documents:
        doc = docs.get(stance.document)
        name = (doc.outlet or doc.title) if doc else None
        label = f"{markdown_escape(name)} (`{stance.document}`)" if name else f"`{stance.document}`"
        quote = markdown_escape(stance.evidence[0].text) if stance.evidence else ""
        line = f"- **{stance.stance}** · {label}: “{quote}”"
        if stance.differs:
            line += " — " + "; ".join(
                f"{d.kind}: {markdown_escape(d.claim_value)} (claim) vs "
                f"{markdown_escape(d.document_value)} (document)" for d in stance.differs)
        lines.append(line)
    return "\n".join(lines)
