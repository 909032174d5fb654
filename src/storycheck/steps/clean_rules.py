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
    r"contributing\s*:\s*\S.{0,120}|"
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
        r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?:\s*(?:,|or|and)\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+)*|"
        # a phone number alone: "(555) 010-4477"
        r"\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}|"
        r"(?:reach|contact|email|e-mail) (?:the )?(?:reporters?|writers?|authors?|him|her|them)\b.{0,200}|"
        # "Write to Jo Bloggs at jo@example.com", "Email Jo at jo@example.com or follow her ..."
        r"(?:write to|email|e-mail|contact|reach) [^@]{2,60}\bat [\w.+-]+@[\w-]+\.[\w.-]+.{0,150}|"
        r".{0,80}\b(?:can|may) be reached (?:at|by|on|via)\b.{0,200})$", _I)),
    ("promo", re.compile(
        r"^\s*(?:also read|read also|read more|more from|see also|related(?: articles?| stories| news)?|"
        r"recommended(?: for you)?|don'?t miss|must read|trending|watch|listen|click here|"
        r"advertisement|sponsored|promoted)\b.{0,200}$", _I)),
    # "Read or Share this story: <link>", "READ: <another headline>", "Previous story: ..."
    ("promo", re.compile(
        r"^\s*(?:read(?: or share this story)?|(?:previous|next) (?:story|article)|download as pdf)"
        r"\s*:.{0,200}$", _I)),
    ("promo", re.compile(r"^\s*on a mobile (?:device|phone)\?.{0,150}$", _I)),
    # the outlet's note that the story is developing, not part of it
    ("boilerplate", re.compile(
        r"^(?=(?:\S+\s+){0,25}\S+\s*$)\s*this (?:is a )?(?:developing|breaking) story\b.{0,150}$",
        _I)),
    # calls to action: an imperative at the start of the line ...
    ("promo", re.compile(
        r"^\s*(?:follow us|subscribe|sign up|join (?:us|our)|download (?:our|the) app|"
        r"get (?:our|the latest|the day'?s|the best|[\w' ]{0,40}\bdelivered)|like us on|"
        r"turn on notifications|click (?:here|to)|tap here|"
        r"if you (?:enjoyed|liked) (?:this|the) (?:article|story|post))\b.{0,250}$", _I)),
    # ... or a line sending the reader to the outlet's pages or events: "To learn more,
    # follow our channel and sign up for the free evening webinars."
    ("promo", re.compile(
        r"^(?=(?:\S+\s+){0,39}\S+\s*$).{0,120}\b(?:visit|follow|join|check out|subscribe to|"
        r"tune in to)\b.{0,80}\b(?:social media (?:pages?|channels?|accounts?|profiles?)|"
        r"our (?:[\w-]+ ){0,2}(?:sessions?|webinars?|classes|courses|podcasts?|channels?|"
        r"newsletters?|community|pages?|website|site|app|live ?streams?))\b.{0,150}$", _I)),
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
    # the page's account, sign-in and alert widgets: "We have sent you a verification
    # email", "Already have an account?", "Your notification has been saved."
    ("account-prompt", re.compile(
        r"^(?=(?:\S+\s+){0,45}\S+\s*$).{0,120}\b(?:(?:verification|confirmation|activation) "
        r"(?:e-?mail|message|link)|already (?:have an account|a subscriber|registered)|"
        r"(?:welcome back|please)\W+(?:sign|log) ?in\b|(?:sign|log) ?in (?:using|with)\b|"
        r"thank you for (?:registering|signing up|subscribing)|set up your account|"
        r"by submitting your registration|(?:e-?mail |your )notifications?\b.{0,60}"
        r"\b(?:saved|sent|saving)|(?:digital|subscriber) access|deliverable area|"
        r"haven'?t selected any newsletters?|you are the owner of this article|"
        r"enter the characters|why are we asking (?:for )?this|just one more thing|"
        # alert and subscription widgets: "Get email notifications on <author> daily!",
        # "There was a problem saving your notification.", "3 of 3 Premium Clicks used"
        r"(?:problem|error) saving your|get e-?mail notifications on|"
        r"e-?mail notifications are only sent|whenever .{0,60}\bposts new content\b.{0,20}"
        r"\byou'?ll|(?:full|digital|premium|unlimited) access (?:subscriber|subscription|member)|"
        r"premium clicks?|premium subscribers? only|delivery options (?:to fit|for you)|"
        r"convenience of home delivery|sign in to (?:update|manage|continue|comment)|"
        r"e-?mail address (?:was|is) (?:supplied|required)|complete your registration|"
        r"confirm or modify the e-?mail address|receive free e-?mail (?:news )?updates|"
        r"an? e-?mail has been sent (?:to you |to your inbox )?with a link|"
        r"use your (?:facebook|google|twitter|apple) account|"
        r"be the first to know about new stories|article is outdated)\b.{0,300}$",
        _I)),
    # unfilled template placeholders: "{* data_emailAddress *}", "[website]"
    ("debris", re.compile(r"^.{0,300}(?:\{\*[^}]{1,60}\*\}|\{\{[^}]{1,60}\}\}|"
                          r"\[(?:website|site|name)\]).{0,300}$", _I)),
    # video and media player prompts
    ("media-prompt", re.compile(
        r"^(?=(?:\S+\s+){0,40}\S+\s*$).{0,80}\b(?:having trouble (?:viewing|watching|"
        r"playing)|(?:hide|show) transcript|this (?:slideshow|video|player|gallery|content) "
        r"requires|ad[- ]?block(?:ing|er)?\b.{0,40}\b(?:extensions?|disabl)|like this: like|"
        r"loading\.\.\.$|(?:video|player) (?:is )?(?:loading|unavailable|not available)|"
        r"(?:interactive )?transcript could not be loaded|rating is available when the video|"
        r"this feature is not available right now)"
        r"\b.{0,250}$", _I)),
    # an embedded tweet's own small print
    ("social", re.compile(r"^\s*when you tweet with a location\b.{0,300}$", _I)),
    # a short line pointing to the outlet's social pages or app: "Stay Up To Date,
    # Follow <Station> On Twitter", ">>Download the <Station> app for iOS and Android"
    ("social", re.compile(
        rf"^(?=(?:\S+\s+){{0,14}}\S+\s*$)\W*(?:(?:[\w ]{{0,25}},\s*)?(?:follow|join|like us|find us|never miss)\b"
        rf".{{0,60}}\b(?:{SOCIAL_NETWORKS})\b.{{0,40}}|on (?:{SOCIAL_NETWORKS})\s*:?|"
        rf"follow [\w&'. -]{{1,30}}:|download (?:the|our) .{{0,50}}\bapp\b.{{0,40}})$", _I)),
    # a press release's stamp: "NEWS RELEASE", "REGION 3 PRESS RELEASE", "FOR IMMEDIATE RELEASE"
    ("metadata", re.compile(r"^\s*(?:[\w-]+\s+){0,3}(?:news|press|media) release\s*$|"
                            r"^\s*for immediate release\s*$", _I)),
    ("contact", re.compile(
        r"^(?=(?:\S+\s+){0,14}\S+\s*$).{0,40}\b(?:report an error|submit a (?:news )?tip|"
        r"send us (?:a )?(?:news )?tips?)\b.{0,80}$", _I)),
    # wire and copyright small print in brackets: "(© 2016 Station)", "(Copyright 2016 AP.
    # All rights reserved. This material may not be published, broadcast ...)"
    ("boilerplate", re.compile(
        r"^\s*\(?(?:[^()]{0,60}(?:©|\(c\)|\bcopyright\b)[^()]{0,200}\)?|"
        r".{0,200}\ball rights reserved\b.{0,200}|.{0,120}\bmay not be (?:published|"
        r"reproduced|redistributed)\b.{0,160})\s*$", _I)),
    # a page's posting stamp, often glued to the headline: "... Posted: Tuesday,
    # January 28, 2014 8:18 PM EST Updated: ..."
    ("metadata", re.compile(
        r"^(?=(?:\S+\s+){0,45}\S+\s*$).{0,200}\bposted:?\s.{0,60}\d{1,2}:\d{2}\s*[ap]\.?m\b.{0,100}$",
        _I)),
    # one word of page furniture on its own line
    ("boilerplate", re.compile(
        rf"^\s*(?:close|photos?|videos?|gallery|menu|loading|advertisement|{SOCIAL_NETWORKS}|"
        r"google\+?|e-?mail|print|share)\s*$", _I)),
    # an item of a video playlist: its running time, then another story's headline
    ("promo", re.compile(
        r"^\s*\d{1,2}:\d{2}\s+(?![AaPp]\.?[Mm]\b)[\"'‘“]?[A-Z]"
        r"(?:[^.!?]|\.(?=\S)|(?<=\b[A-Z])\.){5,150}(?:[^.!?:]|\?)\s*$")),
    # a playlist item's running time on its own line
    ("promo", re.compile(r"^\s*\d{1,2}:\d{2}\s*$")),
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

# a header after which the page appends other stories: "In other shootings:",
# "In other news:", "Elsewhere:"; the rest of the text is removed ("other-story")
OTHER_STORIES_HEADER = re.compile(
    r"^\s*(?:in other (?:[\w-]+ )?(?:news|stories|headlines|[\w-]+s)|elsewhere(?: in [\w .'-]{1,30})?|"
    r"(?:in )?(?:other|separate|unrelated) (?:incidents|shootings|cases|stories|news))\s*[:.…]+\s*$",
    _I)

# A press release's contact block opens with this: the short lines under it
# (a name, an agency, a phone, a site) are contact details, not report.
CONTACT_HEADER = re.compile(
    r"^\s*(?:(?:(?:media|press|news) )?contacts?(?: information| info| details)?|"
    r"for (?:more|further) information,? (?:please )?contact)\s*:?\s*$", _I)

# salutations in advice columns look like datelines ("DEAR READER:")
NOT_DATELINE = re.compile(r"^(?:DEAR|Q|A|NOTE|UPDATE|EDITOR'?S NOTE)\b", _I)

# "Click To Tweet" buttons glued to the end of a pull quote
CLICK_TO_TWEET = re.compile(r"\s*click to tweet\s*$", _I)

BULLET = re.compile(r"^\s*(?:[-•*▪◦‣·]|\d{1,2}[.)])\s+(?=\S)")

# characters that may end a complete article
FINAL_PUNCTUATION = ".!?\"'”’)]»…"
