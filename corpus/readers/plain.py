"""Plain text → candidate blocks: runs of non-blank lines, split into lines where they look like a list.

A paragraph may be one long line (text copied from a web page) or hard-wrapped over several lines (e-texts,
e-mail); a list, a menu or a stack of page labels is several short lines with no blank line between them.
"""

from __future__ import annotations

import re
import unicodedata

from ..words import IDEOGRAPHIC
from .chrome import Candidate, SENTENCE_END

BULLET = re.compile(r"^\s*(?:[-–—•*·▪►‣◦]|\d{1,3}[.)])\s+\S")
# Line lengths in columns, as text is wrapped: a Chinese or Japanese character takes two (``columns``).
WRAP_MIN_LINE = 40   # a hard-wrapped paragraph's lines (all but the last) are at least this long
WRAP_TWO_LINES = 60  # ... and the first of only two lines at least this long
MID_SENTENCE_ENDS = (",", "-", "–", ";", "，", "、", "；")


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    pos = start
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop == -1 else stop
        spans.append((pos, stop))
        pos = stop + 1
    return spans


def columns(line: str) -> int:
    """The width of a line in a fixed-width display: two columns for a wide (CJK) character, else one.  A
    Chinese e-text wrapped at 70 columns has lines of 35 characters, which counted as characters looked too
    short to be a wrapped paragraph: each line became a paragraph of its own and its sentences were cut."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def runs_of_lines(text: str) -> list[list[tuple[int, int]]]:
    """Groups of consecutive non-blank lines, each line as stripped ``(start, end)``."""
    groups: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for a, b in _lines(text, 0, len(text)):
        a, b = _strip(text, a, b)
        if a == b:
            if current:
                groups.append(current)
                current = []
        else:
            current.append((a, b))
    if current:
        groups.append(current)
    return groups


def is_wrapped(text: str, lines: list[tuple[int, int]]) -> bool:
    """Several lines that are one paragraph: long lines that mostly break mid-sentence."""
    if len(lines) < 2:
        return False
    if len(lines) == 2:
        # Two lines are a wrapped paragraph only if the break is plainly mid-sentence: a long first line
        # and a lowercase continuation or a first line ending on a comma or hyphen.  "Teaser title" over
        # "Author Name" is two entries.
        (a1, b1), (a2, _) = lines
        first = text[a1:b1]
        # In Chinese and Japanese a line that breaks between two characters of a word is as plain.
        mid_word = bool(IDEOGRAPHIC.match(first[-1]) and IDEOGRAPHIC.match(text[a2]))
        return columns(first) >= WRAP_TWO_LINES and (text[a2].islower() or first.endswith(MID_SENTENCE_ENDS)
                                                     or mid_word)
    body = lines[:-1]
    if any(columns(text[a:b]) < WRAP_MIN_LINE for a, b in body):
        return False
    if any(BULLET.match(text[a:b]) for a, b in lines):
        return False
    open_ends = sum(1 for a, b in body if not SENTENCE_END.search(text[a:b]))
    lower_starts = sum(1 for a, _ in lines[1:] if text[a].islower())
    return open_ends * 2 >= len(body) or lower_starts * 2 >= len(body)


def plain_candidates(text: str) -> list[Candidate]:
    candidates = []
    for lines in runs_of_lines(text):
        if len(lines) == 1 or is_wrapped(text, lines):
            a, b = lines[0][0], lines[-1][1]
            candidates.append(Candidate(a, b, text[a:b], "wrapped" if len(lines) > 1 else "line"))
            continue
        bulleted = any(BULLET.match(text[a:b]) for a, b in lines)
        for a, b in lines:
            # Beside bulleted lines, a line without a bullet is the list's lead-in or a heading, not an item.
            shape = "bullet" if BULLET.match(text[a:b]) else ("line" if bulleted else "list")
            candidates.append(Candidate(a, b, text[a:b], shape))
    return candidates
