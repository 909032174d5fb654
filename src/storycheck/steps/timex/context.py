"""What a rule sees when it matches: the text around it, the anchor, earlier hits."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .vocabulary import DEADLINE_WORDS, FUTURE_CUE, PAST_CUE, WORD, WORD_BEFORE



@dataclass
class Hit:
    start: int
    end: int
    value: str | None
    kind: str = "date"


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

    def future(self) -> bool:
        """Does the sentence look ahead at this expression?  See the module notes."""
        prev = self.prev_words(1)
        if prev and prev[-1] in DEADLINE_WORDS:
            return True
        window = self.before(90)
        window = window[max(window.rfind(c) for c in ".!?;") + 1:]
        last_future = max((m.end() for m in FUTURE_CUE.finditer(window)), default=-1)
        last_past = max((m.end() for m in PAST_CUE.finditer(window)), default=-1)
        return last_future >= 0 and last_future >= last_past


Resolver = Callable[[Ctx], "str | None"]
Acceptor = Callable[[Ctx], bool]


def needs_anchor(fn: Resolver) -> Resolver:
    """Deictic resolvers give None without an anchor."""
    def wrapped(ctx: Ctx) -> str | None:
        return fn(ctx) if ctx.anchor is not None else None
    wrapped.__name__ = fn.__name__
    wrapped.__doc__ = fn.__doc__
    return wrapped

