"""storycheck: many news reports of one story in, one verified, cited account out."""
from .api import analyze, analyze_documents
from .errors import ExtractError, NoDocumentsError, ReadError, StorycheckError, StoreError, UsageError
from .store import Store, StoryView
from .models import (AnalysedDocument, Citation, Claim, ClaimGroup, CopyLink, Coverage, Document,
                     RawDocument, Removed, Report, Skipped, Story, TimeExpression, TimelineEvent,
                     Variance, VarianceSide)
from .settings import SETTINGS, Settings

__version__ = "0.1.0"

__all__ = [
    "analyze", "analyze_documents", "Settings", "SETTINGS", "Store", "StoryView",
    "Report", "Story", "ClaimGroup", "Variance", "VarianceSide", "TimelineEvent", "Coverage",
    "CopyLink", "Citation", "Claim", "Document", "RawDocument", "AnalysedDocument", "Removed",
    "Skipped", "TimeExpression",
    "StorycheckError", "ReadError", "ExtractError", "UsageError", "NoDocumentsError", "StoreError",
]
