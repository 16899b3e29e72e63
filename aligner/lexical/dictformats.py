"""Turning one dictd entry into its single-word translations.

Two entry layouts are known: Mueller's English–Russian dictionary (senses numbered ``1)``, grammar labels
``_n.``, transcriptions in brackets, examples mixed in with Latin text) and FreeDict's TEI-derived layout
(headword line, then translation lines, numbered ``1.`` where there are several senses, each followed by a
definition in the source language)."""

from __future__ import annotations

import re

CYRILLIC_WORD = re.compile(r"^[а-яё\-]+$")
LABEL_RE = re.compile(r"_[^\s.]+\.")                 # _n. _v. _ист. _перен.
BRACKETS_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)|<[^>]*>")
PRONUNCIATION_RE = re.compile(r"/[^/\n]*/")
SENSE_RE = re.compile(r"(?:(?<=\s)|^)(?:\d+[.)]|[а-я]\))(?=\s)")
SPLIT_RE = re.compile(r"[;,]")


def mueller_translations(entry: str) -> list[str]:
    """Russian translations (one word each) of a Mueller entry; examples with English words are skipped."""
    text = entry.split("\n", 1)[1] if "\n" in entry else ""
    text = LABEL_RE.sub(" ", BRACKETS_RE.sub(" ", text))
    out: list[str] = []
    for line in SENSE_RE.split(text.replace("\n", " ")):
        for seg in SPLIT_RE.split(line):
            tokens = seg.strip().lower().split()
            # Only short, purely Russian segments are translations; anything with Latin letters, = or
            # digits is an example, a cross-reference or a note.
            if 1 <= len(tokens) <= 2 and all(CYRILLIC_WORD.match(t) for t in tokens):
                out.extend(tokens)
    return out


def freedict_translations(entry: str) -> list[str]:
    """Translations of a FreeDict entry (line 1, or the lines numbered ``N.``), split into words."""
    lines = entry.split("\n")[1:]
    chosen = []
    for i, line in enumerate(lines):
        m = re.match(r"^\s*\d+\.\s+(.*)$", line)
        if m:
            chosen.append(m.group(1))
        elif i == 0:
            chosen.append(line)
    out: list[str] = []
    for line in chosen:
        line = re.sub(r"\s+\d+\.\s*$", "", BRACKETS_RE.sub(" ", PRONUNCIATION_RE.sub(" ", line)))
        for seg in SPLIT_RE.split(line):
            tokens = seg.strip().split()
            if 1 <= len(tokens) <= 2 and all(t.replace("-", "").isalpha() for t in tokens):
                out.extend(tokens)
    return out


CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
CEDICT_SKIP = ("CL:", "variant of", "surname ", "see ", "abbr. ", "used in ", "old variant", "pr. ", "Kangxi radical")


def cedict_entries(line: str) -> tuple[str, list[str]] | None:
    """(simplified headword, English gloss phrases) of one CC-CEDICT line; None for comments and
    entries that only point elsewhere.  Phrases are returned whole (the caller keeps short ones)."""
    m = CEDICT_LINE.match(line)
    if not m:
        return None
    phrases: list[str] = []
    for gloss in re.split(r"[/;]", m.group(3)):
        gloss = BRACKETS_RE.sub(" ", gloss).strip()
        if not gloss or gloss.startswith(CEDICT_SKIP):
            continue
        if gloss.startswith("to "):
            gloss = gloss[3:]
        phrases.append(gloss)
    return m.group(2), phrases


FORMATS = {"mueller": mueller_translations, "freedict": freedict_translations}
