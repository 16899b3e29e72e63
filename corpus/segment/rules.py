"""Small pure rules over a candidate's ``Context``: each returns SPLIT, JOIN or None (no opinion).

A language's rule list is data (``RULES`` at the bottom): the first rule with an opinion decides, and a candidate
no rule claims is a boundary.  Keep rules general — each should describe a fact about how sentences are written,
not a string seen in a test set.
"""

from __future__ import annotations

import re

from .candidates import BULLETS, CLOSERS, LIST_MARKER, NUMBER, OPENERS, Context
from .resources import abbreviation_key

SPLIT = True
JOIN = False

DASHES = "-–—―"
STOP_CHARS = ".?!…"
SPACED_ELLIPSIS = re.compile(r"\.(?: \.){2}\Z")
INITIALS = re.compile(r"(?:[^\W\d_]\.){0,3}[^\W\d_]\Z")   # "В", "Л.Н", "J.R.R"
PLAIN_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*\Z")
VOWELS = set("aeiouyаеёиоуыэюяAEIOUYАЕЁИОУЫЭЮЯ")


def _first(word: str) -> str:
    return word[:1]


def _is_lower(word: str) -> bool:
    return word[:1].islower()


def _is_upper(word: str) -> bool:
    return word[:1].isupper()


def _sentence_start(text: str, position: int) -> int:
    """Where the sentence holding ``position`` probably began: after the last stop+space or line break."""
    window_start = max(0, position - 400)
    window = text[window_start:position]
    best = -1
    for mark in (". ", "? ", "! ", "… ", "\n"):
        best = max(best, window.rfind(mark))
    return window_start + best + 1 if best >= 0 else window_start


# --- rules for every kind of candidate -------------------------------------------------------------------

def paragraph_break(ctx: Context):
    """A blank line always ends a sentence."""
    if ctx.space.count("\n") >= 2:
        return SPLIT


def cjk_stop(ctx: Context):
    """。！？ end a sentence; no space follows them in Chinese or Japanese."""
    if ctx.kind == "cjk":
        return SPLIT


def bullet(ctx: Context):
    """A bullet (•, ⁃, ▪) starts a new list item, even in running text."""
    if ctx.kind == "bullet":
        return SPLIT


def _continues_sequence(ctx: Context, marker: str, before: int) -> bool:
    """Whether ``marker`` ("2.)", "b.") follows its predecessor ("1.)", "a.") earlier in the text."""
    match = LIST_MARKER.fullmatch(marker)
    if not match:
        return False
    digits, letter = match.groups()
    separator = marker[match.end(1) if digits else match.end(2):]
    if digits:
        number = int(digits)
        if number < 2:
            return False
        previous = str(number - 1)
    else:
        if letter in "aAаА" or not letter.isalpha():
            return False
        previous = chr(ord(letter) - 1)
    earlier = re.compile(rf"(?:^|\s)(?:[{BULLETS}]\s*)?{re.escape(previous)}{re.escape(separator)}\s")
    return earlier.search(ctx.text, max(0, before - 2000), before) is not None


def enumeration(ctx: Context):
    """'1) first 2) second', 'a. one b. two': a marker that continues a sequence begun earlier starts an item."""
    if ctx.kind != "item":
        return None
    marker = LIST_MARKER.match(ctx.right)
    if marker and _continues_sequence(ctx, marker.group(), ctx.start):
        return SPLIT
    return JOIN


def list_marker(ctx: Context):
    """'1. The first item', '⁃9. The', 'b) second': the stop after an item's own number is not a boundary when
    the marker opens the text or a line, follows a bullet or a finished sentence, or continues a sequence."""
    left = ctx.left.lstrip(BULLETS)
    if not left or ctx.close not in ("", ")") or ctx.stop != ".":
        return None
    marker = left + ctx.stop + ctx.close
    if not LIST_MARKER.fullmatch(marker):
        return None
    before = ctx.text[:ctx.start - len(ctx.left)].rstrip(" \t")
    if not before or before[-1] in "\n" + BULLETS + ".?!:;" or left != ctx.left:
        return JOIN
    if _continues_sequence(ctx, marker, ctx.start - len(ctx.left)):
        return JOIN
    return None


def line_break(ctx: Context):
    """A line that ends without a stop: a boundary if the next line starts like a sentence or a list item."""
    if ctx.kind != "newline":
        return None
    left = ctx.text[max(0, ctx.start - 1):ctx.start]
    if left and left in ",;(" + DASHES:
        return JOIN
    word = ctx.right_word
    if not word:
        return SPLIT if ctx.right else JOIN
    if word[0].isupper() or word[0].isdigit() or ctx.right[0] in OPENERS or LIST_MARKER.match(ctx.right):
        return SPLIT
    if not word[0].isalpha():
        return SPLIT
    return JOIN


# --- rules for stops (. ? ! …) ---------------------------------------------------------------------------

def spaced_ellipsis(ctx: Context):
    """'. . .' marks an omission inside a sentence (four dots, '. . . .', end one)."""
    if SPACED_ELLIPSIS.match(ctx.stop) and not ctx.close:
        return JOIN


def ellipsis_before_ellipsis(ctx: Context):
    """'compounds. . . . The practice': the period ends the sentence, the ellipsis opens the next one.
    The splitter moves the boundary after the first dot; this rule only decides."""
    if ctx.left and ctx.stop.startswith(". .") and len(ctx.stop) >= 7:
        return SPLIT if _is_upper(ctx.right_word) else JOIN


def dash_attribution_ru(ctx: Context):
    """«…сказал он.» — in Russian a stop then '— сказал он' (dash, lower case): a quote closing before the dash
    or a dialogue line keeps the attribution in its sentence; after plain reported text it starts a new one."""
    if ctx.right not in ("—", "–", "-", "--") and not (ctx.right[:1] in DASHES and _is_lower(ctx.right[1:])):
        return None
    word = ctx.after if ctx.right in ("—", "–", "-", "--") else ctx.right[1:]
    if not _is_lower(word):
        return None
    if any(char in "»\"”" for char in ctx.close):
        return JOIN
    begin = _sentence_start(ctx.text, ctx.start)
    opening = ctx.text[begin:ctx.start].lstrip()
    if opening[:1] in DASHES or opening[:1] in "«\"“„":
        return JOIN
    return SPLIT


def lowercase_next(ctx: Context, split_after_question: bool):
    """A lower-case word after the stop usually continues the sentence (an abbreviation, 'Yahoo! in'),
    except after a plain long word, where the writer simply did not capitalise."""
    word = ctx.right_word
    if not word or not word[0].islower():
        return None
    if ctx.close.rstrip(STOP_CHARS):
        return JOIN  # '"This is great." she said', '(…an engineer.) at the'
    if ctx.stop in (".",) and _plain_long_word(ctx):
        return SPLIT
    if ctx.stop[:1] in "?!" and split_after_question and not _exclaimed_name(ctx):
        return SPLIT
    return JOIN


def _exclaimed_name(ctx: Context) -> bool:
    """'works at Yahoo! in': a title-case word with '!' in mid-sentence is a name (Yahoo!, Jeopardy!)."""
    left = ctx.left_word
    return (ctx.stop == "!" and left[:1].isupper() and not left.isupper()
            and _is_lower(ctx.prev.lstrip(OPENERS)))


def bracketed_ellipsis(ctx: Context):
    """'[...]', '(…)': an omission mark inside a sentence."""
    if ctx.stop[:1] in ".…" and ctx.text[ctx.start - 1:ctx.start] in "[(" \
            and ctx.close[:1] in ")]":
        return JOIN


def _plain_long_word(ctx: Context) -> bool:
    word = ctx.left_word.rstrip(CLOSERS)
    if not PLAIN_WORD.match(word) or not word.islower():
        return False
    if ctx.resources.abbreviation(abbreviation_key(word + ".")) is not None:
        return False
    return len(word) >= 5 or (len(word) >= 3 and word[-1] in VOWELS)


def lowercase_next_en(ctx: Context):
    return lowercase_next(ctx, split_after_question=True)


def lowercase_next_ru(ctx: Context):
    return lowercase_next(ctx, split_after_question=False)


def initials(ctx: Context, pronoun: str | None = None):
    """'Jonas E. Smith', 'В. В. Путин', 'Л.Н. Толстой': one capital letter and a dot before a capitalised word.
    English 'I' is also a pronoun: it is an initial only after a capitalised word ('Albert I. Jones')."""
    if ctx.stop != "." or ctx.close:
        return None
    left = ctx.left_word
    if not INITIALS.match(left) or not left[0].isupper() or not left[-1].isupper():
        return None
    if not (_is_upper(ctx.right_word) or ctx.right_word[:1].isdigit()):
        return None
    if pronoun is not None and left == pronoun and not _is_upper(ctx.prev.lstrip(OPENERS)):
        return None
    return JOIN


def initials_en(ctx: Context):
    return initials(ctx, pronoun="I")


def abbreviation(ctx: Context):
    """Known abbreviations (data files): 'never' ones join; 'number' ones join before a number; 'may' ones
    (and units after a number: '1999 г.', '300 руб.') end the sentence only if a typical sentence opener
    follows, so 'the U.S. How…' splits and 'the U.S. Government' does not."""
    if ctx.stop != "." or ctx.close:
        return None
    left = ctx.left_word
    if not left:
        return None
    resources = ctx.resources
    kind = None
    key = abbreviation_key(left + ".")
    if ctx.prev:
        kind = resources.abbreviation(abbreviation_key(ctx.prev.lstrip(OPENERS)) + key)
    if kind is None:
        kind = resources.abbreviation(key)
    if kind is None:
        if not (NUMBER.match(ctx.prev) and len(left) <= 4 and left.isalpha() and left.islower()):
            return None
        kind = "may"  # a unit after a number: "5 км.", "30 долл."
    word = ctx.right_word
    if kind == "never":
        return JOIN
    if kind == "number" and word[:1].isdigit():
        return JOIN
    if not word or not word[0].isupper():
        return JOIN
    if word.rstrip(".,:;!?") not in resources.starters and ctx.right[:1] not in "«\"“„(":
        return JOIN
    begin = _sentence_start(ctx.text, ctx.start - len(ctx.left))
    if len(ctx.text[begin:ctx.start].split()) <= 3:
        return JOIN  # "At 5 a.m. Mr. Smith went": too short to be a whole sentence
    return SPLIT


def default_split(ctx: Context):
    return SPLIT


COMMON_HEAD = (paragraph_break, cjk_stop, bullet, enumeration, line_break, list_marker, bracketed_ellipsis)
STOP_RULES_EN = (spaced_ellipsis, ellipsis_before_ellipsis, lowercase_next_en, abbreviation, initials_en)
STOP_RULES_RU = (spaced_ellipsis, ellipsis_before_ellipsis, dash_attribution_ru, lowercase_next_ru, abbreviation,
                 initials)
STOP_RULES_GENERIC = (spaced_ellipsis, ellipsis_before_ellipsis, lowercase_next_ru, abbreviation, initials)

RULES = {
    "en": COMMON_HEAD + STOP_RULES_EN + (default_split,),
    "ru": COMMON_HEAD + STOP_RULES_RU + (default_split,),
    "generic": COMMON_HEAD + STOP_RULES_GENERIC + (default_split,),
}
