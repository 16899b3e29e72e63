"""Given sentences that hold more than one sentence: align their pieces, then link the given sentences.

Sentences given one a line (``--segmented``, every gold set) were split by someone else's rules, which sometimes
miss a boundary: «… 250 Höhenmeter erforderten zwei Tage .» is one line on one side, while the other has
«Il fallut deux jours pour gravir 250 m. Six heures de cramponnage …» — a boundary its splitter did not see
after «m.».  The translation's content then crosses the given lines: the first piece of the French line belongs
with the German line before.  No link over whole lines can pair the pieces, so the right link is the 2-2 over
both pairs of lines, and an aligner that only sees whole lines makes two wrong 1-1 links instead.

So where bitext's own segmenter finds more than one sentence in a given one, the search runs over the pieces,
and each link over pieces is then lifted to the lines that hold them (``lift``): links that share a line become
one link, and so do the one-sided links that fall between a merged link's lines.  A line that is one sentence is
its own single piece, so a text without such lines aligns exactly as before.

A piece must open with a character that is not lower case (``split_points``): after «?» or «!» a lower-case word
usually goes on with the same sentence (the King James Bible's «Why art thou wroth? and why is thy countenance
fallen?» is one verse, one sentence), and cutting there gains nothing but the risk of a wrong merge.

A link the reorder pass made for a moved piece (one that crosses its neighbours) whose line is also part of
another link is undone into unaligned pieces before lifting: its line cannot be both in its place and moved.

Measured with the gold sentences (strict F1, before -> after): Text+Berg dev 0.9015 -> 0.9137 and test0-6
0.9378 -> 0.9395 (58 of 3,024 lines hold more than one sentence); the Bible (85 of 11,301), ParIce (5 of 1,147)
and WMT21 (146 of 2,004, all 1-1 by construction) unchanged; without an encoder Text+Berg dev 0.8756 -> 0.8757,
the rest unchanged.  Tried and not kept: pieces cut at a comma, colon or semicolon too where both halves have at
least 12 words (Text+Berg 0.9205 / 0.9421, but the Bible 0.9836 and ParIce 0.9677; at 16 words the Bible 0.9854),
at 5 or 8 words Text+Berg test fell (0.9205, 0.916): clauses are too short to embed reliably.  Cut at a colon or
semicolon before a capital (3 words a side at least): Text+Berg and ParIce unchanged, the Bible 0.9884 -> 0.9847.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from corpus.segment import split

from .model import Link, longest_increasing

# the reproducibility signature's name for this rule: the language's segmenter, pieces opening in lower case joined
SPLIT_RULE = "own-segmenter+no-lower-start"


@dataclass(frozen=True)
class Pieces:
    """The pieces of one side: their texts, the given sentence each comes from, and its paragraph id."""

    texts: list[str]
    parent: list[int]
    paragraphs: list[int] | None

    @property
    def split_any(self) -> bool:
        return len(self.texts) != (self.parent[-1] + 1 if self.parent else 0)


def split_points(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` with every piece that opens in lower case joined to the one before it."""
    kept: list[tuple[int, int]] = []
    for start, end in spans:
        first = next((ch for ch in text[start:end] if ch.isalnum()), "")
        if kept and (not first or first.islower()):
            kept[-1] = (kept[-1][0], end)
        else:
            kept.append((start, end))
    return kept


def pieces(sentences: Sequence[str], paragraphs: Sequence[int] | None, lang: str | None,
           whole: frozenset[int] = frozenset()) -> Pieces:
    """Each sentence as its own segmenter's pieces (``whole``: sentences kept as they are)."""
    texts, parent, ids = [], [], []
    for k, sentence in enumerate(sentences):
        spans = split_points(sentence, split(sentence, lang)) if k not in whole else []
        parts = [sentence[a:b] for a, b in spans] if len(spans) > 1 else [sentence]
        texts += parts
        parent += [k] * len(parts)
        if paragraphs is not None:
            ids += [paragraphs[k]] * len(parts)
    return Pieces(texts, parent, ids if paragraphs is not None else None)


def _moved(links: Sequence[Link]) -> set[int]:
    """Positions of the two-sided links outside the longest chain that runs in order on both sides: the moved
    sentences ``aligner.reorder`` paired (``lift`` is only ever run in one orientation, so which of two equally
    long chains is kept is the same both ways round)."""
    both = sorted((link.src[0], link.tgt[0], k) for k, link in enumerate(links) if link.src and link.tgt)
    chain = {both[n][2] for n in longest_increasing([t for _, t, _ in both])}
    return {k for _, _, k in both} - chain


class _Groups:
    """Union-find over link positions."""

    def __init__(self, n: int):
        self.up = list(range(n))

    def find(self, k: int) -> int:
        while self.up[k] != k:
            self.up[k] = self.up[self.up[k]]
            k = self.up[k]
        return k

    def join(self, a: int, b: int) -> bool:
        a, b = self.find(a), self.find(b)
        if a == b:
            return False
        self.up[max(a, b)] = min(a, b)
        return True

    def members(self) -> dict[int, list[int]]:
        """Each group's positions, by its root (the smallest position in it), in the order of the roots."""
        found: dict[int, list[int]] = {}
        for k in range(len(self.up)):
            found.setdefault(self.find(k), []).append(k)
        return found


def _lines(s: Sequence[int], t: Sequence[int], src: Pieces, tgt: Pieces) -> list[tuple[str, int]]:
    """The given sentences that the pieces ``s`` and ``t`` come from, as ("s", line) and ("t", line) keys."""
    return [("s", src.parent[i]) for i in s] + [("t", tgt.parent[j]) for j in t]


def lift(links: Sequence[Link], src: Pieces, tgt: Pieces) -> list[tuple[tuple[int, ...], tuple[int, ...], list[int]]]:
    """The links over pieces as links over the given sentences: ``(source sentences, target sentences, the
    positions in ``links`` it was made of)``, listed in source order (a target-only link right after the link
    before it in the target), covering every sentence once, each side a run."""
    # A moved piece whose sentence is also linked where it stands: the sentence cannot be in both places.
    holders: dict[tuple[str, int], set[int]] = {}
    for k, link in enumerate(links):
        for key in _lines(link.src, link.tgt, src, tgt):
            holders.setdefault(key, set()).add(k)
    moved = _moved(links)
    units: list[tuple[tuple[int, ...], tuple[int, ...], int]] = []   # (pieces, pieces, position it comes from)
    for k, link in enumerate(links):
        if k in moved and any(len(holders[key]) > 1 for key in _lines(link.src, link.tgt, src, tgt)):
            units += [((i,), (), k) for i in link.src] + [((), (j,), k) for j in link.tgt]
        else:
            units.append((link.src, link.tgt, k))
    groups = _Groups(len(units))
    owner: dict[tuple[str, int], int] = {}
    for u, (s, t, _) in enumerate(units):
        for key in _lines(s, t, src, tgt):
            if key in owner:
                groups.join(u, owner[key])
            else:
                owner[key] = u
    # Each side of a link must be a run: a sentence between two of a group's sentences joins the group (a
    # one-sided link between the two halves of a merged link, most often).
    changed = True
    while changed:
        changed = False
        for root, us in groups.members().items():
            for side, parent in (("s", src.parent), ("t", tgt.parent)):
                found = [parent[x] for u in us for x in (units[u][0] if side == "s" else units[u][1])]
                if len(found) > 1:
                    for p in range(min(found) + 1, max(found)):
                        changed |= groups.join(root, owner[(side, p)])
    lifted = []
    for us in groups.members().values():
        s = tuple(sorted({src.parent[i] for u in us for i in units[u][0]}))
        t = tuple(sorted({tgt.parent[j] for u in us for j in units[u][1]}))
        lifted.append((s, t, sorted({units[u][2] for u in us})))
    return _in_source_order(lifted)


def _in_source_order(lifted: list) -> list:
    """Links with a source side by their first source sentence; a target-only link right after the link that
    holds the target sentence before it (as ``model.source_order`` keeps them)."""
    holder = {j: n for n, (_, t, _) in enumerate(lifted) for j in t}
    # anchor[j]: the first source sentence of the nearest link at or before target sentence j that has a source
    # side (-1 if none), found in one pass over the target so a long run of target-only links costs no more
    anchor, last = {}, -1
    for j in sorted(holder):
        s = lifted[holder[j]][0]
        if s:
            last = s[0]
        anchor[j] = last

    def key(n: int) -> tuple[int, int, int]:
        s, t, _ = lifted[n]
        if s:
            return (s[0], 0, 0)
        return (anchor[t[0] - 1] if t[0] > 0 else -1, 1, t[0])

    return [lifted[n] for n in sorted(range(len(lifted)), key=key)]
