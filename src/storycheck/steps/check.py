"""What does the coverage say about a claim? Stances of documents and a verdict.

Each claim to check is analysed like a one-sentence document and kept whole.
Candidates come from an index (``retrieve.ClaimIndex``); the pair judge reads
only those. A judged passage gives its document a stance:

- ``contradicts``: the judge finds the same frame with other values (a date, a
  number, an agent, a place, a denial), or the passage denies what the claim
  affirms, or the other way round: negated ("did not", "never") or refuting
  ("false", "hoax", "debunked", "no evidence that", "denied that ..."), or
  denying the claim's own action on the same thing, whatever else either says
  ("no suspect has been arrested", "made no arrests", "was unsanctioned");
- ``reports``: the passage relays the claim without endorsing it: attributed
  ("officials say", "according to X"), hedged ("reportedly", "may") or
  distanced ("claims that", "alleged");
- ``supports``: the passage asserts the same proposition, or states all of
  the claim among other things (``nlp.support``: a directional score learned
  on real multi-outlet reports).

A document's stance is that of its best evidence. Copies, rewrites that credit
another outlet of the coverage, and copied passages are one independent source
(as in ``story``), so the counts per stance are of independent sources.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..models import (AnalysedDocument, Citation, Claim, ClaimCheck, Clause, Document,
                      DocumentStance, Frame, Skipped, SourceCounts, Span, ValueDifference)
from ..settings import Settings
from ..nlp.stems import content_stems
from .analyse import analyse_each_document
from .copies import find_document_copies
from .extract import SPEECH_VERBS, build_claim
from ..nlp.embed import SentenceEncoder
from ..algorithms.union_find import UnionFind
from ..nlp.judge import PairJudge, PairJudgement
from ..nlp.support import SupportModel, event_share, support_scores
from ..nlp.spacy_pipeline import TextParser
from .retrieve import Candidate, ClaimIndex
from .story import _independence, document_dependence

STANCES = ("supports", "contradicts", "reports")
VERDICTS = ("supported", "contradicted", "disputed", "reported", "not found")

# Cues, general English. Hedges ("reportedly", "may", "is said to") come from
# ``extract.HEDGES`` through ``Claim.hedged``, named speakers ("according to X")
# through ``Claim.attribution``; a speech verb ("officials say", "X told") or
# one of these distancing words marks the rest.
DISTANCING = re.compile(
    rf"\b(?:{SPEECH_VERBS}|claim that|alleg(?:e|es|ed|edly|ing|ation|ations)|rumou?r(?:s|ed)?|"
    r"purported(?:ly)?|(?:is|are|was|were) said to|it is (?:claimed|alleged|thought)|"
    r"suggest(?:s|ed)? that|unconfirmed|unverified)\b", re.IGNORECASE)
REFUTATION = re.compile(
    r"\b(?:false(?:ly)?|untrue|not true|hoax(?:es)?|fake|debunk(?:ed|s|ing)?|baseless|"
    r"unfounded|groundless|fabricat(?:ed|ion)|misleading|refut(?:e|es|ed|ing)|"
    r"den(?:y|ies|ied|ying)|no evidence (?:that|of|for)|no truth)\b", re.IGNORECASE)
# A passage the judge calls only 'related' still speaks to the claim when it
# wraps it ("officials denied reports that <claim>"): nearly all of the
# claim's content words are in the passage.
EMBEDDED_SHARE = 0.8
# Below this judged probability a match, and any conflict of values, must also
# share half of the claim's what-happened words (see event_share); above it the
# judge's word is enough for a match (paraphrases).
CONFIDENT = 0.8
# ... or P(one fact) at or above which it does, whatever words it uses ("died" for
# "was killed"). On the dev half of bench/gold/gv_check.json 0.7 and 0.8 score
# alike (0.62-0.95 tried); 0.8 keeps "crews began repairing the cracked columns"
# from supporting "closed after cracks were found".
FACT_CONFIDENT = 0.8
EVENT_SHARE = 0.5
MAX_EVIDENCE = 3  # passages cited per document, best first


@dataclass(frozen=True)
class Judged:
    """One document passage with its stance toward a checked claim."""

    claim: Claim
    stance: str
    probability: float
    differs: tuple[ValueDifference, ...] = ()


def with_title(doc: Document) -> Document:
    """The title counts as text: it becomes the first line (unless the text
    already opens with it), so a headline-only report is not empty and a
    headline's claim can be cited like any other line."""
    title = " ".join((doc.title or "").split())
    first_line = doc.text.split("\n", 1)[0]
    if not title or title.casefold() in first_line.casefold():
        return doc
    shift = len(title) + 1
    text = f"{title}\n{doc.text}" if doc.text else title
    return replace(doc, text=text,
                   summary=tuple(Span(s.start + shift, s.end + shift) for s in doc.summary))


def claim_document(number: int, text: str) -> Document:
    """A claim to check as a one-line pseudo-document, analysed like the coverage."""
    return Document(id=f"claim-{number}", source="claim", text=" ".join(text.split()))


def whole_claim(analysed: AnalysedDocument) -> Claim:
    """The pseudo-document as one claim, however the segmenter split it."""
    doc = analysed.document
    claims = analysed.claims
    if len(claims) == 1 and claims[0].citation.text == doc.text:
        return claims[0]
    entities = tuple(e for c in claims for e in c.entities)
    claim = build_claim(f"{doc.id}@0", Clause(Citation(doc.id, 0, len(doc.text), doc.text)),
                        False, entities, analysed.dates)
    return replace(claim, frame=next((c.frame for c in claims if c.frame), None))


def relayed(claim: Claim) -> bool:
    return claim.hedged or claim.attribution is not None or bool(
        DISTANCING.search(claim.citation.text))


def refuted(claim: Claim) -> bool:
    return bool(REFUTATION.search(claim.citation.text))


def polarity_difference(checked: Claim, passage: Claim) -> ValueDifference | None:
    """Affirmed against denied: one of the two is negated ("did not", "never",
    "ruled out") or refutes ("false", "hoax") and the other is not."""
    claim_denies = checked.negated or refuted(checked)
    passage_denies = passage.negated or refuted(passage)
    if claim_denies == passage_denies:
        return None
    return ValueDifference("polarity", "denies" if claim_denies else "affirms",
                           "denies" if passage_denies else "affirms")


# Verbs too general to say what happened ("had no information"): their denial is
# not of the claim's action; light verbs take it from their noun ("made no arrest").
GENERAL_PREDICATES = frozenset({"be", "have", "do", "get", "go", "come", "say", "tell"})
LIGHT_VERBS = frozenset({"make", "take", "give", "conduct", "carry"})
# "unsanctioned", "non-fatal": the word itself denies
NEGATIVE_PREFIX = re.compile(r"(?:un|non-?)(?=[a-z]{4})")
# "was not arrested until Tuesday" affirms the arrest, later.
NOT_UNTIL = re.compile(r"\b(?:until|till)\b", re.IGNORECASE)


def opposed_action(checked: Claim, passage: Claim) -> ValueDifference | None:
    """The polarity difference when one of the two affirms and the other denies one
    action on one thing ("police arrested a suspect" / "no suspect has been
    arrested", "the party was sanctioned" / "was unsanctioned, he says"): the same
    specific action, denied on one side only (by negation or a negative prefix),
    neither hedged, and what it acts on shares a word or is not named on one side."""
    if checked.frame is None or passage.frame is None or "hedged" in (
            checked.frame.modality, passage.frame.modality):
        return None
    (action_a, denied_a, acted_on_a), (action_b, denied_b, acted_on_b) = (
        _action(checked.frame), _action(passage.frame))
    if action_a is None or action_a != action_b or denied_a == denied_b:
        return None
    if NOT_UNTIL.search(checked.citation.text) or NOT_UNTIL.search(passage.citation.text):
        return None
    if acted_on_a and acted_on_b and not acted_on_a & acted_on_b:
        return None
    return ValueDifference("polarity", *("denies" if d else "affirms" for d in (denied_a, denied_b)))


def _action(frame: Frame) -> tuple[str | None, bool, set[str]]:
    """What the frame says was done (a stem; None when too general to tell), whether
    it is denied, and the stems of what it was done to. A light verb's action is its
    object's last word ("made no arrest": arrest), and that object is then the
    action, not its patient."""
    objects = [arg.text for arg in frame.arguments if arg.role in ("patient", "theme")]
    denied = frame.polarity == "negated"
    if frame.predicate in LIGHT_VERBS and objects:
        words = content_stems(objects[0])
        return (words[-1] if words else None), denied, set()
    if frame.predicate in GENERAL_PREDICATES:
        return None, denied, set()
    verb = frame.predicate.lower()
    prefix = NEGATIVE_PREFIX.match(verb)
    stems = content_stems(verb[prefix.end():] if prefix else verb)
    return ((stems[0] if stems else None), denied != bool(prefix),
            {s for text in objects for s in content_stems(text)})


def embedded(checked: Claim, passage: Claim) -> bool:
    wanted = set(content_stems(checked.citation.text))
    return bool(wanted) and len(wanted & set(content_stems(passage.citation.text))) \
        >= EMBEDDED_SHARE * len(wanted)


def pair_stance(checked: Claim, passage: Claim, judgement: PairJudgement,
                min_probability: float, states_all: bool = False) -> Judged | None:
    """The passage's stance toward the checked claim, or None when it does not speak
    to it; ``states_all``: the support model finds all of the claim in the passage."""
    differs = tuple(ValueDifference(d.kind, d.value_a, d.value_b) for d in judgement.differs)
    action_denied = opposed_action(checked, passage) if judgement.relation != "unrelated" \
        else None
    if action_denied:
        return Judged(passage, "contradicts", judgement.probability,
                      tuple(d for d in differs if d.kind != "polarity") + (action_denied,))
    if judgement.relation == "conflict" or differs:
        # A denial contradicts only what it denies (the passage holds the claim's
        # own words); other values clash only on the same event.
        values = any(d.kind != "polarity" for d in differs)
        if (values and event_share(checked, passage) >= EVENT_SHARE) or embedded(checked, passage):
            return Judged(passage, "contradicts", judgement.probability, differs)
        return None
    wraps = judgement.relation in ("same", "related") and embedded(checked, passage)
    same = states_all or judgement.relation == "same" and (
        judgement.fact_probability >= FACT_CONFIDENT or (
            judgement.probability >= min_probability and (
                judgement.probability >= CONFIDENT
                or event_share(checked, passage) >= EVENT_SHARE)))
    if not (same or wraps):
        return None
    opposed = polarity_difference(checked, passage)
    if opposed:
        return Judged(passage, "contradicts", judgement.probability, differs or (opposed,))
    if relayed(passage) and not relayed(checked):
        return Judged(passage, "reports", judgement.probability)
    if not same:
        return None  # shares the words, but the judge does not find the same proposition
    return Judged(passage, "supports", judgement.probability)


def document_stances(judged: Sequence[Judged]) -> list[tuple[str, list[Judged]]]:
    """Per document: the stance of its best evidence, and that stance's passages."""
    by_document: dict[str, list[Judged]] = defaultdict(list)
    for item in sorted(judged, key=lambda j: (-j.probability, j.claim.citation.start)):
        by_document[item.claim.citation.document].append(item)
    return [(doc, [j for j in items if j.stance == items[0].stance])
            for doc, items in by_document.items()]


class CheckedDocuments:
    """The documents checked against, with who depends on whom."""

    def __init__(self, analysed: Sequence[AnalysedDocument], settings: Settings):
        self.settings = settings
        self.docs = [a.document for a in analysed]
        self.by_id = {d.id: d for d in self.docs}
        self.rank = {d.id: i for i, d in enumerate(self.docs)}
        claims = [c for a in analysed for c in a.claims]
        doc_copies = find_document_copies(self.docs, settings.copy_threshold)
        self.copied = UnionFind(d.id for d in self.docs)
        for link in doc_copies:
            self.copied.union(link.original, link.copy)
        self.dependent = document_dependence(self.docs, claims, doc_copies)
        self.outlets = {d.outlet.lower() for d in self.docs if d.outlet}

    def sources_of(self, evidence: Sequence[Claim]) -> dict[str, str]:
        """Document id -> its independent source, for these documents' evidence."""
        group = _independence(list(evidence), self.dependent, self.copied, self.outlets,
                              self.by_id, self.settings)
        return group.components


def claim_check(text: str, judged: Sequence[Judged], coverage: CheckedDocuments) -> ClaimCheck:
    """Stances per document, independent sources per stance, and the verdict."""
    stances = document_stances(judged)
    source_of = coverage.sources_of([items[0].claim for _, items in stances])
    per_stance: dict[str, set[str]] = {s: set() for s in STANCES}
    for doc, items in stances:
        per_stance[items[0].stance].add(source_of[doc])
    # A source that supports or contradicts the claim somewhere does not also
    # count as merely reporting it (a rewrite that credits the wire, say).
    per_stance["reports"] -= per_stance["supports"] | per_stance["contradicts"]
    counts = SourceCounts(*(len(per_stance[s]) for s in STANCES))
    order = {s: i for i, s in enumerate(STANCES)}
    stances.sort(key=lambda s: (order[s[1][0].stance], -s[1][0].probability,
                                coverage.rank[s[0]]))
    documents = tuple(
        DocumentStance(doc, items[0].stance, tuple(j.claim.citation for j in items[:MAX_EVIDENCE]),
                       items[0].differs) for doc, items in stances)
    return ClaimCheck(text, verdict(counts, coverage.settings.check_min_sources), counts,
                      documents)


def verdict(counts: SourceCounts, min_sources: int) -> str:
    """Contradictions first: any contradiction beside support makes the claim
    disputed; support from fewer than ``min_sources`` independent sources is
    'reported' (said, not established), like a claim that is only relayed."""
    if counts.contradicts:
        return "disputed" if counts.supports else "contradicted"
    if counts.supports >= min_sources:
        return "supported"
    if counts.supports or counts.reports:
        return "reported"
    return "not found"


def judge_candidates(checked: Sequence[Claim], candidates: Sequence[Sequence[Candidate]],
                     index: ClaimIndex, judge: PairJudge, min_probability: float,
                     support: SupportModel | None = None) -> list[list[Judged]]:
    """Judge each claim against its candidates only; copies share one judgement."""
    pairs = [(claim, index.entries[c.entry][0]) for claim, found in zip(checked, candidates)
             for c in found]
    cosines = judge.cosines(pairs) if pairs else []
    judgements = iter(judge.judge_pairs(pairs, cosines=cosines))
    support = support or SupportModel.packaged()
    states_all = iter((support_scores(judge, support, pairs, index.idf, cosines)
                       >= support.threshold).tolist())
    results = []
    for claim, found in zip(checked, candidates):
        judged = []
        for candidate in found:
            stance = pair_stance(claim, index.entries[candidate.entry][0], next(judgements),
                                 min_probability, next(states_all))
            if stance is not None:
                judged.extend(replace(stance, claim=passage)
                              for passage in index.entries[candidate.entry])
        results.append(judged)
    return results


def claims_to_check(texts: Sequence[str], skipped: list[Skipped]) -> list[str]:
    """The claims worth checking, one line each; the rest skipped with a reason."""
    kept = []
    for number, text in enumerate(texts, 1):
        line = " ".join(text.split())
        if not content_stems(line):
            skipped.append(Skipped(f"claim {number}: {line!r}", "no words to check"))
        else:
            kept.append(line)
    return kept


def check_claims(texts: Sequence[str], docs: Sequence[Document], parser: TextParser,
                 encoder: SentenceEncoder, judge: PairJudge, settings: Settings, progress: Callable[[int], None] | None = None
                 ) -> list[ClaimCheck]:
    """Check each claim text against the documents (already cleaned, titles as text);
    ``progress(n)`` is told as documents are analysed."""
    pseudo = [claim_document(number, text) for number, text in enumerate(texts, 1)]
    analysed = analyse_each_document(list(docs) + pseudo, parser, settings.n_process,
                                 progress=progress)
    coverage_docs = analysed[:len(docs)]
    checked = [whole_claim(a) for a in analysed[len(docs):]]
    index = ClaimIndex.build([c for a in coverage_docs for c in a.claims], encoder.encode)
    candidates = index.search(checked, settings.check_candidates, encoder.encode)
    judged = judge_candidates(checked, candidates, index, judge, settings.check_min_probability)
    coverage = CheckedDocuments(coverage_docs, settings)
    return [claim_check(text, items, coverage) for text, items in zip(texts, judged)]
