"""Sentence alignment end to end: signals -> cost -> band -> search -> confidence -> ``Alignment``.

    from aligner.align import Aligner
    alignment = Aligner(src_lang="en", tgt_lang="ru").align(src_sentences, tgt_sentences)

The band comes from the coarsest structure available: paragraphs when both sides have a matching paragraph
structure, else a coarse alignment of down-sampled blocks of sentences (Vecalign's idea) when the grid is large,
else the whole grid.  A second pass re-scores a narrow corridor around the first path with the lexical term.
"""

from __future__ import annotations

import math
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np

from corpus.version import __version__

from .confidence import Calibrator
from .cost import WEIGHTS, WEIGHTS_NO_ENCODER, CostModel, Side, Weights, link_types
from .encoders import base_lang, choose_encoder, load_encoder
from .model import Alignment, Link
from .search import Band, search

FULL_GRID_CELLS = 1_500_000   # below this many cells the band is the whole grid
COARSE_BLOCKS = 400           # blocks per side in the coarse pass of a large document
CORRIDOR = 3                  # half-width of the lexical re-scoring corridor (sentences)
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my"})  # scripts written without spaces between words


def joiner(lang: str | None) -> str:
    return "" if base_lang(lang) in NO_SPACE_LANGS else " "


def window_texts(sentences: Sequence[str], k: int, glue: str) -> list[str]:
    return [glue.join(s.strip() for s in sentences[i:i + k]) for i in range(len(sentences) - k + 1)]


@dataclass
class Aligner:
    src_lang: str | None = None
    tgt_lang: str | None = None
    encoder: str = "auto"
    max_link: int = 4
    paragraphs: bool = True
    lexical: bool = True
    cache: bool = True
    weights: Weights | None = None
    progress: Callable[[str], None] | None = None
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.encoder_name, warning = choose_encoder(self.encoder, self.src_lang, self.tgt_lang)
        if warning:
            self.warnings.append(warning)
        self._encoder = None
        self._lexical = None
        self.lexical_name = "none"
        if self.lexical:
            self._lexical, self.lexical_name = _load_lexical(self.src_lang, self.tgt_lang, self.warnings)

    # -- signals ---------------------------------------------------------------------------------------------
    def _embed(self, sentences: Sequence[str], lang: str | None) -> dict[int, np.ndarray] | None:
        if self.encoder_name == "none" or not sentences:
            return None
        if self._encoder is None:
            self._encoder = load_encoder(self.encoder_name, cache=self.cache)
        glue = joiner(lang)
        texts: list[str] = []
        spans = {}
        for k in range(1, min(self.max_link, len(sentences)) + 1):
            chunk = window_texts(sentences, k, glue)
            spans[k] = (len(texts), len(texts) + len(chunk))
            texts.extend(chunk)
        vectors = self._encoder.encode(texts)
        return {k: vectors[a:b] for k, (a, b) in spans.items()}

    def _side(self, sentences: Sequence[str], lang: str | None) -> Side:
        lengths = np.array([len(s.strip()) for s in sentences], dtype=np.float64)
        anchors = self._lexical.anchors(list(sentences), base_lang(lang)) if self._lexical and sentences else None
        return Side(lengths, self._embed(sentences, lang), anchors)

    # -- the run ---------------------------------------------------------------------------------------------
    def align(self, src: Sequence[str], tgt: Sequence[str],
              src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None) -> Alignment:
        n, m = len(src), len(tgt)
        types = link_types(self.max_link)
        if n == 0 or m == 0:
            links = [Link((i,), (), 1.0, 0.0) for i in range(n)] + [Link((), (j,), 1.0, 0.0) for j in range(m)]
            return Alignment(links, n, m, self.signature())
        self._say("embedding")
        s_side, t_side = self._side(src, self.src_lang), self._side(tgt, self.tgt_lang)
        weights = self.weights or (WEIGHTS if s_side.windows is not None else WEIGHTS_NO_ENCODER)
        cost = CostModel(s_side, t_side, weights, self._lexical)
        self._say("searching")
        band = None
        if self.paragraphs and src_paragraphs is not None and tgt_paragraphs is not None:
            band = paragraph_band(cost, src_paragraphs, tgt_paragraphs, self.warnings)
        if band is None:
            band = Band.full(n, m) if (n + 1) * (m + 1) <= FULL_GRID_CELLS else coarse_band(cost, n, m)
        path = search(cost, types, band)
        if cost.lexical is not None:
            nodes = [(i, j) for _, _, i, j in path.links] + [(n, m)]
            corridor = Band.around(nodes, n, m, CORRIDOR)
            corridor = Band(np.maximum(corridor.lo, band.lo), np.minimum(corridor.hi, band.hi)).widened(0, n, m)
            path = search(cost, types, corridor, extra=cost.lexical_term)
        calibrator = Calibrator.load()
        links = []
        for (a, b, i, j), c, margin in zip(path.links, path.costs, path.margins):
            parts = cost.parts(a, b, i, j) if a and b else None
            confidence = calibrator.confidence(a, b, c, margin, parts, semantic=cost.semantic)
            links.append(Link(tuple(range(i, i + a)), tuple(range(j, j + b)), confidence, round(c, 6)))
        return Alignment(links, n, m, self.signature(weights))

    def signature(self, weights: Weights | None = None) -> dict[str, str]:
        w = weights or (WEIGHTS if self.encoder_name != "none" else WEIGHTS_NO_ENCODER)
        return {"bitext": __version__, "enc": self.encoder_name, "len": "gale-church",
                "lex": self.lexical_name, "w": w.short(), "max": str(self.max_link),
                "para": "yes" if self.paragraphs else "no"}

    def _say(self, what: str) -> None:
        if self.progress:
            self.progress(what)


def signature_string(signature: dict[str, str]) -> str:
    order = ["bitext", "seg", "enc", "len", "lex", "w", "max", "para"]
    keys = [k for k in order if k in signature] + sorted(k for k in signature if k not in order)
    return "|".join(f"{k}:{signature[k]}" for k in keys)


def _load_lexical(src_lang, tgt_lang, warnings: list[str]):
    try:
        from .lexical import LexicalScorer  # written alongside; optional until it lands
    except ImportError:
        return None, "none"
    try:
        scorer = LexicalScorer(base_lang(src_lang) or "und", base_lang(tgt_lang) or "und")
    except Exception as error:  # a scorer that cannot load its data must not stop alignment
        warnings.append(f"lexical signals unavailable: {error}")
        return None, "none"
    return scorer, getattr(scorer, "signature", "anchors")


# -- bands ------------------------------------------------------------------------------------------------------

def _block_side(side: Side, size: int) -> Side:
    """Down-sample a side into blocks of ``size`` sentences (mean embedding, summed length)."""
    n = side.n
    starts = np.arange(0, n, size)
    lengths = np.add.reduceat(side.lengths, starts)
    windows = None
    if side.windows is not None:
        sums = np.add.reduceat(side.windows[1], starts, axis=0)
        one = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
        two = one[:-1] + one[1:]
        two /= np.maximum(np.linalg.norm(two, axis=1, keepdims=True), 1e-9)
        windows = {1: one.astype(np.float32), 2: two.astype(np.float32)}
    return Side(lengths, windows)


def coarse_band(cost: CostModel, n: int, m: int) -> Band:
    """Align blocks of sentences over the whole (small) block grid, then a band around that path."""
    r_s = max(1, math.ceil(n / COARSE_BLOCKS))
    r_t = max(1, math.ceil(m / COARSE_BLOCKS))
    bs, bt = _block_side(cost.src, r_s), _block_side(cost.tgt, r_t)
    coarse = CostModel(bs, bt, cost.w)
    path = search(coarse, [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)], Band.full(bs.n, bt.n))
    nodes = [(min(i * r_s, n), min(j * r_t, m)) for _, _, i, j in path.links] + [(n, m)]
    return Band.around(nodes, n, m, 2 * max(r_s, r_t) + 8)


def paragraph_band(cost: CostModel, src_par: Sequence[int], tgt_par: Sequence[int],
                   warnings: list[str]) -> Band | None:
    """Align paragraphs first; the sentence search then stays inside aligned groups of paragraphs.

    Returns None (one pass over sentences) where either side has a single paragraph or the two paragraph
    structures disagree (fewer than 3 in 4 paragraph links are 1-1)."""
    n, m = cost.n, cost.m
    s_starts = _starts(src_par)
    t_starts = _starts(tgt_par)
    if len(s_starts) < 2 or len(t_starts) < 2:
        return None
    ps = _group_side(cost.src, s_starts)
    pt = _group_side(cost.tgt, t_starts)
    path = search(CostModel(ps, pt, cost.w), link_types(3), Band.full(ps.n, pt.n))
    one_one = sum(1 for a, b, _, _ in path.links if a == 1 and b == 1)
    if one_one < 0.75 * len(path.links):
        warnings.append("paragraph structures disagree; aligning sentences in one pass")
        return None
    s_bounds = list(s_starts) + [n]
    t_bounds = list(t_starts) + [m]
    nodes = [(s_bounds[i], t_bounds[j]) for _, _, i, j in path.links] + [(n, m)]
    # A rectangle per aligned group: rows i0..i1 may use columns j0..j1 (plus a small margin for odd splits).
    lo = np.full(n + 1, m, np.int64)
    hi = np.zeros(n + 1, np.int64)
    for (i0, j0), (i1, j1) in zip(nodes, nodes[1:]):
        lo[i0:i1 + 1] = np.minimum(lo[i0:i1 + 1], j0)
        hi[i0:i1 + 1] = np.maximum(hi[i0:i1 + 1], j1)
    return Band(lo, hi).widened(2, n, m)


def _starts(paragraph_ids: Sequence[int]) -> list[int]:
    return [k for k, p in enumerate(paragraph_ids) if k == 0 or p != paragraph_ids[k - 1]]


def _group_side(side: Side, starts: list[int]) -> Side:
    lengths = np.add.reduceat(side.lengths, starts)
    windows = None
    if side.windows is not None:
        sums = np.add.reduceat(side.windows[1], starts, axis=0)
        one = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
        windows = {1: one.astype(np.float32)}
        for k in (2, 3):
            if len(one) >= k:
                acc = sum(one[d:len(one) - k + 1 + d] for d in range(k))
                windows[k] = (acc / np.maximum(np.linalg.norm(acc, axis=1, keepdims=True), 1e-9)).astype(np.float32)
    return Side(lengths, windows)
