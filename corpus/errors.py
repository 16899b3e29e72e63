"""The one exception type that means "the user gave us something we cannot use".

The CLI turns it into a single line on stderr and exit code 2; everything else is a bug and may traceback.
"""

from __future__ import annotations

import os


class InputError(Exception):
    """Bad input: names the file (or option) and says what is wrong with it."""

    def __init__(self, path: str | os.PathLike | None, problem: str):
        self.path = None if path is None else os.fspath(path)
        self.problem = problem
        super().__init__(self.line())

    def line(self) -> str:
        return f"{self.path}: {self.problem}" if self.path else self.problem
