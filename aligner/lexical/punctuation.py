"""Punctuation that tends to survive translation, folded across scripts (？ → ?, « → ")."""

from __future__ import annotations

from collections import Counter

FOLD = {
    "?": "?", "？": "?", "؟": "?", "\u037e": "?", "¿": None,
    "!": "!", "！": "!", "¡": None,
    "(": "(", "（": "(", "[": "(", "【": "(",
    ")": ")", "）": ")", "]": ")", "】": ")",
    ":": ":", "：": ":",
    ";": ";", "；": ";",
    '"': '"', "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"',
    "%": "%", "％": "%",
    "$": "$", "€": "€", "£": "£",
}


# Marks that mean something else in one language: Greek writes its question mark as ";" (its semicolon is "·").
FOLD_BY_LANGUAGE = {"el": {**FOLD, ";": "?"}}


def punctuation_features(sentence: str, lang: str | None = None) -> Counter[str]:
    fold = FOLD_BY_LANGUAGE.get(lang or "", FOLD)
    feats: Counter[str] = Counter()
    for c in sentence:
        if c in fold:
            mark = fold[c]
            if mark:
                feats["p:" + mark] += 1
    return feats
