"""Word tokens with exact offsets, and the rules for what may stand between the words of one term.

A token is a maximal run of letters and digits with their combining marks (soft hyphens and marks included, so
``сою\u0301з``, ``non\u00adaggression``, Hindi «गठबंधन» and Thai «พันธมิตร» stay one word each: a vowel sign or
virama is a mark, not a letter, and used to cut Indic and Thai words into pieces that no term could match).  In
scripts written without spaces between words (Chinese, Japanese, Thai, Lao, Khmer, Burmese) a run of letters is
a whole clause, so there each character with its marks is a token of its own, and a term is found as a run of
characters wherever it is written («联盟» in «建立联盟»).  Matching compares normalised forms (``form``) but
reports ``start``/``end`` in the original text, so nothing downstream ever sees normalised offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import regex

# Scripts written without spaces between words: one token per character (with its marks); and the languages
# written in them, for code that knows the language rather than the script (the aligner's glossary anchors).
UNSPACED = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my"})
_UNSPACED_CHAR = regex.compile(f"[{UNSPACED}]")
# A letter or digit of a spaced script, then its marks (regex's \w would take a lone mark as a word start).
_LETTER = rf"(?:(?![{UNSPACED}])[\p{{L}}\p{{N}}])\p{{M}}*"
# A character of an unspaced script; or a letter or digit first, then letters, a soft hyphen only between two.
_WORD = regex.compile(rf"[{UNSPACED}]\p{{M}}*|{_LETTER}(?:\u00ad*{_LETTER})*")
# Invisible or accent characters that do not change a word: soft hyphen, combining grave/acute (stress marks).
_IGNORABLE = dict.fromkeys(map(ord, "\u00ad\u0300\u0301"), None)
_YO = str.maketrans("ёЁ", "еЕ")
# Between two words of a term: spaces of any kind (no paragraph break), or one hyphen (ASCII, U+2010, U+2011)
# possibly with spaces around it.  Anything else (a comma, a full stop, a quote) ends the term.
_GAP = re.compile(r"[^\S\n]*\n?[^\S\n]*(?:[-\u2010\u2011][^\S\n]*)?")
_JOINER = re.compile(r"[-\u2010\u2011]")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def form(self) -> str:
        """The token with stress marks and soft hyphens removed and ё written е (case kept)."""
        return normalise(self.text)


def normalise(word: str) -> str:
    return word.translate(_IGNORABLE).translate(_YO)


def has_unspaced_script(text: str) -> bool:
    """Whether *text* has a character of a script written without spaces between words."""
    return _UNSPACED_CHAR.search(text) is not None


def tokenize(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


_ABBREVIATION_GAP = re.compile(r"\.[^\S\n]?")


def joinable(text: str, left: Token, right: Token) -> bool:
    """May *left* and *right* be consecutive words of one term?  Besides spaces and hyphens, a full stop after
    a one-letter word is an abbreviation's (``U.S. sanctions``, ``т. е.``), not the end of the term."""
    if _GAP.fullmatch(text, left.end, right.start) is not None:
        return True
    return left.end - left.start == 1 and _ABBREVIATION_GAP.fullmatch(text, left.end, right.start) is not None


def hyphen_joined(text: str, left: Token, right: Token) -> bool:
    """``non-aggression``: one hyphen and nothing else between the two tokens (a compound that may also be
    written solid, ``nonaggression``)."""
    return right.start - left.end == 1 and _JOINER.match(text, left.end) is not None


def starts_sentence(text: str, start: int) -> bool:
    """Is *start* the first word of a sentence or line (nothing before it but spaces, opening quotes and
    brackets, and a full stop, question or exclamation mark)?  Its capital then says nothing about the word."""
    k = start - 1
    while k >= 0 and (text[k].isspace() or text[k] in "\"'«»“”‘’„([—–-"):
        if text[k] == "\n":
            return True
        k -= 1
    if k >= 1 and text[k] == "." and text[k - 1].isupper() and (k < 2 or text[k - 2] in ". "):
        return False                        # "the U.S. National Security Strategy": an initial, not an end
    return k < 0 or text[k] in ".!?…"
