"""A thin layer over lxml's incremental writer (``etree.xmlfile``) for TEI output.

Why not build a tree and serialise it: a book of 20,000 sentences a side would sit in memory twice.
Why not ``xf.write(element)``: lxml then re-declares the namespace on every written subtree.
So text goes out through :meth:`Emitter.text` (which keeps XML-forbidden characters as ``<g>``), elements
through :meth:`Emitter.element`, and small fixed parts (the header) as :class:`Node` trees rendered with
indentation only where an element holds elements alone — mixed content is never touched.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass, field
from typing import IO, Iterator

from lxml import etree

from .chars import code_point, escape_plain, g_type, has_forbidden, split_forbidden

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
INDENT = "  "


@functools.lru_cache(maxsize=None)
def qname(tag: str) -> str:
    """``"xml:lang"`` → ``{XML_NS}lang``; a plain name goes into the TEI namespace."""
    if tag.startswith("xml:"):
        return f"{{{XML_NS}}}{tag[4:]}"
    return f"{{{TEI_NS}}}{tag}"


def clean_attrs(attrs: dict[str, str | None] | None) -> dict[str, str]:
    """Drop None values and make values XML-safe (attribute values cannot hold ``<g>``).
    "xml:lang" stays literal: lxml's xmlfile would bind the XML namespace to a made-up prefix otherwise."""
    if not attrs:
        return {}
    return {k: (escape_plain(v) if has_forbidden(v) else v) for k, v in attrs.items() if v is not None}


@dataclass(slots=True)
class Node:
    """A small element for the fixed parts of a file: children are strings (text) or Nodes."""

    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list["Node | str"] = field(default_factory=list)

    def add(self, *children: "Node | str | None") -> "Node":
        self.children.extend(c for c in children if c is not None and c != "")
        return self


def E(tag: str, attrs: dict[str, str | None] | None = None, *children: "Node | str | None") -> Node:
    return Node(tag, dict(attrs or {})).add(*children)


class Emitter:
    def __init__(self, xf) -> None:
        self.xf = xf

    def element(self, tag: str, attrs: dict[str, str | None] | None = None, nsmap=None):
        """A context manager writing one element (lxml's own: no generator frame per element)."""
        return self.xf.element(qname(tag), clean_attrs(attrs), nsmap=nsmap)

    def text(self, text: str) -> None:
        if not has_forbidden(text):  # the common case, kept fast
            if text:
                self.xf.write(text)
            return
        for forbidden, piece in split_forbidden(text):
            if forbidden:
                with self.xf.element(qname("g"), {"type": g_type(piece), "n": code_point(piece)}):
                    pass
            else:
                self.xf.write(piece)

    def newline(self, level: int) -> None:
        self.xf.write("\n" + INDENT * level)

    def leaf(self, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None) -> None:
        with self.element(tag, attrs):
            if text:
                self.text(text)

    def node(self, node: Node, level: int) -> None:
        """Write *node*, indenting children only when it has no text children of its own."""
        element_only = bool(node.children) and all(isinstance(c, Node) for c in node.children)
        plain_only = node.tag == "code"  # TEI's code holds text alone: no <g> possible there
        with self.element(node.tag, node.attrs):
            for child in node.children:
                if isinstance(child, Node):
                    if element_only:
                        self.newline(level + 1)
                    self.node(child, level + 1)
                elif plain_only:
                    self.xf.write(escape_plain(child))
                else:
                    self.text(child)
            if element_only:
                self.newline(level)


@contextlib.contextmanager
def tei_file(handle: IO[bytes]) -> Iterator[Emitter]:
    """An Emitter writing a UTF-8 XML file to the binary *handle*, with a fixed declaration."""
    handle.write(DECLARATION)
    with etree.xmlfile(handle, encoding="utf-8") as xf:
        yield Emitter(xf)
    handle.write(b"\n")
