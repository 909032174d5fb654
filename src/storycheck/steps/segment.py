"""Sentences and claims with character offsets into a document's text."""
from __future__ import annotations

from collections.abc import Sequence

from ..models import Citation, Clause, Document, Sentence
from ..nlp.spacy_pipeline import ParsedText, Token
from ..nlp.predicates import PREPOSITION_LIKE, SPEECH
from ..nlp.tree import SUBJECTS, Tree

VERBS = {"VERB", "AUX"}
# Connectives a clause may open with; a relative clause or apposition that
# carries a fact of its own is set off by a comma (a restrictive one is not).
CLAUSE_OPENERS = {",", ";", "—", "–", "-", "and", "but", "or", "while", "whereas", "yet"}

# A clause opening with these states a condition or a purpose, not a fact.
DEPENDENT_OPENERS = {"if", "whether", "unless", "to", "than", "so"}
NOUNS = {"NOUN", "PROPN", "PRON"}
NOMINAL_DEPS = {"pcomp", "pobj", "dobj", "nsubj", "nsubjpass", "appos", "compound", "amod"}
MIN_CLAUSE_WORDS = 4  # a shorter clause ("and fled") stays with the clause it extends
# A coordinated predicate without a subject of its own ("... and taken to the
# city hospital") says too little alone unless it is this long.
MIN_SHARED_SUBJECT_WORDS = 7
QUOTE_CHARS = "\"“”"


def paragraphs(doc: Document) -> list[str]:
    """The units parsed by the NLP model: one per line of ``doc.text``."""
    return doc.text.split("\n")


def split_sentences(doc: Document, parsed: Sequence[ParsedText]) -> list[Sentence]:
    """Sentences of each paragraph, as offsets into ``doc.text``."""
    summary = [(s.start, s.end) for s in doc.summary]
    sentences: list[Sentence] = []
    offset = 0
    for line, parse in zip(paragraphs(doc), parsed):
        for start, end in reattach_opening_quotes(line, parse.sentences):
            piece = line[start:end]
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
            if end <= start:
                continue
            a, b = offset + start, offset + end
            in_summary = any(s <= a and b <= e for s, e in summary)
            sentences.append(Sentence(doc.id, a, b, doc.text[a:b], in_summary))
        offset += len(line) + 1
    return sentences


def reattach_opening_quotes(line: str, spans: Sequence[tuple[int, int]]
                            ) -> list[tuple[int, int]]:
    """Move a quote mark that opens the next sentence back to it.

    The sentencizer puts the '"' of 'did. "Without ...' at the end of the
    sentence before; an odd count of straight quotes (or a trailing '“') shows
    the mark opens rather than closes.
    """
    fixed = [list(span) for span in spans]
    for current, following in zip(fixed, fixed[1:]):
        text = line[current[0]:current[1]].rstrip()
        if text.endswith("“") or (text.endswith('"') and text.count('"') % 2 == 1):
            quote_at = current[0] + len(text) - 1
            current[1], following[0] = quote_at, quote_at
    return [tuple(span) for span in fixed]


def document_tokens(doc: Document, parsed: Sequence[ParsedText]) -> list[Token]:
    """Tokens of every paragraph, with offsets and head indices into the whole document."""
    tokens: list[Token] = []
    offset = 0
    for line, parse in zip(paragraphs(doc), parsed):
        tokens.extend(parse.tokens.rows(offset, len(tokens)))
        offset += len(line) + 1
    return tokens


def split_claims(sentence: Sentence, tree: Tree) -> list[Clause]:
    """One clause per fact the sentence states, cut where a relative clause, a
    coordinated or participial clause or an apposition ends the sentence's words."""
    indices = tree.span(sentence.start, sentence.end)
    if not indices:
        return [Clause(Citation(sentence.document, sentence.start, sentence.end, sentence.text))]
    root = next((i for i in indices if tree.tokens[i].head == i or
                 tree.tokens[i].head not in indices), indices[0])
    segments = [(indices.start, indices.stop - 1, root, None)]  # first, last token, head, about
    for index in indices:
        low, high = tree.edges(index)
        about = clause_about(tree, index, sentence)
        for k, (first, last, head, seg_about) in enumerate(segments):
            if about is not False and first < low <= last and \
                    high >= last_word(tree, low, last) and separable(tree, first, low, last):
                segments[k:k + 1] = [(first, low - 1, head, seg_about), (low, last, index, about)]
                break
            if about is False and low == first and high < last and \
                    leads_semicolon(tree, index, high, sentence) and \
                    separable(tree, first, high + 1, last):
                segments[k:k + 1] = [(first, high, index, None), (high + 1, last, head, seg_about)]
                break
    clauses = [clause_of(tree, sentence, *segment) for segment in segments]
    return [c for c in clauses if c is not None]


def clause_about(tree: Tree, index: int, sentence: Sentence) -> int | None | bool:
    """For a token that heads a clause of its own: the token the clause is about
    (None when its subject is inside it); False when it heads no such clause."""
    token, tokens = tree.tokens[index], tree.tokens
    low, _ = tree.edges(index)
    before = tree.word(low - 1) if low else ""
    if before not in CLAUSE_OPENERS or tree.word(low) in DEPENDENT_OPENERS or \
            inside_quote(tree.text, sentence.start, tokens[low].start):
        return False
    head_is_verb = tokens[token.head].pos in VERBS
    own_subject = tree.child(index, *SUBJECTS)
    if token.dep == "relcl" and before == ",":
        noun = tree.relative_antecedent(index)
        return tree.noun_phrase_top(noun) if tokens[noun].pos in NOUNS else False
    if token.dep == "appos" and token.pos == "NOUN" and before == ",":
        return token.head
    if token.pos not in VERBS or not head_is_verb or tokens[token.head].dep in NOMINAL_DEPS:
        return False  # a gerund in a list of things ("theft and being armed") is no clause
    if token.dep == "conj" or (token.dep == "parataxis" and token.lemma not in SPEECH):
        if own_subject is not None:
            return None
        high = tree.edges(index)[1]
        content = [t for t in tokens[low:high + 1] if t.pos not in ("PUNCT", "CCONJ")]
        return shared_subject(tree, token.head) if len(content) >= MIN_SHARED_SUBJECT_WORDS \
            else False
    if token.dep == "advcl" and before == "," and token.lemma not in PREPOSITION_LIKE:
        participle = token.tag in ("VBG", "VBN") and own_subject is None
        return shared_subject(tree, token.head) if participle else None
    return False


def shared_subject(tree: Tree, verb: int) -> int | bool:
    """The subject a clause without its own takes from ``verb``; False when
    ``verb`` has none to give ("is seeking to repair and widen the road": what
    "widen ..." says cannot stand alone), so the clause stays with it."""
    subject = tree.subject(verb)
    return False if subject is None else subject


def leads_semicolon(tree: Tree, index: int, high: int, sentence: Sentence) -> bool:
    """A clause that comes before the clause it hangs on, ended by a semicolon:
    "The ferry sank; rescuers searched the harbour"."""
    token = tree.tokens[index]
    return token.pos in VERBS and token.head > index and high + 1 < len(tree.tokens) and \
        tree.word(high + 1) == ";" and tree.tokens[token.head].lemma not in SPEECH and \
        not inside_quote(tree.text, sentence.start, tree.tokens[high + 1].start)


def last_word(tree: Tree, first: int, last: int) -> int:
    """``last`` moved back over closing punctuation (a full stop, a quote mark)."""
    while last > first and tree.tokens[last].pos == "PUNCT":
        last -= 1
    return last


def separable(tree: Tree, first: int, low: int, last: int) -> bool:
    """Both sides of a cut at token ``low`` are long enough and the left one keeps a verb."""
    left = [t for t in tree.tokens[first:low] if t.pos not in ("PUNCT", "CCONJ")]
    right = [t for t in tree.tokens[low:last + 1] if t.pos != "PUNCT"]
    return min(len(left), len(right)) >= MIN_CLAUSE_WORDS and any(t.pos in VERBS for t in left)


def clause_of(tree: Tree, sentence: Sentence, first: int, last: int, head: int,
              about: int | None) -> Clause | None:
    """The clause from token ``first`` to ``last``, without the connective and
    punctuation that join it to its neighbours (a sentence keeps its full stop)."""
    tokens = tree.tokens
    while first < last and (tokens[first].pos in ("PUNCT", "CCONJ") and
                            tree.text[tokens[first].start] not in QUOTE_CHARS):
        first += 1
    closing = tokens[last].end >= sentence.end
    while last > first and not closing and tokens[last].pos in ("PUNCT", "CCONJ") and \
            tree.text[tokens[last].start] not in QUOTE_CHARS:  # a closing quote mark stays
        last -= 1
    start = max(tokens[first].start, sentence.start)
    end = sentence.end if closing else tokens[last].end
    if end <= start:
        return None
    return Clause(Citation(sentence.document, start, end, tree.text[start:end]), head, about)


def inside_quote(text: str, start: int, index: int) -> bool:
    """``index`` lies inside a quotation; a quote may open sentences earlier in the
    paragraph of ``start``, and curly marks say which way they face."""
    before = text[text.rfind("\n", 0, start) + 1:index]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")
