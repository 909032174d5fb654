"""The grouper's saved state: a JSON-safe dict that restores it exactly.

Version 3 (scores from learned pair features) added each open story's event
dates; version 4 weighs words with a background prior (``background``) and
new weights.  An older state was scored differently, so it is refused (a
store then says to regroup) rather than continued with other weights.
"""
from __future__ import annotations

import base64
import heapq
from collections import Counter
from dataclasses import asdict
from typing import TYPE_CHECKING

import numpy as np

from .cluster import DF_TABLES, _Story
from .config import GroupingConfig

if TYPE_CHECKING:
    from .cluster import StoryGrouper

STATE_VERSION = 4


def grouper_state(grouper: "StoryGrouper") -> dict:
    """JSON-serialisable snapshot of ``grouper``."""
    g, n = grouper, len(grouper._terms)
    return {"version": STATE_VERSION, "config": asdict(g.config),
            "n_docs": g._n_docs, "terms": _pack(np.array(g._terms), "<i8"),  # hashes
            "df": {name: _pack(g._df[row:n * len(DF_TABLES):len(DF_TABLES)], "<i4")
                   for row, name in enumerate(DF_TABLES)},
            "prune_at": g._prune_at, "members": g.stories(), "clock": g._clock,
            "active": [_story_dict(s) for s in g._active.values()]}  # in LRU order


def restore_grouper(cls: type, state: dict) -> "StoryGrouper":
    """A ``cls`` grouper that continues exactly where the saved one left off."""
    if state.get("version") != STATE_VERSION:
        raise ValueError(f"unsupported grouper state version: {state.get('version')!r}")
    g = cls(GroupingConfig(**state["config"]))
    g._n_docs = state["n_docs"]
    g._set_terms(_unpack(state["terms"], "<i8").tolist())
    g._reserve(len(g._terms))
    n = len(g._terms)
    for row, name in enumerate(DF_TABLES):
        g._df[row:n * len(DF_TABLES):len(DF_TABLES)] = _unpack(state["df"][name], "<i4")
    g._prune_at = state["prune_at"]
    g._members = {sid: list(docs) for sid, docs in state["members"].items()}
    g._story_of = {d: sid for sid, docs in g._members.items() for d in docs}
    g._clock = state["clock"]
    for s in state["active"]:
        story = _Story(int(s["id"][1:]), _unpack(s["keys"], "<i8").astype(np.int64),
                       _unpack(s["sums"], "<f8").astype(np.float64), s["size"], s["first"],
                       s["latest"], Counter({int(d): c for d, c in s["days"]}),
                       _unpack(s["meaning"], "<f8").copy() if s.get("meaning") else None)
        g._active[story.num] = story
        g._postings.add(story.num, story.keys)
        if story.latest is not None:
            g._expiry.append((story.latest, story.num))
    heapq.heapify(g._expiry)
    return g


def _story_dict(story: _Story) -> dict:
    return {"id": story.id, "keys": _pack(story.keys, "<i8"), "sums": _pack(story.sums, "<f8"),
            "size": story.size, "first": story.first, "latest": story.latest,
            "days": [[d, c] for d, c in story.days.items()],  # insertion order kept
            "meaning": None if story.meaning is None else _pack(story.meaning, "<f8")}


def _pack(array: np.ndarray, dtype: str) -> str:
    """An array as base64 text of fixed-endian values: JSON-safe, and far faster
    to save and load than a list of numbers."""
    return base64.b64encode(np.asarray(array, dtype).tobytes()).decode("ascii")


def _unpack(text: str, dtype: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype)
