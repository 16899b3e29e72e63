"""Gale & Church (1993) character-length model.

The length of a translation is roughly proportional to the length of its source: with ``c`` the expected ratio
of target to source characters and ``s2`` the variance per character, ``delta = (l2 - c*l1) / sqrt(s2 * l)`` is
close to standard normal for true translations.  The cost of a link is ``-log(2 * (1 - Phi(|delta|)))``.

Two small changes from the paper make it work across scripts: ``c`` is estimated per document pair (total target
characters over total source characters, e.g. ~0.3 for Chinese against English) instead of assumed 1, and the
variance grows with the mean of the two expected lengths rather than with ``l1`` alone, so the model is symmetric.

The totals are the right estimate only where both texts hold the same content.  Where one side has much the other
lacks (a chapter against the whole book, an article against a page of ten), the totals put ``c`` off by that
factor, and every true pair then looks far too short or long.  ``document_ratio`` therefore checks the totals
against the pairs of sentences that are each other's best match by meaning, and takes those pairs' ratio where
the two disagree by more than ``RATIO_DISAGREEMENT`` (and the coarse pass of a long text then cuts both sides
into blocks of one size, ``aligner.bands.coarse_band``).  On the 81 full gold documents here with enough matched
pairs (of 87) the two agree within a factor of 1.22 (a short WMT21 article; ParIce's es_1 1.18); a translation
with a fifth replaced by another text's sentences (benchmarks/alignment.py, partial translations) can differ by
1.35-1.55.  At 1.3 the gold sets' figures stay and ParIce's partial translations gain (strict F1 0.914 ->
0.923); at 1.15 ParIce's gold loses (0.970 -> 0.967), and with the matched ratio always, Text+Berg dev loses
(0.8945 -> 0.8852).  A translation that leaves out every 4th paragraph (UD PUD, tests/test_raw_text.py) puts the
totals off by 1.28 (0.802 against 1.03 from the matched pairs), so at 1.3 the totals stayed and every true pair
looked a third too long: with an encoder 7 of the 251 orphaned English sentences were glued onto a neighbour
(strict F1 0.989), without one the paragraph pass grouped 51 left-out paragraphs with a neighbour (0.855).  At
1.2: 0 and 0.996, 14 and 0.982 (every 3rd left out: 0.996 either way with an encoder, 0.623 -> 0.962 without);
every gold set, the partial translations and the paragraph-less layouts of PUD are unchanged (the short WMT21
article at 1.22 now takes the matched ratio and still scores 1.0).

A text of a few sentences against a long one (an abstract or a quoted passage against the whole translation) has
fewer than ``MIN_MATCHED`` pairs to measure, so ``c`` came from the totals, off by the factor the long text holds
more: the search made 1-5 links and the unmatched pass undid them (four sentences of a BBC story against its
Russian: no link).  There ``MIN_FEW_MATCHED`` pairs will do, against totals more than ``FEW_DISAGREEMENT`` off,
if each pair stands out on the longer side: its similarity at least ``sqrt(2 ln L) + margin`` deviations above
its sentence's similarities to the other L sentences (about what the best of L random ones scores, plus a margin),
and the pairs run in one order on both sides.  A side under ``MIN_MATCHED`` sentences says nothing about chance,
so two short texts keep their totals.  ``benchmarks/alignment.py --only-excerpts`` (the source sentences of 2, 3,
5 and 8 consecutive gold links against the whole translation and against the next document's): gold links found
Text+Berg 84 -> 199 of 251, ParIce (e5) 42 -> 94 of 180, WMT21 299 -> 570 of 588; links made against the unrelated
translation unchanged (2, 29, 2).  A margin of 0.5 found 206 / 110 / 573 but made 3 / 29 / 6 unrelated links (a
headline and a dateline lead against another story's); one pair enough, 211 / 123 / 575 and 12 / 31 / 10.  The
margin is the encoder's (``few_margin``): e5's true pairs stand out less, and at 0.5 ParIce found 110 with the
same 29 unrelated links (``aligner.encoders.E5Encoder``).  Without
an encoder the pairs are those of the hashed anchor vectors (``aligner.align.first_pass_model``), where one shared
name or number stands many deviations out between unrelated texts too: there the margin is ``FEW_MIN_Z_ANCHORS``
(a scratch run of the same excerpts, Text+Berg / WMT21: found 14 / 90 -> 21 / 137, unrelated links 27 / 110 either
way; at the encoder's margin of 1, 40 / 243 found but 51 / 112 unrelated; at 2, 25 / 188 and 37 / 110).  Every
gold set, the short texts and the partial translations are unchanged.  Left alone: a short side whose sentences
are not more alike to their translations than the best of a long text's others (e5 on Icelandic, two sentences of
an eleven-sentence story on one topic) still falls back to the totals, and nothing is linked.  Tried and not kept:
a cheaper skip on the longer side where the few pairs set ``c`` (an excerpt's edge sentence glues the next
sentence of the long text: all 9 of WMT21's wrong excerpt links): at half the skip, found Text+Berg 199 -> 201,
ParIce 110 -> 109, WMT21 570 -> 572, links not in the gold 15 / 41 / 9 -> 15 / 46 / 7; free, 193 / 108 / 571.  Nor
a run of skips without its opening price there (``CostModel.long_run``; placing an excerpt at either end of the
long text saves one run's opening): 191 / 107 / 571 found, 24 / 48 / 8 links not in the gold.  Nor pairs of
shorter lines counting for the few (8 characters instead of ``MIN_MATCH_CHARS``, for subtitles): found the same,
Text+Berg's unrelated links 2 -> 4.
"""

from __future__ import annotations

import math

import numpy as np

from .model import longest_increasing

DEFAULT_C = 1.0
DEFAULT_S2 = 6.8
MAX_COST = 30.0  # -log p for |delta| beyond ~7.5 sigma: beyond this everything is equally impossible
RATIO_DISAGREEMENT = 1.2  # matched pairs overrule the totals when the two differ by more than this factor
MATCH_SAMPLE = 256         # target sentences, evenly spread, whose best source match is looked for
MIN_MATCHED = 8            # fewer mutual best matches than this say nothing about c
# A short text against a long one (an excerpt against its whole translation) has fewer than MIN_MATCHED pairs
MIN_FEW_MATCHED = 2        # ... so this many will do, if each stands out from chance (FEW_MIN_Z) and they agree in
FEW_DISAGREEMENT = 2.0     # order, and then only against totals this far off (few pairs make a rough estimate)
FEW_MIN_Z = 1.0            # deviations above what the best of the longer side's sentences scores by chance (the
#                            default; an encoder may set its own, ``few_margin``)
FEW_MIN_Z_ANCHORS = 4.0    # ... with hashed anchor vectors (no encoder), where one shared name stands far out

MIN_MATCH_CHARS = 15       # short lines ("Yes.", numbers) have ratios that say little about the language pair
ROWS = 8192                # rows of a similarity block, so that a book needs no n x m matrix


def estimate_ratio(src_chars: int, tgt_chars: int) -> float:
    """The document pair's target/source character ratio (the paper's c), guarded against empty sides."""
    if src_chars <= 0 or tgt_chars <= 0:
        return DEFAULT_C
    return min(max(tgt_chars / src_chars, 0.05), 20.0)


def matched_ratio(x: np.ndarray, y: np.ndarray, l1: np.ndarray, l2: np.ndarray,
                  min_matched: int = MIN_MATCHED, min_z: float = FEW_MIN_Z) -> float | None:
    """``c`` over sentence pairs that are each other's best match (unit sentence embeddings ``x``, ``y``): the
    median of their target/source character ratios, or None with fewer than ``min_matched`` such pairs.  Only a
    fixed, evenly spread sample of target sentences is looked up, so the cost stays linear in the document.

    With fewer pairs asked for than ``MIN_MATCHED`` (a short text against a long one), a pair counts only if it
    stands out from chance on the longer side (``_standing_out``) and the pairs that do run in the same order on
    both sides (the longest such run is kept): a few mutual best matches between unrelated texts are the best of
    many random sentences, in no particular order."""
    n, m = len(x), len(y)
    if min(n, m) < min_matched:
        return None
    sample = np.unique(np.linspace(0, m - 1, min(m, MATCH_SAMPLE)).round().astype(np.int64))
    best_src = _best(y[sample], x)
    best_tgt = _best(x[best_src], y)
    keep = (best_tgt == sample) & (l1[best_src] >= MIN_MATCH_CHARS) & (l2[sample] >= MIN_MATCH_CHARS)
    if min_matched < MIN_MATCHED and keep.any():
        # The best of L random sentences stands about sqrt(2 ln L) deviations above the rest: ask for more.
        longer = max(n, m)
        keep[keep] = _standing_out(x, y, best_src[keep], sample[keep]) >= math.sqrt(2 * math.log(longer)) + min_z
        kept = np.nonzero(keep)[0]    # in target order: keep those whose sources run in the same order
        keep[:] = False
        keep[kept[np.array(longest_increasing(best_src[kept].tolist()), np.int64)]] = True
    if keep.sum() < min_matched:
        return None
    return float(np.exp(np.median(np.log(l2[sample[keep]] / l1[best_src[keep]]))))


def _standing_out(x: np.ndarray, y: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For pairs (i[k], j[k]): how far each pair's similarity stands above the other similarities of its sentence
    on the longer side, in standard deviations of those (a z-score; the best of many random sentences scores 2-3)."""
    if len(y) >= len(x):
        queries, rows, own = x[i], y, j
    else:
        queries, rows, own = y[j], x, i
    if len(rows) < MIN_MATCHED:   # too few to say what a random sentence scores
        return np.zeros(len(i))
    total = np.zeros(len(queries))
    squares = np.zeros(len(queries))
    for r0 in range(0, len(rows), ROWS):
        sims = (queries @ rows[r0:r0 + ROWS].T).astype(np.float64)
        total += sims.sum(axis=1)
        squares += (sims * sims).sum(axis=1)
    mine = np.einsum("ij,ij->i", queries.astype(np.float64), rows[own].astype(np.float64))
    k = len(rows) - 1
    mean = (total - mine) / k
    spread = np.sqrt(np.maximum((squares - mine * mine) / k - mean * mean, 1e-12))
    return (mine - mean) / spread


def _best(queries: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """For each query vector, the index of its most similar row (first one on a tie)."""
    best = np.zeros(len(queries), np.int64)
    top = np.full(len(queries), -np.inf)
    for r0 in range(0, len(rows), ROWS):
        sims = queries @ rows[r0:r0 + ROWS].T
        here = sims.argmax(axis=1)
        value = sims[np.arange(len(queries)), here]
        better = value > top
        best[better], top[better] = here[better] + r0, value[better]
    return best


def document_ratio(l1: np.ndarray, l2: np.ndarray, x: np.ndarray | None = None,
                   y: np.ndarray | None = None, few_min_z: float = FEW_MIN_Z) -> tuple[float, str]:
    """The pair's ``c`` and where it comes from: ``"totals"`` (total characters), or ``"matched"`` where the
    sentences that match by meaning (``x``, ``y``: unit embeddings, where an encoder runs) disagree with the
    totals by more than ``RATIO_DISAGREEMENT``: the texts then do not hold the same content."""
    total = estimate_ratio(int(np.sum(l1)), int(np.sum(l2)))
    if x is None or y is None:
        return total, "totals"
    l1, l2 = np.asarray(l1, np.float64), np.asarray(l2, np.float64)
    matched, disagreement = matched_ratio(x, y, l1, l2), RATIO_DISAGREEMENT
    if matched is None:
        matched, disagreement = matched_ratio(x, y, l1, l2, MIN_FEW_MATCHED, few_min_z), FEW_DISAGREEMENT
    if matched is None or abs(math.log(matched / total)) <= math.log(disagreement):
        return total, "totals"
    return min(max(matched, 0.05), 20.0), "matched"


def _log_two_tail(z: np.ndarray) -> np.ndarray:
    """-log(2 * (1 - Phi(|z|))) = -log erfc(|z|/sqrt 2), in log space so large deviations stay finite.

    Abramowitz & Stegun 7.1.26: erfc(x) = t * exp(-x^2) * poly(t), t = 1 / (1 + p x), error < 1.5e-7."""
    x = np.abs(np.asarray(z, dtype=np.float64)) / math.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.minimum(x * x - np.log(poly), MAX_COST)


def length_cost(l1: np.ndarray, l2: np.ndarray, c: float, s2: float = DEFAULT_S2) -> np.ndarray:
    """Gale–Church cost of aligning source runs of ``l1`` characters with target runs of ``l2`` characters.

    Measured in source characters (``l2 / c``) so that the variance means the same whatever the scripts."""
    l1 = np.asarray(l1, dtype=np.float64)
    l2 = np.asarray(l2, dtype=np.float64) / c
    delta = (l2 - l1) / np.sqrt(s2 * np.maximum((l1 + l2) / 2.0, 1.0))
    return _log_two_tail(delta)
