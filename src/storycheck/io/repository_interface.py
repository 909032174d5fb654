"""The interface of the database behind ``Store``: what a repository does,
whatever engine it runs on (``repository_sql.py`` implements it in SQL for
SQLite, ``repository.py``, and PostgreSQL, ``repository_postgres.py``;
``engine.open_repository`` picks one from the address)."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence

import numpy as np

from ..models import CopyLink, RawDocument
from .records import Batch, CachedReport, DocRef, StoredDocument, StorySummary

class Repository(ABC):
    """What ``Store`` needs from a database.

    Writes happen inside ``transaction()``, which must exclude other writers
    (readers may go on).  ``generation`` is bumped by every ingest batch so a
    writer can tell that another one committed in between.
    """

    location: str  # the database, for messages (a URL's password masked)
    address: str  # what opens it again (Store.open), password included

    @abstractmethod
    def transaction(self): ...  # a context manager

    @abstractmethod
    def close(self) -> None: ...

    # ingest
    @abstractmethod
    def generation(self) -> int: ...

    @abstractmethod
    def bump_generation(self) -> int: ...

    @abstractmethod
    def known_hashes(self, hashes: Sequence[str]) -> set[str]: ...

    @abstractmethod
    def documents_by_key(self, keys: Sequence[str]) -> dict[str, DocRef]: ...

    @abstractmethod
    def taken_ids(self, ids: Sequence[str]) -> set[str]: ...

    @abstractmethod
    def last_num(self) -> int: ...

    @abstractmethod
    def write_batch(self, batch: Batch) -> None: ...

    @abstractmethod
    def grouper_state(self) -> tuple[dict | None, int]: ...

    @abstractmethod
    def save_grouper_state(self, state: dict, through: int) -> None: ...

    @abstractmethod
    def first_revisions(self, after: int) -> Iterator[tuple[int, str, RawDocument]]: ...

    @abstractmethod
    def signatures(self, chunk: int = 50_000) -> Iterator[tuple[list[int], np.ndarray,
                                                                np.ndarray]]: ...

    @abstractmethod
    def first_text(self, num: int) -> tuple[str, str | None]: ...

    @abstractmethod
    def unsized_signatures(self) -> list[int]: ...  # document numbers

    @abstractmethod
    def replace_signatures(self, rows: Sequence[tuple[int, bytes, int]]) -> None: ...

    @abstractmethod
    def set_stories(self, pairs: Sequence[tuple[str, int]]) -> None: ...  # (story, num)

    @abstractmethod
    def clear_reports(self) -> None: ...

    # reading
    @abstractmethod
    def story_summaries(self) -> list[StorySummary]: ...

    @abstractmethod
    def story_documents(self, story: str) -> list[StoredDocument]: ...

    @abstractmethod
    def copy_links(self, story: str | None = None) -> list[CopyLink]: ...

    @abstractmethod
    def cached_report(self, story: str) -> CachedReport | None: ...

    @abstractmethod
    def save_report(self, story: str, fingerprint: str, documents: list, report: dict) -> None: ...

    @abstractmethod
    def last_shown(self, story: str) -> dict | None: ...

    @abstractmethod
    def save_shown(self, story: str, snapshot: dict) -> None: ...

    @abstractmethod
    def vectors(self, keys: Sequence[str]) -> dict[str, bytes]: ...

    @abstractmethod
    def save_vectors(self, rows: Sequence[tuple[str, bytes]]) -> None: ...
