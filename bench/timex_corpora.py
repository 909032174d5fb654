"""Gold time expressions from MEANTIME and TempEval-3 as one record shape.

Both loaders return ``Doc`` records: the text a tagger sees, its creation date
(the anchor), the region that is annotated, the scored gold timexes (DATE and
TIME) and the spans of the unscored ones (DURATION and SET, which storycheck
does not claim to produce: a prediction on them is neither right nor wrong).

TempEval-3 split
----------------
The 256 documents of ``tempeval3-train`` (TimeBank and AQUAINT) are sorted by
``<folder>/<file name>``; every 4th one (positions 3, 7, 11, ...) is held out
(64 documents, both sources mixed), the other 192 are for development.  Only
aggregate figures are ever printed for the held-out part.
"""
from __future__ import annotations

import datetime as dt
import glob
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

ANNOTATED_SENTENCES = 6  # MEANTIME annotates sentences 0..5 (title, date line, 4 sentences)
SCORED_TYPES = ("DATE", "TIME")
HELD_OUT_EVERY = 4


@dataclass
class Gold:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass
class Doc:
    name: str
    text: str
    anchor: dt.date
    region_end: int  # end of the annotated region
    dct_span: tuple[int, int]  # the creation-time timex inside the text, if any
    gold: list[Gold] = field(default_factory=list)
    ignored: list[tuple[int, int]] = field(default_factory=list)  # DURATION / SET spans


def parse_dct(value: str) -> dt.date:
    """ISO date; one MEANTIME file writes its creation time as DD-MM-YYYY."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        day, month, year = (int(x) for x in value[:10].split("-"))
        return dt.date(year, month, day)


# ---------------------------------------------------------------- MEANTIME


def _last_annotated_sentence(root: ET.Element) -> int:
    sentence = {t.get("t_id"): int(t.get("sentence")) for t in root.iter("token")}
    marked = [sentence[a.get("t_id")] for tag in ("TIMEX3", "EVENT_MENTION", "ENTITY_MENTION")
              for m in root.iter(tag) for a in m.findall("token_anchor")
              if a.get("t_id") in sentence]
    return min(max(marked, default=ANNOTATED_SENTENCES - 1), ANNOTATED_SENTENCES - 1)


def _rebuild_text(root: ET.Element) -> tuple[str, dict[str, tuple[int, int]], int, int]:
    """Tokens joined by spaces, sentences by newlines.

    Returns the text, the token offsets, the end of the annotated region and the
    end of the date line (sentence 1).
    """
    parts: list[str] = []
    offsets: dict[str, tuple[int, int]] = {}
    pos, region_end, date_line_end, last_sentence = 0, 0, 0, None
    last_annotated = _last_annotated_sentence(root)
    tokens = sorted(root.iter("token"), key=lambda t: int(t.get("number")))
    for tok in tokens:
        sentence = int(tok.get("sentence"))
        if last_sentence is not None:
            parts.append("\n" if sentence != last_sentence else " ")
            pos += 1
        word = tok.text or ""
        offsets[tok.get("t_id")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        if sentence <= last_annotated:
            region_end = pos
        if sentence <= 1:
            date_line_end = pos
        last_sentence = sentence
    return "".join(parts), offsets, region_end, date_line_end


def _token_span(timex: ET.Element, offsets: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    spans = [offsets[a.get("t_id")] for a in timex.findall("token_anchor")
             if a.get("t_id") in offsets]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def load_meantime_doc(path: str) -> Doc | None:
    root = ET.parse(path).getroot()
    text, offsets, region_end, date_line_end = _rebuild_text(root)
    anchor, dct_span, gold, ignored = None, (0, 0), [], []
    for timex in root.iter("TIMEX3"):
        span = _token_span(timex, offsets)
        if timex.get("functionInDocument") == "CREATION_TIME":
            anchor = parse_dct(timex.get("value"))
            dct_span = span or (0, 0)
        elif span and timex.get("type") in SCORED_TYPES:
            gold.append(Gold(span[0], span[1], timex.get("type"), timex.get("value"),
                             text[span[0]:span[1]]))
        elif span:
            ignored.append(span)
    if anchor is None:  # two files do not mark it: take the full date on the date line
        dated = [g for g in gold if g.end <= date_line_end and len(g.value) == 10]
        if not dated:
            return None
        dct = dated[-1]
        gold.remove(dct)
        anchor, dct_span = parse_dct(dct.value), (dct.start, dct.end)
    gold.sort(key=lambda g: g.start)
    name = os.path.splitext(os.path.basename(path))[0]
    return Doc(name, text, anchor, region_end, dct_span, gold, ignored)


def load_meantime(data_dir: str) -> list[Doc]:
    pattern = os.path.join(data_dir, "intra-doc_annotation", "corpus_*", "*.xml")
    docs = [load_meantime_doc(p) for p in sorted(glob.glob(pattern))]
    return [d for d in docs if d is not None]


# ---------------------------------------------------------------- TempEval-3 (TimeML)


def load_timeml_doc(path: str, name: str) -> Doc:
    """The ``<TEXT>`` element's text with its TIMEX3 spans; the anchor is the DCT."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3")
    anchor = parse_dct(dct.get("value"))
    parts: list[str] = []
    gold: list[Gold] = []
    ignored: list[tuple[int, int]] = []
    body = root.find("TEXT")

    def walk(node: ET.Element, pos: int) -> int:
        if node.text:
            parts.append(node.text)
            pos += len(node.text)
        for child in node:
            start = pos
            pos = walk(child, pos)
            if child.tag == "TIMEX3":
                kind, value = child.get("type"), child.get("value") or ""
                if kind in SCORED_TYPES:
                    gold.append(Gold(start, pos, kind, value, "".join(parts)[start:pos]))
                else:
                    ignored.append((start, pos))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        return pos

    end = walk(body, 0)
    return Doc(name, "".join(parts), anchor, end, (0, 0), gold, ignored)


def tempeval_paths(data_dir: str) -> list[tuple[str, str]]:
    """(path, 'TimeBank/wsj_0006') for every document, sorted by the second."""
    found = []
    for folder in ("TimeBank", "AQUAINT"):
        for path in glob.glob(os.path.join(data_dir, folder, "*.tml")):
            found.append((path, f"{folder}/{os.path.basename(path)[:-4]}"))
    return sorted(found, key=lambda pair: pair[1])


def load_tempeval(data_dir: str) -> tuple[list[Doc], list[Doc]]:
    """(development, held-out) documents; see the module notes for the split."""
    dev, held_out = [], []
    for i, (path, name) in enumerate(tempeval_paths(data_dir)):
        doc = load_timeml_doc(path, name)
        (held_out if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else dev).append(doc)
    return dev, held_out
