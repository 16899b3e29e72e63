"""Splitting closed compounds (German, Icelandic, Dutch, Scandinavian) that a dictionary does not list whole:
Helsingforssamningnum → Helsingfors + samningnum, Nordostwand → Nordost + Wand.

The head (right part) carries the compound's meaning and is inflected like the whole word, so it is looked
up through the lemmatiser; the modifier may end in a linking element (Arbeit-s-markt, ákvörðun-ar-vald)."""

from __future__ import annotations

from typing import Callable

COMPOUNDING_LANGS = frozenset({"de", "is", "nl", "sv", "da", "no", "nb", "nn", "fo", "af", "fi", "et", "hu"})
LINKS = ("", "s", "es", "n", "en", "e", "er", "ar", "a", "u", "ur", "i", "na", "ra")
MIN_PART = 3


def split_compound(word: str, lang: str, lemma: Callable[[str], str], known: Callable[[str], bool],
                   ) -> list[str]:
    """Lemmas of the known parts of ``word`` (head last); empty when no split leaves a known head."""
    lower = word.lower()
    recase = (lambda s: s.capitalize()) if lang == "de" else (lambda s: s)
    for i in range(MIN_PART, len(lower) - MIN_PART + 1):   # longest head first
        head = lemma(recase(lower[i:]))
        if not known(head):
            continue
        left = lower[:i]
        parts = []
        for link in LINKS:
            if link and not left.endswith(link):
                continue
            stem = left[: len(left) - len(link)] if link else left
            if len(stem) < MIN_PART:
                continue
            for candidate in (stem, lemma(recase(stem))):
                if known(candidate):
                    parts.append(candidate)
                    break
            if parts:
                break
        return parts + [head]
    return []
