"""The words translators and TBX files use for statuses, parts of speech and yes/no, mapped to the model's."""

from __future__ import annotations

import re

# Status words as found in spreadsheets and in TBX administrativeStatus / normativeAuthorization values.
STATUS_WORDS = {
    "preferred": "preferred", "pref": "preferred", "p": "preferred", "use": "preferred", "approved": "preferred",
    "preferredterm": "preferred", "preferredterm-admn-sts": "preferred", "standardizedterm-admn-sts": "preferred",
    "admitted": "admitted", "admissible": "admitted", "allowed": "admitted", "acceptable": "admitted",
    "a": "admitted", "variant": "admitted", "admittedterm": "admitted", "admittedterm-admn-sts": "admitted",
    "forbidden": "forbidden", "f": "forbidden", "prohibited": "forbidden", "avoid": "forbidden",
    "do not use": "forbidden", "deprecated": "forbidden", "deprecatedterm": "forbidden",
    "deprecatedterm-admn-sts": "forbidden", "supersededterm-admn-sts": "forbidden", "superseded": "forbidden",
    "notrecommendedterm-admn-sts": "forbidden", "obsoleteterm-admn-sts": "forbidden", "obsolete": "forbidden",
}

# What TBX-Basic's administrativeStatus picklist allows, per model status.
TBX_STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "forbidden": "deprecatedTerm-admn-sts",
}

POS_WORDS = {
    "noun": "noun", "n": "noun", "nn": "noun", "noun phrase": "noun", "np": "noun", "proper noun": "noun",
    "propernoun": "noun", "сущ": "noun", "существительное": "noun",
    "verb": "verb", "v": "verb", "vb": "verb", "глагол": "verb",
    "adjective": "adjective", "adj": "adjective", "a": "adjective", "jj": "adjective", "прил": "adjective",
    "прилагательное": "adjective",
    "adverb": "adverb", "adv": "adverb", "rb": "adverb", "наречие": "adverb",
    "other": "other",
}

YES = {"yes", "y", "true", "1", "x", "cs", "case-sensitive", "case sensitive", "да"}
NO = {"no", "n", "false", "0", "ci", "case-insensitive", "case insensitive", "нет"}

# The TBX note that carries our case-sensitivity flag (TBX-Basic has no data category for it).
CASE_NOTES = {"case-sensitive": True, "case-insensitive": False}


def _key(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip().lower())


def status_of(value: str) -> str | None:
    return STATUS_WORDS.get(_key(value))


def pos_of(value: str) -> str | None:
    return POS_WORDS.get(_key(value).rstrip("."))


def flag_of(value: str) -> bool | None:
    key = _key(value)
    return True if key in YES else False if key in NO else None
