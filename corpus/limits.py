"""The largest input file bitext reads, so a stray or hostile file cannot exhaust memory.

Reading holds the bytes, the decoded text (up to 4 bytes a character) and the document model at once; the
default of 50 MB keeps a run on the largest real article pair far below the machine's memory while refusing
a video or a disk image passed by mistake.  ``BITEXT_MAX_INPUT_BYTES`` changes it (a plain number of bytes,
or with a ``K``/``M``/``G`` suffix); ``0`` turns the limit off.  The size is checked with ``stat`` before a
byte is read, and again on the bytes actually read (a file that grows while we read it, or a pipe).
"""

from __future__ import annotations

import os
import re

from .errors import InputError

DEFAULT_MAX_INPUT_BYTES = 50 * 1000 * 1000
ENV_VAR = "BITEXT_MAX_INPUT_BYTES"
_UNITS = {"": 1, "K": 1000, "M": 1000 ** 2, "G": 1000 ** 3}
_SIZE = re.compile(r"^\s*(\d+)\s*([KMG]?)B?\s*$", re.IGNORECASE)


def parse_size(value: str) -> int:
    """``"50M"`` → 50,000,000; raise ``InputError`` naming the variable when it is not a size."""
    match = _SIZE.match(value)
    if not match:
        raise InputError(ENV_VAR, f"{value!r} is not a size in bytes (e.g. 50000000, 50M, 2G, or 0 for no limit)")
    return int(match.group(1)) * _UNITS[match.group(2).upper()]


def max_input_bytes() -> int:
    """The limit in force now (read from the environment on every call so tests and callers can change it)."""
    value = os.environ.get(ENV_VAR)
    return DEFAULT_MAX_INPUT_BYTES if value is None or not value.strip() else parse_size(value)


def _human(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size:,} bytes"


def check_size(path: str | os.PathLike | None, size: int) -> None:
    """Refuse an input of *size* bytes when it is over the limit."""
    limit = max_input_bytes()
    if limit and size > limit:
        raise InputError(path, f"file is too large ({_human(size)}; the limit is {_human(limit)}: "
                               f"set {ENV_VAR} to raise it)")


def check_file_size(path: str | os.PathLike) -> None:
    """Refuse *path* before reading it when ``stat`` already shows it is over the limit."""
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # the caller's own read reports the problem in its words
    check_size(path, size)
