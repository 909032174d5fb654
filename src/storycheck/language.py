"""Which language a document is written in, to keep non-English text away from
the English NLP model (its entities, dates and claims would be noise).

Most documents are plainly English: over a fifth of their words are English
function words, a test that costs a set look-up per word.  Only the others go to
py3langid (a naive Bayes model over byte n-grams, shipped inside the package),
loaded the first time a document needs it.
"""
from __future__ import annotations

import re

from .nlp.lexicon import FUNCTION_WORDS

MIN_WORDS = 20  # shorter texts are too short to call
ENGLISH_SHARE = 0.2  # English news has 35-50% function words; other languages a few
MIN_CONFIDENCE = 0.9  # probability the detector must give another language
WORD = re.compile(r"[^\W\d_]+")


class LanguageDetector:
    """``other_language(text)``: the ISO 639-1 code of a language other than English
    that the text is confidently written in, else None."""

    def __init__(self) -> None:
        self._identifier = None

    def other_language(self, text: str) -> str | None:
        words = WORD.findall(text[:20_000].lower())
        if len(words) < MIN_WORDS:
            return None
        if sum(w in FUNCTION_WORDS for w in words) >= ENGLISH_SHARE * len(words):
            return None
        code, confidence = self._model().classify(text[:20_000])
        return code if code != "en" and confidence >= MIN_CONFIDENCE else None

    def _model(self):
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        return self._identifier
