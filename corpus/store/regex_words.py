"""Words a regular expression cannot match without: an FTS5 prefilter, so ``--regex`` runs Python's ``re``
only on the links that contain them instead of on every link.

Only the top level of the pattern is read (``re``'s own parser): a run of literal letters and digits is a whole
word when something that ends a word stands on each side (``\\b``, a space or punctuation, ``^``/``$``), and a
word prefix when only its left side is bounded (``\\bZelensk\\w*`` → ``zelensk*``).  A run bounded on neither
side, or a pattern whose top level is an alternation, gives nothing, and the search scans (still correct,
only slower).  FTS5 folds case, so the prefilter finds a superset of the matches whatever the flags.
"""

from __future__ import annotations

import re

try:
    from re import _constants as sre_constants, _parser as sre_parser
except ImportError:  # Python < 3.11
    import sre_constants  # type: ignore[no-redef]
    import sre_parse as sre_parser  # type: ignore[no-redef]

_WORD_CHAR = re.compile(r"[^\W_]")
_ENDS_WORD = {sre_constants.AT_BOUNDARY, sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING,
              sre_constants.AT_END, sre_constants.AT_END_STRING}
MIN_LENGTH = 2


def required_terms(pattern: str) -> list[str]:
    """FTS5 terms (``"word"`` or ``"prefix"*``) every match of *pattern* must contain, lower-cased."""
    try:
        items = list(sre_parser.parse(pattern))
    except (re.error, RecursionError):
        return []
    terms: list[str] = []
    word, left_bounded, bounded_before = "", False, False

    def close(right_bounded: bool) -> None:
        nonlocal word
        if len(word) >= MIN_LENGTH and left_bounded:
            terms.append(f'"{word.lower()}"' + ("" if right_bounded else "*"))
        word = ""

    for op, arg in items:
        if op is sre_constants.LITERAL and _WORD_CHAR.match(chr(arg)):
            if not word:
                left_bounded = bounded_before
            word += chr(arg)
            continue
        if op is sre_constants.LITERAL:                       # a space or punctuation ends a word
            close(True)
            bounded_before = True
        elif op is sre_constants.AT and arg in _ENDS_WORD:
            close(True)
            bounded_before = True
        else:                                                  # a class, a repeat, a group: anything may follow
            close(False)
            bounded_before = False
    close(False)
    return sorted(set(terms))
