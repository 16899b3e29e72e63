"""Plain records the store reads and writes: a document with its blocks and sentences, and links as tuples.

The store sits in the corpus layer and never sees ``aligner`` objects: the batch builder turns an aligned pair
into a ``PairResult`` (picklable, small, cheap to send back from a worker process or a Dask task), and the
exporter turns stored rows back into documents and links.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from corpus.document import Block, Document, Sentence, Source
from corpus.terminology.tokens import tokenize


@dataclass(slots=True)
class DocumentRecord:
    side: str                       # "src" or "tgt"
    lang: str
    text: str
    path: str | None = None
    sha256: str | None = None
    encoding: str | None = None
    media_type: str | None = None
    size: int = 0
    meta: dict[str, str] = field(default_factory=dict)
    tokens: int = 0
    blocks: list[tuple[int, str, int, int, str]] = field(default_factory=list)        # idx, kind, start, end, attrs
    sentences: list[tuple[int, int, int | None, int, int]] = field(default_factory=list)  # idx, block, body, start, end
    # glossary terms: (body_idx, start, end, concept_id, term, status), offsets into text
    terms: list[tuple[int, int, int, str, str, str]] = field(default_factory=list)


@dataclass(slots=True)
class LinkRecord:
    idx: int
    src: tuple[int, ...]            # body sentence indices
    tgt: tuple[int, ...]
    confidence: float
    cost: float
    resp: str
    src_text: str
    tgt_text: str
    src_lemma: str                  # lemma keys of the words, space-separated (see lemma_keys)
    tgt_lemma: str

    @property
    def type(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass(slots=True)
class PairResult:
    """What one build step produced for one pair: documents and links, or the error that stopped it."""

    pair_id: int
    input_hash: str
    settings: str
    error: str | None = None
    signature: str | None = None
    seconds: float = 0.0
    documents: list[DocumentRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)   # (severity, message)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def n_sentences(self) -> int:
        return sum(1 for d in self.documents for s in d.sentences if s[2] is not None)


def document_record(document: Document, side: str) -> DocumentRecord:
    blocks, sentences = [], []
    body = tokens = 0
    for b, block in enumerate(document.blocks):
        blocks.append((b, block.kind, block.start, block.end, json.dumps(block.attrs, ensure_ascii=False,
                                                                          sort_keys=True)))
        for sentence in block.sentences:
            body_idx = None
            if block.is_body:
                body_idx, body = body, body + 1
                tokens += len(tokenize(sentence.text))
            sentences.append((len(sentences), b, body_idx, sentence.start, sentence.end))
    source = document.source
    return DocumentRecord(side, document.lang, document.text, source.path, source.sha256, source.encoding,
                          source.media_type, source.size, dict(document.meta), tokens, blocks, sentences)


def document_from_record(record: DocumentRecord) -> Document:
    text = record.text
    blocks = [Block(kind, start, end, text[start:end], attrs=json.loads(attrs))
              for _idx, kind, start, end, attrs in record.blocks]
    for _idx, block_idx, _body, start, end in record.sentences:
        blocks[block_idx].sentences.append(Sentence(start, end, text[start:end]))
    source = Source(record.path, record.sha256, record.encoding, record.media_type or "text/plain", record.size or 0)
    return Document(text, record.lang, blocks, source, dict(record.meta))
