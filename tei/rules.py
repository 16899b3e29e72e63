"""The rules of an aligned TEI file that no RELAX NG can state — the Python twin of the project's
``bitext-rules.sch`` (so ``bitext validate`` needs no XSLT 2 processor):

- every local pointer (``#id`` in target, ref, corresp, decls, who, resp, domains) resolves; ids are unique;
- an alignment ``link`` has exactly two pointers, its ``@type`` matches the sentence counts on each side,
  its ``@cert`` is 0–1 or high|medium|low|unknown, and each side is a sentence of a language version or a join;
- every sentence of a language version is covered exactly once (by a link, an ``unaligned`` ptr or a join);
- each language version has ``xml:lang``, declared in ``langUsage``;
- ``appInfo/application`` names the tool and version; ``revisionDesc`` has a dated ``change``.

Each rule yields ``(line, message)``.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterator

from lxml import etree

from .xmlout import TEI_NS, XML_NS

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"
POINTER_ATTRIBUTES = ("target", "ref", "corresp", "decls", "who", "resp", "domains")
CERT_WORDS = ("high", "medium", "low", "unknown")

Problem = tuple[int, str]


def _pointers(value: str | None) -> list[str]:
    return (value or "").split()


def check(root: etree._Element) -> list[Problem]:
    ids: dict[str, etree._Element] = {}
    problems: list[Problem] = []
    for element in root.iter():
        xml_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if xml_id is not None:
            if xml_id in ids:
                first = ids[xml_id].sourceline
                problems.append((element.sourceline, f"duplicate xml:id {xml_id!r} (first on line {first})"))
            else:
                ids[xml_id] = element
    for rule in (pointers_resolve, alignment_links, coverage, languages, header):
        problems.extend(rule(root, ids))
    return sorted(problems, key=lambda p: (p[0] or 0))


def pointers_resolve(root, ids) -> Iterator[Problem]:
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in POINTER_ATTRIBUTES:
            dangling = [p for p in _pointers(element.get(name)) if p.startswith("#") and p[1:] not in ids]
            if dangling:
                yield element.sourceline, (f"{etree.QName(element).localname}/@{name}: dangling pointer(s) "
                                           f"{' '.join(dangling)}")


def _in_version(element) -> bool:
    return any(a.tag == f"{T}text" and a.get(XML_LANG) for a in element.iterancestors())


def alignment_links(root, ids) -> Iterator[Problem]:
    for link in root.iterfind(f"{T}standOff/{T}linkGrp[@type='alignment']/{T}link"):
        sides = _pointers(link.get("target"))
        if len(sides) != 2:
            yield link.sourceline, f"an alignment link has exactly two pointers, not {len(sides)}; use join for n-m"
            continue
        counts = []
        for pointer in sides:
            target = ids.get(pointer[1:]) if pointer.startswith("#") else None
            if target is None:
                counts.append(1)
                continue
            if target.tag == f"{T}join":
                counts.append(len(_pointers(target.get("target"))))
            else:
                counts.append(1)
                if not _in_version(target):
                    yield link.sourceline, f"link side {pointer} is neither a join nor inside a language version"
        kind = f"{counts[0]}-{counts[1]}"
        if link.get("type") is not None and link.get("type") != kind:
            yield link.sourceline, f"link @type {link.get('type')!r} does not match the pointer counts {kind}"
        cert = link.get("cert")
        if cert is not None and cert not in CERT_WORDS:
            try:
                ok = 0.0 <= float(cert) <= 1.0
            except ValueError:
                ok = False
            if not ok:
                yield link.sourceline, f"@cert {cert!r} must be 0..1 or high|medium|low|unknown"


def coverage(root, ids) -> Iterator[Problem]:
    covers: Counter[str] = Counter()
    for group in root.iterfind(f"{T}standOff/{T}linkGrp[@type='alignment']"):
        for item in group:
            if item.tag == f"{T}link" or (item.tag == f"{T}ptr" and item.get("type") == "unaligned"):
                covers.update(_pointers(item.get("target")))
    for join in root.iter(f"{T}join"):
        covers.update(_pointers(join.get("target")))
    for version in root.iterfind(f"{T}text/{T}group/{T}text"):
        for sentence in version.iter(f"{T}s"):
            xml_id = sentence.get(XML_ID)
            if xml_id is None:
                continue
            n = covers[f"#{xml_id}"]
            if n != 1:
                yield sentence.sourceline, (f"sentence {xml_id} must be covered by exactly one link/join or "
                                            f"declared unaligned (found {n})")


def languages(root, ids) -> Iterator[Problem]:
    declared = {lang.get("ident") for lang in
                root.iterfind(f"{T}teiHeader/{T}profileDesc/{T}langUsage/{T}language")}
    for version in root.iterfind(f"{T}text/{T}group/{T}text"):
        lang = version.get(XML_LANG)
        if not lang:
            yield version.sourceline, "a language version (group/text) needs xml:lang"
        elif lang not in declared:
            yield version.sourceline, f"xml:lang {lang!r} is not declared in langUsage"


def header(root, ids) -> Iterator[Problem]:
    head = root.find(f"{T}teiHeader")
    if head is None:
        yield root.sourceline, "no teiHeader"
        return
    if not any(a.get("ident") and a.get("version")
               for a in head.iterfind(f"{T}encodingDesc/{T}appInfo/{T}application")):
        yield head.sourceline, "record the producing tool and version in encodingDesc/appInfo/application"
    if not any(c.get("when") for c in head.iterfind(f"{T}revisionDesc/{T}change")):
        yield head.sourceline, "record at least one dated change in revisionDesc"
