"""HTML article extraction: metadata, body lines, boilerplate, hostile input.

Every page here is written inline and fictional.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import json
import random
import re

import pytest

from storycheck.errors import ExtractError, ReadError
from storycheck.io.html import ExtractedPage, extract_html, parse_published

PARAGRAPHS = [
    "The town council of Kestrel Bay voted on Tuesday evening to approve a new harbour "
    "budget worth 4.2 million crowns, ending a debate that had lasted almost six months.",
    "Mayor Ilse Marwood said the money would pay for dredging the northern channel, "
    "repairing the old fish market and installing electric charging points for ferries.",
    "Opposition councillors argued that the plan favoured tourism over the fishing fleet, "
    "and two of them walked out before the final vote was taken.",
    "Work on the channel is expected to begin in early spring, once the breeding season "
    "of the local seabirds has ended, according to the harbour master.",
]
LIST_ITEMS = ["Dredging of the northern channel", "Repairs to the old fish market",
              "Charging points for electric ferries"]
HEADING = "What the money pays for"

HEAD = """
<meta charset="utf-8">
<title>Council approves harbour budget | The Kestrel Bay Chronicle</title>
<meta property="og:title" content="Council approves harbour budget">
<meta property="og:site_name" content="The Kestrel Bay Chronicle">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-05T14:30:00+01:00">
<meta name="author" content="Petra Lindqvist">
<link rel="canonical" href="https://chronicle.example/news/harbour-budget">
"""

BOILERPLATE = {
    "cookie": "We use cookies to improve your experience",
    "nav": "Weather forecasts",
    "share": "Share on Facebook",
    "footer": "All rights reserved by the Chronicle Group",
    "footer link": "Privacy policy",
}
SCRIPT_MARKERS = ("SECRET_TRACKING_PAYLOAD", "INJECTED_SCRIPT_TEXT", "SCRIPT_IN_ARTICLE",
                  "console.log", "document.write", "STYLE_RULE_TEXT")


def article_page(head: str = HEAD, before: str = "", inside: str = "", after: str = "") -> str:
    first = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    rest = "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    items = "\n".join(f"<li>{item}</li>" for item in LIST_ITEMS)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{head}
<script>var tracking = "SECRET_TRACKING_PAYLOAD"; document.write("INJECTED_SCRIPT_TEXT");</script>
<style>body {{ content: "STYLE_RULE_TEXT"; }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent">
  <p>{BOILERPLATE["cookie"]}. Accept all cookies or manage your preferences.</p>
  <button>Accept</button>
</div>
<header class="site-header"><nav class="main-nav"><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/sport">Sport</a></li><li><a href="/weather">{BOILERPLATE["nav"]}</a></li>
</ul></nav></header>
{before}
<main><article class="article">
<h1>Council approves harbour budget</h1>
<p class="byline">By Petra Lindqvist</p>
<div class="share-buttons social-share">
  <a href="#">{BOILERPLATE["share"]}</a> <a href="#">Share on Twitter</a> <a href="#">Email</a>
</div>
{first}
<h2>{HEADING}</h2>
<ul>
{items}
</ul>
<script>console.log("SCRIPT_IN_ARTICLE");</script>
{rest}
{inside}
</article></main>
{after}
<footer class="site-footer">
  <p>Copyright 2024. {BOILERPLATE["footer"]}.</p>
  <p><a href="/privacy">{BOILERPLATE["footer link"]}</a> | <a href="/terms">Terms of use</a></p>
</footer>
</body></html>"""


def lines(page: ExtractedPage) -> list[str]:
    return page.text.split("\n")


def assert_clean(page: ExtractedPage) -> None:
    """What every successful extraction looks like, whatever the input."""
    assert isinstance(page, ExtractedPage)
    assert isinstance(page.text, str) and page.text
    assert re.search(r"\w", page.text)
    for line in lines(page):
        assert line and line == line.strip(), repr(line)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", page.text)
    for marker in SCRIPT_MARKERS:
        assert marker not in page.text


def extract_or_error(html) -> ExtractedPage | None:
    """Either a clean page or ExtractError; any other exception fails the test."""
    try:
        page = extract_html(html)
    except ExtractError as err:
        assert err.code == "SC110" and err.message
        return None
    assert_clean(page)
    return page


# --------------------------------------------------------------------------- metadata

def test_metadata_from_meta_tags():
    page = extract_html(article_page())
    assert page.title == "Council approves harbour budget"
    assert page.outlet == "The Kestrel Bay Chronicle"
    assert page.author == "Petra Lindqvist"
    assert page.url == "https://chronicle.example/news/harbour-budget"
    assert page.published == dt.datetime(2024, 3, 5, 14, 30,
                                         tzinfo=dt.timezone(dt.timedelta(hours=1)))


def test_canonical_url_wins_over_given_url():
    page = extract_html(article_page(), url="https://mirror.example/copy/123")
    assert page.url == "https://chronicle.example/news/harbour-budget"


def test_given_url_used_without_canonical():
    head = HEAD.replace('<link rel="canonical" href="https://chronicle.example/news/harbour-budget">', "")
    page = extract_html(article_page(head=head), url="https://chronicle.example/p?id=7")
    assert page.url == "https://chronicle.example/p?id=7"


def test_published_in_utc_is_timezone_aware():
    head = HEAD.replace("2024-03-05T14:30:00+01:00", "2023-11-02T08:15:00Z")
    page = extract_html(article_page(head=head))
    assert page.published == dt.datetime(2023, 11, 2, 8, 15, tzinfo=dt.timezone.utc)


def test_published_date_only_is_naive_midnight():
    head = HEAD.replace("2024-03-05T14:30:00+01:00", "2022-06-01")
    page = extract_html(article_page(head=head))
    assert page.published == dt.datetime(2022, 6, 1)
    assert page.published.tzinfo is None


def test_published_from_json_ld():
    head = re.sub(r'<meta property="article:published_time"[^>]*>', "", HEAD) + (
        '<script type="application/ld+json">'
        + json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                      "headline": "Council approves harbour budget",
                      "datePublished": "2021-09-14T06:00:00-04:00",
                      "author": {"@type": "Person", "name": "Petra Lindqvist"}})
        + "</script>")
    page = extract_html(article_page(head=head))
    assert page.published == dt.datetime(2021, 9, 14, 6, 0,
                                         tzinfo=dt.timezone(dt.timedelta(hours=-4)))
    assert page.author == "Petra Lindqvist"


def test_missing_metadata_is_none():
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = extract_html(f"<html><head></head><body><article>{body}</article></body></html>")
    assert page.published is None
    assert page.author is None
    assert page.url is None
    assert lines(page) == PARAGRAPHS


@pytest.mark.parametrize("value, expected", [
    ("2024-03-05", dt.datetime(2024, 3, 5)),
    ("2024-03-05T00:00:00", dt.datetime(2024, 3, 5)),
    ("2024-03-05T14:30:00+0100", dt.datetime(2024, 3, 5, 14, 30,
                                             tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("2024-03-05T14:30:00+01:00", dt.datetime(2024, 3, 5, 14, 30,
                                              tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    ("2024-03-05T14:30:00Z", dt.datetime(2024, 3, 5, 14, 30, tzinfo=dt.timezone.utc)),
    ("2024-03-05 14:30:00", dt.datetime(2024, 3, 5, 14, 30)),
    (" 2024-03 ", dt.datetime(2024, 3, 1)),
    (dt.date(2020, 1, 2), dt.datetime(2020, 1, 2)),
    ("", None),
    ("not a date", None),
    ("2024-13-45", None),
    (None, None),
    (12345, None),
])
def test_parse_published(value, expected):
    assert parse_published(value) == expected


# --------------------------------------------------------------------------- body text

def test_paragraphs_heading_and_list_as_lines_in_order():
    got = lines(extract_html(article_page()))
    expected_order = [PARAGRAPHS[0], PARAGRAPHS[1], HEADING,
                      *(f"- {item}" for item in LIST_ITEMS), PARAGRAPHS[2], PARAGRAPHS[3]]
    positions = [got.index(line) for line in expected_order]
    assert positions == sorted(positions)
    for paragraph in PARAGRAPHS:  # each paragraph is exactly one line
        assert paragraph in got


def test_list_item_with_block_content_stays_on_one_line():
    inside = ("<ol><li><p>Ferries will run every forty minutes in summer.</p></li>"
              "<li><p>The night boat to Gullholm is cancelled.</p></li></ol>")
    got = lines(extract_html(article_page(inside=inside)))
    assert "- Ferries will run every forty minutes in summer." in got
    assert "- The night boat to Gullholm is cancelled." in got
    assert "-" not in got


def test_boilerplate_not_in_text():
    page = extract_html(article_page())
    assert_clean(page)
    for where, text in BOILERPLATE.items():
        assert text not in page.text, where


def test_script_and_style_never_in_text():
    inside = ('<script type="text/javascript">var x = "<p>SECRET_TRACKING_PAYLOAD</p>";</script>'
              '<noscript><script>INJECTED_SCRIPT_TEXT</script></noscript>'
              '<script type="application/ld+json">{"x": "SCRIPT_IN_ARTICLE"}</script>'
              '<style>p::after { content: "STYLE_RULE_TEXT" }</style>'
              '<p>A <script>document.write("INJECTED_SCRIPT_TEXT")</script>sentence that '
              'continues after an inline script and carries on for a while.</p>')
    page = extract_html(article_page(inside=inside))
    assert_clean(page)
    assert PARAGRAPHS[3] in page.text


def test_whitespace_is_normalised():
    body = ("<p>  The   ferry\u00a0company   said\n   on Monday that   prices "
            "would rise by 8 percent from June, citing fuel costs and new crew rules.  </p>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    page = extract_html(f"<html><body><article>{body}</article></body></html>")
    assert lines(page)[0] == ("The ferry company said on Monday that prices would rise by "
                              "8 percent from June, citing fuel costs and new crew rules.")


def test_bytes_with_declared_charset():
    html = article_page().replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    html = html.replace("Kestrel Bay voted", "Kestrel Bay (Sjöholm) voted")
    page = extract_html(html.encode("iso-8859-1"))
    assert "Kestrel Bay (Sjöholm) voted" in page.text


def test_fragment_without_html_element():
    page = extract_html("".join(f"<p>{p}</p>" for p in PARAGRAPHS))
    assert lines(page) == PARAGRAPHS


def test_result_is_frozen():
    page = extract_html(article_page())
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.text = "changed"  # type: ignore[misc]


# --------------------------------------------------------------------------- no text

@pytest.mark.parametrize("html", [
    "", "   \n\t ", b"", "<html></html>", "<html><head><title>x</title></head><body></body></html>",
    "<html><body><script>var only = 'SCRIPT_IN_ARTICLE';</script></body></html>",
    "<html><body><style>p { color: red }</style><!-- just a comment --></body></html>",
    "<html><body><img src='a.png'><br><hr></body></html>",
    "<!DOCTYPE html>",
])
def test_empty_pages_raise_extract_error(html):
    with pytest.raises(ExtractError) as info:
        extract_html(html)
    assert isinstance(info.value, ReadError)
    assert info.value.code == "SC110"


def test_non_text_input_is_a_type_error():
    with pytest.raises(TypeError):
        extract_html(None)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- hostile input

def _hostile_cases() -> dict[str, str | bytes]:
    text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    rng = random.Random(20240305)
    junk = rng.randbytes(60_000)
    return {
        "deep nesting": "<html><body>" + "<div>" * 20_000 + text + "</div>" * 20_000 + "</body></html>",
        "deep unclosed": "<html><body>" + "<div><span><b>" * 5_000 + text,
        "nested inline": "<html><body><article>" + "<i>" * 3_000 + text + "</article>",
        "nested lists": "<html><body>" + "<ul><li>" * 2_000 + text + "</li></ul>" * 2_000,
        "nested tables": "<html><body>" + "<table><tr><td>" * 1_000 + text,
        "unclosed tags": "<html><body><article><p>Start <p>Next <b>bold <i>italic <div>" + text,
        "mismatched tags": "<html><body></div></p><article><p>" + text + "</span></b></article></i>",
        "binary bytes": junk,
        "binary as text": junk.decode("latin-1"),
        "binary in page": "<html><body>" + junk.decode("latin-1") + "</body></html>",
        "nul bytes": "<html>\x00<body>\x00" + text.replace(" ", " \x00") + "</body></html>",
        "control chars": "<html><body><article>\x01\x02\x1b[31m" + text + "\x07</article></body></html>",
        "huge attribute": '<html><body><article><p title="' + "A" * 1_000_000 + '">' + text,
        "attribute bomb": "<html><body><p " + " ".join(f"a{i}=x" for i in range(5_000)) + ">" + text,
        "script payloads": "<html><body><article>" + text
        + "<script>" + "SECRET_TRACKING_PAYLOAD;" * 5_000 + "</script>"
        + "<script>document.write('</p><p>INJECTED_SCRIPT_TEXT</p>')</script>"
        + "<scr<script>ipt>SCRIPT_IN_ARTICLE</script></article></body></html>",
        "unterminated script": "<html><body><article>" + text + "<script>SECRET_TRACKING_PAYLOAD",
        "unterminated comment": "<html><body>" + text + "<!-- never closed " + text,
        "cdata": "<html><body><![CDATA[ <p>weird</p> ]]>" + text + "</body></html>",
        "svg and math": "<html><body><svg><script>SCRIPT_IN_ARTICLE</script><text>svg</text></svg>"
        "<math><mi>x</mi></math>" + text + "</body></html>",
        "iframe srcdoc": '<html><body><iframe srcdoc="<script>SCRIPT_IN_ARTICLE</script>"></iframe>'
        + text + "</body></html>",
        "bad entities": "<html><body><p>&#xFFFFFFF; &#0; &#55296; &bogus; &amp</p>" + text,
        "lone surrogates": "<html><body><p>\ud800 broken \udfff</p>" + text + "</body></html>",
        "xml declaration": '<?xml version="1.0" encoding="utf-8"?><html><body>' + text,
        "wrong declared charset": ('<html><head><meta charset="utf-16"></head><body>' + text).encode(),
        "utf-16 with bom": ("<html><body>" + text + "</body></html>").encode("utf-16"),
        "gzip bytes": gzip.compress(("<html><body>" + text + "</body></html>").encode()),
        "truncated gzip": gzip.compress(("<html><body>" + text).encode())[:40],
        "only angle brackets": "<" * 10_000 + ">" * 10_000,
        "tag soup": "<<p>><</p>><a href=<b>>>" * 2_000,
        "comment bomb": "<html><body>" + "<!--" * 5_000 + text + "-->" * 5_000,
        "entity flood": "<html><body><p>" + "&amp;" * 50_000 + "</p>" + text,
    }


@pytest.mark.parametrize("name", list(_hostile_cases()))
def test_hostile_html_gives_clean_text_or_extract_error(name):
    extract_or_error(_hostile_cases()[name])


def test_attribute_bomb_is_refused():
    html = "<html><body><p " + " ".join(f"a{i}=x" for i in range(5_000)) + ">x</p></body></html>"
    with pytest.raises(ExtractError, match="attributes"):
        extract_html(html)


def test_binary_junk_is_refused():
    junk = random.Random(7).randbytes(20_000)
    for data in (junk, junk.decode("latin-1")):
        with pytest.raises(ExtractError, match="binary"):
            extract_html(data)


def test_text_survives_surrounding_junk():
    # unclosed wrappers up to about 250 deep; past libxml2's depth limit (256)
    # the article is cut off and only what comes before it may be extracted
    html = article_page(before="<div>" + "<span>" * 200, after="</b></i>" * 300)
    page = extract_or_error(html)
    assert page is not None
    assert PARAGRAPHS[0] in lines(page)


def test_page_parsed_once_and_a_long_article_extracted_in_one_pass(monkeypatch):
    """The tree and metadata serve every pass; the balanced rescue pass runs only when
    the precision pass comes out short."""
    import trafilatura

    from storycheck.io import html as html_module

    parses, passes = [], []
    load, bare = html_module._parse, trafilatura.bare_extraction
    monkeypatch.setattr(html_module, "_parse", lambda page: parses.append(1) or load(page))
    monkeypatch.setattr(trafilatura, "bare_extraction",
                        lambda tree, **options: passes.append(options) or bare(tree, **options))
    page = extract_html(article_page())
    assert (len(parses), len(passes)) == (1, 1) and passes[0]["favor_precision"]
    assert page.title == "Council approves harbour budget" and page.author == "Petra Lindqvist"
    parses.clear(), passes.clear()
    short = extract_html(f"<html><head>{HEAD}</head><body><p>{PARAGRAPHS[0]}</p></body></html>")
    assert len(parses) == 1 and len(passes) == 2 and "favor_precision" not in passes[1]
    assert short.outlet == "The Kestrel Bay Chronicle" and PARAGRAPHS[0] in short.text


def test_own_parser_gives_html_elements_and_odd_pages_go_to_trafilaturas_loader(monkeypatch):
    """An ordinary page is parsed once by storycheck's parser (lxml.html elements, its
    lookup kept by copies), an XML declaration with an encoding included; a root
    without both head and body goes to trafilatura's load_html."""
    import copy

    import lxml.html

    from storycheck.io import html as html_module

    tree = html_module._parse(article_page(inside='<form><input name="q"></form>'))
    assert isinstance(tree, lxml.html.HtmlElement)
    elements = list(copy.deepcopy(tree).iter())
    assert {type(e) for e in elements} == {lxml.html.HtmlElement}  # input: no InputElement
    assert "input" in {e.tag for e in elements}
    loads = []
    load = html_module.load_html
    monkeypatch.setattr(html_module, "load_html", lambda page: loads.append(1) or load(page))
    page = extract_html('<?xml version="1.0" encoding="utf-8"?>\n' + article_page())
    assert not loads and PARAGRAPHS[0] in page.text and page.author == "Petra Lindqvist"
    page = extract_html(f"<html><body><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></body></html>")
    assert loads and PARAGRAPHS[1] in page.text


def test_date_rules_first_extensive_search_only_when_they_find_none(monkeypatch):
    """htmldate's extensive search (dateparser on free text) runs only for a page whose
    markup and date patterns give no date, and still finds that page's date."""
    from storycheck.io import html as html_module

    calls = []
    find = html_module.find_date
    monkeypatch.setattr(html_module, "find_date", lambda tree, **params: calls.append(
        params.get("extensive_search", True)) or find(tree, **params))
    assert extract_html(article_page()).published.date() == dt.date(2024, 3, 5)
    assert calls == [False]
    calls.clear()
    head = HEAD.replace('<meta property="article:published_time" content="2024-03-05T14:30:00+01:00">', "")
    page = extract_html(article_page(head=head, inside="<div>Posted March 5th, 2024 2:30 pm</div>"))
    assert calls == [False, True] and page.published == dt.datetime(2024, 3, 5)
