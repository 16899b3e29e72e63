"""What an alignment is: links between runs of consecutive sentence indices on each side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

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


@dataclass(slots=True)
class Alignment:
    links: list[Link]
    n_src: int
    n_tgt: int
    # The reproducibility signature of the run that made it (see aligner.signature).
    signature: dict[str, str] = field(default_factory=dict)

    def check(self, max_link: int | None = None) -> None:
        """Assert that the links cover every sentence of each side exactly once, in order."""
        next_src = next_tgt = 0
        for link in self.links:
            assert link.src or link.tgt, "empty link"
            for i in link.src:
                assert i == next_src, ("source order", i, next_src)
                next_src += 1
            for j in link.tgt:
                assert j == next_tgt, ("target order", j, next_tgt)
                next_tgt += 1
            assert 0.0 <= link.confidence <= 1.0
            if max_link is not None:
                assert len(link.src) <= max_link and len(link.tgt) <= max_link, link.type
        assert next_src == self.n_src and next_tgt == self.n_tgt, (next_src, self.n_src, next_tgt, self.n_tgt)


@dataclass(slots=True)
class AlignedPair:
    """Two documents and the alignment between their body sentences (``Document.sentences(body_only=True)``
    order: link indices count those sentences from 0 on each side)."""

    src: "Document"
    tgt: "Document"
    alignment: Alignment
    # How this pair was made: {"command": "...", "date": "2026-...", ...}; the writers put it in headers.
    run: dict[str, str] = field(default_factory=dict)
