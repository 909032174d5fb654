"""The Python API: ``analyze(paths) -> Report``. The CLI and web app call this."""
from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence

from .io.readers import read_all
from .models import AnalysedDocument, Document, RawDocument, Report, Skipped
from .settings import Settings
from .steps.analyse import analyse_documents
from .steps.clean import clean_document
from .steps.embed import SentenceEncoder
from .steps.nlp import TextParser
from .steps.story import build_story

log = logging.getLogger("storycheck")

# progress(stage, done, total): called as work advances; total may be 0 if unknown
ProgressCallback = Callable[[str, int, int], None]


def analyze(paths: Iterable[str | os.PathLike], settings: Settings | None = None, *,
            progress: ProgressCallback | None = None,
            tagger: TextParser | None = None) -> Report:
    """Read, clean and analyse every report under ``paths`` as one story."""
    settings = settings or Settings()
    raws, skipped = [], []
    for item in read_all(paths, settings.max_file_bytes):
        if isinstance(item, Skipped):
            log.warning("skipped %s: %s", item.source, item.reason)
            skipped.append(item)
        else:
            raws.append(item)
        if progress:
            progress("read", len(raws) + len(skipped), 0)
    return analyze_documents(raws, settings, skipped=skipped, progress=progress, tagger=tagger)


def analyze_documents(raws: Sequence[RawDocument], settings: Settings | None = None, *,
                      skipped: Sequence[Skipped] = (), progress: ProgressCallback | None = None,
                      tagger: TextParser | None = None) -> Report:
    """Analyse documents already in memory (from a store, a feed, a test)."""
    settings = settings or Settings()
    docs, skipped = clean_all(raws, list(skipped))
    if not docs:
        return Report((), (), tuple(skipped))
    tagger = tagger or TextParser.load()
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("analyse", done, len(docs))

    analysed = analyse_documents(docs, tagger, settings.n_process, progress=advance)
    embed = SentenceEncoder.load().encode if settings.use_embeddings else None
    story = build_story("s1", analysed, settings, embed=embed)
    return Report(tuple(analysed), (story,), tuple(skipped))


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


__all__ = ["analyze", "analyze_documents", "AnalysedDocument", "ProgressCallback"]
