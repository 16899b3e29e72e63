"""Readers: bytes on disk → ``Document`` (text, blocks, kinds; sentences only for pre-segmented input).

- ``read_document(path, lang="auto", media_type="auto")``: plain text or HTML; blocks are classified as
  article (title, lede, heading, paragraph, list_item) or site chrome; the caller segments.
- ``read_segmented(path, lang)``: one sentence a line, blank line between paragraphs (gold sets).
"""

from __future__ import annotations

from .segmented import read_segmented

__all__ = ["read_segmented"]
