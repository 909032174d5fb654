"""Downloading URLs (io.fetch, io.addresses, io.sources): a local site on 127.0.0.1,
served with fetch_allow_private on; the address guard is tested without it."""
import ipaddress
import logging
import socket

import pytest

from storycheck.io import addresses
from storycheck.io.addresses import GuardedBackend, RefusedAddress, refused_reason
from storycheck.io.fetch import Fetcher, user_agent
from storycheck.io.sources import read_sources
from storycheck.models import RawDocument, Skipped
from storycheck.settings import Settings

from .webserver import Answer, endless, failing

PAGE = """<html><head><title>Quarry road reopens | Brindle Valley Times</title>
<meta property="og:site_name" content="Brindle Valley Times"></head><body><article>
<h1>Quarry road reopens after landslip</h1>
<p>The quarry road between Brindle and Acton Fell reopened on Thursday, six weeks after a
landslip buried both lanes under mud and rock.</p>
<p>County engineers said the slope had been pinned with 120 steel anchors and that the road
would be inspected every month until the end of the year.</p>
<p>Bus services on the route resume on Monday, the operator said.</p>
</article></body></html>"""

FAST = dict(fetch_allow_private=True, fetch_backoff=0.01, fetch_deadline=10.0)


def read(inputs, **settings):
    items = list(read_sources(inputs, Settings().with_changes(**{**FAST, **settings})))
    return ([i for i in items if isinstance(i, RawDocument)],
            [i for i in items if isinstance(i, Skipped)])


def test_a_page_is_read_as_html_ingest_reads_it(site):
    url = site.add("/news/quarry-road", PAGE)
    [doc], skipped = read([url])
    assert skipped == []
    assert doc.id == f"127.0.0.1:{site.port}/news/quarry-road" and doc.source == url
    assert doc.url == url and doc.outlet == "Brindle Valley Times"
    assert "120 steel anchors" in doc.text and "<p>" not in doc.text
    assert [path for path, _ in site.requests] == ["/robots.txt", "/news/quarry-road"]
    assert {headers["User-Agent"] for _, headers in site.requests} == {user_agent()}
    assert user_agent().startswith("storycheck/")


def test_what_fails_is_skipped_with_why_and_the_batch_goes_on(site):
    good = site.add("/ok", PAGE)
    picture = site.add("/photo.png", b"\x89PNG....", content_type="image/png")
    gone = site.url("/missing")
    docs, skipped = read([picture, gone, "ftp://files.example/a.txt", good])
    assert [d.source for d in docs] == [good]
    reasons = {s.source: s.reason for s in skipped}
    assert list(reasons) == [picture, gone, "ftp://files.example/a.txt"]
    assert reasons[picture].startswith("content type image/png is not one storycheck reads")
    assert reasons[gone] == "HTTP 404 Not Found"
    assert reasons["ftp://files.example/a.txt"] == "only http and https URLs are fetched, not ftp:"


def test_an_endless_body_stops_at_the_size_cap(site):
    url = site.url("/stream")
    site.routes["/stream"] = endless()
    docs, [skipped] = read([url, site.add("/after", PAGE)], max_file_bytes=300_000)
    assert skipped.source == url
    assert skipped.reason.startswith("the download passed the 300,000-byte cap; stopped")
    assert len(docs) == 1  # the next URL is still read


def test_a_declared_length_over_the_cap_is_refused_before_the_body(site):
    url = site.add("/huge", PAGE, **{"Content-Length": str(10 * 2**30)})
    _, [skipped] = read([url], max_file_bytes=1_000_000)
    assert skipped.reason.startswith("the server announces 10,737,418,240 bytes, over the")


def test_a_body_that_trickles_forever_meets_the_deadline(site):
    site.routes["/slow"] = endless(b"<p>a</p>", pause=0.1)
    _, [skipped] = read([site.url("/slow")], fetch_deadline=1.5, fetch_retries=0)
    assert skipped.reason.startswith("took more than 1.5 s in all")


def test_headers_that_trickle_forever_meet_the_deadline(site):
    import time

    def trickle(handler, turn):
        handler.wfile.write(b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n")
        try:
            while True:  # each line comes well within the read timeout
                handler.wfile.write(b"X-Wait: more\r\n")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    site.routes["/headers"] = trickle
    started = time.monotonic()
    _, [skipped] = read([site.url("/headers")], fetch_deadline=1.5, fetch_read_timeout=1.0)
    assert skipped.reason.startswith("took more than 1.5 s in all")
    assert time.monotonic() - started < 3


def test_a_server_that_never_answers_times_out(site):
    import time

    def stall(handler, turn):
        time.sleep(1.5)
        return Answer(200, PAGE.encode(), {"Content-Type": "text/html"})

    site.routes["/stall"] = stall
    _, [skipped] = read([site.url("/stall")], fetch_read_timeout=0.3, fetch_retries=1)
    assert skipped.reason == "timed out (waiting for data) (2 tries)"


def test_redirects_are_followed_and_loops_and_chains_refused(site):
    site.redirect("/old", "/news/quarry-road", status=301)
    site.add("/news/quarry-road", PAGE)
    site.redirect("/a", "/b")
    site.redirect("/b", site.url("/a"))
    for n in range(4):
        site.redirect(f"/hop{n}", f"/hop{n + 1}")
    docs, skipped = read([site.url("/old"), site.url("/a"), site.url("/hop0")],
                         fetch_max_redirects=3)
    assert [d.url for d in docs] == [site.url("/news/quarry-road")]
    assert docs[0].source == site.url("/old")
    assert [s.reason for s in skipped] == [
        f"redirect loop: {site.url('/b')} leads back to {site.url('/a')}",
        f"more than 3 redirects (the last to {site.url('/hop4')}) "
        "(raise fetch_max_redirects to follow more)"]


def test_robots_txt_is_obeyed_unless_switched_off(site):
    site.add("/robots.txt", "User-agent: *\nAllow: /\n\nUser-agent: storycheck\nDisallow: /private/\n",
             content_type="text/plain")
    private, public = site.add("/private/memo", PAGE), site.add("/public/memo", PAGE)
    docs, [skipped] = read([private, public])
    assert [d.source for d in docs] == [public]
    assert skipped.reason.startswith(f"robots.txt of {site.url('')} disallows it for storycheck")
    assert site.hits("/private/memo") == 0 and site.hits("/robots.txt") == 1  # read once
    docs, skipped = read([private], fetch_robots=False)
    assert len(docs) == 1 and skipped == []


def test_robots_txt_that_fails_forbids_the_site(site):
    site.add("/robots.txt", "down", status=500, content_type="text/plain")
    _, [skipped] = read([site.add("/page", PAGE)], fetch_retries=0)
    assert "robots.txt of" in skipped.reason and "RFC 9309" in skipped.reason
    assert site.hits("/page") == 0


def test_503_is_retried_with_backoff(site):
    waits = []
    site.routes["/busy"] = failing(2, Answer(200, PAGE.encode(), {"Content-Type": "text/html"}))
    settings = Settings().with_changes(**{**FAST, "fetch_retries": 2, "fetch_backoff": 0.5})
    with Fetcher(settings, sleep=waits.append) as fetcher:
        [doc] = list(read_sources([site.url("/busy")], settings, fetcher=fetcher))
    assert "120 steel anchors" in doc.text
    assert site.hits("/busy") == 3 and waits == [0.5, 1.0]
    site.routes["/down"] = failing(5, Answer(200, b"never"))
    _, [skipped] = read([site.url("/down")], fetch_retries=1)
    assert skipped.reason == "HTTP 503 Service Unavailable (2 tries)"
    assert site.hits("/down") == 2


def test_latin1_page_is_decoded_by_its_charset(site, caplog):
    page = PAGE.replace("Thursday", "Thursday \u2013 d\u00e9j\u00e0 vu for the caf\u00e9")
    declared = site.add("/latin1", page.encode("cp1252"),
                        content_type="text/html; charset=ISO-8859-1")
    undeclared = site.add("/guess", page.encode("cp1252"), content_type="text/html")
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, _ = read([declared, undeclared])
    assert all("Thursday \u2013 d\u00e9j\u00e0 vu for the caf\u00e9" in d.text for d in docs)
    assert len(docs) == 2
    assert declared not in caplog.text  # its charset said so: no guess
    assert f"{undeclared} is not UTF-8" in caplog.text


def test_feeds_by_url_and_full_articles(site, caplog):
    site.add("/news/quarry-road", PAGE)
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Brindle Feed</title>
      <item><title>Quarry road reopens</title><link>{site.url('/news/quarry-road')}</link>
        <description>Teaser: the road is open.</description></item>
      <item><title>Gone story</title><link>{site.url('/gone')}</link>
        <description>The feed's own words about it.</description></item>
      <item><title>Only a title</title><link>{site.url('/gone')}</link></item>
    </channel></rss>"""
    url = site.add("/feed.xml", feed, content_type="application/rss+xml")
    docs, skipped = read([url])
    assert [d.text for d in docs] == ["Teaser: the road is open.", "The feed's own words about it."]
    assert docs[0].id == f"127.0.0.1:{site.port}/feed.xml#1" and docs[0].outlet == "Brindle Feed"
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, skipped = read([url], fetch_full_articles=True)
    quarry, gone = docs
    assert "120 steel anchors" in quarry.text and quarry.title == "Quarry road reopens"
    assert quarry.outlet == "Brindle Feed" and quarry.url == site.url("/news/quarry-road")
    assert gone.text == "The feed's own words about it."  # the page failed: the feed's text
    assert "could not read the article page" in caplog.text and "HTTP 404" in caplog.text
    [only_title] = skipped
    assert only_title.source == f"{url} item 3 (Only a title)"
    assert "could not be read: HTTP 404 Not Found" in only_title.reason


# --- the address guard ------------------------------------------------------------------


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("127.9.9.9", "loopback"), ("10.1.2.3", "private"),
    ("172.16.5.4", "private"), ("192.168.1.1", "private"), ("169.254.169.254", "link-local"),
    ("224.0.0.251", "multicast"), ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"),
    ("100.64.0.1", "non-public"), ("::1", "loopback"), ("::", "unspecified"),
    ("fe80::1", "link-local"), ("fc00::5", "private"), ("ff02::1", "multicast"),
    ("::ffff:127.0.0.1", "loopback (IPv4 127.0.0.1 inside IPv6)"),
    ("::ffff:10.0.0.1", "private (IPv4 10.0.0.1 inside IPv6)"),
    ("2002:a00:1::", "private (IPv4 10.0.0.1 inside IPv6)"),
    ("93.184.215.14", None), ("8.8.8.8", None), ("2606:4700:4700::1111", None),
    ("::ffff:8.8.8.8", None),
])
def test_which_addresses_are_refused(address, reason):
    assert refused_reason(ipaddress.ip_address(address)) == reason


def fake_dns(names):
    def resolve(host, port, family=0, type=0):
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (ip, port)) for ip in names[host]]
    return resolve


def test_names_are_checked_after_resolution():
    guard = GuardedBackend(resolve=fake_dns({"intranet.test": ["10.0.0.7"],
                                             "mixed.test": ["93.184.215.14", "127.0.0.1"],
                                             "public.test": ["93.184.215.14"]}))
    with pytest.raises(RefusedAddress, match="intranet.test resolves to 10.0.0.7, a private"):
        guard.checked_addresses("intranet.test", 80)
    with pytest.raises(RefusedAddress, match="127.0.0.1, a loopback"):  # one bad answer is enough
        guard.checked_addresses("mixed.test", 80)
    with pytest.raises(RefusedAddress, match="loopback"):
        guard.checked_addresses("[::ffff:127.0.0.1]", 80)
    assert guard.checked_addresses("public.test", 443) == ["93.184.215.14"]
    allowed = GuardedBackend(allow_private=True, resolve=fake_dns({"intranet.test": ["10.0.0.7"]}))
    assert allowed.checked_addresses("intranet.test", 80) == ["10.0.0.7"]


def test_loopback_is_refused_before_connecting(site):
    url = site.add("/page", PAGE)
    for target in (url, site.url("/page", host="[::ffff:127.0.0.1]")):
        _, [skipped] = read([target], fetch_allow_private=False)
        assert "a loopback" in skipped.reason and "--allow-private" in skipped.reason
    assert site.requests == []  # not even robots.txt was asked for


def test_a_redirect_to_a_private_address_is_refused(site, monkeypatch):
    # the site on 127.0.0.1 plays a public host; a name resolving to 10.0.0.7 is private
    public = ipaddress.ip_address("127.0.0.1")
    checked = refused_reason
    monkeypatch.setattr(addresses, "refused_reason", lambda a: None if a == public else checked(a))
    site.add("/robots.txt", "", content_type="text/plain")
    site.redirect("/go", site.url("/secret", host="intranet.test"))
    settings = Settings().with_changes(fetch_backoff=0.01)
    dns = fake_dns({"news.test": ["127.0.0.1"], "intranet.test": ["10.0.0.7"]})
    with Fetcher(settings, resolve=dns) as fetcher:
        [skipped] = list(read_sources([site.url("/go", host="news.test")], settings,
                                      fetcher=fetcher))
    assert skipped.reason.startswith("intranet.test resolves to 10.0.0.7, a private address")
    assert site.hits("/go") == 1
