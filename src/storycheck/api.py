"""The Python API: ``analyze(paths) -> Report``. The CLI and web app call this."""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence

from .io.stream import stream_documents
from .models import AnalysedDocument, Document, RawDocument, Report, Skipped
from .settings import Settings
from .steps.analyse import analyse_documents
from .steps.clean import clean_document
from .steps.embed import SentenceEncoder
from .steps.group import group_documents
from .steps.nlp import TextParser
from .steps.story import build_story

log = logging.getLogger("storycheck")

# progress(stage, done, total): called as work advances; total may be 0 if unknown
ProgressCallback = Callable[[str, int, int], None]


def analyze(paths: Iterable[str | os.PathLike], settings: Settings | None = None, *,
            progress: ProgressCallback | None = None,
            parser: TextParser | None = None) -> Report:
    """Read, clean and analyse every report under ``paths``, grouped into stories."""
    settings = settings or Settings()
    raws, skipped = [], []
    for item in stream_documents(paths, settings.max_file_bytes):
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.source, item.reason)
            skipped.append(item)
        else:
            raws.append(item)
        if progress:
            progress("read", len(raws) + len(skipped), 0)
    return analyze_documents(raws, settings, skipped=skipped, progress=progress, parser=parser)


def analyze_documents(raws: Sequence[RawDocument], settings: Settings | None = None, *,
                      skipped: Sequence[Skipped] = (), progress: ProgressCallback | None = None,
                      parser: TextParser | None = None, story_id: str | None = None) -> Report:
    """Analyse documents already in memory (from a store, a feed, a test).

    With ``story_id`` the documents are one story of that id (already grouped,
    as in a store); otherwise they are grouped into stories.
    """
    settings = settings or Settings()
    docs, skipped = clean_all(raws, list(skipped))
    if not docs:
        return Report((), (), tuple(skipped))
    parser = parser or TextParser.load()
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("analyse", done, len(docs))

    analysed = analyse_documents(docs, parser, settings.n_process, progress=advance)
    embed = SentenceEncoder.load().encode if settings.use_embeddings else None
    groups = [(story_id, analysed)] if story_id else group_stories(analysed, settings)
    stories = tuple(build_story(sid, members, settings, embed=embed) for sid, members in groups)
    return Report(tuple(analysed), stories, tuple(skipped))


def group_stories(analysed: Sequence[AnalysedDocument], settings: Settings
                  ) -> list[tuple[str, list[AnalysedDocument]]]:
    """Split documents into stories (all one story when grouping is off)."""
    if not settings.group_stories or len(analysed) < 2:
        return [("s1", list(analysed))]
    by_id = {a.document.id: a for a in analysed}
    docs = ((a.document.id, a.document.title, a.document.text, a.document.published)
            for a in analysed)
    groups = group_documents(docs, settings.grouping_config())
    return [(story_id, [by_id[d] for d in members]) for story_id, members in groups.items()]


def clean_all(raws: Sequence[RawDocument], skipped: list[Skipped]
              ) -> tuple[list[Document], list[Skipped]]:
    """Clean each document; drop (and report) those with no text left or a reused id."""
    docs, seen = [], set()
    for raw in raws:
        doc = clean_document(raw)
        if not doc.text.strip():
            skipped.append(Skipped(raw.source, "no article text left after cleaning"))
        elif doc.id in seen:
            skipped.append(Skipped(raw.source, f"duplicate document id {doc.id!r}"))
        else:
            seen.add(doc.id)
            docs.append(doc)
    return docs, skipped


__all__ = ["analyze", "analyze_documents", "group_stories", "clean_all", "ProgressCallback"]
