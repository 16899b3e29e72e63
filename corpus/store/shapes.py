"""Character shapes: a text with every character replaced by its class, for the second trigram index.

A regular expression made of classes and no literal words (``\\d{4}-\\d{2}``, ``[А-Я]{3,}``, ``\\b\\d{4}s\\b``)
gives the text index nothing to look up, but its shape does: ``0000-00``, ``БББ``, ``0000a``.  ``link_shapes``
indexes the trigrams of each link's shape, so such a pattern reads only the links with that shape.

Classes: decimal digits (any script, as ``re``'s ``\\d``) → ``0``; whitespace (as ``\\s``) → one space; cased
letters by script and case: Latin ``A``/``a``, Cyrillic ``Б``/``б``, any other script ``Ω``/``ω``; letters
without case (CJK, Arabic, Hebrew, …) → ``ℓ``; everything else (punctuation, symbols, marks) stays itself.
Every class symbol is its own shape, so ``shape(shape(t)) == shape(t)``.
"""

from __future__ import annotations

import unicodedata

DIGIT, SPACE, CASELESS = "0", " ", "ℓ"
_CASED = {("LATIN", True): "A", ("LATIN", False): "a", ("CYRILLIC", True): "Б", ("CYRILLIC", False): "б",
          ("OTHER", True): "Ω", ("OTHER", False): "ω"}


def _shape_of(c: str) -> str:
    if c.isdecimal():
        return DIGIT
    if c.isspace():
        return SPACE
    if c.isalpha():
        upper, lower = c.isupper(), c.islower()
        if not (upper or lower):
            return CASELESS
        name = unicodedata.name(c, "")
        script = "LATIN" if name.startswith("LATIN") else "CYRILLIC" if name.startswith("CYRILLIC") else "OTHER"
        return _CASED[(script, upper)]
    return c


class _Table(dict):
    """code point → shape, filled on first sight (``str.translate`` asks it one character at a time)."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _shape_of(chr(code))
        return value


_TABLE = _Table()


def shape(text: str | None) -> str | None:
    return None if text is None else text.translate(_TABLE)


def shape_char(c: str) -> str:
    return _TABLE[ord(c)]
