"""What storycheck writes: a report (``Report``, ``CheckReport``, the store's
``ShownStory``) as a dict, JSON, a Markdown brief or an HTML page.

The records in ``models`` know nothing of their formats; each format is one
function here, dispatched on the record's type (the store registers ``ShownStory``).
"""
from __future__ import annotations

import json
from functools import singledispatch

from ..models import CheckReport, Report
from .brief import report_to_html, report_to_markdown
from .check import check_report_to_dict, check_report_to_markdown
from .report_json import report_from_dict, report_to_dict

__all__ = ["to_dict", "to_json", "to_markdown", "to_html", "report_from_dict"]


@singledispatch
def to_dict(report) -> dict:
    raise TypeError(f"no dict form for {type(report).__name__}")


@singledispatch
def to_markdown(report) -> str:
    raise TypeError(f"no Markdown form for {type(report).__name__}")


@singledispatch
def to_html(report) -> str:
    raise TypeError(f"no HTML form for {type(report).__name__}")


def to_json(report, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=indent)


to_dict.register(Report, report_to_dict)
to_dict.register(CheckReport, check_report_to_dict)
to_markdown.register(Report, report_to_markdown)
to_markdown.register(CheckReport, check_report_to_markdown)
to_html.register(Report, report_to_html)
