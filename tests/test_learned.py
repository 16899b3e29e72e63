"""Word pairs a document pair teaches itself from a first alignment (aligner.lexical.learned)."""

from __future__ import annotations

from collections import Counter

from aligner.align import Aligner
from aligner.evaluate import count
from aligner.lexical import LexicalScorer
from aligner.lexical.learned import chance_of, learn_pairs, with_learned, word_bags

from conftest import SHARED, needs_shared
from support import load_gold_document

ALIGNMENT = SHARED / "data" / "alignment"


def one_to_one(gold) -> list[tuple[int, int]]:
    return [(s[0], t[0]) for s, t in gold if len(s) == 1 and len(t) == 1]


def rotated(links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The same sources paired with the targets half the document away: links that are all wrong."""
    return [(i, links[(k + len(links) // 2) % len(links)][1]) for k, (i, _) in enumerate(links)]


@needs_shared
def test_the_gold_links_of_a_document_teach_its_translations_and_a_shuffled_pairing_teaches_nothing():
    d = load_gold_document(ALIGNMENT / "textberg_de_fr" / "dev")
    src, tgt = word_bags(d.src, "de"), word_bags(d.tgt, "fr")
    links = one_to_one(d.gold)
    pairs = learn_pairs(src, tgt, links)
    assert len(pairs) >= 20
    # learned from the aligned text alone (no dictionary is read here)
    assert {("berg", "montagne"), ("regierung", "gouvernement"), ("seile", "cordes")} <= set(pairs)
    assert len({x for x, _ in pairs}) == len(pairs) == len({y for _, y in pairs})   # each word in one pair
    assert all(x != y for x, y in pairs)             # identical spellings are the cognate anchors' business
    assert learn_pairs(src, tgt, rotated(links)) == []


@needs_shared
def test_a_short_document_learns_no_pair_by_chance():
    # nine 1-1 links: words that recur in a third of them share links by chance as often as not
    d = load_gold_document(ALIGNMENT / "wmt21_en_ru" / "abcnews.420102")
    src, tgt = word_bags(d.src, "en"), word_bags(d.tgt, "ru")
    links = one_to_one(d.gold)
    assert learn_pairs(src, tgt, rotated(links)) == []


def test_chance_of_sharing_links_is_the_hypergeometric_tail():
    assert chance_of(1, 1, 1, 10) == 0.1                      # one word in one of ten links, the other too
    assert chance_of(3, 3, 3, 100) == 1 / 161700              # C(100, 3)
    assert chance_of(0, 5, 5, 20) == 1.0
    assert abs(chance_of(2, 5, 5, 10) - (1 - (1 + 25) / 252)) < 1e-12    # 1 - P(0 shared) - P(1 shared)


def test_learned_pairs_become_anchors_on_copies_of_the_sentences_that_hold_them():
    sentences = ["Der Hüttenwart kam spät .", "Wir schliefen ."]
    bags = word_bags(sentences, "de")
    original = [Counter({"num:1": 1, "#num": 1}), Counter()]
    out = with_learned(original, bags, {"hüttenwart": "hüttenwart|gardien"})
    assert out[0]["t:hüttenwart|gardien"] == 1 and out[0]["#t"] == 1 and out[0]["num:1"] == 1
    assert out[1] is original[1]
    assert original[0] == Counter({"num:1": 1, "#num": 1})    # the scorer's cached Counter is left alone


def test_a_language_written_without_spaces_is_split_into_its_dictionarys_words():
    assert word_bags(["我们到达山顶。"], "zh") is None             # no dictionary: no words to count
    vocabulary = LexicalScorer("en", "zh").unspaced_vocabulary("zh")
    assert vocabulary is not None and LexicalScorer("de", "fr").unspaced_vocabulary("de") is None
    # «we reach the summit»: «我们» is a stopword; one-character words count («神», «光»)
    assert word_bags(["我们到达山顶。", "神说，要有光。"], "zh", vocabulary) == [
        frozenset({"到达", "山顶"}), frozenset({"神", "说", "要有", "光"})]
    assert word_bags(["Über den steilen Grat zum Gipfel ."], "de") == [frozenset({"steilen", "grat", "gipfel"})]


@needs_shared
def test_learned_pairs_put_a_heading_and_a_short_question_with_their_translations():
    # Text+Berg test1: «Und nun zum Hüttenwart :» belongs with «Quant au gardien , …» and «Wieder aufsteigen ?»
    # with «Remonter , pas question :»; the first path glued each onto the sentence before
    d = load_gold_document(ALIGNMENT / "textberg_de_fr" / "test1")
    runs = {}
    for learn in (False, True):
        aligner = Aligner(d.src_lang, d.tgt_lang, learn=learn)
        alignment = aligner.align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
        runs[learn] = [(link.src, link.tgt) for link in alignment.links]
    assert ((237, 238), (204,)) in runs[True] and ((251,), (214,)) in runs[True]
    assert ((237, 238), (204,)) not in runs[False]
    assert count(d.gold, runs[True]).scores()["f1_strict"] > count(d.gold, runs[False]).scores()["f1_strict"]
    assert aligner.signature()["learn"] == "learned-3x0.6"


@needs_shared
def test_english_and_chinese_gold_links_teach_names_and_words_and_a_shuffled_pairing_nothing():
    d = load_gold_document(ALIGNMENT / "bible_en_zh_bertalign" / "001")
    vocabulary = LexicalScorer("en", "zh").unspaced_vocabulary("zh")
    src, tgt = word_bags(d.src, "en"), word_bags(d.tgt, "zh", vocabulary)
    links = one_to_one(d.gold)[:600]          # Genesis, about a twentieth of the set
    pairs = set(learn_pairs(src, tgt, links))
    assert {("ark", "方舟"), ("sodom", "所多玛"), ("forty", "四十"), ("dove", "鸽子")} <= pairs
    assert learn_pairs(src, tgt, rotated(links)) == []
