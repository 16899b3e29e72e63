"""What the report shows, as plain data: one :class:`RowView` per link with its paragraph, texts, terms and
findings, and the summary figures of the header.  No HTML here — ``tei.report.html`` renders it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from aligner.model import AlignedPair

from ..ids import TOOL_RESP, link_ids, sentence_id, side_prefixes
from ..qa import QaNote
from ..terms import GlossEntry, TermLayer, TermSpan

BUCKETS = 10                     # confidence colour bands: [0, .1), [.1, .2), … [.9, 1]


def bucket(confidence: float) -> int:
    return min(BUCKETS - 1, max(0, int(confidence * BUCKETS)))


@dataclass(slots=True)
class SentenceView:
    id: str                      # the TEI id, "en.s4"
    text: str
    terms: list[TermSpan]
    kind: str                    # the block kind (paragraph, heading, title, list_item, lede)


@dataclass(slots=True)
class RowView:
    id: str                      # the TEI link id, "al.l3" / "al.u1"
    src_index: tuple[int, ...]
    tgt_index: tuple[int, ...]
    src: list[SentenceView]
    tgt: list[SentenceView]
    confidence: float
    resp: str
    findings: list[QaNote]
    src_paragraph_starts: bool   # the row's first source sentence opens a paragraph
    tgt_paragraph_starts: bool

    @property
    def type(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(slots=True)
class ReportView:
    rows: list[RowView]
    paragraphs: list[list[RowView]]          # rows grouped by the source paragraph they start in
    glossary: dict[str, GlossEntry]
    document_findings: list[QaNote]          # findings about the whole pair, not one link
    src_paragraph_of: list[int] = field(default_factory=list)
    tgt_paragraph_of: list[int] = field(default_factory=list)

    def link_types(self) -> list[tuple[str, int]]:
        counts = Counter(row.type for row in self.rows)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def confidence_histogram(self) -> list[int]:
        counts = [0] * BUCKETS
        for row in self.rows:
            counts[bucket(row.confidence)] += 1
        return counts

    def findings_by_check(self) -> list[tuple[str, str, int]]:
        counts = Counter((note.check, note.severity) for row in self.rows for note in row.findings)
        counts.update((note.check, note.severity) for note in self.document_findings)
        return sorted(((check, severity, n) for (check, severity), n in counts.items()),
                      key=lambda item: (-item[2], item[0]))


def _side(document, prefix: str, spans: dict[int, list[TermSpan]]) -> tuple[list[SentenceView], list[int]]:
    sentences, paragraph_of = [], []
    for index, (block_index, block, sentence) in enumerate(document.sentences(body_only=True)):
        sentences.append(SentenceView(sentence_id(prefix, index), sentence.text, spans.get(index, []), block.kind))
        paragraph_of.append(block_index)
    return sentences, paragraph_of


def build(pair: AlignedPair, terms: TermLayer | None = None, qa: list[QaNote] | None = None) -> ReportView:
    terms = terms if terms is not None else (pair.run.get("terms") or TermLayer())
    qa = qa if qa is not None else list(pair.run.get("qa") or [])
    src_prefix, tgt_prefix = side_prefixes(pair.src.lang, pair.tgt.lang)
    src, src_par = _side(pair.src, src_prefix, terms.spans[0])
    tgt, tgt_par = _side(pair.tgt, tgt_prefix, terms.spans[1])
    by_link: dict[str, list[QaNote]] = {}
    document_findings = []
    ids = list(link_ids(pair.alignment.links))
    known = set(ids)
    for note in qa:
        if note.link_id in known:
            by_link.setdefault(note.link_id, []).append(note)
        else:
            document_findings.append(note)
    rows, paragraphs = [], []
    last_src_par = last_tgt_par = None
    for link, link_id in zip(pair.alignment.links, ids):
        sp = src_par[link.src[0]] if link.src else last_src_par
        tp = tgt_par[link.tgt[0]] if link.tgt else last_tgt_par
        row = RowView(link_id, link.src, link.tgt, [src[i] for i in link.src], [tgt[j] for j in link.tgt],
                      link.confidence, link.resp, by_link.get(link_id, []),
                      bool(link.src) and sp != last_src_par, bool(link.tgt) and tp != last_tgt_par)
        if row.src_paragraph_starts or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(row)
        rows.append(row)
        last_src_par = sp if link.src else last_src_par
        last_tgt_par = tp if link.tgt else last_tgt_par
    return ReportView(rows, paragraphs, {e.concept_id: e for e in terms.entries}, document_findings, src_par, tgt_par)


def is_person(resp: str) -> bool:
    return resp != TOOL_RESP
