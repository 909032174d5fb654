"""The story list's search: "quoted phrases" and words, matched on folded text."""
from __future__ import annotations

import re
from collections.abc import Sequence

from ...textkeys import fold


def parse_query(query: str) -> list[str]:
    """Search terms: "quoted phrases" stay whole (names), other words one by one."""
    terms = [fold(p) for p in re.findall(r'"([^"]*)"', query)]
    terms += fold(re.sub(r'"[^"]*"', " ", query)).split()
    return [t for t in terms if t]


def matches(terms: Sequence[str], haystack: str) -> bool:
    """Every term starts a word (or phrase) of the folded ``haystack``."""
    padded = " " + haystack
    return all(" " + term in padded for term in terms)
