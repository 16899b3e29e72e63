"""How many words a text holds, in any script.

Counting runs of letters works where words are set off by spaces.  Chinese, Japanese, Thai, Lao, Khmer and
Burmese write a clause or a whole sentence without one, so there a run's words are estimated from its letters at
the script's mean word length in running text (Chinese and Japanese about 1.6 characters a word; Thai, Lao,
Khmer and Burmese about 4).  Counted as one word each, an 80-character Chinese paragraph was "3 words" to the
reader (so a heading) and an omitted Chinese sentence "1 word" to the omission check (so never an error).
"""

from __future__ import annotations

import re

import regex

# A word: letters and digits with the combining marks that belong to them (Devanagari, Thai and Arabic vowel
# signs, decomposed accents), inner hyphens and apostrophes.  Python's \w leaves the marks out, so "माइकल" was
# three words.
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:[-'’][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*")
IDEOGRAPHIC = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")   # Han, kana
# ... and the marks written among them: CJK punctuation (。，「」) and full-width forms (！，３)
CJK_TEXT = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
SOUTHEAST_ASIAN = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")          # Thai, Lao, Burmese, Khmer
CHARS_PER_WORD = ((IDEOGRAPHIC, 1.6), (SOUTHEAST_ASIAN, 4.0))


def word_count(tokens: list[str]) -> int:
    """How many words the ``WORD`` matches hold: one each, or in an unspaced script as many as its letters make
    at that script's mean word length (``CHARS_PER_WORD``)."""
    words = 0
    for token in tokens:
        estimate = 0.0
        for letters, per_word in CHARS_PER_WORD:
            estimate += len(letters.findall(token)) / per_word
        words += max(1, round(estimate))
    return words


def count_words(text: str) -> int:
    return word_count(WORD.findall(text))


def mostly_unspaced(text: str, tokens: list[str] | None = None) -> bool:
    """Whether most of the text's letters are in a script written without spaces between words."""
    tokens = WORD.findall(text) if tokens is None else tokens
    return 2 * sum(len(letters.findall(text)) for letters, _ in CHARS_PER_WORD) > sum(map(len, tokens))
