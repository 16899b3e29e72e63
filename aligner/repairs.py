"""The path's repairs, priced by the cost model: a moved sentence paired with its translation, a moved sentence
taken out of the link the path glued it onto, two swapped neighbours linked crosswise.  ``aligner.reorder``
finds the candidates from vectors and link costs alone; here they are priced by a ``CostModel`` and kept only
where the confidence model finds them more likely right than wrong.

A step is one link of the path as ``(source sentences, target sentences, cost, margin)``; the margin is what the
link saves over the search's alternative and feeds the link's confidence.
"""

from __future__ import annotations

from functools import partial

from .confidence import Calibrator
from .cost import CostModel
from .model import Link, source_order
from .reorder import MIN_ANCHOR_MARGIN, MIN_MARGIN, MIN_MOVED_CONFIDENCE, detached_edges, swapped_pairs
from .reorder import pair_orphans as orphan_pairs


def one_to_one_cost(cost: CostModel, i: int, j: int) -> float:
    """The full cost of a 1-1 link (i)-(j) anywhere, as the second search pass counts it."""
    return link_cost(cost, (i,), (j,))


def link_cost(cost: CostModel, s: tuple[int, ...], t: tuple[int, ...]) -> float:
    """The full cost of the link s-t (runs of sentences) as the second search pass counts it: a two-sided
    link by its block and lexical terms, a one-sided one by its sentences' skip costs."""
    if s and t:
        c = float(cost.block(len(s), len(t), s[0], s[0] + 1, t[0], t[0] + 1)[0, 0])
        if cost.lexical is not None:
            c += float(cost.lexical_term(len(s), len(t), s[0], [t[0]])[0])
        return c
    skips = cost.skip_src() if s else cost.skip_tgt()
    return float(sum(skips[k] for k in s or t))


def uncross_swaps(steps: list, cost: CostModel) -> list:
    """Replace the links over two swapped neighbouring sentences by the two crosswise 1-1 links
    (``aligner.reorder.swapped_pairs``); the margin of each, for the confidence, is what the swap saves."""
    swaps = swapped_pairs([(s, t) for s, t, _, _ in steps], [c for _, _, c, _ in steps],
                          lambda i, j: one_to_one_cost(cost, i, j))
    if not swaps:
        return steps
    at = {k: (size, a, b) for k, size, a, b in swaps}
    out, k = [], 0
    while k < len(steps):
        if k not in at:
            out.append(steps[k])
            k += 1
            continue
        size, a, b = at[k]
        i, j = steps[k][0][0], steps[k][1][0]   # the swap covers i, i+1 and j, j+1
        saved = sum(step[2] for step in steps[k:k + size]) - (a + b)
        out += [((i,), (j + 1,), a, saved), ((i + 1,), (j,), b, saved)]
        k += size
    return out


def detach_edges(steps: list, cost: CostModel, calibrator: Calibrator) -> list:
    """Take a moved sentence out of the link the path glued it onto and pair it with its translation, which
    the path left unaligned (``aligner.reorder.detached_edges``).  The new link's margin, for the confidence,
    is what it saves over both sentences unaligned, as for ``pair_orphans``; a link that gave a sentence away
    keeps its margin.  A pair the confidence model thinks more likely wrong than right is not made."""
    price = partial(link_cost, cost)

    def likely(i: int, j: int, c: float, gain: float) -> bool:
        return calibrator.confidence(1, 1, c, gain, cost.parts(1, 1, i, j), cost.semantic) >= MIN_MOVED_CONFIDENCE

    moved = detached_edges([(s, t) for s, t, _, _ in steps], [c for _, _, c, _ in steps],
                           cost.src.windows[1], cost.tgt.windows[1], price, likely)
    if all((s2, t2) == (s, t) for (s, t, _, _), (s2, t2, _) in zip(steps, moved)):
        return steps          # the usual case: nothing moved, the order stands
    out = []
    for (s, t, c, margin), (s2, t2, c2) in zip(steps, moved):
        if (s2, t2) == (s, t):
            out.append((s, t, c, margin))
        elif not (s and t):   # the orphan's place: the new link saves this over both sentences unaligned
            out.append((s2, t2, c2, price(s2, ()) + price((), t2) - c2))
        else:
            out.append((s2, t2, c2, margin))
    # A source sentence moved into a target orphan's place goes back to its own place in the source order:
    # every alignment lists its links in source order, and only the target side may cross.
    return [out[k] for k in source_order([Link(s, t) for s, t, _, _ in out])]


def pair_orphans(steps: list, cost: CostModel, calibrator: Calibrator, vectors: CostModel) -> list:
    """Merge a 1-0 and a 0-1 link that ``aligner.reorder`` finds to be a moved sentence and its translation:
    the new 1-1 link takes the source sentence's place in the list.  The orphans are compared by the vectors
    of the ``vectors`` cost model: the encoder's, or without one the anchor vectors (``first_pass_model``).
    Its margin, for the confidence, is what it saves over leaving both sentences unaligned (the alternative
    the search chose); a pair the confidence model thinks more likely wrong than right stays two unaligned
    sentences."""
    margin = MIN_MARGIN if vectors is cost else MIN_ANCHOR_MARGIN
    pairs = orphan_pairs([(s, t) for s, t, _, _ in steps], vectors.src.windows[1], vectors.tgt.windows[1],
                         margin)
    if not pairs:
        return steps
    steps = list(steps)
    for k_src, k_tgt, _ in pairs:
        i, j = steps[k_src][0][0], steps[k_tgt][1][0]
        c = one_to_one_cost(cost, i, j)
        saved = float(cost.skip_src()[i] + cost.skip_tgt()[j]) - c
        if calibrator.confidence(1, 1, c, saved, cost.parts(1, 1, i, j), cost.semantic) < MIN_MOVED_CONFIDENCE:
            continue
        steps[k_src] = ((i,), (j,), c, saved)
        steps[k_tgt] = None
    return [step for step in steps if step is not None]
