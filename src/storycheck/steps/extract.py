"""Per-claim facts: entities, quantities, dates, attribution, hedges, negation, quotes."""
from __future__ import annotations

import re
from collections.abc import Sequence


from ..models import Claim, Clause, Entity, Quantity, TimeExpression
from .frame import attach_frame
from ..nlp.ages import AGE, AGE_AFTER, age_appositions
from ..nlp.lexicon import FUNCTION_WORDS, NUMBER_SCALES
from ..nlp.tree import Tree

# "may" only in lower case: "in May" is a month, not a hedge.
HEDGES = re.compile(
    r"\b(?:reportedly|allegedly|apparently|possibly|potential(?:ly)?|(?-i:may)|might|could|"
    r"likely|unlikely|expected to|is said to|are said to|appears? to|seems? to|"
    r"unconfirmed|rumou?red|believed to|suspected)\b", re.IGNORECASE)
NEGATION = re.compile(
    r"\b(?:not|never|no longer|neither|nor|denied|denies|deny|denying|refused|refuses|"
    r"rejected|rejects|dismissed|dismisses|ruled out|rules out|(?:has|have|had|is|are|was|were) "
    r"yet to)\b|n't\b", re.IGNORECASE)
SPEECH_VERBS = (r"said|says|say|told|tells|stated|states|confirmed|confirms|announced|announces|"
                r"reported|reports|added|adds|explained|explains|noted|notes|claimed|claims|"
                r"insisted|insists|acknowledged|acknowledges|warned|warns|wrote|writes|"
                r"argued|argues|asked|asks|replied|recalled|emphasi[sz]ed|stressed|declared")
ACCORDING_TO = re.compile(
    r"\b(?i:according to) (?:a |an |the )?(?P<who>[A-Z][\w.'’&-]*(?:\s+(?:of |for |the |[A-Z][\w.'’&-]*)){0,6})")
# Words of a name are bounded and start where a word starts: with "[\w]+" the
# engine tries every start inside a run-on junk "word" and backtracks over all of
# it (81 s for 50,000 letters without a space, growing with the square).
SPEAKER_BEFORE_VERB = re.compile(
    rf"(?<![\w.'’-])(?P<who>[\w.'’-]{{1,40}}(?:\s+[\w.'’-]{{1,40}}){{0,4}})\s+(?:{SPEECH_VERBS})\b")
VERB_BEFORE_SPEAKER = re.compile(rf"\b(?:{SPEECH_VERBS})\s+(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}})")
SPEAKER_LABELS = {"PERSON", "ORG", "NORP", "GPE"}

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # vague plurals ("dozens", "hundreds") are no figure to compare
CURRENCIES = {"$": "USD", "US$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
# Longest names first, so "fourteen" is not read as "four"; "thirty-one" is one number.
_WORD_NUMBER = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
QUANTITY = re.compile(
    r"(?P<qualifier>\b(?:at least|more than|over|about|around|nearly|almost|up to|some|"
    r"roughly|approximately|fewer than|less than|at most)\s+)?"
    r"(?P<currency>US\$|[$£€¥])?\s?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?<![\w.])\.\d+|"
    rf"(?<![\w-])(?:{_WORD_NUMBER})(?:-(?:{_WORD_NUMBER}))?(?![\w-]))"
    r"(?:(?:-(?=thousand|million|billion|trillion)|\s?)"  # "$70-million", not "a 12-m yacht"
    r"(?P<scale>thousand|million|billion|trillion|bn|k|m)\b)?"
    r"(?:\s?(?P<percent>%|per ?cent|percent))?"
    r"(?:\s+(?P<noun>[a-z][a-z-]{2,}))?", re.IGNORECASE)


def find_quantities(text: str, dates: Sequence[TimeExpression] = (), offset: int = 0
                    ) -> list[Quantity]:
    """Numbers with their unit or counted noun, skipping those inside dates;
    ages get the unit 'years old'."""
    taken = [(d.start - offset, d.end - offset) for d in dates]
    found = []
    ages = age_appositions(text)
    number_of = NUMBER_OF.search(text)  # once: a text of thousands of numbers stays linear
    for m in QUANTITY.finditer(text):
        start, end = m.start("number"), m.end("number")
        if any(a < end and start < b for a, b in taken):
            continue
        value = number_value(m.group("number"))
        value *= NUMBER_SCALES.get((m.group("scale") or "").lower(), 1)
        age = AGE_AFTER.match(text, end) if not m.group("scale") else None
        if age or start in ages:
            span_end = age.end() if age else end
            found.append(Quantity(offset + start, offset + span_end, text[start:span_end],
                                  float(value), AGE, None))
            continue
        unit = _unit(m, number_of)
        span_start = m.start("qualifier") if m.group("qualifier") else m.start("number")
        if m.group("currency"):
            span_start = min(span_start, m.start("currency"))
        span_end = m.end("noun") if m.group("noun") and unit == m.group("noun").lower() else (
            m.end("percent") if m.group("percent") else m.end("scale") if m.group("scale") else end)
        qualifier = m.group("qualifier").strip().lower() if m.group("qualifier") else None
        found.append(Quantity(offset + span_start, offset + span_end, text[span_start:span_end],
                              float(value), unit, qualifier))
    return found


NUMBER_OF = re.compile(r"\bnumber of (?P<noun>[a-z][a-z-]{2,})", re.IGNORECASE)


def number_value(text: str) -> float:
    """'1,250' -> 1250, 'twelve' -> 12, 'thirty-one' -> 31."""
    words = text.lower().split("-")
    if words[0] in NUMBER_WORDS:
        return float(sum(NUMBER_WORDS[w] for w in words))
    return float(text.replace(",", ""))


def _unit(m: re.Match, number_of: re.Match | None) -> str | None:
    """What is counted: %, a currency, the noun after the number, or the text's
    first 'number of X' when it comes before the number."""
    if m.group("percent"):
        return "percent"
    if m.group("currency"):
        return CURRENCIES.get(m.group("currency").upper(), m.group("currency"))
    noun = (m.group("noun") or "").lower()
    if noun and noun not in FUNCTION_WORDS:
        return noun
    if number_of is not None and number_of.end() <= m.start():  # "the number of X ... rose to 14"
        return number_of.group("noun").lower()
    return None


def find_attribution(text: str, entities: Sequence[Entity], offset: int = 0) -> str | None:
    """Who the sentence attributes its content to: 'according to X', 'X said'."""
    match = ACCORDING_TO.search(text)
    if match:
        return _entity_at(entities, offset + match.start("who"), offset + match.end("who")) or \
            match.group("who").strip(" ,.")
    for pattern in (SPEAKER_BEFORE_VERB, VERB_BEFORE_SPEAKER):
        for match in pattern.finditer(text):
            who = _entity_at(entities, offset + match.start("who"), offset + match.end("who"))
            if who:
                return who
    return None


def _entity_at(entities: Sequence[Entity], start: int, end: int) -> str | None:
    """The last speaker-like entity inside [start, end)."""
    inside = [e for e in entities if e.label in SPEAKER_LABELS and start <= e.start and e.end <= end]
    return inside[-1].text if inside else None


def build_claim(claim_id: str, clause: Clause, in_summary: bool,
                entities: Sequence[Entity], dates: Sequence[TimeExpression],
                tree: Tree | None = None) -> Claim:
    """A claim with everything extracted from its own words; with the document's
    parse tree, also its frame and what it is about."""
    citation = clause.citation
    own_entities = tuple(e for e in entities if citation.start <= e.start and e.end <= citation.end)
    own_dates = tuple(d for d in dates if citation.start <= d.start and d.end <= citation.end)
    claim = Claim(
        id=claim_id, citation=citation, in_summary=in_summary, entities=own_entities,
        quantities=tuple(find_quantities(citation.text, own_dates, citation.start)),
        dates=own_dates,
        attribution=find_attribution(citation.text, own_entities, citation.start),
        hedged=bool(HEDGES.search(citation.text)),
        negated=bool(NEGATION.search(citation.text)))
    if tree is None:
        return claim
    return attach_frame(claim, clause, tree, entities)

