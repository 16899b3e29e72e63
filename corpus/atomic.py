"""Atomic output: write to a temporary file in the target directory, then rename.

A reader of the target path sees either the old file or the complete new one, never a truncated file,
whatever happens to the writing process (tests/test_interrupt.py kills writers at random moments).  An
exception or Ctrl-C removes the temporary file; SIGKILL cannot, and leaves a hidden ``.NAME.xxxx.part`` beside
the target.  That is accepted: bitext never reads such files, and it does not sweep them on the next run
because a concurrent writer to the same target owns one of the same shape.  Devices and FIFOs (``-o
/dev/null``) are written straight through: there is no old content to protect, and renaming over a device
node would replace it with a regular file.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
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
    if target.exists() and not target.is_file():
        # /dev/null, /dev/stdout, a FIFO: renaming over them would replace the device node with a regular
        # file (as root, /dev/null itself); they have no old content to protect, so write straight through.
        try:
            with open(target, mode, encoding=None if binary else encoding, newline=None if binary else "") as handle:
                yield handle
        except OSError as error:
            raise InputError(target, f"cannot write: {error.strerror or error}") from None
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))   # write the file the link names; keep the link
    # Ctrl-C between creating the temporary file and entering the clean-up block below would leave it behind:
    # hold SIGINT/SIGTERM back for those few instructions (delivered as soon as the block is armed).
    with _signals_held():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent or ".")
        except OSError as error:   # /proc, /sys, a read-only mount: the directory check cannot see these
            raise InputError(target, f"cannot write here: {error.strerror or error}") from None
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding, newline=None if binary else "") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError) and error.filename in (None, tmp, str(target)):
            # the disk filled up or the rename failed: a user-facing problem with the output, not a bug
            raise InputError(target, f"cannot write: {error.strerror or error}") from None
        raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Block SIGINT and SIGTERM in this thread for the duration (a no-op where signals are not POSIX or this is
    not the main thread, which is the only one Python delivers them to)."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write *data* to *path* atomically (text as UTF-8)."""
    with atomic_output(path, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)
