"""Numbers, dates and amounts that differ between source and target, read locale-aware by the aligner's own
number anchors (``aligner.lexical.numbers``): 2.5 = 2,5; 1,000 = 1 000; $2.5 billion = 2,5 млрд долларов;
2014-2015 = 2014–2015 гг.; 1980s = 1980-е.  Only values are compared, never spellings."""

from __future__ import annotations

import math
import re
from collections import Counter

from ..lexical.numbers import NEXT_WORD_RE, NUMBER_RE, number_features
from ..lexical.resources import number_words
from .base import Check, Finding, LinkView

# A number that is part of a name (COVID-19, G-20, Ту-154, F-35) is not a quantity: translators drop or
# rewrite it with the name.
MODEL_NUMBER = re.compile(r"[^\W\d_]-(?=\d)")
CLOCK_12H = re.compile(r"\b(\d{1,2})(?::\d\d)?\s*([ap])\.?\s?m\b\.?", re.IGNORECASE)


def explained(missing: str, extras: list[str], src: str) -> bool:
    """A value that only looks different: the same digits grouped otherwise (Indian 2,06,737 ~ 206 737), a
    scale by a power of ten (14 lakh ~ 1 400 000; 600,000 ~ 600–700 тысяч), or a 12-hour clock time written
    as 24-hour (3 p.m. ~ 15:00)."""
    m = _as_float(missing)
    for extra in extras:
        e = _as_float(extra)
        if m and e:
            ratio = max(m, e) / min(m, e)
            power = math.log10(ratio)
            if ratio >= 100 and abs(power - round(power)) < 1e-9:
                return True
        if sorted(missing.replace(".", "")) == sorted(extra.replace(".", "")):
            return True
        if "." in missing and len(extra) > len(missing) and extra.startswith(missing.replace(".", "")):
            return True     # Indian grouping: 2,06,737 is read as 2.06 and 737
    for clock in CLOCK_12H.finditer(src):
        hour = int(clock.group(1))
        if str(hour) == missing and str(hour + 12 if clock.group(2).lower() == "p" else hour) in extras + [missing]:
            return True
    return False


def spells_numbers(lang: str) -> bool:
    """Whether bitext reads numbers written as words in ``lang`` (its ``numwords`` list, or Han numerals)."""
    return lang in ("zh", "ja") or bool(number_words(lang)[0])


def number_spans(text: str, lang: str, spelled_too: bool = True) -> tuple[list[tuple[int, int, str, bool]], Counter,
                                                                            Counter]:
    """Digit numbers with their spans (``(start, end, value, in_name)``, the scale word included), the values
    that must be matched (spelled-out numbers too, unless not ``spelled_too``; numbers inside names like
    COVID-19 left out), and every value (those included: a source "Mars 2020" is matched by a target
    "Марс-2020")."""
    spans = []
    in_digits: Counter = Counter()
    for m in NUMBER_RE.finditer(text):
        nxt = NEXT_WORD_RE.match(text, m.end())
        end = nxt.end() if nxt else m.end()
        scaled = number_features(text[m.start():end], lang, [])
        in_digits.update(scaled)
        if scaled == number_features(m.group(0), lang, []):
            end = m.end()       # the next word is no scale ("1 000 people"): the span is the digits
        in_name = m.start() >= 2 and MODEL_NUMBER.match(text, m.start() - 2) is not None
        for feature in scaled:
            spans.append((m.start(), end, feature[4:], in_name))
    spelled = number_features(text, lang) - in_digits if spelled_too else Counter()
    return spans, Counter("num:" + v for _, _, v, in_name in spans if not in_name) + spelled, \
        Counter("num:" + v for _, _, v, _ in spans) + spelled


class Numbers(Check):
    name = "numbers"
    description = "numbers, dates and amounts whose values differ between source and target"
    defaults = {
        "small": 10,        # a number up to this, missing on one side, is only a note (often spelled out)
        "neighbours": 1,    # a value found within this many links either side counts as moved, not lost
    }

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        # A number written as a word counts only where the other language's number words can be read too:
        # English "the two powers" is not missing from a Thai «สองมหาอำนาจ» that bitext cannot read.
        src = [number_spans(t, view.src_lang, spells_numbers(view.tgt_lang)) for t in view.src_texts]
        tgt = [number_spans(t, view.tgt_lang, spells_numbers(view.src_lang)) for t in view.tgt_texts]
        near = self.options["neighbours"]
        for k, link in enumerate(view.links):
            if not link.src or not link.tgt:
                continue    # the omission check reports the whole sentence
            (s_spans, s_vals, s_all), (t_spans, t_vals, t_all) = src[k], tgt[k]
            missing, extra = s_vals - t_all, t_vals - s_all
            # A translator may keep the source's number format (60,000 in a Russian text): read the target
            # the source's way too before calling a number lost.
            alt = number_spans(view.tgt_texts[k], view.src_lang)[1]
            missing = missing - (alt - t_all)
            extra = Counter({v: n for v, n in extra.items() if v != "num:0"})
            if not missing and not extra:
                continue
            window = range(max(0, k - near), min(len(view.links), k + near + 1))
            # A neighbour excuses a number only with an occurrence its own other side does not account for
            # (a 200 in the title's translation is the title's 200, not this sentence's lost one).
            around_t = sum((tgt[i][2] - src[i][2] for i in window if i != k), Counter())
            around_s = sum((src[i][2] - tgt[i][2] for i in window if i != k), Counter())
            # Only a number above ``small`` is telling enough to be recognised in a neighbour.
            small = self.options["small"]
            missing = Counter({v: n for v, n in missing.items() if v not in around_t or _as_float(v[4:]) <= small})
            extra = Counter({v: n for v, n in extra.items() if v not in around_s or _as_float(v[4:]) <= small})
            if not missing and not extra:
                continue
            miss = sorted(_values(missing), key=_as_float)
            add = sorted(_values(extra), key=_as_float)
            kept = [v for v in miss if not explained(v, add, view.src_texts[k])]
            if miss and add and sorted("".join(miss).replace(".", "")) == sorted("".join(add).replace(".", "")):
                kept = []       # the same digits grouped otherwise (Indian 2,06,737 read as 2.06 and 737)
            if len(kept) < len(miss):
                add = [v for v in add if not any(explained(v2, [v], view.src_texts[k]) for v2 in miss)]
                miss = kept
            if not miss and not add:
                continue
            s_marks = [(a, b) for a, b, v, _ in s_spans if v in miss]
            t_marks = [(a, b) for a, b, v, _ in t_spans if v in add]
            digits_s = {v for _, _, v, _ in s_spans}
            digits_t = {v for _, _, v, _ in t_spans}
            if miss and add and (set(miss) & digits_s) and (set(add) & digits_t):
                out.append(self.finding("error", k, f"number changed: {', '.join(miss)} in the source, "
                                                    f"{', '.join(add)} in the target", s_marks, t_marks,
                                        kind="changed"))
                continue
            for values, side, marks in ((miss, "source", s_marks), (add, "target", t_marks)):
                if not values:
                    continue
                big = [v for v in values if _as_float(v) > self.options["small"]]
                severity = "warning" if big and side == "source" else "note"
                other = "target" if side == "source" else "source"
                out.append(self.finding(severity, k, f"{', '.join(values)} in the {side} not found in the {other}",
                                        marks if side == "source" else (), marks if side == "target" else (),
                                        kind="missing" if side == "source" else "extra"))
        return out


def _values(counter: Counter) -> list[str]:
    return [key[4:] for key in counter]


def _as_float(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0
