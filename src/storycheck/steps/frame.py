"""A claim's frame: its predicate, who did what to whom, when, where, how surely.

Read off the dependency tree. The predicate is the event the clause reports:
"police said the deal was halted" is a halting (reported by police), "the
minister refused to sign" a signing (negated), "the plan is expected to end"
an ending (hedged).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..models import Argument, Claim, Clause, Entity, Frame, TimeExpression
from ..nlp.predicates import (HEDGE_WORDS, HEDGING, LIGHT, MODALS, NEGATING, NEGATION_WORDS,
                         PREDICATE_CLASS, SPEECH, predicate_class, same_noun_class)
from .segment import inside_quote
from ..nlp.tree import SUBJECTS, Tree

ROLES = {"nsubj": "agent", "nsubjpass": "patient", "dobj": "patient", "dative": "recipient",
         "attr": "attribute", "csubj": "agent"}
RELATIVE_PRONOUNS = {"which", "who", "whom", "that", "whose"}
PERSONAL_PRONOUNS = {"he", "she", "him", "her"}
THING_PRONOUNS = {"it", "they", "them", "this"}
PLACE_PREPOSITIONS = {"in", "at", "near", "outside", "inside", "across", "around", "throughout"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
COMPLEMENTS = ("ccomp", "xcomp")
# How far back (tokens) "it" or "the deal" looks for what it stands for.
ANTECEDENT_WINDOW = 80


def attach_frame(claim: Claim, clause: Clause, tree: Tree, entities: Sequence[Entity]) -> Claim:
    """``claim`` with its frame and, when it lies outside the claim, what it is about."""
    if clause.head is None:
        return claim
    about = resolve(tree, clause.about, entities) if clause.about is not None else None
    frame = build_frame(claim, clause, tree, about, entities)
    if about is None:
        about = about_pronoun(claim, frame, tree, entities)
    if about is not None:
        start, end = tree.phrase(about)
        if claim.citation.start <= start and end <= claim.citation.end:
            about = None  # what it is about is in its own words
    # the parse also finds negation the words' cues miss: "no one was killed",
    # "police have made no arrest"
    negated = claim.negated or frame.polarity == "negated"
    return replace(claim, frame=frame, negated=negated,
                   about=tree.words(about) if about is not None else None)


def build_frame(claim: Claim, clause: Clause, tree: Tree, about: int | None,
                entities: Sequence[Entity] = ()) -> Frame:
    tokens = tree.tokens
    event, speaker, hedged, negated = follow_complements(tree, clause.head)
    if tokens[event].pos in ("NOUN", "PROPN") and tokens[clause.head].dep == "appos":
        lemma = "be"  # an apposition says its head is what it names
        arguments = [argument(tree, "theme", about), argument(tree, "attribute", event)]
    else:
        lemma = predicate_lemma(tree, event)
        arguments = core_arguments(tree, event, clause, about)
    negated ^= is_negated(tree, event, arguments)
    hedged = hedged or is_hedged(tree, clause.head, event, claim)
    if speaker is None:
        speaker = trailing_speaker(tree, event, claim)
    if speaker is None:
        speaker = according_to(tree, event, claim)
    if speaker is None:
        speaker = reporting_speaker(tree, clause.head)
    source = claim.attribution or (speaker_name(tree, speaker, entities)
                                   if speaker is not None else None)
    return Frame(
        predicate=lemma, predicate_class=predicate_class(lemma),
        arguments=tuple(a for a in arguments if a is not None),
        time=next((d.value for d in claim.dates if d.value and governed(tree, event, d)), None),
        place=place(tree, event, claim),
        polarity="negated" if negated else "affirmed",
        modality="hedged" if hedged else "reported" if source else "asserted",
        source=source)


def follow_complements(tree: Tree, head: int) -> tuple[int, int | None, bool, bool]:
    """The event verb under speech, negating, hedging and light verbs, with the
    speaker's token, and whether a hedge or a negation was passed on the way."""
    source, hedged, negated = None, False, False
    event = head
    while True:
        token = tree.tokens[event]
        complement = tree.child(event, *COMPLEMENTS)
        if complement is None or tree.tokens[complement].pos not in ("VERB", "AUX"):
            return event, source, hedged, negated
        if token.lemma in NEGATING:
            negated = not negated
        if token.lemma in SPEECH:
            source = source if source is not None else tree.subject(event)
        elif token.lemma in HEDGING:
            hedged = True
        elif token.lemma not in LIGHT | NEGATING:
            return event, source, hedged, negated
        event = complement


def predicate_lemma(tree: Tree, event: int) -> str:
    """The verb's lemma with its particle ("strike down"), or the noun or adjective
    of a copula ("was dead" -> "dead")."""
    token = tree.tokens[event]
    particle = tree.child(event, "prt")
    if particle is not None:
        return f"{token.lemma} {tree.tokens[particle].lemma}".lower()
    obj = tree.child(event, "dobj")
    if obj is not None and f"{token.lemma} {tree.tokens[obj].lemma}".lower() in PREDICATE_CLASS:
        return f"{token.lemma} {tree.tokens[obj].lemma}".lower()  # "open fire"
    if token.lemma == "be":
        complement = tree.child(event, "acomp", "attr")
        if complement is not None and tree.tokens[complement].pos in ("ADJ", "NOUN"):
            return tree.tokens[complement].lemma.lower()
    return token.lemma.lower()


def core_arguments(tree: Tree, event: int, clause: Clause, about: int | None
                   ) -> list[Argument | None]:
    """Agent, patient, recipient and attribute of the event verb; a relative
    pronoun stands for its antecedent, and a verb without a subject of its own
    takes the one it shares ("decided to scrap", ", injuring three")."""
    found = []
    for c in tree.children[event]:
        dep = tree.tokens[c].dep
        if dep == "agent":  # "by the court" in a passive
            found.append(argument(tree, "agent", tree.child(c, "pobj")))
        elif dep in ROLES:
            role = "theme" if dep == "nsubj" and tree.tokens[event].lemma == "be" else ROLES[dep]
            found.append(argument(tree, role, about if tree.word(c) in RELATIVE_PRONOUNS and
                                  about is not None else c))
    if not any(tree.tokens[c].dep in SUBJECTS for c in tree.children[event]):
        shared = tree.subject(clause.head) if event != clause.head else None
        if shared is None or tree.word(shared) in RELATIVE_PRONOUNS:
            shared = about
        passive = tree.tokens[event].tag == "VBN" and tree.child(event, "dobj") is None
        found.insert(0, argument(tree, "patient" if passive else "agent", shared))
    return found


def argument(tree: Tree, role: str, index: int | None) -> Argument | None:
    if index is None:
        return None
    start, end = tree.phrase(index)
    return Argument(role, tree.text[start:end], start, end)


def is_negated(tree: Tree, event: int, arguments: Sequence[Argument | None]) -> bool:
    """A 'not'/'never' on the verb (or its auxiliary), or a 'no one' subject or object."""
    for c in tree.children[event]:
        word = tree.word(c)
        if tree.tokens[c].dep == "neg" or (tree.tokens[c].dep.startswith("aux") and any(
                tree.tokens[g].dep == "neg" for g in tree.children[c])):
            return True
        if tree.tokens[c].dep in ROLES and (word in NEGATION_WORDS or any(
                tree.tokens[g].dep == "det" and tree.word(g) == "no" for g in tree.children[c])):
            return True
    return False


def is_hedged(tree: Tree, head: int, event: int, claim: Claim) -> bool:
    """A modal auxiliary on the event or its clause head, or a hedge word in the claim."""
    for verb in {head, event}:
        for c in tree.children[verb]:
            if tree.tokens[c].tag == "MD" and tree.tokens[c].lemma.lower() in MODALS:
                return True
    words = {tree.word(i) for i in tree.span(claim.citation.start, claim.citation.end)}
    return bool(words & HEDGE_WORDS)


def trailing_speaker(tree: Tree, event: int, claim: Claim) -> int | None:
    """The speaker of "..., police said" attached to the event's own verb, after it
    ("Although no deal was confirmed, talks go on" names no speaker)."""
    for c in tree.children[event]:
        token = tree.tokens[c]
        if token.lemma in SPEECH and token.dep in ("parataxis", "ccomp", "advcl") and \
                c > event and claim.citation.start <= token.start < claim.citation.end:
            speaker = tree.subject(c)
            if speaker is not None:
                return speaker
    return None


def according_to(tree: Tree, event: int, claim: Claim) -> int | None:
    """The X of "According to X, ..." attached to the event's own verb (a name
    or not: "according to the official")."""
    for c in tree.children[event]:
        if tree.word(c) == "according" and claim.citation.start <= tree.tokens[c].start \
                < claim.citation.end:
            to = tree.child(c, "prep")
            return tree.child(to, "pobj") if to is not None else None
    return None


def speaker_name(tree: Tree, speaker: int, entities: Sequence[Entity]) -> str:
    """The speaker's words; for "he" or "she", the person it stands for, when
    the report names one before it."""
    if tree.word(speaker) in PERSONAL_PRONOUNS:
        named = antecedent(tree, speaker, entities)
        if named is not None:
            speaker = named
    return tree.words(speaker)


def governed(tree: Tree, event: int, span: Entity | TimeExpression) -> bool:
    """The words of ``span`` belong to the event's own clause (not to a relative
    clause inside it: "the company, founded in 1990, employs ...")."""
    return any(tree.governs(event, i) for i in tree.span(span.start, span.end))


def reporting_speaker(tree: Tree, head: int) -> int | None:
    """The speaker of a speech verb whose reported clause holds ``head`` ("X stated
    that ..., and that it would be premature ..." for the second clause)."""
    index = head
    while tree.tokens[index].head != index:
        parent = tree.tokens[index].head
        if tree.tokens[index].dep == "ccomp" and tree.tokens[parent].lemma in SPEECH:
            return tree.subject(parent)
        index = parent
    return None


def place(tree: Tree, event: int, claim: Claim) -> str | None:
    """The first place entity of the event's clause governed by 'in', 'at', 'near', ..."""
    for entity in claim.entities:
        if entity.label not in PLACE_LABELS or not governed(tree, event, entity):
            continue
        inside = tree.span(entity.start, entity.end)
        heads = [tree.tokens[i].head for i in inside if tree.tokens[i].head not in inside]
        if any(tree.word(h) in PLACE_PREPOSITIONS for h in heads):
            return entity.text
    return None


def resolve(tree: Tree, index: int, entities: Sequence[Entity]) -> int | None:
    """What a token stands for: a relative pronoun's antecedent, a pronoun's referent."""
    seen = set()
    while index is not None and index not in seen:
        seen.add(index)
        token, word = tree.tokens[index], tree.word(index)
        if word in RELATIVE_PRONOUNS and tree.tokens[token.head].dep == "relcl":
            index = tree.relative_antecedent(token.head)
        elif word == "it" and tree.child(token.head, "xcomp", "ccomp") is not None:
            return None  # "it would be premature to ...": "it" stands for nothing
        elif word in PERSONAL_PRONOUNS | THING_PRONOUNS or is_bare_definite(tree, index):
            found = antecedent(tree, index, entities)
            return found if found is not None else index
        else:
            return index
    return index


def about_pronoun(claim: Claim, frame: Frame, tree: Tree, entities: Sequence[Entity]
                  ) -> int | None:
    """The referent of the claim's subject when that is "it", "she" or "the deal"."""
    first = next((a for a in frame.arguments if a.role in ("agent", "patient", "theme")), None)
    if first is None or not claim.citation.start <= first.start < claim.citation.end or \
            inside_quote(tree.text, claim.citation.start, first.start):
        return None  # a quoted speaker's "it" is theirs to mean
    inside = tree.span(first.start, first.end)
    head = next((i for i in inside if tree.tokens[i].head not in inside), None)
    if head is None:
        return None
    referent = resolve(tree, head, entities)
    return referent if referent != head else None


DEFINITE = {"the", "this", "that", "these", "those"}


def is_bare_definite(tree: Tree, index: int) -> bool:
    """ "the deal", "that deal": a common noun with a definite determiner and nothing else."""
    token = tree.tokens[index]
    children = tree.children[index]
    return token.pos == "NOUN" and len(children) == 1 and tree.word(children[0]) in DEFINITE


def antecedent(tree: Tree, index: int, entities: Sequence[Entity]) -> int | None:
    """The nearest earlier mention a pronoun or "the deal" can stand for: a named
    person for "he"/"she"; a subject or object noun of the same number for "it"/"they";
    a longer mention of the same noun, or of one of its class, for "the deal"
    ("an agreement with Norway")."""
    token, word = tree.tokens[index], tree.word(index)
    if word in PERSONAL_PRONOUNS:
        earlier = [e for e in entities if e.label == "PERSON" and e.end <= token.start]
        if not earlier:
            return None
        inside = tree.span(earlier[-1].start, earlier[-1].end)
        return next((i for i in inside if tree.tokens[i].head not in inside), None)
    people = [(e.start, e.end) for e in entities if e.label == "PERSON"]
    for k in range(index - 1, max(-1, index - ANTECEDENT_WINDOW), -1):
        other = tree.tokens[k]
        if "\n" in tree.text[other.end:tree.tokens[k + 1].start]:
            return None  # "it" looks back within its paragraph only
        if any(a <= other.start < b for a, b in people):
            continue
        if word in THING_PRONOUNS:
            plural = word in ("they", "them")
            if other.dep in ("nsubj", "nsubjpass", "dobj") and other.pos in ("NOUN", "PROPN") \
                    and (other.tag in ("NNS", "NNPS")) == plural:
                return k
        elif other.pos == "NOUN" and len(tree.children[k]) > 1 and (
                other.lemma == token.lemma or same_noun_class(tree.word(k), tree.word(index))):
            return k
    return None
