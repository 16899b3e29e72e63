"""Terminology: glossaries (CSV/TSV, TBX v2/v3), term matching through inflection, consistency checks,
term extraction.  Corpus layer: imports nothing from aligner or tei.

\b
    glossary = load_glossary("terms.csv")                 # or .tbx (v2 or v3)
    for match in TermMatcher(glossary, "ru").find(text):  # TermMatch(start, end, concept_id, term, status)
        ...
    report = check_terminology(pairs, glossary, "en", "ru")   # pairs: (source, target, link id)
"""

from .check import CheckReport, Finding
from .check import check as check_terminology
from .glossary_io import FORMATS, STARTER_GLOSSARY, load_glossary, render_glossary
from .matcher import TermMatch, TermMatcher
from .model import PARTS_OF_SPEECH, STATUSES, Concept, Glossary, Term

__all__ = [
    "FORMATS", "STARTER_GLOSSARY", "load_glossary", "render_glossary",
    "PARTS_OF_SPEECH", "STATUSES", "Concept", "Glossary", "Term",
    "TermMatch", "TermMatcher", "CheckReport", "Finding", "check_terminology",
]
