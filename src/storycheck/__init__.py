"""storycheck: many news reports of one story in, one verified, cited account out."""
from .api import analyze, analyze_documents, check, check_documents
from .errors import ExtractError, NoDocumentsError, ReadError, StorycheckError, StoreError, UsageError
from .store import Store, ShownStory
from .models import (AnalysedDocument, CheckReport, Citation, Claim, ClaimCheck, ClaimGroup,
                     CopyLink, Coverage, Document, DocumentStance, RawDocument, Removed, Report,
                     Skipped, SourceCounts, Story, TimeExpression, TimelineEvent, ValueDifference,
                     Variance, VarianceSide)
from .settings import SETTINGS, Settings

__version__ = "0.1.0"

__all__ = [
    "analyze", "analyze_documents", "check", "check_documents", "Settings", "SETTINGS", "Store",
    "ShownStory", "CheckReport", "ClaimCheck", "DocumentStance", "SourceCounts", "ValueDifference",
    "Report", "Story", "ClaimGroup", "Variance", "VarianceSide", "TimelineEvent", "Coverage",
    "CopyLink", "Citation", "Claim", "Document", "RawDocument", "AnalysedDocument", "Removed",
    "Skipped", "TimeExpression",
    "StorycheckError", "ReadError", "ExtractError", "UsageError", "NoDocumentsError", "StoreError",
]
