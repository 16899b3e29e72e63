"""Sketch Engine / NoSketchEngine and CWB vertical files: one per language, plus the alignment mapping.

``write("vertical", "out/pair.align", pair)`` writes ``out/pair.align`` (the mapping) and, next to it,
``out/pair.<side>.vert`` for each language (``<side>`` is the TEI id prefix, e.g. ``en``, ``ru``).

Vertical: ``<doc>`` / ``<p>`` / ``<s id="en.s1">`` structures, one token a line (a token is a run of
non-space characters with leading and trailing punctuation split off; combining marks stay with their
letter).  ``&``, ``<`` and ``>`` are written as XML entities, as ``cwb-encode -x`` and Sketch Engine expect.
Mapping: one line per link, ``<source range>\\t<target range>``, a range being ``i`` or ``i,j`` (0-based
``s`` numbers, inclusive) and ``-1`` for an empty side — Sketch Engine's m:n mapping file (Manatee ≥ 2.67;
the aligning structure is ``s``, so the corpora's configuration says ``ALIGNSTRUCT "s"``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterator

from aligner.model import AlignedPair
from corpus.atomic import atomic_output
from corpus.document import Document

from ..chars import escape_plain
from ..ids import sentence_id, side_prefixes
from ..metadata import title_of
from . import Format, register


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def tokens(text: str) -> Iterator[str]:
    for chunk in text.split():
        start, end = 0, len(chunk)
        lead, trail = [], []
        while start < end and _is_punct(chunk[start]):
            lead.append(chunk[start])
            start += 1
        while end > start and _is_punct(chunk[end - 1]):
            trail.append(chunk[end - 1])
            end -= 1
        yield from lead
        if start < end:
            yield chunk[start:end]
        yield from reversed(trail)


def _xml(text: str) -> str:
    return escape_plain(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    return _xml(" ".join(text.split())).replace('"', "&quot;")


def vertical(document: Document, prefix: str) -> Iterator[str]:
    yield f'<doc id="{prefix}" lang="{_attr(document.lang)}" title="{_attr(title_of(document))}">\n'
    n_sentence = n_block = 0
    for block in document.body_blocks():
        if not block.sentences:
            continue
        n_block += 1
        yield f'<p id="{prefix}.p{n_block}" type="{block.kind}">\n'
        for sentence in block.sentences:
            yield f'<s id="{sentence_id(prefix, n_sentence)}">\n'
            n_sentence += 1
            for token in tokens(sentence.text):
                yield _xml(token) + "\n"
            yield "</s>\n"
        yield "</p>\n"
    yield "</doc>\n"


def _range(indices: tuple[int, ...]) -> str:
    if not indices:
        return "-1"
    return str(indices[0]) if len(indices) == 1 else f"{indices[0]},{indices[-1]}"


def write_files(path: Path, pair: AlignedPair, **options) -> list[Path]:
    prefixes = side_prefixes(pair.src.lang, pair.tgt.lang)
    stem = path.with_suffix("") if path.suffix else path
    written = []
    for document, prefix in ((pair.src, prefixes[0]), (pair.tgt, prefixes[1])):
        target = stem.with_name(f"{stem.name}.{prefix}.vert")
        with atomic_output(target, "w") as out:
            out.writelines(vertical(document, prefix))
        written.append(target)
    with atomic_output(path, "w") as out:
        for link in pair.alignment.links:
            out.write(f"{_range(link.src)}\t{_range(link.tgt)}\n")
    return [path, *written]


register(Format("vertical", "align", "Sketch Engine/CWB vertical files per language and an alignment mapping",
                write_files=write_files))
