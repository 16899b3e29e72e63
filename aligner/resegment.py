"""Monolingual re-segmentation of a hypothesis to its reference, in the spirit of mwerSegmenter.

A metric like BLEU compares segment i of the hypothesis with segment i of the reference, so a hypothesis whose
lines were merged or split (a document translated as a whole, a system that joins sentences) must first be cut
into exactly the reference's segments.  Two steps:

1. Line alignment: the same dynamic programming over link types the aligner uses, inside a band around the
   diagonal of cumulative character positions, with a same-language cost — 1 minus the Dice overlap of
   lower-cased word and character-trigram bags, plus a small length-ratio term and a penalty for links that
   are not 1-1.  Every link has at least one reference segment (a hypothesis line with no partner joins a
   neighbour, so no hypothesis text is ever dropped); links have up to ``max_link`` lines on each side.
2. Inside a link of k hypothesis lines and n > 1 reference segments, the joined hypothesis words are cut into
   n pieces at the word boundaries that maximise the pieces' word matches with their reference segments
   (a small word-level DP, as mwerSegmenter does with edit distance).

The result has one hypothesis segment per reference segment, and counts of what was merged and split.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)
NON_1_1_PENALTY = 0.05     # a 1-1 link wins a near tie: most lines of most systems correspond one to one
LENGTH_WEIGHT = 0.3        # weight of |log length ratio| in the link cost
EMPTY_COST = 1.2           # a reference segment with no hypothesis at all (0-1)


@dataclass(slots=True)
class Resegmentation:
    segments: list[str]              # one per reference segment
    links: list[tuple[tuple[int, ...], tuple[int, ...]]]   # (hypothesis lines, reference segments)
    hyp_lines: int
    ref_segments: int
    merged: int = 0       # hypothesis lines joined to another line (k-1 for a link with k lines)
    split: int = 0        # extra cuts made inside hypothesis text (n-1 for a link with n reference segments)
    empty: int = 0        # reference segments left with an empty hypothesis

    def summary(self) -> dict:
        return {"hyp_lines": self.hyp_lines, "ref_segments": self.ref_segments, "merged": self.merged,
                "split": self.split, "empty": self.empty,
                "link_types": dict(sorted(Counter(f"{len(h)}-{len(r)}" for h, r in self.links).items()))}


def _bag(text: str) -> Counter:
    low = text.lower()
    bag = Counter("w:" + w for w in WORD_RE.findall(low))
    compact = " ".join(low.split())
    bag.update("c:" + compact[i:i + 3] for i in range(max(0, len(compact) - 2)))
    return bag


def _dice(a: Counter, b: Counter) -> float:
    total = sum(a.values()) + sum(b.values())
    if not total:
        return 1.0
    return 2 * sum((a & b).values()) / total


def _types(max_link: int) -> list[tuple[int, int]]:
    """(hypothesis lines, reference segments): every reference segment belongs to a link; 0-1 allowed; a link
    joins many lines on one side only (2-3 or 3-3 would be two links)."""
    return [(a, b) for a in range(0, max_link + 1) for b in range(1, max_link + 1)
            if not (a == 0 and b > 1) and a + b <= max_link + 1]


def align_lines(hyp: list[str], ref: list[str], max_link: int = 4, width: int = 6):
    """Monotone links covering all lines of both sides, each with at least one reference segment."""
    n, m = len(hyp), len(ref)
    if m == 0:
        raise ValueError("the reference is empty")
    hyp_bags = [_bag(h) for h in hyp]
    ref_bags = [_bag(r) for r in ref]
    hyp_len = [len(h) for h in hyp]
    ref_len = [len(r) for r in ref]

    @lru_cache(maxsize=None)
    def span(side: str, start: int, count: int) -> tuple[Counter, int]:
        bags, lens = (hyp_bags, hyp_len) if side == "h" else (ref_bags, ref_len)
        total = Counter()
        for k in range(start, start + count):
            total.update(bags[k])
        return total, sum(lens[start:start + count]) + max(0, count - 1)

    def cost(i: int, a: int, j: int, b: int) -> float:
        if a == 0:
            return EMPTY_COST
        hb, hl = span("h", i, a)
        rb, rl = span("r", j, b)
        ratio = abs(math.log((hl + 5) / (rl + 5)))
        # Per line covered, so that one big link is no cheaper than the small links it could be cut into.
        return (1 - _dice(hb, rb) + LENGTH_WEIGHT * ratio) * (a + b) / 2 + NON_1_1_PENALTY * (a + b - 2)

    # Band: for each reference boundary j, the hypothesis boundary at the same share of the characters.
    hyp_cum = [0]
    for length in hyp_len:
        hyp_cum.append(hyp_cum[-1] + length + 1)
    ref_cum = [0]
    for length in ref_len:
        ref_cum.append(ref_cum[-1] + length + 1)
    scale = hyp_cum[-1] / max(ref_cum[-1], 1)
    centre, pointer = [], 0
    for j in range(m + 1):
        target = ref_cum[j] * scale
        while pointer < n and hyp_cum[pointer + 1] <= target:
            pointer += 1
        centre.append(pointer)
    centre[m] = n
    band_width = width + abs(n - m) // 8

    inf = float("inf")
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    types = _types(max_link)
    for j in range(1, m + 1):
        lo, hi = max(0, centre[j] - band_width), min(n, centre[j] + band_width)
        if j == m:
            lo, hi = min(lo, n), n
        for i in range(lo, hi + 1):
            choice, chosen = inf, None
            for a, b in types:
                prev = best.get((i - a, j - b))
                if prev is None or i - a < 0:
                    continue
                c = prev[0] + cost(i - a, a, j - b, b)
                if c < choice:
                    choice, chosen = c, (a, b)
            if chosen is not None:
                best[(i, j)] = (choice, chosen)
    if (n, m) not in best:
        # The band missed (very unequal texts): widen it to everything once.
        if width < max(n, m):
            return align_lines(hyp, ref, max_link, max(n, m))
        raise ValueError("no re-segmentation within the link types")
    links = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b = best[(i, j)][1]
        links.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    links.reverse()
    return links


def split_words(words: list[str], refs: list[str]) -> list[list[str]]:
    """Cut *words* into len(refs) consecutive pieces maximising word matches with each reference segment,
    then closeness of lengths (so an unmatched stretch is shared by length)."""
    n = len(refs)
    if n == 1:
        return [words]
    ref_bags = [Counter(w.lower() for w in WORD_RE.findall(r)) for r in refs]
    ref_sizes = [len(r.split()) for r in refs]
    tokens = [Counter(WORD_RE.findall(w.lower())) for w in words]
    W = len(words)

    neg = float("-inf")
    best = [[neg] * (W + 1) for _ in range(n + 1)]
    back = [[0] * (W + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for p in range(1, n + 1):
        ref_bag, size = ref_bags[p - 1], ref_sizes[p - 1]
        for start in range(W + 1):
            base = best[p - 1][start]
            if base == neg:
                continue
            # Extend the piece word by word, keeping its clipped match count up to date.
            bag: Counter = Counter()
            matches = 0
            for end in range(start, W + 1):
                if end > start:
                    for token, count in tokens[end - 1].items():
                        room = ref_bag.get(token, 0) - bag[token]
                        matches += max(0, min(count, room))
                        bag[token] += count
                value = base + matches - 0.1 * abs((end - start) - size)
                if value > best[p][end]:
                    best[p][end], back[p][end] = value, start
    cuts, end = [], W
    for p in range(n, 0, -1):
        start = back[p][end]
        cuts.append((start, end))
        end = start
    cuts.reverse()
    return [words[s:e] for s, e in cuts]


def resegment(hyp: list[str], ref: list[str], max_link: int = 4) -> Resegmentation:
    """Cut *hyp* (any number of lines) into exactly ``len(ref)`` segments matching *ref*."""
    links = align_lines(hyp, ref, max_link)
    result = Resegmentation([], links, len(hyp), len(ref))
    for h_ids, r_ids in links:
        joined = " ".join(hyp[i].strip() for i in h_ids).split()
        result.merged += max(0, len(h_ids) - 1)
        if not h_ids:
            result.empty += len(r_ids)
            result.segments.extend("" for _ in r_ids)
            continue
        pieces = split_words(joined, [ref[j] for j in r_ids])
        result.split += len(r_ids) - 1
        result.segments.extend(" ".join(p) for p in pieces)
    return result
