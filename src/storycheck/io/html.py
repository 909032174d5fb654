"""Article text and metadata from one HTML page, via trafilatura.

``extract_html`` returns the article body as plain text, one block per line:
paragraphs, headings inside the article (kept; the cleaning stage decides what
to drop) and list items (written ``- item``). It raises
:class:`storycheck.errors.ExtractError` when a page holds no article text, and
nothing else whatever the input string holds (broken, hostile or binary
markup).

Extraction strategy, measured on the article-extraction benchmark
(``bench/bench_extraction.py``):

1. trafilatura in *precision* mode without comments, which drops more
   boilerplate (related links, captions, teasers) than the balanced default,
   and *fast* (without its readability/justext comparison): on this benchmark
   the comparison costs a third of the time and loses precision;
2. precision mode switches off trafilatura's own rescue stages (baseline and
   recall escalation), so when it returns little or nothing the page is
   extracted again in the balanced default mode, comparison included, and the
   longer text is kept when it is clearly longer.

The page is parsed once, with trafilatura's parser settings but lxml's C-level
element class lookup (``_PARSER``); the metadata (title, site name, date,
author, URL) is read from that tree once, and each pass works on a copy of it.
The date comes from htmldate's rules, its dateparser-based extensive search
only when they find none (``_find_date``).

No site-specific rules.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import lxml.html
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import (META_URL, examine_meta, extract_author, extract_meta_json,
                                  extract_sitename, extract_title, extract_url)
from trafilatura.settings import DEFAULT_CONFIG, Document
from trafilatura.utils import decode_file, load_html, repair_faulty_html

from ..errors import ExtractError

__all__ = ["ExtractedPage", "extract_html"]


@dataclass(frozen=True)
class ExtractedPage:
    """What one HTML page says about itself."""

    text: str  # article body, one paragraph / heading / "- list item" per line
    title: str | None
    outlet: str | None  # site name
    published: dt.datetime | None
    author: str | None
    url: str | None


# trafilatura options shared by every pass; see the module docstring and the
# benchmark for why these values.
BASE_OPTIONS: dict[str, Any] = {
    "include_comments": False,  # reader comments are not the report
    "include_tables": True,  # tables in articles are content (scores, figures)
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    # a global LRU cache would drop passages seen in *other* pages, which hides
    # exactly the copies that the pipeline wants to find
    "deduplicate": False,
}
PRIMARY_OPTIONS: dict[str, Any] = {**BASE_OPTIONS, "favor_precision": True, "fast": True}
RESCUE_OPTIONS: dict[str, Any] = dict(BASE_OPTIONS)

# Re-extract in balanced mode when the precision pass yields fewer characters
# than this (trafilatura's MIN_EXTRACTED_SIZE is 250; its own rescue stages use
# it as the "under-delivered" mark) ...
RESCUE_BELOW_CHARS = 2 * DEFAULT_CONFIG.getint("DEFAULT", "MIN_EXTRACTED_SIZE")
# ... and keep the balanced text only when it is this many times longer.
RESCUE_ACCEPT_RATIO = 2.0

_MAX_BYTES = DEFAULT_CONFIG.getint("DEFAULT", "MAX_FILE_SIZE")
# htmldate keeps the time of day (and UTC offset) when the page gives one.
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_SPACES = re.compile(r"[^\S\n]+")
_WORD = re.compile(r"\w", re.UNICODE)
_HTML_TAG = re.compile(r"<\s*html[\s>]", re.IGNORECASE)
# Control characters (C0 but tab, line and form feed, carriage return; DEL; C1), U+FFFD:
# (almost) absent from real pages, a large share of random bytes however decoded.
_BINARY_BYTES = bytes([*range(0x09), 0x0b, *range(0x0e, 0x20), *range(0x7f, 0xa0)])
_BINARY_SAMPLE = 65_536
_BINARY_SHARE = 0.10
_SURROGATES = re.compile(r"[\ud800-\udfff]")  # lone halves: lxml cannot encode them
# libxml2 checks each attribute against the element's others, so parsing is
# quadratic in attributes per tag: 50,000 in one tag take a minute. Real pages
# stay far below this.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{16384,}")
_ATTRIBUTE = re.compile(r"\s[A-Za-z_:@][-\w:.@]*\s*=")
_MAX_ATTRIBUTES = 2_000

# The options of trafilatura's own parser (``trafilatura.utils.HTML_PARSER``), but with
# lxml's C-level element class lookup instead of lxml.html's Python one, which lxml
# calls for every element object it makes -- hundreds of thousands per page through
# trafilatura's XPath pruning: 7 % of the extraction time here. Every element is an
# ``HtmlElement`` (lxml.html's form classes, which only add form properties, are not
# used). A tree keeps its parser, so trafilatura's copies of it keep the lookup.
_PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                               remove_comments=True, remove_pis=True)
_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity))


def extract_html(html: str | bytes, url: str | None = None) -> ExtractedPage:
    """Extract the article text and metadata of one HTML page.

    ``url`` is where the page came from, if known; the page's own canonical
    URL wins when it declares one. Raises ``ExtractError`` when no article
    text can be extracted.
    """
    return extract_html_with(html, url)


def extract_html_with(
    html: str | bytes,
    url: str | None = None,
    *,
    options: dict[str, Any] | None = None,
    rescue_options: dict[str, Any] | None = RESCUE_OPTIONS,
) -> ExtractedPage:
    """``extract_html`` with explicit trafilatura options (used by the benchmark).

    ``options`` are keyword arguments for ``trafilatura.bare_extraction`` for
    the first pass (default ``PRIMARY_OPTIONS``); ``rescue_options`` those of
    the fallback pass, or None for no fallback.
    """
    if not isinstance(html, (str, bytes)):
        raise TypeError(f"extract_html expects str or bytes, not {type(html).__name__}")
    if len(html) > _MAX_BYTES:
        raise ExtractError(
            f"the page is too large to extract ({len(html):,} > {_MAX_BYTES:,} characters)")
    options = PRIMARY_OPTIONS if options is None else options
    try:
        if isinstance(html, bytes):
            html = decode_file(html, _MAX_BYTES)  # trafilatura's own charset detection
        _check_input(html)
        tree, metadata, document = _first_pass(html, url, options)
        if document is None and not _HTML_TAG.search(html, 0, 4096):
            # trafilatura rejects a bare fragment ("<p>..</p>"): give it a document
            tree, metadata, document = _first_pass(_as_document(html), url, options)
        text = _normalise_text(document.text) if document is not None else ""
        if rescue_options is not None and tree is not None and len(text) < RESCUE_BELOW_CHARS:
            rescued = _bare(tree, url or metadata.url, rescue_options)
            rescued_text = _normalise_text(rescued.text) if rescued is not None else ""
            if len(rescued_text) > RESCUE_ACCEPT_RATIO * max(len(text), 1):
                document, text = rescued, rescued_text
        return _to_page(document, text, metadata, url)
    except ExtractError:
        raise
    except RecursionError:
        raise ExtractError("the page is nested too deeply to extract",
                           hint="malformed or hostile HTML") from None
    except Exception as err:  # noqa: BLE001 - trafilatura/lxml internals on hostile input
        raise ExtractError(f"the page could not be parsed: {type(err).__name__}: {err}",
                           hint="malformed HTML") from None


def _binary_chars(sample: str) -> int:
    """How many control characters and U+FFFD ``sample`` holds (the controls counted on
    its Latin-1 bytes, twice as fast as a regex)."""
    latin = sample.encode("latin-1", "ignore")  # drops the characters above U+00FF
    return len(latin) - len(latin.translate(None, _BINARY_BYTES)) + sample.count("\ufffd")


def _check_input(html: str) -> None:
    if not html.strip():
        raise ExtractError("the page is empty", hint="nothing to extract")
    sample = html[:_BINARY_SAMPLE]
    if _binary_chars(sample) > _BINARY_SHARE * len(sample):
        raise ExtractError("the input looks like binary data, not HTML",
                           hint="check the file type and encoding")
    for match in _LONG_TAG.finditer(html):
        end = html.find(">", match.end())
        tag = html[match.start():end if end >= 0 else len(html)]
        if len(_ATTRIBUTE.findall(tag)) > _MAX_ATTRIBUTES:
            raise ExtractError(
                f"a tag has more than {_MAX_ATTRIBUTES:,} attributes",
                hint="malformed or hostile HTML")


def _first_pass(html: str, url: str | None,
                options: dict[str, Any]) -> tuple[Any, Document, Any]:
    """The page's tree (None when it is no HTML), its metadata, and the first pass's result."""
    tree = _parse(html)
    if tree is None:
        return None, Document(), None
    metadata = _metadata(tree, url)
    return tree, metadata, _bare(tree, url or metadata.url, options)  # links resolve against it


def _parse(html: str) -> Any:
    """The page's tree, or None when it is no HTML.

    The page is repaired as trafilatura repairs it and parsed once with ``_PARSER``,
    from its UTF-8 bytes (libxml2 reads those directly, a str it converts first); a
    page with lone surrogates, which lxml would cut short at the first, has them
    replaced by U+FFFD first. Anything unusual -- a parse error, a root with fewer than
    two children -- goes to trafilatura's ``load_html``, which decides (and retries) as
    trafilatura does.
    """
    try:
        data = repair_faulty_html(html, html[:50].lower()).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates; the repair neither adds nor removes any
        html = _SURROGATES.sub("\ufffd", html)
        data = repair_faulty_html(html, html[:50].lower()).encode("utf-8")
    try:
        tree = lxml.html.fromstring(data, parser=_PARSER)
    except Exception:  # noqa: BLE001 - trafilatura's loader handles (or rejects) it
        tree = None
    if tree is None or len(tree) < 2:
        return load_html(html)
    return tree


def _bare(tree: Any, url: str | None, options: dict[str, Any]) -> Any:
    """One extraction pass over a copy of ``tree`` (trafilatura copies a tree it is given)."""
    return trafilatura.bare_extraction(tree, url=url, output_format="python", **options)


def _metadata(tree: Any, url: str | None) -> Document:
    """trafilatura's ``extract_metadata`` less what storycheck does not use (categories,
    tags, licence: a third of its time), in its order: meta tags, then JSON-LD, then the
    page's markup; htmldate for the date."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:  # a handle, not a name
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 - malformed JSON-LD: the meta tags stand
        pass
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or extract_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    metadata.date = _find_date(tree, metadata.url)
    sitename = (metadata.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    if not sitename and metadata.url and (host := META_URL.match(metadata.url)):
        sitename = host[1]
    metadata.sitename = sitename or None
    metadata.clean_and_trim()
    return metadata


def _find_date(tree: Any, url: str | None) -> str | None:
    """The publication date: htmldate's rules first (markup, URL, JSON-LD, date patterns),
    its extensive search only when they find none.

    The extensive search sends free-text dates to dateparser, whose first use loads
    and compiles every locale (from 0.1 s to over a second in a process) and which
    can then take 20 ms per string; on the benchmark's 181 pages the rules alone give
    the same dates but on one page, where they give the day without its time. Pages
    whose rules find nothing (2 of 181) still get the full search.
    """
    params = {"original_date": True, "max_date": dt.date.today().isoformat(),
              "outputformat": _DATE_FORMAT}
    return (find_date(tree, url=url, extensive_search=False, **params)
            or find_date(tree, url=url, **params))


def _as_document(html: str) -> str:
    return f"<html><body>{html}</body></html>"


def _to_page(document: Any, text: str, metadata: Document, url: str | None) -> ExtractedPage:
    """The page from the chosen pass's ``document`` and its normalised ``text``."""
    if document is None or not _WORD.search(text):
        raise ExtractError("no article text found in the page",
                           hint="the page may be empty, a listing, or not HTML")
    page_url = _clean(metadata.url)
    if page_url and url and not re.match(r"[a-z][a-z0-9+.-]*://", page_url, re.IGNORECASE):
        page_url = urljoin(url, page_url)
    return ExtractedPage(
        text=text,
        title=_clean(metadata.title),
        outlet=_clean(metadata.sitename),
        published=parse_published(metadata.date),
        author=_clean(metadata.author),
        url=page_url or url,
    )


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
    return value or None


def _normalise_text(text: str | None) -> str:
    """One block per line: collapse spaces, drop blank lines, join "-" markers.

    trafilatura writes a list item whose content is a block (``<li><p>``) as a
    lone "-" line followed by the content; those become ``- content``.
    """
    if not text:
        return ""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\r", "\n"))
    lines: list[str] = []
    pending_marker = False
    for line in text.split("\n"):  # _SPACES spares newlines: one sub for all lines
        line = line.strip()
        if not line:
            continue
        if line == "-":
            pending_marker = True
            continue
        if pending_marker:
            line = line if line.startswith("- ") else f"- {line}"
            pending_marker = False
        lines.append(line)
    return "\n".join(lines)


def parse_published(value: Any) -> dt.datetime | None:
    """A datetime from what htmldate/trafilatura give, else None.

    Accepts datetimes, dates and ISO-like strings: '2024-03-05',
    '2024-03-05T14:30:00', '2024-03-05T14:30:00+0100', '...Z'. A value with a
    UTC offset gives an aware datetime, one without gives a naive one; a bare
    date gives midnight (naive).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text[-1:] in "zZ":
        text = text[:-1] + "+00:00"
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    for fmt in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None
