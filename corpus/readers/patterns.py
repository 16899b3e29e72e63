"""The wording of site chrome, loaded from ``chrome_patterns.tsv`` and ``language_names.tsv`` (data, not code).

``match(text)`` says which chrome kind a block's wording marks, if any, and for a language switch which
language it points to and the URL written in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

HOWS = ("full", "prefix", "contains")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"«»]+[^\s<>\"«».,;:!?)\]]")
# Decoration around a label that does not change what it says: bullets, arrows, brackets, trailing colons.
EDGE = re.compile(r"^[\s•·\-–—*▪►▸→›»>|/\\(\[]+|[\s•·\-–—*▪►▸→›»←‹«<|/\\:.…!)\]]+$")


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    how: str
    regex: re.Pattern


@dataclass(frozen=True, slots=True)
class Match:
    kind: str
    how: str
    lang: str = ""   # language switch: the target language
    href: str = ""   # a URL written in the block, if any


def _data(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Every listed name (lowercase) → language code."""
    names: dict[str, str] = {}
    for line in _data("language_names.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, words = line.split("\t", 1)
        for word in words.split():
            names.setdefault(word.lower(), code)
    return names


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    names = sorted(language_names(), key=len, reverse=True)
    lang_group = "(?P<lang>" + "|".join(re.escape(n) for n in names) + ")"
    loaded = []
    for number, line in enumerate(_data("chrome_patterns.tsv").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, how, pattern = line.split("\t")
        if how not in HOWS:
            raise ValueError(f"chrome_patterns.tsv:{number}: unknown match type {how!r}")
        # Each {lang} gets its own group name so one pattern may name the language more than once.
        parts = pattern.split("{lang}")
        pattern = parts[0] + "".join(
            lang_group.replace("?P<lang>", f"?P<lang{i}>") + part for i, part in enumerate(parts[1:])
        )
        if how == "full":
            pattern = f"(?:{pattern})"
        elif how == "prefix":
            pattern = rf"(?:{pattern})(?=[\s:.,—–-]|$)"
        loaded.append(Rule(kind, how, re.compile(pattern, re.IGNORECASE)))
    return tuple(loaded)


def normalise_label(text: str) -> str:
    """The wording of a short block without URLs and decoration, lowercased and with single spaces."""
    text = URL.sub(" ", text)
    text = " ".join(text.split())
    text = EDGE.sub("", text)
    return text.lower()


def find_url(text: str) -> str:
    found = URL.search(text)
    return found.group(0) if found else ""


def match(text: str, hows: tuple[str, ...] = HOWS) -> Match | None:
    """The first rule (in file order, full before prefix before contains) that marks *text* as chrome."""
    label = normalise_label(text)
    if not label:
        return None
    for how in HOWS:
        if how not in hows:
            continue
        for rule in rules():
            if rule.how != how:
                continue
            if how == "full":
                found = rule.regex.fullmatch(label)
            elif how == "prefix":
                found = rule.regex.match(label)
            else:
                found = rule.regex.search(text.lower())
            if not found:
                continue
            lang = ""
            for group, value in found.groupdict().items():
                if group.startswith("lang") and value:
                    lang = language_names()[value.lower()]
                    break
            return Match(rule.kind, how, lang, find_url(text))
    return None
