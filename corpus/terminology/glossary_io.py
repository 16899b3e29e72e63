"""Load a glossary from any supported file, or render one in a chosen format."""

from __future__ import annotations

import os
from pathlib import Path

from corpus.errors import InputError

from .csv_format import read_csv, write_csv
from .model import Glossary
from .tbx_format import read_tbx, write_tbx2, write_tbx3

FORMATS = ("tbx3", "tbx2", "csv")
STARTER_GLOSSARY = Path(__file__).parent / "data" / "geopolitics.en-ru.csv"


def load_glossary(path: str | os.PathLike) -> Glossary:
    """CSV/TSV or TBX (v2 or v3), chosen by extension and, failing that, by the first character."""
    path = os.fspath(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}") from None
    if head.startswith(b"PK\x03\x04"):
        raise InputError(path, "a zipped file (a spreadsheet such as .xlsx or .ods?): save the sheet as CSV (UTF-8)")
    suffix = Path(path).suffix.lower()
    if suffix in (".tbx", ".xml"):
        return read_tbx(path)
    if suffix in (".csv", ".tsv", ".tab", ".txt"):
        return read_csv(path)
    return read_tbx(path) if head.startswith(b"<") else read_csv(path)


def render_glossary(glossary: Glossary, fmt: str, source: str | None = None) -> bytes:
    if fmt == "tbx3":
        return write_tbx3(glossary, source)
    if fmt == "tbx2":
        return write_tbx2(glossary, source)
    if fmt == "csv":
        return write_csv(glossary).encode("utf-8")
    raise ValueError(f"unknown glossary format {fmt!r}")
