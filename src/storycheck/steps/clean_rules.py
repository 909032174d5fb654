"""Tables of line patterns that are not reporting, most specific first.

Each rule is (reason, compiled pattern); a line matching a pattern in full (or
at its start, where the pattern says so) is removed and recorded with the reason.
"""
from __future__ import annotations

import re

_I = re.IGNORECASE

SOCIAL_NETWORKS = (r"instagram|facebook|twitter|x|tiktok|tik tok|youtube|telegram|whatsapp|"
                   r"linkedin|threads|snapchat|pinterest|bluesky|reddit|mastodon")

SOCIAL_DOMAINS = (r"(?:twitter|x|facebook|fb|instagram|tiktok|youtube|youtu|t|linkedin|threads|"
                  r"pinterest|snapchat|bsky|reddit)\.(?:com|me|be|net|app)\b")

# contributor and editing credits at the foot of an article
CREDIT = re.compile(
    r"^\s*\(?\s*(?:(?:additional |further )?reporting by\b.{0,250}|"
    r"(?:writing|editing|compiled|edited|written) by\b.{0,200}\b(?:editing|reporting|writing) by\b.{0,200}|"
    r".{2,250}\bcontributed (?:reporting|to this (?:report|story|article))\b.{0,120})\)?\s*$", _I)

LINE_RULES: tuple[tuple[str, re.Pattern], ...] = (
    # "Instagram: @page", "Facebook - Some Page Name"
    ("social", re.compile(rf"^\s*(?:{SOCIAL_NETWORKS})\s*[:|\-–—]\s*\S.{{0,80}}$", _I)),
    # a line made only of @handles, #hashtags and social-network links (a bare link to any
    # other site -- a shop, a venue -- may be part of the report, so it is kept)
    ("social", re.compile(
        rf"^\s*(?=.*(?:@\w|#\w|{SOCIAL_DOMAINS}))"
        r"(?:(?:@\w[\w.]*|#\w+|https?://\S+|www\.\S+|[\w.-]+\.com/\S*)[\s,|·•]*)+$", _I)),
    # "Follow Outlet on Facebook, Twitter and Instagram.", "Follow AP's coverage at https://..."
    ("social", re.compile(
        rf"^(?=(?:\S+\s+){{0,24}}\S+\s*$)\s*(?:follow(?! us\b)(?!-)|(?:find|like|connect with|reach) "
        rf"(?:us|him|her|them|me|the (?:reporters?|writers?|authors?)))\b.{{0,120}}\b(?:{SOCIAL_NETWORKS}|"
        r"https?://|www\.|@\w).{0,120}$", _I)),
    # "Have a tip? The reporter may be reached at ...", a bare e-mail address
    ("contact", re.compile(
        r"^\s*(?:(?:have a (?:news )?tip|got a (?:news )?tip|tips?:)\b.{0,250}|"
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
        r"(?:reach|contact|email|e-mail) (?:the )?(?:reporters?|writers?|authors?|him|her|them)\b.{0,200}|"
        # "Write to Jo Bloggs at jo@example.com", "Email Jo at jo@example.com or follow her ..."
        r"(?:write to|email|e-mail|contact|reach) [^@]{2,60}\bat [\w.+-]+@[\w-]+\.[\w.-]+.{0,150}|"
        r".{0,80}\b(?:can|may) be reached (?:at|by|on|via)\b.{0,200})$", _I)),
    ("promo", re.compile(
        r"^\s*(?:also read|read also|read more|more from|see also|related(?: articles?| stories| news)?|"
        r"recommended(?: for you)?|don'?t miss|must read|trending|watch|listen|click here|"
        r"advertisement|sponsored|promoted)\b.{0,200}$", _I)),
    # calls to action: an imperative at the start of the line ...
    ("promo", re.compile(
        r"^\s*(?:follow us|subscribe|sign up|join (?:us|our)|download (?:our|the) app|"
        r"get (?:our|the latest|the day'?s|the best|[\w' ]{0,40}\bdelivered)|like us on|"
        r"turn on notifications|click (?:here|to)|tap here|"
        r"if you (?:enjoyed|liked) (?:this|the) (?:article|story|post))\b.{0,250}$", _I)),
    # ... or a short line about the outlet's newsletter or pages, not a sentence that
    # happens to mention signing up for something
    ("promo", re.compile(
        r"^(?=(?:\S+\s+){0,15}\S+\s*$).{0,80}\b(?:follow us|newsletters?|social media pages?|"
        r"like us on|delivered (?:to|straight to|directly to) your inbox)\b.{0,120}$", _I)),
    ("promo", re.compile(
        r"^\s*(?:[-•*]\s+)?(?:you (?:may|might) also (?:like|enjoy)|more (?:on|about) this|order reprints?|"
        r"print (?:this )?article|like this (?:story|article)\?.{0,60}|share (?:this|it) with.{0,60}|"
        r"story continues below.{0,40}|leggi anche|lesen sie auch|lire aussi|lea también|"
        r"leia também)\b.{0,60}$", _I)),
    # a teaser headline tagged "[VIDEO]", "[PICTURES]"; "[Related: ...]"
    ("promo", re.compile(r"^.{5,200}\[[A-Z][A-Z ]{2,20}\]\s*\|?\s*$")),
    ("promo", re.compile(r"^\s*\[(?:related|read|see|watch|more)\b[^\]]{0,200}\]\s*$", _I)),
    # WordPress shortcodes: "[button link=...]Text[/button]"
    ("debris", re.compile(r"^\s*\[(\w+)(?:\s[^\]]*)?\].{0,200}\[/\1\]\s*$")),
    ("credit", CREDIT),
    # messages of the page's own tools, not of the article
    ("debris", re.compile(
        r"^\s*(?:an error (?:has )?occurred\b.{0,80}|this article has been (?:sent|shared|saved)\b.{0,40}|"
        r"(?:please )?enable javascript\b.{0,120}|your browser does not support\b.{0,120})$", _I)),
    # "Filed under: ...", "Tags: a, b, c", "Categories: ..."
    ("metadata", re.compile(
        r"^\s*(?:filed under|tags?|tagged(?: with)?|categor(?:y|ies)|topics?)\s*:.{0,200}$", _I)),
    # photo credits: "(credit: Agency)", "photos © Someone, 2024"
    ("photo-credit", re.compile(
        r"^.{0,160}(?:\((?:photo )?credit:[^)]{1,80}\)|\bphotos? ©.{1,60})\s*\|?\s*$", _I)),
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

# a header introducing a list of links to other stories ("Related:", "You may also like...")
RELATED_HEADER = re.compile(
    r"^\s*(?:related(?: articles?| stories| news| content| coverage| links| reading)?|"
    r"more(?: stories| news| coverage| on this(?: story)?| from [\w.' ]{1,30})?|also|see also|"
    r"read (?:more|also|next)|also read|recommended(?: for you| reading| stories)?|"
    r"don'?t miss(?: this)?|must read|trending(?: now| stories)?|you (?:may|might) also (?:like|enjoy)|"
    r"leggi anche|lesen sie auch|lire aussi|lea también|leia também)\s*[:.…!]*\s*$", _I)

# salutations in advice columns look like datelines ("DEAR READER:")
NOT_DATELINE = re.compile(r"^(?:DEAR|Q|A|NOTE|UPDATE|EDITOR'?S NOTE)\b", _I)

# "Click To Tweet" buttons glued to the end of a pull quote
CLICK_TO_TWEET = re.compile(r"\s*click to tweet\s*$", _I)

BULLET = re.compile(r"^\s*(?:[-•*▪◦‣·]|\d{1,2}[.)])\s+(?=\S)")

# characters that may end a complete article
FINAL_PUNCTUATION = ".!?\"'”’)]»…"
