"""What an alignment is: links between runs of consecutive sentence indices on each side, covering every
sentence once; in order on at least one side (the other may cross where the translation moved a sentence)."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:
    from corpus.document import Document


@dataclass(frozen=True, slots=True)
class Link:
    """``src``/``tgt``: 0-based sentence indices (consecutive, ascending); one side may be empty (1-0, 0-1)."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    confidence: float = 1.0   # calibrated: the probability that this link is exactly right
    cost: float = 0.0         # the search's cost for this link (lower is better)
    resp: str = "bitext"      # who made it: "bitext", or a person's id when corrected by hand

    @property
    def type(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


def is_run(indices) -> bool:
    """Whether sentence *indices* are consecutive and ascending (an empty side is a run)."""
    return all(b == a + 1 for a, b in zip(indices, indices[1:]))


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Positions of a longest strictly increasing run (not necessarily contiguous) in ``values``, in order:
    patience sorting, O(k log k); of equally long runs, the one patience sorting ends on."""
    tails: list[int] = []        # tails[h]: the smallest last value of an increasing run of length h + 1
    tail_at: list[int] = []      # ... and its position
    previous = [-1] * len(values)
    for k, value in enumerate(values):
        h = bisect_left(tails, value)
        if h == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[h], tail_at[h] = value, k
        previous[k] = tail_at[h - 1] if h else -1
    run, k = [], (tail_at[-1] if tail_at else -1)
    while k >= 0:
        run.append(k)
        k = previous[k]
    return run[::-1]


def source_order(links: list[Link]) -> list[int]:
    """Positions of *links* in the order that sorts the ones with a source side by their first source sentence;
    a target-only link stays right after the link it followed.  A monotone alignment keeps its order."""
    keys, last = [], -1
    for position, link in enumerate(links):
        if link.src:
            last = link.src[0]
            keys.append((last, 0, position))
        else:
            keys.append((last, 1, position))
    return sorted(range(len(links)), key=keys.__getitem__)


@dataclass(slots=True)
class Alignment:
    links: list[Link]
    n_src: int
    n_tgt: int
    # The reproducibility signature of the run that made it (see aligner.signature).
    signature: dict[str, str] = field(default_factory=dict)

    def check(self, max_link: int | None = None) -> None:
        """Assert that the links cover every sentence of each side exactly once, each side of a link a run of
        consecutive sentences, and the links in order on at least one side.  The other side may cross: a
        sentence the translation moved is linked where it is (``aligner.reorder``)."""
        seen_src: set[int] = set()
        seen_tgt: set[int] = set()
        for link in self.links:
            assert link.src or link.tgt, "empty link"
            for side, seen, n in ((link.src, seen_src, self.n_src), (link.tgt, seen_tgt, self.n_tgt)):
                assert is_run(side), ("not a run of consecutive sentences", side)
                for i in side:
                    assert 0 <= i < n and i not in seen, ("covered twice or out of range", i)
                    seen.add(i)
            assert 0.0 <= link.confidence <= 1.0
            if max_link is not None:
                assert len(link.src) <= max_link and len(link.tgt) <= max_link, link.type
        assert len(seen_src) == self.n_src and len(seen_tgt) == self.n_tgt, \
            (len(seen_src), self.n_src, len(seen_tgt), self.n_tgt)
        assert self.in_order("src") or self.in_order("tgt"), "links out of order on both sides"

    def in_order(self, side: str) -> bool:
        """Whether the links that have sentences on *side* ("src" or "tgt") follow that side's order."""
        starts = [getattr(link, side)[0] for link in self.links if getattr(link, side)]
        return all(a < b for a, b in zip(starts, starts[1:]))


@dataclass(slots=True)
class AlignedPair:
    """Two documents and the alignment between their body sentences (``Document.sentences(body_only=True)``
    order: link indices count those sentences from 0 on each side)."""

    src: "Document"
    tgt: "Document"
    alignment: Alignment
    # How this pair was made: {"command": "...", "date": "2026-...", ...}; the writers put it in headers.
    run: dict[str, str] = field(default_factory=dict)
