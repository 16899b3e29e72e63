"""Deterministic ``xml:id``s for everything bitext writes into a TEI file.

Sentences are ``<side>.s<N>`` with N counting a side's body sentences from 1, in document order (link
index i is sentence ``s<i+1>``); ``<side>`` is the language code made into an NCName, with a digit added
when both sides share a language.  Links are ``al.l<N>``, unaligned pointers ``al.u<N>``, joins ``al.j<N>``.
People who corrected links get ``person.<name>`` ids; the tool is ``app.bitext``.
"""

from __future__ import annotations

import re
from typing import Iterator

APP_ID = "app.bitext"
TOOL_RESP = "bitext"            # Link.resp for links the tool made
_NOT_NAME_CHAR = re.compile(r"[^\w.\-]", re.UNICODE)


def ncname(text: str, fallback: str = "x") -> str:
    """Make *text* usable as an XML NCName (letters, digits, ``.-_``; starts with a letter or ``_``)."""
    name = _NOT_NAME_CHAR.sub("_", text.strip()) or fallback
    if not (name[0].isalpha() or name[0] == "_"):
        name = f"{fallback}{name}"
    return name


_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")


def language_tag(lang: str | None) -> str:
    """*lang* as a tag XML's xml:lang accepts (``en_US`` → ``en-US``); ``und`` (undetermined) if it is none."""
    tag = (lang or "").strip().replace("_", "-")
    return tag if _LANGUAGE_TAG.fullmatch(tag) else "und"


def side_prefixes(src_lang: str, tgt_lang: str) -> tuple[str, str]:
    """The id prefix of each language version: its language tag, distinguished if both are the same."""
    src, tgt = ncname(language_tag(src_lang), "l"), ncname(language_tag(tgt_lang), "l")
    if src == tgt:
        return f"{src}1", f"{tgt}2"
    return src, tgt


def sentence_id(prefix: str, index: int) -> str:
    """*index* is the 0-based body-sentence index used by the alignment."""
    return f"{prefix}.s{index + 1}"


def sentence_index(xml_id: str, prefix: str) -> int | None:
    head = f"{prefix}.s"
    if xml_id.startswith(head) and xml_id[len(head):].isdigit():
        return int(xml_id[len(head):]) - 1
    return None


def bibl_id(prefix: str) -> str:
    return f"src.{prefix}"


class PersonIds:
    """Stable ids for the people (or other agents) named in ``Link.resp`` and revisions, in order of first use."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def add(self, who: str) -> str:
        if who == TOOL_RESP:
            return APP_ID
        if who not in self.ids:
            base = f"person.{ncname(who)}"
            candidate, n = base, 2
            while candidate in self.ids.values():
                candidate, n = f"{base}-{n}", n + 1
            self.ids[who] = candidate
        return self.ids[who]

    def ref(self, who: str) -> str:
        return "#" + self.add(who)


def link_ids(links) -> Iterator[str]:
    """The id of each link, in order: ``al.l<N>`` for links with two sides, ``al.u<N>`` for unaligned groups
    (the TEI's ``link``/``ptr`` ids; TMX, XLIFF, TSV and JSONL use the same ones)."""
    n_link = n_unaligned = 0
    for link in links:
        if link.src and link.tgt:
            n_link += 1
            yield f"al.l{n_link}"
        else:
            n_unaligned += 1
            yield f"al.u{n_unaligned}"
