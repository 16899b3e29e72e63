"""HTML through XSLT: the TEI rendered by ``tei/bitext-parallel.xsl`` (XSLT 1.0) as two columns, one row
per link.  Any XSLT 1.0 processor gives the same page from a TEI file; here lxml runs it."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from aligner.model import AlignedPair
from lxml import etree

from .. import writer
from ..reader import parser
from . import Format, register

STYLESHEET = Path(__file__).resolve().parents[1] / "bitext-parallel.xsl"


@functools.cache
def transform() -> etree.XSLT:
    # DENY_ALL: the stylesheet needs no file or network access, so none is allowed (defence in depth)
    return etree.XSLT(etree.parse(str(STYLESHEET), parser()), access_control=etree.XSLTAccessControl.DENY_ALL)


def render(tei_bytes: bytes) -> bytes:
    result = transform()(etree.fromstring(tei_bytes, parser()).getroottree())
    return b"<!DOCTYPE html>\n" + etree.tostring(result, method="html", encoding="utf-8", pretty_print=True)


def write_to(handle, pair: AlignedPair, **options) -> None:
    buffer = io.BytesIO()
    writer.write_to(buffer, pair, **options)
    handle.write(render(buffer.getvalue()))


register(Format("html-xslt", "html", "HTML, two columns side by side (TEI through bitext-parallel.xsl)", write_to))
