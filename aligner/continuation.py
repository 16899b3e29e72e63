"""Sentences that continue the one before them: where a link is unlikely to start.

A sentence whose first letter is lower case rarely begins a thought of its own.  It is the rest of the sentence
before it, cut off by a caption or page furniture in OCR (Text+Berg: «knirschenden Geräusch des hartgefrorenen
Schnees …» after a picture caption), by a line-broken source (ParIce's ALMA press release: «Astronomers and
engineers have, / for the first time, / successfully linked …»), or by a segmenter that split too eagerly.  When
only one side of a candidate link starts with such a sentence, the translator most likely did not break there,
and the link should rather begin one sentence earlier on that side.  When both sides do, the two texts were split
alike and nothing is suspicious: the cost (``aligner.cost``, weight ``cont``) charges only the mismatch.

A sentence after one that ends in a colon or a semicolon continues it too (``follows_open_clause``): the thought
goes on (a list, an explanation, a quotation), and where a segmenter split there the translator often wrote a
comma or nothing (Text+Berg: «Nun begannen die Erkundungen :» and the French sentence it shares).  In Text+Berg
the gold joins 84 of the 284 colon-ended sentences to the next in one link and 82 of 125 semicolon-ended ones;
before this, the search missed 23 such joins at colons and 5 at semicolons and made 8 and 1 too many.  Counted
as continuing (``Weights.cont_clause`` = 1, the same flag as a lower-case opening), strict F1 on the tuning splits
(Text+Berg dev / ParIce es_1, n_1, n_2): 0.8907 / 0.9712 -> 0.8945 / 0.9712 (colons only: 0.8921); at 0.5,
0.8907.  Held out: Text+Berg test 0.9291 -> 0.9324, the other ParIce documents 0.9684 -> 0.9695; WMT21 and the
Bible unchanged.  Without an encoder Text+Berg dev fell 0.8477 -> 0.8270 (test rose 0.8521 -> 0.8945; with
``cont`` 2, 3 or 6 dev stayed below 0.834), so there it is off.

A line of nothing but closing punctuation («!», «» .», «.») continues the sentence before it too: it is that
sentence's end, split off by a segmenter or an OCR line break, and belongs in its link (``closing_fragment``;
``aligner.debris`` does not count it as furniture).  Text+Berg's gold puts both such lines of its test set (after
«Dring ...» and «… des tricounis !») in the link of the sentence before; the search had linked the first with
the next sentence and left the second out.  Text+Berg test 0.9324 -> 0.9363 (without an encoder 0.8521 ->
0.8544); dev, ParIce, WMT21 and the Bible unchanged (dev's one such line, «.....», is a row of dots, which is
left as furniture).

Only cased scripts carry the signal, and only where capitals are used: a side in Chinese, Japanese, Arabic ...
has none, nor has a side written without capitals (web or chat text where a third or more of the sentences after
a full stop open in lower case).  Then neither has the pair, since a break on the other side cannot be matched
against it; the alignment is the one without the term.  A sentence opening with a digit is not flagged («1998
war ein Jahr …»).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from corpus.segment import language_stops

# A side where at least this share of the sentences after a full stop open in lower case writes without capitals
# (web or chat text): no signal.  Only openings after a full stop count, so a line-broken source stays in (ParIce's
# es_1: 21 of 44 English openings in lower case, after commas, all of them real continuations).
SLOPPY_SHARE = 1 / 3
SLOPPY_MIN = 3     # ... and at least this many (one OCR caption in a short text says nothing)
SENTENCE_END = re.compile(r"[.!?…。！？][\s\"'»”’)\]]*$")
OPEN_CLAUSE_END = re.compile(r"([:;：；])\s*$")   # a colon or semicolon ends the sentence: what follows goes on
CLOSING_ONLY = re.compile(r"[\s.!?…»”\"')\]]+")    # a line of stops and closing quotes/brackets only ...
CLOSING_MARKS = "!?»”\")]"                         # ... with one of these in it (not just a row of dots)


def closing_fragment(sentence: str) -> bool:
    """Whether ``sentence`` is nothing but the closing punctuation of the one before: «!», «» .», «?)», «.».  A
    longer row of dots with no closer in it («.....») is a leader or a separator line, not a sentence's end."""
    text = sentence.strip()
    if not text or not CLOSING_ONLY.fullmatch(text):
        return False
    return any(c in CLOSING_MARKS for c in text) or len(text.replace(" ", "")) <= 2


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
    """1.0 for each sentence (after the first) that opens in lower case or is a ``closing_fragment``, else 0.0;
    None where the side carries no signal: no sentence opens with a cased letter (an uncased script), or the side
    is written without capitals."""
    cases = [opening_case(s) for s in sentences]
    if all(c is None for c in cases):
        return None
    flags = np.array([1.0 if k > 0 and (c == "lower" or closing_fragment(s)) else 0.0
                      for k, (c, s) in enumerate(zip(cases, sentences))], dtype=np.float64)
    after_stop = [c for k, c in enumerate(cases) if k > 0 and c is not None and SENTENCE_END.search(sentences[k - 1])]
    sloppy = after_stop.count("lower")
    if sloppy >= SLOPPY_MIN and sloppy >= SLOPPY_SHARE * len(after_stop):
        return None
    return flags


def follows_open_clause(sentences: Sequence[str], lang: str | None = None) -> np.ndarray:
    """1.0 for each sentence whose predecessor ends in a colon or semicolon (full-width ones too), else 0.0.
    Not where the mark ends a sentence in ``lang`` (Greek ";" is a question mark: ``language_stops``)."""
    own = language_stops(lang)
    return np.array([1.0 if k > 0 and (m := OPEN_CLAUSE_END.search(sentences[k - 1])) and m.group(1) not in own
                     else 0.0 for k in range(len(sentences))], dtype=np.float64)
