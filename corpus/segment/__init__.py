"""Rule-based, offset-preserving sentence segmentation (English, Russian, German, French, and a generic fallback;
Thai adds a trained model for its spaces, ``thai.py``).

    split(text, lang) -> [(start, end), ...]     sentence spans into ``text``
    segment_document(doc) -> doc                 fills ``block.sentences`` for every body block
    describe(lang) -> "bitext-rules-en/1"        name and version for the reproducibility signature

How it works (razdel's design): one compiled regex (``candidates.py``) finds every place a sentence might end;
at each, an ordered list of small pure rules (``rules.py``) looks at the context — the token before the stop,
the stop, closing quotes, the token after — and says split, join or nothing.  Abbreviations and sentence
openers are data files in ``data/`` (see ``data/README.md``).  Languages without their own rules use the
generic set, which never fails: it knows . ? ! …, CJK stops, other scripts' full stops (। ؟ ۔ ։ ። …),
quotes, brackets, lists and line breaks; a language whose own stop is another's punctuation (Greek ';') lists
it in ``data/stops_<lang>.txt`` and gets the generic rules under its own name.
English also reads web and e-mail text whose line breaks were lost: web and e-mail addresses, mail header stamps
("08/16/2000 12:05 PM"), separator lines, the signature dash, "- file.pdf" lists, greetings ("Hi David:") and
sentences begun in lower case (``candidates.WEB_TEXT``, ``rules.WEB_RULES``).

Why not razdel underneath for Russian: razdel splits at ';', joins every '— сказал он' after a stop and knows no
units after numbers; on OpenCorpora it makes 58 errors per 1,000 boundaries, these rules 43, on Russian PUD
7 against 5, and one rule engine serves English, Russian and the fallback alike.
"""

from __future__ import annotations

from .documents import segment_document
from .resources import resources
from .splitter import Segmenter
from .thai import ThaiSegmenter

SEGMENTERS = {
    "en": Segmenter("en", 12),
    "ru": Segmenter("ru", 7),
    "generic": Segmenter("generic", 9),
    "el": Segmenter("el", 8),   # the generic rules; ";" is Greek's question mark (data/stops_el.txt)
    "de": Segmenter("de", 7),   # the generic rules, German abbreviations and ordinals ("am 19. Juli")
    "fr": Segmenter("fr", 7),   # the generic rules over French abbreviations ("MM.", "av. J.-C.", "chap.")
    "es": Segmenter("es", 6),   # the generic rules over Spanish abbreviations ("Lic.", "párr.", "Mar. 23")
    "it": Segmenter("it", 4),   # the generic rules over Italian abbreviations ("l'Ing.", "mar. 23 nov.")
    "th": ThaiSegmenter("th", 7),   # the generic rules, then PyThaiNLP's CRFCut at spaces (thai.py)
}


def segmenter(lang: str | None) -> Segmenter:
    """The segmenter for an ISO language code ("en", "en-GB", "ru"); anything else gets the generic rules."""
    code = (lang or "").lower().replace("_", "-").split("-", 1)[0]
    return SEGMENTERS.get(code, SEGMENTERS["generic"])


def language_stops(lang: str | None) -> str:
    """Characters that end a sentence in ``lang`` only (Greek ";"), from its ``data/stops_<lang>.txt``."""
    return resources(segmenter(lang).name).stops


def split(text: str, lang: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` into ``text``: in order, non-overlapping, stripped of surrounding
    whitespace, together covering every non-space character of ``text``."""
    return segmenter(lang).split(text)


def describe(lang: str) -> str:
    return segmenter(lang).describe()


__all__ = ["SEGMENTERS", "Segmenter", "describe", "segment_document", "segmenter", "split"]
