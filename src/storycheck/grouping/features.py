"""Grouping features of one article: raw term counts per family, and event dates.

Features are cheap on purpose (regular expressions, no NLP model) so grouping
runs at thousands of articles per second.  Each article yields five families
of terms:

* ``body``     - lower-cased words of the text, stop words removed;
* ``title``    - the same for the title;
* ``lead``     - the same for the opening ~300 characters (who/what/where);
  a text shorter than that (a headline-only page) is opened by its title;
* ``entities`` - capitalised phrases not at a sentence start, and acronyms:
  places and names are what tell two same-topic events apart;
* ``numbers``  - numbers, years and month-day dates (tolls, ages, dates).

With a publication date, the article's *event dates* are added too: the day
values of the time expressions in its title and opening text, resolved
against the publication date ("Sunday's shooting" in Tuesday's paper is
Sunday).  A follow-up published days later tells of the same day; a
look-alike of another day.

``extract_counts`` is pure and returns stable 64-bit term hashes with counts
(``group_index.term_hashes``), so it runs in worker processes and no term
string crosses to the grouper.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from itertools import chain, filterfalse
from typing import NamedTuple

import numpy as np

from .config import N_FAMILIES
from .index import term_hashes
from ..nlp.lexicon import FUNCTION_WORDS
from ..timex import find_time_expressions

LEAD_CHARS = 300
EVENT_DATE_CHARS = 600  # title + this much text are searched for the event's date
EVENT_DATE_PAST_DAYS = 400  # later reports recall "the Jan. 26 shooting"
_FAMILY = np.arange(N_FAMILIES)
_DAY_VALUE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_NO_DAYS = np.empty(0, np.int32)


# Function words, plus words every news story uses, plus single letters ("it's" -> "s").
_STOP = FUNCTION_WORDS | frozenset("""
don didn isn wasn weren won said says say told new two three four five six seven eight
nine ten first last year years time mr mrs ms cent percent shall according
""".split()) | frozenset("abcdefghijklmnopqrstuvwxyz")

_MONTHS = {m: i + 1 for i, m in enumerate((
    "january february march april may june july august september october november "
    "december").split())}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_NOT_ENTITY = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday i".split()) | frozenset(_MONTHS)

_CONNECTORS = frozenset(("of", "de", "la", "del", "von", "van"))
_WORD = re.compile(r"[a-z]{2,}")
_NON_LETTERS = str.maketrans({chr(i): " " for i in range(128) if not chr(i).isalpha()})
# Patterns start with a character class (not a look-behind or \b) so the
# regex engine can skip ahead quickly: this is most of the feature cost.
# Capitalised words, optionally chained ("Betty Ford Center", "Gulf of Aden"),
# only after a lower-case word/digit/comma: a capital at a sentence start says
# nothing about being a name.
_PHRASE = re.compile(
    r"[A-Z](?<=[a-z0-9,;:%)]\s[A-Z])[a-z'’][a-zA-Z'’-]*"
    r"(?:\s+(?:(?:of|de|la|del|von|van)\s+)?[A-Z][a-z'’][a-zA-Z'’-]*)*")
_ACRONYM = re.compile(r"[A-Z](?<![A-Za-z][A-Z])(?:[A-Z]+[0-9]*|\.(?:[A-Z]\.)+)(?![a-z])")
_NUMBER = re.compile(r"\d[\d,.]*")
_AGE = re.compile(r"(?<![\d.,])(\d{1,3})[- ]years?[- ]old\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"[JFMASOND][a-z]{2,8}\.?\s+\d{1,2}\b")


def _words(text: str) -> Counter:
    """Lower-cased words of two letters or more, stop words removed.

    No stemming: folding plurals made no difference on ECB+ and cost a
    Python-level loop over every distinct word.
    """
    text = text.lower()
    # ASCII text (the common case) splits faster by translate+split than by regex.
    words = text.translate(_NON_LETTERS).split() if text.isascii() else _WORD.findall(text)
    return Counter(filterfalse(_STOP.__contains__, words))  # all in C


# Matches are normalised by cached functions and counted by Counter (in C): the
# same names and numbers recur from article to article.

def _entities(text: str) -> Counter:
    """Name-like phrases and acronyms; a phrase also counts its words so that
    "Jim O'Brien" and a later "O'Brien" still match."""
    return Counter(chain(chain.from_iterable(map(_phrase_terms, _PHRASE.findall(text))),
                         map(_acronym_term, _ACRONYM.findall(text))))


@lru_cache(maxsize=1 << 16)
def _phrase_terms(phrase: str) -> tuple[str, ...]:
    """The phrase (when of several words) and each of its words, lower-cased."""
    phrase = phrase.lower().replace("’", "'")
    if phrase.endswith("'s"):
        phrase = phrase[:-2]
    parts = [p for p in phrase.split() if p not in _NOT_ENTITY]
    whole = (" ".join(parts),) if len(parts) > 1 else ()
    return whole + tuple(p for p in parts if p not in _CONNECTORS)


@lru_cache(maxsize=1 << 16)
def _acronym_term(acronym: str) -> str:
    return acronym.replace(".", "").lower()


def _numbers(text: str) -> Counter:
    """Numbers ('n23'), years ('y2013'), month-day dates ('d6-13') and ages
    ('a16' for "16-year-old": rarer than the number, and a person's)."""
    return Counter(chain(map(_number_term, _NUMBER.findall(text)),
                         filter(None, map(_date_term, _MONTH_DAY.findall(text))),
                         ("a" + age for age in _ages(text))))


def _ages(text: str) -> list[str]:
    """The numbers of "16-year-old" and "16 years old", looked for only where
    "year" is written (a regex over the whole text cost 15 % of this stage)."""
    found = []
    for word in ("year", "Year"):
        at = text.find(word)
        while at >= 0:
            match = _AGE.search(text, max(0, at - 4), at + 10)
            if match:
                found.append(match.group(1))
            at = text.find(word, at + 4)
    return found


@lru_cache(maxsize=1 << 16)
def _number_term(number: str) -> str:
    s = number.rstrip(".,").replace(",", "")
    if len(s) == 4 and s[:2] in ("19", "20"):
        return "y" + s
    return "n" + (s.lstrip("0") or "0")  # '03' and '3' are the same number


@lru_cache(maxsize=1 << 12)
def _date_term(month_day: str) -> str | None:
    month, day = month_day.split()
    number = _MONTHS.get(month.rstrip(".").lower())
    return f"d{number}-{int(day)}" if number else None


class TermCounts(NamedTuple):
    """An article's raw term counts per family, as arrays: cheap to send from a
    worker process, and the main process never handles the strings."""

    hashes: np.ndarray  # int64: ``term_hashes`` of the distinct terms of all families
    table: np.ndarray  # int32 rows: family (FAMILIES index), term (index in ``hashes``), count
    event_days: np.ndarray = _NO_DAYS  # int32 days since the epoch; empty without a date
    # unit embedding of title and lead (group_documents with an encoder), else None
    meaning: np.ndarray | None = None


def extract_counts(title: str | None, text: str,
                   published: dt.datetime | dt.date | None = None) -> TermCounts:
    """Raw term counts per feature family, and the event dates when ``published``
    is given; pure, so callers may run it in parallel."""
    title = headline(title) if title else title
    if title and len(text) < LEAD_CHARS:
        # A page whose body is missing or was all page debris tells its event
        # in the headline alone: the headline stands as its opening text.
        text = f"{title}.\n{text}"
    families = (_words(text), _words(title) if title else {}, _words(text[:LEAD_CHARS]),
                _entities(text), _numbers(text))
    sizes = list(map(len, families))
    n = sum(sizes)
    table = np.empty((3, n), np.int32)
    table[0] = np.repeat(_FAMILY, sizes)
    # A word is often in several families (body, lead, a name's part): the
    # arrays keep each distinct hash once, and the table points at it.
    hashes, table[1] = np.unique(term_hashes(list(chain.from_iterable(families))),
                                 return_inverse=True)
    table[2] = np.fromiter(chain.from_iterable(c.values() for c in families), np.int32, n)
    days = event_days(title, text, published) if published is not None else _NO_DAYS
    return TermCounts(hashes, table, days)


def meaning_text(title: str | None, text: str) -> str:
    """What an article's meaning vector encodes: its headline and lead."""
    lead = text[:LEAD_CHARS]
    return f"{headline(title)}. {lead}" if title else lead


def headline(title: str) -> str:
    """The title without the site name pages append ("... - Station News 2",
    "... | Local News"): every report of an outlet shares it, so it would join
    unrelated stories of one outlet."""
    for _ in range(2):
        suffix = _SITE_SUFFIX.search(title)
        if not suffix or len(title[:suffix.start()].split()) < 4:
            break
        title = title[:suffix.start()]
    return title


# the last " - " / " | " separator, then at most six words
_SITE_SUFFIX = re.compile(r"\s[-|–—]\s(?!.*\s[-|–—]\s)(?:\S+\s*){1,6}$")


def event_days(title: str | None, text: str, published: dt.datetime | dt.date) -> np.ndarray:
    """The earliest day (since the epoch) the opening text refers to, as a
    one-element array (empty when none): past days up to ~a year back and the
    publication day count; later days (an update stamp, a court date ahead)
    say nothing of when the event happened."""
    anchor = published.date() if isinstance(published, dt.datetime) else published
    opening = f"{title}\n{text[:EVENT_DATE_CHARS]}" if title else text[:EVENT_DATE_CHARS]
    today = anchor.toordinal() - _EPOCH
    days: list[int] = []
    for expression in find_time_expressions(opening, anchor):
        m = _DAY_VALUE.match(expression.value or "")
        if not m:
            continue
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3])).toordinal() - _EPOCH
        except ValueError:
            continue
        if today - EVENT_DATE_PAST_DAYS <= day <= today:
            days.append(day)
    # The event is what happened first: a follow-up tells of "Sunday's shooting"
    # and of what police did "on Tuesday"; the latter is a development.
    return np.array([min(days)] if days else [], np.int32)


_EPOCH = dt.date(1970, 1, 1).toordinal()


def extract_pair(pair: tuple) -> TermCounts:
    """``extract_counts(*pair)``, at module level so that worker processes can unpickle it."""
    return extract_counts(*pair)
