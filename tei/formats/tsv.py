"""TSV: a header line, then one link a line: id, type, certainty, resp, status, source ids, target ids,
source text, target text.  Ids within a cell are space-separated; a side of several sentences is one text
(``corpus.document.JoinedSentences``: a space between them, none in Chinese and Japanese).  Backslash, tab,
line feed and carriage return in text are written ``\\\\``, ``\\t``, ``\\n``, ``\\r`` (so every link stays on
one line); lone surrogates and U+0085, U+2028, U+2029 as ``\\uXXXX``."""

from __future__ import annotations

import re

from aligner.model import AlignedPair

from ..rows import rows
from . import Format, register, text_handle

COLUMNS = ("id", "type", "cert", "resp", "status", "src_ids", "tgt_ids", "src", "tgt")
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_SPECIAL = re.compile(r"[\\\t\n\r\x85\u2028\u2029\ud800-\udfff]")


def escape(text: str) -> str:
    return _SPECIAL.sub(lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", text)


def write_to(handle, pair: AlignedPair, **options) -> None:
    out = text_handle(handle)
    out.write("\t".join(COLUMNS) + "\n")
    for row in rows(pair):
        cells = (row.id, row.type, row.cert, row.link.resp, row.status, " ".join(row.src_ids),
                 " ".join(row.tgt_ids), row.src_text, row.tgt_text)
        out.write("\t".join(escape(cell) for cell in cells) + "\n")
    out.detach()


register(Format("tsv", "tsv", "tab-separated, one link a line", write_to))
