"""One lemma key per word, for the concordance's lemma columns.

``corpus.terminology.lemmas`` gives each word form a *set* of candidate lemmas.  An FTS5 phrase needs one token
per position, so a word is indexed by one key: the form itself when it is one of its own lemmas (``к``, ``весь``,
``building``), else the smallest of its lemmas (``союзом`` → ``союз``), else the form (no lemma known).  Queries go through the same function, so
``союзом`` and ``союз`` meet at ``союз`` and ``alliances`` and ``alliance`` at ``alliance``.  A form whose
candidates differ from its lemma's own (``стали`` → {сталь, стать}) may miss; the plain-text columns still
find it.
"""

from __future__ import annotations

from functools import lru_cache

from corpus.terminology.lemmas import lemmatizer_for
from corpus.terminology.tokens import normalise, tokenize


@lru_cache(maxsize=200_000)
def word_key(lang: str, word: str) -> str:
    form = normalise(word).lower()
    # the lemmatiser's own candidates, without the form it adds for matching (lemmas() = form + these)
    lemmas = lemmatizer_for(lang)._lemmas(form)
    if form in lemmas or not lemmas:
        return form
    return min(lemmas)


def lemma_keys(text: str, lang: str) -> list[str]:
    return [word_key(lang, token.text) for token in tokenize(text)]


def lemma_line(text: str, lang: str) -> str:
    return " ".join(lemma_keys(text, lang))
