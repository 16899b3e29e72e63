"""The similarity matrix under the alignment plot: cosine similarity of the two sides' sentence embeddings,
max-pooled into at most ``MAX_CELLS``×``MAX_CELLS`` cells so a book stays legible (and the full n×m matrix is
never held: it is computed one band of source sentences at a time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

MAX_CELLS = 400
CHUNK_ROWS = 512


@dataclass(slots=True)
class PooledMatrix:
    values: np.ndarray        # (rows, cols) float32 in [-1, 1]: the max similarity in each cell
    src_edges: np.ndarray     # cell r covers source sentences src_edges[r] .. src_edges[r+1]-1
    tgt_edges: np.ndarray


def edges(n: int, cells: int = MAX_CELLS) -> np.ndarray:
    """Bin edges splitting n sentences into at most *cells* bins of (nearly) equal size."""
    k = max(1, min(n, cells))
    return np.linspace(0, n, k + 1).round().astype(np.int64)


def pooled_similarity(src_vectors: np.ndarray, tgt_vectors: np.ndarray, cells: int = MAX_CELLS) -> PooledMatrix:
    """Max-pool ``src_vectors @ tgt_vectors.T`` (L2-normalised rows) into at most cells×cells."""
    n, m = len(src_vectors), len(tgt_vectors)
    se, te = edges(n, cells), edges(m, cells)
    values = np.empty((len(se) - 1, len(te) - 1), np.float32)
    tgt_t = np.ascontiguousarray(tgt_vectors.T, dtype=np.float32)
    # Whole bins at a time, ≥ CHUNK_ROWS source rows per product: one large matrix product is ~10× faster
    # than one per bin of a dozen rows (each small product re-reads all of tgt_t from memory).
    r = 0
    while r < len(se) - 1:
        stop = int(np.searchsorted(se, se[r] + CHUNK_ROWS, side="left"))
        stop = min(max(stop, r + 1), len(se) - 1)
        block = src_vectors[se[r]:se[stop]].astype(np.float32) @ tgt_t                   # (rows, m)
        rows = np.maximum.reduceat(block, se[r:stop] - se[r], axis=0)                     # (bins, m)
        values[r:stop] = np.maximum.reduceat(rows, te[:-1], axis=1)
        r = stop
    return PooledMatrix(values, se, te)


def encoder_similarity(src: Sequence[str], tgt: Sequence[str], src_lang: str | None, tgt_lang: str | None,
                       encoder: str = "auto", cells: int = MAX_CELLS) -> tuple[PooledMatrix | None, str | None]:
    """The pooled matrix from the aligner's sentence encoder; (None, why) when no encoder covers the pair."""
    from aligner.encoders import choose_encoder, load_encoder

    if not src or not tgt:
        return None, "one side has no sentences"
    name, warning = choose_encoder(encoder, src_lang, tgt_lang)
    model = load_encoder(name) if name != "none" else None
    if model is None:
        return None, warning or "no sentence encoder"
    a = [s.strip() for s in src]
    b = [s.strip() for s in tgt]
    return pooled_similarity(model.encode(a, group=model.group_key(a)), model.encode(b, group=model.group_key(b)),
                             cells), None
