"""What the writers know about a pair besides its text: bibliographic metadata and the run that made it.

Metadata comes from ``Document.meta`` (a reader fills it, e.g. from a ``*.meta.json`` next to the input) and
may be overridden by writer options, which the CLI maps one to one from ``--title``, ``--author``, …
"""

from __future__ import annotations

import dataclasses
import os
import re
from datetime import datetime, timezone
from pathlib import PurePath

from aligner.model import AlignedPair
from corpus.document import Document
from corpus.errors import InputError
from corpus.version import __version__

from .ids import language_tag

# writer option → (side, Document.meta key)
META_OPTIONS = {
    "title": ("src", "title"),
    "author": ("src", "author"),
    "publisher": ("src", "publisher"),
    "source_url": ("src", "url"),
    "source_date": ("src", "date"),
    "licence": ("src", "licence"),
    "translation_title": ("tgt", "title"),
    "translator": ("tgt", "translator"),
    "translation_publisher": ("tgt", "publisher"),
    "translation_url": ("tgt", "url"),
    "translation_date": ("tgt", "date"),
}
_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?")


def with_language_tags(pair: AlignedPair) -> AlignedPair:
    """A copy of *pair* whose documents' languages are valid tags (the same pair if they already are)."""
    src, tgt = language_tag(pair.src.lang), language_tag(pair.tgt.lang)
    if (src, tgt) == (pair.src.lang, pair.tgt.lang):
        return pair
    return dataclasses.replace(pair, src=dataclasses.replace(pair.src, lang=src),
                               tgt=dataclasses.replace(pair.tgt, lang=tgt))


def is_iso_date(text: str | None) -> bool:
    return bool(text) and _ISO.fullmatch(text) is not None


def with_metadata(pair: AlignedPair, options: dict) -> AlignedPair:
    """A copy of *pair* whose documents' meta carry the metadata options (the input is not changed)."""
    updates: dict[str, dict[str, str]] = {"src": {}, "tgt": {}}
    for option, (side, key) in META_OPTIONS.items():
        if options.get(option):
            updates[side][key] = str(options[option])
    if not updates["src"] and not updates["tgt"]:
        return pair
    src = dataclasses.replace(pair.src, meta={**pair.src.meta, **updates["src"]})
    tgt = dataclasses.replace(pair.tgt, meta={**pair.tgt.meta, **updates["tgt"]})
    return dataclasses.replace(pair, src=src, tgt=tgt)


def run_date(pair: AlignedPair, options: dict) -> str:
    """The run's timestamp: ``date`` option, else the pair's run, else ``SOURCE_DATE_EPOCH``, else now (UTC)."""
    return timestamp(options.get("date") or pair.run.get("date"))


def timestamp(given: str | None = None) -> str:
    """*given* if set (checked to be ISO 8601), else ``SOURCE_DATE_EPOCH``, else now, as ``…T…Z`` in UTC."""
    if given:
        if not is_iso_date(str(given)):
            raise InputError("--date", f"not an ISO 8601 date or date-time: {given!r}")
        return str(given)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError):
            raise InputError("SOURCE_DATE_EPOCH", f"not a Unix timestamp: {epoch!r}") from None
    else:
        moment = datetime.now(tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def tool_version(pair: AlignedPair) -> str:
    return pair.run.get("version") or __version__


def title_of(document: Document) -> str:
    """The document's title: its metadata, else its title block, else its file name."""
    if document.meta.get("title"):
        return document.meta["title"]
    for block in document.blocks:
        if block.kind == "title" and block.text.strip():
            return " ".join(block.text.split())
    if document.source.path:
        return PurePath(document.source.path).name
    return "Untitled"
