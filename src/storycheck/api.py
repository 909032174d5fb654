"""The Python API: ``analyze(paths) -> Report``. The CLI and web app call this."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence

from .io.sources import read_sources
from .language import LanguageDetector
from .models import (AnalysedDocument, CheckReport, ClaimCheck, Document, RawDocument, Report,
                     Skipped, SourceCounts)
from .settings import Settings
from .steps.analyse import analyse_each_document
from .steps.check import check_claims, claims_to_check, with_title
from .steps.clean import clean_document
from .nlp.embed import SentenceEncoder
from .grouping import group_documents, mostly_dated
from .nlp.judge import PairJudge
from .nlp.spacy_pipeline import TextParser
from .steps.story import build_story


# progress(stage, done, total): called as work advances; total may be 0 if unknown
ProgressCallback = Callable[[str, int, int], None]


def analyze(paths: Iterable[str | os.PathLike], settings: Settings | None = None, *,
            progress: ProgressCallback | None = None,
            parser: TextParser | None = None) -> Report:
    """Read, clean and analyse every report under ``paths`` (files, folders and http(s)
    URLs of pages and feeds), grouped into stories."""
    settings = settings or Settings()
    raws, skipped = [], []
    for item in read_sources(paths, settings):
        if isinstance(item, Skipped):  # returned in the report; the caller says so
            skipped.append(item)
        else:
            raws.append(item)
        if progress:
            progress("read", len(raws) + len(skipped), 0)
    return analyze_documents(raws, settings, skipped=skipped, progress=progress, parser=parser)


def analyze_documents(raws: Sequence[RawDocument], settings: Settings | None = None, *,
                      skipped: Sequence[Skipped] = (), progress: ProgressCallback | None = None,
                      parser: TextParser | None = None, story_id: str | None = None,
                      encoder: SentenceEncoder | None = None) -> Report:
    """Analyse documents already in memory (from a store, a feed, a test).

    With ``story_id`` the documents are one story of that id (already grouped,
    as in a store); otherwise they are grouped into stories. ``encoder``: the
    sentence encoder to use (one that keeps its vectors in a store).
    """
    settings = settings or Settings()
    docs, skipped = clean_all(raws, list(skipped), max_chars=settings.max_document_chars)
    if not docs:
        return Report((), (), tuple(skipped))
    parser = parser or TextParser.load()
    analysed = analyse_each_document(docs, parser, settings.n_process,
                                 progress=counting(progress, "analyse", len(docs)))
    judge = PairJudge.load(encoder) if settings.use_embeddings else None
    groups = [(story_id, analysed)] if story_id else group_stories(
        analysed, settings, judge.encoder if judge and settings.group_meaning else None)
    stories = tuple(build_story(sid, members, settings, judge=judge) for sid, members in groups)
    return Report(tuple(analysed), stories, tuple(skipped))


def counting(progress: ProgressCallback | None, stage: str, total: int) -> Callable[[int], None]:
    """A step's ``progress(n)`` (n more items done) as calls of the caller's callback."""
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(stage, done, total)

    return advance


def group_stories(analysed: Sequence[AnalysedDocument], settings: Settings,
                  encoder: SentenceEncoder | None = None
                  ) -> list[tuple[str, list[AnalysedDocument]]]:
    """Split documents into stories (all one story when grouping is off); with an
    ``encoder``, titles and leads are compared by meaning too."""
    if not settings.group_stories or len(analysed) < 2:
        return [("s1", list(analysed))]
    by_id = {a.document.id: a for a in analysed}
    docs = ((a.document.id, a.document.title, a.document.text, a.document.published)
            for a in analysed)
    dated = mostly_dated([a.document.published for a in analysed])
    groups = group_documents(docs, settings.grouping_config(meaning=encoder is not None,
                                                            dated=dated), encoder=encoder)
    return [(story_id, [by_id[d] for d in members]) for story_id, members in groups.items()]


def clean_all(raws: Sequence[RawDocument], skipped: list[Skipped],
              detector: LanguageDetector | None = None,
              clean: Callable[[RawDocument], Document] = clean_document,
              max_chars: int = Settings().max_document_chars
              ) -> tuple[list[Document], list[Skipped]]:
    """Clean each document; drop (and report) those with no text left, text longer
    than ``max_chars``, a reused id, or text in another language than English (the
    NLP model's)."""
    detector = detector or LanguageDetector()
    docs, seen = [], set()
    for raw in raws:
        doc = clean(raw)
        if not doc.text.strip():
            skipped.append(Skipped(raw.source, "no article text left after cleaning"))
        elif len(doc.text) > max_chars:
            skipped.append(Skipped(raw.source, f"{len(doc.text):,} characters of text, over "
                                               f"max_document_chars ({max_chars:,}): not analysed"))
        elif doc.id in seen:
            skipped.append(Skipped(raw.source, f"duplicate document id {doc.id!r}"))
        elif language := detector.other_language(doc.text):
            skipped.append(Skipped(raw.source, f"written in another language ({language}), "
                                               "not English: not analysed", language))
        else:
            seen.add(doc.id)
            docs.append(doc)
    return docs, skipped


def check(claims: Iterable[str], paths: Iterable[str | os.PathLike],
          settings: Settings | None = None, *, parser: TextParser | None = None,
          judge: PairJudge | None = None) -> CheckReport:
    """What do the reports under ``paths`` say about each of ``claims``?"""
    settings = settings or Settings()
    raws, skipped = read_documents(paths, settings)
    return check_documents(claims, raws, settings, skipped=skipped, parser=parser, judge=judge)


def read_documents(paths: Iterable[str | os.PathLike], settings: Settings
                   ) -> tuple[list[RawDocument], list[Skipped]]:
    """Every document under ``paths`` (files, folders, URLs), and the inputs skipped
    with why."""
    raws: list[RawDocument] = []
    skipped: list[Skipped] = []
    for item in read_sources(paths, settings):
        (skipped if isinstance(item, Skipped) else raws).append(item)
    return raws, skipped


def check_documents(claims: Iterable[str], raws: Sequence[RawDocument],
                    settings: Settings | None = None, *, skipped: Sequence[Skipped] = (),
                    parser: TextParser | None = None, judge: PairJudge | None = None,
                    progress: ProgressCallback | None = None) -> CheckReport:
    """Check claims against documents already in memory (from a store, a feed, a test).

    A document's title counts as its first line, so a headline-only report is evidence too.
    """
    settings = settings or Settings()
    skipped = list(skipped)
    texts = claims_to_check(list(claims), skipped)
    docs, skipped = clean_all(raws, skipped, clean=lambda raw: with_title(clean_document(raw)),
                              max_chars=settings.max_document_chars)
    if not docs or not texts:
        checks = tuple(ClaimCheck(text, "not found", SourceCounts()) for text in texts)
        return CheckReport(checks, tuple(docs), tuple(skipped))
    parser = parser or TextParser.load()
    judge = judge or PairJudge.load()
    checks = check_claims(texts, docs, parser, judge.encoder, judge, settings,
                          progress=counting(progress, "analyse", len(docs) + len(texts)))
    return CheckReport(tuple(checks), tuple(docs), tuple(skipped))


__all__ = ["analyze", "analyze_documents", "check", "check_documents", "read_documents",
           "group_stories",
           "clean_all", "ProgressCallback"]
