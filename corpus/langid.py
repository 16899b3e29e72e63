"""Language identification by script, a statistical model and common words — deterministic, never fails.

English and Russian are the languages bitext is tuned for; other languages must still get a sensible code:
a script decides most of them (Han → zh, kana → ja, Hangul → ko, …).  Latin-script and Cyrillic texts of
``STATISTICAL_MIN_LETTERS`` letters or more go to py3langid (langid.py's byte n-gram model, 97 languages, in its
wheel: nothing is downloaded) where it is at least ``STATISTICAL_MIN_PROBABILITY`` sure; shorter or doubtful
ones are told apart by their commonest function words (lists below, as data), with letters unique to a language
(þ, ð → is; ß → de; ї, є, ґ → uk) as tie-breakers.  A text with no letters at all is ``"und"``.

Why both: the word lists know eight Latin-script languages and three Cyrillic ones, and any other language fell to
whichever shared the most short words (Czech and Polish read as Portuguese, Danish and Swedish as Icelandic,
Romanian and Turkish as Italian, Finnish as English, Serbian as Russian), which then chose the wrong encoder,
lemmatiser and dictionary.  The model names them all.  On short text the word lists are the better judge
(sentences of English web text under 20 characters: the lists 0.932 right, the model alone 0.386).  Measured on
the gold sentences of 40 characters or more (lists / lists with the model as here): English EWT 0.991 / 0.991,
PUD English and Russian 1.000 / 1.000, Text+Berg German 0.958 / 0.975 and French 0.933 / 0.962, ParIce Icelandic
0.996 / 1.000, WMT21 English 0.998 / 0.999.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter

# Function words: short, frequent, and rarely shared between the languages listed.  Words a pair of
# languages shares ("a", "in", "la", "die"...) are left out where they would mislead.
COMMON_WORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the of and to is that for it with as was on be by this are from at have has not which but "
              "they his her their were been would will an or its said also who one more than after about "
              "you your we our my me he she him them there what when how do did does can could should if "
              "so all any just into over out up had no yes i it's don't i'm",
        "de": "der die das und ist nicht mit den dem des ein eine einen sich auf für von zu im auch es "
              "wird sind wurde nach bei aus wie oder aber noch nur hat werden über vom zum zur dass",
        "fr": "le la les et des est une pour dans que qui pas sur au aux du il elle sont avec par plus "
              "ce cette ont été mais ou leur nous vous ses son sa être fait comme aussi",
        "is": "og að er í á sem til við um það ekki var af með hann hún þetta eru voru frá fyrir þess "
              "eða en þegar þeir hafa verið sér mjög einnig hefur",
        "es": "el los las y que del en por con una para es se su al lo como más pero sus fue este esta "
              "son también entre cuando muy sin sobre ha",
        "it": "il di che e la per un una non sono del della le gli con è si al da nel anche più ma come "
              "questo alla dei delle stato",
        "nl": "de het een en van is dat niet op te zijn met voor ook als aan er maar om door bij nog werd "
              "naar wordt uit hij",
        "pt": "o os as e que do da dos das em um uma para com não por se na no mais como mas foi ao ele "
              "sua seu também são",
        "ru": "и в не на что с по как это он к но из у за от о так же для все она его бы мы вы был было "
              "только уже или ещё еще они при если даже когда чтобы также который которые этого до во со "
              "под над без через после года",
        "uk": "і в не на що з по як це він до але від у за та так же для все вона його ми ви був було "
              "тільки вже або ще вони при якщо навіть коли щоб також який які цього",
        "bg": "че това към ще беше които като още са се",
    }.items()
}

# Letters that belong to one language only: each occurrence counts as strong evidence.
UNIQUE_LETTERS: dict[str, str] = {
    "þ": "is", "ð": "is",
    "ß": "de",
    "ї": "uk", "є": "uk", "ґ": "uk",
    "ы": "ru", "э": "ru", "ё": "ru", "ъ": "ru",
    "ñ": "es",
    "ã": "pt", "õ": "pt",
}

# Script (first word of the Unicode character name) → language when the script alone decides.
SCRIPT_LANGUAGE = {
    "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "CJK": "zh", "ARABIC": "ar", "HEBREW": "he",
    "GREEK": "el", "DEVANAGARI": "hi", "THAI": "th", "GEORGIAN": "ka", "ARMENIAN": "hy", "BENGALI": "bn",
    "TAMIL": "ta", "ETHIOPIC": "am",
}

WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
# Addresses and URLs are not words of any language ("e", "o", "com" would vote for Portuguese).
# Linear on any input: a match may start only where a token starts (``(?<!\S)``) and a tag stops at the next
# "<".  The former ``\S*(?:…)\S*|<[^>]*>`` rescanned a long run without spaces (or without ">") from every
# position: 60 kB of "&a;&a;…" took 12 s in language detection, 120 kB four times as long.
NOT_PROSE = re.compile(r"(?<!\S)\S*?(?:https?://|www\.|@)\S*|<[^<>]*>")
# Another language must beat the default by this many votes: short texts share many short words.
MARGIN = 1.0
CYRILLIC_SHARE = 0.25
# The statistical model decides a Latin-script or Cyrillic text with at least this many letters, where it gives
# its best language at least this probability (its own length-tempered softmax); it reads at most
# STATISTICAL_MAX_CHARS characters (a book's opening is enough, and the time stays flat).
STATISTICAL_MIN_LETTERS = 40
STATISTICAL_MIN_PROBABILITY = 0.9
STATISTICAL_MAX_CHARS = 100_000
NO_LANGUAGE = "zxx"   # the model's label for text with no linguistic content

_model = None
_model_lock = threading.Lock()


def _script(ch: str) -> str:
    if "\u0400" <= ch <= "\u04ff":
        return "CYRILLIC"
    if ch.isascii():
        return "LATIN"
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


def script_counts(text: str) -> Counter:
    return Counter(_script(ch) for ch in text if ch.isalpha())


def _by_words(text: str, candidates: tuple[str, ...], default: str) -> str:
    text = NOT_PROSE.sub(" ", text)
    words = [w.lower() for w in WORD.findall(text)]
    scores = {lang: 0.0 for lang in candidates}
    for word in words:
        for lang in candidates:
            if word in COMMON_WORDS[lang]:
                scores[lang] += 1
    for ch in text.lower():
        lang = UNIQUE_LETTERS.get(ch)
        if lang in scores:
            scores[lang] += 2
    best = max(candidates, key=lambda lang: (scores[lang], lang == default))
    return best if scores[best] >= scores[default] + MARGIN else default


def detect(text: str) -> str:
    """Return an ISO 639 code for *text* (639-1 where the language has one; ``"und"`` when it has no letters)."""
    counts = script_counts(text)
    if not counts:
        return "und"
    # Japanese mixes kana with Han; any real share of kana makes it Japanese.
    if counts["HIRAGANA"] + counts["KATAKANA"] > 0.1 * sum(counts.values()):
        return "ja"
    script, _ = max(counts.items(), key=lambda item: (item[1], item[0]))
    # Russian text quotes Latin names and titles; English text almost never carries Cyrillic.
    if script.startswith("LATIN") and counts["CYRILLIC"] >= CYRILLIC_SHARE * sum(counts.values()):
        script = "CYRILLIC"
    if script == "CYRILLIC" or script.startswith("LATIN"):
        found = _statistical(text, counts[script])
        if found:
            return found
    if script == "CYRILLIC":
        return _by_words(text, ("ru", "uk", "bg"), "ru")
    if script.startswith("LATIN"):
        return _by_words(text, ("en", "de", "fr", "is", "es", "it", "nl", "pt"), "en")
    return SCRIPT_LANGUAGE.get(script, "und")


def _statistical(text: str, letters: int) -> str | None:
    """py3langid's language for ``text`` where it has enough letters and the model is sure enough, else None."""
    if letters < STATISTICAL_MIN_LETTERS:
        return None
    language, probability = _identifier().classify(NOT_PROSE.sub(" ", text[:STATISTICAL_MAX_CHARS]))
    if probability < STATISTICAL_MIN_PROBABILITY or language == NO_LANGUAGE:
        return None
    return language


def _identifier():
    """The model, loaded once (about half a second and 100 MB) on first use."""
    global _model
    with _model_lock:
        if _model is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            _model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _model
