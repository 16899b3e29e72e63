"""Export a corpus store, one pair at a time (memory stays that of one pair, whatever the corpus size).

- ``tei``: a ``teiCorpus``: a corpus header, then one ``TEI`` per pair exactly as ``tei.write`` makes it, its
  ``xml:id``s and pointers prefixed by the pair (``p3.en.s1``) so ids stay unique in the one file;
- ``tmx``: one TMX for the whole corpus, ``tuid`` = ``PAIR:al.lN``;
- ``tsv`` / ``jsonl``: one link a line with the pair name in front (a ``doc`` column / key);
- ``cesalign``: one ``cesAlign`` with a ``linkGrp`` per pair (OPUS's layout for a corpus).

``min_confidence`` drops the links below it (their sentences stay in the TEI text, unlinked).  Pairs come in
name order and every timestamp is the ``date`` option or the store's last build, so an export is
reproducible from the store alone.
"""

from __future__ import annotations

import dataclasses
import io
import os
import re
from typing import IO, Iterator

from lxml import etree

from aligner.model import AlignedPair, Alignment, Link
from corpus.atomic import atomic_output
from corpus.errors import InputError
from corpus.store import Store, document_from_record
from corpus.version import __version__

from . import writer
from .chars import escape_plain
from .formats import jsonl, tmx, tsv
from .ids import language_tag, ncname
from .metadata import timestamp
from .rows import rows
from .timefmt import tmx_datetime
from .xmlout import TEI_NS, XML_NS

FORMATS = ("tei", "tmx", "tsv", "jsonl", "cesalign")
# manifest metadata key → TEI writer option
META_OPTIONS = {"title": "title", "author": "author", "translator": "translator", "date": "source_date",
                "url": "source_url", "licence": "licence", "publisher": "publisher"}


@dataclasses.dataclass
class StoredPair:
    pid: int
    name: str
    pair: AlignedPair
    meta: dict[str, str]


def stored_pairs(store: Store, min_confidence: float | None = None, date: str | None = None) -> Iterator[StoredPair]:
    run = store.last_run()
    when = date or (run and (run["finished"] or run["started"])) or None
    signatures = dict(store.db.execute("SELECT pair_id, signature FROM pair_state"))
    ok = set(store.pair_ids())
    for entry in store.pairs():
        if entry.id not in ok:
            continue
        documents = {d.side: document_from_record(d) for d in store.read_documents(entry.id)}
        links, n_src, n_tgt = [], 0, 0
        for record in store.read_links(entry.id):
            n_src += len(record.src)
            n_tgt += len(record.tgt)
            if min_confidence is None or record.confidence >= min_confidence:
                links.append(Link(record.src, record.tgt, record.confidence, record.cost, record.resp))
        signature = dict(part.split(":", 1) for part in (signatures.get(entry.id) or "").split("|") if ":" in part)
        pair = AlignedPair(documents["src"], documents["tgt"], Alignment(links, n_src, n_tgt, signature),
                           {"date": when} if when else {})
        yield StoredPair(entry.id, entry.name, pair, dict(entry.meta))


def export(store: Store, fmt: str, path: str | os.PathLike, *, min_confidence: float | None = None,
           date: str | None = None, command: str | None = None) -> int:
    """Write the corpus to *path* atomically; returns the number of pairs written."""
    if fmt not in FORMATS:
        raise InputError("--format", f"unknown corpus format {fmt!r} (known: {', '.join(FORMATS)})")
    pairs = stored_pairs(store, min_confidence, date)
    when = timestamp(date or _store_date(store))
    with atomic_output(path, "wb") as handle:
        count = WRITERS[fmt](handle, pairs, when=when, command=command, store=store)
    return count


def _store_date(store: Store) -> str | None:
    run = store.last_run()
    return run and (run["finished"] or run["started"])


def _options(item: StoredPair, when: str, command: str | None) -> dict:
    options = {option: item.meta[key] for key, option in META_OPTIONS.items() if item.meta.get(key)}
    options["date"] = when
    if command:
        options["command"] = command
    return options


# ---------------------------------------------------------------------------------------------- TEI
def _prefixed_tei(item: StoredPair, prefix: str, when: str, command: str | None) -> etree._Element:
    buffer = io.BytesIO()
    writer.write_to(buffer, item.pair, **_options(item, when, command))
    root = etree.fromstring(buffer.getvalue())
    ids = {}
    xml_id = f"{{{XML_NS}}}id"
    for element in root.iter():
        if xml_id in element.attrib:
            old = element.attrib[xml_id]
            ids[old] = f"{prefix}.{old}"
            element.attrib[xml_id] = ids[old]
    for element in root.iter():
        for name, value in element.attrib.items():
            if "#" in value and name != xml_id:
                element.attrib[name] = " ".join(
                    f"#{ids[t[1:]]}" if t.startswith("#") and t[1:] in ids else t for t in value.split(" "))
    root.set("n", item.name)
    return root


def _unique_prefix(name: str, taken: set[str]) -> str:
    """An NCName made from the pair's name (so ids do not depend on the order pairs were registered in)."""
    base = ncname(name, "pair")
    prefix, n = base, 1
    while prefix in taken:
        n += 1
        prefix = f"{base}.{n}"
    taken.add(prefix)
    return prefix


def _write_tei(handle: IO[bytes], pairs, when: str, command: str | None, store: Store) -> int:
    count = 0
    n_pairs = len(store.pair_ids())
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        with xf.element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS}):
            xf.write("\n  ")
            xf.write(_corpus_header(store, n_pairs, when, command))
            prefixes: set[str] = set()
            for item in pairs:
                xf.write("\n  ")
                xf.write(_prefixed_tei(item, _unique_prefix(item.name, prefixes), when, command))
                count += 1
            xf.write("\n")
    handle.write(b"\n")
    return count


def _corpus_header(store: Store, n_pairs: int, when: str, command: str | None) -> etree._Element:
    E = lambda tag, *children, **attrs: _el(tag, children, attrs)  # noqa: E731
    langs = store.db.execute("SELECT DISTINCT lang FROM documents ORDER BY lang").fetchall()
    name = os.path.basename(str(store.path))
    app = E("application", E("label", f"bitext {__version__}"), ident="bitext", version=_numeric_version(), when=when)
    if command:
        app.append(E("p", f"Command: {command}"))
    header = E("teiHeader",
               E("fileDesc",
                 E("titleStmt", E("title", f"Parallel corpus {name}: {n_pairs} aligned document pairs")),
                 E("extent", E("measure", f"{n_pairs} document pairs", unit="texts", quantity=str(n_pairs))),
                 E("publicationStmt", E("p", "Not published: a parallel corpus built with bitext.")),
                 E("sourceDesc", E("p", "Each TEI below describes its own source and translation."))),
               E("encodingDesc", E("appInfo", app)),
               E("profileDesc", E("langUsage", *[E("language", lang, ident=lang) for (lang,) in langs])))
    return header


def _numeric_version() -> str:
    found = re.match(r"\d+(\.\d+){0,2}", __version__)
    return found.group() if found else "0"


def _el(tag: str, children, attrs) -> etree._Element:
    element = etree.Element(f"{{{TEI_NS}}}{tag}", nsmap={None: TEI_NS})
    for key, value in attrs.items():
        element.set(key, value)
    for child in children:
        if isinstance(child, str):
            element.text = escape_plain(child)
        else:
            element.append(child)
    return element


# ---------------------------------------------------------------------------------------------- TMX
def _write_tmx(handle: IO[bytes], pairs, when: str, command: str | None, store: Store) -> int:
    src_langs = [lang for (lang,) in store.db.execute("SELECT DISTINCT src_lang FROM pairs")]
    srclang = language_tag(src_langs[0]) if len(src_langs) == 1 else "*all*"
    count = 0
    with tmx.tmx_body(handle, __version__, srclang, "bitext-corpus", tmx_datetime(when), command) as xf:
        for item in pairs:
            count += 1
            src_lang, tgt_lang = language_tag(item.pair.src.lang), language_tag(item.pair.tgt.lang)
            for row in rows(item.pair):
                if not row.aligned:
                    continue
                tmx.write_tu(xf, row, src_lang, tgt_lang, f"{item.name}:{row.id}", props=(("x-doc", item.name),))
    return count


# ---------------------------------------------------------------------------------------------- lines
def _write_tsv(handle: IO[bytes], pairs, **_) -> int:
    handle.write(("\t".join(("doc", *tsv.COLUMNS)) + "\n").encode("utf-8"))
    count = 0
    for item in pairs:
        count += 1
        for row in rows(item.pair):
            cells = (item.name, row.id, row.type, row.cert, row.link.resp, row.status, " ".join(row.src_ids),
                     " ".join(row.tgt_ids), row.src_text, row.tgt_text)
            handle.write(("\t".join(tsv.escape(c) for c in cells) + "\n").encode("utf-8", "surrogatepass"))
    return count


def _write_jsonl(handle: IO[bytes], pairs, **_) -> int:
    count = 0
    for item in pairs:
        count += 1
        for row in rows(item.pair):
            record = {"doc": item.name, "id": row.id, "type": row.type, "src_lang": item.pair.src.lang,
                      "tgt_lang": item.pair.tgt.lang, "src_ids": list(row.src_ids), "tgt_ids": list(row.tgt_ids),
                      "src": list(row.src_texts), "tgt": list(row.tgt_texts), "cert": float(row.cert),
                      "resp": row.link.resp, "status": row.status}
            handle.write((jsonl.dumps(record) + "\n").encode("utf-8"))
    return count


def _write_cesalign(handle: IO[bytes], pairs, **_) -> int:
    count = 0
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        with xf.element("cesAlign", {"version": "1.0"}):
            for item in pairs:
                count += 1
                xf.write("\n  ")
                from_doc = f"{item.name}.{item.pair.src.lang}.xml"
                to_doc = f"{item.name}.{item.pair.tgt.lang}.xml"
                with xf.element("linkGrp", {"targType": "s", "fromDoc": escape_plain(from_doc),
                                            "toDoc": escape_plain(to_doc), "id": ncname(item.name)}):
                    for row in rows(item.pair):
                        xf.write("\n    ")
                        with xf.element("link", {"id": row.id, "certainty": row.cert,
                                                 "xtargets": f"{' '.join(row.src_ids)};{' '.join(row.tgt_ids)}"}):
                            pass
                    xf.write("\n  ")
            xf.write("\n")
    handle.write(b"\n")
    return count


WRITERS = {"tei": _write_tei, "tmx": _write_tmx, "tsv": _write_tsv, "jsonl": _write_jsonl,
           "cesalign": _write_cesalign}
