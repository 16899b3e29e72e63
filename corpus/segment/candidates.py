"""Candidate boundaries: one compiled regular expression finds every place a sentence *might* end.

The regex does the scanning (in C); Python code only runs at the candidates, which are a few per hundred
characters.  Each match becomes a ``Context`` — what lies left and right of the candidate — that the rules in
``rules.py`` judge.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .resources import Resources

# Full stops of other scripts, which end a sentence as "." does and, like it, are followed by a space: the
# Devanagari danda and double danda (Hindi, Marathi, Nepali, Sanskrit; Bengali and others use the same
# code points), the Arabic question mark and the Urdu full stop, the Armenian full stop, the Ethiopic full
# stop and question mark (Amharic, Tigrinya), the Myanmar section mark, the Khmer khan and bariyoosan, the
# Mongolian full stop and the Greek question mark (U+037E).  Without them a Hindi or Amharic paragraph came out
# as one sentence.  Marks that end a sentence in one language only (Greek writes its question mark as the ASCII
# ";", a semicolon everywhere else) are that language's data (``stops_<lang>.txt``, ``Resources.stops``).
SCRIPT_STOPS = "।॥؟۔։።፧။។៕᠃\u037e"
STOPS = ".?!…‼⁇⁈⁉" + SCRIPT_STOPS
# The full-width full stop ． ends sentences in Japanese academic and technical writing (with ， for the comma);
# between digits (３．５) or after a full-width letter (Ｕ．Ｓ．) it is a decimal point or an abbreviation's
# (``rules.cjk_stop``).
CJK_STOPS = "。！？｡．"
# Quotes and brackets that may close after the final stop: ‘strategic alliance.’ belongs to its sentence.  “ and ‘
# close German quotes („Und auch keine Lust.“ Wir …); in English they open one, after a space, never right after a stop.
CLOSERS = "\"'”’“‘»)\\]}›」』）】〉》"
# Characters that may open a sentence before its first word.
OPENERS = "\"'“‘„‚«‹([{¿¡-–—―"
BULLETS = "•‣◦⁃▪▫●○■□◆◇►▶➢➤✓✔❖"


def _candidate_template(stops: str) -> str:
    """The candidate pattern with ``stops`` (already escaped for a character class) as the sentence stops."""
    return rf"""
    (?P<stop>[{stops}]+(?:[ \u00a0]\.(?=[\s.{CLOSERS}]|\Z))*   # . ? ! … and spaced ellipses (". . .")
       |(?<!\S)[:;]-?[()DPp]+(?=\s))                              # or an emoticon: ":)", ";-)"
    (?P<close>(?:[{CLOSERS}]|[ \u00a0]+[»”](?=\s|\Z))*             # closing quotes/brackets (« … » spaced too)
              (?:[{stops}]+[{CLOSERS}]*)?)                       # maybe a stop after them: «…?».
    (?P<space>\s+|\Z)
    |
    (?P<cjk>[{CJK_STOPS}]+[{CLOSERS}]*)\s*                      # CJK full stops need no space after them
    |
    (?P<newline>(?<![^\S\n])[^\S\n]*+\n\s*)                      # a line break with no stop before it
    |
    (?<!\s)\s++(?=[{BULLETS}])                                     # a bullet in running text
    |
    (?:(?<![{BULLETS}\s])|(?<=[{BULLETS}]\s))\s++(?=(?:\d{{1,3}}|[a-z]|[а-я](?=\)))(?:\.\)|[.)])\s)   # an enumerator: "2.) ", "b. ", "б) "
    """


# Linear time: an alternative that begins with whitespace may begin only where the whitespace run begins
# (``(?<!\s)``) and takes the run whole (``\s++``).  Leftmost matching started there anyway; without the guard a
# run of n spaces (padding, a PDF conversion) was rescanned from each of its positions: 20,000 spaces took 21 s.
# Closings of letters ("Regards,") come from the language's data file, so each language compiles its own.
VALEDICTION = r"""
    |
    (?:(?<=\s)|^)(?P<valediction>(?i:{words})),(?=\s)\s*
"""
# So do greetings: "Hi David:", "Dear All,", "Hi," (the greeting word, up to three capitalised names, "," or ":").
GREETING = r"""
    |
    (?:(?<=\s)|^)(?P<greeting>(?i:{words})(?:\s+[A-Z][\w'’-]*){{0,3}})(?P<greeting_stop>[,:])(?=\s)\s*
"""

# Web and e-mail text flattened into one paragraph keeps no line breaks, but some tokens still mark where a line
# ended: a web or e-mail address, a mail header's date stamp ("08/16/2000 12:05 PM"), a separator line ("-----",
# "_____"), the signature dash "--", a "- " item of a list, a source credit "(Reuters)".  Languages whose rules
# judge these (``rules.WEB_TEXT``) add candidates at the space after such a token (group ``gap``) or a closing
# bracket (``bracket``) and at the space before a stamp, a separator or a "- " item (``before``).
STAMP = r"\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm]\b)?(?!\s*[AaPp][Mm]\b)"
# Atomic: an address must end where its token ends (whitespace follows), so giving characters back never
# helps; backtracking through the two ``\S*`` made a 40,000-character token of "www." take seconds.
ADDRESS = r"(?>\S*(?:https?://|www\.)\S*|\S*@[\w-]+\.[\w.-]*\w\S*)"
WEB_TEXT = rf"""
    |
    (?P<before>(?<!\s)\s++)(?=(?:(?P<next_stamp>{STAMP})|(?P<next_rule>[-=_*~#])(?P=next_rule){{3,}}|(?P<next_item>-))(?:\s|\Z))
    |
    (?:(?<=\s)|^)(?:(?P<address>{ADDRESS})|(?P<stamp>{STAMP})|(?P<rule>[-=_*~#])(?P=rule){{3,}}|(?P<signature>--))
        (?<![.,;:!?…])(?P<gap>\s+)
    |
    (?<=\))(?P<bracket>\s+)
"""


@lru_cache(maxsize=None)
def candidate_regex(valedictions: tuple[str, ...], greetings: tuple[str, ...] = (), web: bool = False,
                    stops: str = "") -> re.Pattern:
    """The compiled candidate pattern for one language's data: its valedictions, greetings, web-text
    candidates, and ``stops`` that end a sentence in that language besides ``STOPS``."""
    extra = "".join("\\" + c if c in "\\]^-[" else c for c in stops if c not in STOPS)
    pattern = _candidate_template(STOPS + extra)
    if web:
        pattern += WEB_TEXT
    for template, phrases in ((VALEDICTION, valedictions), (GREETING, greetings)):
        if phrases:
            words = "|".join(re.escape(word).replace("\\ ", r"\s+")
                             for word in sorted(phrases, key=len, reverse=True))
            pattern += template.format(words=words)
    return re.compile(pattern, re.VERBOSE)


# An item's own marker: "2.", "2)", "2.)", "b.", "б)", and outline numbers "2.1." (group 1: digits, 2: letter).
LIST_MARKER = re.compile(rf"(?:[{BULLETS}]\s*)?(?:(\d{{1,3}})|([a-z]|[а-я](?=\))))(?:\.\)|[.)])(?=\s|\Z)")
# An outline number's inner parts have one or two digits ("2.1.", "3.12."): three are a grouped amount or a phone
# number ("Betrag: 1.000.000. Das", "tel: 351.123.465.4. Envíe"), whose stop can end the sentence.
OUTLINE_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,2})+\Z")
NUMBER = re.compile(r"[+-−]?[$€£¥₽]?\d[\d.,:/%-]*\Z")


@dataclass(slots=True)
class Context:
    """Everything a rule may look at around one candidate boundary."""

    text: str
    kind: str          # "stop", "cjk", "newline", "bullet" or "item"
    stop: str          # the stop characters ("." "?!" "..." ". . . ."), "" for breaks without a stop
    close: str         # quotes/brackets (and a stop) after the stop
    space: str         # the whitespace between the two sentences
    left: str          # the token before the stop, without it ("U.S" for "U.S.")
    prev: str          # the token before ``left``
    right: str         # the token after the space, "" at the end of the text
    after: str         # the token after ``right``
    start: int         # where the candidate (stop or whitespace) begins
    end: int           # where the next sentence would begin
    resources: Resources
    begin: int = 0     # where the current sentence began (set by the splitter: the last boundary it made)

    @property
    def right_word(self) -> str:
        """``right`` without opening quotes, brackets and dashes ("«Убери!" -> "Убери!")."""
        return self.right.lstrip(OPENERS)

    @property
    def left_word(self) -> str:
        return self.left.lstrip(OPENERS)


def contexts(text: str, resources: Resources, web: bool = False):
    """Yield a ``Context`` for every candidate boundary in ``text``, left to right (with ``web``, also the web
    and e-mail ones: see ``WEB_TEXT``)."""
    regex = candidate_regex(resources.valedictions, resources.greetings, web, resources.stops)
    for match in regex.finditer(text):
        start, end = match.span()
        if end >= len(text):
            continue  # nothing after it: the end of the text is a boundary anyway
        stop = match.group("stop")
        if web and match.group("gap") is not None:
            start, end = match.span("gap")
            kind = next(name for name in ("address", "stamp", "rule", "signature") if match.group(name))
            stop, close, space = "", "", match.group("gap")
        elif web and match.group("bracket") is not None:
            kind, stop, close, space = "bracket", "", "", match.group()
        elif web and match.group("before") is not None:
            kind = "stamp" if match.group("next_stamp") else "rule" if match.group("next_rule") else "item_dash"
            stop, close, space = "", "", match.group()
        elif stop is not None:
            kind, close, space = "stop", match.group("close"), match.group("space")
        elif match.group("cjk") is not None:
            kind, stop, close, space = "cjk", match.group("cjk"), "", text[match.end("cjk"):end]
        elif match.group("valediction") if "valediction" in regex.groupindex else None:
            kind, stop, close, space = "valediction", ",", "", text[match.end("valediction") + 1:end]
            start = match.end("valediction")
        elif match.group("greeting") if "greeting" in regex.groupindex else None:
            kind, stop, close = "greeting", match.group("greeting_stop"), ""
            start = match.end("greeting")
            space = text[start + 1:end]
        elif match.group("newline") is not None:
            kind, stop, close, space = "newline", "", "", match.group()
        else:
            space = match.group()
            kind = "bullet" if text[end] in BULLETS else "item"
            stop, close = "", ""
        before = text[max(0, start - 80):start].split()
        left = before[-1] if before and not text[start - 1].isspace() else ""
        prev = before[-2] if left and len(before) > 1 else (before[-1] if before and not left else "")
        following = text[end:end + 120].split(None, 2)
        right = following[0] if following else ""
        after = following[1] if len(following) > 1 else ""
        yield Context(text, kind, stop, close, space, left, prev, right, after, start, end, resources)
