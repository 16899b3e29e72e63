"""Lemma sets per language: what a word form may be a form of.

A word maps to a *set* of candidate lemmas (its own lower-cased form included), because a form out of
context is ambiguous (``стали``, ``exercises``); two words match when their sets intersect.  English uses
lemminflect restricted to noun/adjective readings (terms are noun phrases: ``sanctioned`` must not match
``sanctions``); Russian uses pymorphy3 with every parse (``ё`` written ``е``).  Other languages fall back to the
lower-cased form, so they still match exact forms.  Parses are cached per word: pymorphy3 is slow per call.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from .model import primary_language
from .tokens import normalise

_ENGLISH_POS = ("NOUN", "ADJ", "PROPN")


class Lemmatizer:
    """Identity lemmatiser (lower-cased form only): used for languages without a morphology package."""

    name = "casefold"
    spelling: tuple[tuple[re.Pattern, str], ...] = ()

    def __init__(self) -> None:
        self._cache: dict[str, frozenset[str]] = {}

    def lemmas(self, word: str) -> frozenset[str]:
        cached = self._cache.get(word)
        if cached is None:
            lower = normalise(word).lower()
            keys = {lower, *self._lemmas(lower)}
            cached = self._cache[word] = frozenset(keys | {self._respell(k) for k in keys})
        return cached

    def _lemmas(self, lower: str) -> set[str]:
        return set()

    def _respell(self, word: str) -> str:
        for pattern, replacement in self.spelling:
            if pattern.search(word):
                return pattern.sub(replacement, word)
        return word


def spelling_rules(lang: str) -> tuple[tuple[re.Pattern, str], ...]:
    """Rules from ``data/spelling.<lang>.tsv`` (see that file), longest pattern first."""
    path = Path(__file__).parent / "data" / f"spelling.{lang}.tsv"
    if not path.exists():
        return ()
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, replacement = line.split("\t")
            rules.append((re.compile(f"{pattern}$"), replacement))
    return tuple(sorted(rules, key=lambda rule: -len(rule[0].pattern)))


class EnglishLemmatizer(Lemmatizer):
    name = "lemminflect"

    def __init__(self) -> None:
        super().__init__()
        import lemminflect
        self._all, self._oov = lemminflect.getAllLemmas, lemminflect.getAllLemmasOOV
        self.spelling = spelling_rules("en")

    def _lemmas(self, lower: str) -> set[str]:
        found = {lemma for pos in _ENGLISH_POS for lemma in self._all(lower, pos).get(pos, ())}
        if not found and not self._all(lower):
            # Out of vocabulary (ententes, deconfliction): lemminflect's suffix rules for nouns.
            found = set(self._oov(lower, "NOUN").get("NOUN", ()))
        return {lemma.lower() for lemma in found}


def morph_parses(morph, word: str) -> list:
    """pymorphy3's parses of *word*, or [] where it cannot parse it: its shape test asks unicodedata.name of
    every letter and fails on letters without a name (Tangut, U+17000; found by the property tests).  Every
    caller of pymorphy3 in bitext goes through here and treats such a word as its own lemma."""
    try:
        return morph.parse(word)
    except (ValueError, KeyError):
        return []


class RussianLemmatizer(Lemmatizer):
    name = "pymorphy3"

    def __init__(self) -> None:
        super().__init__()
        import pymorphy3
        self._morph = pymorphy3.MorphAnalyzer()

    def _lemmas(self, lower: str) -> set[str]:
        return {normalise(parse.normal_form) for parse in morph_parses(self._morph, lower)} or {normalise(lower)}


_LOCK = threading.Lock()


@lru_cache(maxsize=None)
def _make(primary: str) -> Lemmatizer:
    return {"en": EnglishLemmatizer, "ru": RussianLemmatizer}.get(primary, Lemmatizer)()


def lemmatizer_for(lang: str) -> Lemmatizer:
    """One shared lemmatiser per language (pymorphy3's dictionaries take a while to load)."""
    with _LOCK:
        return _make(primary_language(lang))
