"""Loading the small data files shipped in ``aligner/lexical/data`` (word lists as data, not code)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if line:
            out.append(line)
    return out


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    """Function words of ``lang`` (lowercase); empty when the language has no list."""
    return frozenset(w.lower() for w in _lines(DATA_DIR / f"stopwords_{lang}.txt"))


@lru_cache(maxsize=None)
def number_words(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """(values, multipliers) for spelled-out numbers of ``lang``: ``{"five": 5}``, ``{"million": 1000000}``."""
    values: dict[str, int] = {}
    multipliers: dict[str, int] = {}
    for line in _lines(DATA_DIR / f"numwords_{lang}.tsv"):
        word, value = line.split("\t")
        if value.startswith("x"):
            multipliers[word.lower()] = int(value[1:])
        else:
            values[word.lower()] = int(value)
    return values, multipliers
