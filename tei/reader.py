"""Read a TEI file bitext wrote (or one shaped like ``tei-aligned-article.example.xml``) back into an AlignedPair.

The reader is the writer's inverse: TEI → AlignedPair → TEI gives the same bytes.  Block texts come back to
the character (``<g>`` turns back into the character it stands for); the text between blocks, which TEI does
not keep, becomes a blank line.  Links keep their ``@resp``: a link a person corrected stays theirs.
The parser neither loads DTDs nor resolves entities nor touches the network: a TEI file is untrusted input.
"""

from __future__ import annotations

import os

from lxml import etree

from aligner.model import AlignedPair, Alignment, Link
from corpus.document import Block, Document, Sentence, Source
from corpus.errors import InputError
from corpus.limits import check_file_size

from .chars import G_TYPES, from_code_point
from .ids import APP_ID, TOOL_RESP
from .header import BIBL_KEYS
from .qa import CHECK_PREFIX, QaNote
from .terms import GLOSS_PREFIX, GlossEntry, TermLayer, TermSpan
from .xmlout import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
NS = {"t": TEI_NS}
_CERT_WORDS = {"high": 0.9, "medium": 0.6, "low": 0.3, "unknown": 0.5}


def parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_blank_text=False,
                           collect_ids=False)  # duplicate ids are a validation problem, not a parse error


def parse(path: str | os.PathLike) -> etree._ElementTree:
    """Parse an XML file safely; unreadable or ill-formed input is an InputError."""
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a directory, expected an XML file")
    check_file_size(path)
    try:
        with open(path, "rb") as handle:
            tree = etree.parse(handle, parser())
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    except etree.XMLSyntaxError as error:
        raise InputError(path, f"not well-formed XML: {error.msg}") from None
    refuse_entities(path, tree)
    return tree


def refuse_entities(path, tree: etree._ElementTree) -> None:
    """Refuse a document whose DTD declares entities.

    The parser already leaves them unexpanded and unfetched, but a document that declares them (XXE, parameter
    entities, billion laughs) is either an attack or one whose text we would silently lose: say so instead.
    """
    dtd = tree.docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise InputError(path, "the document declares XML entities (<!ENTITY>); refusing to read it "
                               "(external entities and entity expansion are not allowed)")


def read(path: str | os.PathLike) -> AlignedPair:
    root = parse(path).getroot()
    if root.tag != f"{T}TEI":
        raise InputError(path, f"not a TEI document (root element {etree.QName(root).localname!r})")
    return _Reader(path, root).pair()


def _char(element) -> str | None:
    """The character a ``<g type="ctrl|surrogate|noncharacter" n="U+XXXX"/>`` stands for, else None."""
    if element.tag == f"{T}g" and element.get("type") in G_TYPES:
        return from_code_point(element.get("n"))
    return None


def text_of(element: etree._Element) -> str:
    """The text an element stands for: its text and its descendants', with ``<g>`` turned back into characters."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if _char(child):
            parts.append(_char(child))
        elif isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def sentence_text(element) -> tuple[str, list[TermSpan]]:
    """A sentence's text and the ``<term ref="#gl.ID">`` spans in it (offsets into that text)."""
    parts: list[str] = [element.text or ""]
    length, spans = len(parts[0]), []
    for child in element:
        piece = _char(child) or (text_of(child) if isinstance(child.tag, str) else "")
        if child.tag == f"{T}term" and (child.get("ref") or "").startswith(f"#{GLOSS_PREFIX}"):
            spans.append(TermSpan(length, length + len(piece), child.get("ref")[1 + len(GLOSS_PREFIX):],
                                  child.get("type")))
        parts += [piece, child.tail or ""]
        length += len(piece) + len(child.tail or "")
    return "".join(parts), spans


class _Reader:
    def __init__(self, path, root) -> None:
        self.path, self.root = path, root
        header = root.find(f"{T}teiHeader")
        if header is None:
            raise InputError(path, "TEI document without teiHeader")
        self.header = header
        self.people = {p.get(XML_ID): text_of(p) for p in header.iterfind(f".//{T}persName[@{XML_ID}]")}

    def fail(self, problem: str) -> InputError:
        return InputError(self.path, problem)

    def who(self, pointer: str | None) -> str:
        pointers = (pointer or "").split()
        ident = pointers[0].lstrip("#") if pointers else APP_ID
        if ident == APP_ID:
            return TOOL_RESP
        return self.people.get(ident, ident)

    # ------------------------------------------------------------------ documents
    def pair(self) -> AlignedPair:
        versions = self.root.xpath("t:text/t:group/t:text[@xml:lang]", namespaces=NS)
        if len(versions) != 2:
            raise self.fail(f"expected two language versions in text/group/text, found {len(versions)}")
        by_type = {v.get("type"): v for v in versions}
        src_el = by_type.get("source", versions[0])
        tgt_el = by_type.get("translation", versions[1] if versions[1] is not src_el else versions[0])
        self.sentence_ids: dict[str, tuple[int, int]] = {}
        self.counts = [0, 0]
        self.terms = TermLayer()
        src = self.document(src_el, 0)
        tgt = self.document(tgt_el, 1)
        counts = (sum(1 for _ in src.sentences()), sum(1 for _ in tgt.sentences()))
        links = self.links()
        alignment = Alignment(links, counts[0], counts[1], signature=self.segs("signature"))
        try:
            alignment.check()
        except AssertionError as error:
            raise self.fail("the alignment does not cover each sentence exactly once in runs, in order on one "
                            f"side: {error}") from None
        run = self.run()
        self.terms.entries = self.glossary()
        if self.terms.entries or any(self.terms.spans):
            run["terms"] = self.terms
        qa = self.qa()
        if qa:
            run["qa"] = qa
        return AlignedPair(src, tgt, alignment, run=run)

    def qa(self) -> list[QaNote]:
        notes = []
        for annotation in self.root.iterfind(f"{T}standOff/{T}listAnnotation[@type='qa']/{T}annotation"):
            targets = (annotation.get("target") or "").split()
            link_id = targets[0][1:] if len(targets) == 1 and targets[0].startswith("#") else None
            found = annotation.find(f"{T}respStmt/{T}resp")
            resp = text_of(found) if found is not None else ""
            note = annotation.find(f"{T}note")
            notes.append(QaNote(link_id, resp[len(CHECK_PREFIX):] if resp.startswith(CHECK_PREFIX) else resp,
                                note.get("type") if note is not None else "note",
                                text_of(note) if note is not None else ""))
        return notes

    def glossary(self) -> list[GlossEntry]:
        entries = []
        for gloss_list in self.root.xpath("t:text/t:back/t:div[@type='glossary']/t:list[@type='gloss']",
                                          namespaces=NS):
            label = None
            for child in gloss_list:
                if child.tag == f"{T}label":
                    label = child.find(f"{T}term")
                elif (child.tag == f"{T}item" and label is not None
                      and (label.get(XML_ID) or "").startswith(GLOSS_PREFIX)):
                    gloss, ptr = child.find(f"{T}gloss"), child.find(f"{T}ptr[@type='tbx']")
                    entries.append(GlossEntry(label.get(XML_ID)[len(GLOSS_PREFIX):], text_of(label),
                                              text_of(gloss) if gloss is not None else None,
                                              ptr.get("target") if ptr is not None else None))
                    label = None
        return entries

    def document(self, text_el, side: int) -> Document:
        lang = text_el.get(XML_LANG)
        body_blocks = list(self.body_blocks(text_el, side))
        decls = (text_el.get("decls") or "").lstrip("#")
        # an XPath variable, not text pasted into the path: @decls is the file's text (a quote would break it)
        found = self.header.xpath(".//t:bibl[@xml:id = $id]", namespaces=NS, id=decls) if decls else []
        bibl = found[0] if found else None
        if decls and bibl is None:   # its record and the page chrome filed under it would be lost without a word
            raise self.fail(f"line {text_el.sourceline}: @decls {'#' + decls!r} points at no <bibl> in the header")
        chrome = self.chrome_blocks(decls) if decls else []
        # chrome went to the header with its position among all blocks in @n: put it back there
        slots: list[tuple | None] = [None] * (len(body_blocks) + len(chrome))
        late: list[tuple] = []
        for position, block in chrome:
            if position is not None and position < len(slots) and slots[position] is None:
                slots[position] = block
            else:
                late.append(block)
        pending = iter(body_blocks)
        blocks = [slot if slot is not None else next(pending, None) for slot in slots]
        blocks = [b for b in blocks if b is not None] + list(pending) + late
        document = Document("", lang or "und", meta=self.meta(bibl), source=self.source(bibl))
        pieces, start = [], 0
        for kind, attrs, block_text, spans in blocks:
            if pieces:
                pieces.append("\n\n")
                start += 2
            pieces.append(block_text)
            document.blocks.append(Block(kind, start, start + len(block_text), block_text,
                                         [Sentence(start + a, start + b, block_text[a:b]) for a, b in spans],
                                         attrs))
            start += len(block_text)
        document.text = "".join(pieces)
        document.check()
        return document

    def body_blocks(self, text_el, side: int):
        """Yield ``(kind, attrs, text, sentence_spans)`` for each body block, in document order."""
        body = text_el.find(f"{T}body")
        if body is None:
            return
        first_div = body.find(f"{T}div")
        for element in body.iter(f"{T}head", f"{T}p", f"{T}item"):
            if element.tag == f"{T}head":
                parent = element.getparent()
                title = element.get("type") == "title" or (parent is first_div and parent.getparent() is body)
                kind = "title" if title else "heading"
            elif element.tag == f"{T}item":
                kind = "list_item"
            elif element.getparent().tag == f"{T}argument" or element.get("rend") == "lede":
                kind = "lede"
            else:
                kind = "paragraph"
            block_text, spans = self.block_text(element, side)
            yield kind, {}, block_text, spans

    def block_text(self, element, side: int) -> tuple[str, list[tuple[int, int]]]:
        parts: list[str] = [element.text or ""]
        length = len(parts[0])
        spans: list[tuple[int, int]] = []
        for child in element:
            if child.tag == f"{T}s":
                piece, terms = sentence_text(child)
                if terms:
                    self.terms.spans[side][self.counts[side]] = terms
                if child.get(XML_ID):
                    self.sentence_ids[child.get(XML_ID)] = (side, self.counts[side])
                self.counts[side] += 1
                spans.append((length, length + len(piece)))
            elif _char(child):
                piece = _char(child)
            elif isinstance(child.tag, str):
                piece = text_of(child)
            else:
                piece = ""
            parts.append(piece)
            parts.append(child.tail or "")
            length += len(piece) + len(child.tail or "")
        return "".join(parts), spans

    def chrome_blocks(self, bibl_id: str) -> list[tuple[int | None, tuple]]:
        blocks = []
        for note in self.header.xpath("t:fileDesc/t:notesStmt/t:note", namespaces=NS):
            if (note.get("corresp") or "").lstrip("#") != bibl_id:
                continue
            attrs = {}
            if note.get("target"):
                attrs["href"] = note.get("target")
            if note.get("targetLang"):
                attrs["lang"] = note.get("targetLang")
            parts = [note.text or ""]
            for child in note:
                if child.tag == f"{T}note" and child.get("type") == "attr":
                    attrs[child.get("n")] = text_of(child)
                elif _char(child):
                    parts.append(_char(child))
                elif isinstance(child.tag, str):
                    parts.append(text_of(child))
                parts.append(child.tail or "")
            block_text = "".join(parts)
            n = note.get("n")
            blocks.append((int(n) if n and n.isdigit() else None,
                           (note.get("type") or "chrome", attrs, block_text, [])))
        return blocks

    # ------------------------------------------------------------------ header
    def meta(self, bibl) -> dict[str, str]:
        if bibl is None:
            return {}
        meta: dict[str, str] = {}
        simple = {"title": f"{T}title", "author": f"{T}author", "publisher": f"{T}publisher", "date": f"{T}date"}
        for key, tag in simple.items():
            found = bibl.find(tag)
            if found is not None:
                meta[key] = text_of(found)
        translator = bibl.find(f"{T}editor[@role='translator']")
        if translator is not None:
            meta["translator"] = text_of(translator)
        pointer = bibl.find(f"{T}ptr")
        if pointer is not None and pointer.get("target"):
            meta["url"] = pointer.get("target")
        licence = bibl.find(f"{T}availability/{T}licence")
        if licence is not None:
            meta["licence"] = text_of(licence)
        ordered = {key: meta[key] for key in BIBL_KEYS if key in meta}
        for note in bibl.iterfind(f"{T}note[@type='meta']"):
            ordered[note.get("n")] = text_of(note)
        return ordered

    def source(self, bibl) -> Source:
        source = Source()
        if bibl is None:
            return source
        for idno in bibl.iterfind(f"{T}idno"):
            if idno.get("type") == "sha256":
                source.sha256 = text_of(idno)
            elif idno.get("type") == "filename":
                source.path = text_of(idno)
        size = bibl.find(f"{T}extent/{T}measure[@unit='bytes']")
        if size is not None and (size.get("quantity") or "").isdigit():
            source.size = int(size.get("quantity"))
        fmt = bibl.find(f"{T}note[@type='input-format']")
        if fmt is not None:
            media, _, charset = text_of(fmt).partition("; charset=")
            source.media_type, source.encoding = media, charset or None
        return source

    def application(self):
        return self.header.find(f"{T}encodingDesc/{T}appInfo/{T}application[@{XML_ID}='{APP_ID}']")

    def segs(self, which: str) -> dict[str, str]:
        application = self.application()
        if application is None:
            return {}
        return {seg.get("n"): text_of(seg) for seg in application.iterfind(f"{T}p[@n='{which}']/{T}seg")}

    def run(self) -> dict:
        run: dict = {}
        application = self.application()
        if application is not None:
            command = application.find(f"{T}p[@n='command']/{T}code")
            if command is not None:
                run["command"] = command.text or ""
            if application.get("when"):
                run["date"] = application.get("when")
            label = application.find(f"{T}label")
            if label is not None and text_of(label).startswith("bitext "):
                run["version"] = text_of(label)[len("bitext "):]
            run.update(self.segs("run"))
        run["revisions"] = [
            {"when": change.get("when"), "who": self.who(change.get("who")), "status": change.get("status"),
             "text": text_of(change)}
            for change in self.header.iterfind(f"{T}revisionDesc/{T}change")
        ]
        return run

    # ------------------------------------------------------------------ alignment
    def links(self) -> list[Link]:
        joins = {j.get(XML_ID): (j.get("target") or "").split()
                 for j in self.root.iterfind(f"{T}standOff//{T}join")}
        links: list[Link] = []
        for group in self.root.iterfind(f"{T}standOff/{T}linkGrp[@type='alignment']"):
            for item in group:
                if item.tag == f"{T}link":
                    pointers = (item.get("target") or "").split()
                    if len(pointers) != 2:
                        raise self.fail(f"line {item.sourceline}: a link needs exactly two pointers")
                    sides = [self.side(joins.get(p.lstrip("#"), [p]), item) for p in pointers]
                    src = [i for s, i in sides[0] + sides[1] if s == 0]
                    tgt = [i for s, i in sides[0] + sides[1] if s == 1]
                elif item.tag == f"{T}ptr" and item.get("type") == "unaligned":
                    side = self.side((item.get("target") or "").split(), item)
                    src = [i for s, i in side if s == 0]
                    tgt = [i for s, i in side if s == 1]
                else:
                    continue
                links.append(Link(tuple(src), tuple(tgt), self.cert(item.get("cert")), 0.0,
                                  self.who(item.get("resp"))))
        return links

    def side(self, pointers: list[str], item) -> list[tuple[int, int]]:
        found = []
        for pointer in pointers:
            target = self.sentence_ids.get(pointer.lstrip("#"))
            if target is None:
                raise self.fail(f"line {item.sourceline}: pointer {pointer!r} does not point at a sentence")
            found.append(target)
        return found

    @staticmethod
    def cert(value: str | None) -> float:
        if value is None:
            return 1.0
        if value in _CERT_WORDS:
            return _CERT_WORDS[value]
        try:
            return min(1.0, max(0.0, float(value)))
        except ValueError:
            return 0.5
