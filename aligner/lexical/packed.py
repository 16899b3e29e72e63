"""The lexical anchors of one document pair as integer arrays, for scoring many candidate links at once.

``weighted_dice`` (scorer.py) compares one pair of Counters at a time, and the search asks for it on every cell
of its corridor: hundreds of thousands of pairs on the Bible, where that loop was half of a warm run.  Here each
feature gets an integer id, each side is one flat array of (sentence, feature id, count), and ``similarity``
scores any list of (source window, target window) pairs with a few numpy operations over all of them.

The figures are ``weighted_dice``'s to the last bit: counts are integers, so the matched and total masses are
exact whatever the order of summation, and the sums over classes that follow run in ``weights``' order as
there.  Only plain counts are packed (no ``rarity``), which is how the search scores.
"""

from __future__ import annotations

from collections import Counter

import numpy as np


class PackedSide:
    """One side's anchors: the features of sentence i are ``ids[ptr[i]:ptr[i+1]]`` (sorted, each once) with
    their ``counts``; ``masses[i]`` holds the ``#<class>`` totals of sentences 0..i-1, per class."""

    def __init__(self, ids: list[int], counts: list[int], ptr: list[int], masses: np.ndarray):
        self.ids = np.asarray(ids, np.int64)
        self.counts = np.asarray(counts, np.int64)
        self.ptr = np.asarray(ptr, np.int64)
        self.masses = np.cumsum(masses, axis=0)

    def windows(self, starts: np.ndarray, size: int, n_features: int) -> tuple[np.ndarray, np.ndarray]:
        """The features of the windows start..start+size-1 for the given (sorted, distinct) starts, as sorted
        keys ``start * n_features + id`` with each key once and its summed count."""
        begin, end = self.ptr[starts], self.ptr[starts + size]
        index = ranges(begin, end - begin)
        keys = np.repeat(starts, end - begin) * n_features + self.ids[index]
        counts = self.counts[index]
        if size == 1:          # one sentence's features are distinct and sorted already
            return keys, counts
        keys, where = np.unique(keys, return_inverse=True)
        return keys, np.bincount(where, weights=counts, minlength=len(keys)).astype(np.int64)


def ranges(begin: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The concatenation of range(b, b + l) for each b, l: index arrays for many slices at once."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    offsets = np.cumsum(lengths) - lengths
    return np.repeat(begin - offsets, lengths) + np.arange(total)


class PackedAnchors:
    """Both sides' anchors with shared feature ids; ``similarity(a, b, rows, cols)`` = ``weighted_dice`` of
    each source window rows[p]..rows[p]+a-1 against the target window cols[p]..cols[p]+b-1."""

    def __init__(self, src: list[Counter], tgt: list[Counter], weights: dict[str, float]):
        self.classes = list(weights)
        self._double = [w * 2 for w in weights.values()]     # weight * 2 * m, grouped as weighted_dice does
        self._weight = list(weights.values())
        class_index = {c: k for k, c in enumerate(self.classes)}
        # A feature found on one side only never matches; it counts in the masses (the #<class> totals) alone.
        # Dropping it here shrinks the arrays several times (a French word maps to many pivot lemmas that no
        # German sentence of the document has).
        shared = {k for c in src for k in c if k[0] != "#"} & {k for c in tgt for k in c if k[0] != "#"}
        feature_ids: dict[str, int] = {}
        class_of: list[int] = []
        sides = []
        for anchors in (src, tgt):
            ids, counts, ptr = [], [], [0]
            masses = np.zeros((len(anchors) + 1, len(self.classes)))
            for i, counter in enumerate(anchors):
                mine = []
                for key, value in counter.items():
                    if value != int(value):     # the exactness above rests on integer counts
                        raise ValueError(f"anchor {key!r} has a count that is no integer: {value!r}")
                    if key[0] == "#":
                        k = class_index.get(key[1:])
                        if k is not None:
                            masses[i + 1, k] = value
                        continue
                    if key not in shared:
                        continue
                    k = class_index.get(key[: key.index(":")])
                    if k is None:       # a class without a weight never counts (nor does it in weighted_dice)
                        continue
                    fid = feature_ids.get(key)
                    if fid is None:
                        fid = feature_ids[key] = len(class_of)
                        class_of.append(k)
                    mine.append((fid, value))
                mine.sort()
                ids.extend(f for f, _ in mine)
                counts.extend(v for _, v in mine)
                ptr.append(len(ids))
            sides.append(PackedSide(ids, counts, ptr, masses))
        self.src, self.tgt = sides
        self._class_of = np.asarray(class_of, np.int64)
        self.n_features = max(len(class_of), 1)

    def similarity(self, a: int, b: int, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(similarity, mass) per pair, as ``weighted_dice`` gives them ((0, 0) where neither has anchors)."""
        rows = np.asarray(rows, np.int64)
        cols = np.asarray(cols, np.int64)
        pairs, n_classes, f = len(rows), len(self.classes), self.n_features
        x_keys, x_counts = self.src.windows(np.unique(rows), a, f)
        y_keys, y_counts = self.tgt.windows(np.unique(cols), b, f)
        # each pair's target features, looked up among its source window's
        begin = np.searchsorted(y_keys, cols * f)
        lengths = np.searchsorted(y_keys, cols * f + f) - begin
        index = ranges(begin, lengths)
        pair = np.repeat(np.arange(pairs), lengths)
        feature = y_keys[index] - cols[pair] * f
        wanted = rows[pair] * f + feature
        # a last key above every real one, so each lookup lands on a key (an empty source window included)
        x_keys = np.append(x_keys, np.iinfo(np.int64).max)
        x_counts = np.append(x_counts, 0)
        at = np.searchsorted(x_keys, wanted)
        shared = np.where(x_keys[at] == wanted, np.minimum(x_counts[at], y_counts[index]), 0)
        matched = np.bincount(pair * n_classes + self._class_of[feature], weights=shared,
                              minlength=pairs * n_classes).reshape(pairs, n_classes)
        x_mass = self.src.masses[rows + a] - self.src.masses[rows]
        y_mass = self.tgt.masses[cols + b] - self.tgt.masses[cols]
        # one word may match several of the other side's pivot lemmas: capped by either side's mass
        m = np.minimum(np.minimum(matched, x_mass), y_mass)
        num = np.zeros(pairs)
        den = np.zeros(pairs)
        for k in range(n_classes):        # in weights' order, as weighted_dice adds them up
            num += self._double[k] * m[:, k]
            den += self._weight[k] * (x_mass[:, k] + y_mass[:, k])
        some = den > 0
        safe = np.where(some, den, 1.0)
        return np.where(some, num / safe, 0.0), np.where(some, den / 2, 0.0)
