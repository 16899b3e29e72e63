"""Debris: lines that carry no words, so that leaving them unaligned loses nothing.

OCR'd magazines scatter bits of page furniture between the sentences: «JfV», «.....», «- _-», «* , *^».  The
search charges ``Weights.skip`` for a 1-0 or 0-1 link, a prior that a translation translates; for a line with
nothing to translate that prior is wrong, and the search glues the line onto a neighbouring link instead, which
makes that link wrong too.  A debris line's skip costs ``Weights.debris`` instead (0: free).  A debris line is
not kept out of links: where both sides carry the same one («1. 1950 :» against «1. 1950 :») the link's
similarity and anchors still make it cheaper than two skips, and the gold sometimes glues debris onto a sentence,
which the search may still do.  In Text+Berg (dev and test) 28 lines are debris: the gold leaves 11 of them
unaligned and links 17; without the rule the search left 6 of the 11 alone, with it 9, and it still links 16 of
the 17.

A line is debris when it has at most ``MAX_LETTERS`` letters and none of its words is a word of its language:
in wordfreq's list for the language (the ``wordfreq`` dependency) with a Zipf frequency of at least
``MIN_ZIPF``.  So «Yes.», «Nei.», «OK», «Я?» and «Da!» are words and stay; «JfV», «- _-» and «.....» are not.
A single letter counts as a word where the list has it (French «m», «â»: OCR remains as often as not).  Digits
are not letters: a line of only a page number is debris, while its twin on the other side still links to it by
the number.  A language without a word list counts only lines without a word of two letters or more, and a line
in a script that writes a word in one or two characters (Chinese, Japanese, Korean: «来吧。», «罢了。» in the
Bible) is never debris.

Measured (strict F1, Text+Berg dev / test, confidence model refitted, long runs of skips off to isolate this):
0.8703 / 0.9278 -> 0.8735 / 0.9291; ParIce tuning and held-out (0.9712 / 0.9684), WMT21 (1.0) and the Bible
(0.9893) unchanged.  Without an encoder it was a wash (Text+Berg dev / test 0.8477 / 0.8521 -> 0.8498 / 0.8515; the
length-only mode 0.784 -> 0.780), so ``WEIGHTS_NO_ENCODER`` keeps the full skip for debris.  With wordfreq's full
lists and a floor of 2.5 (125 MB more memory for German): 0.8735 / 0.9284.  Counting any single letter as debris
(«m», «â» too) gave dev 0.8751 and the same test figure (full lists); not done, since a one-letter word alone on a
line (Russian «Я?», Spanish «¿Y?») is more often a real reply than debris.  The weight: half the usual skip gave
the same dev figure as 0 (full lists, test 0.9278); 0 says what the rule means.  Since sentences after a colon or
semicolon count as continuing (``aligner.continuation``): 0.8762 / 0.9311 -> 0.8773 / 0.9324 with long runs of
skips off; with them on, dev 0.8966 -> 0.8945 (one link) and test 0.9311 -> 0.9324.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from corpus.segment.resources import word_frequencies, word_key
from corpus.version import installed_version

from .continuation import closing_fragment

MAX_LETTERS = 3          # more letters than this and the line has something to say
MIN_ZIPF = 3.0           # a word at least this frequent in its language (wordfreq's Zipf scale) is a word: the
#                          floor of wordfreq's "small" lists (4-10 MB a language in memory; the full ones
#                          take ~125 MB for German)
WORD = re.compile(r"[^\W\d_]+")
# Scripts where one or two characters make a word: such a line is never debris.
DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def describe() -> str:
    """For the reproducibility signature: which word lists decide what is debris (their version moves the line)."""
    found = installed_version("wordfreq")
    if not found:   # wordfreq absent: only lines without a word of two letters count
        return f"no-list-l{MAX_LETTERS}"
    return f"wordfreq-{found}-small-z{MIN_ZIPF:g}-l{MAX_LETTERS}-folded"   # words looked up as wordfreq folds them


def is_debris(sentence: str, lang: str | None) -> bool:
    """Whether ``sentence`` (a line of a text in ``lang``) has no word to translate."""
    if DENSE_SCRIPT.search(sentence) or closing_fragment(sentence):
        return False   # a closing fragment («!», «» .») is the end of the sentence before, not furniture
    words = WORD.findall(sentence)
    if sum(len(word) for word in words) > MAX_LETTERS:
        return False
    known = word_frequencies(lang)
    if known is None:
        return not any(len(word) >= 2 for word in words)
    floor = 10 ** (MIN_ZIPF - 9)   # Zipf = log10(frequency per billion words)
    return not any(known.get(word_key(word, lang), 0.0) >= floor for word in words)


def debris_flags(sentences: Sequence[str], lang: str | None) -> np.ndarray:
    """``is_debris`` for each sentence, as an array of booleans."""
    return np.array([is_debris(s, lang) for s in sentences], dtype=bool)
