"""URLs of the app's pages, and which outside links are safe to show."""
from __future__ import annotations

import re
from urllib.parse import quote

from ...models import Citation


def story_url(story_id: str) -> str:
    return f"/stories/{quote(story_id, safe='')}"


def document_url(doc_id: str, citation: Citation | None = None) -> str:
    """The document page; with a citation, it opens on that exact passage, highlighted."""
    url = f"/documents/{quote(doc_id, safe='/')}"
    if citation is None:
        return url
    return f"{url}?at={citation.start}-{citation.end}#focus"


def search_url(term: str) -> str:
    """The story list searched for one entity (as a phrase)."""
    return "/?q=" + quote(f'"{term}"', safe="")


def safe_href(url: str | None) -> str | None:
    """An article's own URL, as a link only when it is plain http(s)."""
    return url if url and re.match(r"https?://[^\s\"'<>]+$", url, re.I) else None


def parse_span(value: str | None) -> tuple[int, int] | None:
    """'120-245' -> (120, 245); anything else -> None."""
    match = re.fullmatch(r"(\d{1,9})-(\d{1,9})", value or "")
    return (int(match[1]), int(match[2])) if match else None
