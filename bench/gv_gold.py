"""Shared loading for the gv-dev gold sets (bench/gold/gv_claims.json, gv_check.json).

The gold files hold no report text: mentions are (document, start, end) offsets
into the raw ``text`` of ../shared/data/gv-dev/gv-dev.jsonl plus a fingerprint
(first 12 hex digits of the span's SHA-1) that catches a changed corpus. This
module reads the corpus, checks fingerprints and maps raw spans onto the
cleaned text storycheck reports (by finding the span's words there).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from storycheck.models import RawDocument  # noqa: E402

# ../shared/data from the main checkout; ../../shared/data from a worktree under wt/
DATA = next((base / "shared" / "data" / "gv-dev" / "gv-dev.jsonl"
             for base in (ROOT.parent, ROOT.parent.parent)
             if (base / "shared" / "data").is_dir()),
            ROOT.parent / "shared" / "data" / "gv-dev" / "gv-dev.jsonl")
GOLD_DIR = ROOT / "bench" / "gold"


def fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def load_corpus(path: Path, incidents: set[str]) -> dict[str, dict]:
    """The reports of the given incidents, by document id."""
    rows = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            if str(row["incident"]) in incidents:
                rows[row["id"]] = row
    return rows


def raw_document(row: dict) -> RawDocument:
    published = dt.datetime.fromisoformat(row["published"]) if row.get("published") else None
    outlet = re.sub(r"^(?:https?://)?(?:web\.archive\.org/web/\d+/)?(?:https?://)?(?:www\.)?",
                    "", row.get("url") or "").split("/")[0].split(":")[0] or None
    return RawDocument(row["id"], "gv-dev", row["text"], title=row.get("title"),
                       published=published, outlet=outlet, url=row.get("url"))


@dataclass(frozen=True)
class Mention:
    fact: str
    index: int  # position among the fact's mentions
    document: str
    start: int  # raw offsets
    end: int


def mentions_of(incident: dict, rows: dict[str, dict]) -> tuple[list[Mention], list[str]]:
    """Every gold mention of an incident whose fingerprint still matches, and the drifted ones."""
    good, drifted = [], []
    for fact in incident["facts"]:
        for index, m in enumerate(fact["mentions"]):
            span = rows[m["document"]]["text"][m["start"]:m["end"]]
            if fingerprint(span) != m["sha1"]:
                drifted.append(f"{fact['id']}#{index}")
                continue
            good.append(Mention(fact["id"], index, m["document"], m["start"], m["end"]))
    return good, drifted


def locate(raw: str, start: int, end: int, clean: str) -> tuple[int, int] | None:
    """Where the raw span's words stand in the cleaned text (whitespace may differ).

    Where the span occurs more than once (a repeated caption), the occurrence at
    the most similar relative position is taken.
    """
    words = raw[start:end].split()
    if not words:
        return None
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    found = [(m.start(), m.end()) for m in pattern.finditer(clean)]
    if not found:
        return None
    where = start / max(len(raw), 1)
    return min(found, key=lambda se: abs(se[0] / max(len(clean), 1) - where))


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


# A unit is one passage a system groups: (document, start, end) in cleaned text.
Unit = tuple[str, int, int]

SENTENCE_END = re.compile(r"([.!?][\"'”’)]*)\s+|\n+")


def sentences(doc: str, text: str) -> list[Unit]:
    """Sentences as a user's regex finds them: end punctuation (and closing quote) or a line break."""
    units, start = [], 0
    for m in SENTENCE_END.finditer(text):
        end = m.end(1) if m.group(1) else m.start()
        if text[start:end].strip():
            units.append((doc, start, end))
        start = m.end()
    if text[start:].strip():
        units.append((doc, start, len(text)))
    return units
