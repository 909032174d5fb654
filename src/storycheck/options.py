"""The shape of one option: a dataclass field with its help text.

Kept apart from ``settings.py`` so that step modules (the grouper's
``GroupingConfig``) can declare options that ``Settings`` then exposes, without
an import cycle.
"""
from __future__ import annotations

from dataclasses import field
from typing import Any, NamedTuple


class Setting(NamedTuple):
    name: str
    default: Any
    help: str


def option(default: Any, help: str) -> Any:
    """A dataclass field with its help text, for option tables and docs."""
    return field(default=default, metadata={"help": help})
