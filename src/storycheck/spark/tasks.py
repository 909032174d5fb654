"""What Spark's executors run: plain functions over rows, no Spark API.

Each is the single-machine ingest's own code applied to a partition: reading
through the reader registry (``io.stream.stream_input``), content hashes and
revision keys (``io.identity``), signatures and grouping features
(``io.features.compute_features``), and the copy check (``algorithms.minhash``,
``io.copy_index.copy_link``).  Rows are tuples in the order of the schemas in
``spark.job``; arrays travel as bytes.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from ..io.copy_index import copy_link
from ..io.features import compute_features
from ..io.identity import content_hash, document_key, utc_iso
from ..io.readers import InputFile
from ..io.spark_output import raw_columns
from ..io.stream import stream_input
from ..models import Skipped
from ..grouping import TermCounts
from ..algorithms.minhash import NUM_PERM, containment, may_contain
from ..workers import batches

# A document's place in the input: its file's index in discovery order, then its
# position among what that file yields, so that sorting by it gives the order in
# which 'storycheck ingest' would read the same inputs.
POSITION_BITS = 32
FEATURE_BATCH = 256  # documents per compute_features call


def read_rows(files: Iterable[tuple[int, InputFile]], max_bytes: int) -> Iterator[tuple]:
    """READ_SCHEMA rows of the documents of (file index, input file) pairs; a
    skipped input or line is a row with only ``order``, ``source`` and ``skipped``."""
    for index, item in files:
        for position, doc in enumerate(stream_input(item, max_bytes)):
            order = index << POSITION_BITS | position
            if isinstance(doc, Skipped):
                yield (order, None, None, None, None, doc.source) + (None,) * 6 + (doc.reason,)
            else:
                yield (order, doc.id, content_hash(doc), document_key(doc),
                       utc_iso(doc.published)) + raw_columns(doc) + (None,)


def feature_rows(rows: Iterable) -> Iterator[tuple]:
    """FEATURE_SCHEMA rows: ingest's features of each new document (rows with
    order, id, title, text, published, published_utc)."""
    for chunk in batches(rows, FEATURE_BATCH):
        features = compute_features([(row.title, row.text) for row in chunk]).unpack()
        for row, feats in zip(chunk, features):
            counts = feats.counts
            signed = None if feats.bands is None else \
                np.array(feats.bands, np.uint64).view(np.int64).tolist()
            yield (row.order, row.doc_id, row.published, row.published_utc,
                   None if feats.signature is None else feats.signature.tobytes(),
                   len(feats.hashes), signed, feats.hashes.tobytes(), counts.hashes.tobytes(),
                   counts.table.tobytes(), counts.event_days.tobytes())


def term_counts(term_hashes: bytes, term_table: bytes, event_days: bytes) -> TermCounts:
    """The ``TermCounts`` a feature row carries as bytes."""
    return TermCounts(np.frombuffer(term_hashes, np.int64),
                      np.frombuffer(term_table, np.int32).reshape(3, -1),
                      np.frombuffer(event_days, np.int32))


def verified_copies(pairs: Iterable, threshold: float) -> Iterator[tuple]:
    """(copy order, original order, similarity) for candidate pairs (rows of the
    earlier document ``a_*`` and the later ``b_*``) that the store would link:
    signatures that can reach the threshold, then exact shingle containment."""
    for p in pairs:
        earlier = np.frombuffer(p.a_signature, np.uint32).reshape(1, NUM_PERM)
        later = np.frombuffer(p.b_signature, np.uint32)
        if not may_contain(later, p.b_shingles, earlier, np.array([p.a_shingles]), threshold)[0]:
            continue
        score = containment(np.frombuffer(p.b_hashes, np.uint64),
                            np.frombuffer(p.a_hashes, np.uint64))
        if score >= threshold:
            yield copy_link(p.b_order, p.b_published_utc, p.a_order, p.a_published_utc, score)
