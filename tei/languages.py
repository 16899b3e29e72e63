"""English names of languages, for header prose only (``languages.tsv``); unknown codes name themselves."""

from __future__ import annotations

import functools
from pathlib import Path


@functools.cache
def _names() -> dict[str, str]:
    names = {}
    for line in (Path(__file__).with_name("languages.tsv")).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            names[code] = name
    return names


def language_name(tag: str) -> str:
    primary = (tag or "").split("-")[0].lower()
    return _names().get(primary, tag or "unknown language")
