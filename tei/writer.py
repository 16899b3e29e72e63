"""Write an AlignedPair as one TEI P5 document, streaming (lxml ``etree.xmlfile``).

Layout (see ``../shared/design/tei-aligned-article.example.xml``)::

    TEI / teiHeader                        header.py
        / text / group / text[@type=source|translation][@xml:lang]
               / body / div[@type=article] / head (title) · argument/p (lede) · p · list/item
                                           / div[@type=section] / head (heading) · p · list/item …
        / standOff / linkGrp[@type=alignment] / link · ptr[@type=unaligned]
                   / joinGrp / join        (the sides of n-m links)

Block content is written exactly: sentences as ``s`` and the text around them (spaces, NBSPs, line breaks)
as it is, with no indentation inside a block, so ``tei.reader`` rebuilds every block's text to the character.
"""

from __future__ import annotations

import os
from typing import IO

from aligner.model import AlignedPair, Link
from corpus.atomic import atomic_output
from corpus.document import Document

from .header import build_header, register_people
from .ids import APP_ID, PersonIds, bibl_id, link_ids, sentence_id, side_prefixes
from .qa import CHECK_PREFIX
from .metadata import run_date, with_language_tags, with_metadata
from .rows import fmt_cert
from .terms import GlossEntry, TermSpan, gloss_id, term_layer
from .xmlout import TEI_NS, Emitter, tei_file

# Options tei.write understands (besides the metadata options in tei.metadata.META_OPTIONS).
OPTIONS = ("date", "command", "no_chrome", "glossary", "tbx", "terms", "qa")


def write(path: str | os.PathLike, pair: AlignedPair, **options) -> None:
    """Write *pair* as TEI to *path* atomically (a temporary file renamed on success)."""
    with atomic_output(path, "wb") as handle:
        write_to(handle, pair, **options)


def write_to(handle: IO[bytes], pair: AlignedPair, **options) -> None:
    pair = with_language_tags(with_metadata(pair, options))
    date = run_date(pair, options)
    command = options.get("command") or pair.run.get("command")
    prefixes = side_prefixes(pair.src.lang, pair.tgt.lang)
    links = pair.alignment.links
    n_links = sum(1 for link in links if link.src and link.tgt)
    counts = {"src": pair.alignment.n_src, "tgt": pair.alignment.n_tgt,
              "links": n_links, "unaligned": len(links) - n_links}
    people = PersonIds()
    register_people(pair, people)
    header = build_header(pair, prefixes, counts, people, date, command, chrome=not options.get("no_chrome"))
    terms = term_layer(pair, options)

    with tei_file(handle) as out:
        with out.element("TEI", {"xml:lang": "en"}, nsmap={None: TEI_NS}):
            out.newline(1)
            out.node(header, 1)
            out.newline(1)
            with out.element("text"):
                out.newline(2)
                with out.element("group"):
                    _write_version(out, pair.src, prefixes[0], "source", None, 3, terms.spans[0])
                    _write_version(out, pair.tgt, prefixes[1], "translation", prefixes[0], 3, terms.spans[1])
                    out.newline(2)
                if terms.entries:
                    out.newline(2)
                    _write_glossary(out, terms.entries, pair.src.lang, pair.tgt.lang, 2)
                out.newline(1)
            qa = options.get("qa") if options.get("qa") is not None else pair.run.get("qa", ())
            if links or qa:
                out.newline(1)
                _write_standoff(out, links, prefixes, people, 1, qa)
            out.newline(0)


def _write_glossary(out: Emitter, entries: list[GlossEntry], src_lang: str, tgt_lang: str, level: int) -> None:
    with out.element("back"):
        out.newline(level + 1)
        with out.element("div", {"type": "glossary", "xml:id": "glossary"}):
            out.newline(level + 2)
            out.leaf("head", {}, "Glossary")
            out.newline(level + 2)
            with out.element("list", {"type": "gloss"}):
                for entry in entries:
                    out.newline(level + 3)
                    with out.element("label"):
                        out.leaf("term", {"xml:id": gloss_id(entry.concept_id), "xml:lang": src_lang}, entry.src_label)
                    out.newline(level + 3)
                    with out.element("item"):
                        if entry.tgt_label is not None:
                            out.leaf("gloss", {"xml:lang": tgt_lang, "target": f"#{gloss_id(entry.concept_id)}"},
                                     entry.tgt_label)
                        if entry.tbx:
                            out.leaf("ptr", {"type": "tbx", "target": entry.tbx})
                out.newline(level + 2)
            out.newline(level + 1)
        out.newline(level)


def _write_version(out: Emitter, document: Document, prefix: str, role: str, original: str | None,
                   level: int, spans: dict[int, list[TermSpan]]) -> None:
    out.newline(level)
    attrs = {"xml:id": prefix, "xml:lang": document.lang, "type": role, "decls": f"#{bibl_id(prefix)}",
             "corresp": f"#{original}" if original else None}
    with out.element("text", attrs):
        out.newline(level + 1)
        with out.element("body"):
            _BodyWriter(out, document, prefix, level + 2, spans).write()
            out.newline(level + 1)
        out.newline(level)


class _BodyWriter:
    """Turns the flat block list into div/head/argument/p/list, numbering sentences as the alignment does."""

    def __init__(self, out: Emitter, document: Document, prefix: str, level: int,
                 spans: dict[int, list[TermSpan]]) -> None:
        self.out, self.document, self.prefix, self.level, self.spans = out, document, prefix, level, spans
        self.sentence = 0
        self.paragraph = 0
        self.divs = 0

    def write(self) -> None:
        out, level = self.out, self.level
        blocks = self.document.body_blocks()
        out.newline(level)
        self.divs += 1
        with out.element("div", {"xml:id": f"{self.prefix}.d{self.divs}", "type": "article"}):
            index = 0
            # The top of the article: its title as head, then its lede(s) as argument.
            if index < len(blocks) and blocks[index].kind == "title":
                self._block("head", blocks[index], {}, level + 1)
                index += 1
            while index < len(blocks) and blocks[index].kind == "lede":
                out.newline(level + 1)
                with out.element("argument"):
                    self._block("p", blocks[index], self._p_id(), level + 2)
                    out.newline(level + 1)
                index += 1
            if index == len(blocks) and index == 0:
                out.newline(level + 1)
                out.leaf("gap", {"reason": "no-body-text"})
            section_open = False
            while index < len(blocks):
                block = blocks[index]
                if block.kind in ("heading", "title"):
                    if section_open:
                        self._close_div(level + 1)
                    self._open_div(level + 1)
                    section_open = True
                    self._block("head", block, {"type": "title"} if block.kind == "title" else {}, level + 2)
                    index += 1
                    continue
                inner = level + 2 if section_open else level + 1
                if block.kind == "list_item":
                    out.newline(inner)
                    with out.element("list"):
                        while index < len(blocks) and blocks[index].kind == "list_item":
                            self._block("item", blocks[index], {}, inner + 1)
                            index += 1
                        out.newline(inner)
                    continue
                attrs = self._p_id()
                if block.kind == "lede":
                    attrs["rend"] = "lede"
                self._block("p", block, attrs, inner)
                index += 1
            if section_open:
                self._close_div(level + 1)
            out.newline(level)

    def _p_id(self) -> dict[str, str]:
        self.paragraph += 1
        return {"xml:id": f"{self.prefix}.p{self.paragraph}"}

    def _open_div(self, level: int) -> None:
        self.out.newline(level)
        self.divs += 1
        self._div = self.out.element("div", {"xml:id": f"{self.prefix}.d{self.divs}", "type": "section"})
        self._div.__enter__()

    def _close_div(self, level: int) -> None:
        self.out.newline(level)
        self._div.__exit__(None, None, None)

    def _block(self, tag: str, block, attrs: dict, level: int) -> None:
        """The block's exact text: sentences as s, the text around them as it is."""
        out = self.out
        out.newline(level)
        with out.element(tag, attrs):
            position = block.start
            for sentence in block.sentences:
                out.text(self.document.text[position:sentence.start])
                with out.element("s", {"xml:id": sentence_id(self.prefix, self.sentence)}):
                    self._sentence_text(sentence.text, self.spans.get(self.sentence, ()))
                self.sentence += 1
                position = sentence.end
            out.text(self.document.text[position:block.end])

    def _sentence_text(self, text: str, spans) -> None:
        """A sentence's text with its glossary terms as ``<term ref="#gl.ID">``."""
        out, position = self.out, 0
        for span in spans:
            out.text(text[position:span.start])
            with out.element("term", {"ref": f"#{gloss_id(span.concept_id)}", "type": span.status}):
                out.text(text[span.start:span.end])
            position = span.end
        out.text(text[position:])


def _side(link_side: tuple[int, ...], prefix: str) -> str:
    return " ".join(f"#{sentence_id(prefix, i)}" for i in link_side)


def _write_standoff(out: Emitter, links: list[Link], prefixes: tuple[str, str], people: PersonIds,
                    level: int, qa) -> None:
    with out.element("standOff"):
        if links:
            _write_links(out, links, prefixes, people, level)
        if qa:
            out.newline(level + 1)
            _write_qa(out, qa, prefixes, level + 1)
        out.newline(level)


def _write_qa(out: Emitter, notes, prefixes: tuple[str, str], level: int) -> None:
    with out.element("listAnnotation", {"type": "qa"}):
        for number, note in enumerate(notes, 1):
            target = f"#{note.link_id}" if note.link_id else f"#{prefixes[0]} #{prefixes[1]}"
            out.newline(level + 1)
            with out.element("annotation", {"xml:id": f"qa.{number}", "target": target, "motivation": "assessing"}):
                out.newline(level + 2)
                with out.element("respStmt"):
                    out.leaf("resp", {}, f"{CHECK_PREFIX}{note.check}")
                    out.leaf("name", {"ref": f"#{APP_ID}"}, "bitext")
                out.newline(level + 2)
                out.leaf("note", {"type": note.severity}, note.message)
                out.newline(level + 1)
        out.newline(level)


def _write_links(out: Emitter, links: list[Link], prefixes: tuple[str, str], people: PersonIds,
                 level: int) -> None:
    src_prefix, tgt_prefix = prefixes
    out.newline(level + 1)
    with out.element("linkGrp", {"xml:id": "al.s", "type": "alignment", "subtype": "sentence",
                                 "domains": f"#{src_prefix} #{tgt_prefix}",
                                 "targFunc": "source translation"}):
        n_join = 0
        for link, link_id in zip(links, link_ids(links)):
            out.newline(level + 2)
            cert, resp = fmt_cert(link.confidence), people.ref(link.resp)
            if link.src and link.tgt:
                sides = []
                for side, prefix in ((link.src, src_prefix), (link.tgt, tgt_prefix)):
                    if len(side) == 1:
                        sides.append(_side(side, prefix))
                    else:
                        n_join += 1
                        sides.append(f"#al.j{n_join}")
                out.leaf("link", {"xml:id": link_id, "type": link.type, "target": " ".join(sides),
                                  "cert": cert, "resp": resp})
            else:
                side, prefix = (link.src, src_prefix) if link.src else (link.tgt, tgt_prefix)
                out.leaf("ptr", {"xml:id": link_id, "type": "unaligned", "subtype": link.type,
                                 "target": _side(side, prefix), "cert": cert, "resp": resp})
        out.newline(level + 1)
    if n_join:
        out.newline(level + 1)
        with out.element("joinGrp", {"xml:id": "al.joins", "result": "s"}):
            n_join = 0
            for link in links:
                if not (link.src and link.tgt):
                    continue
                for side, prefix in ((link.src, src_prefix), (link.tgt, tgt_prefix)):
                    if len(side) > 1:
                        n_join += 1
                        out.newline(level + 2)
                        out.leaf("join", {"xml:id": f"al.j{n_join}", "target": _side(side, prefix),
                                          "scope": "branches"})
            out.newline(level + 1)
