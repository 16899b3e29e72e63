"""tei: TEI P5 and the other interchange formats (TMX, XLIFF, cesAlign, vertical, TSV, JSONL, HTML).
Imports ``corpus`` and ``aligner``.

    tei.write(path, pair, **options)          TEI P5, streaming, atomic (tei.writer)
    tei.read(path) -> AlignedPair              the inverse (tei.reader)
    tei.formats.write(fmt, path, pair, **options), tei.formats.FORMATS
    tei.validate.validate(path) -> (format, [(line, message)])
"""

from .reader import read
from .writer import write

__all__ = ["read", "write"]
