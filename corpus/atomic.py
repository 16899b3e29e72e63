"""Atomic output: write to a temporary file in the target directory, then rename.

A reader of the target path sees either the old file or the complete new one, never a truncated file,
whatever happens to the writing process.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from .errors import InputError


def check_output_path(path: str | os.PathLike, inputs: tuple[str | os.PathLike, ...] = ()) -> Path:
    """Refuse an output path that is an input, or whose directory is missing or not writable."""
    out = Path(path)
    for given in inputs:
        with contextlib.suppress(OSError):
            if Path(given).resolve() == out.resolve():
                raise InputError(out, "output path is also an input; refusing to overwrite an input")
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(out, f"output directory {str(parent)!r} does not exist")
    if not os.access(parent, os.W_OK):
        raise InputError(out, f"output directory {str(parent)!r} is not writable")
    if out.is_dir():
        raise InputError(out, "output path is a directory")
    return out


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary sibling of *path* for writing; rename it over *path* only on success."""
    target = Path(path)
    binary = "b" in mode
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write *data* to *path* atomically (text as UTF-8)."""
    with atomic_output(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
