"""Take a reviewer's XLIFF back into the aligned pair (``bitext import-review``).

The reviewer works in a CAT tool on the XLIFF that ``tei.formats.xliff`` wrote: one unit per link.  Two kinds
of correction come back:

- a unit's ``segment/@state`` raised to ``reviewed`` or ``final``: the reviewer confirms that link;
- sentences moved between units (cut from one unit's target, pasted into its neighbour's, or a unit
  emptied): the alignment changes.  Every unit's source and target must still be the next sentences of
  each language version, in order; whitespace may differ.  Edits of the words themselves are refused —
  they would change the texts, which the TEI keeps exactly.

Links the reviewer confirmed or changed get ``resp`` = the reviewer and certainty 1; the others stay as they
were; the review is added to the pair's revisions (the TEI's ``revisionDesc``).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import PurePath

from aligner.model import AlignedPair, Alignment, Link
from corpus.errors import InputError
from lxml import etree

from .header import revisions
from .metadata import tool_version
from .reader import parse
from .rows import status
from .formats.xliff import STATE, XLIFF_NS

X = f"{{{XLIFF_NS}}}"
CONFIRMING = ("reviewed", "final")


def _text(element) -> str:
    """Text of an XLIFF source/target: ``<cp hex>`` back to its character, inline markup reduced to text."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{X}cp":
            try:
                parts.append(chr(int(child.get("hex", ""), 16)))
            except ValueError:
                pass
        elif isinstance(child.tag, str):
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _links(n: int) -> str:
    return f"{n} link" + ("" if n == 1 else "s")


def _squeeze(text: str) -> str:
    return "".join(text.split())


@dataclasses.dataclass
class Unit:
    id: str
    line: int
    source: str
    target: str
    state: str | None


def read_units(path: str | os.PathLike) -> tuple[etree._Element, list[Unit]]:
    root = parse(path).getroot()
    if root.tag != f"{X}xliff":
        raise InputError(path, "not an XLIFF 2 file (expected an xliff element in the XLIFF 2.0 namespace)")
    units = []
    for unit in root.iter(f"{X}unit"):
        segments = unit.findall(f"{X}segment")
        states = [s.get("state") for s in segments if s.get("state")]
        source = " ".join(_text(s.find(f"{X}source")) for s in segments if s.find(f"{X}source") is not None)
        target = " ".join(_text(s.find(f"{X}target")) for s in segments if s.find(f"{X}target") is not None)
        # a unit counts as confirmed only if every segment in it is
        state = min(states, key=("initial", "translated", "reviewed", "final").index) if states else None
        units.append(Unit(unit.get("id") or "", unit.sourceline, source, target, state))
    return root, units


def _consume(path, unit: Unit, text: str, sentences: list[str], start: int, side: str) -> int:
    """How many sentences from *start* make up *text* (whitespace ignored); InputError if none do."""
    wanted = _squeeze(text)
    taken, count = "", 0
    while len(taken) < len(wanted) and start + count < len(sentences):
        taken += sentences[start + count]
        count += 1
        if not wanted.startswith(taken):
            break
    if taken != wanted:
        expected = sentences[start][:60] if start < len(sentences) else "(no sentences left)"
        raise InputError(path, f"line {unit.line}: unit {unit.id!r}: the {side} text is not the next sentences "
                               f"of the {side} (expected it to start {expected!r}); import-review takes review "
                               "states and sentences moved between units, not edits of the text")
    return count


def import_review(pair: AlignedPair, path: str | os.PathLike, reviewer: str, date: str) -> tuple[AlignedPair, dict]:
    root, units = read_units(path)
    for attribute, document in (("srcLang", pair.src), ("trgLang", pair.tgt)):
        if root.get(attribute) and root.get(attribute) != document.lang:
            raise InputError(path, f"@{attribute} is {root.get(attribute)!r} but the TEI's version is "
                                   f"{document.lang!r}")
    src = [_squeeze(s.text) for _, _, s in pair.src.sentences()]
    tgt = [_squeeze(s.text) for _, _, s in pair.tgt.sentences()]
    before = {(link.src, link.tgt): link for link in pair.alignment.links}
    links, i, j = [], 0, 0
    summary = {"units": len(units), "confirmed": 0, "changed": 0, "kept": 0}
    for unit in units:
        a = _consume(path, unit, unit.source, src, i, "source")
        b = _consume(path, unit, unit.target, tgt, j, "target")
        key = (tuple(range(i, i + a)), tuple(range(j, j + b)))
        i, j = i + a, j + b
        if not (a or b):
            continue  # the reviewer emptied this unit: its sentences went elsewhere
        old = before.get(key)
        if old is None:
            links.append(Link(*key, confidence=1.0, cost=0.0, resp=reviewer))
            summary["changed"] += 1
        elif unit.state in CONFIRMING and unit.state != STATE[status(old)]:
            links.append(dataclasses.replace(old, confidence=1.0, resp=reviewer))
            summary["confirmed"] += 1
        else:
            links.append(old)
            summary["kept"] += 1
    if i != len(src) or j != len(tgt):
        raise InputError(path, f"the units cover {i} of {len(src)} source and {j} of {len(tgt)} target sentences; "
                               "every sentence must stay in some unit")
    alignment = Alignment(links, pair.alignment.n_src, pair.alignment.n_tgt, dict(pair.alignment.signature))
    alignment.check()
    run = dict(pair.run)
    history = revisions(pair, pair.run.get("date") or date, tool_version(pair))
    history.append({"when": date, "who": reviewer, "status": "reviewed",
                    "text": f"Review imported from {PurePath(os.fspath(path)).name}: {_links(summary['confirmed'])} "
                            f"confirmed, {_links(summary['changed'])} changed, {summary['kept']} left as they were."})
    run["revisions"] = history
    run.setdefault("date", pair.run.get("date") or date)
    return AlignedPair(pair.src, pair.tgt, alignment, run), summary
