"""Corpus statistics: documents, sentences, tokens, link types, the confidence distribution, and the pairs
that stand out (outliers by robust z-score, so one strange pair cannot hide itself by moving the mean)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from .store import Store

CONFIDENCE_BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)
OUTLIER_Z = 3.5   # Iglewicz–Hoaglin's cut-off for the modified z-score


@dataclass
class PairFigures:
    name: str
    src_sentences: int
    tgt_sentences: int
    links: int
    unaligned: int
    mean_confidence: float

    @property
    def ratio(self) -> float:
        return self.tgt_sentences / self.src_sentences if self.src_sentences else 0.0


@dataclass
class Stats:
    pairs: int = 0
    built: int = 0
    failed: int = 0
    documents: dict[str, int] = field(default_factory=dict)    # lang → documents
    sentences: dict[str, int] = field(default_factory=dict)    # lang → body sentences
    tokens: dict[str, int] = field(default_factory=dict)       # lang → word tokens
    link_types: list[tuple[str, int]] = field(default_factory=list)
    confidence: list[tuple[str, int]] = field(default_factory=list)
    links: int = 0
    outliers: list[tuple[str, str]] = field(default_factory=list)   # (pair, why)
    terms: list[tuple[str, str, int]] = field(default_factory=list)  # (concept, lang, occurrences), most first


def corpus_stats(store: Store) -> Stats:
    db = store.db
    out = Stats()
    out.pairs = db.execute("SELECT COUNT(*) FROM pairs").fetchone()[0]
    out.built = db.execute("SELECT COUNT(*) FROM pair_state WHERE status = 'ok'").fetchone()[0]
    out.failed = db.execute("SELECT COUNT(*) FROM pair_state WHERE status = 'failed'").fetchone()[0]
    for lang, docs, tokens in db.execute("SELECT lang, COUNT(*), SUM(tokens) FROM documents GROUP BY lang ORDER BY lang"):
        out.documents[lang], out.tokens[lang] = docs, tokens or 0
    for lang, n in db.execute("SELECT d.lang, COUNT(*) FROM sentences s JOIN documents d ON d.id = s.document_id "
                              "WHERE s.body_idx IS NOT NULL GROUP BY d.lang ORDER BY d.lang"):
        out.sentences[lang] = n
    out.link_types = db.execute("SELECT type, COUNT(*) FROM links GROUP BY type ORDER BY COUNT(*) DESC, type").fetchall()
    out.links = sum(n for _, n in out.link_types)
    bins = [0] * (len(CONFIDENCE_BINS) - 1)
    for (confidence,) in db.execute("SELECT confidence FROM links"):
        for b in range(len(bins)):
            if confidence < CONFIDENCE_BINS[b + 1]:
                bins[b] += 1
                break
    out.confidence = [(f"{CONFIDENCE_BINS[b]:.1f}–{min(CONFIDENCE_BINS[b + 1], 1.0):.1f}", n) for b, n in enumerate(bins)]
    out.outliers = outliers(pair_figures(store))
    out.terms = db.execute("SELECT t.concept_id, d.lang, COUNT(*) FROM terms t JOIN documents d ON d.id = t.document_id "
                           "GROUP BY t.concept_id, d.lang ORDER BY COUNT(*) DESC, t.concept_id, d.lang").fetchall()
    return out


def pair_figures(store: Store) -> list[PairFigures]:
    rows = store.db.execute("""
        SELECT p.name,
               COALESCE(SUM(l.src_count), 0), COALESCE(SUM(l.tgt_count), 0), COUNT(l.id),
               COALESCE(SUM(l.src_count = 0 OR l.tgt_count = 0), 0), COALESCE(AVG(l.confidence), 0)
        FROM pairs p JOIN pair_state s ON s.pair_id = p.id AND s.status = 'ok'
        LEFT JOIN links l ON l.pair_id = p.id
        GROUP BY p.id ORDER BY p.name""").fetchall()
    return [PairFigures(*row) for row in rows]


def _modified_z(values: list[float]) -> list[float]:
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    if mad == 0:
        return [0.0] * len(values)
    return [0.6745 * (v - median) / mad for v in values]


def outliers(figures: list[PairFigures]) -> list[tuple[str, str]]:
    """Pairs whose sentence ratio, unaligned share or mean confidence is far from the corpus's."""
    if len(figures) < 5:
        return []
    found = []
    measures = (("sentence ratio tgt/src", [f.ratio for f in figures]),
                ("unaligned share", [f.unaligned / f.links if f.links else 1.0 for f in figures]),
                ("mean confidence", [f.mean_confidence for f in figures]))
    for label, values in measures:
        for figure, value, z in zip(figures, values, _modified_z(values)):
            if abs(z) > OUTLIER_Z:
                found.append((figure.name, f"{label} {value:.2f} (z = {z:+.1f})"))
    return sorted(found)
