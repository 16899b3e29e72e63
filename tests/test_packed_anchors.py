"""aligner.lexical.packed: the search's corridor scored from integer arrays must give weighted_dice's figures to
the last bit, on real text (Text+Berg de-fr and the Bible en-zh gold documents, ../shared/data/alignment)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from aligner.cost import CostModel, Side, WEIGHTS
from aligner.lexical import LexicalScorer
from aligner.lexical.packed import PackedAnchors
from aligner.lexical.scorer import weighted_dice
from support import load_gold_document

ALIGNMENT = Path(__file__).resolve().parents[2] / "shared" / "data" / "alignment"


@pytest.fixture(scope="module", params=["textberg_de_fr/test3", "bible_en_zh_bertalign/001"])
def anchored(request):
    d = load_gold_document(ALIGNMENT / request.param)
    src, tgt = d.src[:400], d.tgt[:400]
    scorer = LexicalScorer(d.src_lang, d.tgt_lang)
    return scorer, scorer.anchors(src, d.src_lang), scorer.anchors(tgt, d.tgt_lang)


def summed(anchors: list[Counter], start: int, size: int) -> Counter:
    out = Counter()
    for counter in anchors[start:start + size]:
        out.update(counter)
    return out


@pytest.mark.parametrize("a, b", [(1, 1), (2, 1), (1, 3), (2, 2), (4, 1)])
def test_packed_similarity_equals_weighted_dice_bit_for_bit(anchored, a, b):
    scorer, src, tgt = anchored
    packed = scorer.pack(src, tgt)
    rng = np.random.default_rng(a * 10 + b)
    rows = rng.integers(0, len(src) - a + 1, 600)
    cols = np.clip(rows + rng.integers(-6, 7, 600), 0, len(tgt) - b)     # near the diagonal, as the corridor is
    sim, mass = packed.similarity(a, b, rows, cols)
    expected = [weighted_dice(summed(src, r, a), summed(tgt, c, b), scorer.weights, None) for r, c in zip(rows, cols)]
    assert [(float(s), float(m)) for s, m in zip(sim, mass)] == expected
    assert (sim > 0).sum() > 100      # real shared anchors were compared, not only empty windows


def test_packed_handles_empty_windows_and_unweighted_classes():
    weights = {"num": 3.0, "w": 1.0}
    src = [Counter(), Counter({"num:7": 2, "#num": 2, "x:odd": 1, "w:a": 1, "#w": 1}), Counter({"w:a": 3, "#w": 3})]
    tgt = [Counter({"num:7": 1, "#num": 1}), Counter(), Counter({"w:a": 1, "w:b": 1, "#w": 1})]
    packed = PackedAnchors(src, tgt, weights)
    for a in (1, 2):
        for b in (1, 2):
            rows = np.array([r for r in range(len(src) - a + 1) for _ in range(len(tgt) - b + 1)])
            cols = np.array([c for _ in range(len(src) - a + 1) for c in range(len(tgt) - b + 1)])
            sim, mass = packed.similarity(a, b, rows, cols)
            expected = [weighted_dice(summed(src, r, a), summed(tgt, c, b), weights, None) for r, c in zip(rows, cols)]
            assert [(float(s), float(m)) for s, m in zip(sim, mass)] == expected
    sim, mass = packed.similarity(1, 1, np.array([0]), np.array([1]))     # two empty sentences
    assert sim.tolist() == [0.0] and mass.tolist() == [0.0]


def test_corridor_block_equals_pair_by_pair_term(anchored):
    """CostModel.lexical_block (what the search adds) against lexical_term (what a single link reports)."""
    scorer, src, tgt = anchored
    side = lambda anchors: Side(lengths=np.full(len(anchors), 50.0), windows=None, anchors=anchors)
    cost = CostModel(side(src), side(tgt), WEIGHTS, scorer)
    s0, j0, width = 20, 15, 40
    first = j0 + np.array([5, 7, 30, 0, 40, 39])       # the second and the last two rows are empty (first > last)
    last = j0 + np.array([11, 6, 35, 20, 39, 38])
    for a, b in ((1, 1), (2, 3)):
        block = cost.lexical_block(a, b, s0, j0, width, first, last)
        for r, (f, l) in enumerate(zip(first, last)):
            if f > l:
                assert not block[r].any()
                continue
            assert list(block[r, f - j0:l - j0 + 1]) == list(cost.lexical_term(a, b, s0 + r, range(f, l + 1)))
            outside = np.r_[block[r, :f - j0], block[r, l - j0 + 1:]]
            assert not outside.any()
        assert block.any()


def test_fractional_counts_are_not_packed_and_the_cost_falls_back_to_counters(anchored):
    """Packing is exact only for integer counts: a fractional one is refused, and the corridor is then scored
    pair by pair with the same figures as lexical_term."""
    scorer, src, tgt = anchored
    with pytest.raises(ValueError):
        PackedAnchors([Counter({"w:a": 0.5, "#w": 1})], [Counter({"w:a": 1, "#w": 1})], scorer.weights)
    halved = [Counter({k: v / 2 for k, v in c.items()}) for c in src]
    side = lambda anchors: Side(lengths=np.full(len(anchors), 50.0), windows=None, anchors=anchors)
    cost = CostModel(side(halved), side(tgt), WEIGHTS, scorer)
    first, last = np.array([3, 4]), np.array([8, 9])
    block = cost.lexical_block(2, 1, 5, 2, 10, first, last)
    assert cost._packed_anchors() is None
    for r in range(2):
        pairwise = cost.lexical_term(2, 1, 5 + r, range(first[r], last[r] + 1))
        assert list(block[r, first[r] - 2:last[r] - 1]) == list(pairwise)
    assert block.any()
