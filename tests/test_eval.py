"""Evaluation: strict/lax P/R/F1 exactly as Vecalign's score.py, Bertalign's verse merge, and `bitext eval`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from aligner.evaluate import (best_in_order, count, count_outside, format_links, in_order_ceiling, irregular_region,
                              merge_verses, parse_links, read_links, score, score_multiple)
from bitext.cli import cli
from corpus.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "alignment"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/alignment is absent")

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), (3,))]
PRED = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((), (2,)), ((3,), (3,))]


def test_hand_computed_strict_and_lax():
    s = score(GOLD, PRED)
    # precision over all 5 predicted links: (0,0), (),(2) and (3,3) exact; (1)-(1) overlaps gold (1,2)-(1) on
    # both sides (lax only); (2)-() has an empty side, so it overlaps nothing.
    assert s["precision_strict"] == pytest.approx(3 / 5)
    assert s["precision_lax"] == pytest.approx(4 / 5)
    # recall over the 3 gold links with two non-empty sides: (0,0) and (3,3) found; (1,2)-(1) only laxly.
    assert s["recall_strict"] == pytest.approx(2 / 3)
    assert s["recall_lax"] == pytest.approx(1.0)
    assert s["f1_strict"] == pytest.approx(2 * 0.6 * (2 / 3) / (0.6 + 2 / 3))


def test_micro_average_sums_counts_before_dividing():
    perfect = [((0,), (0,))] * 1
    total = score_multiple([GOLD, perfect], [PRED, perfect])
    # 4 of 6 predicted links exact; 3 of 4 gold links exact — not the mean of the two documents' scores
    assert total["precision_strict"] == pytest.approx(4 / 6)
    assert total["recall_strict"] == pytest.approx(3 / 4)
    assert count(GOLD, PRED) + count(perfect, perfect) == count(GOLD, PRED).__add__(count(perfect, perfect))


def test_vecalign_semantics_duplicates_and_empty_links():
    # Vecalign turns both lists into sets: a duplicated prediction counts once; an empty link is dropped.
    assert score(GOLD, PRED + [((0,), (0,)), ((), ())]) == score(GOLD, PRED)
    # a deletion in the prediction never counts toward recall
    assert score([((0,), (0,))], [((0,), ()), ((), (0,))])["recall_strict"] == 0.0


def test_verse_merge_as_bertalign():
    src_verses = ["v1", "v1", "v2"]
    tgt_verses = ["v1", "v2", "v2"]
    pred = [((0,), (0,)), ((1,), ()), ((2,), (1,)), ((), (2,))]
    assert merge_verses(pred, src_verses, tgt_verses) == [((0, 1), (0,)), ((2,), (1, 2))]
    # a link spanning two verses is never merged, nor is the link after it merged into it
    pred = [((0, 1, 2), (0,)), ((), (1,))]
    assert merge_verses(pred, src_verses, tgt_verses) == pred


def test_links_format_round_trip_and_errors():
    text = "0\t0\n1,2\t1\n\t2\n3\t\n"
    links = parse_links(text)
    assert links == [((0,), (0,)), ((1, 2), (1,)), ((), (2,)), ((3,), ())]
    assert format_links(links) == text
    assert parse_links("[0, 1]:[2]\n") == [((0, 1), (2,))]
    with pytest.raises(InputError):
        parse_links("0 1 x\n", "bad.tsv")


def test_eval_command_files_table_and_json(tmp_path):
    gold, pred = tmp_path / "gold.tsv", tmp_path / "pred.tsv"
    gold.write_text(format_links(GOLD))
    pred.write_text(format_links(PRED))
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(gold), str(pred)])
    assert result.exit_code == 0, result.output
    assert "0.600" in result.output and "0.667" in result.output
    result = runner.invoke(cli, ["eval", str(gold), str(pred), "--format", "json"])
    data = json.loads(result.output)
    assert data["micro"]["precision_lax"] == pytest.approx(0.8)


def test_eval_command_bad_input(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(tmp_path / "missing.tsv"), str(tmp_path / "other.tsv")])
    assert result.exit_code == 2
    assert "no such file" in result.output


@needs_shared
def test_eval_command_folders_gold_against_itself(tmp_path):
    gold_root = SHARED / "parice_en_is"
    for doc in sorted(p for p in gold_root.iterdir() if (p / "gold.tsv").is_file()):
        (tmp_path / f"{doc.name}.tsv").write_text((doc / "gold.tsv").read_text())
    result = CliRunner().invoke(cli, ["eval", str(gold_root), str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert len(data["documents"]) == 10
    assert data["micro"]["f1_strict"] == 1.0


@needs_shared
def test_bible_published_protocol_gold_is_perfect():
    doc = SHARED / "bible_en_zh_bertalign" / "001"
    gold = parse_links((doc / "gold.tsv").read_text())
    en = (doc / "en.verse").read_text().splitlines()
    zh = (doc / "zh.verse").read_text().splitlines()
    # splitting every gold link into its sentences' verses and merging back gives the gold again
    split = []
    for s, t in gold:
        split.extend([((i,), ()) for i in s] + [((), (j,)) for j in t])
    assert score(gold, merge_verses(split, en, zh))["f1_strict"] > 0.95


@needs_shared
def test_irregular_region_of_text_berg_test0():
    """test0's gold leaves source 16-17 and target 116, 140, 141 in no link and links source 51 with target 50
    and 55: those places, and every link touching them, are the region; elsewhere the gold is in order."""
    doc = SHARED / "textberg_de_fr" / "test0"
    gold = read_links(doc / "gold.tsv")
    meta = json.loads((doc / "meta.json").read_text(encoding="utf-8"))
    n_src, n_tgt = meta["n_units"]["de"], meta["n_units"]["fr"]
    src, tgt = irregular_region(gold, [], n_src, n_tgt)
    assert {16, 17, 51} <= src and {50, 51, 52, 53, 54, 55, 116, 140, 141} <= tgt
    assert len(src) < 10 and len(tgt) < 20
    for s, t in gold:   # a gold link is wholly inside the region or wholly outside it, and contiguous outside
        inside = bool(src.intersection(s) or tgt.intersection(t))
        assert inside == (src.issuperset(s) and tgt.issuperset(t))
        if not inside:
            assert all(max(x) - min(x) + 1 == len(x) for x in (s, t) if x)
    # a prediction that merges a link into the region drags that link in; the gold against itself is perfect
    assert ((15,), (19,)) in gold and 15 not in src
    merged = [((15, 16, 17), (19,))] + [link for link in gold if link != ((15,), (19,))]
    grown = irregular_region(gold, merged, n_src, n_tgt)
    assert 15 in grown[0] and 19 in grown[1]
    assert count_outside(gold, gold, (src, tgt)).scores()["f1_strict"] == 1.0
    wrong = [((i,), (i,)) for i in range(n_src)]
    assert count_outside(gold, wrong, irregular_region(gold, wrong, n_src, n_tgt)).scores()["f1_strict"] < 0.5


def _in_order(links, n_src, n_tgt, max_link):
    """Every sentence in exactly one link, links in order and contiguous on both sides, sides within max_link."""
    i = j = 0
    for s, t in links:
        assert s == tuple(range(i, i + len(s))) and t == tuple(range(j, j + len(t)))
        assert (s or t) and len(s) <= max_link and len(t) <= max_link and (s and t or len(s) + len(t) == 1)
        i, j = i + len(s), j + len(t)
    assert (i, j) == (n_src, n_tgt)


def test_the_in_order_ceiling_of_a_non_contiguous_gold_link():
    """Source 1 and 3 share target 1 around source 2: the best in-order alignment keeps 0-0, 2-2 and 4-3 and gives
    up the split link (P 3/5, R 3/4: F1 2/3); merging 1-3 into one link (F1 4/7) or 1-1 + 2,3-2 (1/2) scores less."""
    gold = [((0,), (0,)), ((1, 3), (1,)), ((2,), (2,)), ((4,), (3,))]
    assert in_order_ceiling([(gold, 5, 4)]).scores()["f1_strict"] == pytest.approx(2 / 3)
    best = best_in_order(gold, 5, 4, price=0.5)
    _in_order(best, 5, 4, 5)
    assert ((0,), (0,)) in best and ((2,), (2,)) in best and ((4,), (3,)) in best


@needs_shared
def test_the_in_order_ceiling_of_real_gold_sets():
    """A gold that is itself in order (ParIce n_1) is reached in full; Text+Berg test0's (sentences in no link, a
    link split around a caption) is not, and the alignment that comes nearest is a real in-order one."""
    for name, regular in (("parice_en_is/n_1", True), ("textberg_de_fr/test0", False)):
        doc = SHARED / name
        gold = read_links(doc / "gold.tsv")
        meta = json.loads((doc / "meta.json").read_text(encoding="utf-8"))
        n_src, n_tgt = (meta["n_units"][lang] for lang in meta["langs"])
        f1 = in_order_ceiling([(gold, n_src, n_tgt)], 5).scores()["f1_strict"]
        if regular:
            assert f1 == 1.0
        else:
            assert 0.9 < f1 < 1.0
        _in_order(best_in_order(gold, n_src, n_tgt, 5), n_src, n_tgt, 5)
