"""Gale & Church (1993) character-length model.

The length of a translation is roughly proportional to the length of its source: with ``c`` the expected ratio
of target to source characters and ``s2`` the variance per character, ``delta = (l2 - c*l1) / sqrt(s2 * l)`` is
close to standard normal for true translations.  The cost of a link is ``-log(2 * (1 - Phi(|delta|)))``.

Two small changes from the paper make it work across scripts: ``c`` is estimated per document pair (total target
characters over total source characters, e.g. ~0.3 for Chinese against English) instead of assumed 1, and the
variance grows with the mean of the two expected lengths rather than with ``l1`` alone, so the model is symmetric.
"""

from __future__ import annotations

import math

import numpy as np

DEFAULT_C = 1.0
DEFAULT_S2 = 6.8
MAX_COST = 30.0  # -log p for |delta| beyond ~7.5 sigma: beyond this everything is equally impossible


def estimate_ratio(src_chars: int, tgt_chars: int) -> float:
    """The document pair's target/source character ratio (the paper's c), guarded against empty sides."""
    if src_chars <= 0 or tgt_chars <= 0:
        return DEFAULT_C
    return min(max(tgt_chars / src_chars, 0.05), 20.0)


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
