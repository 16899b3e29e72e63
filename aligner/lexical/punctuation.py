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


def punctuation_features(sentence: str) -> Counter[str]:
    feats: Counter[str] = Counter()
    for c in sentence:
        if c in FOLD:
            mark = FOLD[c]
            if mark:
                feats["p:" + mark] += 1
    return feats
