"""Names as script-neutral keys: ``name:ptn`` for Putin / Путин / Путина, ``name:lcn`` for Yeltsin / Ельцин.

A name is a capitalised word that is not the first word of the sentence (or, at the start, a word the
language's lexicon does not know in lower case), or an acronym.  Its key is a coarse phonetic skeleton of its
Latin transliteration: consonants only, with the spellings that transliteration systems disagree on folded
together (kh/h, ts/tz/c, sh/sch/š, y/j/i, ks/x, doubled letters).  Equal keys mean a fuzzy match, so the
fuzzy comparison costs nothing at pair-scoring time: Zürich ~ Zurich and Vostok ~ Восток share a key, München
and Munich do not (they are different words, not spellings of one).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Callable

from unidecode import unidecode

from .tokens import is_acronym, is_capitalised

# Ordered rewrites on the lower-case transliteration; longer spellings first.
FOLDS: tuple[tuple[str, str], ...] = (
    ("shch", "s"), ("tsch", "C"), ("sch", "s"), ("tch", "C"), ("sh", "s"), ("zh", "z"), ("ch", "C"),
    ("kh", "h"), ("tz", "C"), ("ts", "C"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("gh", "g"),
    ("x", "ks"), ("q", "k"), ("w", "v"), ("dj", "j"), ("'", ""),
)
VOWELS = set("aeiouyj")
MAX_KEY = 5      # consonants kept: enough to tell names apart, short enough to ignore inflected tails


@lru_cache(maxsize=200_000)
def name_key(word: str) -> str | None:
    """The skeleton key of one name, or None when too little is left to be evidence."""
    latin = unidecode(word).lower()
    latin = "".join(c for c in latin if "a" <= c <= "z" or c == "'")
    for a, b in FOLDS:
        latin = latin.replace(a, b)
    # An affricate (ts, ch: "C" above) stays c; a plain Latin c sounds k before a back vowel or a consonant
    # (Cuba ~ Куба) and s before e/i (Cesar ~ Сезар).
    latin = re.sub(r"c(?=[ei])", "s", latin)
    latin = latin.replace("c", "k").replace("C", "c")
    skeleton = []
    for c in latin:
        if c in VOWELS:
            continue
        if skeleton and skeleton[-1] == c:
            continue
        skeleton.append(c)
    key = "".join(skeleton[:MAX_KEY])
    if len(key) < 2:
        return None
    return key


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def name_features(words: list[str], normalise: Callable[[str], str],
                  is_ordinary: Callable[[str, bool], bool]) -> Counter[str]:
    """``name:<key>`` for every name among ``words``.

    ``normalise`` turns an inflected name into its base form (Путина → Путин) where the language inflects
    names; ``is_ordinary(word, initial)`` says whether a capitalised word is an ordinary word after all (a
    sentence start, a German noun, an English weekday).
    """
    feats: Counter[str] = Counter()
    for i, word in enumerate(words):
        if not is_capitalised(word):
            continue
        if not is_acronym(word) and is_ordinary(word, i == 0):
            continue
        for part in word.split("-"):
            if not part or part[:1].islower():
                continue
            base = part if is_acronym(part) else normalise(part)
            key = name_key(base)
            if key:
                feats["name:" + key] += 1
    return feats


COGNATE_MIN_LEN = 6    # shorter words collide too often once reduced to consonants
COGNATE_KEY = 4        # consonants compared: the stem, not the inflected ending


def cognate_features(words: list[str], skip: set[str], stop: frozenset[str]) -> Counter[str]:
    """``c:<key>`` for long ordinary words, keyed like names but on the first consonants only, so that
    internationalisms match across scripts (коронавирус ~ coronavirus, карантин ~ quarantine,
    Expedition ~ expédition) whatever their endings."""
    feats: Counter[str] = Counter()
    for word in words:
        if len(word) < COGNATE_MIN_LEN or word in skip or word.lower() in stop or is_acronym(word):
            continue
        key = name_key(word.lower())
        if key and len(key) >= 3:
            feats["c:" + key[:COGNATE_KEY]] += 1
    return feats
