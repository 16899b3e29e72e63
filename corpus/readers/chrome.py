"""Telling the article from the site chrome around it, with general rules only.

A web page copied as text (or read as HTML) has the article in the middle and chrome around it: a rubric,
a topic line and a language switch above the title, a byline, then after the body "Top reads" lists, a
donation appeal, "Read also" teasers, a search box.  The rules, in order:

1. *Wording* (``chrome_patterns.tsv``): short blocks that say "Read in English", "Читайте также",
   "Support us", "Search", … are chrome of that kind wherever they stand (HTML structure — <nav>, <aside>,
   class="related" — gives the same kind of evidence).  These *strong* blocks cut the page into segments.
2. *Prose*: a block of several words that ends like a sentence (or a long block with function words in
   it) is prose; titles, tags and teasers end without a full stop and have few function words.
3. *Position*: the body is the segment with the most prose.  A single inline teaser ("Read also: …")
   between two prose paragraphs does not end it.  The title is chosen from the headings stacked above the
   first prose block (bylines and a language switch may stand among them): an <h1>, else the heading right
   above a byline, else the topmost one that is not a short label.  A byline is a dated/"By …" line or a
   short name-like line right under the title; the lede is a short (1–2 sentence) first prose block next
   to a byline.  Short labels above the title are a rubric (a single label) or a tagline (several topics).
4. Below the body, every block takes the kind of the last strong heading above it ("Top reads" → related),
   prose that asks for money is an appeal, and anything else is chrome.
5. Language links to the page's own language or to a front page ("/ru/") are navigation, so that
   ``Document.counterpart`` is the link to this article's translation (applied by the reader, which knows
   the document's language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..langid import COMMON_WORDS
from ..segment.candidates import SCRIPT_STOPS
from ..words import WORD, mostly_unspaced, word_count
from .patterns import Match, match

FUNCTION_WORDS = frozenset().union(*COMMON_WORDS.values())
# Closing quotes and brackets, the CJK ones too (「…。」, （…。）).
CLOSERS = "\"'»”’)]\u201d\u2019」』）】〉》"
# Chinese and Japanese end sentences with full-width marks (。！？) and put no space after them; other scripts
# with their own marks (Devanagari ।, Urdu ۔, Armenian ։, Ethiopic ።, Khmer ។, …: the segmenter's list), of which
# the question marks (Arabic ؟, Ethiopic ፧, Greek ;) end a sentence but, like ?, no full stop.
_QUESTION_MARKS = "?？؟፧\u037e"
_FULL_STOPS = ".!…。！｡．" + "".join(c for c in SCRIPT_STOPS if c not in _QUESTION_MARKS)
SENTENCE_END = re.compile(rf"[.!?…。！？｡．{SCRIPT_STOPS}][{re.escape(CLOSERS)}]*$")
FULL_STOP_END = re.compile(rf"[{_FULL_STOPS}][{re.escape(CLOSERS)}]*$")
SENTENCE_BREAK = re.compile(rf"[.!?…][{re.escape(CLOSERS)}]*\s+(?=[\"«“„(]?[A-ZА-ЯЁ0-9])"
                            rf"|[。！？｡][{re.escape(CLOSERS)}]*(?=\S)"
                            rf"|[{SCRIPT_STOPS}][{re.escape(CLOSERS)}]*\s+(?=\S)")
# Separators between topics in a tag line ("Politics – Economy", "Russia / China", "#war #peace").
TOPIC_SEPARATOR = re.compile(r"\s[–—/|·•]\s|,\s|#\w|\s-\s")

STRONG_KINDS = ("language_switch", "related", "appeal", "navigation", "tagline", "chrome")
LABEL_WORDS = 10       # a "full" wording match only counts on a block this short
TEASER_WORDS = 25      # "Read also: <teaser>" may be this long
BYLINE_WORDS = 12
MAX_TITLE_WORDS = 30
MAX_LEDE_SENTENCES = 2
MAX_LEDE_CHARS = 400
MAX_HEAD_STACK = 6     # how far above the first prose block the title may stand


@dataclass(slots=True)
class Candidate:
    """A block found by a reader, before it has a kind."""

    start: int
    end: int
    text: str
    shape: str = "line"            # plain text: line | wrapped | list | bullet;  HTML: the tag name
    hint: str = ""                 # a chrome kind the page structure implies (HTML), or "lede"/"title"
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Features:
    words: int
    function_share: float
    sentences: int
    ends_sentence: bool
    ends_full_stop: bool
    ends_colon: bool
    match: Match | None
    unspaced: bool = False         # written mostly in a script without spaces between words (corpus.words)


def features(text: str) -> Features:
    tokens = WORD.findall(text)
    words = word_count(tokens)
    function = sum(1 for t in tokens if t.lower() in FUNCTION_WORDS)
    stripped = text.rstrip()
    wording = None
    if words <= TEASER_WORDS:
        wording = match(text, ("full", "prefix") if words <= LABEL_WORDS else ("prefix",))
        if wording is None and words <= BYLINE_WORDS:
            wording = match(text, ("contains",))
            if wording is not None and wording.kind not in ("byline", "chrome"):
                wording = None   # "contains" only dates and copyright lines on its own; appeals need context
    return Features(
        words=words,
        function_share=function / words if words else 0.0,
        sentences=1 + len(SENTENCE_BREAK.findall(stripped)),
        ends_sentence=bool(SENTENCE_END.search(stripped)),
        ends_full_stop=bool(FULL_STOP_END.search(stripped)),
        ends_colon=stripped.endswith(":"),
        match=wording,
        unspaced=mostly_unspaced(text, tokens),
    )


def is_prose(f: Features) -> bool:
    """Running text: a few words ending like a sentence, or a long passage with function words."""
    # Function words are counted in spaced scripts only; Thai, Lao and Khmer also end a sentence without a mark.
    if f.words >= 20 and (f.function_share >= 0.05 or f.unspaced):
        return True
    if f.words < 3:
        return False
    if f.ends_full_stop or (f.ends_colon and f.words >= 4):   # "The list has three items:" leads into a list
        return True
    # A lone short question is as often a heading as a paragraph; two sentences are prose.
    return f.ends_sentence and (f.sentences >= 2 or f.words >= 25)


def is_heading_like(f: Features) -> bool:
    return f.words >= 1 and f.words <= MAX_TITLE_WORDS and not f.ends_full_stop and not is_prose(f)


# A foreign name written in Chinese or Japanese: its parts joined by a middle dot (迈克尔·科夫曼, マイケル・コフマン).
# Japanese also joins coordinated nouns with ・ (中国・ロシア), so there the parts must be katakana, as names are.
TRANSLITERATED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6}){1,3}"
                                 r"|[\u30a0-\u30ff]{1,8}(?:[・·][\u30a0-\u30ff]{1,8}){1,3}")


def is_name_like(text: str, f: Features) -> bool:
    """"Alexander Smith", "Анна Иванова": 2–4 capitalised words, no function words, no digits; in a script
    without capitals two or three short words; or a foreign name in Chinese or Japanese script
    (``TRANSLITERATED_NAME``).  A Chinese name of two to four characters is not told from a short heading
    ("外交政策", foreign policy) by its look, so it is left to the page's markup."""
    if TRANSLITERATED_NAME.fullmatch(text.strip()):
        return True
    tokens = WORD.findall(text)
    if tokens and not f.unspaced and not any(c.isupper() or c.islower() for c in text):
        # A script without capitals (Korean, Arabic, Hebrew, Hindi): two or three short words and nothing else,
        # as "마이클 코프먼" or "مايكل كوفمان" under a title.
        return (2 <= len(tokens) <= 3 and all(2 <= len(t) <= 12 for t in tokens) and f.function_share == 0
                and not any(ch.isdigit() for ch in text) and not f.ends_sentence
                and len(text.split()) == len(tokens))
    return (
        2 <= len(tokens) <= 4
        and len(text) <= 60
        and f.function_share == 0
        and not any(ch.isdigit() for ch in text)
        and all(t[0].isupper() for t in tokens)
        and not f.ends_sentence
        and not TOPIC_SEPARATOR.search(text)
    )


def is_tagline(text: str, f: Features) -> bool:
    return f.words <= 12 and bool(TOPIC_SEPARATOR.search(text)) and not f.ends_full_stop


def classify(candidates: list[Candidate]) -> list[tuple[str, dict[str, str]]]:
    """A ``(kind, attrs)`` for each candidate, in order."""
    n = len(candidates)
    feats = [features(c.text) for c in candidates]
    # An HTML <p> with function words in it is running text even when it ends oddly.
    prose = [is_prose(f) or (c.shape in ("p", "blockquote") and f.words >= 3 and f.function_share >= 0.1)
             for c, f in zip(candidates, feats)]
    strong: list[str] = []
    generic: list[bool] = []   # chrome only because it sits in a page's header, footer or sidebar
    for c, f in zip(candidates, feats):
        kind = c.hint if c.hint in STRONG_KINDS else ""
        wording = f.match.kind if f.match is not None and f.match.kind in STRONG_KINDS else ""
        if wording and (kind in ("", "chrome") or wording == "language_switch"):
            # A specific structure outranks wording ("Topics" in a <nav> is a menu entry, not a tag line),
            # but wording is more precise than "somewhere in the footer", and a "Read in Russian" link is a
            # language switch wherever it sits.
            kind = wording
        strong.append(kind)
        generic.append(kind == "chrome" and not wording)
    # A dated or "By …" line may end with a full stop ("29 ноября 2026 г."); it is still a byline, but only
    # where bylines stand: above the first prose block or right under the lede (see below).
    bylines = [c.hint == "byline" or (f.match is not None and f.match.kind == "byline"
                                      and f.words <= BYLINE_WORDS and f.sentences <= 1)
               for c, f in zip(candidates, feats)]

    # A one-sentence block right above a byline is a title even if it ends with a full stop.
    titled = [False] * n
    for i in range(n - 1):
        f = feats[i]
        if (bylines[i + 1] and not bylines[i] and not strong[i] and prose[i]
                and (f.sentences == 1 or not f.ends_full_stop) and f.words <= MAX_TITLE_WORDS
                and (i == 0 or not prose[i - 1] or bylines[i - 1])):
            prose[i] = False
            titled[i] = True

    kinds: list[str] = [""] * n
    attrs: list[dict[str, str]] = [dict(c.attrs) for c in candidates]

    start, end = _body_span(candidates, feats, prose, strong)
    first_prose = next((i for i in range(start, end) if prose[i] and not bylines[i]), start)

    title = _find_title(candidates, feats, prose, strong, bylines, titled, first_prose)
    # The article starts at its title; what stands above it is chrome (rubric, tagline, ...).
    body_start = title if title is not None else start

    # The lede: a short first prose block beside a byline (or marked as one by the page).
    lede = None
    if first_prose < end and prose[first_prose]:
        f = feats[first_prose]
        near_byline = any(bylines[j] for j in range(body_start, first_prose)) or (
            first_prose + 1 < n and bylines[first_prose + 1] and not prose[first_prose + 1]
        )
        short = f.sentences <= MAX_LEDE_SENTENCES and len(candidates[first_prose].text) <= MAX_LEDE_CHARS
        if candidates[first_prose].hint == "lede" or (near_byline and short and title is not None):
            lede = first_prose

    for i in range(n):
        c, f = candidates[i], feats[i]
        if strong[i]:
            kinds[i] = strong[i]
        elif bylines[i] and (i < first_prose or (i == first_prose + 1 and not prose[i])):
            kinds[i] = "byline"
        elif body_start <= i < end:
            kinds[i] = _body_kind(i, c, f, prose[i], title, lede)
        if kinds[i] == "language_switch" and f.match is not None and f.match.kind == "language_switch":
            attrs[i].setdefault("lang", f.match.lang)
            attrs[i].setdefault("href", f.match.href)
        if kinds[i] == "language_switch":
            attrs[i].setdefault("href", "")
            attrs[i].setdefault("lang", "")

    _label_above(candidates, feats, kinds, body_start)
    _label_below(candidates, prose, kinds, generic, end)
    return [(k or "chrome", a) for k, a in zip(kinds, attrs)]


def _find_title(candidates, feats, prose, strong, bylines, titled, first_prose) -> int | None:
    """The title among the heading-like blocks stacked above the first prose block.

    The stack runs up from the first prose block over headings, bylines and language switches until prose
    or other chrome.  With a byline in it, the title is the heading right above the byline (below it may
    stand a standfirst).  Otherwise it is the topmost heading that is not a label — a rubric or tag line
    (a tag list, or four words or fewer) — and failing that the heading nearest the text.
    """
    def heading(i):
        return not strong[i] and not prose[i] and (titled[i] or is_heading_like(feats[i]))

    stack: list[int] = []          # heading-like blocks, nearest the text first
    i = first_prose - 1
    while i >= 0 and first_prose - i <= MAX_HEAD_STACK:
        if bylines[i] or strong[i] == "language_switch":
            i -= 1
            continue
        if not heading(i):
            break
        above = i - 1
        while above >= 0 and (strong[above] == "language_switch" or bylines[above]):
            above -= 1
        # Only the heading nearest the text can be an author's name under the title.
        if (not stack and is_name_like(candidates[i].text, feats[i]) and above >= 0 and heading(above)
                and not is_name_like(candidates[above].text, feats[above])):
            bylines[i] = True   # a name under a title is its author
        else:
            stack.append(i)
        i -= 1
    if not stack:
        return None
    marked = [j for j in stack if candidates[j].shape == "h1" or candidates[j].hint == "title"]
    if marked:   # the page says which heading is the title
        return marked[-1]
    lowest_byline = next((j for j in range(first_prose - 1, stack[-1], -1) if bylines[j]), None)
    if lowest_byline is not None:
        above_byline = [j for j in stack if j < lowest_byline]
        if above_byline:
            return above_byline[0]

    def label(j):
        return is_tagline(candidates[j].text, feats[j]) or feats[j].words <= 4

    for j in reversed(stack):   # topmost first
        if not label(j):
            return j
    return stack[0]


def _body_kind(i, c: Candidate, f: Features, prose: bool, title, lede) -> str:
    if i == title:
        return "title"
    if i == lede:
        return "lede"
    if c.shape in ("bullet", "li"):
        return "list_item"
    if c.shape in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "heading"
    if prose or c.shape in ("p", "blockquote"):
        return "paragraph"
    if c.shape == "list":
        return "list_item"
    return "heading" if f.words <= MAX_TITLE_WORDS else "paragraph"


def _body_span(candidates, feats, prose, strong) -> tuple[int, int]:
    """``[start, end)`` of the run of blocks with the most prose, not crossing strong chrome blocks.

    A single strong block between two prose blocks (an inline "Read also: …" teaser) does not end the run,
    unless the prose after it asks for money (then it is an appeal, not the article resuming).
    """
    n = len(candidates)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if strong[i]:
            i += 1
            continue
        j = i
        while j < n:
            if not strong[j]:
                j += 1
                continue
            inline = (
                j + 1 < n and not strong[j + 1] and prose[j + 1] and j > i and prose[j - 1]
                and strong[j] in ("related", "navigation")
                and not _asks_for_support(candidates[j + 1].text)
            )
            if not inline:
                break
            j += 1
        runs.append((i, j))
        i = j
    if not runs:
        return 0, 0

    def weight(run):
        a, b = run
        return sum(len(candidates[k].text) for k in range(a, b) if prose[k] and not strong[k])

    best = max(runs, key=lambda run: (weight(run), -run[0]))
    if weight(best) == 0:   # nothing reads as prose: the longest run is the text
        best = max(runs, key=lambda run: (sum(len(candidates[k].text) for k in range(*run)), -run[0]))
    return best


# "/ru/", "ru", "https://site.org/en-gb/index.html": a language's front page.
LANGUAGE_ROOT = re.compile(r"^(?:https?://[^/]+/+|/*)[a-z]{2,3}(?:[-_][a-z0-9]+)?/*(?:index\.\w+)?$", re.IGNORECASE)


def is_language_menu_entry(attrs: dict[str, str], doc_lang: str) -> bool:
    """A link to the page's own language, or to another language's front page ("/ru/"), is site navigation:
    it does not lead to this article's translation."""
    if attrs.get("lang") and attrs.get("lang") == doc_lang:
        return True
    href = attrs.get("href", "").split("#")[0].split("?")[0]
    return bool(href) and bool(LANGUAGE_ROOT.match(href))


def _asks_for_support(text: str) -> bool:
    found = match(text, ("contains",))
    return found is not None and found.kind == "appeal"


def _label_above(candidates, feats, kinds, body_start) -> None:
    """Rubric and tagline: short labels above the title; anything else there is chrome."""
    for i in range(body_start):
        if kinds[i]:
            continue
        c, f = candidates[i], feats[i]
        if c.hint in ("rubric", "tagline"):   # the page's own markup says so
            kinds[i] = c.hint
        elif is_tagline(c.text, f):
            kinds[i] = "tagline"
        elif 1 <= f.words <= 4 and not f.ends_sentence:
            kinds[i] = "rubric"
        else:
            kinds[i] = "chrome"


def _label_below(candidates, prose, kinds, generic, end) -> None:
    """After the body a block belongs to the section the last strong heading opened."""
    section = "chrome"
    for i in range(end, len(candidates)):
        if kinds[i] in ("related", "appeal", "navigation"):
            section = kinds[i]
            continue
        if kinds[i] and not generic[i]:
            continue
        if prose[i] and _asks_for_support(candidates[i].text):
            kinds[i] = "appeal"
            section = "appeal"
        else:
            kinds[i] = section
