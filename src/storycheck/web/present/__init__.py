"""Presentation helpers: everything the web templates show, computed once per
report, one module per page or concern.  Nothing here touches the database."""
from .dates import date_range, pretty_date
from .document_page import DocumentPage
from .labels import STATUS_LABELS, STATUSES
from .links import document_url, parse_span, safe_href, search_url, story_url
from .search import matches, parse_query
from .story_list import StoryFacts, StoryList, StoryRow, newest_first
from .story_page import Chip, MatrixColumn, MatrixRow, SourceGroup, StoryPage
from .timeline import TimelineChart, TimelineDot, timeline_chart

__all__ = ["STATUSES", "STATUS_LABELS", "story_url", "document_url", "search_url", "safe_href",
           "parse_span", "pretty_date", "date_range", "parse_query", "matches", "StoryFacts",
           "StoryRow", "StoryList", "newest_first", "StoryPage", "Chip", "SourceGroup",
           "MatrixColumn", "MatrixRow", "DocumentPage", "TimelineChart", "TimelineDot",
           "timeline_chart"]
