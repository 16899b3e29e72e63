"""The search: dynamic programming over link types inside a band of the (source, target) grid.

Node ``(i, j)`` means "the first i source and j target sentences are aligned".  A link of type ``(a, b)`` goes from
``(i-a, j-b)`` to ``(i, j)``.  The band gives, for every row ``i``, the allowed columns ``lo[i]..hi[i]``; with a
band of width w the search takes O(n * w * types) time and memory, never n * m.  Costs come from a ``CostModel``
in blocks of rows (so numpy does the work); the search knows nothing about what the costs mean.

A run of consecutive 1-0 (or 0-1) links costs the sum of its sentences' skips, or, if less, the cost model's
``long_run`` price: ``open + rate * sum`` (a concave gap, as in sequence alignment with affine gaps).  A stretch
that one side has and the other lacks (a block of captions, an untranslated passage) is one event, not many:
charged per sentence throughout, the search rather glues its sentences onto neighbouring links.  The cheaper
price needs two more states per node: ``G`` (inside a run of 1-0 links, carried from row to row) and the row's
nodes before a run of 0-1 links is priced (``LIN``), which the walk back follows.

Besides the best path the search returns, for each node on it, the margin between the best and the second-best
way of reaching that node: how clearly the chosen link beat its rivals (used for confidence).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

CHUNK = 128  # source rows per cost block


@dataclass(slots=True)
class Band:
    lo: np.ndarray  # (n+1,) first allowed column of each row
    hi: np.ndarray  # (n+1,) last allowed column of each row (inclusive)

    @classmethod
    def full(cls, n: int, m: int) -> "Band":
        return cls(np.zeros(n + 1, np.int64), np.full(n + 1, m, np.int64))

    @classmethod
    def around(cls, path: list[tuple[int, int]], n: int, m: int, width: int) -> "Band":
        """All columns within ``width`` of a monotone path of nodes (i, j) from (0, 0) to (n, m)."""
        lo = np.full(n + 1, m, np.int64)
        hi = np.zeros(n + 1, np.int64)
        # Interpolate the path so that every row gets the columns the path crosses there.
        for (i0, j0), (i1, j1) in zip(path, path[1:]):
            for i in range(i0, i1 + 1):
                if i1 > i0:
                    ja = j0 + (j1 - j0) * (i - i0) // (i1 - i0)
                    jb = j0 + -(-(j1 - j0) * (i - i0) // (i1 - i0))
                else:
                    ja, jb = j0, j1
                lo[i] = min(lo[i], ja, jb)
                hi[i] = max(hi[i], ja, jb)
        if path:
            lo[path[0][0]] = min(lo[path[0][0]], path[0][1])
        lo = np.maximum(lo - width, 0)
        hi = np.minimum(hi + width, m)
        return cls(lo, hi).widened(0, n, m)

    def widened(self, extra: int, n: int, m: int) -> "Band":
        lo = np.maximum(self.lo - extra, 0)
        hi = np.minimum(self.hi + extra, m)
        # Monotone and connected: every row overlaps the one before it, so 1-0/0-1 can always pass.
        lo = np.minimum.accumulate(lo[::-1])[::-1]
        hi = np.maximum.accumulate(hi)
        lo[0], hi[n] = 0, m
        lo[n] = min(lo[n], m)
        return Band(lo, hi)

    def cells(self) -> int:
        return int((self.hi - self.lo + 1).sum())


@dataclass(slots=True)
class Path:
    links: list[tuple[int, int, int, int]]  # (a, b, i, j): a-b link from node (i, j)
    costs: list[float]
    margins: list[float]
    total: float


def search(cost, types: list[tuple[int, int]], band: Band, extra=None) -> Path:
    """Cheapest path from (0, 0) to (n, m) in *band*.  ``extra(a, b, s0, j0, width, first, last)`` (optional)
    adds a term to a block of costs: a-b links from source starts s0, s0+1, ... (one row each) to target starts
    j0..j0+width-1, needed in row r only from ``first[r]`` to ``last[r]`` (``CostModel.lexical_block``)."""
    n, m = cost.n, cost.m
    lo, hi = band.lo, band.hi
    skip_s = cost.skip_src()
    skip_t = cost.skip_tgt()
    cum_skip_t = np.concatenate([[0.0], np.cumsum(skip_t)])
    t01 = types.index((0, 1)) if (0, 1) in types else None
    t10 = types.index((1, 0)) if (1, 0) in types else None
    long_run = cost.long_run() if t01 is not None and t10 is not None else None
    GAP10, GAP01 = len(types), len(types) + 1      # "came" codes: a long run of 1-0 / 0-1 links ends here
    best_rows: list[np.ndarray] = [None] * (n + 1)
    from_rows: list[np.ndarray] = [None] * (n + 1)
    margin_rows: list[np.ndarray] = [None] * (n + 1)
    step_rows: list[np.ndarray] = [None] * (n + 1)
    lin_from_rows: list[np.ndarray] = [None] * (n + 1)   # "came" before long 0-1 runs were priced (LIN)
    lin_step_rows: list[np.ndarray] = [None] * (n + 1)
    run_start_rows: list[np.ndarray] = [None] * (n + 1)  # first column of the long 0-1 run ending at a node
    gap = None                                           # G of the row before: cheapest way to each of its nodes
    #                                                      ending in a long run of 1-0 links
    gap_open_rows: list[np.ndarray] = [None] * (n + 1)   # ... whose run starts at (i-1, j) (else it continues)
    blocks: dict[int, tuple[int, int, int, int, np.ndarray]] = {}

    def link_costs(t: int, a: int, b: int, s: int, p0: int, p1: int) -> np.ndarray:
        """Costs of type-t links from source start s to target starts p0..p1-1, via cached row blocks."""
        held = blocks.get(t)
        if held is None or not (held[0] <= s < held[1] and held[2] <= p0 and p1 <= held[3]):
            s1 = min(s + CHUNK, n - a + 1)
            j0 = max(int(lo[s + a]) - b, 0, p0)
            j1 = min(int(hi[s1 - 1 + a]) - b + 1, m - b + 1)
            j0, j1 = min(j0, p0), max(j1, p1)
            matrix = cost.block(a, b, s, s1, j0, j1)
            if extra is not None:
                # the term for just the cells the loop below reads: for source start r, the target starts
                # whose link ends in row r + a's band and starts in row r's
                r = np.arange(s, s1)
                first = np.maximum(np.maximum(lo[r + a], lo[r] + b) - b, j0)
                last = np.minimum(np.minimum(hi[r + a], hi[r] + b) - b, j1 - 1)
                matrix = matrix + extra(a, b, s, j0, j1 - j0, first, last)
            held = (s, s1, j0, j1, matrix)
            blocks[t] = held
        s0, _, j0, _, matrix = held
        return matrix[s - s0, p0 - j0:p1 - j0]

    for i in range(n + 1):
        L, H = int(lo[i]), int(hi[i])
        width = H - L + 1
        best = np.full(width, np.inf)
        second = np.full(width, np.inf)
        came = np.full(width, -1, np.int8)
        step = np.zeros(width)
        if i == 0 and L == 0:
            best[0] = 0.0
        for t, (a, b) in enumerate(types):
            if a == 0 or i - a < 0:
                continue
            pL, pH = int(lo[i - a]), int(hi[i - a])
            # targets j in [L, H] whose predecessor j - b lies in row i-a's band and leaves room for b sentences
            q0 = max(L, pL + b)
            q1 = min(H, pH + b)
            if q0 > q1:
                continue
            prev = best_rows[i - a][q0 - b - pL:q1 - b - pL + 1]
            if b == 0:
                c = np.full(q1 - q0 + 1, skip_s[i - 1])
            else:
                c = link_costs(t, a, b, i - a, q0 - b, q1 - b + 1)
            cand = prev + c
            k0 = q0 - L
            seg_best = best[k0:k0 + len(cand)]
            seg_second = second[k0:k0 + len(cand)]
            better = cand < seg_best
            np.copyto(seg_second, np.where(better, seg_best, np.minimum(seg_second, cand)))
            np.copyto(seg_best, np.where(better, cand, seg_best))
            came[k0:k0 + len(cand)][better] = t
            step[k0:k0 + len(cand)][better] = c[better]
        if long_run is not None and i == 0:
            gap, gap_open_rows[0] = np.full(width, np.inf), np.zeros(width, bool)
        elif long_run is not None:
            # G: a long run of 1-0 links reaching (i, j), opened from (i-1, j) or carried on from G at (i-1, j)
            gap, gap_open_rows[i] = _gap_row(best_rows[i - 1], gap, int(lo[i - 1]), int(hi[i - 1]), L, H,
                                             long_run, skip_s[i - 1])
            take = gap < best - 1e-12
            if take.any():
                best, second, step, came = _adopt(take, gap, skip_s[i - 1], GAP10, best, second, step, came)
        if t01 is not None and width > 1:
            # 0-1 links stay in the row: best[j] = min_k<j best[k] + skip(k..j-1), a running minimum.  Only
            # k < j: with k = j, (best - offset) + offset can round below best when the skips add up to
            # thousands (no encoder: 4.5 each), and the row's first node then "came" from a column left of
            # the band: the walk back read outside the row (the Bible with --encoder none crashed).
            js = np.arange(L, H + 1)
            offset = cum_skip_t[js]
            running = np.full(width, np.inf)
            running[1:] = np.minimum.accumulate(best - offset)[:-1] + offset[1:]
            take = running < best - 1e-12
            if take.any():
                best, second, step, came = _adopt(take, running, skip_t[np.maximum(js - 1, 0)], t01,
                                                  best, second, step, came)
            if long_run is not None:
                run, starts = _long_row_runs(best, offset, long_run)
                take = run < best - 1e-12
                if take.any():
                    lin_from_rows[i], lin_step_rows[i] = came, step   # _adopt replaces them, not changes them
                    run_start_rows[i] = L + starts
                    best, second, step, came = _adopt(take, run, skip_t[np.maximum(js - 1, 0)], GAP01,
                                                      best, second, step, came)
        best_rows[i], from_rows[i], margin_rows[i], step_rows[i] = best, came, second - best, step

    # Walk back from (n, m).
    links, costs, margins = [], [], []
    i, j = n, m
    if not np.isfinite(best_rows[n][m - int(lo[n])]):
        raise RuntimeError("no path through the band")  # the band construction rules this out
    total = float(best_rows[n][m - int(lo[n])])
    state = "final"   # which value of node (i, j) the path passes through: final, LIN (before long 0-1 runs), G
    while i > 0 or j > 0:
        k = j - int(lo[i])
        margin = float(min(margin_rows[i][k], 1e6))
        if state == "gap":
            # inside a long run of 1-0 links
            links.append((1, 0, i - 1, j))
            costs.append(float(skip_s[i - 1]))
            margins.append(margin)
            state = "final" if gap_open_rows[i][k] else "gap"
            i -= 1
            continue
        if state == "final" and int(from_rows[i][k]) == GAP01:
            start = int(run_start_rows[i][k])
            for x in range(j - 1, start - 1, -1):
                links.append((0, 1, i, x))
                costs.append(float(skip_t[x]))
                margins.append(margin)
            j, state = start, "lin"
            continue
        lin = state == "lin" and lin_from_rows[i] is not None
        t = int((lin_from_rows if lin else from_rows)[i][k])
        if t == GAP10:
            state = "gap"
            continue
        a, b = types[t]
        links.append((a, b, i - a, j - b))
        costs.append(float((lin_step_rows if lin else step_rows)[i][k]))
        margins.append(margin)
        # a 0-1 step stays in the row, where the running minimum read the nodes before long runs were priced
        state = "lin" if (a, b) == (0, 1) else "final"
        i, j = i - a, j - b
    links.reverse(), costs.reverse(), margins.reverse()
    return Path(links, costs, margins, total)


def _adopt(take, value, step_value, code, best, second, step, came):
    """Nodes where ``take`` holds are reached another way (``code``) at ``value``: what they had before becomes
    their rival (the margin of a node reached by a skip is against it).  New arrays; the old ones stay intact."""
    second = np.where(take, np.minimum(best, second), second)
    step = np.where(take, step_value, step)
    best = np.where(take, value, best)
    came = came.copy()
    came[take] = code
    return best, second, step, came


def _gap_row(previous_best, previous_gap, pL: int, pH: int, L: int, H: int, long_run, skip: float):
    """G for the nodes L..H of a row: the cheapest way to each that ends in a long run of 1-0 links, opened from
    the node above (``previous_best`` + open) or carried on from G above; and whether it was opened there."""
    open_price, rate = long_run
    width = H - L + 1
    gap = np.full(width, np.inf)
    opened_here = np.zeros(width, bool)
    j0, j1 = max(L, pL), min(H, pH)
    if j0 <= j1:
        opened = previous_best[j0 - pL:j1 - pL + 1] + open_price
        carried = previous_gap[j0 - pL:j1 - pL + 1]
        gap[j0 - L:j1 - L + 1] = np.minimum(opened, carried) + rate * skip
        opened_here[j0 - L:j1 - L + 1] = opened <= carried
    return gap, opened_here


def _long_row_runs(best: np.ndarray, offset: np.ndarray, long_run) -> tuple[np.ndarray, np.ndarray]:
    """For each node j of a row, the cheapest long run of 0-1 links ending there and the node k it starts from
    (row offsets): min over k < j of best[k] + open + rate * (offset[j] - offset[k]), ``offset`` being the row's
    cumulative skips; a running minimum of best[k] + open - rate * offset[k] that remembers its k."""
    open_price, rate = long_run
    width = len(best)
    priced = best + open_price - rate * offset
    prefix = np.minimum.accumulate(priced)
    where = np.maximum.accumulate(np.where(priced <= prefix, np.arange(width), 0))
    run = np.full(width, np.inf)
    run[1:] = prefix[:-1] + rate * offset[1:]
    starts = np.zeros(width, np.int32)
    starts[1:] = where[:-1]
    return run, starts
