"""OPUS XCES ``cesAlign``: ``linkGrp`` with ``link xtargets="en.s1;ru.s1 ru.s2"`` (empty side for 1-0/0-1),
``certainty`` per link, ``fromDoc``/``toDoc`` naming the TEI (or the inputs) the ids point into."""

from __future__ import annotations

from pathlib import PurePath

from aligner.model import AlignedPair
from lxml import etree

from ..chars import escape_plain
from ..rows import rows
from . import Format, register


def write_to(handle, pair: AlignedPair, **options) -> None:
    from_doc = options.get("from_doc") or PurePath(pair.src.source.path or f"{pair.src.lang}.xml").name
    to_doc = options.get("to_doc") or PurePath(pair.tgt.source.path or f"{pair.tgt.lang}.xml").name
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        with xf.element("cesAlign", {"version": "1.0"}):
            xf.write("\n  ")
            with xf.element("linkGrp", {"targType": "s", "fromDoc": escape_plain(from_doc),
                                        "toDoc": escape_plain(to_doc)}):
                for row in rows(pair):
                    xf.write("\n    ")
                    with xf.element("link", {"id": row.id, "xtargets": f"{' '.join(row.src_ids)};{' '.join(row.tgt_ids)}",
                                             "certainty": row.cert}):
                        pass
                xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")


register(Format("cesalign", "ces.xml", "OPUS XCES cesAlign sentence links", write_to))
