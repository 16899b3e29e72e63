"""The corpus store: documents, blocks, sentences, links, QA findings and runs in one SQLite file per corpus,
with a bilingual concordance (FTS5 over both sides' text and lemma keys).

Corpus layer: plain records in, plain records out (``records``); nothing here imports aligner or tei.

- ``Store(path, create=False)``: open (and migrate) a store; ``add_pairs``, ``write_result``, ``read_*``.
- ``search.search(store, Query)``: the concordance.  ``stats.corpus_stats(store)``: counts and outliers.
"""

from .records import DocumentRecord, LinkRecord, PairResult, document_from_record, document_record
from .store import PairEntry, Store

__all__ = ["DocumentRecord", "LinkRecord", "PairEntry", "PairResult", "Store", "document_from_record",
           "document_record"]
