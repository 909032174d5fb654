"""Quote speakers on real reports: storycheck against the nearest-person baseline.

    python bench/bench_quotes.py [GV_DEV_JSONL] [--errors]

Gold: bench/quotes_gold.json, quotes of 28 real local news reports of
../shared/data/gv-dev/ by document id and character offsets into the record's
raw text (no text is stored). Each quote is found again in storycheck's cleaned
text by searching for its words, then scored:

- storycheck: the speaker of the storycheck quote that overlaps it most (a quote
  storycheck did not find counts as wrong, unless the gold names no speaker:
  a quoted sign or title that is not taken for speech is no error);
- baseline: what a user would otherwise do, the PERSON entity of spaCy's small
  model nearest to the quote in its sentence (none: no speaker).

A speaker is right when it names the same person as the gold (same surname,
and no first name that differs; titles ignored), or is empty when the gold is.
Tune on "dev"; "held-out" is the figure to quote. The demo corpus row scores
bench/demo_gold.json the way bench/bench_demo.py does.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from storycheck.io.readers import record_to_document  # noqa: E402
from storycheck.models import AnalysedDocument, Entity  # noqa: E402
from storycheck.steps.analyse import analyse_document, document_entities  # noqa: E402
from storycheck.steps.clean import clean_document  # noqa: E402
from storycheck.nlp.spacy_pipeline import TextParser  # noqa: E402
from storycheck.steps.quotes import TITLES  # noqa: E402
from storycheck.steps.segment import paragraphs  # noqa: E402

GOLD = ROOT / "bench" / "quotes_gold.json"
DATA = ROOT.parent / "shared" / "data" / "gv-dev" / "gv-dev.jsonl"
NAME_SUFFIXES = {"jr", "sr", "ii", "iii"}


def name_words(name: str) -> list[str]:
    words = [w.strip(".,").lower() for w in re.split(r"\s+", name.replace("’", "'"))]
    words = [w for w in words if w and w not in NAME_SUFFIXES and w != "the"]
    return [w for w in words if w not in TITLES] or words  # "police" stays "police"


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    if predicted is None or gold is None:
        return predicted is gold
    p, g = name_words(predicted), name_words(gold)
    if not p or not g or p[-1] != g[-1]:
        return False
    shorter, longer = sorted((p, g), key=len)
    return set(shorter) <= set(longer)


def analyse(parser: TextParser, raw) -> tuple[AnalysedDocument, list[Entity]]:
    doc = clean_document(raw)
    parsed = parser.parse(paragraphs(doc))
    return analyse_document(doc, parsed), document_entities(doc, parsed)


def locate(text: str, words: str, after: int = 0) -> tuple[int, int] | None:
    """The gold quote's words in the cleaned text (cleaning may move them)."""
    at = text.find(words, after)
    at = at if at >= 0 else text.find(words)
    return (at, at + len(words)) if at >= 0 else None


def storycheck_speaker(analysed: AnalysedDocument, span: tuple[int, int]) -> tuple[bool, str | None]:
    overlaps = [(min(q.citation.end, span[1]) - max(q.citation.start, span[0]), q)
                for q in analysed.quotes]
    overlaps = [(o, q) for o, q in overlaps if o > 0]
    if not overlaps:
        return False, None
    return True, max(overlaps, key=lambda pair: pair[0])[1].speaker


def baseline_speaker(analysed: AnalysedDocument, entities: list[Entity],
                     span: tuple[int, int]) -> str | None:
    """The nearest PERSON outside the quote, in the sentences the quote touches."""
    sentences = [s for s in analysed.sentences if s.start < span[1] + 1 and span[0] - 1 < s.end]
    if not sentences:
        return None
    lo, hi = min(s.start for s in sentences), max(s.end for s in sentences)
    persons = [e for e in entities if e.label == "PERSON" and lo <= e.start and e.end <= hi
               and not (span[0] <= e.start and e.end <= span[1])]
    if not persons:
        return None
    distance = lambda e: span[0] - e.end if e.end <= span[0] else e.start - span[1]  # noqa: E731
    return min(persons, key=distance).text


def score_gold(parser: TextParser, data: Path, show_errors: bool) -> dict[str, list[int]]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["quotes"]
    wanted = {q["document"] for q in gold}
    records = {}
    with data.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in wanted:
                records[record["id"]] = record
    results = {}  # split -> [quotes, storycheck right, baseline right, found, aligned]
    cache = {}
    for q in gold:
        record = records[q["document"]]
        if q["document"] not in cache:
            cache[q["document"]] = analyse(parser, record_to_document(record, q["document"], "gv"))
        analysed, entities = cache[q["document"]]
        row = results.setdefault(q["split"], [0, 0, 0, 0, 0])
        row[0] += 1
        span = locate(analysed.document.text, record["text"][q["start"]:q["end"]].strip())
        if span is None:
            continue
        found, speaker = storycheck_speaker(analysed, span)
        base = baseline_speaker(analysed, entities, span)
        # a quoted name or title storycheck does not take for speech is no error
        right = same_speaker(speaker, q["speaker"]) if found else q["speaker"] is None
        row[1] += right
        row[2] += same_speaker(base, q["speaker"])
        row[3] += found
        row[4] += 1
        if show_errors and not right and q["split"] == "dev":  # held-out stays unseen
            print(f"  {q['split']:8} {q['document'][:8]} {q['start']:>5}: gold {q['speaker']!r}, "
                  f"storycheck {speaker!r}{'' if found else ' (quote not found)'}")
    return results


def score_demo(parser: TextParser) -> tuple[int, int, int]:
    from bench_demo import CORPUS, GOLD as DEMO_GOLD  # the demo corpus and its gold

    from storycheck import analyze

    gold = json.loads(DEMO_GOLD.read_text(encoding="utf-8"))
    report = analyze([CORPUS], parser=parser)
    docs = {a.document.id: a for a in report.documents}
    right = base_right = 0
    for q in gold["quotes"]:
        analysed = docs[q["document"]]
        entities = document_entities(analysed.document, parser.parse(paragraphs(analysed.document)))
        span = locate(analysed.document.text, q["quote"])
        if span is None:
            continue
        found, speaker = storycheck_speaker(analysed, span)
        right += found and speaker == q["speaker"]
        base_right += same_speaker(baseline_speaker(analysed, entities, span), q["speaker"])
    return len(gold["quotes"]), right, base_right


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA,
                        help="gv-dev.jsonl (default: ../shared/data/gv-dev/ beside the repository)")
    parser.add_argument("--errors", action="store_true",
                        help="list the dev quotes storycheck gets wrong")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} is absent (the gv-dev reports are read in place)")
        return
    nlp = TextParser.load()
    results = score_gold(nlp, args.data, args.errors)
    print(f"{'quote speakers':<26} {'quotes':>6} {'storycheck':>10} {'baseline':>9} "
          f"{'found':>6} {'aligned':>7}")
    for split in ("dev", "held-out"):
        n, right, base, found, aligned = results.get(split, [0] * 5)
        print(f"{'gv-dev ' + split:<26} {n:>6} {right / n:>10.3f} {base / n:>9.3f} "
              f"{found / n:>6.3f} {aligned / n:>7.3f}")
    n, right, base = score_demo(nlp)
    print(f"{'demo corpus (written)':<26} {n:>6} {right / n:>10.3f} {base / n:>9.3f}")
    print("baseline: nearest PERSON entity (spaCy en_core_web_sm) in the quote's sentence")


if __name__ == "__main__":
    main()
