"""Glossary terms per link: where in a link's text (on either side) a glossary concept was marked.

``terms`` keeps what a build found with document offsets and the body sentence; the concordance needs, per
concept, the links that hold it and the span in the link's text (sentences joined by one space, as the
builder joins them), so ``--term`` and ``--term-missing`` are index look-ups instead of range joins over
sentences.  Rows are derived from the other tables when a pair is written (and by migration 3 for stores
built before it).
"""

from __future__ import annotations

from typing import Iterable

from corpus.terminology.tokens import normalise

# (link id, body sentence indices on src, on tgt)
LinkSides = tuple[int, tuple[int, ...], tuple[int, ...]]
# (body_idx, start, end, concept_id, term, status) with document offsets, as in ``DocumentRecord.terms``
TermRow = tuple[int, int, int, str, str, str]


def term_key(term: str) -> str:
    """What ``--term`` compares: the term without case, soft hyphens or ё/е differences."""
    return " ".join(normalise(term).casefold().split())


def link_term_rows(links: Iterable[LinkSides], sentences: dict[str, dict[int, tuple[int, int]]],
                   terms: dict[str, list[TermRow]]) -> list[tuple]:
    """``link_terms`` rows: (concept_id, link_id, side, start, end, term, term_key, status), offsets into the
    link's text on that side.  *sentences*: side → body index → (start, end) in the document."""
    where: dict[str, dict[int, tuple[int, int]]] = {"src": {}, "tgt": {}}   # body idx → (link, offset)
    for link_id, src, tgt in links:
        for side, indices in (("src", src), ("tgt", tgt)):
            offset = 0
            for body_idx in indices:
                start, end = sentences[side][body_idx]
                where[side][body_idx] = (link_id, offset)
                offset += end - start + 1          # the builder joins a link's sentences with one space
    rows = []
    for side in ("src", "tgt"):
        for body_idx, start, end, concept, term, status in terms.get(side, ()):
            if body_idx not in where[side]:
                continue                            # a sentence no link covers (cannot happen for a built pair)
            link_id, offset = where[side][body_idx]
            sentence_start = sentences[side][body_idx][0]
            rows.append((concept, link_id, side, offset + start - sentence_start, offset + end - sentence_start,
                         term, term_key(term), status))
    return sorted(set(rows))
