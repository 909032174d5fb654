"""Ages as news writes them, and whose age a figure is.

"a 32-year-old man", "who was 32 years old", and the figure set off after a
name, "Dana Reyes, 23, of Elm Street".  Local reports often disagree on ages,
so two ages are compared only when they are of one person: the same surname,
or the same noun ("boy") when no name is given.
"""
from __future__ import annotations

import re
from itertools import takewhile

from .lexicon import FUNCTION_WORDS

AGE = "years old"  # the unit an age gets
AGE_AFTER = re.compile(r"(?:-| )years?(?:-| )old\b", re.IGNORECASE)
AGE_APPOSITION = re.compile(r"(?<=[A-Za-z'’]), (?P<number>\d{1,3})(?=,|\)| and\b)")


def age_appositions(text: str) -> set[int]:
    """Start offsets of figures set off after a capitalised name ("Reyes, 23,")."""
    return {m.start("number") for m in AGE_APPOSITION.finditer(text)
            if _after_name(text, m.start())}


def age_holder(text: str, start: int, end: int) -> str | None:
    """Whose age the figure at ``text[start:end]`` is: the surname before an
    apposition ("Reyes, 23,") or of the name after "23-year-old Dana Reyes"
    (capitalised), else the noun it describes ("man" for "a 23-year-old man");
    None when the text does not say ("who was 23 years old")."""
    if not text[start:end].lower().endswith("old"):  # "Reyes, 23,"
        before = text[:start].rstrip(", ").split()
        return _word_key(before[-1]) if before else None
    if not re.search(r"-olds?$", text[start:end], re.IGNORECASE):
        return None  # "32 years old, police said": what follows is not whose age it is
    after = re.findall(r"[\w'’-]+", text[end:end + 80])
    if not after:
        return None
    if after[0][:1].isupper():  # the last word of the name that follows
        return _word_key([after[0], *takewhile(lambda w: w[:1].isupper(), after[1:])][-1])
    return None if after[0].lower() in FUNCTION_WORDS else after[0].lower()


def is_name(holder: str | None) -> bool:
    return bool(holder) and holder[0].isupper()


def _word_key(word: str) -> str:
    """The word without a possessive ending, a name's capital kept."""
    return re.sub(r"['’]s?$", "", word)


def _after_name(text: str, comma: int) -> bool:
    """Is the word before ``comma`` the end of a capitalised name ("Reyes, 23,")?"""
    words = text[:comma].split()
    return bool(words) and words[-1][:1].isupper() and _word_key(words[-1]).isalpha()
