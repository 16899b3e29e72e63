"""Moved sentences: the aligner pairs a sentence the translation moved with its translation (aligner.reorder),
and every consumer of an alignment (TEI, the other formats, corrections, re-alignment) takes a crossing link."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from lxml import etree

import tei
from aligner.align import Aligner
from aligner.evaluate import count
from aligner.model import Alignment, AlignedPair, Link, source_order
from corpus.errors import InputError
from tei import corrections as corr
from tei import formats
from tei.ids import link_ids
from tei.validate import validate

from conftest import needs_shared, seed_pair
from support import load_gold_document

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "alignment"
REVIEWER = "Anna Ivanova"


def pairs(alignment: Alignment) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in alignment.links]


def crossing(alignment: Alignment) -> list[int]:
    """Positions of the two-sided links that cross another one: the other's order differs on the two sides."""
    both = [(k, link) for k, link in enumerate(alignment.links) if link.src and link.tgt]
    return [k for k, link in both
            if any((o.src[0] < link.src[0]) != (o.tgt[0] < link.tgt[0]) for _, o in both if o is not link)]


@needs_shared
def test_moved_sentences_on_text_berg_are_paired():
    # test1 of Text+Berg: the French translation moves two sentences (de 17-18) three sentences earlier (fr 10-11).
    d = load_gold_document(SHARED / "textberg_de_fr" / "test1")
    moved = [((17,), (10,)), ((18,), (11,))]
    assert all(link in d.gold for link in moved)
    monotone = Aligner(d.src_lang, d.tgt_lang, reorder=False).align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
    aligner = Aligner(d.src_lang, d.tgt_lang)
    alignment = aligner.align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
    alignment.check(aligner.max_link)
    assert monotone.in_order("src") and monotone.in_order("tgt") and not crossing(monotone)
    assert not any(link in pairs(monotone) for link in moved)
    for link in moved:
        assert link in pairs(alignment)
    assert alignment.in_order("src") and not alignment.in_order("tgt")
    crossed = {pairs(alignment)[k] for k in crossing(alignment)}
    assert set(moved) <= crossed
    # The pass only merges leftovers: every other link is the monotone search's own.
    merged = {(s, t) for s, t in pairs(monotone) if not (s and t)} - {(s, t) for s, t in pairs(alignment)}
    assert merged and all(not (s and t) for s, t in merged)
    assert set(pairs(alignment)) - set(pairs(monotone)) <= crossed | set(moved)
    f1 = lambda a: count(d.gold, pairs(a)).scores()["f1_strict"]  # noqa: E731
    assert f1(alignment) > f1(monotone)
    assert "moved:pair-" in "|".join(f"{k}:{v}" for k, v in alignment.signature.items())
    for link in alignment.links:
        if (link.src, link.tgt) in moved:
            assert link.confidence > 0.5, link


@needs_shared
def test_swapping_the_inputs_mirrors_the_moved_links():
    d = load_gold_document(SHARED / "textberg_de_fr" / "test1")
    forward = Aligner(d.src_lang, d.tgt_lang).align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
    backward = Aligner(d.tgt_lang, d.src_lang).align(d.tgt, d.src, d.tgt_paragraphs, d.src_paragraphs)
    backward.check()
    assert sorted((t, s) for s, t in pairs(backward)) == sorted(pairs(forward))
    assert backward.in_order("src"), "an alignment is listed in its own source order"
    assert crossing(backward)


def test_source_order_places_links_and_keeps_target_only_links_after_their_neighbour():
    links = [Link((), (0,)), Link((2,), (1,)), Link((), (2,)), Link((0,), (3,)), Link((1,), (4,))]
    assert [links[k] for k in source_order(links)] == [links[0], links[3], links[4], links[1], links[2]]
    monotone = [Link((0,), (0,)), Link((), (1,)), Link((1, 2), (2,))]
    assert source_order(monotone) == [0, 1, 2]


def test_check_refuses_what_is_still_wrong():
    Alignment([Link((1,), (0,)), Link((0,), (1,))], 2, 2).check()   # crossing: fine
    for links, n, m in (([Link((0,), (0,)), Link((0,), (1,))], 1, 2),          # a sentence twice
                        ([Link((0, 2), (0,)), Link((1,), (1,))], 3, 2),        # not a run
                        ([Link((0,), (0,))], 2, 1),                            # a sentence missing
                        ([Link((1,), (1,)), Link((2,), (0,)), Link((0,), (2,))], 3, 3)):  # no order at all
        with pytest.raises(AssertionError):
            Alignment(links, n, m).check()


def seed_with_a_moved_sentence() -> tuple[AlignedPair, int]:
    """The seed pair with the targets of two neighbouring 1-1 links swapped, as if the translator had moved a
    sentence: real text, a crossing alignment.  Returns the pair and the position of the first swapped link."""
    pair = seed_pair()
    if pair is None:
        pytest.skip("the seed pair is not available")
    links = list(pair.alignment.links)
    k = next(k for k in range(5, len(links) - 2)
             if links[k].type == links[k + 1].type == links[k + 2].type == "1-1")
    a, b = links[k], links[k + 1]
    links[k], links[k + 1] = Link(a.src, b.tgt, 0.8), Link(b.src, a.tgt, 0.7)
    alignment = Alignment(links, pair.alignment.n_src, pair.alignment.n_tgt, dict(pair.alignment.signature))
    alignment.check()
    assert crossing(alignment) == [k, k + 1]
    return AlignedPair(pair.src, pair.tgt, alignment, dict(pair.run)), k


@needs_shared
def test_tei_with_a_crossing_link_is_valid_and_reads_back(tmp_path, tei_all, schematron):
    pair, _ = seed_with_a_moved_sentence()
    path = tmp_path / "moved.tei.xml"
    tei.write(path, pair)
    assert tei_all.validate(etree.parse(str(path))), [str(e) for e in tei_all.error_log][:5]
    assert schematron(path) == []
    assert validate(path)[1] == []
    back = tei.read(path)
    assert pairs(back.alignment) == pairs(pair.alignment)
    for fmt in ("tmx", "xliff", "tsv", "jsonl", "cesalign"):
        out = tmp_path / f"moved.{fmt}"
        formats.write(fmt, out, pair)
        assert out.stat().st_size > 0
        if fmt in ("tmx", "xliff"):
            assert validate(out)[1] == [], fmt


def test_corrections_on_a_crossing_alignment():
    pair, k = seed_with_a_moved_sentence()
    ids = list(link_ids(pair.alignment.links))
    data = {"format": corr.FORMAT, "version": corr.VERSION, "alignment": corr.fingerprint(pair.alignment)}
    # Merging the two swapped links gives one 2-2 link of two runs: allowed.
    merge = {"op": "merge", "links": ids[k:k + 2]}
    merged, _ = corr.apply(pair, dict(data, corrections=[merge]), REVIEWER, "2026-11-29")
    merged.alignment.check()
    assert merged.alignment.in_order("src") and merged.alignment.in_order("tgt")
    # Merging a moved link with the next one would make a side that is not a run: refused, with the reason.
    with pytest.raises(InputError, match="not one run"):
        corr.apply(pair, dict(data, corrections=[{"op": "merge", "links": ids[k + 1:k + 3]}]), REVIEWER, "2026-11-29")


def test_realign_keeps_confirmed_moved_links():
    pair, k = seed_with_a_moved_sentence()
    # The reviewer confirmed both swapped links: the first joins the chain re-alignment works between, the
    # second crosses it and is kept aside.
    fixed = [Link(link.src, link.tgt, 1.0, 0.0, REVIEWER) for link in pair.alignment.links[k:k + 2]]
    chain, held = corr.monotone_chain(fixed)
    assert chain == fixed[:1] and held == fixed[1:]
    aligner = Aligner(pair.src.lang, pair.tgt.lang, encoder="none", cache=False)
    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    seen = []

    def align_gap(s, t, sp, tp):
        seen.append((list(s), list(t)))
        return aligner.align(s, t, sp, tp)

    alignment = corr.realign(src, tgt, fixed, align_gap)
    alignment.check()
    assert all(link in alignment.links for link in fixed) and alignment.in_order("src")
    assert alignment.signature["fixed"] == "2"
    # No fixed sentence was handed to the aligner again.
    fixed_src = {src[i] for link in fixed for i in link.src}
    fixed_tgt = {tgt[j] for link in fixed for j in link.tgt}
    assert seen and all(not fixed_src & set(s) and not fixed_tgt & set(t) for s, t in seen)


@needs_shared
def test_two_swapped_sentences_become_two_crossing_links():
    # Text+Berg test0: the French lists the two editors' addresses in the other order (de 111-112, fr 123-122).
    d = load_gold_document(SHARED / "textberg_de_fr" / "test0")
    swapped = [((111,), (123,)), ((112,), (122,))]
    assert all(link in d.gold for link in swapped)
    monotone = Aligner(d.src_lang, d.tgt_lang, reorder=False).align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
    assert ((111, 112), (122, 123)) in pairs(monotone), "the monotone search can only join them"
    for src_lang, tgt_lang, src, tgt, flip in ((d.src_lang, d.tgt_lang, d.src, d.tgt, False),
                                               (d.tgt_lang, d.src_lang, d.tgt, d.src, True)):
        alignment = Aligner(src_lang, tgt_lang).align(src, tgt)
        alignment.check()
        got = {((t, s) if flip else (s, t)): link for link in alignment.links for s, t in [(link.src, link.tgt)]}
        for link in swapped:
            assert link in got and got[link].confidence > 0.5, (flip, got.get(link))
        assert "+swap-" in alignment.signature["moved"]
    f1 = lambda a: count(d.gold, pairs(a)).scores()["f1_strict"]  # noqa: E731
    assert f1(Aligner(d.src_lang, d.tgt_lang).align(d.src, d.tgt)) > f1(monotone)


def test_swapped_pairs_needs_both_crosswise_links_good_and_a_clear_saving():
    from aligner.reorder import MIN_SWAP_GAIN, swapped_pairs
    crosswise = {(1, 2): -1.0, (2, 1): -1.0, (3, 4): -2.0, (4, 3): 0.2, (5, 6): -0.9, (6, 5): -0.9}
    price = lambda i, j: crosswise.get((i, j), 1.0)  # noqa: E731
    links = [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), ((4,), (4,)), ((5,), (5,)), ((6,), (6,))]
    # A 2-2 link (k=1) and two 1-1 links (k=4, 5) over swapped sentences, each saving more than the threshold.
    costs = [-1.0, -0.4, -0.5, -0.5, -0.5, -0.5]
    assert swapped_pairs(links, costs, price) == [(1, 1, -1.0, -1.0), (4, 2, -0.9, -0.9)]
    # One crosswise link worse than chance (4-3): never swapped, though the pair would save 0.8 (-2.0 + 0.2
    # against -1.0).
    assert all(k != 2 for k, *_ in swapped_pairs(links, costs, price))
    # A saving under the threshold keeps what the search made.
    tight = [-1.0, -2.0 + MIN_SWAP_GAIN / 2, -0.5, -0.5, -0.9, -0.9 + MIN_SWAP_GAIN / 2]
    assert swapped_pairs(links, tight, price) == []


@needs_shared
def test_captions_glued_onto_a_neighbour_are_detached_and_paired():
    # Text+Berg test6: three captions about boots (de 99-101) stand after de 98; the French sets them (fr 105-108)
    # after the next paragraph.  The monotone path glues them onto de 98's link and leaves their translations out.
    d = load_gold_document(SHARED / "textberg_de_fr" / "test6")
    captions = [((99,), (105,)), ((100,), (106,))]
    assert all(link in d.gold for link in captions)
    aligner = Aligner(d.src_lang, d.tgt_lang)
    alignment = aligner.align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
    alignment.check(aligner.max_link)
    got = {(link.src, link.tgt): link for link in alignment.links}
    for link in captions:
        assert link in got and got[link].confidence > 0.5, got.get(link)
    assert ((101,), (107,)) in got or ((101,), (108,)) in got     # the third caption: «Enfin , en bas :» + 108
    monotone = Aligner(d.src_lang, d.tgt_lang, reorder=False).align(d.src, d.tgt, d.src_paragraphs,
                                                                   d.tgt_paragraphs)
    glued = [s for s, t in pairs(monotone) if 98 in s]
    assert glued and {99, 100, 101} <= set(glued[0]), "without the pass they are glued onto de 98"
    assert all(((), (j,)) in pairs(monotone) for j in (105, 106))
    assert "+edges-" in alignment.signature["moved"]
    f1 = lambda a: count(d.gold, pairs(a)).scores()["f1_strict"]  # noqa: E731
    assert f1(alignment) > f1(monotone)


def test_detached_edges_moves_clear_matches_only():
    from aligner.reorder import MIN_SWAP_GAIN, detached_edges
    # Unit vectors: source 1 and 2 are glued onto source 0's link; their translations are target 3 and 4, orphans.
    n, dim = 5, 8
    x = np.eye(dim)[:n]
    y = np.eye(dim)[[0, 5, 6, 1, 2]]
    links = [((0, 1, 2), (0,)), ((3,), ()), ((4,), ()), ((), (3,)), ((), (4,))]
    costs = [0.4, 0.3, 0.3, 0.3, 0.3]
    one = {(1, 3): -1.0, (2, 4): -1.0}

    def price(s, t):
        if s == (0,) and t == (0,):
            return -0.6        # source 0 and target 0 on their own: a good link
        if s and t:
            return one.get((s[0], t[0]), 0.5) if len(s) == len(t) == 1 else 0.4
        return 0.3 * len(s or t)
    out = detached_edges(links, costs, x, y, price)
    assert [(s, t) for s, t, _ in out] == [((0,), (0,)), ((3,), ()), ((4,), ()), ((1,), (3,)), ((2,), (4,))]
    assert [c for *_, c in out] == [-0.6, 0.3, 0.3, -1.0, -1.0]
    # The confidence model says no: nothing moves.
    assert detached_edges(links, costs, x, y, price, accept=lambda *a: False) == \
        [(s, t, c) for (s, t), c in zip(links, costs)]
    # A move that saves less than the threshold is not made.
    # (Each move saves the glued link's 0.4 and the orphan's 0.3 and costs the rest's 0.4 and the new link's.)
    almost = 0.3 - MIN_SWAP_GAIN + 0.1
    weak = lambda s, t: almost if (s, t) in (((1,), (3,)), ((2,), (4,))) else price(s, t)  # noqa: E731
    assert almost < 0
    assert [(s, t) for s, t, _ in detached_edges(links, costs, x, y, weak)] == links
    # A sentence that matches its would-be partner no better than that partner's neighbours stays.
    flat = np.ones((n, dim)) / np.sqrt(dim)
    assert [(s, t) for s, t, _ in detached_edges(links, costs, flat, flat, price)] == links
