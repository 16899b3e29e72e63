"""Pre-segmented text: one sentence a line, a blank line between paragraphs (how gold sets are given).

Each run of non-blank lines becomes one ``paragraph`` block whose sentences are already filled, one per line,
so sentence indices in document order count the non-blank lines from 0 — the indices gold alignments use.
"""

from __future__ import annotations

import os

from ..document import Block, Document, Sentence
from .encoding import decode_file


def _line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line without its newline, including blank ones."""
    spans = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end == -1:
            end = len(text)
        spans.append((start, end))
        start = end + 1
    return spans


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def segmented_document(text: str, lang: str) -> Document:
    """Build the Document for already decoded pre-segmented *text*."""
    doc = Document(text=text, lang=lang)
    current: list[Sentence] = []

    def close() -> None:
        if current:
            start, end = current[0].start, current[-1].end
            doc.blocks.append(Block("paragraph", start, end, text[start:end], sentences=list(current)))
            current.clear()

    for line_start, line_end in _line_spans(text):
        start, end = _strip_span(text, line_start, line_end)
        if start == end:
            close()
        else:
            current.append(Sentence(start, end, text[start:end]))
    close()
    return doc


def read_segmented(path: str | os.PathLike, lang: str = "auto") -> Document:
    """Read a one-sentence-a-line file; ``lang="auto"`` detects the language from the text."""
    decoded = decode_file(path)
    if lang == "auto":
        from ..langid import detect

        lang = detect(decoded.text)
    doc = segmented_document(decoded.text, lang)
    doc.source = decoded.source
    from ..metadata import read_meta

    doc.meta = read_meta(path)
    return doc
