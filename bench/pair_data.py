"""Labelled sentence pairs for training and evaluating a "same proposition?" judge.

Three real sources, read in place from ``../shared/data`` (nothing is copied):

* ``mrpc_pairs``: MRPC training part, news sentences from different outlets,
  labelled same meaning (1) or not (0).  kind ``paraphrase`` for every pair.
* ``ecb_pairs``: ECB+ cross-document event coreference.  Each topic folder holds
  two look-alike events (the ``ecb`` files report one, the ``ecbplus`` files the
  other, e.g. two celebrities entering rehab).  Sentences are rebuilt from
  tokens; a sentence "mentions" an event instance when one of its ACTION_* /
  NEG_ACTION_* markables is linked by a CROSS_DOC_COREF relation to that
  instance.
    - ``same-event`` (1): sentences of two different documents that mention
      the same event instance.
    - ``look-alike`` (0): sentences of the same topic, one from each half
      (ecb / ecbplus), sharing no event instance.  The partner is the most
      word-overlapping of a few random candidates, so the negatives look alike.
    - ``other-topic`` (0): sentences of two different topics (fewer).
* ``meantime_pairs``: MEANTIME (English, ``intra_cross-doc_annotation``).
  EVENT_MENTION markables linked by REFERS_TO to an EVENT instance whose
  ``instance_id`` is corpus-wide.  Same kinds; the topic is the corpus folder
  (``corpus_airbus`` ...), and ``look-alike`` pairs are sentences of that
  folder from different documents sharing no event instance (MEANTIME has no
  ecb/ecbplus halves, so these are same-story-family negatives).

Every ``Pair`` carries ``group`` (topic, corpus folder or MRPC sentence id):
split on it (e.g. ECB+ odd topics for training, even for testing), never on
pairs, or sentences leak between the halves.

Only sentences with at least one linked event mention are used: in both
corpora the rest of an article is not annotated, so its sentences could
silently report the same event.  Other-topic pairs take both sentences from
one half of the two-fold split ``topic_folds`` gives, so a split by those
folds keeps every sentence on one side.

Caveats (from reading the printed pairs):

* a positive says "both sentences mention one event", not "both state the
  same proposition": "X convicted of the shooting" / "X shot his girlfriend"
  is positive.  Pairs whose sentences share the most events come first.
  ECB+ positives mostly report the same happening; MEANTIME's often share only
  a passing mention (a bankruptcy cited as an example), so read them as
  "related or same", and they are few (36 multi-document event instances).
* look-alike negatives are certain only as far as the annotation is complete:
  a sentence whose mention of the other half's event was left unlinked would
  be a false negative.  13 ECB+ instances are linked in both halves; their
  pairs are positives, and negatives never share an instance.
* the ecb/ecbplus halves are taken from the file names (ECB+'s design: the
  ``ecbplus`` files report the second, look-alike event of the topic).

Usage: python bench/pair_data.py [EXAMPLES_PER_KIND]   (prints counts and examples; writes nothing)
"""
from __future__ import annotations

import itertools
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MRPC_FILE = Path("mrpc-train") / "msr_paraphrase_train.txt"
ECB_ROOT = Path("ecbplus")
MEANTIME_ROOT = Path("meantime") / "intra_cross-doc_annotation"

# Per event instance at most this many positive pairs, so that a few instances
# mentioned in every article (the topic's seminal event) do not fill the set.
POSITIVES_PER_INSTANCE = 12
# Candidates drawn for each look-alike negative; the most word-overlapping wins.
LOOKALIKE_CANDIDATES = 8
# Negatives per positive: look-alike and other-topic (positives ~45%).
LOOKALIKE_PER_POSITIVE = 0.9
OTHER_TOPIC_PER_POSITIVE = 0.3
# Sentences shorter than this (in tokens) are headlines, datelines or debris.
MIN_TOKENS = 6


@dataclass(frozen=True)
class Pair:
    text_a: str
    text_b: str
    label: int  # 1 same event / meaning, 0 not
    source: str  # 'mrpc' | 'ecb' | 'meantime'
    group: str  # topic, corpus folder or MRPC first-sentence id: split on this
    kind: str  # 'paraphrase' | 'same-event' | 'look-alike' | 'other-topic'


@dataclass(frozen=True)
class Sentence:
    """An annotated sentence and the event instances it mentions."""

    doc: str
    topic: str
    half: str  # ECB+: 'ecb' or 'ecbplus'; MEANTIME: the document itself
    text: str
    events: frozenset[str]


def data_dir() -> Path:
    """``../shared/data`` beside the checkout; a worktree under ``wt/`` looks one up."""
    for base in (REPO.parent, REPO.parent.parent):
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    return REPO.parent / "shared" / "data"


# --- text -------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r" ([,.;:!?%)\]}]|'s\b|'S\b|n't\b|'re\b|'ll\b|'ve\b|'d\b|'m\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")
_QUOTED = re.compile(r'" ([^"]*?) "')
# "2,000", "2:56", "6.2" and "U.S." were one token each before the corpus split them
_SPLIT_NUMBER = re.compile(r"\b(\d{1,3}), (?=\d{3}\b)|\b(\d{1,2}): (?=\d\d\b)|(\d\.) (?=\d)")
_SPLIT_INITIALS = re.compile(r"\b([A-Za-z])\. (?=[A-Za-z]\.)")
_POSSESSIVE = re.compile(r"(?<=s) '(?= )")  # "Jobs ' leave"
_FINAL_QUOTE = re.compile(r'([.!?,]) "$')


def _rejoin_number(match: re.Match) -> str:
    return f"{match[1]}," if match[1] else f"{match[2]}:" if match[2] else match[3]


def detokenise(tokens: list[str]) -> str:
    """Join corpus tokens with spaces, then tidy the spaces around punctuation."""
    text = " ".join(t for t in tokens if t).replace("``", '"').replace("''", '"')
    text = _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", text))
    text = _POSSESSIVE.sub("'", _SPLIT_INITIALS.sub(r"\1.", _SPLIT_NUMBER.sub(_rejoin_number, text)))
    return _FINAL_QUOTE.sub(r'\1"', _QUOTED.sub(r'"\1"', text))


# --- MRPC -------------------------------------------------------------------

def mrpc_pairs(path: Path | str | None = None) -> list[Pair]:
    """MRPC pairs; [] when the file is absent.  Tab-split lines, no csv quoting."""
    path = Path(path) if path else data_dir() / MRPC_FILE
    if not path.is_file():
        return []
    pairs = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("\t")
        if len(fields) != 5 or not fields[0].isdigit():  # the release's header line, if kept
            continue
        quality, id1, _id2, s1, s2 = fields
        pairs.append(Pair(s1.strip(), s2.strip(), int(quality), "mrpc", id1, "paraphrase"))
    return pairs


# --- corpus readers ---------------------------------------------------------

def _sentences_of(root: ET.Element) -> tuple[dict[int, str], dict[str, int], dict[int, int]]:
    """Sentence texts, token id -> sentence, and token counts per sentence."""
    tokens: dict[int, list[str]] = defaultdict(list)
    sentence_of: dict[str, int] = {}
    for tok in root.iter("token"):
        sentence = int(tok.get("sentence"))
        tokens[sentence].append(tok.text or "")
        sentence_of[tok.get("t_id")] = sentence
    texts = {s: detokenise(toks) for s, toks in tokens.items()}
    return texts, sentence_of, {s: len(toks) for s, toks in tokens.items()}


def _annotated(doc: str, topic: str, half: str, root: ET.Element,
               events_of_mention: dict[str, set[str]], mention_tags) -> list[Sentence]:
    """Sentences holding a mention that is linked to an event instance."""
    texts, sentence_of, sizes = _sentences_of(root)
    events: dict[int, set[str]] = defaultdict(set)
    markables = root.find("Markables")
    for markable in markables if markables is not None else ():
        instances = events_of_mention.get(markable.get("m_id"))
        if not instances or not mention_tags(markable.tag):
            continue
        for anchor in markable.iter("token_anchor"):
            sentence = sentence_of.get(anchor.get("t_id"))
            if sentence is not None:
                events[sentence] |= instances
    return [Sentence(doc, topic, half, texts[s], frozenset(e))
            for s, e in sorted(events.items())
            if sizes[s] >= MIN_TOKENS and not texts[s].startswith("http")]


def _ecb_document(path: Path) -> list[Sentence]:
    root = ET.parse(path).getroot()
    events_of_mention: dict[str, set[str]] = defaultdict(set)
    for relation in root.iter("CROSS_DOC_COREF"):
        instance = relation.get("note", "")
        if not instance.startswith(("ACT", "NEG")):  # event instances only
            continue
        for source in relation.iter("source"):
            events_of_mention[source.get("m_id")].add(instance)
    half = "ecbplus" if path.stem.endswith("ecbplus") else "ecb"
    return _annotated(path.stem, path.parent.name, half, root, events_of_mention,
                      lambda tag: tag.startswith(("ACTION_", "NEG_ACTION_")))


def _meantime_document(path: Path) -> list[Sentence]:
    root = ET.parse(path).getroot()
    instance_of = {m.get("m_id"): m.get("instance_id")
                   for m in root.iter("EVENT") if m.get("instance_id")}
    events_of_mention: dict[str, set[str]] = defaultdict(set)
    for relation in root.iter("REFERS_TO"):
        target = relation.find("target")
        instance = instance_of.get(target.get("m_id")) if target is not None else None
        if instance:
            for source in relation.iter("source"):
                events_of_mention[source.get("m_id")].add(instance)
    doc = path.stem
    return _annotated(doc, path.parent.name, doc, root, events_of_mention,
                      lambda tag: tag == "EVENT_MENTION")


# --- pairing ----------------------------------------------------------------

def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3}


def _overlap(a: Sentence, b: Sentence) -> float:
    wa, wb = _words(a.text), _words(b.text)
    return len(wa & wb) / (len(wa | wb) or 1)


def _event_overlap(a: Sentence, b: Sentence) -> float:
    return len(a.events & b.events) / len(a.events | b.events)


def _positives(sentences: list[Sentence], source: str, rng: random.Random) -> list[Pair]:
    by_event: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        for event in s.events:
            by_event[event].append(s)
    seen: set[tuple[str, str]] = set()
    pairs = []
    for event in sorted(by_event):
        candidates = [(a, b) for a, b in itertools.combinations(by_event[event], 2)
                      if a.doc != b.doc and _words(a.text) != _words(b.text)]
        rng.shuffle(candidates)
        # Pairs whose sentences mention the same events throughout come first:
        # closer to "same proposition" than a shared passing mention.
        candidates.sort(key=lambda ab: -_event_overlap(*ab))
        for a, b in candidates[:POSITIVES_PER_INSTANCE]:
            key = tuple(sorted((a.text, b.text)))
            if key not in seen:
                seen.add(key)
                pairs.append(Pair(a.text, b.text, 1, source, a.topic, "same-event"))
    return pairs


def _lookalike(a: Sentence, pool: list[Sentence], rng: random.Random) -> Sentence | None:
    """The most word-overlapping of a few random same-topic, no-shared-event sentences."""
    fits = [b for b in rng.sample(pool, min(len(pool), 4 * LOOKALIKE_CANDIDATES))
            if b.doc != a.doc and b.half != a.half and not (a.events & b.events)]
    return max(fits[:LOOKALIKE_CANDIDATES], key=lambda b: _overlap(a, b), default=None)


def _negatives(sentences: list[Sentence], n_lookalike: int, n_other: int,
               source: str, rng: random.Random) -> list[Pair]:
    by_topic: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_topic[s.topic].append(s)
    pairs = []
    for _ in range(n_lookalike):
        a = rng.choice(sentences)
        b = _lookalike(a, by_topic[a.topic], rng)
        if b is not None:
            pairs.append(Pair(a.text, b.text, 0, source, a.topic, "look-alike"))
    folds = topic_folds(by_topic)
    for _ in range(n_other):
        first = rng.choice(sorted(by_topic))
        others = [t for t in sorted(by_topic) if t != first and folds[t] == folds[first]]
        if others:
            a = rng.choice(by_topic[first])
            b = rng.choice(by_topic[rng.choice(others)])
            pairs.append(Pair(a.text, b.text, 0, source, a.topic, "other-topic"))
    return pairs


def topic_folds(topics) -> dict[str, int]:
    """The standard two-fold split: ECB+ odd/even topic number, else alternate sorted topics.

    Other-topic pairs take both sentences from one fold, so splitting on
    ``group`` by these folds keeps every sentence on one side.
    """
    ordered = sorted(topics)
    if all(t.isdigit() for t in ordered):
        return {t: int(t) % 2 for t in ordered}
    return {t: i % 2 for i, t in enumerate(ordered)}


def _build(sentences: list[Sentence], source: str, seed: int,
           max_pairs: int | None) -> list[Pair]:
    rng = random.Random(seed)
    positives = _positives(sentences, source, rng)
    negatives = _negatives(sentences, round(LOOKALIKE_PER_POSITIVE * len(positives)),
                           round(OTHER_TOPIC_PER_POSITIVE * len(positives)), source, rng)
    pairs = positives + negatives
    rng.shuffle(pairs)
    return pairs[:max_pairs] if max_pairs else pairs


def ecb_pairs(root: Path | str | None = None, seed: int = 0,
              max_pairs: int | None = 20000) -> list[Pair]:
    """ECB+ sentence pairs (group = topic folder); [] when the corpus is absent."""
    root = Path(root) if root else data_dir() / ECB_ROOT
    if not root.is_dir():
        return []
    sentences = [s for path in sorted(root.glob("*/*.xml")) for s in _ecb_document(path)]
    return _build(sentences, "ecb", seed, max_pairs)


def meantime_pairs(root: Path | str | None = None, seed: int = 0,
                   max_pairs: int | None = 20000) -> list[Pair]:
    """MEANTIME sentence pairs (group = corpus folder); [] when absent."""
    root = Path(root) if root else data_dir() / MEANTIME_ROOT
    if not root.is_dir():
        return []
    sentences = [s for path in sorted(root.glob("corpus_*/*.xml"))
                 for s in _meantime_document(path)]
    return _build(sentences, "meantime", seed, max_pairs)


# --- report -----------------------------------------------------------------

def _report(pairs: list[Pair], examples: int, rng: random.Random) -> None:
    counts = Counter((p.source, p.kind, p.label) for p in pairs)
    print(f"{'source':<9} {'kind':<12} {'label':>5} {'pairs':>6}")
    for (source, kind, label), n in sorted(counts.items()):
        print(f"{source:<9} {kind:<12} {label:>5} {n:>6}")
    for source in sorted({p.source for p in pairs}):
        mine = [p for p in pairs if p.source == source]
        share = sum(p.label for p in mine) / len(mine)
        print(f"{source}: {len(mine)} pairs, {share:.1%} positive, "
              f"{len({p.group for p in mine})} groups")
    for source, kind in sorted({(p.source, p.kind) for p in pairs}):
        chosen = [p for p in pairs if (p.source, p.kind) == (source, kind)]
        for p in rng.sample(chosen, min(examples, len(chosen))):
            print(f"\n[{source} {kind} label={p.label} group={p.group}]\n  A: {p.text_a}"
                  f"\n  B: {p.text_b}")


if __name__ == "__main__":
    found = mrpc_pairs() + ecb_pairs() + meantime_pairs()
    if not found:
        print(f"no data under {data_dir()}: nothing to report")
        sys.exit(0)
    _report(found, examples=int(sys.argv[1]) if len(sys.argv) > 1 else 3,
            rng=random.Random(1))
