"""URLs and feeds end to end: `storycheck ingest URL...` and `storycheck analyze feed.xml
--full`, against a site on 127.0.0.1 (hence --allow-private)."""
import json

from click.testing import CliRunner

from storycheck import Store
from storycheck.cli import cli

from .conftest import write


def page(outlet: str, headline: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<html><head><title>{headline}</title><meta property="og:site_name" '
            f'content="{outlet}"></head><body><article><h1>{headline}</h1>{body}'
            "</article></body></html>")


GLASSWORKS = page(
    "Tarnby Evening Star", "Glassworks closes after 90 years",
    "The Tarnby glassworks will close in June, its owner Halden Group said on Monday, "
    "ending 90 years of glassmaking in the town.",
    "About 140 workers will lose their jobs, according to the union, which called the "
    "decision a betrayal of the town.",
    "Halden Group said rising energy prices had made the furnaces too costly to run.")
GLASSWORKS_REWRITE = page(
    "Fellside Herald", "Tarnby glassworks to shut in June",
    "Halden Group announced on Monday that it will shut the Tarnby glassworks in June.",
    "The union said about 140 people work at the site and described the move as a betrayal.",
    "Energy prices were blamed for the closure by the company.")


def test_ingest_urls_keeps_going_past_failures(site, tmp_path):
    first = site.add("/star/glassworks", GLASSWORKS)
    feed = site.add("/herald/feed.json", json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Fellside Herald",
        "items": [{"id": "1", "url": "https://herald.example/tarnby", "title": "Tarnby glassworks",
                   "content_text": "Halden Group will shut the Tarnby glassworks in June, "
                                   "with about 140 jobs lost, the union said."}]}),
        content_type="application/feed+json")
    missing = site.url("/star/missing")
    db = tmp_path / "urls.db"
    result = CliRunner().invoke(cli, ["ingest", first, missing, feed, "--db", str(db),
                                      "--allow-private"])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 revised, 0 already stored" in result.stdout
    assert f"warning: skipped {missing}: HTTP 404 Not Found" in result.stderr
    with Store.open(db) as store:
        docs = [d.raw for s in store.stories() for d in store.story_documents(s.id)]
    assert sorted(d.url for d in docs) == sorted([first, "https://herald.example/tarnby"])
    assert {d.outlet for d in docs} == {"Tarnby Evening Star", "Fellside Herald"}

    result = CliRunner().invoke(cli, ["ingest", first, "--db", str(tmp_path / "refused.db")])
    assert result.exit_code == 2
    assert "loopback address: not fetched" in result.stderr and "--allow-private" in result.stderr


def test_analyze_a_feed_file_with_full_articles(site, tmp_path):
    star = site.add("/star/glassworks", GLASSWORKS)
    herald = site.add("/herald/tarnby", GLASSWORKS_REWRITE)
    feed = write(tmp_path / "tarnby.xml", f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tarnby news roundup</title>
<item><title>Glassworks closes after 90 years</title><link>{star}</link>
  <description>Teaser one.</description></item>
<item><title>Tarnby glassworks to shut in June</title><link>{herald}</link>
  <description>Teaser two.</description></item>
<item><title>A story whose page is gone</title><link>{site.url('/gone')}</link>
  <description>Only the feed knows that a third outlet covered it.</description></item>
</channel></rss>""")
    out = tmp_path / "report.json"
    result = CliRunner().invoke(cli, ["analyze", str(feed), "--full", "--allow-private",
                                      "--json", str(out), "-s", "use_embeddings=false"])
    assert result.exit_code == 0, result.output
    assert "could not read the article page" in result.stderr and "HTTP 404" in result.stderr
    docs = {d["title"]: d for d in json.loads(out.read_text())["documents"]}
    assert "140 workers" in docs["Glassworks closes after 90 years"]["text"]
    assert "Energy prices were blamed" in docs["Tarnby glassworks to shut in June"]["text"]
    assert docs["A story whose page is gone"]["text"].startswith("Only the feed knows")
    assert {d["outlet"] for d in docs.values()} == {"Tarnby news roundup"}
