"""The web app in a real headless Chromium (Debian's /usr/bin/chromium, via Playwright).

The app runs under uvicorn on 127.0.0.1 in a thread.  Screenshots (laptop
1366x768 and phone 390x844) go to $STORYCHECK_SCREENSHOTS, else to a temporary
folder whose path the tests print.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

from storycheck.web import WebSettings, create_app

from .test_web import LATE, make_db, write_articles

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(.ci/run installs it: apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
VIEWPORTS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory, parser):
    import uvicorn

    root = tmp_path_factory.mktemp("browser")
    db = make_db(root / "web.db", write_articles(root / "news"))
    app = create_app(str(db), web=WebSettings(background_analysis=False), parser=parser)
    app.state.service.warm()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("STORYCHECK_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {folder}")
    return folder


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    page.dialogs = []
    page.errors = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()


def scroll_to(page, selector: str) -> None:
    page.locator(selector).evaluate("element => element.scrollIntoView()")


def snap(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"{page.viewport_name}-{name}.png"))


def test_story_list_story_and_cited_passage(server, page, shots):
    page.goto(server + "/")
    expect = sync_api.expect
    expect(page.locator("h1")).to_contain_text("Stories")
    rows = page.locator(".story-row")
    expect(rows).to_have_count(3)
    snap(page, shots, "1-stories")

    page.get_by_role("link", name="Ferry fire on Orrin Lake, 23 passengers rescued").click()
    expect(page.locator(".story-head h1")).to_have_text(
        "Ferry fire on Orrin Lake, 23 passengers rescued")
    expect(page.locator("#established li").first).to_be_visible()
    snap(page, shots, "2-story")
    scroll_to(page, "#disputed")
    snap(page, shots, "3-story-disputed")
    scroll_to(page, "#matrix")
    snap(page, shots, "4-story-matrix")
    scroll_to(page, "#timeline")
    snap(page, shots, "5-story-timeline")

    chip = page.locator("#established .chip").first
    passage = chip.get_attribute("title")
    chip.click()
    page.wait_for_url("**/documents/**#focus")
    focus = page.locator("mark#focus")
    expect(focus).to_be_visible()
    expect(focus).to_be_in_viewport()
    marked = "".join(page.locator("mark.focus").all_inner_texts())
    assert " ".join(marked.split()) == " ".join(passage.split())
    snap(page, shots, "6-document-cited-passage")
    assert not page.errors and not page.dialogs


def test_upload_a_file_and_see_it(server, page, shots, tmp_path):
    if page.viewport_name == "phone":
        pytest.skip("adding articles is checked once, at laptop width")
    article = tmp_path / "evening-star.txt"
    article.write_text(LATE, encoding="utf-8")
    page.goto(server + "/add")
    snap(page, shots, "7-add")
    page.set_input_files("#files", str(article))
    page.get_by_role("button", name="Add to the database").click()
    expect = sync_api.expect
    expect(page.locator("h1")).to_have_text("Added 1 new article")
    snap(page, shots, "8-added")
    page.locator("ul.stories a.story-title").first.click()
    expect(page.locator("#sources")).to_contain_text("Pellham Evening Star")
    page.goto(server + "/?q=%22Pellham+Evening+Star%22")
    expect(page.locator(".story-row")).to_have_count(1)
    assert not page.errors


def test_too_many_files_are_refused_before_sending(server, page, tmp_path):
    """The form's script (a static file, allowed by the CSP) checks the limits."""
    if page.viewport_name == "phone":
        pytest.skip("checked once, at laptop width")
    files = []
    for n in range(21):
        files.append(tmp_path / f"a{n}.txt")
        files[-1].write_text("Some text.", encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("#files", [str(f) for f in files])
    error = page.locator("#add-error")
    sync_api.expect(error).to_be_visible()
    sync_api.expect(error).to_contain_text("Too many files")
    page.get_by_role("button", name="Add to the database").click()
    assert page.url.endswith("/add")  # nothing was sent


def test_script_payloads_in_articles_never_run(server, page, shots):
    for url in ("/", "/?q=gala", "/documents/xss-1", "/api/stories"):
        page.goto(server + url)
    page.goto(server + "/")
    page.get_by_role("link", name="Harbour gala").click()
    page.wait_for_load_state("load")
    snap(page, shots, "9-story-with-payloads")
    assert "<script>" in page.locator(".story-head h1").inner_text()  # shown as text
    page.locator(".chip").first.click()
    page.wait_for_load_state("load")
    snap(page, shots, "10-document-with-payloads")
    assert page.evaluate("typeof window.xss") == "undefined"
    assert page.dialogs == []
    assert page.locator("img, iframe, svg[onload]").count() == 0
