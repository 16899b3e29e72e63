"""Readers: bytes on disk → ``Document`` (text, blocks, kinds; sentences only for pre-segmented input).

- ``read_document(path, lang="auto", media_type="auto")``: plain text or HTML; blocks are classified as
  article (title, lede, heading, paragraph, list_item) or site chrome (see ``chrome.py``); the caller
  segments.
- ``read_segmented(path, lang)``: one sentence a line, blank line between paragraphs (gold sets).
- ``document_from_text(text, lang, media_type)``: the same as ``read_document`` for text in memory.

Decoding (``encoding.py``) accepts UTF-8 (± BOM), UTF-16 with BOM, cp1251 and koi8-r and refuses the rest
with ``InputError``.  Metadata comes from an ``X.meta.json`` sidecar (``corpus.metadata``).
"""

from __future__ import annotations

from .reader import document_from_text, read_document
from .segmented import read_segmented

__all__ = ["document_from_text", "read_document", "read_segmented"]
