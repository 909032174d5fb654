"""The web app, in-process (Starlette's TestClient): pages, JSON API, uploads, security.

The articles are fictional and written for these tests: four reports of a ferry
fire (one a verbatim copy, two giving different rescue figures), one unrelated
story, and one article made of script-injection attempts.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from storycheck.cli import main
from storycheck.store import Store
from storycheck.web import WebSettings, create_app
from storycheck.web.app import CSP
from storycheck.web.present import parse_query, pretty_date

from .conftest import write

LEDGER = """---
title: Ferry fire on Orrin Lake, 23 passengers rescued
outlet: Lakeside Ledger
published: 2031-06-03T19:30:00Z
url: https://lakeside-ledger.test/2031/06/03/ferry-fire
author: Mara Quillon
---
A fire broke out on the passenger ferry Marisol on Orrin Lake on Tuesday evening, and 23 passengers were rescued from the water by fishing boats, the lake patrol said.

The ferry was carrying 140 people from Pellham to Dorrow when smoke was seen coming from the engine room at about 6 p.m.

"We got everyone up to the open deck within minutes," said captain Ilse Brandvold.

The Marisol, built in 2004, is operated by Orrin Lines, which runs six ferries on the lake.

The lake patrol said two crew members were treated for smoke inhalation at Pellham Hospital.

Orrin Lines suspended all evening crossings until Friday while inspectors examine its fleet.
"""

COURIER = """---
title: Passengers jump into Orrin Lake as ferry catches fire
outlet: Valley Courier
published: 2031-06-04T07:10:00Z
url: https://valleycourier.test/news/orrin-ferry
author: Tobias Fenwright
---
Thirty-one passengers were pulled from Orrin Lake on Tuesday after a fire on the ferry Marisol forced some of them to jump overboard, according to the lake patrol.

Subscribe to our newsletter for the latest news from the valley.

The Marisol was carrying 140 people from Pellham to Dorrow when smoke began pouring out of its engine room shortly after 6 p.m.

Lake patrol commander Oskar Lindqvist said fishing boats reached the ferry before his crews did. "Without the fishermen this would have been a very different night," Lindqvist said.

Two crew members were treated for smoke inhalation at Pellham Hospital, the patrol said.

Orrin Lines, which operates the ferry, has suspended evening crossings until Friday.

The Marisol entered service in 2004 and was last inspected in March.
"""

RADIO = """---
title: Orrin Lake ferry fire - what we know
outlet: Northshore Radio
published: 2031-06-04T12:00:00Z
---
The lake patrol now says 31 passengers were rescued from the water after Tuesday's fire on the ferry Marisol.

The ferry had 140 people on board on its crossing from Pellham to Dorrow when the engine room filled with smoke at about 6 p.m.

Two crew members were taken to Pellham Hospital with smoke inhalation.

Orrin Lines has halted evening crossings until Friday while inspectors check its six ferries.

"We got everyone up to the open deck within minutes," captain Ilse Brandvold told reporters.
"""

DIGEST = LEDGER.replace("outlet: Lakeside Ledger", "outlet: Daily Digest").replace(
    "published: 2031-06-03T19:30:00Z", "published: 2031-06-04T09:00:00Z").replace(
    "url: https://lakeside-ledger.test/2031/06/03/ferry-fire\n", "").replace(
    "author: Mara Quillon\n", "")

OBSERVATORY = """---
title: Brightwater observatory opens new telescope dome
outlet: Highland Gazette
published: 2031-05-20T10:00:00Z
---
The Brightwater observatory opened its new telescope dome on Monday after three years of building work.

The dome houses a 2.4-metre mirror that astronomers will use to study nearby comets, director Hana Okonkwo said.

"Our students will finally be able to observe on every clear night," Okonkwo said.

The project cost 18 million crowns, most of it paid by the regional science fund.
"""

# Each payload, if it ever ran, would set window.xss or open a dialog.
XSS = [
    "<script>window.xss=1;alert(1)</script>",
    "<img src=x onerror=\"window.xss=1;alert(2)\">",
    "<svg onload=alert(3)>",
    "\"><script>alert(4)</script>",
    "'><iframe src=javascript:alert(5)></iframe>",
]
XSS_ARTICLE = {
    "id": "xss-1",
    "title": "Harbour gala <script>window.xss=1;alert('t')</script> draws record crowd",
    "outlet": "<img src=x onerror=\"window.xss=1;alert('o')\">Gala Times",
    "author": "<b onmouseover=alert(1)>Nobody</b>",
    "published": "2031-07-01T10:00:00Z",
    "url": "javascript:alert('url')",
    "text": "\n".join([
        "The harbour gala in Tesserin drew 9,000 visitors on Saturday "
        + XSS[0] + ", organisers said.",
        "Mayor Ruta Kessel opened the gala at noon " + XSS[1] + " on the old pier.",
        "\"It was the best gala we have had " + XSS[2] + " in years,\" Kessel said.",
        "Fireworks over the harbour closed the evening " + XSS[3] + " at 11 p.m.",
        "Share this on Facebook " + XSS[4],
    ]),
}


def write_articles(folder: Path, xss: bool = True) -> Path:
    for name, text in (("observatory.txt", OBSERVATORY), ("lakeside-ledger.txt", LEDGER),
                       ("valley-courier.txt", COURIER), ("northshore-radio.txt", RADIO),
                       ("zz-daily-digest.txt", DIGEST)):
        write(folder / name, text)
    if xss:
        write(folder / "gala.jsonl", json.dumps(XSS_ARTICLE) + "\n")
    return folder


def make_db(path: Path, articles: Path) -> Path:
    with Store.open(path) as store:
        store.ingest([articles])
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    return make_db(root / "web.db", write_articles(root / "news"))


@pytest.fixture(scope="module")
def client(db, parser):
    app = create_app(str(db), web=WebSettings(background_analysis=False, page_size=2,
                                              max_upload_files=3, max_upload_bytes=200_000),
                     parser=parser)
    app.state.service.warm()
    with TestClient(app) as client:
        yield client


def story_id_of(client, title_words: str) -> str:
    stories = client.get("/api/stories", params={"q": title_words}).json()["stories"]
    assert stories, title_words
    return stories[0]["id"]


@pytest.fixture(scope="module")
def ferry(client) -> str:
    return story_id_of(client, '"Orrin Lake" ferry')


# --- the story list ---------------------------------------------------------------------


def test_story_list_is_newest_first_with_counts_and_pages(client):
    data = client.get("/api/stories").json()
    assert data["total"] == 3 and data["pages"] == 2 and len(data["stories"]) == 2
    later = client.get("/api/stories", params={"page": 2}).json()["stories"]
    dates = [s["last_published"] for s in data["stories"] + later]
    assert dates == sorted(dates, reverse=True)  # gala (July), ferry (June), observatory (May)
    ferry = next(s for s in data["stories"] if "Orrin" in s["title"])
    assert len(ferry["documents"]) == 4
    assert ferry["sources"] == 3  # the Daily Digest copy is not an independent source
    assert ferry["claims"]["corroborated"] >= 3
    page = client.get("/").text
    assert "Ferry fire on Orrin Lake" in page and "3 independent sources" in page
    assert "3 Jun 2031 – 4 Jun 2031" in page
    assert 'href="/?page=2"' in page


def test_search_by_words_and_quoted_names(client):
    def titles(q):
        return [s["title"] for s in client.get("/api/stories", params={"q": q}).json()["stories"]]

    assert titles("telescope comets") == ["Brightwater observatory opens new telescope dome"]
    assert titles('"Ilse Brandvold"') == ["Ferry fire on Orrin Lake, 23 passengers rescued"]
    assert titles("brandvold telescope") == []  # every term must match
    assert titles("okonkwó") == titles("Okonkwo")  # accents and case do not matter
    page = client.get("/", params={"q": "zebra crossing"}).text
    assert "0 stories match" in page and "No story mentions all of that" in page
    # people quoted and outlets are links that search for them
    assert 'href="/?q=%22Ilse%20Brandvold%22"' in client.get("/").text


def test_parse_query_keeps_phrases():
    assert parse_query('crane "Tomas Varga" Pier-4') == ["tomas varga", "crane", "pier", "4"]


# --- a story page -----------------------------------------------------------------------------


def test_story_page_sections(client, ferry):
    page = client.get(f"/stories/{ferry}")
    assert page.status_code == 200 and page.headers["etag"]
    html = page.text
    for heading in ("Established by independent sources", "Disputed and updated",
                    "Single-source details", "Quotes", "Timeline", "Who carries what",
                    "Sources"):
        assert heading in html
    # the rescue figures are shown side by side, each with who gives it
    cards = html.split('<div class="card ')[1:]
    values = [re.search(r'class="value">([^<]+)<', c)[1] for c in cards]
    assert "23 passengers" in values and "31 passengers" in values
    card_23 = cards[values.index("23 passengers")]
    assert "Lakeside Ledger" in card_23
    assert "Northshore Radio" in cards[values.index("31 passengers")]
    # quotes grouped by speaker; a timeline chart; a claims x sources matrix
    assert re.search(r"<h3>.*Ilse Brandvold.*</h3>", html)
    assert "<svg class=\"timeline-chart\"" in html
    assert html.count('<th class="claim" scope="row">') == len(
        client.get(f"/api/stories/{ferry}").json()["stories"][0]["claims"])
    assert page.headers["etag"] == client.get(f"/stories/{ferry}").headers["etag"]
    assert client.get(f"/stories/{ferry}",
                      headers={"if-none-match": page.headers["etag"]}).status_code == 304


def test_copies_are_grouped_under_their_original(client, ferry):
    html = client.get(f"/stories/{ferry}").text
    sources = html[html.index('<section id="sources">'):]
    ledger = sources.index(">Lakeside Ledger</a>")
    copies = sources.index('<ul class="copies">', ledger)
    digest = sources.index(">Daily Digest</a>")
    assert ledger < copies < digest < sources.index("</ul>", copies)
    assert "copy · 100%" in sources
    # in the matrix the copy's column comes right after its original's
    head = re.findall(r'<th class="doc( copy)?" scope="col"><a [^>]*>([^<]+)</a>(<small>[^<]*)?',
                      html)
    labels = [(label, note) for _, label, note in head]
    after = labels[labels.index(("Lakeside Ledger", "")) + 1]
    assert after == ("Daily Digest", "<small>copy of Lakeside Ledger")


def test_source_chip_links_to_the_exact_passage(client, ferry):
    report = client.get(f"/api/stories/{ferry}").json()
    claim = next(c for c in report["stories"][0]["claims"] if c["status"] == "corroborated")
    cite = claim["support"][0]
    html = client.get(f"/stories/{ferry}").text
    href = re.search(rf'href="(/documents/[^"]*\?at={cite["start"]}-{cite["end"]}#focus)"', html)
    assert href, "no chip links to the cited passage"
    doc = client.get(href[1].replace("&amp;", "&")).text
    focus = re.search(r'<mark class="focus[^"]*" id="focus">(.*?)</mark>', doc, re.S)
    assert focus and focus[1] == _escape(cite["text"][:len(focus[1])])
    marked = "".join(re.findall(r'<mark class="focus[^"]*"[^>]*>(.*?)</mark>', doc, re.S))
    assert marked == _escape(cite["text"])


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=True)


# --- a document ---------------------------------------------------------------------------------


def test_document_view_highlights_claims_and_strikes_removed_lines(client):
    html = client.get("/documents/news/valley-courier.txt").text
    assert "Passengers jump into Orrin Lake as ferry catches fire" in html
    assert re.search(r'<mark class="(corroborated|disputed|single-source)"', html)
    assert re.search(r"<s>Subscribe to our newsletter[^<]*</s> <span class=\"tag\">promo</span>",
                     html)
    assert 'href="https://valleycourier.test/news/orrin-ferry"' in html
    data = client.get("/api/documents/news/valley-courier.txt").json()
    assert data["outlet"] == "Valley Courier" and data["story"]
    assert {"text": data["removed"][0]["text"], "reason": "promo"} in data["removed"]


def test_missing_story_and_document_are_404(client):
    assert client.get("/stories/nope").status_code == 404
    assert "No story" in client.get("/stories/nope").text
    assert client.get("/documents/news/nope.txt").status_code == 404
    assert client.get("/api/stories/nope").json()["error"]["code"] == "SC404"
    assert client.get("/api/documents/x").status_code == 404
    assert client.get("/no/such/page").status_code == 404


# --- JSON API -----------------------------------------------------------------------------------


def test_story_report_has_the_schema_of_show_json(client, db, ferry, tmp_path):
    out = tmp_path / "show.json"
    assert main(["show", ferry, "--db", str(db), "--json", str(out)]) == 0
    cli = json.loads(out.read_text(encoding="utf-8"))
    api = client.get(f"/api/stories/{ferry}").json()
    assert set(api) == set(cli)
    assert {k: v for k, v in api.items() if k != "changes"} == \
        {k: v for k, v in cli.items() if k != "changes"}
    assert set(api["changes"]) == set(cli["changes"])


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/stories", "/api/stories/{story}", "/api/documents/{document}",
            "/api/documents"} <= set(spec["paths"])
    assert client.get("/api/", follow_redirects=False).headers["location"] == "/api/openapi.json"


# --- adding articles ---------------------------------------------------------------------------


@pytest.fixture()
def fresh(tmp_path, parser):
    """A client over its own database (uploads change it)."""
    db = make_db(tmp_path / "up.db", write_articles(tmp_path / "news", xss=False))
    app = create_app(str(db), web=WebSettings(background_analysis=False, max_upload_files=3,
                                              max_upload_bytes=200_000), parser=parser)
    with TestClient(app) as client:
        yield client


LATE = RADIO.replace("outlet: Northshore Radio", "outlet: Pellham Evening Star").replace(
    "2031-06-04T12:00:00Z", "2031-06-04T18:00:00Z").replace(
    "The lake patrol now says", "By the evening the lake patrol said")


def test_upload_files_joins_the_story(fresh):
    files = [("files", ("evening-star.txt", LATE.encode(), "text/plain"))]
    page = fresh.post("/add", files=files)
    assert page.status_code == 200
    assert "Added 1 new article" in page.text
    assert "Ferry fire on Orrin Lake" in page.text  # the story it joined
    story = story_id_of(fresh, '"Orrin Lake"')
    assert "Pellham Evening Star" in fresh.get(f"/stories/{story}").text
    again = fresh.post("/add", files=files)
    assert "Nothing new was added" in again.text and "1 already stored" in again.text


def test_paste_text_makes_a_new_story(fresh):
    form = {"text": "The Kelvar bridge over the Ansel river reopened on Friday after a "
                    "two-year repair, the transport office said. Tolls stay at two crowns.",
            "title": "Kelvar bridge reopens", "outlet": "River Post",
            "published": "2031-08-01"}
    page = fresh.post("/add", data=form, files={"files": ("", b"", "application/octet-stream")})
    assert "Added 1 new article" in page.text
    listing = fresh.get("/api/stories").json()["stories"]
    assert listing[0]["title"] == "Kelvar bridge reopens"  # the newest story comes first
    report = fresh.get(f"/api/stories/{listing[0]['id']}").json()
    assert report["documents"][0]["outlet"] == "River Post"


def test_upload_limits_are_clear(fresh):
    too_many = [("files", (f"a{n}.txt", b"Some text.", "text/plain")) for n in range(4)]
    page = fresh.post("/add", files=too_many)
    assert page.status_code == 413 and "Too many files" in page.text
    big = [("files", ("big.txt", b"word " * 60_000, "text/plain"))]
    page = fresh.post("/add", files=big)
    assert page.status_code == 413 and "over" in page.text
    api = fresh.post("/api/documents", files=big)
    assert api.status_code == 413 and api.json()["error"]["code"] == "SC413"
    empty = fresh.post("/add", data={"text": "  "})
    assert empty.status_code == 400 and "Nothing to add" in empty.text
    bad = fresh.post("/api/documents", files=[("files", ("x.pdf", b"%PDF-1.4", "application/pdf"))])
    assert bad.status_code == 200
    assert bad.json()["skipped"][0]["reason"].startswith("unsupported file type")


def test_writes_from_other_sites_are_refused(fresh):
    page = fresh.post("/add", data={"text": "x"}, headers={"origin": "http://evil.test"})
    assert page.status_code == 403


# --- security ---------------------------------------------------------------------------------------


class _Tags(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_no_active_content(html: str, where: str) -> None:
    """No inline script, event handler, style attribute or javascript: link."""
    for tag, attrs in _Tags(html).tags:
        assert tag not in ("iframe", "object", "embed", "base"), where
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), where
        assert not any(name.startswith("on") for name in attrs), (where, tag, attrs)
        assert "style" not in attrs, (where, tag)
        for name in ("href", "src", "action"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), where


def test_every_response_has_the_csp_and_no_inline_script(client, ferry):
    for url in ("/", f"/stories/{ferry}", "/documents/news/lakeside-ledger.txt", "/add",
                "/api/stories", "/no/such/page", "/static/style.css"):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP
        assert response.headers["x-content-type-options"] == "nosniff"
        if response.headers["content-type"].startswith("text/html"):
            assert_no_active_content(response.text, url)
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP


def test_article_text_is_escaped_everywhere(client):
    gala = story_id_of(client, "harbour gala")
    pages = [client.get(f"/stories/{gala}").text, client.get("/").text,
             client.get("/documents/xss-1").text, client.get("/?q=gala").text]
    for html in pages:
        assert_no_active_content(html, "gala")
        assert "<script>window" not in html and "<script>alert" not in html
        assert "<img src=x" not in html and "<svg onload" not in html and "<iframe" not in html
        assert "<b onmouseover" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.xss=1;alert(" in pages[2]  # shown, as text


def test_static_files_stay_in_the_static_folder(client):
    assert client.get("/static/app.js").status_code == 200
    for url in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py",
                "/static//etc/passwd"):
        assert client.get(url).status_code == 404, url


# --- presentation helpers and the CLI ----------------------------------------------------------------


def test_pretty_dates():
    assert pretty_date("2026-03-10") == "10 Mar 2026"
    assert pretty_date("2026-03") == "Mar 2026"
    assert pretty_date("2026-W11") == "week 11, 2026"
    assert pretty_date("2026-Q1") == "Q1 2026"
    assert pretty_date("199") == "1990s"
    assert pretty_date(None) == "date unknown"


def test_serve_command_runs_the_app(monkeypatch, db):
    calls = {}

    def fake_run(app, host, port, log_level):
        calls.update(app=app, host=host, port=port)

    monkeypatch.setattr("uvicorn.run", fake_run)
    assert main(["serve", "--db", str(db), "--port", "8123"]) == 0
    assert calls["host"] == "127.0.0.1" and calls["port"] == 8123
    assert calls["app"].state.service.address == str(db)
