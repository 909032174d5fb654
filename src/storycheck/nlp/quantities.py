"""When two figures agree: equal, equal but for rounding, or close when either
is worded as approximate ("almost 6 million" and "5.9 million")."""
from __future__ import annotations

import re

from ..models import Quantity
from .lexicon import NUMBER_SCALES

APPROXIMATE = {"about", "around", "nearly", "almost", "some", "roughly", "approximately", "over",
               "more than", "at least", "up to", "fewer than", "less than", "at most"}
APPROXIMATE_TOLERANCE = 0.05  # "almost 6 million" agrees with "5.9 million"


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Equal values, values equal but for rounding ("0.8 per cent" and "0.81
    percent", "4 percent" and "3.8 percent": the one written with fewer digits
    is the other rounded), or close values when either is worded as approximate."""
    if abs(a.value - b.value) <= max(_precision(a), _precision(b)) / 2 + 1e-9:
        return True
    if a.qualifier in APPROXIMATE or b.qualifier in APPROXIMATE:
        return abs(a.value - b.value) <= APPROXIMATE_TOLERANCE * max(abs(a.value), abs(b.value))
    return False


_WRITTEN_NUMBER = re.compile(r"(?:\d[\d,]*)?(?:\.(?P<decimals>\d+))?")
_SCALE_WORD = re.compile(rf"(?<=[\d\s-])(?P<scale>{'|'.join(NUMBER_SCALES)})\b", re.IGNORECASE)


def _precision(quantity: Quantity) -> float:
    """The step of the last digit written: 0.1 for "0.8", 100,000 for "5.9
    million", 1 for "28" and for number words. A whole number of millions ("6
    million") counts as exact: read as rounded, it would agree with anything
    from 5.5 to 6.5 million."""
    match = next((m for m in _WRITTEN_NUMBER.finditer(quantity.text) if m.group()), None)
    decimals = len(match.group("decimals") or "") if match else 0
    scale = _SCALE_WORD.search(quantity.text) if decimals else None
    return 10.0 ** -decimals * (NUMBER_SCALES[scale.group("scale").lower()] if scale else 1.0)
