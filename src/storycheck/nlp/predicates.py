"""Coarse classes of what happened, by predicate lemma (plain data: general news
verbs, so that "halted", "scrapped" and "struck down" compare as one event).

A lemma missing here is its own class. Phrasal verbs are keyed "verb particle",
fixed verb-object phrases "verb object" ("open fire").
"""
from __future__ import annotations

PREDICATE_CLASSES: dict[str, tuple[str, ...]] = {
    "end": ("end", "cancel", "halt", "scrap", "strike down", "abandon", "terminate", "drop",
            "axe", "shelve", "suspend", "stop", "close", "shut", "shut down", "call off",
            "revoke", "withdraw", "quit", "dissolve", "overturn", "annul", "conclude"),
    "begin": ("begin", "start", "launch", "open", "reopen", "introduce", "initiate", "resume",
              "establish", "found", "set up", "kick off"),
    "say": ("say", "state", "tell", "add", "announce", "declare", "claim", "note", "explain",
            "report", "write", "insist", "argue", "confirm", "stress", "emphasise", "emphasize",
            "warn", "describe", "acknowledge", "reveal", "disclose", "mention", "suggest",
            "assert", "comment", "reply", "respond", "ask", "testify", "recall"),
    "deny": ("deny", "reject", "refute", "dismiss", "dispute", "rebut", "contradict"),
    "agree": ("agree", "sign", "approve", "ratify", "accept", "endorse", "adopt", "back",
              "support"),
    "negotiate": ("negotiate", "discuss", "talk", "meet", "consult", "propose", "offer"),
    "harm": ("kill", "shoot", "injure", "wound", "hurt", "stab", "attack", "assault", "beat",
             "murder", "hit", "strike", "bomb", "fire at", "gun down", "shoot dead", "open fire"),
    "die": ("die", "perish", "drown", "succumb"),
    "arrest": ("arrest", "detain", "apprehend", "capture", "seize", "jail", "imprison",
               "take into custody", "book"),
    "charge": ("charge", "indict", "accuse", "prosecute", "sue", "cite"),
    "convict": ("convict", "sentence", "find guilty", "acquit", "plead"),
    "release": ("release", "free", "bail", "discharge", "let go"),
    "investigate": ("investigate", "probe", "examine", "review", "inspect", "search", "audit"),
    "move": ("deport", "relocate", "send", "transfer", "remove", "expel", "evacuate", "flee",
             "escape", "leave", "arrive", "travel", "return", "cross"),
    "pay": ("pay", "fund", "finance", "spend", "give", "donate", "grant", "invest", "lend",
            "compensate"),
    "acquire": ("buy", "acquire", "purchase", "take over", "sell", "merge", "sell off"),
    "increase": ("increase", "rise", "grow", "climb", "jump", "soar", "surge", "double",
                 "raise", "boost", "expand", "gain"),
    "decrease": ("decrease", "fall", "drop off", "decline", "drop", "plunge", "slump", "cut",
                 "reduce", "lower", "shrink", "lose"),
    "win": ("win", "defeat", "beat", "elect", "re-elect"),
    "lose": ("lose", "concede"),
    "appoint": ("appoint", "name", "nominate", "hire", "choose", "select", "promote"),
    "resign": ("resign", "step down", "retire", "fire", "dismiss", "sack", "oust"),
    "rule": ("rule", "decide", "order", "judge", "block", "ban", "uphold"),
    "legislate": ("pass", "enact", "vote", "legislate", "amend", "repeal"),
    "plan": ("plan", "intend", "aim", "consider", "prepare", "expect", "hope", "seek"),
}
# A lemma in two lists ("drop", "beat", "strike", "dismiss") goes to the first:
# in news the first reading is the common one.
PREDICATE_CLASS: dict[str, str] = {}
for _class, _lemmas in PREDICATE_CLASSES.items():
    for _lemma in _lemmas:
        PREDICATE_CLASS.setdefault(_lemma, _class)

SPEECH = frozenset(PREDICATE_CLASSES["say"]) | {"deny"}
# Verbs that negate the event of their complement: "refused to sign", "denied that ...".
NEGATING = frozenset({"deny", "refuse", "fail", "decline", "reject"})
# Verbs whose complement is the event and only softens it: "is expected to end".
HEDGING = frozenset({"expect", "believe", "appear", "seem", "likely", "suspect", "plan",
                     "intend", "hope", "threaten", "consider", "propose", "may"})
# Verbs whose complement is the event itself: "decided to scrap", "began to fall".
LIGHT = frozenset({"decide", "begin", "start", "continue", "try", "move", "vote", "agree",
                   "go", "want", "seek", "manage", "choose", "help"})
# Participles that work as prepositions: ", including ...", ", following a storm".
PREPOSITION_LIKE = frozenset({"include", "regard", "concern", "follow", "accord", "consider",
                              "involve", "exclude", "compare", "depend", "give", "surround",
                              "target", "range"})
MODALS = frozenset({"may", "might", "could", "would", "should", "can"})
HEDGE_WORDS = frozenset({"reportedly", "allegedly", "apparently", "possibly", "probably",
                         "likely", "perhaps", "purportedly", "supposedly", "potential",
                         "potentially", "unconfirmed", "presumably", "maybe"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "nobody", "none", "nothing",
                            "neither", "nor"})


# Predicates that say only that something was or took place: they fit any kind of
# event ("the shooting happened at 2 a.m." dates the same event as "two were shot").
GENERIC_PREDICATES = frozenset({"be", "happen", "occur", "take place", "unfold", "come"})


# Classes of saying and intending: a frame of these reports an event without
# being one (and a misparse often leaves "..., police said" as the predicate).
ATTITUDE_CLASSES = frozenset({"say", "deny", "plan"})


def one_kind_of_event(class_a: str, class_b: str, predicate_a: str, predicate_b: str) -> bool:
    """Whether two frames can be of one event: unless both are events of known,
    different classes ("agree" and "end"), they can."""
    known = [c for c in (class_a, class_b) if c in PREDICATE_CLASSES and
             c not in ATTITUDE_CLASSES]
    return len(known) < 2 or class_a == class_b or predicate_a in GENERIC_PREDICATES or \
        predicate_b in GENERIC_PREDICATES


# Nouns one thing is called by in one report ("an agreement ..." then "the deal"),
# so that "the deal" can stand for an earlier "agreement".
NOUN_CLASSES = (
    frozenset({"agreement", "deal", "pact", "arrangement", "accord", "treaty", "partnership",
               "contract", "scheme", "memorandum"}),
    frozenset({"shooting", "incident", "attack", "shootout", "stabbing", "gunfire"}),
)
NOUN_CLASS = {noun: index for index, nouns in enumerate(NOUN_CLASSES) for noun in nouns}


def same_noun_class(a: str, b: str) -> bool:
    """Whether two (lower-case, singular) nouns can name one thing: equal, or of one class."""
    return a == b or (a in NOUN_CLASS and NOUN_CLASS.get(a) == NOUN_CLASS.get(b))


def predicate_class(lemma: str) -> str:
    """The coarse class of a predicate lemma; an unknown lemma is its own class."""
    return PREDICATE_CLASS.get(lemma.lower(), lemma.lower())
