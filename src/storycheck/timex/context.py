"""What a rule sees when it matches: the text around it, the anchor, earlier hits."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .vocabulary import FUTURE_CUE, LOOKAHEAD_BEFORE, PAST_CUE, WORD, WORD_BEFORE


@dataclass
class Hit:
    start: int
    end: int
    value: str | None
    kind: str = "date"
    rule: str = ""  # the rule that found it


@dataclass
class Ctx:
    """What a resolver sees: the text, the anchor, the match and earlier hits."""

    text: str
    anchor: dt.date | None
    match: re.Match
    rule: str
    history: list[Hit] = field(default_factory=list)

    def g(self, name: str) -> str | None:
        index = self.match.re.groupindex.get(f"{self.rule}__{name}")
        return self.match.group(index) if index else None

    def lower(self, name: str) -> str | None:
        value = self.g(name)
        return " ".join(value.lower().split()) if value is not None else None

    def before(self, n: int = 40) -> str:
        """Up to n characters before the match, not crossing a line break."""
        start = self.match.start()
        window = self.text[max(0, start - n):start]
        return window[window.rfind("\n") + 1:]

    def prev_words(self, n: int = 2) -> list[str]:
        """Up to n words before the match on its line, lower-cased, nearest last."""
        return [w.lower() for w in WORD.findall(self.before())[-n:]]

    def word_before(self) -> tuple[str, bool]:
        """The word right before the match and whether it starts a sentence."""
        m = WORD_BEFORE.search(self.before())
        if not m:
            return "", False
        lead = m.group(1).rstrip()
        return m.group(2), not lead or lead[-1] in ".!?\"“:(`'‘"

    def prev_char(self) -> str:
        i = self.match.start()
        return self.text[i - 1] if i else ""

    def next_text(self, n: int = 30) -> str:
        window = self.text[self.match.end():self.match.end() + n]
        cut = window.find("\n")
        return window if cut < 0 else window[:cut]

    def tense(self) -> str | None:
        """'future' or 'past' if the sentence says which way this expression lies, else None.

        'by' or 'as early as' right before says future, and so does 'until' unless
        the sentence goes on in the past ('Until Thursday, they had not ...'); else
        the nearest tense cue before the expression in its sentence decides; else
        the first one after it ('On Tuesday, the league plans to ...').
        """
        after = self.next_text(80)
        after = after[:min((after.find(c) for c in ".!?;" if c in after), default=len(after))]
        first_future = min((m.start() for m in FUTURE_CUE.finditer(after)), default=len(after))
        first_past = min((m.start() for m in PAST_CUE.finditer(after)), default=len(after))
        following = None if first_future == first_past else \
            "future" if first_future < first_past else "past"
        deadline = LOOKAHEAD_BEFORE.search(self.before(20))
        if deadline and deadline.group(1).lower() in ("until", "till"):
            return following or "future"
        if deadline:
            return "future"
        window = self.before(90)
        window = window[max(window.rfind(c) for c in ".!?;") + 1:]
        last_future = max((m.end() for m in FUTURE_CUE.finditer(window)), default=-1)
        last_past = max((m.end() for m in PAST_CUE.finditer(window)), default=-1)
        if max(last_future, last_past) >= 0:
            return "future" if last_future >= last_past else "past"
        return following

    def future(self) -> bool:
        """Does the sentence look ahead at this expression?"""
        return self.tense() == "future"


Resolver = Callable[[Ctx], "str | None"]
Acceptor = Callable[[Ctx], bool]


def needs_anchor(fn: Resolver) -> Resolver:
    """Deictic resolvers give None without an anchor."""
    def wrapped(ctx: Ctx) -> str | None:
        return fn(ctx) if ctx.anchor is not None else None
    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped

