"""Word tokens for the lexical signals: one regex pass, offsets not needed (features are bags)."""

from __future__ import annotations

import re

from corpus.terminology.tokens import NO_SPACE_LANGS
from corpus.terminology.tokens import tokenize as term_tokens

# A word: letters (any script) with inner apostrophes or hyphens; Han characters are kept as runs and
# split later by whoever needs them.
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*", re.UNICODE)
HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Scripts written without letter case: names cannot be spotted by capitals there.
CASELESS_LANGS = frozenset({"zh", "ja", "ko", "th", "ar", "fa", "he", "hi", "bn", "ta", "te", "ur", "my", "km", "lo",
                            "ka", "am"})


def words(sentence: str) -> list[str]:
    """The sentence's words in order (digits and punctuation excluded)."""
    return WORD_RE.findall(sentence)


def term_words(text: str, lang: str) -> list[str]:
    """The words a glossary term and a sentence are matched by: ``words``, and in a language written without
    spaces each character with its marks (``corpus.terminology.tokens``, as term marking does), since there a
    run of letters is a whole clause that no term equals («联盟» in «建立联盟»)."""
    if lang not in NO_SPACE_LANGS:
        return words(text)
    return [token.text for token in term_tokens(text)]


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def split_unspaced(word: str, vocabulary, max_len: int = 6) -> list[str]:
    """Split a run of Han characters into dictionary words by forward maximum matching (longest known word
    first, a single character where none is known).  Crude next to a trained segmenter, but it needs
    nothing beyond the dictionary that will look the words up anyway."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for n in range(min(max_len, len(word) - i), 0, -1):
            piece = word[i:i + n]
            if n == 1 or piece in vocabulary:
                out.append(piece)
                i += n
                break
    return out
