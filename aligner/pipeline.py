"""Two files in, one ``AlignedPair`` out: read → segment → align, the library form of ``bitext align``.

Every caller that aligns whole documents (the CLI, the checker, the corpus builder) goes through here, so the
data flows reader → document → segmenter → scorer → search in one place.
"""

from __future__ import annotations

import os
from typing import Callable

from corpus.document import Document
from corpus.errors import InputError
from corpus.readers import read_document, read_segmented
from corpus.readers.encoding import normalise_newlines
from corpus.segment import describe, segment_document

from .align import Aligner
from .model import AlignedPair


def load_document(path: str | os.PathLike, lang: str = "auto", segmented: bool = False) -> Document:
    """Read one side: pre-segmented (one sentence a line) or raw text/HTML that the segmenter splits."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a directory, expected a text file")
    blank = _blank_text(path)
    if blank is not None:
        # An empty side is still a side: its partner's sentences all become 1-0/0-1 links.  A file of nothing
        # but whitespace (or a lone byte-order mark) is as empty as one of 0 bytes.
        return Document(text=blank, lang=lang if lang != "auto" else "und")
    if segmented:
        return read_segmented(path, lang)
    return segment_document(read_document(path, lang))


BLANK_PROBE = 1 << 16   # a longer file is not read twice just to learn it is blank (the reader still refuses it)


def _blank_text(path: str) -> str | None:
    """The text of a file that holds no sentences at all — 0 bytes, or only whitespace after an optional UTF-8
    byte-order mark — or None."""
    size = os.path.getsize(path)
    if size == 0:
        return ""
    if size > BLANK_PROBE:
        return None
    with open(path, "rb") as handle:
        data = handle.read()
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if body.strip(b" \t\r\n\f\v"):
        return None
    return normalise_newlines(body.decode("ascii"))   # as the reader keeps every text


def body_sentences(doc: Document) -> tuple[list[str], list[int]]:
    """Body sentences in order, with the index of the block (paragraph) each comes from."""
    texts, paragraphs = [], []
    for block_index, _block, sentence in doc.sentences(body_only=True):
        texts.append(sentence.text)
        paragraphs.append(block_index)
    return texts, paragraphs


def segmenter_name(src: Document, tgt: Document, segmented: bool = False) -> str:
    return "given" if segmented else f"{describe(src.lang)}+{describe(tgt.lang)}"


def align_documents(src: Document, tgt: Document, *, aligner: Aligner | None = None, segmented: bool = False,
                    run: dict[str, str] | None = None, progress: Callable[[str], None] | None = None,
                    **options) -> AlignedPair:
    """Align the body sentences of two documents. ``options`` go to ``Aligner`` (encoder, max_link,
    paragraphs, lexical, cache, weights) when no ready ``aligner`` is given."""
    aligner = aligner or Aligner(src.lang, tgt.lang, progress=progress, **options)
    src_sents, src_pars = body_sentences(src)
    tgt_sents, tgt_pars = body_sentences(tgt)
    alignment = aligner.align(src_sents, tgt_sents, src_pars, tgt_pars)
    alignment.signature["seg"] = segmenter_name(src, tgt, segmented)
    return AlignedPair(src, tgt, alignment, dict(run or {}))


def align_files(src_path: str | os.PathLike, tgt_path: str | os.PathLike, *, src_lang: str = "auto",
                tgt_lang: str = "auto", segmented: bool = False, **options) -> AlignedPair:
    return align_documents(load_document(src_path, src_lang, segmented), load_document(tgt_path, tgt_lang, segmented),
                           segmented=segmented, **options)
