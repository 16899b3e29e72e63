"""Substrings a regular expression cannot match without, as an FTS5 query on a trigram index of the links'
text (``link_grams``) or of their shapes (``link_shapes``).

The method is Russ Cox's for Google Code Search ("Regular Expression Matching with a Trigram Index", 2012):
walk the pattern (``re``'s own parser) and compute for every node
  - ``exact``: the set of strings it matches, while small (else ``None``);
  - ``prefix``/``suffix``: sets of strings every match starts/ends with, cut to 2 characters;
  - ``match``: a query (AND/OR of substrings of 3 or more characters) every text holding a match satisfies;
and combine them up the tree (a concatenation's trigrams may straddle its parts).  The result is a superset
filter: ``re`` still checks every candidate, so a weak query costs speed, never a hit.

Two alphabets: ``TEXT`` for ``link_grams`` (the text, case folded) and ``SHAPES`` for ``link_shapes`` (every
character replaced by its class, ``shapes``), where ``\\d`` is the one symbol ``0`` and ``[А-Я]`` the one
symbol ``Б``, so a pattern of classes still names substrings (``\\d{4}-\\d{2}`` → ``0000-00``).  Both
indexes keep no positions (``detail=none``: a third of the size), so a substring is looked up as the AND of its
trigrams.

Case: the text index folds case (SQLite's own folding, which differs from Python's for a few letters such as
``İ`` or Georgian capitals), so characters are folded by asking SQLite (``fold``), never by ``str.lower``.
Under ``(?i)`` a literal stands for every character ``re`` treats as equal to it (``K`` for ``k``, ``ſ`` for
``s``), so a prefilter never drops a text that ``re`` would match.  ``\\d``, ``\\w`` and ``.`` match hundreds
of Unicode characters and carry no trigram information (``\\d`` under ``(?a)`` is the ten ASCII digits).
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

import _sre
import re
# re's own parser and case tables (Python 3.11+), so the analysis reads a pattern exactly as re compiles it
from re import _casefix, _constants as C, _parser as sre_parser


from .shapes import DIGIT, SPACE, shape_char

N = 3              # trigram index
MAX_EXACT = 16     # largest exact set kept before it is turned into a query (Cox uses 7)
MAX_SET = 64       # largest OR of substrings put into a query
MAX_CHARS = 64     # largest character class enumerated
MAX_LITERAL = 32   # longest exact string kept
MAX_COPIES = 6     # x{m,n}: at most this many copies of x are analysed (the rest is "anything")
LAST_CASED = 0x1E944   # past Adlam no character has case

# -- queries: ("any",) | ("str", s) | ("and", frozenset) | ("or", frozenset) -----------------------------
ANY = ("any",)


def q_and(a, b):
    if a == ANY:
        return b
    if b == ANY or a == b:
        return a
    parts = (a[1] if a[0] == "and" else frozenset([a])) | (b[1] if b[0] == "and" else frozenset([b]))
    return ("and", parts)


def q_or(a, b):
    if a == ANY or b == ANY:
        return ANY
    if a == b:
        return a
    parts = (a[1] if a[0] == "or" else frozenset([a])) | (b[1] if b[0] == "or" else frozenset([b]))
    return ("or", parts)


def strings_query(strings: frozenset[str]):
    """Texts holding one of *strings*; ANY when one is too short to say anything or there are too many."""
    if not strings or len(strings) > MAX_SET or min(len(s) for s in strings) < N:
        return ANY
    query = None
    for s in sorted(strings):
        query = ("str", s) if query is None else q_or(query, ("str", s))
    return query


def fts5(query) -> str | None:
    """The query as an FTS5 MATCH expression for a trigram index without positions (``detail=none``): a
    substring is the AND of its trigrams.  None for ANY."""
    return None if query == ANY else _render(query)


def _render(query) -> str:
    kind = query[0]
    if kind == "str":
        grams = sorted({query[1][i:i + N] for i in range(len(query[1]) - N + 1)})
        parts = ['"' + g.replace('"', '""') + '"' for g in grams]
    else:
        parts = sorted(_render(q) for q in query[1])
    return parts[0] if len(parts) == 1 else "(" + f" {'OR' if kind == 'or' else 'AND'} ".join(parts) + ")"


# -- SQLite's case folding, asked of SQLite -----------------------------------------------------------------
_FOLD: dict[str, str | None] = {}
_FOLD_LOCK = threading.Lock()
_FOLD_DB: sqlite3.Connection | None = None


def fold(chars) -> dict[str, str | None]:
    """char → the character the trigram tokenizer indexes it as (None: not indexable, e.g. a lone surrogate)."""
    global _FOLD_DB
    with _FOLD_LOCK:
        missing = sorted({c for c in chars if c not in _FOLD})
        if missing:
            if _FOLD_DB is None:
                _FOLD_DB = sqlite3.connect(":memory:", check_same_thread=False)
                _FOLD_DB.execute("CREATE VIRTUAL TABLE g USING fts5(x, tokenize = 'trigram')")
                _FOLD_DB.execute("CREATE VIRTUAL TABLE v USING fts5vocab(g, 'instance')")
            for c in missing:
                _FOLD[c] = None
                try:
                    _FOLD_DB.execute("INSERT INTO g (rowid, x) VALUES (?, ?)", (ord(c), c * N))
                except (sqlite3.Error, UnicodeEncodeError):
                    continue
            for term, doc in _FOLD_DB.execute("SELECT term, doc FROM v"):
                if len(term) == N:
                    _FOLD[chr(doc)] = term[0]
            _FOLD_DB.execute("DELETE FROM g")
        return {c: _FOLD[c] for c in chars}


@lru_cache(maxsize=1)
def _same_lower() -> dict[int, tuple[int, ...]]:
    """lower-case code point → every code point ``re`` lowers to it (``k`` ← ``K``, ``K`` (Kelvin))."""
    out: dict[int, list[int]] = {}
    for cp in range(LAST_CASED):
        lower = _sre.unicode_tolower(cp)
        if lower != cp:
            out.setdefault(lower, []).append(cp)
    return {k: tuple(v) for k, v in out.items()}


def _case_variants(cp: int) -> set[int]:
    """Every character ``(?i)`` lets the literal *cp* match (``re``: equal lower case, plus its extra cases)."""
    lower = _sre.unicode_tolower(cp)
    found = {cp, lower, *_same_lower().get(lower, ())}
    for extra in _casefix._EXTRA_CASES.get(lower, ()):
        found.add(extra)
        found.update(_same_lower().get(extra, ()))
    return found


class Alphabet:
    """How characters of a pattern become index symbols."""

    max_codes = MAX_CHARS        # a class with more code points than this is not listed

    def symbols(self, codes: set[int], ignorecase: bool) -> frozenset[str] | None:
        raise NotImplementedError

    def category(self, category, flags: int) -> frozenset[str] | None:
        return None


class _Text(Alphabet):

    def symbols(self, codes, ignorecase):
        if ignorecase:
            codes = set().union(*(_case_variants(c) for c in codes)) if codes else set()
        folded = fold([chr(c) for c in codes])
        if any(v is None for v in folded.values()):
            return None
        return frozenset(folded.values())

    def category(self, category, flags):
        if category is C.CATEGORY_DIGIT and flags & re.ASCII:
            return self.symbols(set(range(ord("0"), ord("9") + 1)), False)
        return None


class _Shapes(Alphabet):
    max_codes = 4096             # [\u0400-\u04FF] is a handful of shapes

    def symbols(self, codes, ignorecase):
        if ignorecase:
            codes = set().union(*(_case_variants(c) for c in codes)) if codes else set()
        return frozenset(shape_char(chr(c)) for c in codes)

    def category(self, category, flags):
        if category is C.CATEGORY_DIGIT:       # every Unicode decimal digit, or the ASCII ones: all shape 0
            return frozenset([DIGIT])
        if category is C.CATEGORY_SPACE:
            return frozenset([SPACE])
        return None


TEXT, SHAPES = _Text(), _Shapes()


# -- the analysis -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Info:
    exact: frozenset[str] | None
    prefix: frozenset[str]
    suffix: frozenset[str]
    match: tuple


EMPTY_STRING = Info(frozenset([""]), frozenset([""]), frozenset([""]), ANY)
ANYTHING = Info(None, frozenset([""]), frozenset([""]), ANY)   # any string, the empty one included


def _char_set(symbols: frozenset[str] | None) -> Info:
    """A node matching one character, which the index holds as one of *symbols* (None: too many to list)."""
    if symbols is None or not symbols or len(symbols) > MAX_CHARS:
        return Info(None, frozenset([""]), frozenset([""]), ANY)
    return _simplify(Info(symbols, frozenset(), frozenset(), ANY), False)


def _cross(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    return frozenset(x + y for x, y in product(a, b))


def _and_strings(match, strings: frozenset[str]):
    return q_and(match, strings_query(strings))


def _simplify_set(match, strings: frozenset[str], is_suffix: bool):
    """Put what a set of prefixes (suffixes) says into the query, then cut its strings to N-1 characters."""
    match = _and_strings(match, strings)
    length = N - 1
    while True:
        cut = frozenset(s[-length:] if is_suffix and length else s[:length] for s in strings)
        if len(cut) <= MAX_SET or length == 0:
            return match, cut
        length -= 1


def _simplify(info: Info, force: bool) -> Info:
    exact, prefix, suffix, match = info.exact, info.prefix, info.suffix, info.match
    if exact is not None:
        shortest = min(len(s) for s in exact)
        # (Cox turns exact strings into trigrams as soon as they reach N+1 characters; here a literal run is
        # kept whole up to MAX_LITERAL characters, so tests and messages show it as written.)
        if len(exact) > MAX_EXACT or (force and shortest >= N) or shortest > MAX_LITERAL:
            match = _and_strings(match, exact)
            prefix = frozenset(s[:N - 1] for s in exact)
            suffix = frozenset(s[-(N - 1):] if len(s) >= N - 1 else s for s in exact)
            exact = None
    if exact is None:
        match, prefix = _simplify_set(match, prefix, False)
        match, suffix = _simplify_set(match, suffix, True)
    return Info(exact, prefix, suffix, match)


def _concat(x: Info, y: Info) -> Info:
    match = q_and(x.match, y.match)
    if x.exact is not None and y.exact is not None and len(x.exact) * len(y.exact) <= MAX_EXACT * MAX_SET:
        return _simplify(Info(_cross(x.exact, y.exact), frozenset(), frozenset(), match), False)
    prefix = _cross(x.exact, y.prefix) if x.exact is not None else x.prefix
    suffix = _cross(x.suffix, y.exact) if y.exact is not None else y.suffix
    # strings straddling the two parts: x's end followed by y's start
    straddle_x = x.exact if x.exact is not None else x.suffix
    straddle_y = y.exact if y.exact is not None else y.prefix
    if len(straddle_x) * len(straddle_y) <= MAX_SET * MAX_SET:
        match = _and_strings(match, _cross(straddle_x, straddle_y))
    return _simplify(Info(None, prefix, suffix, match), False)


def _alternate(x: Info, y: Info) -> Info:
    if x.exact is not None and y.exact is not None:
        return _simplify(Info(x.exact | y.exact, frozenset(), frozenset(), q_or(x.match, y.match)), False)
    xm, ym = x.match, y.match
    xp, xs, yp, ys = x.prefix, x.suffix, y.prefix, y.suffix
    if x.exact is not None:
        xm, xp, xs = _and_strings(xm, x.exact), x.exact, x.exact
    if y.exact is not None:
        ym, yp, ys = _and_strings(ym, y.exact), y.exact, y.exact
    return _simplify(Info(None, xp | yp, xs | ys, q_or(xm, ym)), False)


def _sequence(items, flags: int, alphabet: Alphabet) -> Info:
    """Concatenation is associative: runs of nodes with exact sets are joined first, so a literal after a
    ``\\w+`` stays one string (`` million``) instead of dissolving into the trigrams of a suffix set."""
    info, run = EMPTY_STRING, EMPTY_STRING
    for op, arg in items:
        node = _node(op, arg, flags, alphabet)
        if node.exact is not None:
            joined = _concat(run, node)
            if joined.exact is not None:
                run = joined
                continue
        info = _concat(_concat(info, run), node)
        run = EMPTY_STRING
    return _concat(info, run)


def _class_symbols(items, flags: int, alphabet: Alphabet) -> frozenset[str] | None:
    """The symbols of a ``[...]`` class, or None (negated, ``\\w``, too wide)."""
    ignorecase = bool(flags & re.IGNORECASE)
    codes: set[int] = set()
    symbols: set[str] = set()
    for op, arg in items:
        if op is C.LITERAL:
            codes.add(arg)
        elif op is C.RANGE:
            low, high = arg
            if high - low >= alphabet.max_codes:
                return None
            codes.update(range(low, high + 1))
        elif op is C.CATEGORY:
            found = alphabet.category(arg, flags)
            if found is None:
                return None
            symbols |= found
        else:   # NEGATE and anything else
            return None
        if len(codes) > alphabet.max_codes:
            return None
    if codes:
        found = alphabet.symbols(codes, ignorecase)
        if found is None:
            return None
        symbols |= found
    return frozenset(symbols)


def _repeat(low: int, high: int, item, flags: int, alphabet: Alphabet) -> Info:
    if high == 0:
        return EMPTY_STRING
    one = _sequence(item, flags, alphabet)
    if low == 0:
        return _alternate(one, EMPTY_STRING) if high == 1 else ANYTHING
    first = one
    for _ in range(min(low, MAX_COPIES) - 1):
        first = _concat(first, one)
    if low == high and low <= MAX_COPIES:
        return first
    # every match starts and ends with min(low, MAX_COPIES) copies; what lies between is not known
    if first.exact is not None:
        return _simplify(Info(None, first.exact, first.exact, _and_strings(first.match, first.exact)), False)
    return Info(None, first.prefix, first.suffix, first.match)


_REPEATS = tuple(getattr(C, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(C, name))


def _node(op, arg, flags: int, alphabet: Alphabet) -> Info:
    if op is C.LITERAL:
        return _char_set(alphabet.symbols({arg}, bool(flags & re.IGNORECASE)))
    if op is C.IN:
        return _char_set(_class_symbols(arg, flags, alphabet))
    if op in (C.ANY, C.NOT_LITERAL):
        return _char_set(None)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):   # consume nothing
        return EMPTY_STRING
    if op is C.SUBPATTERN:
        _group, add, remove, pattern = arg
        return _sequence(pattern, (flags | add) & ~remove, alphabet)
    if op is C.BRANCH:
        info = None
        for branch in arg[1]:
            one = _sequence(branch, flags, alphabet)
            info = one if info is None else _alternate(info, one)
        return info
    if op in _REPEATS:
        low, high, item = arg
        return _repeat(low, high, item, flags, alphabet)
    if op is getattr(C, "ATOMIC_GROUP", None):
        return _sequence(arg, flags, alphabet)
    if op is C.GROUPREF_EXISTS:
        _group, yes, no = arg
        return _alternate(_sequence(yes, flags, alphabet), _sequence(no, flags, alphabet) if no else EMPTY_STRING)
    return ANYTHING   # back-references and anything unknown: no information, still correct


def regex_query(pattern: str, alphabet: Alphabet = TEXT):
    """The query every text holding a match of *pattern* satisfies, in *alphabet*'s symbols (ANY when the
    pattern gives nothing to look up)."""
    try:
        parsed = sre_parser.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ANY
    try:
        info = _simplify(_sequence(list(parsed), parsed.state.flags, alphabet), True)
    except RecursionError:
        return ANY
    match = info.match
    if info.exact is not None:
        match = _and_strings(match, info.exact)
    return match


def literal_strings(query) -> list[str]:
    """The substrings a query names (for tests and messages)."""
    if query == ANY:
        return []
    if query[0] == "str":
        return [query[1]]
    return sorted({s for q in query[1] for s in literal_strings(q)})
