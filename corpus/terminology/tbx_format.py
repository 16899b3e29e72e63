"""TBX glossaries: read and write TBX v3 (ISO 30042:2019, TBX-Basic, DCA style) and TBX v2 (``martif``).

Both are written because CAT tools differ: OmegaT's glossary reader and translate-toolkit read only v2.
Mapping (both versions): ``conceptEntry``/``termEntry`` ``@id`` = concept id; ``descrip[@type=subjectField]`` =
subject; a concept-level ``note`` = concept note (``descrip[@type=definition]`` is read as one when there is
no note); ``langSec``/``langSet`` per language; ``termSec``/``tig``/``ntig`` per term with ``termNote``
``partOfSpeech`` and ``administrativeStatus`` (forbidden <-> ``deprecatedTerm-admn-sts``: TBX-Basic has no
"forbidden") and a ``note``.  TBX-Basic has no data category for case sensitivity, so a term whose case rule
differs from the default (acronyms are case-sensitive, other terms not) carries the note ``case-sensitive`` or
``case-insensitive``; ``termType`` ``acronym`` also makes a term case-sensitive when read.

XML is parsed without entity expansion, DTD loading or network access; errors name the line and element path.
"""

from __future__ import annotations

import os

from lxml import etree

from corpus.errors import InputError
from corpus.limits import check_file_size

from .assembly import GlossaryBuilder, TermRecord
from .model import Glossary, is_concept_id, looks_like_acronym, normalise_lang
from .vocabulary import CASE_NOTES, TBX_STATUS, pos_of, status_of

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(path: str) -> etree._ElementTree:
    check_file_size(path)
    try:
        tree = etree.parse(path, _parser())
    except OSError as error:
        raise InputError(path, f"cannot read: {error}") from None
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else 0)
        raise InputError(path, f"line {line}: not well-formed XML: {error.msg}") from None
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(path, "line 1: the document declares entities; refusing to read it (XML entity expansion)")
    return tree


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _where(element) -> str:
    """``line 12: /tbx/text/body/conceptEntry[3]/langSec[2]`` — line and element path, for error messages."""
    steps = []
    node = element
    while node is not None:
        parent = node.getparent()
        name = _local(node)
        if parent is None:
            steps.append(name)
        else:
            same = [c for c in parent if _local(c) == name]
            steps.append(f"{name}[{same.index(node) + 1}]" if len(same) > 1 else name)
        node = parent
    return f"line {element.sourceline}: /" + "/".join(reversed(steps))


def _children(element, name: str) -> list:
    return [c for c in element if _local(c) == name]


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def read_tbx(path: str | os.PathLike) -> Glossary:
    path = os.fspath(path)
    tree = parse_xml(path)
    root = tree.getroot()
    name, ns = _local(root), etree.QName(root).namespace
    if name == "tbx":
        if ns != TBX3_NS:
            raise InputError(path, f"{_where(root)}: TBX v3 root in namespace {ns!r}, expected {TBX3_NS!r}")
        entry_name, lang_name, term_names = "conceptEntry", "langSec", ("termSec",)
    elif name == "martif":
        entry_name, lang_name, term_names = "termEntry", "langSet", ("tig", "ntig")
    else:
        raise InputError(path, f"{_where(root)}: not a TBX file (root element <{name}>, expected <tbx> or <martif>)")
    titles = [e for e in root.iter() if _local(e) == "title"]
    bodies = [e for e in root.iter() if _local(e) == "body"]
    if not bodies:
        raise InputError(path, f"{_where(root)}: no text/body element")
    builder = GlossaryBuilder(path)
    for number, entry in enumerate(_children(bodies[0], entry_name), start=1):
        _read_entry(entry, number, lang_name, term_names, builder)
    return builder.build(title=_text(titles[0]) if titles else None)


def _read_entry(entry, number: int, lang_name: str, term_names: tuple[str, ...], builder: GlossaryBuilder) -> None:
    where = _where(entry)
    concept_id = (entry.get("id") or "").strip()
    if not concept_id:
        if lang_name == "langSec":
            raise builder.fail(where, "conceptEntry without an id")
        concept_id = f"c{number}"   # TBX v2 makes termEntry ids optional
    if not is_concept_id(concept_id):
        raise builder.fail(where, f"concept id {concept_id!r} is not an XML name")
    if builder.has(concept_id):
        raise builder.fail(where, f"concept id {concept_id!r} used twice")
    subject = note = definition = None
    for child in entry:
        if _local(child) == "descripGrp" and _children(child, "descrip"):
            child = _children(child, "descrip")[0]      # a descrip with its notes: the descrip is what we keep
        kind = _local(child)
        if kind == "descrip" and child.get("type") == "subjectField":
            subject = _text(child) or None
        elif kind == "descrip" and child.get("type") == "definition":
            definition = definition or _text(child) or None
        elif kind == "note":
            note = note or _text(child) or None
    builder.concept(concept_id, where, subject=subject, note=note or definition)
    lang_secs = _children(entry, lang_name)
    if not lang_secs:
        raise builder.fail(where, f"no {lang_name}")
    for lang_sec in lang_secs:
        lang = lang_sec.get(XML_LANG) or lang_sec.get("lang")
        if not lang or not lang.strip():
            raise builder.fail(_where(lang_sec), "no xml:lang")
        terms = [c for c in lang_sec if _local(c) in term_names]
        if not terms:
            raise builder.fail(_where(lang_sec), "no term")
        for term_sec in terms:
            builder.term(concept_id, _read_term(term_sec, normalise_lang(lang), builder), _where(term_sec))


def _read_term(term_sec, lang: str, builder: GlossaryBuilder) -> TermRecord:
    holder = _children(term_sec, "termGrp")[0] if _local(term_sec) == "ntig" and _children(term_sec, "termGrp") else term_sec
    term_elements = _children(holder, "term")
    if len(term_elements) != 1:
        raise builder.fail(_where(term_sec), f"{len(term_elements)} <term> elements, expected one")
    text = _text(term_elements[0])
    if not text:
        raise builder.fail(_where(term_elements[0]), "empty term")
    record = TermRecord(text, lang)
    notes = []
    for child in list(holder) + ([c for c in term_sec if c is not holder] if holder is not term_sec else []):
        kind, kind_type = _local(child), child.get("type")
        if kind == "termNoteGrp":
            child = _children(child, "termNote")[0] if _children(child, "termNote") else child
            kind, kind_type = _local(child), child.get("type")
        value = _text(child)
        if kind == "termNote" and kind_type in ("administrativeStatus", "normativeAuthorization"):
            record.status = status_of(value)
            if record.status is None:
                raise builder.fail(_where(child), f"unknown administrative status {value!r}")
        elif kind == "termNote" and kind_type == "partOfSpeech":
            record.pos = pos_of(value) or "other"
        elif kind == "termNote" and kind_type == "termType" and value == "acronym":
            record.case_sensitive = True if record.case_sensitive is None else record.case_sensitive
        elif kind == "note" and value in CASE_NOTES:
            record.case_sensitive = CASE_NOTES[value]
        elif kind == "note" and value:
            notes.append(value)
    record.note = "; ".join(notes) or None
    return record


# ---- writing ------------------------------------------------------------------------------------------------

def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _lang_attr(element, lang: str) -> None:
    element.set(XML_LANG, lang)


def _source_lang(glossary: Glossary) -> str:
    return glossary.languages[0] if glossary.languages else "en"


def write_tbx3(glossary: Glossary, source: str | None = None) -> bytes:
    root = etree.Element(f"{{{TBX3_NS}}}tbx", nsmap={None: TBX3_NS})
    root.set("type", "TBX-Basic")
    root.set("style", "dca")
    _lang_attr(root, _source_lang(glossary))
    q = lambda name: f"{{{TBX3_NS}}}{name}"  # noqa: E731
    header = _sub(root, q("tbxHeader"))
    file_desc = _sub(header, q("fileDesc"))
    _sub(_sub(file_desc, q("titleStmt")), q("title"), glossary.title or "Glossary")
    _sub(_sub(file_desc, q("sourceDesc")), q("p"), source or "Exported by bitext")
    body = _sub(_sub(root, q("text")), q("body"))
    for concept in glossary:
        entry = _sub(body, q("conceptEntry"), id=concept.id)
        if concept.subject:
            _sub(entry, q("descrip"), concept.subject, type="subjectField")
        if concept.note:
            _sub(entry, q("note"), concept.note)
        for lang in concept.languages:
            lang_sec = _sub(entry, q("langSec"))
            _lang_attr(lang_sec, lang)
            for term in (t for t in concept.terms if t.lang == lang):
                term_sec = _sub(lang_sec, q("termSec"))
                _sub(term_sec, q("term"), term.text)
                if term.pos:
                    _sub(term_sec, q("termNote"), term.pos, type="partOfSpeech")
                _sub(term_sec, q("termNote"), TBX_STATUS[term.status], type="administrativeStatus")
                if term.note:
                    _sub(term_sec, q("note"), term.note)
                if term.case_sensitive != looks_like_acronym(term.text):
                    _sub(term_sec, q("note"), "case-sensitive" if term.case_sensitive else "case-insensitive")
    return _serialise(root)


def write_tbx2(glossary: Glossary, source: str | None = None) -> bytes:
    root = etree.Element("martif")
    root.set("type", "TBX-Basic")
    _lang_attr(root, _source_lang(glossary))
    file_desc = _sub(_sub(root, "martifHeader"), "fileDesc")
    _sub(_sub(file_desc, "titleStmt"), "title", glossary.title or "Glossary")
    _sub(_sub(file_desc, "sourceDesc"), "p", source or "Exported by bitext")
    body = _sub(_sub(root, "text"), "body")
    for concept in glossary:
        entry = _sub(body, "termEntry", id=concept.id)
        if concept.subject:
            _sub(entry, "descrip", concept.subject, type="subjectField")
        if concept.note:
            _sub(entry, "note", concept.note)
        for lang in concept.languages:
            lang_set = _sub(entry, "langSet")
            _lang_attr(lang_set, lang)
            for term in (t for t in concept.terms if t.lang == lang):
                tig = _sub(lang_set, "tig")
                _sub(tig, "term", term.text)
                if term.pos:
                    _sub(tig, "termNote", term.pos, type="partOfSpeech")
                _sub(tig, "termNote", TBX_STATUS[term.status], type="administrativeStatus")
                if term.note:
                    _sub(tig, "note", term.note)
                if term.case_sensitive != looks_like_acronym(term.text):
                    _sub(tig, "note", "case-sensitive" if term.case_sensitive else "case-insensitive")
    return _serialise(root)


def _serialise(root) -> bytes:
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"
