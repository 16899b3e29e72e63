"""Abbreviations and sentence starters, read from the data files in ``data/`` (format: ``data/README.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
CLASSES = ("never", "may", "end", "number")


def _entries(name: str) -> list[str]:
    path = DATA / name
    if not path.exists():
        return []
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


def abbreviation_key(text: str) -> str:
    """The form abbreviations are looked up by: spaces removed ("т. е." and "т.е." are one entry)."""
    return "".join(text.split())


WORD_ZIPF = 2.0   # wordfreq's Zipf scale: log10 of a word's frequency per billion words
WORD_LIST_DISTANCE = 60   # langcodes' distance to the nearest wordfreq list, as wordfreq allows (zh-Hant -> zh: 54)


@lru_cache(maxsize=16)
def word_frequencies(lang: str | None) -> dict[str, float] | None:
    """wordfreq's word -> frequency map for ``lang`` (its "small" list, 4-10 MB a language in memory), None where
    it has none or wordfreq is missing.  Shared with ``aligner.debris``."""
    try:
        import langcodes
        import wordfreq
    except ImportError:
        return None
    if not lang:
        return None
    # The nearest list as wordfreq itself would pick it (Norwegian "no" -> "nb"; Serbian, Croatian and Bosnian ->
    # its Serbo-Croatian "sh", whose words wordfreq's preprocessing spells in Latin letters), picked here so that
    # wordfreq has nothing to warn about; a language with none nearby gets None.
    try:
        best, _distance = langcodes.closest_match(lang, sorted(wordfreq.available_languages("small")),
                                                  max_distance=WORD_LIST_DISTANCE)
    except ValueError:   # not a language tag at all ("generic", the segmenter's rules for any language)
        return None
    if best == "und":
        return None
    return wordfreq.get_frequency_dict(best, wordlist="small")


@lru_cache(maxsize=65536)
def word_key(word: str, lang: str | None) -> str:
    """``word`` as wordfreq's lists spell it: case-folded and normalised the language's way (Greek final ς as σ,
    German ß as ss, Turkish dotted İ), so that "κανένας" and "Maß" are found.  Cached: term extraction asks
    for every word of a text, and wordfreq's normalisation is a chain of regular expressions."""
    try:
        from wordfreq.preprocess import preprocess_text
    except ImportError:
        return word.casefold()
    return preprocess_text(word, lang or "und")


@dataclass(frozen=True)
class Resources:
    exact: dict[str, str]        # abbreviation as written (key form) -> class, for entries with a capital
    folded: dict[str, str]       # lower-cased key -> class, for entries written in lower case
    starters: frozenset[str]
    prepositions: frozenset[str]
    valedictions: tuple[str, ...]
    greetings: tuple[str, ...]
    stops: str                   # characters that end a sentence in this language besides the common ones
    longest: int                 # most tokens in one abbreviation ("и т. д." has 3)
    lang: str = ""

    def is_word(self, word: str) -> bool | None:
        """Whether ``word`` is a word of the language (wordfreq's small list, Zipf >= ``WORD_ZIPF``); None where
        there is no list for it.  A truncation before a stop ("meteor.", "idraul.") is none."""
        known = word_frequencies(self.lang)
        if known is None:
            return None
        return known.get(word_key(word, self.lang), 0.0) >= 10 ** (WORD_ZIPF - 9)

    def abbreviation(self, key: str) -> str | None:
        found = self.exact.get(key)
        if found is None:
            found = self.folded.get(key.lower())
        return found


@lru_cache(maxsize=None)
def resources(lang: str) -> Resources:
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    longest = 1
    for name in ("abbreviations_generic.txt", f"abbreviations_{lang}.txt"):
        for line in _entries(name):
            abbreviation, kind = line.rsplit(None, 1)
            if kind not in CLASSES:
                raise ValueError(f"{DATA / name}: unknown class {kind!r} for {abbreviation!r}")
            longest = max(longest, len(abbreviation.split()))
            key = abbreviation_key(abbreviation)
            if key == key.lower():
                folded[key] = kind
            else:
                exact[key] = kind
    starters = frozenset(_entries(f"starters_{lang}.txt"))
    prepositions = frozenset(_entries(f"prepositions_{lang}.txt"))
    valedictions = tuple(_entries(f"valedictions_{lang}.txt"))
    greetings = tuple(_entries(f"greetings_{lang}.txt"))
    stops = "".join(_entries(f"stops_{lang}.txt"))
    return Resources(exact, folded, starters, prepositions, valedictions, greetings, stops, longest, lang)
