"""TMX 1.4 (LISA OSCAR), valid against tmx14.dtd: one ``tu`` per link, ``tuid`` = the TEI link id.

An n-m side is its sentences as one text (a space between them, none in Chinese and Japanese or where the text
had none: ``corpus.document.JoinedSentences``) with their ids in ``<prop type="x-ids">``; link type,
certainty, who made it and review status are ``prop``s.  Unaligned sentences (``unaligned`` option):
``omit`` (default; a translation memory wants pairs) or ``single`` (a one-``tuv`` unit; corpora keep them).
Characters XML cannot carry are written as visible ``\\uXXXX`` escapes (TMX has no element for them).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from aligner.model import AlignedPair
from corpus.errors import InputError
from lxml import etree

from ..chars import escape_plain
from ..metadata import run_date, tool_version, with_language_tags
from ..rows import rows
from ..timefmt import tmx_datetime
from . import Format, register

UNALIGNED = ("omit", "single")


def write_to(handle, pair: AlignedPair, unaligned: str = "omit", **options) -> None:
    if unaligned not in UNALIGNED:
        raise InputError("--unaligned", f"must be one of {', '.join(UNALIGNED)}, not {unaligned!r}")
    pair = with_language_tags(pair)
    command = options.get("command") or pair.run.get("command")
    with tmx_body(handle, tool_version(pair), pair.src.lang, "bitext-tei", tmx_datetime(run_date(pair, options)),
                  command) as xf:
        for row in rows(pair):
            if not row.aligned and unaligned == "omit":
                continue
            # a target-only unit names its own source language (TMX: tu/@srclang overrides the header's)
            write_tu(xf, row, pair.src.lang, pair.tgt.lang, row.id, {} if row.src_ids else {"srclang": pair.tgt.lang})


@contextmanager
def tmx_body(handle, version: str, srclang: str, o_tmf: str, date: str, command: str | None) -> Iterator:
    """Write the TMX 1.4 prolog, root and header (the seven attributes 1.4 requires, and the command as a
    ``prop``), and yield the ``xmlfile`` writer inside ``body``; the pair and the corpus writers share it."""
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n')
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        with xf.element("tmx", {"version": "1.4"}):
            xf.write("\n  ")
            header = {"creationtool": "bitext", "creationtoolversion": version, "datatype": "plaintext",
                      "segtype": "sentence", "adminlang": "en", "srclang": srclang, "o-tmf": o_tmf,
                      "creationdate": date}
            with xf.element("header", header):
                if command:
                    xf.write("\n    ")
                    _prop(xf, "x-command", command)
                xf.write("\n  ")
            xf.write("\n  ")
            with xf.element("body"):
                yield xf
                xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")


def write_tu(xf, row, src_lang: str, tgt_lang: str, tuid: str, attrs: dict[str, str] | None = None,
             props: tuple[tuple[str, str], ...] = ()) -> None:
    """One ``tu`` for a link row: its metadata as ``prop``s, then one ``tuv`` per non-empty side."""
    xf.write("\n    ")
    with xf.element("tu", {"tuid": tuid, **(attrs or {})}):
        for name, value in (*props, ("x-link-type", row.type), ("x-cert", row.cert),
                            ("x-resp", row.link.resp), ("x-status", row.status)):
            xf.write("\n      ")
            _prop(xf, name, value)
        for lang, ids, text in ((src_lang, row.src_ids, row.src_text), (tgt_lang, row.tgt_ids, row.tgt_text)):
            if not ids:
                continue
            xf.write("\n      ")
            with xf.element("tuv", {"xml:lang": lang}):
                _prop(xf, "x-ids", " ".join(ids))
                with xf.element("seg"):
                    xf.write(escape_plain(text))
        xf.write("\n    ")


def _prop(xf, kind: str, value: str) -> None:
    with xf.element("prop", {"type": kind}):
        xf.write(escape_plain(value))


register(Format("tmx", "tmx", "TMX 1.4 translation memory, one tu per link", write_to))
