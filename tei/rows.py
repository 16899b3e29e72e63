"""The flat view of an alignment that TMX, XLIFF, cesAlign, TSV and JSONL share: one row per link.

Ids, certainty formatting and review status are decided here once, so every format names a link and a
sentence the same way the TEI does (``al.l3`` links ``en.s4`` to ``ru.s5 ru.s6``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from aligner.model import AlignedPair, Link
from corpus.document import JoinedSentences

from .ids import TOOL_RESP, link_ids, sentence_id, side_prefixes


def fmt_cert(value: float) -> str:
    """Certainty as written everywhere: at most four decimals, no trailing zeros ("0.81", "1")."""
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def status(link: Link) -> str:
    """A link's review status: ``aligned`` (made by the tool) or ``reviewed`` (a person made or checked it)."""
    return "aligned" if link.resp == TOOL_RESP else "reviewed"


@dataclass(frozen=True, slots=True)
class Row:
    id: str
    link: Link
    src_ids: tuple[str, ...]
    tgt_ids: tuple[str, ...]
    src_texts: tuple[str, ...]
    tgt_texts: tuple[str, ...]
    src_text: str    # the side as one text (corpus.document.JoinedSentences): TMX, XLIFF and TSV write this
    tgt_text: str

    @property
    def type(self) -> str:
        return self.link.type

    @property
    def cert(self) -> str:
        return fmt_cert(self.link.confidence)

    @property
    def status(self) -> str:
        return status(self.link)

    @property
    def aligned(self) -> bool:
        return bool(self.src_ids and self.tgt_ids)


def rows(pair: AlignedPair) -> Iterator[Row]:
    src_prefix, tgt_prefix = side_prefixes(pair.src.lang, pair.tgt.lang)
    src, tgt = JoinedSentences(pair.src), JoinedSentences(pair.tgt)
    for link, link_id in zip(pair.alignment.links, link_ids(pair.alignment.links)):
        yield Row(link_id, link,
                  tuple(sentence_id(src_prefix, i) for i in link.src),
                  tuple(sentence_id(tgt_prefix, j) for j in link.tgt),
                  tuple(src.texts[i] for i in link.src),
                  tuple(tgt.texts[j] for j in link.tgt),
                  src(link.src), tgt(link.tgt))
