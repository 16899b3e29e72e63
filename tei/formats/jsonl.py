"""JSON Lines: one link a line — ids, texts (one per sentence), type, certainty, who made it, status.
Lone surrogates and line-breaking characters (U+0085, U+2028, U+2029) are written as JSON ``\\uXXXX`` escapes,
so the file is valid UTF-8, one record a line for any line splitter, and reads back exactly."""

from __future__ import annotations

import json
import re

from aligner.model import AlignedPair

from ..rows import rows
from . import Format, register, text_handle

# lone surrogates (not encodable) and the characters str.splitlines() breaks lines at (NEL, LS, PS), which
# JSON does not escape by itself: escaped so the file is valid UTF-8 and every reader sees one record a line
_ESCAPE = re.compile("[\ud800-\udfff\x85\u2028\u2029]")


def dumps(record: dict) -> str:
    line = json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def write_to(handle, pair: AlignedPair, **options) -> None:
    out = text_handle(handle)
    for row in rows(pair):
        out.write(dumps({"id": row.id, "type": row.type, "src_ids": list(row.src_ids),
                         "tgt_ids": list(row.tgt_ids), "src": list(row.src_texts), "tgt": list(row.tgt_texts),
                         "cert": float(row.cert), "resp": row.link.resp, "status": row.status}) + "\n")
    out.detach()


register(Format("jsonl", "jsonl", "JSON Lines, one link a line", write_to))
