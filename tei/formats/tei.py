"""TEI P5 (the primary output): see ``tei.writer``."""

from __future__ import annotations

from .. import writer
from . import Format, register

register(Format("tei", "tei.xml", "TEI P5: both texts, sentences and the stand-off alignment", writer.write_to))
