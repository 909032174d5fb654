"""Benchmark the rule-based time-expression tagger on the MEANTIME English corpus.

Usage::

    python bench/bench_timex.py [DATA_DIR] [--errors] [--no-dateparser]

DATA_DIR defaults to ``../shared/data/meantime`` relative to the repository root.
If it is absent the script prints a message and exits 0.  It writes no files.

How the corpus is turned into a task
------------------------------------
* Each ``intra-doc_annotation/corpus_*/*.xml`` document is rebuilt from its
  tokens: tokens joined by spaces, sentences by newlines, with a token -> char
  offset map.
* The anchor is the value of the ``CREATION_TIME`` TIMEX3 (the document creation
  time, i.e. the gold publication date).  That timex is not scored.
* Gold = TIMEX3 of type DATE or TIME (DURATION and SET are skipped) that have at
  least one token; their token spans become char spans.
* MEANTIME annotates only the title, the date line and the first sentences of
  each article (sentences 0-5; in a few files fewer: the last sentence with any
  markable).  Both tools run on the whole text (that is what the words/s figure
  measures) but only predictions in that annotated region are scored.
  Predictions overlapping the creation-time line, or a DURATION/SET timex (not
  scored here, so neither right nor wrong), are ignored.

The rules in ``storycheck.steps.timex`` were developed while reading this
benchmark's errors (general rules only, nothing keyed to its sentences), so its
figures are a development score rather than a clean held-out one.

Metrics
-------
* detection P/R/F1: a prediction matches a gold timex if their spans overlap
  (one-to-one greedy matching in text order).
* value accuracy: among matched gold DATE timexes, the fraction whose predicted
  value equals the gold value.  Gold values are compared at day granularity
  (a time suffix such as ``T16:00Z`` or ``TMO`` is dropped), since both tools
  produce dates, not clock times.
* strict P/R/F1: a match counts only if the value is also correct (same rule,
  applied to DATE and TIME gold).
* calendar recall: recall (detection and strict) restricted to gold whose value
  is a calendar value (starts with a digit, e.g. ``2009``, ``2009-06``,
  ``2009-W14``), i.e. excluding PRESENT_REF, XXXX-XX-XX, P1D and the like.
"""
from __future__ import annotations

import argparse
import datetime as dt
import glob
import os
import sys
import time
import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DATA = os.path.join(REPO, "..", "shared", "data", "meantime")
ANNOTATED_SENTENCES = 6  # MEANTIME annotates sentences 0..5 (title, date line, 4 sentences)
GOLD_TYPES = ("DATE", "TIME")

try:
    from storycheck.steps.timex import find_time_expressions
except ModuleNotFoundError:  # running from a checkout without an installed package
    sys.path.insert(0, os.path.join(REPO, "src"))
    from storycheck.steps.timex import find_time_expressions


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
    dct_span: tuple[int, int]
    gold: list[Gold] = field(default_factory=list)
    ignored: list[tuple[int, int]] = field(default_factory=list)  # DURATION / SET spans


@dataclass
class Pred:
    start: int
    end: int
    value: str | None
    text: str


# ---------------------------------------------------------------- loading


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
            sep = "\n" if sentence != last_sentence else " "
            parts.append(sep)
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


def _span(timex: ET.Element, offsets: dict[str, tuple[int, int]]) -> tuple[int, int] | None:
    ids = [a.get("t_id") for a in timex.findall("token_anchor")]
    spans = [offsets[i] for i in ids if i in offsets]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def parse_dct(value: str) -> dt.date:
    """ISO date; one MEANTIME file writes its creation time as DD-MM-YYYY."""
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        day, month, year = (int(x) for x in value[:10].split("-"))
        return dt.date(year, month, day)


def load_doc(path: str) -> Doc | None:
    root = ET.parse(path).getroot()
    text, offsets, region_end, date_line_end = _rebuild_text(root)
    anchor, dct_span, gold, ignored = None, (0, 0), [], []
    for timex in root.iter("TIMEX3"):
        span = _span(timex, offsets)
        if timex.get("functionInDocument") == "CREATION_TIME":
            anchor = parse_dct(timex.get("value"))
            dct_span = span or (0, 0)
        elif span and timex.get("type") in GOLD_TYPES:
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


def load_corpus(data_dir: str) -> list[Doc]:
    pattern = os.path.join(data_dir, "intra-doc_annotation", "corpus_*", "*.xml")
    docs = [load_doc(p) for p in sorted(glob.glob(pattern))]
    return [d for d in docs if d is not None]


# ---------------------------------------------------------------- tools


def run_rules(doc: Doc) -> list[Pred]:
    return [Pred(e.start, e.end, e.value, e.text)
            for e in find_time_expressions(doc.text, doc.anchor)]


def _dateparser_value(date_data) -> str | None:
    when, period = date_data.date_obj, date_data.period
    if when is None:
        return None
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    return when.date().isoformat()


def make_dateparser():
    """Returns run(doc) -> list[Pred] using dateparser.search.search_dates."""
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    def run(doc: Doc) -> list[Pred]:
        base = dt.datetime.combine(doc.anchor, dt.time(12, 0))
        settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}
        found = search_dates(doc.text, languages=["en"], settings=settings) or []
        parser = DateDataParser(languages=["en"], settings=settings)
        preds, cursor = [], 0
        for sub, _when in found:
            start = doc.text.find(sub, cursor)
            if start < 0:
                start = doc.text.find(sub)
            if start < 0:
                continue
            cursor = start + len(sub)
            value = _dateparser_value(parser.get_date_data(sub))
            preds.append(Pred(start, start + len(sub), value, sub))
        return preds

    return run


# ---------------------------------------------------------------- scoring


def gold_value(value: str) -> str:
    """Gold value at day granularity: '2009-06-01T16:00Z' -> '2009-06-01'."""
    return value.split("T", 1)[0] if value[:1].isdigit() else value


def scored_preds(doc: Doc, preds: list[Pred]) -> list[Pred]:
    """Predictions in the annotated region, off the date line and off DURATION/SET timexes."""
    skip = [doc.dct_span] + [s for s in doc.ignored
                             if not any(g.start < s[1] and s[0] < g.end for g in doc.gold)]
    return [p for p in preds if p.start < doc.region_end
            and not any(p.start < e and s < p.end for s, e in skip)]


def match(preds: list[Pred], gold: list[Gold]) -> list[tuple[Pred, Gold]]:
    """One-to-one greedy matching by overlap, in text order."""
    pairs, used = [], set()
    for p in preds:
        for i, g in enumerate(gold):
            if i not in used and p.start < g.end and g.start < p.end:
                used.add(i)
                pairs.append((p, g))
                break
    return pairs


@dataclass
class Tally:
    preds: int = 0
    gold: int = 0
    matched: int = 0
    correct: int = 0
    matched_date: int = 0
    correct_date: int = 0
    gold_cal: int = 0
    matched_cal: int = 0
    correct_cal: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: Doc, preds: list[Pred]) -> None:
        preds = scored_preds(doc, preds)
        pairs = match(preds, doc.gold)
        self.preds += len(preds)
        self.gold += len(doc.gold)
        self.matched += len(pairs)
        self.gold_cal += sum(g.value[:1].isdigit() for g in doc.gold)
        for p, g in pairs:
            ok = p.value == gold_value(g.value)
            self.correct += ok
            self.matched_date += g.type == "DATE"
            self.correct_date += ok and g.type == "DATE"
            self.matched_cal += g.value[:1].isdigit()
            self.correct_cal += ok and g.value[:1].isdigit()
            if not ok:
                self.errors.append(f"VALUE {doc.name} @{doc.anchor}: {p.text!r}={p.value} "
                                   f"gold {g.text!r}={g.value} | {_context(doc, g)}")
        self._note_unmatched(doc, preds, pairs)

    def _note_unmatched(self, doc: Doc, preds: list[Pred], pairs) -> None:
        hit_p = {id(p) for p, _ in pairs}
        hit_g = {id(g) for _, g in pairs}
        for p in preds:
            if id(p) not in hit_p:
                self.errors.append(f"FP {doc.name}: {p.text!r}={p.value} | {_context(doc, p)}")
        for g in doc.gold:
            if id(g) not in hit_g:
                self.errors.append(f"FN {doc.name} @{doc.anchor}: {g.text!r}={g.value} "
                                   f"| {_context(doc, g)}")


def _context(doc: Doc, span) -> str:
    lo = doc.text.rfind("\n", 0, span.start) + 1
    hi = doc.text.find("\n", span.end)
    return doc.text[lo: hi if hi >= 0 else len(doc.text)][:300]


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def table_rows(t: Tally) -> list[tuple[str, str]]:
    p, r = _ratio(t.matched, t.preds), _ratio(t.matched, t.gold)
    sp, sr = _ratio(t.correct, t.preds), _ratio(t.correct, t.gold)
    return [
        ("predictions (scored region)", f"{t.preds}"),
        ("gold DATE+TIME", f"{t.gold}"),
        ("detection precision", f"{p:.3f}"),
        ("detection recall", f"{r:.3f}"),
        ("detection F1", f"{_f1(p, r):.3f}"),
        ("value accuracy (matched DATE)",
         f"{_ratio(t.correct_date, t.matched_date):.3f} ({t.correct_date}/{t.matched_date})"),
        ("strict precision", f"{sp:.3f}"),
        ("strict recall", f"{sr:.3f}"),
        ("strict F1", f"{_f1(sp, sr):.3f}"),
        ("calendar-gold detection recall", f"{_ratio(t.matched_cal, t.gold_cal):.3f} "
                                           f"({t.matched_cal}/{t.gold_cal})"),
        ("calendar-gold strict recall", f"{_ratio(t.correct_cal, t.gold_cal):.3f}"),
        ("words/s (whole articles, best pass)", f"{_ratio(t.words, t.seconds):,.0f}"),
    ]


def print_table(tallies: dict[str, Tally]) -> None:
    names = list(tallies)
    rows = {name: dict(table_rows(t)) for name, t in tallies.items()}
    labels = [label for label, _ in table_rows(next(iter(tallies.values())))]
    width = max(len(label) for label in labels)
    cols = [max(len(n), 14) for n in names]
    print(" | ".join([" " * width] + [n.rjust(c) for n, c in zip(names, cols)]))
    print("-+-".join(["-" * width] + ["-" * c for c in cols]))
    for label in labels:
        cells = [rows[n][label].rjust(c) for n, c in zip(names, cols)]
        print(" | ".join([label.ljust(width)] + cells))


# ---------------------------------------------------------------- main


def evaluate(docs: list[Doc], run, timing_runs: int = 1) -> Tally:
    """Scores one pass; the speed is the best of ``timing_runs`` passes (the machine may be busy)."""
    tally = Tally(words=sum(len(doc.text.split()) for doc in docs))
    started = time.perf_counter()
    predictions = [run(doc) for doc in docs]
    first = time.perf_counter() - started
    for doc, preds in zip(docs, predictions):
        tally.add(doc, preds)
    tally.seconds = min([first] + [_timed_pass(docs, run) for _ in range(timing_runs - 1)])
    return tally


def _timed_pass(docs: list[Doc], run) -> float:
    started = time.perf_counter()
    for doc in docs:
        run(doc)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data_dir", nargs="?", default=DEFAULT_DATA)
    ap.add_argument("--errors", action="store_true", help="list mismatches of the rules")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the dateparser baseline")
    args = ap.parse_args(argv)
    if not os.path.isdir(os.path.join(args.data_dir, "intra-doc_annotation")):
        print(f"MEANTIME not found at {os.path.abspath(args.data_dir)}; skipping benchmark.")
        return 0
    docs = load_corpus(args.data_dir)
    words = sum(len(d.text.split()) for d in docs)
    print(f"MEANTIME English: {len(docs)} documents, {words:,} words, "
          f"{sum(len(d.gold) for d in docs)} gold DATE/TIME timexes in the annotated region\n")
    tallies = {"storycheck rules": evaluate(docs, run_rules, timing_runs=5)}
    if not args.no_dateparser:
        try:
            run_dp = make_dateparser()
        except ImportError:
            print("dateparser is not installed; baseline skipped (pip install dateparser)\n")
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tallies["dateparser"] = evaluate(docs, run_dp)
    print_table(tallies)
    if args.errors:
        print()
        print("\n".join(sorted(tallies["storycheck rules"].errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
