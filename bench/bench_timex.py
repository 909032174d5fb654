"""Benchmark the time-expression tagger on TempEval-3 and MEANTIME, beside dateparser.

Usage::

    python bench/bench_timex.py [--data DIR] [--errors] [--no-dateparser]

DIR defaults to ``../shared/data`` relative to the repository root; it holds
``tempeval3-train/`` (TimeBank + AQUAINT, TimeML) and ``meantime/``.  A corpus
that is absent is skipped with a message.  The script writes no files.

Three parts are scored, each for storycheck and ``dateparser.search_dates``
(relative base = the document creation time, dates preferred from the past):

* **TempEval-3 dev**: 3 of every 4 TempEval-3 training documents; the rules were
  developed on these (``--errors`` lists storycheck's mistakes on this part only);
* **TempEval-3 held-out**: every 4th document (see ``timex_corpora``), never
  read while developing, only its totals are printed;
* **MEANTIME**: 120 WikiNews articles (annotated sentences only), where the
  first rules were written; a second check.

What is counted
---------------
storycheck claims to produce calendar values for dates (and days for clock
times joined to a day).  So gold is the TIMEX3 of type DATE and TIME; DURATION
and SET timexes are not scored, and a prediction overlapping one is ignored
(neither right nor wrong).  The document creation time is the anchor, not a
target.  TIME values are compared at day granularity ('1998-08-07TNI' ->
'1998-08-07').

Metrics
-------
* span relaxed P/R/F1: one-to-one greedy matching of overlapping spans;
  span strict P/R/F1: the same with identical boundaries;
* value accuracy: among relaxed matches with DATE gold, the share whose value
  is equal;
* value F1 (DATE+TIME): a relaxed match with an equal value counts;
* **calendar date value P/R/F1**: gold = DATE timexes whose value is a calendar
  value (digits, no 'X': '1998', '1998-08', '1998-08-07', '1998-W32',
  '1998-Q3', '1998-SU'; not PRESENT_REF or 'XXXX-08'); a prediction counts when it
  has a value, except when it matches TIME gold (another type, not judged
  here); it is right when it matches calendar DATE gold and the value is equal.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
import time
import warnings
from dataclasses import dataclass, field

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
DEFAULT_DATA = os.path.join(REPO, "..", "shared", "data")
sys.path.insert(0, BENCH)

from timex_corpora import Doc, Gold, load_meantime, load_tempeval  # noqa: E402

try:
    from storycheck.timex import find_time_expressions
except ModuleNotFoundError:  # running from a checkout without an installed package
    sys.path.insert(0, os.path.join(REPO, "src"))
    from storycheck.timex import find_time_expressions

CALENDAR_VALUE = re.compile(r"\d[\dWQHSUPFAIE-]*")


@dataclass
class Pred:
    start: int
    end: int
    value: str | None
    text: str


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


def is_calendar(gold: Gold) -> bool:
    return gold.type == "DATE" and CALENDAR_VALUE.fullmatch(gold.value) is not None


def scored_preds(doc: Doc, preds: list[Pred]) -> list[Pred]:
    """Predictions in the annotated region, off the creation time and off DURATION/SET."""
    skip = [doc.dct_span] + [s for s in doc.ignored
                             if not any(g.start < s[1] and s[0] < g.end for g in doc.gold)]
    return [p for p in preds if p.start < doc.region_end
            and not any(p.start < e and s < p.end for s, e in skip)]


def match(preds: list[Pred], gold: list[Gold], exact: bool = False) -> list[tuple[Pred, Gold]]:
    """One-to-one greedy matching by overlap (or identical boundaries), in text order."""
    pairs, used = [], set()
    for p in preds:
        for i, g in enumerate(gold):
            same = (p.start, p.end) == (g.start, g.end) if exact \
                else p.start < g.end and g.start < p.end
            if i not in used and same:
                used.add(i)
                pairs.append((p, g))
                break
    return pairs


@dataclass
class Tally:
    preds: int = 0
    gold: int = 0
    matched: int = 0
    exact: int = 0
    correct: int = 0
    matched_date: int = 0
    correct_date: int = 0
    cal_gold: int = 0
    cal_claims: int = 0
    cal_correct: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, doc: Doc, preds: list[Pred]) -> None:
        preds = scored_preds(doc, preds)
        pairs = match(preds, doc.gold)
        self.preds += len(preds)
        self.gold += len(doc.gold)
        self.matched += len(pairs)
        self.exact += len(match(preds, doc.gold, exact=True))
        self.cal_gold += sum(is_calendar(g) for g in doc.gold)
        on_time = {id(p) for p, g in pairs if g.type == "TIME"}
        self.cal_claims += sum(p.value is not None and id(p) not in on_time for p in preds)
        for p, g in pairs:
            ok = p.value == gold_value(g.value)
            self.correct += ok
            self.matched_date += g.type == "DATE"
            self.correct_date += ok and g.type == "DATE"
            self.cal_correct += ok and is_calendar(g)
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
    lo = max(doc.text.rfind("\n", 0, span.start) + 1, span.start - 150)
    hi = doc.text.find("\n", span.end)
    hi = min(hi if hi >= 0 else len(doc.text), span.end + 150)
    return " ".join(doc.text[lo:hi].split())


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _prf(hits: int, claimed: int, gold: int) -> tuple[float, float, float]:
    p, r = _ratio(hits, claimed), _ratio(hits, gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table_rows(t: Tally) -> list[tuple[str, str]]:
    relaxed, strict = _prf(t.matched, t.preds, t.gold), _prf(t.exact, t.preds, t.gold)
    valued, calendar = _prf(t.correct, t.preds, t.gold), _prf(t.cal_correct, t.cal_claims,
                                                             t.cal_gold)
    return [
        ("predictions / gold DATE+TIME", f"{t.preds} / {t.gold}"),
        ("span relaxed P / R / F1", "{:.3f} {:.3f} {:.3f}".format(*relaxed)),
        ("span strict P / R / F1", "{:.3f} {:.3f} {:.3f}".format(*strict)),
        ("value accuracy (matched DATE)",
         f"{_ratio(t.correct_date, t.matched_date):.3f} ({t.correct_date}/{t.matched_date})"),
        ("value F1 (DATE+TIME)", f"{valued[2]:.3f}"),
        ("calendar date value P / R", "{:.3f} {:.3f}".format(*calendar)),
        ("calendar date value F1",
         f"{calendar[2]:.3f} ({t.cal_correct}/{t.cal_gold} gold)"),
        ("words/s (best pass)", f"{_ratio(t.words, t.seconds):,.0f}"),
    ]


def print_table(title: str, tallies: dict[str, Tally]) -> None:
    print(title)
    names = list(tallies)
    rows = {name: dict(table_rows(t)) for name, t in tallies.items()}
    labels = [label for label, _ in table_rows(next(iter(tallies.values())))]
    width = max(len(label) for label in labels)
    cols = [max(len(n), 24) for n in names]
    print(" | ".join([" " * width] + [n.rjust(c) for n, c in zip(names, cols)]))
    print("-+-".join(["-" * width] + ["-" * c for c in cols]))
    for label in labels:
        cells = [rows[n][label].rjust(c) for n, c in zip(names, cols)]
        print(" | ".join([label.ljust(width)] + cells))
    print()


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


def corpora(data: str) -> dict[str, list[Doc]]:
    parts: dict[str, list[Doc]] = {}
    tempeval = os.path.join(data, "tempeval3-train")
    if os.path.isdir(os.path.join(tempeval, "TimeBank")):
        parts["TempEval-3 dev"], parts["TempEval-3 held-out"] = load_tempeval(tempeval)
    else:
        print(f"TempEval-3 not found at {os.path.abspath(tempeval)}; skipped.")
    meantime = os.path.join(data, "meantime")
    if os.path.isdir(os.path.join(meantime, "intra-doc_annotation")):
        parts["MEANTIME"] = load_meantime(meantime)
    else:
        print(f"MEANTIME not found at {os.path.abspath(meantime)}; skipped.")
    return parts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="folder holding the corpora")
    ap.add_argument("--errors", action="store_true",
                    help="list storycheck's mistakes on the development part")
    ap.add_argument("--no-dateparser", action="store_true", help="skip the dateparser baseline")
    args = ap.parse_args(argv)
    run_dp = None
    if not args.no_dateparser:
        try:
            run_dp = make_dateparser()
        except ImportError:
            print("dateparser is not installed; baseline skipped (pip install dateparser)\n")
    dev_errors: list[str] = []
    for part, docs in corpora(args.data).items():
        tallies = {"storycheck": evaluate(docs, run_rules, timing_runs=3)}
        if run_dp is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tallies["dateparser.search_dates"] = evaluate(docs, run_dp)
        words = sum(len(d.text.split()) for d in docs)
        print_table(f"{part}: {len(docs)} documents, {words:,} words", tallies)
        if part == "TempEval-3 dev":
            dev_errors = tallies["storycheck"].errors
    if args.errors:
        print("\n".join(sorted(dev_errors)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
