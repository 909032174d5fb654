"""A database of documents, their stories and cached story reports: ``Store``."""
from ..io.records import IngestResult, StoredDocument, StorySummary
from ..io.repository import DEFAULT_DB, Repository, SQLiteRepository
from .changes import Changes
from .store import Store
from .shown import ShownStory

__all__ = ["Store", "ShownStory", "Changes", "IngestResult", "StorySummary", "StoredDocument",
           "Repository", "SQLiteRepository", "DEFAULT_DB"]
