"""XLIFF 2.1 for review round-trips: one ``unit`` per link (``unit/@id`` = the TEI link id).

``segment/@state`` mirrors the link's review status: ``translated`` for a link the tool made, ``reviewed``
for one a person made or checked.  A note in each unit tells the reviewer the link type, certainty and
sentence ids.  Unaligned sentences are units with an empty side, so a reviewer can move them into a
neighbouring unit; ``bitext import-review`` (``tei.review``) reads the file back.  Characters XML cannot
carry are XLIFF's own ``<cp hex="0007"/>``.  With terms (the ``glossary`` option, or a TEI read with its term
layer), each unit lists the glossary entries of its source in XLIFF's glossary module (``gls:glossary``).
"""

from __future__ import annotations

from pathlib import PurePath

from aligner.model import AlignedPair
from lxml import etree

from ..chars import split_forbidden
from ..metadata import with_language_tags
from ..rows import rows
from ..terms import term_layer
from . import Format, register

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
GLS_NS = "urn:oasis:names:tc:xliff:glossary:2.0"
STATE = {"aligned": "translated", "reviewed": "reviewed"}


def write_to(handle, pair: AlignedPair, **options) -> None:
    q = lambda tag: f"{{{XLIFF_NS}}}{tag}"  # noqa: E731
    original = options.get("original") or pair.src.meta.get("title") or PurePath(pair.src.source.path or "source").name
    pair = with_language_tags(pair)
    terms = term_layer(pair, options)
    entry_of = {entry.concept_id: entry for entry in terms.entries}
    nsmap = {None: XLIFF_NS, "gls": GLS_NS} if terms.entries else {None: XLIFF_NS}
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        with xf.element(q("xliff"), {"version": "2.1", "srcLang": pair.src.lang, "trgLang": pair.tgt.lang},
                        nsmap=nsmap):
            xf.write("\n  ")
            with xf.element(q("file"), {"id": "f1", "original": _plain(original)}):
                for row in rows(pair):
                    xf.write("\n    ")
                    with xf.element(q("unit"), {"id": row.id}):
                        entries = _unit_entries(row, terms, entry_of)
                        if entries:
                            xf.write("\n      ")
                            _glossary(xf, entries)
                        xf.write("\n      ")
                        with xf.element(q("notes")):
                            with xf.element(q("note"), {"category": "bitext-link"}):
                                xf.write(f"{row.type} link, certainty {row.cert}, by {_plain(row.link.resp)}: "
                                         f"{' '.join(row.src_ids) or '(none)'} → {' '.join(row.tgt_ids) or '(none)'}")
                        xf.write("\n      ")
                        first = (row.src_ids or row.tgt_ids)[0]
                        with xf.element(q("segment"), {"id": first, "state": STATE[row.status]}):
                            xf.write("\n        ")
                            with xf.element(q("source"), {"xml:space": "preserve"}):
                                _text(xf, q, row.src_text)
                            xf.write("\n        ")
                            with xf.element(q("target"), {"xml:space": "preserve"}):
                                _text(xf, q, row.tgt_text)
                            xf.write("\n      ")
                        xf.write("\n    ")
                xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")


def _unit_entries(row, terms, entry_of) -> list:
    """Glossary entries for the concepts found in the unit's source sentences, in order of first mention."""
    seen: dict[str, None] = {}
    for index in row.link.src:
        for span in terms.spans[0].get(index, ()):
            seen.setdefault(span.concept_id, None)
    return [entry_of[c] for c in seen if c in entry_of]


def _glossary(xf, entries) -> None:
    """XLIFF 2's glossary module: the reviewer sees each term and its approved translation in the unit."""
    g = lambda tag: f"{{{GLS_NS}}}{tag}"  # noqa: E731
    with xf.element(g("glossary")):
        for entry in entries:
            with xf.element(g("glossEntry")):
                with xf.element(g("term"), {"source": entry.tbx} if entry.tbx else {}):
                    xf.write(_plain(entry.src_label))
                if entry.tgt_label is not None:
                    with xf.element(g("translation")):
                        xf.write(_plain(entry.tgt_label))


def _plain(text: str) -> str:
    return "".join("\ufffd" if forbidden else piece for forbidden, piece in split_forbidden(text))


def _text(xf, q, text: str) -> None:
    for forbidden, piece in split_forbidden(text):
        if forbidden:
            with xf.element(q("cp"), {"hex": f"{ord(piece):04X}"}):
                pass
        else:
            xf.write(piece)


register(Format("xliff", "xlf", "XLIFF 2.1 for review in a CAT tool, one unit per link", write_to))
