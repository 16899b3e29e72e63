"""Segment a ``Document``: sentences for each block, offsets into ``Document.text``."""

from __future__ import annotations

from corpus.document import Document, Sentence


def segment_document(doc: Document, body_only: bool = True) -> Document:
    """Fill ``block.sentences`` for every body block (every block when ``body_only`` is false), using
    ``doc.lang``.  Line breaks inside a block are judged by the rules like any other candidate: a line that
    ends without a stop is a boundary when the next line starts like a sentence or a list item."""
    from . import segmenter  # the package's registry; imported here to avoid a cycle

    rules = segmenter(doc.lang)
    for block in doc.blocks:
        if body_only and not block.is_body:
            continue
        block.sentences = [
            Sentence(block.start + start, block.start + end, block.text[start:end])
            for start, end in rules.split(block.text)
        ]
    return doc
