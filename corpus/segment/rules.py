"""Small pure rules over a candidate's ``Context``: each returns SPLIT, JOIN or None (no opinion).

A language's rule list is data (``RULES`` at the bottom): the first rule with an opinion decides, and a candidate
no rule claims is a boundary.  Keep rules general — each should describe a fact about how sentences are written,
not a string seen in a test set.
"""

from __future__ import annotations

import re

from .candidates import BULLETS, CLOSERS, LIST_MARKER, NUMBER, OPENERS, OUTLINE_NUMBER, STAMP, Context
from .resources import abbreviation_key

SPLIT = True
JOIN = False

DASHES = "-–—―"
# Marks that close or continue a sentence and never open one (the ambiguous quotes " ' “ ‘ left out): a line that
# starts with one is the line before, wrapped (a Chinese e-text wrapped just before its 。).
CONTINUING = ",;:!?)]}»›”’。，、；：！？」』）】〉》"
STOP_CHARS = ".?!…"
EMOTICON = re.compile(r"[:;]-?[()DPp]+")
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


# --- rules for every kind of candidate -------------------------------------------------------------------

def paragraph_break(ctx: Context):
    """A blank line always ends a sentence."""
    if ctx.space.count("\n") >= 2:
        return SPLIT


# After a quotation closed with its own stop, a quotative particle or a comma goes on with the sentence around it
# (「もう帰ります。」と言った, 「なぜ？」って聞いた): Japanese only, where the particle is kana.
QUOTE_GOES_ON = re.compile(r"[とっ、，,]")
TITLE_MARKS = (("《", "》"), ("〈", "〉"))   # Chinese title marks: a stop inside a title ends no sentence
WIDE_LETTER = re.compile(r"[Ａ-Ｚａ-ｚ]")    # a full-width Latin letter: ． after it is an abbreviation's


def cjk_stop(ctx: Context):
    """。！？ end a sentence; no space follows them in Chinese or Japanese.  Not inside a sentence that quotes
    (「…。」と言った), nor inside a title (《摔跤吧！爸爸》)."""
    if ctx.kind == "cjk":
        if ctx.stop[-1:] in "」』" and QUOTE_GOES_ON.match(ctx.right):
            return JOIN
        if ctx.stop == "．":
            left = ctx.text[ctx.start - 1:ctx.start]
            if WIDE_LETTER.match(left) or (left.isdigit() and ctx.right[:1].isdigit()):
                return JOIN   # Ｕ．Ｓ．, ３．５％
        before = ctx.text[ctx.begin:ctx.start]
        if any(before.count(opening) > before.count(closing) for opening, closing in TITLE_MARKS):
            return JOIN   # inside a title: 我们去看《摔跤吧！爸爸》好吗？
        return SPLIT


def bullet(ctx: Context):
    """A bullet (•, ⁃, ▪) starts a new list item, even in running text."""
    if ctx.kind == "bullet":
        return SPLIT


def _predecessor(marker: str) -> tuple[str, bool] | None:
    """The marker before ``marker`` ("2.)" -> "1.)") and whether ``marker`` is a first one ("1.", "a)")."""
    match = LIST_MARKER.fullmatch(marker.lstrip(BULLETS + " "))
    if not match:
        return None
    digits, letter = match.groups()
    separator = match.group()[match.end(1) if digits else match.end(2):]
    if digits:
        number = int(digits)
        return (str(number - 1) + separator, number == 1) if number > 1 else ("", True)
    if letter in "aа":
        return "", True
    return chr(ord(letter) - 1) + separator, False


def _item_start(text: str, position: int) -> bool:
    """Whether an item marker at ``position`` stands where an item may begin: the start of the text or of a
    line, after a bullet, or after a finished sentence or a colon."""
    before = text[max(0, position - 3):position].rstrip(" \t\u00a0")
    return not before or before[-1] in "\n.?!:;" + BULLETS


def _continues_sequence(text: str, marker: str, position: int, depth: int = 0) -> bool:
    """Whether ``marker`` at ``position`` continues a list: its predecessors ("1.)" before "2.)") occur before
    it, back to a first item ("1.", "a)") standing where an item may begin."""
    found = _predecessor(marker)
    if found is None or depth > 30:
        return False
    previous, first = found
    if first:
        return _item_start(text, position)
    pattern = re.compile(rf"(?:^|(?<=\s))(?:[{BULLETS}]\s*)?{re.escape(previous)}(?=\s)")
    last = None
    for last in pattern.finditer(text, max(0, position - 3000), position):
        pass
    return last is not None and _continues_sequence(text, previous, last.start(), depth + 1)


def enumeration(ctx: Context):
    """'1) first 2) second', 'a. one b. two': a marker that continues a sequence begun earlier starts an item."""
    if ctx.kind != "item":
        return None
    marker = LIST_MARKER.match(ctx.right)
    if not marker or _is_lower(ctx.after):
        return JOIN  # "Купить: 1) рыбу; 2) соль": items that continue one sentence
    if not _predecessor(marker.group())[1] and _continues_sequence(ctx.text, marker.group(), ctx.end):
        return SPLIT
    return JOIN


def list_marker(ctx: Context):
    """'1. The first item', '⁃9. The', '2.1. Выбор': the stop after an item's own number is not a boundary when
    the marker stands where an item may begin or continues a list."""
    if ctx.stop != "." or ctx.close not in ("", ")"):
        return None
    left = ctx.left.lstrip(BULLETS)
    position = ctx.start - len(left)
    if OUTLINE_NUMBER.match(left) and _item_start(ctx.text, position):
        return JOIN
    marker = left + ctx.stop + ctx.close
    if not left or not LIST_MARKER.fullmatch(marker):
        return None
    if left == ctx.left and _number_of_abbreviation(ctx):
        return None   # "see p. 12. The", "в т. 3. Далее": the page's number, not an item's
    if left != ctx.left or _item_start(ctx.text, position) or _continues_sequence(ctx.text, marker, position):
        return JOIN
    return None


def _number_of_abbreviation(ctx: Context) -> bool:
    """Whether the number before the stop belongs to the abbreviation before it ("p. 12", "Nr. 5", "с. 12"):
    one that stands before a number (class ``number``)."""
    prev = ctx.prev.lstrip(OPENERS)
    return prev.endswith(".") and ctx.resources.abbreviation(abbreviation_key(prev)) == "number"


def valediction(ctx: Context):
    """'Regards, Debra Perlingiere': a letter's closing is a sentence when a capitalised word follows."""
    if ctx.kind == "valediction":
        return SPLIT if _is_upper(ctx.right_word) and ctx.text[ctx.begin:ctx.start - 1].strip() == "" or \
            _is_upper(ctx.right_word) and ctx.text[max(0, ctx.start - 40):ctx.start].rstrip(",").split()[-1:] and \
            _before_closing_is_sentence_end(ctx) else JOIN


def greeting(ctx: Context):
    """'Hi David: Thought you might…', 'Dear All, My name is…': a letter's greeting is a sentence of its own when
    it opens the text or follows a finished sentence and a capitalised word comes next ('Hi Kevin, thanks for…'
    and 'Oh dear, I forgot' go on)."""
    if ctx.kind == "greeting":
        return SPLIT if _is_upper(ctx.right_word) and ctx.text[ctx.begin:ctx.start].split()[0].lower() in \
            {word.lower() for word in ctx.resources.greetings} else JOIN


def _before_closing_is_sentence_end(ctx: Context) -> bool:
    """The closing opens its line or follows a finished sentence ("…ASAP. Thanks, Sean")."""
    text = ctx.text[max(0, ctx.start - 60):ctx.start]
    for word in sorted(ctx.resources.valedictions, key=len, reverse=True):
        if text.lower().endswith(word.lower()):
            before = text[:len(text) - len(word)].rstrip(" \t")
            return not before or before[-1] in "\n.?!)" or before.endswith(":)")
    return False


def punctuation_next(ctx: Context):
    """A sentence does not begin with closing punctuation: in '… ? ! »' the stop is not the end yet."""
    if ctx.right and (not any(char.isalnum() for char in ctx.right) and ctx.right[0] in CLOSERS + STOP_CHARS + ",;:"
                      or EMOTICON.fullmatch(ctx.right)):
        return JOIN  # also "bacon! :)": the emoticon belongs to the sentence it follows


def bracket_next(ctx: Context):
    """A bracket opening with a number or a lower-case word ('"…" (1992)', '(see above)') continues the
    sentence before it."""
    if ctx.kind == "stop" and ctx.right[:1] in "([" and (ctx.right[1:2].isdigit() or ctx.right[1:2].islower()):
        return JOIN


def inside_parentheses(ctx: Context):
    """'(лат. Theatrum…)', '(pop. 256,000)', '(т. 4 л.д. 143)': a stop inside a short bracket that closes
    soon after is not a sentence end."""
    opened = ctx.text.rfind("(", max(ctx.begin, ctx.start - 200), ctx.start)
    if opened < 0 or ctx.text.find(")", opened, ctx.start) >= 0 or ")" in ctx.close:
        return None
    ahead = ctx.text[ctx.end:ctx.end + 60]
    closing = ahead.find(")")
    if closing < 0 or "(" in ahead[:closing]:
        return None
    if any(mark in ahead[:closing] for mark in (". ", "? ", "! ")):
        return None
    return JOIN


def line_break(ctx: Context):
    """A line that ends without a stop: a boundary if the next line starts like a sentence or a list item."""
    if ctx.kind != "newline" and (ctx.kind not in WEB_KINDS or "\n" not in ctx.space):
        return None
    left = ctx.text[max(0, ctx.start - 1):ctx.start]
    if left and left in ",;(" + DASHES:
        return JOIN
    if ctx.right[:1] and ctx.right[0] in CONTINUING:
        return JOIN
    word = ctx.right_word
    if not word:
        return SPLIT if ctx.right else JOIN
    if word[0].isupper() or word[0].isdigit() or ctx.right[0] in OPENERS or LIST_MARKER.match(ctx.right):
        return SPLIT
    if not word[0].isalpha():
        return SPLIT
    return JOIN


# --- rules for web and e-mail text flattened into one line (candidates: ``candidates.WEB_TEXT``) ---------

WEB_KINDS = ("address", "stamp", "rule", "signature", "item_dash", "bracket")
ADDRESS_START = re.compile(r"[<(\[\"']*(?:https?://|www\.|[\w.+-]+@[\w-]+\.)")
SEPARATOR_LINE = re.compile(r"([-=_*~#])\1{3,}")
CREDIT = re.compile(r"\((?:[A-Z][\w.&'’-]*\s?){1,4}\)")
FILE_NAME = re.compile(r"[^\s/:@<>()\"']+\.[a-z][a-z0-9]{1,3}")
STAMP_END = re.compile(rf"{STAMP}\Z")


def address(ctx: Context):
    """'…/20050920_21big.html http://…', '…@gmail.com Groups: alt.animals': an address at the end of a line is
    followed by the next line's address or capitalised word; in running text a lower-case word goes on
    ('see www.example.com for more', 'write to me at a@b.com and')."""
    if ctx.kind != "address" or "\n" in ctx.space:
        return None
    if _is_upper(ctx.right_word) or ADDRESS_START.match(ctx.right) or SEPARATOR_LINE.fullmatch(ctx.right):
        return SPLIT
    return JOIN


def mail_stamp(ctx: Context):
    """'Robert Bryngelson@AZURIX 08/16/2000 12:05 PM I just wanted…': a mail header's date and time stand on
    their own line, after the sender's name or address (not after 'on' or 'at': '… on 08/16/2000 03:14 PM') and
    before the message, unless a lower-case word goes on ('met on 3/4/2005 10:00 AM in the lobby')."""
    if ctx.kind != "stamp" or "\n" in ctx.space:
        return None
    if STAMP_END.search(ctx.text, max(0, ctx.start - 30), ctx.start):
        return JOIN if _is_lower(ctx.right_word) else SPLIT
    left = ctx.left_word
    if not left or _is_lower(left) or left[-1] in ",:;" or left.lower() in ctx.resources.prepositions:
        return JOIN  # "… on 08/16/2000", "Date: 08/16/2000": the stamp belongs to what comes before it
    return SPLIT


def separator_line(ctx: Context):
    """'-----', '_____', '=====', '*****': a line drawn across a mail or a post is a sentence of its own."""
    if ctx.kind == "rule":
        return SPLIT


def signature_dash(ctx: Context):
    """'-- Posted by Hidden Nook': the signature dash standing alone (at the start or after a finished sentence)
    separates the signature from the text; elsewhere '--' is a dash in the sentence ('backfire -- which')."""
    if ctx.kind != "signature":
        return None
    if ctx.text[ctx.begin:ctx.start].strip() == "--" and (_is_upper(ctx.right_word) or "\n" in ctx.space):
        return SPLIT
    return JOIN


def attachment_item(ctx: Context):
    """'- UnleadedStocks.pdf - CrudeStocks.pdf', '(See attached file: API.pdf) - PADDI.pdf': a list of attached
    files flattened into one line, each item opened by '- ', the file name before or after the dash.  Any other
    ' - ' is a dash inside the sentence ('Steve, Rod and Elyse - Just wanted')."""
    if ctx.kind != "item_dash":
        return None
    before = ctx.left.strip("()<>\"'")
    if FILE_NAME.fullmatch(before) or FILE_NAME.fullmatch(ctx.after.strip("()<>\"'")):
        return SPLIT
    return JOIN


def source_credit(ctx: Context):
    """'…on company servers. (ZD Net) It looks like…': a bracket of a few capitalised words standing alone after a
    finished sentence (or at the start) credits a source; the next capitalised word starts a new sentence.  After
    other words the bracket is part of the sentence ('the Bank of England (BoE) Governor said')."""
    if ctx.kind != "bracket" or "\n" in ctx.space:
        return None
    if CREDIT.fullmatch(ctx.text[ctx.begin:ctx.start].strip()) and (_is_upper(ctx.right_word) or
                                                                    ctx.right_word[:1].isdigit()):
        return SPLIT
    return JOIN


WEB_RULES = (address, mail_stamp, separator_line, signature_dash, attachment_item, source_credit)


# --- rules for stops (. ? ! …) ---------------------------------------------------------------------------

def spaced_ellipsis(ctx: Context):
    """'. . .' marks an omission inside a sentence (four dots, '. . . .', end one), unless a new sentence
    plainly starts after it (a capital other than the pronoun 'I')."""
    if SPACED_ELLIPSIS.match(ctx.stop) and not ctx.close:
        word = ctx.right_word
        if _is_upper(word) and word.rstrip("’'") not in ("I", "I’m", "I'm", "I’d", "I'd", "I’ll", "I'll", "I’ve", "I've"):
            return None
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
    if any(char in "»\"”)" for char in ctx.close):
        return JOIN
    sentence = ctx.text[ctx.begin:ctx.start]
    if _quote_open(sentence):
        return JOIN  # «асимметрия сил… — это …»: the quotation goes on
    opening = sentence.lstrip()
    if opening[:1] in DASHES or opening[:1] in "«\"“„":
        return JOIN
    return SPLIT


def _quote_open(sentence: str) -> bool:
    return sentence.count("«") > sentence.count("»") or sentence.count("„") > sentence.count("“")


def dash_inside_quote_ru(ctx: Context):
    """«Куда ты? – спросила мама. – Завтра выходной»: a dash after a stop inside an open quotation brings
    the speaker's next words; the quotation, and the sentence, go on."""
    if ctx.right[:1] in DASHES and _quote_open(ctx.text[ctx.begin:ctx.start]) and "»" in ctx.text[ctx.end:ctx.end + 300]:
        return JOIN


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


def bracketed_stop(ctx: Context):
    """'[...]', '(…)', '(?)', '(!)': an omission or a doubt marked inside a sentence."""
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


def truncation(ctx: Context):
    """A long lower-case "word" before the stop that is no word of the language, then a lower-case word: an
    abbreviation by truncation ("La centrale meteor. si è guastata", "gli idraul. son"), not a sentence end
    where the writer forgot a capital (which ``lowercase_next`` assumes after a plain long word).  Only where
    wordfreq has a list for the language; not in Russian, whose inflected forms the small lists often lack
    (OpenCorpora lost 8 boundaries with it)."""
    if ctx.stop == "." and not ctx.close and _lowercase_after_stop(ctx) and _plain_long_word(ctx) \
            and ctx.resources.is_word(ctx.left_word.rstrip(CLOSERS)) is False:
        return JOIN
    return None


def _lowercase_after_stop(ctx: Context) -> bool:
    return ctx.kind == "stop" and ctx.right_word[:1].islower() and not ctx.close.rstrip(STOP_CHARS)


def lowercase_sentence_en(ctx: Context):
    """English web text often starts a sentence in lower case ('call them at 303-832-8160. they haven't',
    'i am out of town. i am in portland'): after a single full stop that ends an ordinary word or number (not an
    abbreviation or an initial) a lower-case word starts a new sentence."""
    if _lowercase_after_stop(ctx) and ctx.stop == "." and _ordinary_token(ctx):
        return SPLIT


def question_in_ellipsis(ctx: Context):
    """'what about downtown...? like 4th street', 'if it is a gift...?? i always thought': a question or an
    exclamation mark after the dots ends the sentence whatever case follows."""
    if _lowercase_after_stop(ctx) and ctx.stop[:1] in ".…" and any(mark in ctx.stop for mark in "?!"):
        return SPLIT


def address_after_stop(ctx: Context):
    """"they're cool... http://…": a sentence does not go on with a web or e-mail address after a stop."""
    if _lowercase_after_stop(ctx) and ADDRESS_START.match(ctx.right) and not _known_abbreviation(ctx)[0]:
        return SPLIT


def lowercase_next_en(ctx: Context):
    return lowercase_next(ctx, split_after_question=True)


def _ordinary_token(ctx: Context) -> bool:
    """The token before the stop is a word or a number that is no abbreviation: no inner dot ('U.S', 'i.e'),
    not a lone letter (an initial), not a known abbreviation, and with a vowel or a digit ('ft', 'pg' and
    'wk' are abbreviations; 'val', 'box' and '5th' are not) or all in capitals (an acronym: 'in NZ. its').
    A stop set apart by a space ('friendly .') ends the sentence too."""
    if not ctx.left:
        return ctx.text[ctx.start - 1:ctx.start].isspace()
    word = ctx.left_word.rstrip(CLOSERS)
    if not word or "." in word or len(word) == 1:
        return False
    if ctx.resources.abbreviation(abbreviation_key(word + ".")) is not None or _known_abbreviation(ctx)[0]:
        return False
    return any(char in VOWELS or char.isdigit() for char in word) or word.isalpha() and word.isupper()


def lowercase_next_ru(ctx: Context):
    return lowercase_next(ctx, split_after_question=False)


def _script(char: str) -> str:
    if "a" <= char.lower() <= "z":
        return "latin"
    if "а" <= char.lower() <= "я" or char in "ёЁ":
        return "cyrillic"
    return "other"


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
    if _is_upper(ctx.right_word) and _script(left[-1]) != _script(ctx.right_word[0]):
        return None  # "классу S. В соответствии", "Твртко I. Сын": a name is written in one script
    if pronoun is not None and left == pronoun and not _is_upper(ctx.prev.lstrip(OPENERS)):
        return None
    return JOIN


def initials_en(ctx: Context):
    return initials(ctx, pronoun="I")


ELIDED = re.compile(r"^[^\W\d_]{1,5}['’](?=[^\W\d_])")   # an elided article or preposition before the word


def _known_abbreviation(ctx: Context) -> tuple[str | None, int]:
    """The class of the abbreviation ending at the stop and how many tokens it spans ("и т. д." spans 3)."""
    resources = ctx.resources
    tokens = ctx.text[max(ctx.begin, ctx.start - 40):ctx.start].split()
    if not tokens or tokens[-1] != ctx.left:
        return None, 0
    tokens[0] = tokens[0].lstrip(OPENERS) if len(tokens) == 1 else tokens[0]
    tokens[-1] = ctx.left_word if len(tokens) == 1 else tokens[-1]
    for size in range(min(resources.longest, len(tokens)), 0, -1):
        words = tokens[-size:]
        words[0] = ELIDED.sub("", words[0].lstrip(OPENERS))   # "l'Ing.", "dell'Avv.", "d'env." (French, Italian)
        kind = resources.abbreviation(abbreviation_key("".join(words) + "."))
        if kind is not None:
            return kind, size
    return None, 0


def abbreviation(ctx: Context):
    """Known abbreviations (data files).  'never' ones join; 'number' ones join before a number; after 'may'
    ones (and 'end' ones) a capitalised word starts a new sentence only if it is a typical sentence opener, or
    the abbreviation is a unit after a number ('in 1999 г. Потом', 'at 6 P.M. Mr. Smith'), or the class is
    'end' ('и т. д.', 'н. э.'); so 'the U.S. How…' splits and 'the U.S. Government' does not."""
    if ctx.stop != "." or ctx.close or not ctx.left_word:
        return None
    kind, size = _known_abbreviation(ctx)
    if kind is None:
        return None
    word = ctx.right_word
    if kind == "never":
        return JOIN
    if kind == "number" and word[:1].isdigit():
        return JOIN
    if not word or not word[0].isupper():
        return JOIN
    sentence = ctx.text[ctx.begin:ctx.start].split()
    if len(sentence) <= size + 2:
        return JOIN  # "В 2010-2012 гг. Виктор": too short to be a whole sentence
    if len(sentence) <= size + 3 and sentence[0].lstrip(OPENERS).lower() in ctx.resources.prepositions:
        return JOIN  # "At 5 a.m. Mr. Smith went", "В мае 2014 г. «Газпром»": only an adverbial so far
    before = sentence[-size - 1] if len(sentence) > size else ""
    if not NUMBER.match(before) and len(sentence) > size + 1 and before.rstrip(".").isalpha() and len(before) <= 5:
        before = sentence[-size - 2]  # "400 млрд долл.", "5 million tons."
    if kind == "end" or NUMBER.match(before) or word.rstrip(".,:;!?") in ctx.resources.starters \
            or ctx.right[:1] in "«\"“„":
        return SPLIT
    return JOIN


def inside_abbreviation(ctx: Context):
    """The dot after the first letters of an abbreviation written with spaces ("z. B.", "d. h.", "u. a."): the
    words after it complete a listed abbreviation.  (Where the next letter is lower case, ``lowercase_next``
    already joins; German's "z. B." has a capital.)"""
    if ctx.stop != "." or ctx.close or not ctx.left_word:
        return None
    following = ctx.text[ctx.end:ctx.end + 40].split()
    for size in range(1, min(ctx.resources.longest, len(following) + 1)):
        words = following[:size]
        if not words[-1].endswith("."):
            continue
        words[-1] = words[-1].rstrip(".") + "."   # "de los EE. UU..": the sentence's own stop after the last dot
        if ctx.resources.abbreviation(abbreviation_key(ctx.left_word + "." + "".join(words))) is not None:
            return JOIN
    return None


ORDINAL = re.compile(r"\d{1,3}\Z")
ORDINAL_RANGE = re.compile(r"[-–]\d{1,3}\.")   # "aus dem 1. -3. Jahrhundert": the range goes on


def ordinal_de(ctx: Context):
    """German writes an ordinal as a number with a dot ("am 19. Juli", "der 2. Weltkrieg", "im 10. Grad"), and
    every noun with a capital: a number of one to three digits, a dot, then a capitalised word that is not a
    typical sentence opener (``starters_de.txt``) is an ordinal, not a sentence end, and so is one before a range's
    other end ("im 1. -3. Jahrhundert").  A year ("1956. Danach")
    has four digits; "… die Nummer 12. Die nächste …" still splits at the opener."""
    if ctx.stop != "." or ctx.close or not ORDINAL.match(ctx.left_word):
        return None
    word = ctx.right_word.rstrip(".,:;!?")
    if _is_upper(word) and word not in ctx.resources.starters or ORDINAL_RANGE.match(ctx.right):
        return JOIN
    return None


STREET_DE = re.compile(r"\w{2,}str\Z")   # "Bahnhofstr.", "Hauptstr." (…straße): a house number follows


def street_de(ctx: Context):
    """A street name abbreviated inside its compound ("Bahnhofstr. 7") is an address, not a sentence end, when a
    house number follows; on its own ("Berliner Str. 5") the abbreviation list's ``Str. number`` says so."""
    if ctx.stop == "." and not ctx.close and STREET_DE.match(ctx.left_word) and ctx.right_word[:1].isdigit():
        return JOIN
    return None


def default_split(ctx: Context):
    return SPLIT


BREAKS = (paragraph_break, cjk_stop, bullet, enumeration)
COMMON_REST = (line_break, valediction, greeting, punctuation_next, list_marker, bracketed_stop, inside_parentheses,
               bracket_next)
COMMON_HEAD = BREAKS + COMMON_REST
STOP_RULES_EN = (spaced_ellipsis, ellipsis_before_ellipsis, lowercase_sentence_en, question_in_ellipsis, address_after_stop,
                 lowercase_next_en, abbreviation, initials_en)
STOP_RULES_RU = (spaced_ellipsis, ellipsis_before_ellipsis, dash_attribution_ru, dash_inside_quote_ru, lowercase_next_ru, abbreviation,
                 initials)
STOP_RULES_GENERIC = (spaced_ellipsis, ellipsis_before_ellipsis, truncation, lowercase_next_ru, inside_abbreviation,
                      abbreviation, initials)
STOP_RULES_DE = (spaced_ellipsis, ellipsis_before_ellipsis, truncation, lowercase_next_ru, inside_abbreviation,
                 abbreviation, ordinal_de, street_de, initials)

# A segmenter without a rule list of its own (Greek, French: data files only) runs the generic one.
RULES = {
    # web-text rules before line_break: "-----" or "--" then a line break ends a line, though "-" ends it
    "en": BREAKS + WEB_RULES + COMMON_REST + STOP_RULES_EN + (default_split,),
    "ru": COMMON_HEAD + STOP_RULES_RU + (default_split,),
    "generic": COMMON_HEAD + STOP_RULES_GENERIC + (default_split,),
    "de": COMMON_HEAD + STOP_RULES_DE + (default_split,),
}
# Languages whose rules judge the web-text candidates (addresses, mail stamps, separator lines, "--").
WEB_TEXT = frozenset({"en"})
