"""Characters XML 1.0 cannot carry, and how bitext keeps them anyway.

XML 1.0 forbids C0 control characters other than tab, line feed and carriage return, the surrogate code
points (which a Python string holds after ``surrogateescape`` decoding) and U+FFFE/U+FFFF.  A document may
still contain them, so the TEI keeps each one as an empty ``<g type="ctrl" n="U+0007"/>`` (TEI's element for
a non-standard character) and the reader turns it back into the same character: text survives the round
trip exactly, and the XML stays well-formed.  Where only plain text is possible (attribute values, ``code``),
:func:`escape_plain` writes a visible ``\\u0007``-style escape instead: lossy, but never ill-formed.
"""

from __future__ import annotations

import re
from typing import Iterator

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# The ``type`` of the ``g`` element for each kind of forbidden character (read back by code point alone).
G_TYPES = ("ctrl", "surrogate", "noncharacter")
_CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")


def has_forbidden(text: str) -> bool:
    return _FORBIDDEN.search(text) is not None


def g_type(char: str) -> str:
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if code in (0xFFFE, 0xFFFF):
        return "noncharacter"
    return "ctrl"


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def from_code_point(value: str | None) -> str | None:
    """``"U+0007"`` → ``"\\x07"``; None for anything else."""
    match = _CODE_POINT.fullmatch(value or "")
    return chr(int(match.group(1), 16)) if match else None


def split_forbidden(text: str) -> Iterator[tuple[bool, str]]:
    """Yield ``(False, run_of_allowed_text)`` and ``(True, forbidden_char)`` pieces in order."""
    pos = 0
    for match in _FORBIDDEN.finditer(text):
        if match.start() > pos:
            yield False, text[pos:match.start()]
        yield True, match.group()
        pos = match.end()
    if pos < len(text):
        yield False, text[pos:]


def escape_plain(text: str) -> str:
    """Replace forbidden characters by a visible escape, for places where no element may stand."""
    return _FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
