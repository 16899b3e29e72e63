"""Validate what bitext writes — TEI, TMX, TBX (v3 and v2) and XLIFF 2 — fast and without Java or saxon.

TEI (a pair, or the teiCorpus of ``bitext corpus export``): ``tei/schema/bitext-tei.rng`` (bitext's TEI profile) plus
the cross-reference rules in ``tei.rules``, per TEI.
TMX: the TMX 1.4 DTD (``tei/schema/tmx14.dtd``).  TBX and XLIFF: the structural rules below.
:func:`validate` returns problems as ``(line, message)``; unreadable input raises ``InputError``.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from pathlib import Path
from typing import Callable

from lxml import etree

from . import rules
from .reader import parse
from .xmlout import TEI_NS, XML_NS

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
XML_LANG = f"{{{XML_NS}}}lang"

Problem = tuple[int, str]


@functools.cache
def tei_schema() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMA_DIR / "bitext-tei.rng")))


@functools.cache
def tmx_dtd() -> etree.DTD:
    return etree.DTD(str(SCHEMA_DIR / "tmx14.dtd"))


def _log(errors, fallback_line: int) -> list[Problem]:
    return [(e.line or fallback_line, e.message) for e in errors]


def _profile_problems(tree) -> list[Problem]:
    schema = tei_schema()
    return [] if schema.validate(tree) else _log(schema.error_log, 0)


def check_tei(tree) -> list[Problem]:
    return _profile_problems(tree) + rules.check(tree.getroot())


def check_tei_corpus(tree) -> list[Problem]:
    """A teiCorpus (``bitext corpus export --format tei``): the shipped profile for the whole, the project's
    rules for each TEI in it (pointers stay inside their own TEI)."""
    problems = _profile_problems(tree)
    for text in tree.getroot().iterchildren(f"{{{TEI_NS}}}TEI"):
        problems += rules.check(text)
    return sorted(problems, key=lambda p: (p[0] or 0))


def check_tmx(tree) -> list[Problem]:
    dtd = tmx_dtd()
    problems = [] if dtd.validate(tree) else _log(dtd.error_log, 0)
    root = tree.getroot()
    header = root.find("header")
    srclang = header.get("srclang") if header is not None else None
    for tu in root.iter("tu"):
        langs = [tuv.get(XML_LANG) for tuv in tu.iterfind("tuv")]
        wanted = tu.get("srclang") or srclang
        if wanted and wanted != "*all*" and wanted not in langs:
            problems.append((tu.sourceline, f"tu has no tuv in its source language {wanted!r}"))
    return problems


def _require(element, path: str, what: str, problems: list[Problem], ns: dict) -> list:
    found = element.xpath(path, namespaces=ns)
    if not found:
        problems.append((element.sourceline, f"{what} is missing"))
    return found


def check_tbx3(tree) -> list[Problem]:
    """TBX v3 (ISO 30042:2019) core structure: tbx/@type/@style/@xml:lang, tbxHeader/fileDesc,
    text/body/conceptEntry[@id]/langSec[@xml:lang]/termSec/term (one non-empty term per termSec)."""
    ns = {"t": TBX3_NS}
    root, problems = tree.getroot(), []
    for name in ("type", "style"):
        if not root.get(name):
            problems.append((root.sourceline, f"tbx needs @{name}"))
    if root.get("style") not in (None, "dca", "dct"):
        problems.append((root.sourceline, f"tbx/@style must be dca or dct, not {root.get('style')!r}"))
    if not root.get(XML_LANG):
        problems.append((root.sourceline, "tbx needs xml:lang"))
    _require(root, "t:tbxHeader/t:fileDesc", "tbxHeader/fileDesc", problems, ns)
    bodies = _require(root, "t:text/t:body", "text/body", problems, ns)
    ids = Counter()
    for body in bodies:
        for concept in body.iterfind(f"{{{TBX3_NS}}}conceptEntry"):
            if not concept.get("id"):
                problems.append((concept.sourceline, "conceptEntry needs @id"))
            ids[concept.get("id")] += 1
            for lang_sec in _require(concept, "t:langSec", "conceptEntry/langSec", problems, ns):
                if not lang_sec.get(XML_LANG):
                    problems.append((lang_sec.sourceline, "langSec needs xml:lang"))
                for term_sec in _require(lang_sec, "t:termSec", "langSec/termSec", problems, ns):
                    terms = term_sec.findall(f"{{{TBX3_NS}}}term")
                    if len(terms) != 1 or not "".join(terms[0].itertext()).strip():
                        problems.append((term_sec.sourceline, "termSec needs exactly one non-empty term"))
    problems += [(0, f"duplicate conceptEntry id {i!r}") for i, n in ids.items() if i and n > 1]
    return problems


def check_tbx2(tree) -> list[Problem]:
    """TBX v2 (martif, ISO 30042:2008) as OmegaT and translate-toolkit read it."""
    root, problems = tree.getroot(), []
    if not root.get("type"):
        problems.append((root.sourceline, "martif needs @type"))
    if not root.get(XML_LANG):
        problems.append((root.sourceline, "martif needs xml:lang"))
    _require(root, "martifHeader/fileDesc", "martifHeader/fileDesc", problems, {})
    for entry in root.iterfind("text/body/termEntry"):
        for lang_set in _require(entry, "langSet", "termEntry/langSet", problems, {}):
            if not lang_set.get(XML_LANG):
                problems.append((lang_set.sourceline, "langSet needs xml:lang"))
            terms = lang_set.xpath("tig/term | ntig/termGrp/term")
            if not terms:
                problems.append((lang_set.sourceline, "langSet needs a tig/term or ntig/termGrp/term"))
    if root.find("text/body") is None:
        problems.append((root.sourceline, "text/body is missing"))
    return problems


def check_xliff2(tree) -> list[Problem]:
    """XLIFF 2.x core structure: version, srcLang, file[@id]/unit[@id]/segment/source, unique ids, states."""
    ns = {"x": XLIFF2_NS}
    root, problems = tree.getroot(), []
    if not (root.get("version") or "").startswith("2."):
        problems.append((root.sourceline, "xliff/@version must be 2.x"))
    if not root.get("srcLang"):
        problems.append((root.sourceline, "xliff needs @srcLang"))
    for file_el in _require(root, "x:file", "xliff/file", problems, ns):
        seen: Counter[str] = Counter()
        for unit in file_el.iter(f"{{{XLIFF2_NS}}}unit"):
            seen[unit.get("id")] += 1
            if not unit.get("id"):
                problems.append((unit.sourceline, "unit needs @id"))
            elif seen[unit.get("id")] == 2:
                problems.append((unit.sourceline, f"duplicate unit id {unit.get('id')!r}"))
            for segment in unit.xpath("x:segment", namespaces=ns):
                if segment.find(f"{{{XLIFF2_NS}}}source") is None:
                    problems.append((segment.sourceline, "segment needs source"))
                state = segment.get("state")
                if state not in (None, "initial", "translated", "reviewed", "final"):
                    problems.append((segment.sourceline, f"segment/@state {state!r} is not an XLIFF 2 state"))
    return problems


CHECKS: dict[str, tuple[str, Callable]] = {
    f"{{{TEI_NS}}}TEI": ("TEI", check_tei),
    f"{{{TEI_NS}}}teiCorpus": ("TEI corpus", check_tei_corpus),
    "tmx": ("TMX", check_tmx),
    f"{{{TBX3_NS}}}tbx": ("TBX", check_tbx3),
    "martif": ("TBX v2", check_tbx2),
    f"{{{XLIFF2_NS}}}xliff": ("XLIFF", check_xliff2),
}


def validate(path: str | os.PathLike) -> tuple[str, list[Problem]]:
    """``(format name, problems)`` for one file; InputError if it cannot be read, parsed or recognised."""
    from corpus.errors import InputError

    tree = parse(path)
    root = tree.getroot()
    if root.tag not in CHECKS:
        raise InputError(path, f"not a TEI, teiCorpus, TMX, TBX or XLIFF 2 file (root element {root.tag!r})")
    name, check = CHECKS[root.tag]
    return name, check(tree)
