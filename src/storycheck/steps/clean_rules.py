"""Tables of line patterns that are not reporting, most specific first.

Each rule is (reason, compiled pattern); a line matching a pattern in full (or
at its start, where the pattern says so) is removed and recorded with the reason.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

SOCIAL_NETWORKS = (r"instagram|facebook|twitter|x|tiktok|tik tok|youtube|telegram|whatsapp|"
                   r"linkedin|threads|snapchat|pinterest|bluesky|reddit|mastodon")

LINE_RULES: tuple[tuple[str, re.Pattern], ...] = (
    # "Instagram: @page", "Facebook - Some Page Name"
    ("social", re.compile(rf"^\s*(?:{SOCIAL_NETWORKS})\s*[:|\-–—]\s*\S.{{0,80}}$", _I)),
    # a line made only of @handles, #hashtags and links
    ("social", re.compile(r"^\s*(?:(?:@\w[\w.]*|#\w+|https?://\S+|www\.\S+)[\s,|·•]*)+$", _I)),
    ("promo", re.compile(
        r"^\s*(?:also read|read also|read more|more from|see also|related(?: articles?| stories| news)?|"
        r"recommended(?: for you)?|don'?t miss|must read|trending|watch|listen|click here|"
        r"advertisement|sponsored|promoted)\b.{0,200}$", _I)),
    ("promo", re.compile(
        r"^.{0,80}\b(?:follow us|subscribe|sign up|join (?:us|our)|download (?:our|the) app|"
        r"get (?:our|the latest)|newsletter|social media pages?|"
        r"like us on|turn on notifications)\b.{0,200}$", _I)),
    ("boilerplate", re.compile(
        r"^\s*(?:share(?: this| on \w+)?|tweet|email|print|copy link|comments?|"
        r"(?:we use )?cookies?\b.{0,150}|accept(?: all)?(?: cookies)?|"
        r"(?:copyright|©|\(c\)).{0,150}|all rights reserved.{0,100}|"
        r"(?:photo|image|picture|file photo|credit|source|video)\s*[:/|].{0,150}|"
        r"updated:?\s.{0,40}|published:?\s.{0,40}|last updated.{0,40})\s*$", _I)),
    ("byline", re.compile(
        r"^\s*[Bb][Yy]\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|van|von|al-?\w*)){0,5}"
        r"(?:\s*[,|–—-]\s*.{0,60})?\s*$")),
)

# "KESTREL BAY, March 12 (Agency) -" or "LONDON (Reuters) —" at a paragraph start
DATELINE = re.compile(
    r"^(?P<dateline>[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .]{1,30})?"
    r"(?:,\s*\w{3,9}\.?\s+\d{1,2})?\s*(?:\([\w .&-]{2,40}\))?\s*[-–—:]+)\s+")

BULLET = re.compile(r"^\s*(?:[-•*▪◦‣·]|\d{1,2}[.)])\s+(?=\S)")

# characters that may end a complete article
FINAL_PUNCTUATION = ".!?\"'”’)]»…"
