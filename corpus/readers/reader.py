"""``read_document``: a file → a Document with classified blocks (no sentences yet; the caller segments)."""

from __future__ import annotations

import os
from pathlib import Path

from ..document import Block, Document, Source
from ..errors import InputError
from ..langid import detect
from ..metadata import read_meta
from .chrome import Candidate, classify, is_language_menu_entry
from .encoding import decode_file
from .html import html_candidates, looks_like_html
from .plain import plain_candidates

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
MEDIA_TYPES = ("auto", "text/plain", "text/html")


def _blocks(candidates: list[Candidate]) -> list[Block]:
    return [
        Block(kind, c.start, c.end, c.text, attrs=attrs)
        for c, (kind, attrs) in zip(candidates, classify(candidates))
    ]


def _guess_lang(doc: Document) -> str:
    body = "\n".join(b.text for b in doc.body_blocks()) or doc.text
    return detect(body)


def document_from_text(text: str, lang: str = "auto", media_type: str = "text/plain",
                       source: Source | None = None) -> Document:
    """Build a Document from already decoded *text* (plain text or HTML markup)."""
    if media_type == "text/html":
        extracted, candidates, facts = html_candidates(text)
        doc = Document(text=extracted, lang=lang, blocks=_blocks(candidates))
        doc.meta = {key: value for key, value in facts.items() if key.startswith("html.")}
        if lang == "auto" and facts.get("lang"):
            doc.lang = facts["lang"]
    else:
        doc = Document(text=text, lang=lang, blocks=_blocks(plain_candidates(text)))
    if doc.lang == "auto":
        doc.lang = _guess_lang(doc)
    for block in doc.blocks:
        if block.kind == "language_switch" and is_language_menu_entry(block.attrs, doc.lang):
            block.kind = "navigation"
    if source is not None:
        doc.source = source
    return doc


def read_document(path: str | os.PathLike, lang: str = "auto", media_type: str = "auto") -> Document:
    """Read plain text or HTML at *path*; ``lang`` and ``media_type`` are detected when ``"auto"``."""
    if media_type not in MEDIA_TYPES:
        raise InputError(path, f"unknown media type {media_type!r} (use one of {', '.join(MEDIA_TYPES)})")
    decoded = decode_file(path)
    if media_type == "auto":
        html = Path(path).suffix.lower() in HTML_SUFFIXES or looks_like_html(decoded.text)
        media_type = "text/html" if html else "text/plain"
    decoded.source.media_type = media_type
    doc = document_from_text(decoded.text, lang, media_type, decoded.source)
    if not doc.text.strip():
        raise InputError(path, "no text found in the document")
    doc.meta.update(read_meta(path))   # the sidecar's word beats what the page says about itself
    return doc
