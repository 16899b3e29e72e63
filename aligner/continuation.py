"""Sentences that continue the one before them: where a link is unlikely to start.

A sentence whose first letter is lower case rarely begins a thought of its own.  It is the rest of the sentence
before it, cut off by a caption or page furniture in OCR (Text+Berg: «knirschenden Geräusch des hartgefrorenen
Schnees …» after a picture caption), by a line-broken source (ParIce's ALMA press release: «Astronomers and
engineers have, / for the first time, / successfully linked …»), or by a segmenter that split too eagerly.  When
only one side of a candidate link starts with such a sentence, the translator most likely did not break there,
and the link should rather begin one sentence earlier on that side.  When both sides do, the two texts were split
alike and nothing is suspicious: the cost (``aligner.cost``, weight ``cont``) charges only the mismatch.

Only cased scripts carry the signal: a side in Chinese, Japanese, Arabic ... has none, and then neither has the
pair, since a break on the other side cannot be matched against it.  A sentence opening with a digit is not
flagged («1998 war ein Jahr …»), and a side where lower-case openings are the norm rather than the exception
(chat or web text written without capitals) carries no signal at all.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# A side where at least this share of the cased openings is lower case writes without capitals: no signal.
# (ParIce's line-broken es_1, 21 of 44 English openings in lower case, all of them real continuations, stays in.)
MOSTLY_LOWER = 2 / 3


def opening_case(sentence: str) -> str | None:
    """'lower' or 'upper' for the first letter or digit of a sentence, None where that is a digit or an uncased
    letter (or there is none): quotes, brackets and dashes before it do not count."""
    for ch in sentence:
        if ch.isalnum():
            if not ch.isalpha() or ch.lower() == ch.upper():
                return None
            return "lower" if ch.islower() else "upper"
    return None


def continues_previous(sentences: Sequence[str]) -> np.ndarray | None:
    """1.0 for each sentence (after the first) that opens in lower case, else 0.0; all zeros where lower-case
    openings are the norm on this side; None where no sentence opens with a cased letter (an uncased script)."""
    cases = [opening_case(s) for s in sentences]
    if all(c is None for c in cases):
        return None
    flags = np.array([1.0 if k > 0 and c == "lower" else 0.0 for k, c in enumerate(cases)], dtype=np.float64)
    cased = sum(1 for c in cases[1:] if c is not None)
    if cased and flags.sum() >= MOSTLY_LOWER * cased:
        flags[:] = 0.0
    return flags
