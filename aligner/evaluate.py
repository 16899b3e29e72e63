"""Strict and lax precision/recall/F1 of sentence alignments, exactly as Vecalign's ``score.py`` computes them.

A link is a pair of index tuples ``(src, tgt)``.  Strict: a predicted link is right only if the gold has exactly
that link.  Lax: it is also right if it overlaps one gold link on both sides.  Precision is over every predicted
link (1-0 and 0-1 included); recall is "precision with gold and prediction swapped", over the links whose two sides
are non-empty.  Counts are summed over documents before dividing (micro-average), as ``score_multiple`` does.

``merge_verses`` reproduces Bertalign's ``eval_bible.py``: consecutive predicted links whose sentences all lie in
one verse are merged before scoring against a verse-level gold.
"""

from __future__ import annotations

import bisect
import os
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from corpus.errors import InputError

from .search import Band

Pair = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Counts:
    """tp/fp for strict and lax matching, on the precision side (p_*) and the recall side (r_*)."""

    p_tp_strict: int = 0
    p_fp_strict: int = 0
    p_tp_lax: int = 0
    p_fp_lax: int = 0
    r_tp_strict: int = 0
    r_fp_strict: int = 0
    r_tp_lax: int = 0
    r_fp_lax: int = 0

    def __add__(self, other: "Counts") -> "Counts":
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[int, ...]:
        return (self.p_tp_strict, self.p_fp_strict, self.p_tp_lax, self.p_fp_lax,
                self.r_tp_strict, self.r_fp_strict, self.r_tp_lax, self.r_fp_lax)

    def scores(self, value_for_div_by_0: float = 0.0) -> dict[str, float]:
        def ratio(tp: int, fp: int) -> float:
            return tp / (tp + fp) if tp + fp else value_for_div_by_0

        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else value_for_div_by_0

        p_strict, p_lax = ratio(self.p_tp_strict, self.p_fp_strict), ratio(self.p_tp_lax, self.p_fp_lax)
        r_strict, r_lax = ratio(self.r_tp_strict, self.r_fp_strict), ratio(self.r_tp_lax, self.r_fp_lax)
        return {"precision_strict": p_strict, "recall_strict": r_strict, "f1_strict": f1(p_strict, r_strict),
                "precision_lax": p_lax, "recall_lax": r_lax, "f1_lax": f1(p_lax, r_lax)}


def _precision(gold: Iterable[Pair], test: Iterable[Pair]) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of *test* against *gold* — Vecalign's ``_precision``."""
    test_set = {(tuple(x), tuple(y)) for x, y in test if len(x) or len(y)}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if len(x) or len(y)}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for gold_src, gold_tgt in gold_set:
        for i in gold_src:
            src_to_gold_tgt[i].update(gold_tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for test_src, test_tgt in test_set:
        if (test_src, test_tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        reachable = set()
        for i in test_src:
            reachable |= src_to_gold_tgt.get(i, set())
        if reachable.intersection(test_tgt):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def count(gold: Sequence[Pair], test: Sequence[Pair]) -> Counts:
    """The counts of one document (add them up over documents for the micro-average)."""
    p = _precision(gold, test)
    r = _precision([(x, y) for x, y in test if len(x) and len(y)], [(x, y) for x, y in gold if len(x) and len(y)])
    return Counts(*p, *r)


def score(gold: Sequence[Pair], test: Sequence[Pair]) -> dict[str, float]:
    return count(gold, test).scores()


def score_multiple(gold_list: Sequence[Sequence[Pair]], test_list: Sequence[Sequence[Pair]]) -> dict[str, float]:
    total = Counts()
    for gold, test in zip(gold_list, test_list, strict=True):
        total = total + count(gold, test)
    return total.scores()


# --- where the gold itself cannot be matched --------------------------------------------------------------------

def irregular_region(gold: Sequence[Pair], test: Sequence[Pair], n_src: int, n_tgt: int) -> tuple[set[int], set[int]]:
    """(source, target) sentences where no in-order alignment that covers every sentence can equal the gold: the
    sentences the gold leaves out of every link, the span of each non-contiguous gold link, and, closed under
    overlap, every gold or *test* link that touches them.  Text+Berg's published gold has such places in 7 of
    its 8 documents (captions cut into sentences, lines dropped); ``count_outside`` scores the rest."""
    src = set(range(n_src)) - {i for s, _ in gold for i in s}
    tgt = set(range(n_tgt)) - {j for _, t in gold for j in t}
    for s, t in gold:
        if s and max(s) - min(s) + 1 != len(s) or t and max(t) - min(t) + 1 != len(t):
            src.update(range(min(s), max(s) + 1) if s else ())
            tgt.update(range(min(t), max(t) + 1) if t else ())
    links = list(gold) + list(test)
    grown = True
    while grown:
        grown = False
        for s, t in links:
            if (src.intersection(s) or tgt.intersection(t)) and not (src.issuperset(s) and tgt.issuperset(t)):
                src.update(s)
                tgt.update(t)
                grown = True
    return src, tgt


def count_outside(gold: Sequence[Pair], test: Sequence[Pair], region: tuple[set[int], set[int]]) -> Counts:
    """``count`` over the links that touch no sentence of ``region`` (``irregular_region``), on both sides."""
    src, tgt = region

    def outside(links: Sequence[Pair]) -> list[Pair]:
        return [(s, t) for s, t in links if not (src.intersection(s) or tgt.intersection(t))]

    return count(outside(gold), outside(test))


# --- the best any in-order alignment can score ----------------------------------------------------------------

CEILING_WIDTH = 30   # columns either side of the gold's own path that the search looks at (Text+Berg test: 12 -> 0.968,
#                    30 and 60 -> 0.970, the full grid's figure)
CEILING_PRICES = (0.5, 1.0, 1.5)   # the price of a link the gold lacks, tried in turn (on Text+Berg 1.0 wins;
#                                   0.25 to 1.75 move its figure by at most 0.002)


def in_order_ceiling(documents: Sequence[tuple[Sequence[Pair], int, int]], max_link: int = 5) -> Counts:
    """The counts of an in-order alignment (every sentence in one link, links in order on both sides, at most
    ``max_link`` sentences a side, 1-0 and 0-1 for skips; bitext's own search also keeps a + b <= max_link + 1,
    ``cost.link_types``) that scores high against each ``(gold, n_src, n_tgt)`` document, micro-averaged: how much
    of a gold set an in-order aligner can match at all, where the gold has sentences in no link or links that are
    not contiguous.

    Each gold link chosen earns 2 minus a price, each other link costs the price; a search over the grid (a band
    of ``CEILING_WIDTH`` around the gold's path) finds the best alignment for each price of ``CEILING_PRICES`` and
    the micro-averaged strict F1 picks one.  A real alignment reaches these counts, so the figure is a floor of the
    true ceiling (F1 is not a sum over links, so no one price need find the very best)."""
    best = None
    for price in CEILING_PRICES:
        total = Counts()
        for gold, n, m in documents:
            total = total + count(gold, best_in_order(gold, n, m, max_link, price))
        if best is None or total.scores()["f1_strict"] > best.scores()["f1_strict"]:
            best = total
    return best if best is not None else Counts()


def best_in_order(gold: Sequence[Pair], n: int, m: int, max_link: int = 5, price: float = 1.0) -> list[Pair]:
    """The in-order alignment of ``n`` source and ``m`` target sentences that maximises 2 per gold link it has
    minus ``price`` per link (``in_order_ceiling``)."""
    wanted = {(tuple(s), tuple(t)) for s, t in gold}
    corners = sorted((min(s), min(t)) for s, t in gold if s and t)
    path, top = [(0, 0)], 0
    for i, j in corners:              # the gold's own path, made monotone and connected
        path.append((i, top))
        top = max(top, j)
        path.append((i, top))
    path.append((n, m))
    band = Band.around(path, n, m, CEILING_WIDTH)
    types = [(a, b) for a in range(max_link + 1) for b in range(max_link + 1) if a + b and (a and b or a + b == 1)]
    score: dict[tuple[int, int], float] = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(int(band.lo[i]), int(band.hi[i]) + 1):
            here = score.get((i, j))
            if here is None:
                continue
            for a, b in types:
                end = (i + a, j + b)
                if end[0] > n or end[1] > m or not band.lo[end[0]] <= end[1] <= band.hi[end[0]]:
                    continue
                link = (tuple(range(i, end[0])), tuple(range(j, end[1])))
                value = here + (2.0 if link in wanted else 0.0) - price
                if value > score.get(end, float("-inf")):
                    score[end], back[end] = value, (i, j)
    links, node = [], (n, m)
    while node != (0, 0):
        i, j = back[node]
        links.append((tuple(range(i, node[0])), tuple(range(j, node[1]))))
        node = (i, j)
    return links[::-1]


# --- Bible protocol (Bertalign eval_bible.py) ---------------------------------------------------------------

def _bead_verse(indices: Sequence[int], verses: Sequence[str]) -> list[str]:
    if not indices:
        return ["NULL"]
    seen: list[str] = []
    for i in indices:
        if verses[i] not in seen:
            seen.append(verses[i])
    return seen


def _link_verse(link: Pair, src_verses: Sequence[str], tgt_verses: Sequence[str]) -> str | None:
    s, t = _bead_verse(link[0], src_verses), _bead_verse(link[1], tgt_verses)
    if len(s) != 1 or len(t) != 1:
        return None
    if s[0] == t[0]:
        return s[0]
    if s[0] == "NULL":
        return t[0]
    if t[0] == "NULL":
        return s[0]
    return None


def merge_verses(test: Sequence[Pair], src_verses: Sequence[str], tgt_verses: Sequence[str]) -> list[Pair]:
    """Merge consecutive links that lie in one verse (Bertalign's ``merge_test_alignments``, bug for bug)."""
    merged: list[tuple[list[int], list[int]]] = []
    last = None
    for link in test:
        kind = _link_verse(link, src_verses, tgt_verses)
        if last and kind == last:
            merged[-1][0].extend(link[0])
            merged[-1][1].extend(link[1])
        else:
            merged.append((list(link[0]), list(link[1])))
        last = kind
    return [(tuple(s), tuple(t)) for s, t in merged]


Span = tuple[int, int]   # [start, end) character offsets in a text


def onto_gold_sentences(test: Sequence[Pair], src_spans: Sequence[Span], tgt_spans: Sequence[Span],
                        gold_src: Sequence[Span], gold_tgt: Sequence[Span]) -> list[Pair]:
    """Links over the aligner's OWN sentences (``src_spans``/``tgt_spans``: their offsets in each text) restated
    over the gold sentences (``gold_src``/``gold_tgt``: offsets in the same texts), for scoring an alignment of
    raw text that the tool segmented itself.  A sentence stands for every gold sentence it overlaps; links that
    share a gold sentence become one (a gold sentence split in two by the segmenter is still one unit), so a
    segmentation error costs only where it changes what is linked: two gold sentences kept as one make a 2-2
    link where the gold has two 1-1 links.  Both span lists are in text order; the links' order is not kept."""
    gold_ends = ([g1 for _, g1 in gold_src], [g1 for _, g1 in gold_tgt])

    def covered(spans: Sequence[Span], gold: Sequence[Span], side: int, index: int) -> set[int]:
        start, end = spans[index]
        found = set()
        k = bisect.bisect_right(gold_ends[side], start)     # the first gold sentence ending after ``start``
        while k < len(gold) and gold[k][0] < end:
            found.add(k)
            k += 1
        return found

    parent = list(range(len(test)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    projected = [(set().union(*(covered(src_spans, gold_src, 0, i) for i in s)),
                  set().union(*(covered(tgt_spans, gold_tgt, 1, j) for j in t))) for s, t in test]
    owner: dict[tuple[int, int], int] = {}
    for k, (s, t) in enumerate(projected):
        for key in [(0, i) for i in s] + [(1, j) for j in t]:
            if key in owner:
                parent[root(k)] = root(owner[key])
            else:
                owner[key] = k
    groups: dict[int, tuple[set[int], set[int]]] = {}
    for k, (s, t) in enumerate(projected):
        group = groups.setdefault(root(k), (set(), set()))
        group[0].update(s)
        group[1].update(t)
    return [(tuple(sorted(s)), tuple(sorted(t))) for s, t in groups.values() if s or t]


# --- the links format (gold.tsv) ------------------------------------------------------------------------------

def parse_links(text: str, path: str | os.PathLike | None = None) -> list[Pair]:
    """Read ``<src indices>\\t<tgt indices>`` lines (comma-separated, 0-based; an empty side is 1-0/0-1).

    Vecalign's ``[0, 1]:[2]`` lines are accepted too."""
    links: list[Pair] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if "\t" in line:
            left, _, right = line.partition("\t")
        elif ":" in line:
            left, _, right = line.partition(":")
            left, right = left.strip().strip("[]"), right.strip().strip("[]")
        else:
            raise InputError(path, f"line {number}: expected '<src indices>\\t<tgt indices>', got {line[:60]!r}")
        try:
            src = tuple(int(x) for x in left.replace(" ", "").split(",") if x != "")
            tgt = tuple(int(x) for x in right.strip().replace(" ", "").split(",") if x != "")
        except ValueError:
            raise InputError(path, f"line {number}: indices must be comma-separated integers: {line[:60]!r}") from None
        if any(i < 0 for i in src + tgt):
            raise InputError(path, f"line {number}: negative index")
        links.append((src, tgt))
    return links


def read_links(path: str | os.PathLike) -> list[Pair]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(path, f"cannot read links: {error.strerror if isinstance(error, OSError) else error}")
    return parse_links(text, path)


def format_links(links: Iterable[Pair]) -> str:
    return "".join(f"{','.join(map(str, s))}\t{','.join(map(str, t))}\n" for s, t in links)
