"""Numbers as language-neutral features: ``num:2.5``, ``num:1000``, ``num:1980``.

Written forms differ by locale (2,5 / 2.5; 1 000 / 1,000 / 1.000), by scale words (14 million / 14 млн /
14 Mio.), and by script (九百三十 / nine hundred and thirty); all of them map to the same value here.
Years are plain numbers: "1980s" and "1980-е" both give ``num:1980``, "2014–2015 гг." gives 2014 and 2015.
"""

from __future__ import annotations

import re
from collections import Counter

from .resources import number_words
from .tokens import WORD_RE

# Languages whose decimal mark is a point (and so the comma groups thousands); all others use a comma.
DECIMAL_POINT_LANGS = frozenset({"en", "zh", "ja", "ko", "he", "th", "hi", "ms", "ga"})
# Languages that never group digits with a plain space (a space there separates two numbers).
NO_SPACE_GROUPING_LANGS = frozenset({"en", "zh", "ja", "ko"})

# Digit groups joined by the characters locales use inside one number. \d also takes full-width digits.
# The Arabic decimal separator (٫) and thousands separator (٬) are unambiguous, unlike "." and ",".
ARABIC_DECIMAL, ARABIC_THOUSANDS = "\u066b", "\u066c"
NUMBER_RE = re.compile(r"(?<![\d.,\u066b\u066c])\d+(?:[ \u00a0\u202f\u2009'’.,\u066b\u066c]\d+)*")
PIECE_RE = re.compile(r"(\d+)|([^\d])")
NEXT_WORD_RE = re.compile(r"[ \u00a0\u202f\u2009]*([^\W\d_]+)")
CURRENCY = "$£€¥₽"
THIN_SPACES = "\u00a0\u202f\u2009'’" + ARABIC_THOUSANDS

HAN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
HAN_MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
HAN_NUMBER_RE = re.compile("[" + "".join(HAN_DIGITS) + "".join(HAN_MULTIPLIERS) + "]+")


def format_value(value: float) -> str:
    """One spelling per value: integers without a point, others with up to 6 significant digits."""
    if value == int(value):
        return str(int(value))
    return f"{value:.6g}"


def split_digit_run(text: str, lang: str) -> list[float]:
    """Read one run of digit groups (``"1 000,5"``) as the numbers ``lang`` would mean by it."""
    decimal = "." if lang in DECIMAL_POINT_LANGS else ","
    thousands = "," if decimal == "." else "."
    pieces = [m.group(1) or m.group(2) for m in PIECE_RE.finditer(text)]
    groups, seps = pieces[0::2], pieces[1::2]
    values: list[float] = []
    current = groups[0]
    grouped = False     # has ``current`` taken a thousands separator yet
    fraction_done = False
    for sep, group in zip(seps, groups[1:]):
        three = len(group) == 3
        head_ok = grouped or len(current) <= 3
        if fraction_done:
            values.append(float(current))
            current, grouped, fraction_done = group, False, False
            continue
        if sep == thousands and three and head_ok:
            current += group
            grouped = True
        elif sep in THIN_SPACES and three and head_ok:
            current += group
            grouped = True
        elif sep == " " and lang not in NO_SPACE_GROUPING_LANGS and three and head_ok:
            current += group
            grouped = True
        elif sep == ARABIC_DECIMAL:
            current = current + "." + group
            fraction_done = True
        elif sep in ".," and not fraction_done:
            # The decimal mark, or the other mark used as one ("1.5" in Russian news, "2,5" in English
            # OCR): a point or comma not followed by exactly three digits can only be a decimal.
            current = current + "." + group
            fraction_done = True
        else:
            values.append(float(current))
            current, grouped = group, False
    values.append(float(current))
    return values


def parse_han_number(run: str) -> int | None:
    """九百三十 → 930, 两万 → 20000, 十二 → 12; None for a run of multipliers alone (万物 is not 10000)."""
    if not any(c in HAN_DIGITS for c in run) and run not in ("十",):
        return None
    total, section, digit = 0, 0, None
    for c in run:
        if c in HAN_DIGITS:
            if digit is not None:           # a plain digit string: 二〇一四 → 2014
                digit = digit * 10 + HAN_DIGITS[c]
            else:
                digit = HAN_DIGITS[c]
        else:
            mult = HAN_MULTIPLIERS[c]
            if mult >= 10_000:
                total = (total + section + (digit or 0)) * mult
                section = 0
            else:
                section += (1 if digit is None else digit) * mult
            digit = None
    return total + section + (digit or 0)


def spelled_numbers(words: list[str], lang: str) -> list[int]:
    """Values of runs of number words: "nine hundred and thirty" → 930, "два миллиона" → 2000000."""
    values, multipliers = number_words(lang)
    if not values and not multipliers:
        return []
    out: list[int] = []
    total = current = 0
    in_run = False
    for i, raw in enumerate(words):
        w = raw.lower()
        parts = w.split("-") if "-" in w else [w]
        if all(p in values or p in multipliers for p in parts):
            for p in parts:
                if p in values:
                    current += values[p]
                else:
                    mult = multipliers[p]
                    if current == 0 and total == 0:
                        continue        # a bare "thousands"/"million" is a scale, not a number
                    if mult >= 1000:
                        total += (current or 1) * mult
                        current = 0
                    else:
                        current = (current or 1) * mult
                in_run = True
            continue
        if in_run and w == "and" and lang == "en" and i + 1 < len(words) and words[i + 1].lower() in values:
            continue
        if in_run and total + current > 1:
            out.append(total + current)
        total = current = 0
        in_run = False
    if in_run and total + current > 1:
        out.append(total + current)
    return out


def number_features(sentence: str, lang: str, words: list[str] | None = None) -> Counter[str]:
    """``num:<value>`` for every number written with digits, Han numerals or number words."""
    feats: Counter[str] = Counter()
    _, multipliers = number_words(lang)
    en_multipliers = number_words("en")[1]
    for m in NUMBER_RE.finditer(sentence):
        nums = split_digit_run(m.group(0), lang)
        nxt = NEXT_WORD_RE.match(sentence, m.end())
        if nxt:
            w = nxt.group(1).lower()
            scale = multipliers.get(w) or (en_multipliers.get(w) if w in ("bn", "mn", "tn") else None)
            # "£10m", "$3m": after a currency sign and written close, m is million (not metres)
            if w == "m" and nxt.start(1) == m.end() and m.start() > 0 and sentence[m.start() - 1] in CURRENCY:
                scale = 1_000_000
            if scale and scale >= 1000:
                nums[-1] *= scale
        for v in nums:
            feats["num:" + format_value(v)] += 1
    if lang in ("zh", "ja"):
        for m in HAN_NUMBER_RE.finditer(sentence):
            v = parse_han_number(m.group(0))
            if v is not None and v > 1:
                feats["num:" + format_value(v)] += 1
    else:
        for v in spelled_numbers(words if words is not None else WORD_RE.findall(sentence), lang):
            feats["num:" + format_value(v)] += 1
    return feats
