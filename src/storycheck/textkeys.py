"""Text keys: the form in which two strings compare equal when they differ only
in case, accents, punctuation and spacing (search terms, repeated lines)."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """Lower case, accents dropped, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.findall(r"\w+", text))
