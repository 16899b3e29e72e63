"""The ``teiHeader`` of an aligned pair, as a small Node tree (see ``FORMATS.md`` and the annotated example).

Everything here is derived from the pair and the options alone, so the same input gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from aligner.model import AlignedPair
from corpus.document import Document

from .ids import APP_ID, TOOL_RESP, PersonIds, bibl_id
from .languages import language_name
from .metadata import is_iso_date, title_of, tool_version
from .xmlout import E, Node

HEADER_LANG = "en"   # the language of the prose bitext writes into headers
SEGMENTATION_NOTE = (
    "Sentences are marked with s; each has an xml:id of the form LANG.sN, N counting the body sentences of "
    "a language version from 1 in document order (stable across re-runs when the input text is unchanged). "
    "The text between sentences is kept as it was, so each block's text can be rebuilt exactly. "
    'Characters XML cannot carry are kept as g elements (type="ctrl", n="U+XXXX").'
)
# run keys with a place of their own in the header; any other string-valued key goes to <p n="run">
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_RUN_KEYS = ("command", "date", "version", "revisions", "reviewers")
# Document.meta keys with an element of their own in a bibl; others become <note type="meta" n="key">
BIBL_KEYS = ("title", "author", "translator", "publisher", "date", "url", "licence")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _date(when: str | None, text: str | None = None) -> Node | None:
    if not (when or text):
        return None
    return E("date", {"when": when if is_iso_date(when) else None}, text or when)


def bibl(document: Document, prefix: str, role: str, original_id: str | None) -> Node:
    meta = document.meta
    node = E("bibl", {"xml:id": bibl_id(prefix), "type": role, "xml:lang": document.lang,
                      "corresp": f"#{original_id}" if original_id else None})
    node.add(E("title", {}, title_of(document)))
    if meta.get("author"):
        node.add(E("author", {}, meta["author"]))
    if meta.get("translator"):
        node.add(E("editor", {"role": "translator"}, meta["translator"]))
    if meta.get("publisher"):
        node.add(E("publisher", {}, meta["publisher"]))
    node.add(_date(meta.get("date"), meta.get("date")))
    if meta.get("url"):
        node.add(E("ptr", {"target": meta["url"]}))
    source = document.source
    if source.sha256:
        node.add(E("idno", {"type": "sha256"}, source.sha256))
    if source.path:
        node.add(E("idno", {"type": "filename"}, PurePath(source.path).name))
    if source.size:
        node.add(E("extent", {}, E("measure", {"unit": "bytes", "quantity": str(source.size)}, f"{source.size} bytes")))
    fmt = source.media_type + (f"; charset={source.encoding}" if source.encoding else "")
    node.add(E("note", {"type": "input-format"}, fmt))
    if meta.get("licence"):
        node.add(E("availability", {}, E("licence", {}, meta["licence"])))
    for key, value in meta.items():
        if key not in BIBL_KEYS and isinstance(value, str):
            node.add(E("note", {"type": "meta", "n": key}, value))
    return node


def chrome_notes(document: Document, prefix: str, other: Document, other_prefix: str) -> list[Node]:
    """Site chrome around the article (rubric, tagline, language switch, …), in reading order, with its
    position among the document's blocks in ``@n`` so a reader can put it back where it was.  A language
    switch also gives a ``relatedItem``: to its address, or — when it has none but names the other
    document's language — to that document's ``bibl`` in this very file."""
    notes: list[Node] = []
    for index, block in enumerate(document.blocks):
        if block.is_body:
            continue
        attrs = dict(block.attrs)
        # href and lang become @target/@targetLang where TEI's datatypes take them; otherwise (empty href,
        # odd language tag) they go with the other attributes into nested notes, so nothing is lost
        href = attrs.pop("href") if attrs.get("href") else None
        lang = attrs.pop("lang") if LANGUAGE_TAG.fullmatch(attrs.get("lang") or "") else None
        note = E("note", {"type": block.kind, "n": str(index), "xml:lang": document.lang,
                          "corresp": f"#{bibl_id(prefix)}", "target": href, "targetLang": lang}, block.text)
        for key in sorted(attrs):
            note.add(E("note", {"type": "attr", "n": key}, attrs[key]))
        notes.append(note)
        if block.kind == "language_switch":
            target = block.attrs.get("href") or (
                f"#{bibl_id(other_prefix)}" if block.attrs.get("lang") == other.lang else None)
            if target:
                notes.append(E("relatedItem", {"type": "counterpart", "corresp": f"#{bibl_id(prefix)}",
                                               "target": target}))
    return notes


def build_header(pair: AlignedPair, prefixes: tuple[str, str], counts: dict[str, int], people: PersonIds,
                 date: str, command: str | None, chrome: bool) -> Node:
    src, tgt = pair.src, pair.tgt
    names = language_name(src.lang), language_name(tgt.lang)
    version = tool_version(pair)

    title_stmt = E("titleStmt", {},
                   E("title", {"xml:lang": src.lang, "type": "main"}, title_of(src)),
                   E("title", {"xml:lang": tgt.lang, "type": "parallel"}, title_of(tgt)),
                   E("title", {"type": "sub", "xml:lang": HEADER_LANG},
                     f"{names[0]}–{names[1]} sentence-aligned edition"),
                   E("respStmt", {"xml:id": "resp.tool"},
                     E("resp", {}, "Automatic sentence segmentation and alignment"),
                     E("name", {"type": "software", "ref": f"#{APP_ID}"}, "bitext")))
    for who, xml_id in people.ids.items():
        title_stmt.add(E("respStmt", {}, E("resp", {}, "Review of alignment links"),
                         E("persName", {"xml:id": xml_id}, who)))

    extent = E("extent", {},
               E("measure", {"unit": "sentences", "quantity": str(counts["src"]), "xml:lang": src.lang},
                 _plural(counts["src"], f"{names[0]} sentence")),
               E("measure", {"unit": "sentences", "quantity": str(counts["tgt"]), "xml:lang": tgt.lang},
                 _plural(counts["tgt"], f"{names[1]} sentence")),
               E("measure", {"unit": "links", "quantity": str(counts["links"])},
                 _plural(counts["links"], "alignment link")),
               E("measure", {"unit": "unaligned", "quantity": str(counts["unaligned"])},
                 _plural(counts["unaligned"], "unaligned sentence group")))
    publication = E("publicationStmt", {}, E("p", {}, "Not published: an aligned edition made with bitext."))
    file_desc = E("fileDesc", {}, title_stmt, extent, publication)
    if chrome:
        notes = chrome_notes(src, prefixes[0], tgt, prefixes[1]) + chrome_notes(tgt, prefixes[1], src, prefixes[0])
        if notes:
            file_desc.add(E("notesStmt", {}, *notes))
    file_desc.add(E("sourceDesc", {}, E("listBibl", {},
                                        bibl(src, prefixes[0], "original", None),
                                        bibl(tgt, prefixes[1], "translation", bibl_id(prefixes[0])))))

    # @version allows only N[.N[.N]]; the full version string (local or dev parts) goes into the label.
    numeric = re.match(r"\d+(\.\d+){0,2}", version)
    application = E("application", {"xml:id": APP_ID, "ident": "bitext",
                                    "version": numeric.group() if numeric else "0", "when": date},
                    E("label", {}, f"bitext {version}"))
    if command:
        application.add(E("p", {"n": "command"}, "Command: ", E("code", {"lang": "bash"}, command)))
    signature = pair.alignment.signature
    if signature:
        p = E("p", {"n": "signature"}, "Reproducibility signature: ")
        for i, (key, value) in enumerate(signature.items()):
            p.add("; " if i else None, E("seg", {"n": key}, str(value)))
        application.add(p)
    extra = {k: v for k, v in pair.run.items() if k not in _RUN_KEYS and isinstance(v, str)}
    if extra:
        p = E("p", {"n": "run"}, "Run: ")
        for i, (key, value) in enumerate(extra.items()):
            p.add("; " if i else None, E("seg", {"n": key}, value))
        application.add(p)
    encoding_desc = E("encodingDesc", {},
                      E("editorialDecl", {}, E("segmentation", {}, E("p", {}, SEGMENTATION_NOTE))),
                      E("appInfo", {}, application))

    total = counts["src"] + counts["tgt"]
    share = round(100 * counts["src"] / total) if total else 50
    lang_usage = E("langUsage", {},
                   E("language", {"ident": src.lang, "usage": str(share)}, f"{names[0]} (source)"),
                   E("language", {"ident": tgt.lang, "usage": str(100 - share)}, f"{names[1]} (translation)"))
    if HEADER_LANG not in (src.lang, tgt.lang):
        lang_usage.add(E("language", {"ident": HEADER_LANG}, f"{language_name(HEADER_LANG)} (header)"))
    profile_desc = E("profileDesc", {}, lang_usage)

    revision_desc = E("revisionDesc", {})
    for change in revisions(pair, date, version):
        revision_desc.add(E("change", {"when": change["when"], "who": people.ref(change.get("who", TOOL_RESP)),
                                       "status": change.get("status")}, change.get("text", "")))
    return E("teiHeader", {}, file_desc, encoding_desc, profile_desc, revision_desc)


def revisions(pair: AlignedPair, date: str, version: str) -> list[dict]:
    """The pair's recorded changes, or the one change this run makes when it has none yet."""
    recorded = pair.run.get("revisions")
    if recorded:
        return list(recorded)
    return [{"when": date, "who": TOOL_RESP, "status": "aligned",
             "text": f"Automatic sentence segmentation and alignment (bitext {version})."}]


def register_people(pair: AlignedPair, people: PersonIds) -> None:
    """Give every non-tool agent (link resp, revision author) an id, in order of first appearance."""
    for change in pair.run.get("revisions") or ():
        people.add(change.get("who", TOOL_RESP))
    for link in pair.alignment.links:
        people.add(link.resp)
