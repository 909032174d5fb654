"""Quoted passages and who said them.

News writing attributes a quote in a few fixed shapes, and this module reads
those shapes rather than any outlet's wording:

- after the quote: '"...," X said', '"...," said X, the director of Y',
  '"...," X, the director of Y, said', '"...," police said in a statement';
- before it: 'X said: "..."', 'X told reporters, "..."', 'according to X, "..."',
  and reported speech that quotes a phrase ('X said the bridge works were
  "well behind schedule"', 'X described the plan as "reckless"');
- not at all, when the quote continues the speaker of the quote or paragraph
  before it, or a quote that runs over several paragraphs (each paragraph
  reopens the quote without closing the one before).

A pronoun ("he said") or a title with an article ("the sheriff said") goes to
the person who is the subject of the nearest earlier sentence, not merely the
nearest name. Names the NER model missed are read as runs of capitalised words
after any titles ("Sgt. Ana Ruiz" -> "Ana Ruiz"), never a lone sentence-initial
word the document also writes in lower case. Unnamed speakers ("a neighbour
said") get no speaker: a wrong name is worse than none.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Citation, Entity, Quote
from .extract import ACCORDING_TO, SPEAKER_LABELS, SPEECH_VERBS
from ..nlp.lexicon import FUNCTION_WORDS

# Verbs that introduce a quote or a quoted phrase; "described ... as", "called",
# "praised ... for its" quote a characterisation ("described the plan as "reckless"").
QUOTE_VERBS = re.compile(
    rf"\b(?:{SPEECH_VERBS}|saying|described|describes|describing|called|calls|referred to|"
    r"refers to|termed|labell?ed|recalls|yelled|shouted|testified|tweeted|posted|"
    r"responded|continued|concluded|admitted|conceded|agreed|demanded|urged|pleaded|expressed|"
    r"thanked|thank|praised|critici[sz]ed|condemned|welcomed|hailed|dismissed)\b")
SUBJECT_PRONOUNS = {"he", "she"}
CONJUNCTIONS = {"and", "but", "or", "then", "so"}
PREPOSITION_BEFORE = re.compile(r"\b(?:with|of|at|for|from|in|to|by|on|about)\s+(?:the\s+)?$", re.I)
TITLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady rev sgt cpl pvt lt capt col gen maj adm det insp
supt cmdr officer detective deputy sheriff chief interim acting assistant police mayor
commissioner minister foreign prime president vice governor senator sen rep representative
congressman congresswoman judge justice attorney district state county city general
secretary spokesman spokeswoman spokesperson director superintendent principal coach
trooper sergeant corporal lieutenant captain constable inspector marshal agent pastor
neighbor neighbour resident witness councilman councilwoman councillor chairman chairwoman
leader ambassador king queen prince princess pope bishop
""".split())
# Nouns for a person: after a possessive ("Nance's grandmother") they name someone unnamed.
PERSON_NOUNS = TITLES | frozenset("""
mother father mom dad mum grandmother grandfather grandson granddaughter son daughter wife
husband brother sister aunt uncle cousin nephew niece friend lawyer boyfriend girlfriend
partner fiance fiancee family manager teacher boss stepfather stepmother parents relative
""".split())
ORG_NOUNS = frozenset("""
police ministry department government office agency authorities company council commission
committee embassy army military navy court prosecutors prosecutor's union campaign party
hospital bureau service administration cabinet parliament regime
""".split())
# A run of capitalised words (with the particles of names); a possessive ends it.
_CAPITALISED_WORD = r"[A-Z][\w.]*(?:-[A-Z][\w.]*)*(?:['’](?!s\b)\w+)?"  # not "DC-based"
CAPITALISED = re.compile(rf"{_CAPITALISED_WORD}(?:\s+(?:{_CAPITALISED_WORD}|de|da|del|van|von|la|le|bin|al)"
                         r"(?![\w-]))*")
NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december i we you they it he she
""".split()) | FUNCTION_WORDS
UNNAMED = ""  # an attribution that names nobody: "a neighbour said", "they said"
MIN_QUOTE_WORDS = 2  # shorter quoted strings are names, titles and nicknames ("Riki")
MAX_TITLE_WORDS = 3  # "Free Nasser", "Black Lives Matter": a sign or a title when all capitalised
MAX_SUBJECT_WORDS = 12  # a longer stretch before the verb is a clause, not a speaker
LOOKBACK_SENTENCES = 8  # how far back a pronoun looks for its person
PRONOUN_REACH = 3  # 'he said', 'she later told', 'he had called': the subject is near the verb
# An abbreviation or an initial before a period does not end a sentence.
SENTENCE_END = re.compile(r"[.!?](?<!\b(?:Mr|Ms|Dr|St|Jr|Sr|Lt|No|Mt|vs)\.)"
                          r"(?<!\b(?:Mrs|Sgt|Cpl|Gov|Rep|Sen|Gen|Col)\.)(?<![A-Z]\.)['\"”’]?\s+|\n")


@dataclass(frozen=True)
class QuotedSpan:
    start: int  # offsets of the quoted words, inside the marks
    end: int
    open_start: int  # offset of the opening mark
    continues: bool  # reopens a quote left open at the end of the paragraph before


def quoted_spans(text: str) -> list[QuotedSpan]:
    """Quoted stretches, paragraph by paragraph. Curly marks open and close; a
    straight mark closes an open quote and opens otherwise (real text mixes them).
    A quote still open at the end of a paragraph ends there."""
    spans, offset, left_open = [], 0, False
    for paragraph in text.split("\n"):
        opened, first = None, True
        lead = len(paragraph) - len(paragraph.lstrip())
        for m in re.finditer(r"[“”\"]", paragraph):
            if opened is None and m.group() in "“\"":
                opened = m.start()
            elif opened is not None and m.group() in "”\"":
                spans.append(QuotedSpan(offset + opened + 1, offset + m.start(), offset + opened,
                                        left_open and first and opened == lead))
                opened, first = None, False
        if opened is not None:
            spans.append(QuotedSpan(offset + opened + 1, offset + len(paragraph), offset + opened,
                                    left_open and first and opened == lead))
        left_open = opened is not None
        offset += len(paragraph) + 1
    return spans


def find_quotes(doc_id: str, text: str, entities: Sequence[Entity]) -> list[Quote]:
    """Quoted passages with their speaker (None when the text names nobody)."""
    spans = [s for s in quoted_spans(text) if _is_quote(text[s.start:s.end])]
    if not spans:
        return []
    reader = SpeakerReader(text, entities, spans)
    speakers = [reader.speaker(index) for index in range(len(spans))]
    return [Quote(Citation(doc_id, s.start, s.end, text[s.start:s.end]), who)
            for s, who in zip(spans, speakers)]


def _is_quote(words: str) -> bool:
    """Two words or more, or one lower-case word (a quoted characterisation); a
    short run of capitalised words is a name or a title ("Hunger Games"), not speech."""
    parts = words.split()
    if len(parts) <= MAX_TITLE_WORDS and all(p[:1].isupper() for p in parts):
        return False
    return len(parts) >= MIN_QUOTE_WORDS or (len(parts) == 1 and parts[0][:1].islower())


class SpeakerReader:
    """Reads the speaker of each quote of one document, in order; later quotes
    lean on the speakers already read (a quote that continues the one before)."""

    def __init__(self, text: str, entities: Sequence[Entity], spans: Sequence[QuotedSpan]):
        self.text = text
        self.spans = spans
        self.opens = [s.open_start for s in spans]
        persons = [e for e in entities if e.label == "PERSON" and not _inside(e, spans)]
        self.persons = sorted(persons + surname_mentions(text, persons, spans),
                              key=lambda e: e.start)
        self.named = [e for e in entities if e.label in SPEAKER_LABELS]
        self.not_names = [e for e in entities if e.label != "PERSON"]  # for the name fallback
        self.lower_words = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
        self.sentence_starts = [0] + [m.end() for m in SENTENCE_END.finditer(text)]
        self.said: list[str | None] = []  # speaker per quote read so far
        self.mentions: list[tuple[int, str]] = []  # (offset, name) of speakers read

    def speaker(self, index: int) -> str | None:
        span = self.spans[index]
        found, at = self._attributed(span), span.end
        if found is None:
            found, at = self._named_later_in_chain(index) or self._carried_over(index), span.start
        found = found or None  # UNNAMED: said by someone the text does not name
        self.said.append(found)
        if found:
            self.mentions.append((at, found))
        return found

    def _attributed(self, span: QuotedSpan) -> str | None:
        """The speaker an attribution of this quote names, UNNAMED when it names
        nobody ('a neighbour said'), None when the quote has no attribution."""
        found = self._from_tail(span)
        return self._from_lead(span) if found is None else found

    def _named_later_in_chain(self, index: int) -> str | None:
        """A quote over several paragraphs is often attributed in its second part."""
        for later in self.spans[index + 1:]:
            if not later.continues:
                return None
            found = self._attributed(later)
            if found:
                return found
        return None

    # -- where the attribution sits -------------------------------------------------

    def _from_tail(self, span: QuotedSpan) -> str | None:
        """'"...," X said' / '"...," said X, ...' in the words after the quote."""
        start = span.end + 1
        stop = min(self._sentence_end(start), self._next_quote(start))
        verb = QUOTE_VERBS.search(self.text, start, stop)
        if verb is None:
            return self._according_to(start, stop)
        before = self.text[start:verb.start()].strip(" ,:—–-")
        if not before:  # '"...," said X, the director of Y'
            return self._name_after(verb.end(), stop) or UNNAMED
        if len(before.split()) > MAX_SUBJECT_WORDS:  # '"..." and ... got away, Cpl. A B said'
            comma = self.text.rfind(",", start, verb.start())
            if comma < 0 or len(self.text[comma:verb.start()].split()) > MAX_SUBJECT_WORDS // 2:
                return None
            start = comma + 1
        elif before.split()[0].lower() in CONJUNCTIONS:
            return None  # 'told the Times, "...," and refers to ...': the verb before speaks
        return self._name_in(start, verb.start(), span.start) or UNNAMED

    def _from_lead(self, span: QuotedSpan) -> str | None:
        """'X said: "..."' / 'according to X, "..."' / 'X described it as "..."'."""
        start = max(self._sentence_start(span.open_start), self._previous_quote_end(span))
        who = self._according_to(start, span.open_start)
        if who:
            return who
        verbs = list(QUOTE_VERBS.finditer(self.text, start, span.open_start))
        for verb in reversed(verbs):
            who = self._name_in(start, verb.start(), span.start)
            if who:
                return who
        introduces = verbs and not self.text[verbs[-1].end():span.open_start].strip(" ,:")
        return UNNAMED if introduces else None  # 'a neighbour said: "..."'

    def _carried_over(self, index: int) -> str | None:
        """Unattributed: the quote continues the one before in its paragraph, the
        part before in a multi-paragraph quote, or the speaker of the paragraph before."""
        span = self.spans[index]
        if span.continues or self._same_paragraph(index - 1, index):
            return self.said[index - 1] if index else None
        if not self._opens_paragraph(span):
            return None
        paragraph_start = self.text.rfind("\n", 0, span.open_start)
        previous_start = self.text.rfind("\n", 0, max(paragraph_start, 0)) + 1
        if paragraph_start <= 0:
            return None
        earlier = [i for i in range(index) if self.spans[i].start >= previous_start]
        if earlier:
            return self.said[earlier[-1]]
        verbs = list(QUOTE_VERBS.finditer(self.text, previous_start, paragraph_start))
        for verb in reversed(verbs):  # reported speech: 'Oglesby said he feels ...'
            start = max(self._sentence_start(verb.start()), previous_start)
            who = self._name_in(start, verb.start(), span.start)
            if who:
                return who
        return None

    # -- who the words name ------------------------------------------------------------

    def _name_in(self, start: int, end: int, quote_at: int) -> str | None:
        """The speaker a subject phrase names: a person, a pronoun or a title to
        resolve, an organisation, or a capitalised name the NER missed."""
        if len(self.text[start:end].split()) > MAX_SUBJECT_WORDS:
            start = self._clause_start(start, end)
        persons = [p for p in self.persons if start <= p.start and p.end <= end and
                   not self._possessive(p.end) and not self._before_title(p.end) and
                   not self._after_preposition(start, p.start)]
        if persons:
            return self.full_name(persons[0].text, quote_at)
        words = [w.lower().strip(",.") for w in self.text[start:end].split()]
        if len(words) >= 2 and words[-2] == "the" and words[-1] in TITLES:
            return self.titled_before(words[-1], start)
        for part_start, part_end in self._comma_parts(start, end):  # 'X, the director of Y,'
            found = self._organisation(part_start, part_end) or \
                self._capitalised_name(part_start, part_end, quote_at)
            if found:
                return found
        if SUBJECT_PRONOUNS & set(words[-PRONOUN_REACH:]):  # 'Earlier, he had called it ...'
            return self.subject_before(start)
        return None

    def _comma_parts(self, start: int, end: int) -> list[tuple[int, int]]:
        cuts = [m.start() for m in re.finditer(",", self.text[start:end])]
        bounds = [start] + [start + c + 1 for c in cuts]
        return list(zip(bounds, [start + c for c in cuts] + [end]))

    def _name_after(self, start: int, stop: int) -> str | None:
        """The speaker after an inverted verb: 'said Mayor A B, who ...'."""
        cut = self.text.find(",", start, stop)
        head_end = cut if cut >= 0 else stop
        return self._name_in(start, stop if self._first_person(start, stop) else head_end, start)

    def _first_person(self, start: int, stop: int) -> Entity | None:
        return next((p for p in self.persons if start <= p.start and p.end <= stop
                     and not self._possessive(p.end)), None)

    def _according_to(self, start: int, stop: int) -> str | None:
        m = ACCORDING_TO.search(self.text, start, stop)
        return self._name_in(m.start("who"), m.end("who"), m.start()) if m else None

    def _organisation(self, start: int, end: int) -> str | None:
        """An organisation that heads the phrase: 'the ministry', 'Police', an ORG entity."""
        heads = [e for e in self.named if e.label != "PERSON" and start <= e.start
                 and e.end >= end - 1 and e.end <= end + 1]
        if heads and not self._possessive(heads[-1].end) and \
                not self._after_preposition(start, heads[-1].start):
            return heads[-1].text
        phrase = self.text[start:end].strip(" ,")
        words = re.findall(r"[\w'’]+", phrase)
        if words and words[-1].lower() in ORG_NOUNS and len(words) <= 4 and \
                not re.match(r"(?i)an?\b", phrase):
            return re.sub(r"(?i)^the\s+", "", phrase)
        return None

    def _capitalised_name(self, start: int, end: int, quote_at: int) -> str | None:
        """A name the NER missed: capitalised words after the last title
        ("Bridgeport Mayor Bill Finch" -> "Bill Finch")."""
        for m in CAPITALISED.finditer(self.text, start, end):
            if any(e.start < m.end() and m.start() < e.end for e in self.not_names):
                continue  # "Earlier Monday" is a date, "Washington DC" a place
            words = m.group().split()
            if m.start() == self._sentence_start(m.start()) and words[0].lower() in self.lower_words:
                words = words[1:]  # "Earlier Monday": a common word opens the sentence
            words = [w for w in after_titles(words) if w.lower().strip(".") not in NOT_NAMES]
            if not words or self._possessive(m.end()) or self._after_preposition(start, m.start()):
                continue
            if len(words) == 1 and not self._a_name_elsewhere(words[0], m.start()):
                continue  # "Police", "Officials", "Neighbors": common words, not names
            return self.full_name(" ".join(words), quote_at)
        return None

    def _a_name_elsewhere(self, word: str, at: int) -> bool:
        """A lone capitalised word is a name when the text never writes it in lower
        case and, if it opens a sentence here, writes it capitalised mid-sentence too."""
        if word.lower() in self.lower_words:
            return False
        if at != self._sentence_start(at):
            return True
        return any(m.start() != self._sentence_start(m.start())
                   for m in re.finditer(rf"\b{re.escape(word)}\b", self.text))

    def full_name(self, name: str, before: int) -> str:
        """'Kagame' -> 'Paul Kagame' when an earlier mention gives the full name: a
        speaker already read, the latest person entity, or capitalised words before
        the surname after a title."""
        surname = name.split()[-1]
        known = [n for _, n in reversed(self.mentions)] + \
            [p.text for p in reversed(self.persons) if p.start < before]  # speakers first
        for other in known:
            if len(other) > len(name) and other.split()[-1] == surname:
                return other
        if len(name.split()) == 1:
            pattern = rf"((?:[A-Z][\w.-]*\s+){{1,4}}){re.escape(surname)}\b"
            for m in re.finditer(pattern, self.text[:before]):
                words = m.group(1).split()
                first = [w for w in after_titles(words + [surname])[:-1]
                         if w.lower().strip(".") not in NOT_NAMES and w.lower() not in self.lower_words]
                if first and first == words[len(words) - len(first):]:
                    return " ".join(first + [surname])
        return name

    # -- resolving 'he', 'she' and 'the sheriff' --------------------------------------------

    def subject_before(self, at: int) -> str | None:
        """The person who is the subject of the nearest earlier sentence that names
        one: the first person named in it (or the speaker of its quote)."""
        index = self._sentence_index(at)
        for i in range(index, max(index - LOOKBACK_SENTENCES, -1), -1):
            start = self.sentence_starts[i]
            end = min(self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts)
                      else len(self.text), at)
            # "Nance's grandmother told ...": the subject is a person the text does not
            # name; "Rubio's comments ..." names no subject at all
            mentions = [(p.start, None if self._possessive(p.end) else p.text)
                        for p in self.persons if start <= p.start < end
                        and (not self._possessive(p.end) or self._relative_follows(p.end))]
            mentions += [(offset, name) for offset, name in self.mentions if start <= offset < end]
            mentions += self._speakers_named(start, end)
            if mentions:
                first = min(mentions, key=lambda m: m[0])[1]
                return self.full_name(first, at) if first else None
        return None

    def _speakers_named(self, start: int, end: int) -> list[tuple[int, str]]:
        """Where earlier speakers are named again by surname ('Hines said police ...')."""
        found = []
        for name in {name for _, name in self.mentions}:
            surname = name.split()[-1]
            found += [(m.start(), name) for m in
                      re.finditer(rf"\b{re.escape(surname)}\b", self.text[start:end])]
        return [(start + offset, name) for offset, name in found]

    def titled_before(self, title: str, at: int) -> str | None:
        """'the sheriff' -> the last person written with that title ('Sheriff A B')."""
        titled = re.compile(rf"\b(?i:{re.escape(title)})\.?\s+(?:[A-Z][\w.'’-]*\s+)*$")
        for person in reversed(self.persons):
            if person.end <= at and titled.search(self.text[max(0, person.start - 40):person.start]):
                return self.full_name(person.text, at)
        return None  # 'the spokesperson' nobody was named as

    # -- text geometry ---------------------------------------------------------------------

    def _possessive(self, end: int) -> bool:
        """'Nance's grandmother', 'a DC-based manager': the name is not the speaker."""
        return self.text[end:end + 2] in ("'s", "’s") or self.text[end:end + 1] in ("'", "’", "-")

    def _after_preposition(self, start: int, at: int) -> bool:
        """'a staffer with XXL', 'a friend of A B': the name is not the subject."""
        return bool(PREPOSITION_BEFORE.search(self.text[start:at]))

    def _relative_follows(self, end: int) -> bool:
        """'X's grandmother', 'X's lawyer': a possessive naming a person."""
        following = self.text[end + 2:end + 40].split()
        return bool(following) and following[0].strip(".,").lower() in PERSON_NOUNS

    def _before_title(self, end: int) -> bool:
        """'Bridgeport Mayor Bill Finch', 'Murray police detective A B': a name
        before a title is not the speaker."""
        following = self.text[end:end + 30].split()
        return bool(following) and following[0].strip(".,").lower() in TITLES

    def _sentence_index(self, at: int) -> int:
        return bisect.bisect_right(self.sentence_starts, at) - 1

    def _sentence_start(self, at: int) -> int:
        return self.sentence_starts[self._sentence_index(at)]

    def _sentence_end(self, at: int) -> int:
        m = SENTENCE_END.search(self.text, at)
        return m.start() if m else len(self.text)

    def _clause_start(self, start: int, end: int) -> int:
        cut = max(self.text.rfind(", and ", start, end), self.text.rfind("; ", start, end))
        return cut + 2 if cut >= 0 else start

    def _next_quote(self, at: int) -> int:
        index = bisect.bisect_left(self.opens, at)  # spans come in text order
        return self.opens[index] if index < len(self.opens) else len(self.text)

    def _previous_quote_end(self, span: QuotedSpan) -> int:
        index = bisect.bisect_left(self.opens, span.open_start)
        return self.spans[index - 1].end + 1 if index else 0

    def _same_paragraph(self, a: int, b: int) -> bool:
        return a >= 0 and "\n" not in self.text[self.spans[a].end:self.spans[b].start]

    def _opens_paragraph(self, span: QuotedSpan) -> bool:
        return span.open_start == 0 or self.text[span.open_start - 1] == "\n"


def after_titles(words: Sequence[str]) -> list[str]:
    """The name after the last title that still leaves one: 'Bridgeport Mayor Bill
    Finch' -> 'Bill Finch'; 'Martin Luther King' keeps its final word."""
    titles = [i for i, w in enumerate(words[:-1]) if w.lower().strip(".") in TITLES]
    return list(words[titles[-1] + 1:] if titles else words)


def surname_mentions(text: str, persons: Sequence[Entity], spans: Sequence[QuotedSpan]
                     ) -> list[Entity]:
    """Later bare-surname mentions of a person named in full that the NER model
    missed ("Hines said ..." after "Cpl. Marcus Hines")."""
    surnames = {p.text.split()[-1] for p in persons if len(p.text.split()) >= 2}
    if not surnames:
        return []
    covered = [(p.start, p.end) for p in persons]
    found = []
    pattern = r"\b(?:" + "|".join(re.escape(n) for n in sorted(surnames)) + r")\b"
    for m in re.finditer(pattern, text):
        mention = Entity(m.start(), m.end(), m.group(), "PERSON")
        if not any(a <= m.start() < b for a, b in covered) and not _inside(mention, spans):
            found.append(mention)
    return found


def _inside(entity: Entity, spans: Sequence[QuotedSpan]) -> bool:
    return any(s.start <= entity.start and entity.end <= s.end for s in spans)
