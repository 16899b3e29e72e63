"""tei: TEI P5 and the other interchange formats (TMX, XLIFF, cesAlign, TSV, JSONL). Imports ``corpus`` and ``aligner``."""
