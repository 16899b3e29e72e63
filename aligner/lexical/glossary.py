"""Glossary terms as shared features: ``g:<n>`` where term pair n occurs, matched on lemma sequences so
inflected occurrences count (союзом matches the term "союз")."""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable


class GlossaryMatcher:
    def __init__(self, pairs: Iterable[tuple[str, str]], src_lang: str, tgt_lang: str,
                 tokenize: Callable[[str, str], list[str]], lemma: Callable[[str, str], str]):
        self.langs = (src_lang, tgt_lang)
        # per language: first lemma → list of (lemma tuple, term id)
        self.index: dict[str, dict[str, list[tuple[tuple[str, ...], int]]]] = {src_lang: {}, tgt_lang: {}}
        self.size = 0
        for n, (src_term, tgt_term) in enumerate(pairs):
            for lang, term in ((src_lang, src_term), (tgt_lang, tgt_term)):
                lemmas = tuple(lemma(w, lang) for w in tokenize(term, lang))
                if lemmas:
                    self.index[lang].setdefault(lemmas[0], []).append((lemmas, n))
            self.size += 1

    def features(self, lemmas: list[str], lang: str) -> Counter[str]:
        feats: Counter[str] = Counter()
        index = self.index.get(lang, {})
        for i, first in enumerate(lemmas):
            for term, n in index.get(first, ()):
                if tuple(lemmas[i:i + len(term)]) == term:
                    feats[f"g:{n}"] += 1
        return feats
