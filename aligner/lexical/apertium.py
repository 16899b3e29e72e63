"""Word pairs from an Apertium bilingual dictionary (Debian's ``apertium-<l1>-<l2>`` packages ship them
compiled, as ``/usr/share/apertium/apertium-*/<l1>-<l2>.autobil.bin``).

``lt-print`` (Debian ``lttoolbox-dev``) dumps the transducer as AT&T text; every path from the start to a final
state is one entry, input side the source lemma and output side the target lemma, with ``<tags>`` dropped.
Only paths made of letters are followed: the bilingual files also hold patterns for numbers and personal
names whose paths are counted in millions and carry no translation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Iterator

EPSILON = "ε"
MAX_LEN = 60


def _usable(symbol: str) -> bool:
    return symbol == EPSILON or symbol.startswith("<") or symbol.isalpha() or symbol == "-"


def _text(symbols: list[str]) -> str:
    return "".join(s for s in symbols if s != EPSILON and not (s.startswith("<") and len(s) > 1))


def att_pairs(att: str) -> Iterator[tuple[str, str]]:
    """(input, output) strings of every path of an AT&T dump (sections separated by ``--``)."""
    for section in att.split("\n--\n"):
        arcs: dict[int, list[tuple[int, str, str]]] = {}
        finals: set[int] = set()
        for line in section.splitlines():
            parts = line.split("\t")
            if len(parts) >= 4:
                arcs.setdefault(int(parts[0]), []).append((int(parts[1]), parts[2], parts[3]))
            elif parts[0].strip():
                finals.add(int(parts[0]))
        # Iterative depth-first walk; states on the current path are skipped, so cycles end.
        stack: list[tuple[int, int]] = [(0, 0)]
        ins: list[str] = []
        outs: list[str] = []
        on_path = [0]
        while stack:
            state, k = stack.pop()
            if k == 0 and state in finals:
                yield _text(ins), _text(outs)
            edges = arcs.get(state, ())
            while k < len(edges):
                target, a, b = edges[k]
                k += 1
                if target in on_path or len(ins) >= MAX_LEN or not (_usable(a) and _usable(b)):
                    continue
                if not ins and a[:1].isupper():
                    continue        # name patterns: the names signal handles names
                stack.append((state, k))
                stack.append((target, 0))
                ins.append(a)
                outs.append(b)
                on_path.append(target)
                break
            else:
                if len(on_path) > 1:
                    ins.pop()
                    outs.pop()
                    on_path.pop()


def apertium_entries(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(source lemma, [target lemma]) for each entry of a compiled bilingual dictionary; nothing when
    ``lt-print`` is not installed."""
    tool = shutil.which("lt-print")
    if tool is None:
        return
    dump = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False).stdout
    for src, tgt in att_pairs(dump):
        if src and tgt:
            yield src, [tgt]
