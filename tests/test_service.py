"""The web app's service layer (web.service.StoryService), without HTTP: adding articles
from bytes through the readers' registry, and the story list over the store."""
from __future__ import annotations

import gzip
import json

import pytest

from storycheck.store import Store
from storycheck.web.service import Pasted, StoryService, Upload, UploadRejected, WebSettings

DEPOT = b"""---
title: Brennock tram depot to close for repairs
outlet: Brennock Post
published: 2031-03-02T08:00:00Z
---
The Brennock tram depot will close for six weeks from Monday while engineers replace the
overhead lines, the transport board said. Replacement buses will run every ten minutes.
"""


@pytest.fixture
def service(tmp_path):
    Store.open(tmp_path / "svc.db").close()
    svc = StoryService.for_store(str(tmp_path / "svc.db"),
                                 web=WebSettings(background_analysis=False))
    yield svc
    svc.stop()


def test_uploads_are_read_from_bytes_by_suffix(service, tmp_path):
    feed = gzip.compress(json.dumps({"id": "wire-7", "outlet": "Wire Seven",
                                     "text": "Castle Square market reopened on Saturday after "
                                             "the flood, traders said."}).encode() + b"\n")
    result = service.add([Upload("depot.md", DEPOT), Upload("feed.jsonl.gz", feed),
                          Upload("scan.pdf", b"%PDF-1.4")])
    assert (result.added, result.revised, result.unchanged) == (2, 0, 0)
    assert result.skipped == (("scan.pdf", "unsupported file type '.pdf'"),)
    with Store.open(tmp_path / "svc.db") as store:
        docs = {d.id: d for s in store.stories() for d in store.story_documents(s.id)}
    assert set(docs) == {"upload/depot.md", "wire-7"}
    depot = docs["upload/depot.md"].raw
    assert (depot.title, depot.outlet, depot.source) == (
        "Brennock tram depot to close for repairs", "Brennock Post", "upload/depot.md")
    assert not any(tmp_path.as_posix() in d.raw.source for d in docs.values())


def test_pasted_text_keeps_its_details_without_front_matter(service):
    pasted = Pasted(text="---\nThe Kelvar bridge reopened on Friday, the transport office said.",
                    title="Kelvar bridge: reopened", outlet="River Post",
                    published="2031-08-01", url="https://river.example/kelvar")
    doc = pasted.as_document("upload/pasted.txt")
    assert doc.text.startswith("---\nThe Kelvar bridge")  # the text is not parsed as YAML
    assert (doc.title, doc.outlet, doc.url) == ("Kelvar bridge: reopened", "River Post",
                                                "https://river.example/kelvar")
    assert doc.published.date().isoformat() == "2031-08-01"
    result = service.add([], pasted)
    assert result.added == 1
    assert result.stories[0].new == ("upload/pasted-kelvar-bridge-reopened.txt",)


def test_same_names_stay_distinct_and_nothing_is_refused(service):
    other = DEPOT.replace(b"six weeks", b"eight weeks").replace(b"Brennock Post", b"Tram Weekly")
    result = service.add([Upload("../x/depot.md", DEPOT), Upload("depot.md", other)])
    assert result.added == 2
    assert sorted(d for s in result.stories for d in s.new) == ["upload/depot-2.md",
                                                                 "upload/depot.md"]
    with pytest.raises(UploadRejected, match="nothing to add"):
        service.add([], Pasted(text="   "))


def test_story_list_searches_folded_words(service):
    service.add([Upload("depot.md", DEPOT)])
    assert service.story_list("tram DEPOT").total == 1
    assert service.story_list('"Castle Square"').total == 0
