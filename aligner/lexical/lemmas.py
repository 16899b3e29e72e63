"""Lemmatisers per language, cached per word form (the analysers cost tens of microseconds a call).

Russian uses pymorphy3 (first parse's normal form), every other language simplemma where it is installed;
a language with neither gets the lower-cased word, which still serves as a key.
"""

from __future__ import annotations

from functools import lru_cache

from corpus.terminology.lemmas import morph_parses
from corpus.version import installed_version

NAME_TAGS = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


@lru_cache(maxsize=None)
def _morph_analyser():
    try:
        import pymorphy3
    except ImportError:
        return None
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=None)
def _simplemma():
    try:
        import simplemma
    except ImportError:
        return None
    return simplemma


def _morph_parse(morph, word: str):
    """pymorphy3's first parse of *word*, or None where it cannot parse one (see corpus.terminology.lemmas)."""
    parses = morph_parses(morph, word)
    return parses[0] if parses else None


# The packages whose data decides each backend's lemmas: their versions go into ``Lemmatiser.label``.
BACKEND_PACKAGES = {"pymorphy3": ("pymorphy3", "pymorphy3-dicts-ru"), "simplemma": ("simplemma",), "lowercase": ()}


def _versions(backend: str) -> str:
    return "+".join(installed_version(package) or "?" for package in BACKEND_PACKAGES[backend])


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@lru_cache(maxsize=None)
def _simplemma_knows(lang: str) -> bool:
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
        return lang in SUPPORTED_LANGUAGES
    except ImportError:     # another simplemma layout: ask it (this loads the language's table)
        try:
            _simplemma().lemmatize("test", lang=lang)
            return True
        except (ValueError, KeyError):
            return False


class Lemmatiser:
    """``lemma(word)`` (lower case) and ``is_common_word(word)`` for one language."""

    def __init__(self, lang: str):
        # The backend is decided without loading its data (pymorphy3's dictionaries, simplemma's per-language
        # table: ~0.8 s each), which happens on the first word: a run whose lexical features all come from the
        # cache never pays for it.
        self.lang = lang
        self.backend = "lowercase"
        self._sm = None
        if lang == "ru" and _installed("pymorphy3"):
            self.backend = "pymorphy3"
        elif _simplemma() is not None and _simplemma_knows(lang):
            self.backend = "simplemma"
            self._sm = _simplemma()
        self._cache: dict[str, str] = {}
        self._common: dict[str, bool] = {}

    @property
    def label(self) -> str:
        """The backend and its packages' versions (``simplemma-2.0.0``): the anchors and lexicon caches are keyed
        on it, so an upgraded lemmatiser cannot serve lemmas it would no longer make."""
        versions = _versions(self.backend)
        return f"{self.backend}-{versions}" if versions else self.backend

    @property
    def _morph(self):
        return _morph_analyser()

    def lemma(self, word: str) -> str:
        lemma = self._cache.get(word)
        if lemma is None:
            lower = word.lower()
            if self.backend == "pymorphy3":
                lemma = _morph_parse(self._morph, lower)
                lemma = lower if lemma is None else lemma.normal_form.replace("ё", "е")
            elif self.backend == "simplemma":
                # German nouns are looked up as written (capitalised); elsewhere case only hides the lemma.
                lemma = self._sm.lemmatize(word if self.lang == "de" else lower, lang=self.lang).lower()
                if self.lang == "en" and lemma == lower and not self._sm.is_known(lower, lang="en"):
                    lemma = self._archaic_english(lower) or lemma
            else:
                lemma = lower
            self._cache[word] = lemma
        return lemma

    def _archaic_english(self, lower: str) -> str | None:
        """Early Modern English verb endings (toucheth, goeth, saith, knowest) → the modern lemma, when the
        lexicon knows the stem; None otherwise."""
        for ending in ("eth", "est", "th"):
            if lower.endswith(ending) and len(lower) >= len(ending) + 2:
                stem = lower[: -len(ending)]
                for candidate in (stem, stem + "e", stem[:-1] if stem.endswith(("i", "y")) else None,
                                  stem[:-1] + "y" if stem.endswith("i") else None):
                    if candidate and self._sm.is_known(candidate, lang="en"):
                        return self._sm.lemmatize(candidate, lang="en").lower()
        return None

    def name_base(self, word: str) -> str:
        """The base form of a (capitalised) name: Путина → Путин; unchanged where nothing is known."""
        if self.backend == "pymorphy3":
            return self.lemma(word)
        if self.backend == "simplemma" and self.lang in ("is", "de"):
            return self._sm.lemmatize(word, lang=self.lang)
        if self.lang == "en" and word.endswith(("'s", "’s")):
            return word[:-2]
        return word

    def is_common_word(self, word: str) -> bool:
        """Whether ``word`` (as capitalised at a sentence start) is an ordinary word rather than a name."""
        known = self._common.get(word)
        if known is None:
            lower = word.lower()
            if self.backend == "pymorphy3":
                p = _morph_parse(self._morph, lower)
                known = p is not None and self._morph.word_is_known(lower) and not (NAME_TAGS & set(p.tag.grammemes))
            elif self.backend == "simplemma":
                known = self._sm.is_known(lower, lang=self.lang) or self.lemma(word) != lower
            else:
                known = False
            self._common[word] = known
        return known


@lru_cache(maxsize=None)
def lemmatiser(lang: str) -> Lemmatiser:
    return Lemmatiser(lang)
