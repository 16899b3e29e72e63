"""Reading dictd dictionaries (Debian's ``dict-*`` packages, ``/usr/share/dictd``): an index of
``headword<TAB>offset<TAB>length`` (offsets in base64 digits) and a gzip'd body.  Read at run time only:
the dictionaries keep their own licences and are never copied into the repository."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Iterator

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B64_VALUE = {c: i for i, c in enumerate(B64)}


def b64_number(text: str) -> int:
    value = 0
    for c in text:
        value = value * 64 + B64_VALUE[c]
    return value


def body_path(index_path: Path) -> Path:
    """The file holding the entries of the dictionary whose index is *index_path* (gzip'd, or plain)."""
    packed = index_path.with_suffix(".dict.dz")
    return packed if packed.exists() else index_path.with_suffix(".dict")


def entries(index_path: Path) -> Iterator[tuple[str, str]]:
    """(headword, entry text) for every entry, skipping dictd's ``00database…`` metadata entries."""
    path = body_path(index_path)
    opener = gzip.open if path.suffix == ".dz" else open
    with opener(path, "rb") as f:
        body = f.read()
    with open(index_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].startswith("00database") or parts[0].startswith("00-database"):
                continue
            start, length = b64_number(parts[1]), b64_number(parts[2])
            yield parts[0], body[start:start + length].decode("utf-8", errors="replace")
