"""Feeds (io.feeds): RSS, Atom and JSON Feed files into one document per item."""
import json
import logging

from storycheck.io.readers import SUPPORTED_SUFFIXES, read_bytes, reader_for
from storycheck.io.sources import read_sources
from storycheck.models import FeedItem, RawDocument, Skipped
from storycheck.settings import Settings

from .conftest import write

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>The Harwick &amp; District Bugle</title>
  <link>https://bugle.example/</link>
  <item>
    <title>Harwick ferry &lt;em&gt;resumes&lt;/em&gt; sailings after storm</title>
    <link>https://bugle.example/ferry</link>
    <pubDate>Wed, 04 Mar 2026 07:30:00 +0100</pubDate>
    <author>desk@bugle.example (Mira Tolland)</author>
    <description>Short teaser about the ferry.</description>
    <content:encoded><![CDATA[<p>The Harwick ferry sailed again on Tuesday, three days after
      the storm tore a mooring loose.</p><p>The operator said 40 crossings were cancelled.</p>]]>
    </content:encoded>
  </item>
  <item>
    <title>Council delays vote on harbour wall</title>
    <link>https://bugle.example/wall</link>
    <pubDate>Tue, 03 Mar 2026 18:00:00 GMT</pubDate>
    <description>&lt;p&gt;The vote on the &lt;b&gt;harbour wall&lt;/b&gt; moved to April.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Headline only, no words below it</title>
    <link>https://bugle.example/headline</link>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">Lowmoor &lt;i&gt;Courier&lt;/i&gt;</title>
  <id>urn:lowmoor</id>
  <updated>2026-03-05T10:00:00Z</updated>
  <entry>
    <title type="html">Lowmoor mill fire: &lt;b&gt;two&lt;/b&gt; hurt</title>
    <id>urn:lowmoor:1</id>
    <link rel="alternate" href="https://courier.example/mill-fire"/>
    <updated>2026-03-05T09:15:00+00:00</updated>
    <author><name>Osric Venn</name></author>
    <summary type="text">Two workers were hurt when fire broke out at the Lowmoor mill.</summary>
  </entry>
</feed>
"""


def read(paths, **settings):
    items = list(read_sources(paths, Settings().with_changes(**settings)))
    return ([i for i in items if isinstance(i, RawDocument)],
            [i for i in items if isinstance(i, Skipped)])


def test_rss_items_become_documents(tmp_path):
    docs, skipped = read([write(tmp_path / "bugle.rss", RSS)])
    assert [d.id for d in docs] == [f"{tmp_path.name}/bugle.rss#1", f"{tmp_path.name}/bugle.rss#2"]
    ferry, wall = docs
    assert isinstance(ferry, FeedItem) and ferry.number == 1
    assert ferry.title == "Harwick ferry resumes sailings after storm"  # markup dropped
    assert ferry.outlet == "The Harwick & District Bugle"
    assert ferry.url == "https://bugle.example/ferry"
    assert ferry.author == "Mira Tolland"
    assert ferry.published.isoformat() == "2026-03-04T07:30:00+01:00"
    # the full content wins over the teaser, one paragraph a line
    assert ferry.text.splitlines() == [
        "The Harwick ferry sailed again on Tuesday, three days after the storm tore a mooring loose.",
        "The operator said 40 crossings were cancelled."]
    assert wall.text == "The vote on the harbour wall moved to April."  # HTML summary as text
    assert [s.source for s in skipped] == [
        f"{tmp_path / 'bugle.rss'} item 3 (Headline only, no words below it)"]
    assert "no text" in skipped[0].reason and "--full" in skipped[0].reason


def test_atom_entry_and_html_titles(tmp_path):
    docs, skipped = read([write(tmp_path / "courier.atom", ATOM)])
    assert skipped == []
    [fire] = docs
    assert fire.title == "Lowmoor mill fire: two hurt"
    assert fire.outlet == "Lowmoor Courier"
    assert fire.author == "Osric Venn"
    assert fire.url == "https://courier.example/mill-fire"
    assert fire.text == "Two workers were hurt when fire broke out at the Lowmoor mill."
    assert fire.published.isoformat() == "2026-03-05T09:15:00+00:00"


def test_xml_that_is_a_feed_and_xml_that_is_not(tmp_path):
    write(tmp_path / "in" / "news.xml", ATOM)
    write(tmp_path / "in" / "sitemap.xml", '<?xml version="1.0"?><urlset><url>x</url></urlset>')
    docs, skipped = read([tmp_path / "in"])
    assert [d.title for d in docs] == ["Lowmoor mill fire: two hurt"]
    assert [(s.source.endswith("sitemap.xml"), s.reason) for s in skipped] == [
        (True, "not an RSS or Atom feed")]


def test_json_feed_versions_and_plain_json_records(tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Fenwater <b>Post</b>",
            "authors": [{"name": "Fenwater Newsroom"}],
            "items": [
                {"id": "a", "url": "https://post.example/lock", "title": "Lock gates replaced",
                 "content_html": "<p>New gates were fitted at Fenwater lock.</p>"
                                 "<p>Boats can pass again from Monday.</p>",
                 "date_published": "2026-02-20T08:00:00-05:00"},
                {"id": "b", "external_url": "https://elsewhere.example/x", "title": "Plain one",
                 "content_text": "Text as written.\nSecond line.",
                 "authors": [{"name": "Jun Adair"}]},
                {"id": "c", "title": "Nothing to read"},
                "not an object"]}
    old = {"version": "https://jsonfeed.org/version/1", "title": "Old Style",
           "items": [{"id": "1", "summary": "A summary only.", "author": {"name": "Ann Ode"}}]}
    write(tmp_path / "post.json", json.dumps(feed))
    write(tmp_path / "old.json", json.dumps(old))
    write(tmp_path / "records.json", json.dumps([{"title": "r", "text": "Record text."}]))
    docs, skipped = read([tmp_path])
    by_title = {d.title: d for d in docs}
    lock = by_title["Lock gates replaced"]
    assert lock.text == "New gates were fitted at Fenwater lock.\nBoats can pass again from Monday."
    assert (lock.outlet, lock.author, lock.url) == (
        "Fenwater Post", "Fenwater Newsroom", "https://post.example/lock")
    assert lock.published.utcoffset().total_seconds() == -5 * 3600
    plain = by_title["Plain one"]
    assert (plain.text, plain.author, plain.url) == (
        "Text as written.\nSecond line.", "Jun Adair", "https://elsewhere.example/x")
    [version_1] = [d for d in docs if d.outlet == "Old Style"]
    assert (version_1.text, version_1.author, version_1.title) == ("A summary only.", "Ann Ode", None)
    assert by_title["r"].text == "Record text." and not isinstance(by_title["r"], FeedItem)
    assert [s.source for s in skipped] == [f"{tmp_path / 'post.json'} item 3 (Nothing to read)"]


def test_broken_xml_keeps_what_feedparser_recovers_and_warns(tmp_path, caplog):
    broken = RSS.replace("<title>Council delays vote on harbour wall</title>",
                         "<title>Council delays vote & wall</title>")  # a bare '&'
    with caplog.at_level(logging.WARNING, logger="storycheck"):
        docs, skipped = read([write(tmp_path / "broken.rss", broken)])
    assert [d.title for d in docs] == ["Harwick ferry resumes sailings after storm",
                                       "Council delays vote & wall"]
    assert "not well-formed XML (line" in caplog.text and "lenient parser" in caplog.text


def test_feeds_that_give_nothing_are_skipped_with_why(tmp_path):
    write(tmp_path / "empty.rss", '<rss version="2.0"><channel><title>T</title></channel></rss>')
    write(tmp_path / "garbage.rss", b"\x89PNG\r\n\x1a\n\x00\x00 not a feed at all")
    write(tmp_path / "blank.atom", "   \n")
    write(tmp_path / "nofeed.json", json.dumps({"version": "https://jsonfeed.org/version/1.1",
                                               "items": []}))
    docs, skipped = read([tmp_path])
    reasons = {s.source.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert docs == []
    assert reasons["empty.rss"] == "the feed has no items"
    assert reasons["garbage.rss"].startswith(("not a well-formed feed", "not an RSS or Atom feed"))
    assert reasons["blank.atom"] == "file is empty"
    assert reasons["nofeed.json"] == "the JSON Feed has no items"


def test_feed_declaring_latin1_is_decoded_by_its_declaration(tmp_path):
    rss = ('<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel>'
           '<title>Caf\u00e9 Gazette</title><item><title>R\u00e9union du conseil</title>'
           '<description>Le maire a d\u00e9clar\u00e9 la s\u00e9ance ouverte.</description>'
           '</item></channel></rss>').encode("latin-1")
    docs, _ = read([write(tmp_path / "fr.rss", rss)])
    assert (docs[0].outlet, docs[0].title) == ("Caf\u00e9 Gazette", "R\u00e9union du conseil")
    assert docs[0].text == "Le maire a d\u00e9clar\u00e9 la s\u00e9ance ouverte."


def test_registry_and_uploads():
    assert {".rss", ".atom", ".xml"} <= set(SUPPORTED_SUFFIXES)
    assert reader_for("x.rss").binary and not reader_for("x.json").binary
    docs = read_bytes(ATOM.encode(), "courier.atom", "upload/courier.atom", "upload", 100_000)
    assert [d.id for d in docs] == ["upload/courier.atom#1"]
