"""Anchor vectors: each sentence's lexical anchors as one dense unit vector, shared by both sides.

Without an encoder (``--encoder none``, or a language pair no encoder covers) the search had nothing but
character lengths and link-type priors in its first pass; the lexical term, evaluated cell by cell, only
re-scored a corridor of ``aligner.align.CORRIDOR`` sentences around that first path.  Where the texts do not
hold the same content (a translation that leaves paragraphs out) the length-only path drifts off the diagonal
and the corridor never sees the right cells again: with every 4th document of UD PUD left out of the Russian
side, strict F1 was 0.634 (tests/test_anchor_vectors.py; 0.824 with these vectors), and on the Bible, whose coarse
pass over blocks of sentences had lengths alone, 0.672 (0.958).

The anchors (``LexicalScorer.anchors``: numbers, names, dictionary words mapped into a pivot language, cognates,
glossary terms, punctuation) already live in one language-neutral space, so they make vectors directly: feature
hashing (Weinberger et al. 2009) into ``DIM`` dimensions, each anchor weighted by its class weight, by its
rarity in this document pair (idf over the sentences of both sides: a word in every verse says little about
which verse is which) and by the square root of its count.  The cosine of two such vectors is a smooth lexical
overlap that the search's vectorised meaning term (``CostModel.block``) computes for a whole band at once, as it
does for an encoder's embeddings, with the same neighbour margins.  The first pass (paragraphs, the coarse
pass over blocks, the sentence pass) runs on these vectors; the final pass is the unchanged no-encoder cost
(``aligner.cost.WEIGHTS_NO_ENCODER``, weight ``anchors``, measured there).

The hash is CRC-32 of the feature's text (Python's ``hash`` differs between runs), so the same input gives the
same vectors everywhere.  Features are non-negative and hashed without a sign: colliding features only add
overlap, never cancel it (signed hashing: Text+Berg test 0.8883 -> 0.8893, the Bible 0.9578 -> 0.9473).
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from typing import Sequence

import numpy as np

# Measured at the weight in use (strict F1 without an encoder): 256 dimensions lost on ParIce's held-out documents
# (0.9237 -> 0.9191), 1024 gave the same figures as 512 on every gold set, and a book (the Bible four times over,
# 20,000 x 25,204 sentences) peaked at 1,811 MB against 1,076 MB (777 MB without anchor vectors).
DIM = 512


def anchor_vectors(src: Sequence[Counter], tgt: Sequence[Counter], class_weights: dict[str, float],
                   dim: int = DIM) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors (float32, one row per sentence) of each side's anchors; a sentence without anchors gets a
    zero row, which is similar to nothing."""
    df: Counter[str] = Counter()
    for side in (src, tgt):
        for anchors in side:
            df.update(k for k in anchors if k[0] != "#")
    total = max(len(src) + len(tgt), 2)
    slots: dict[str, tuple[int, float]] = {}
    for feature, count in df.items():
        cls = feature[:feature.find(":")]
        idf = math.log(total / count)
        slots[feature] = (zlib.crc32(feature.encode("utf-8")) % dim, class_weights.get(cls, 1.0) * idf)
    return _vectors(src, slots, dim), _vectors(tgt, slots, dim)


def _vectors(side: Sequence[Counter], slots: dict[str, tuple[int, float]], dim: int) -> np.ndarray:
    out = np.zeros((len(side), dim), np.float64)
    for row, anchors in enumerate(side):
        for feature, count in anchors.items():
            if feature[0] == "#":
                continue
            slot, weight = slots[feature]
            out[row, slot] += weight * math.sqrt(count)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return (out / np.maximum(norms, 1e-12)).astype(np.float32)
