"""The band each search runs in: which cells of the sentence grid a path may visit.

The band comes from the coarsest structure available: aligned groups of paragraphs where both sides have a
matching paragraph structure (``paragraph_groups``, ``group_band``), else a coarse alignment of down-sampled
blocks of sentences (Vecalign's idea, ``coarse_band``) when the grid is large, else the whole grid
(``grid_band``).  ``paragraph_breaks`` tells the cost model where the aligned groups' edges lie.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Sequence

import numpy as np

from .cost import CostModel, Side, link_types
from .search import Band, search

FULL_GRID_CELLS = 1_500_000   # below this many cells the band is the whole grid
COARSE_BLOCKS = 400           # blocks per side in the coarse pass of a large document
# A paragraph break inside an aligned group of paragraphs counts half as much as one at a group's edge (see
# ``paragraph_breaks``, measured with ``Weights.para`` in aligner.cost).
INNER_BREAK = 0.5


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


def grid_band(cost: CostModel, n: int, m: int) -> Band:
    """The band a first pass searches: the whole grid while it is small, else ``coarse_band``'s."""
    return Band.full(n, m) if (n + 1) * (m + 1) <= FULL_GRID_CELLS else coarse_band(cost, n, m)


def coarse_band(cost: CostModel, n: int, m: int) -> Band:
    """Align blocks of sentences over the whole (small) block grid, then a band around that path."""
    # Blocks in proportion to the sentence counts hold the same share of the text on either side, so the coarse
    # links are ~1-1 where both texts hold the same content, however differently each is split into sentences
    # (the Bible: 5,000 English against 6,301 Chinese).  Where one text is many times the other (a chapter
    # against its book, ``CostModel.ratio_from``), they would pair one block with many, beyond the coarse types
    # (up to 2-1): there a block of one size on both sides holds about as much text either side.
    r_s = max(1, math.ceil(n / COARSE_BLOCKS))
    r_t = max(1, math.ceil(m / COARSE_BLOCKS))
    if cost.ratio_from == "matched":
        r_s = r_t = max(r_s, r_t)
    bs, bt = _block_side(cost.src, r_s), _block_side(cost.tgt, r_t)
    # A coarse link pairs blocks of sentences, so the priors on a link's shape (Weights.multi, .many: how
    # sentences are usually split) do not apply to it.  Charged per block link, e5's multi (0.05, against a
    # meaning term whose margins are narrow) kept the Bible's coarse path from the few 1-2 block links needed
    # where the Chinese splits finer than on average: it skipped blocks instead, the band lost the diagonal for
    # 600 sentences, and strict F1 with e5 was 0.884; without them 0.986.
    coarse = CostModel(bs, bt, replace(cost.w, multi=0.0, many=0.0), ratio=cost.ratio)
    path = search(coarse, [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)], Band.full(bs.n, bt.n))
    nodes = [(min(i * r_s, n), min(j * r_t, m)) for _, _, i, j in path.links] + [(n, m)]
    return Band.around(nodes, n, m, 2 * max(r_s, r_t) + 8)


def paragraph_groups(cost: CostModel, src_par: Sequence[int], tgt_par: Sequence[int],
                     warnings: list[str]) -> list[tuple[int, int]] | None:
    """Align paragraphs first: the sentence positions (i, j) where aligned groups of paragraphs start, ending
    with (n, m).  None (one pass over sentences) where either side has a single paragraph or the two paragraph
    structures disagree: fewer than 3 in 4 paragraph links are 1-1, 1-0 or 0-1.  A paragraph one side lacks
    (an omission, a translator's note) leaves the rest of the structure shared; counted against agreement, a
    translation that left out every 4th paragraph of UD PUD lost its paragraph pass, and 38 of the 251
    orphaned English sentences were glued onto neighbouring links (strict F1 0.955; 0.989 and 7 with it).
    Structures that do differ still disagree: Russian paragraphs of 3 documents each, of 1 to 5 at random,
    or of one sentence each against PUD's English documents (tests/test_raw_text.py)."""
    n, m = cost.n, cost.m
    s_starts = paragraph_starts(src_par)
    t_starts = paragraph_starts(tgt_par)
    if len(s_starts) < 2 or len(t_starts) < 2:
        return None
    ps = _group_side(cost.src, s_starts)
    pt = _group_side(cost.tgt, t_starts)
    paragraphs = CostModel(ps, pt, cost.w, ratio=cost.ratio)
    # A book of short paragraphs (dialogue, verse: thousands a side) makes a book-sized grid here too, banded as
    # the sentences are: on the full grid 9,494 paragraphs a side took 101 s and 4.2 GB.
    path = search(paragraphs, link_types(3), grid_band(paragraphs, ps.n, pt.n))
    shared = sum(1 for a, b, _, _ in path.links if max(a, b) == 1)   # 1-1, 1-0, 0-1
    if shared < 0.75 * len(path.links):
        warnings.append("paragraph structures disagree; aligning sentences in one pass")
        return None
    # A paragraph left unlinked beside a link of several paragraphs is the pass's least certain call: with
    # paragraphs that all match one to one (the Bible in paragraphs of 20 gold links) it made 1-2 + 1-0 out of
    # 1-1 + 1-1, and the 22 sentences of the skipped paragraph could only stay unaligned (strict F1 0.976,
    # 0.988 without paragraphs).  Such neighbours make one group, so the sentence search decides between them.
    links = path.links
    joined = {max(k, k + step) for k, (a, b, _, _) in enumerate(links) if not (a and b)
              for step in (-1, 1) if 0 <= k + step < len(links) and max(links[k + step][:2]) > 1}
    s_bounds = list(s_starts) + [n]
    t_bounds = list(t_starts) + [m]
    return [(s_bounds[i], t_bounds[j]) for k, (_, _, i, j) in enumerate(links) if k not in joined] + [(n, m)]


def group_band(nodes: list[tuple[int, int]], n: int, m: int) -> Band:
    """The sentence search stays inside aligned groups of paragraphs: a rectangle per group, rows i0..i1 may
    use columns j0..j1 (plus a small margin for odd splits)."""
    lo = np.full(n + 1, m, np.int64)
    hi = np.zeros(n + 1, np.int64)
    for (i0, j0), (i1, j1) in zip(nodes, nodes[1:]):
        lo[i0:i1 + 1] = np.minimum(lo[i0:i1 + 1], j0)
        hi[i0:i1 + 1] = np.maximum(hi[i0:i1 + 1], j1)
    return Band(lo, hi).widened(2, n, m)


def paragraph_breaks(starts: Sequence[int], shared: Sequence[int], n: int) -> np.ndarray:
    """breaks[k]: the paragraph breaks before sentences 1..k, cumulative, so a run of sentences s..e has
    breaks[e] - breaks[s] inside it.  A break at the edge of an aligned group of paragraphs (``shared``, one the
    other side has too) counts 1; a break inside a group (paragraphs the translation merged or split, or that the
    paragraph pass grouped with a neighbour) counts ``INNER_BREAK``."""
    weight = np.zeros(max(n, 1))
    weight[[k for k in starts if 0 < k < n]] = INNER_BREAK
    weight[[k for k in shared if 0 < k < n]] = 1.0
    return np.cumsum(weight)


def paragraph_starts(paragraph_ids: Sequence[int]) -> list[int]:
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
