"""Loading the small data files shipped in ``aligner/lexical/data`` (word lists as data, not code)."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache
from pathlib import Path

from corpus.segment.resources import word_frequencies
from corpus.version import installed_version

DATA_DIR = Path(__file__).with_name("data")


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


# A language without a list of its own takes the letter words among the first FALLBACK_STOPWORDS of wordfreq's
# list for it, most frequent first: function words all but a few light ones ("roku", "zaman").  At 100 content
# words come in ("casa", "vida", "gente", "mensen", "Brasil").  Measured with bitext's own lists set aside
# (strict F1, Text+Berg dev / test / ParIce): no stopwords 0.9130 / 0.9413 / 0.9535; the first 50 of wordfreq's
# small lists (as here) 0.9116 / 0.9445 / 0.9658, the first 100 0.9102 / 0.9429 / 0.9668 (of its best lists, 200:
# 0.9137 / 0.9435 / 0.9629); bitext's own lists 0.9137 / 0.9451 / 0.9697 (WMT21 1.000 in every case).
FALLBACK_STOPWORDS = 50
LETTER_WORD = re.compile(r"[^\W\d_]+")


@lru_cache(maxsize=None)
def _stopwords_with_source(lang: str) -> tuple[frozenset[str], str]:
    """``stopwords(lang)`` and ``stopwords_label(lang)``, decided together so that the label always names the
    list the words came from."""
    own = _lines(DATA_DIR / f"stopwords_{lang}.txt")
    if own:
        return frozenset(w.lower() for w in own), "own"
    frequencies = word_frequencies(lang)
    if frequencies is None:
        return frozenset(), "none"
    commonest = itertools.islice(frequencies, FALLBACK_STOPWORDS)   # the dict runs from the most frequent word
    return (frozenset(w for w in commonest if LETTER_WORD.fullmatch(w)),
            f"wordfreq-{installed_version('wordfreq')}-top{FALLBACK_STOPWORDS}")


def stopwords(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (lowercase): ``data/stopwords_<lang>.txt`` where it exists, else the commonest
    words by wordfreq (``FALLBACK_STOPWORDS``), else none."""
    return _stopwords_with_source(lang)[0]


def stopwords_label(lang: str) -> str:
    """Where ``stopwords(lang)`` comes from, for signatures and cache keys: "own", wordfreq's list, or "none"."""
    return _stopwords_with_source(lang)[1]


@lru_cache(maxsize=None)
def number_words(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """(values, multipliers) for spelled-out numbers of ``lang``: ``{"five": 5}``, ``{"million": 1000000}``."""
    values: dict[str, int] = {}
    multipliers: dict[str, int] = {}
    for line in _lines(DATA_DIR / f"numwords_{lang}.tsv"):
        word, value = line.split("\t")
        if value.startswith("x"):
            multipliers[word.lower()] = int(value[1:])
        else:
            values[word.lower()] = int(value)
    return values, multipliers
