"""Terminology: glossaries (CSV/TSV, TBX v2/v3), term matching through inflection, consistency checks,
term extraction.  Corpus layer: imports nothing from aligner or tei."""

from .glossary_io import FORMATS, STARTER_GLOSSARY, load_glossary, render_glossary
from .model import PARTS_OF_SPEECH, STATUSES, Concept, Glossary, Term

__all__ = [
    "FORMATS", "STARTER_GLOSSARY", "load_glossary", "render_glossary",
    "PARTS_OF_SPEECH", "STATUSES", "Concept", "Glossary", "Term",
]
