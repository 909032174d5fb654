"""Web pages as a new user meets them: document URLs, the document page's header
and width, the matrix's column heads, chips that do not count."""
from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from storycheck.store import Store
from storycheck.web import WebSettings, create_app
from storycheck.web.views import environment

from .conftest import write
from .test_present import story_page

DEPOT = ("The Brennock tram depot will close for six weeks from Monday while engineers replace "
         "the overhead lines, the transport board said. Replacement buses will run every ten "
         "minutes between the depot and Castle Square.\n\nThe board expects the first trams "
         "back on the Brennock line in the middle of July, a spokeswoman said.")


@pytest.fixture(scope="module")
def client(tmp_path_factory, parser):
    root = tmp_path_factory.mktemp("layout")
    post = write(root / "feeds" / "post.txt", "---\ntitle: Brennock depot to close\noutlet: "
                 "Brennock Post\npublished: 2031-03-02T08:00:00Z\n---\n" + DEPOT)
    copy = write(root / "feeds" / "untitled.txt", "---\npublished: 2031-03-02T11:00:00Z\n---\n"
                 "Brennock depot to close\n" + DEPOT)
    with Store.open(root / "l.db") as store:
        store.ingest([post.resolve(), copy.resolve()])  # given by absolute path
    app = create_app(str(root / "l.db"), web=WebSettings(background_analysis=False),
                     parser=parser)
    with TestClient(app) as client:
        client.root = root
        yield client


def story_html(client) -> str:
    story = client.get("/api/stories").json()["stories"][0]["id"]
    return client.get(f"/stories/{story}").text


def test_document_urls_hold_no_filesystem_path(client):
    html = story_html(client)
    urls = set(re.findall(r'href="(/documents/[^"]+)"', html))
    assert urls and not any(str(client.root) in u or u.startswith("/documents//") for u in urls)
    assert all(client.get(u.replace("&amp;", "&")).status_code == 200 for u in urls)


def test_unknown_outlet_does_not_repeat_the_title(client):
    html = story_html(client)
    url = next(u for u in re.findall(r'href="(/documents/[^"?]+)"', html) if "untitled" in u)
    page = client.get(url).text
    assert '<p class="outlet">Outlet not given</p>' in page
    article = page.index('<article class="document">')
    header = page[article:page.index("</header>", article)]
    assert header.count("Brennock depot to close") == 1
    assert '<aside class="side">' in page  # legend and removed lines beside the text


def test_copy_chips_and_matrix_heads(client):
    html = story_html(client)
    assert "· copy, not counted" in html
    heads = re.findall(r'<th class="doc( copy)?" scope="col"><a [^>]*>([^<]+)</a>(<small>[^<]*)?',
                       html)
    assert ("", "Brennock Post", "") in heads
    assert any(copy and note.startswith("<small>copy of Brennock Post") for copy, _, note in heads)


def test_stylesheet_keeps_heads_upright_and_the_document_wide(client):
    css = client.get("/static/style.css").text
    matrix = "\n".join(line for line in css.splitlines() if ".matrix" in line)
    assert "writing-mode" not in matrix and "rotate" not in matrix
    document = re.search(r"\.document \.text \{[^}]*\}", css)[0]
    assert "max-width" not in document
    assert re.search(r"\.document \{ display: grid;", css)


def test_source_count_says_how_many_copies_it_leaves_out():
    html = environment().get_template("story.html.j2").render(page=story_page())
    established = html[html.index('id="established"'):html.index('id="disputed"')]
    assert established.index("tram depot closed") < established.index("Buses replace")
    assert established.count("1 copy of another source, not counted") == 2
