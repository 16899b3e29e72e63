"""Every output format behind one call: ``write(fmt, path, pair, **options)``.

Each format lives in its own module and registers a :class:`Format`; ``FORMATS`` maps names to them.
All outputs are written atomically (``corpus.atomic``): a reader sees the old file or the complete new one.

Options (keyword arguments; a format ignores those it does not use):
  date        ISO 8601 timestamp of the run (default: the pair's run date, SOURCE_DATE_EPOCH, now)
  command     the exact command line, recorded in TEI/TMX headers
  no_chrome   TEI: leave site chrome (rubric, tagline, language switch, …) out of the header
  glossary    TEI/HTML: a corpus.terminology.Glossary whose terms are marked (<term ref="#gl.ID">) and listed
  tbx         TEI: file name of the TBX the glossary entries point into ("terms.tbx" → terms.tbx#ID)
  original, from_doc, to_doc
              XLIFF @original, cesAlign @fromDoc/@toDoc (default: the input file names)
  unaligned   TMX: "omit" (default, for translation memories) or "single" (one-tuv units, for corpora)
  title, author, publisher, source_url, source_date, licence, translation_title, translator,
  translation_publisher, translation_url, translation_date
              TEI header metadata, overriding Document.meta
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable

from aligner.model import AlignedPair
from corpus.atomic import atomic_output
from corpus.errors import InputError


@dataclass(frozen=True)
class Format:
    name: str
    extension: str          # the usual file name ending, without the dot
    description: str
    write_to: Callable[..., None] | None = None          # (binary handle, pair, **options) for one-file formats
    write_files: Callable[..., list[Path]] | None = None  # (path, pair, **options) for formats of several files

    def write(self, path: str | os.PathLike, pair: AlignedPair, **options) -> list[Path]:
        if self.write_files is not None:
            return self.write_files(Path(path), pair, **options)
        with atomic_output(path, "wb") as handle:
            self.write_to(handle, pair, **options)
        return [Path(path)]


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    FORMATS[fmt.name] = fmt
    return fmt


def write(fmt: str, path: str | os.PathLike, pair: AlignedPair, **options) -> list[Path]:
    """Write *pair* to *path* in format *fmt*; returns the files written (several for ``vertical``)."""
    if fmt not in FORMATS:
        raise InputError("--format", f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return FORMATS[fmt].write(path, pair, **options)


def text_handle(handle: IO[bytes]):
    """A UTF-8 text wrapper with \\n line ends that leaves *handle* open."""
    import io
    return io.TextIOWrapper(handle, encoding="utf-8", newline="\n", write_through=True)


from . import cesalign, html, jsonl, tei, tmx, tsv, vertical, xliff  # noqa: E402,F401  (registration)
