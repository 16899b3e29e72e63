"""Names and named entities present on one side only.

A name is found by the aligner's name anchors (``aligner.lexical.names``): a capitalised word that is not an
ordinary word, keyed by a transliteration skeleton, so Putin ~ Путина and Yeltsin ~ Ельцин match whatever
the script or case ending.  Names whose translation is no transliteration (Beijing ~ Пекин, Xi Jinping ~ Си
Цзиньпин) come from a small exonym list (``data/exonyms.tsv``) and from the bilingual dictionary the aligner
already loads (China ~ Китай).  Consecutive name words are one entity; an entity counts as rendered when its
words long enough to judge are (an acronym beside a name too, across scripts: RT USA ~ RT США).  One target
word renders one source word: коронавирус for coronavirus does not render COVID in the same sentence.

A missing name is a warning, or a note where the evidence is weak.  A neighbouring link's target may hold it
(an alignment error, a moved clause): that excuses it only if the neighbour's source does not name it itself,
in any form (Kenyan, the Taliban of Tehreek-e-Taliban, Chinese by the list), and the rendering there is more
than an initial and more than a cognate of the neighbour's own words.  An acronym may be translated (KCNA ~
ЦТАК, CDC spelt out), so its absence is a note, unless the list knows its renderings (UN ~ ООН, COVID ~
коронавирус), the document renders it in at least half of its other links, or — met once — the translation
keeps the document's other acronyms in Latin letters and has no acronym of its own that could translate it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from rapidfuzz.distance import Levenshtein
from unidecode import unidecode

from ..lexical.lemmas import lemmatiser
from ..lexical.names import name_key
from ..lexical.resources import stopwords
from ..lexical.tokens import WORD_RE, is_acronym, is_capitalised
from .base import Check, Finding, LinkView

EXONYMS = Path(__file__).with_name("data") / "exonyms.tsv"


@lru_cache(maxsize=None)
def exonyms(src_lang: str, tgt_lang: str) -> dict[str, tuple[str, ...]]:
    """source word (case-folded) -> stems of the other side's words, from both directions of the list."""
    table: dict[str, set[str]] = {}
    for line in EXONYMS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        l1, n1, l2, n2 = line.split("\t")
        for (a, na), (b, nb) in (((l1, n1), (l2, n2)), ((l2, n2), (l1, n1))):
            if (a, b) == (src_lang, tgt_lang):
                for word in na.split():
                    table.setdefault(word.casefold(), set()).update(_table_stem(w) for w in nb.split())
    return {k: tuple(sorted(v)) for k, v in table.items()}


def _table_stem(word: str) -> str:
    """How a word of the list is looked for: an acronym whole, marked ``=`` (ВОЗ is not the start of
    возможно, ИГ not of игрок), any other word by its stem (Пекин for Пекина)."""
    return "=" + word.casefold().replace("ё", "е") if is_acronym(word) else _stem(word)


def stem_matches(stem: str, word: str) -> bool:
    """Does the (case-folded) text word *word* carry the list's *stem*?  An acronym stands alone or before a
    hyphen (COVID-19, ООН-овский); a stem starts the word or a part after a hyphen (российско-китайской)."""
    if stem.startswith("="):
        return word == stem[1:] or word.startswith(stem[1:] + "-")
    return word.startswith(stem) or ("-" + stem) in word


def acronym_like(word: str) -> bool:
    """NATO, MPs, MLAs: two or more capitals (a plural s allowed)."""
    return is_acronym(word) or (sum(c.isupper() for c in word) >= 2 and is_acronym(word.rstrip("s")))


def shouted(word: str, lang: str) -> bool:
    """BARCELONA, SEATTLE: a name set in capitals (a headline's first word, a dateline), not an acronym —
    seven letters or more, a third of them vowels, and no ordinary word (CHAINSAW)."""
    letters = [c for c in word if c.isalpha()]
    return (len(letters) >= 7 and all(c.isupper() for c in letters)
            and sum(c.lower() in "aeiouаеёиоуыэюя" for c in letters) >= len(letters) / 3
            and not lemmatiser(lang).is_common_word(word.lower()))


def dateline(text: str, entity) -> bool:
    """Does *entity* open the text as a news dateline, in capitals before a comma, a bracket or a dash
    (JERUSALEM (Reuters) -, AURORA, Colo. (AP))?  That is a place, not an acronym."""
    head = text[:entity[0][0]].strip(" \"'“«")
    after = text[entity[-1][1]:].lstrip()
    return (not head and after[:1] in (",", "(", "-", "–", "—")
            and all(w.isupper() and sum(c.isalpha() for c in w) >= 3 for _, _, w in entity))


def key_variants(key: str, word: str) -> set[str]:
    """A name's key, and without the first consonant where English writes one Russian does not hear:
    Wiley ~ Уайли, Watford ~ уотфордская, Knowsley ~ Ноусли, Psaki ~ Псаки keeps it (both written)."""
    out = {key}
    if word[:1] in "Ww" or word[:2].lower() in ("kn", "wr", "wh"):
        out.add(key[1:])
    return {k for k in out if k}


# Spellings whose sound depends on the name's language, tried as alternatives before keying: English j is
# Russian дж (Jagger ~ Джаггер), Spanish j is х (Jurupa ~ Хурупа); French ch is ш (Michaud ~ Мишо), Italian
# and Greek ch is к; w after a vowel is silent (Newcastle ~ Ньюкасл); th may be t + h across a compound
# (Southampton ~ Саутгемптон); a Chinese or Vietnamese ng is н (Wang ~ Ван, Huang ~ Хуан).
SOUND_VARIANTS: tuple[tuple[str, str], ...] = (
    ("j", "dzh"), ("j", "h"), ("ch", "sh"), ("ch", "k"), ("w", ""), ("th", "t'h"), ("ph", "p'h"),
    ("ge", "dzhe"), ("gi", "dzhi"), ("dh", "d"), ("bh", "b"), ("ng", "n"),
)


@lru_cache(maxsize=100_000)
def sound_keys(word: str) -> frozenset[str]:
    """Keys of a Latin-script name under each alternative reading of its ambiguous spellings."""
    out = set()
    low = word.lower()
    if not low.isascii():
        return frozenset()
    for a, b in SOUND_VARIANTS:
        if a in low:
            key = name_key(low.replace(a, b))
            if key:
                out.add(key)
    return frozenset(out)


def key_matches(key: str, keys: set[str]) -> bool:
    """Equal skeletons, or close ones: transliteration conventions differ (Hampshire ~ Гэмпшир, Hedgecoe ~
    Хеджкоу: one consonant apart) and derived words keep the name's consonants first (Tunisians ~ Туниса,
    Kenyan ~ кенийские: one key a prefix of the other)."""
    if key in keys or (len(key) >= 4 and "~" + key in keys):
        return True
    if len(key) < 3:
        return False
    for other in keys:
        weak = other.startswith("~")     # a lower-case word: only a long shared stem counts
        other = other.lstrip("~")
        if len(other) < 3:
            continue
        if weak and min(len(key), len(other)) < 4:
            continue
        # a lower-case adjective keeps all but the name's last consonant (Taliban ~ талибской)
        if weak and len(key) >= 4 and other.startswith(key[:-1]):
            return True
        if Levenshtein.distance(key, other) <= 1 or other.startswith(key) or key.startswith(other):
            return True
    return False


INITIAL = re.compile(r"\b([^\W\d_])\.(?=\s)")

# After these a capital starts a sentence or a quotation and says nothing about names.
STARTERS = ".!?«\"“„(—–:"

# Consonants that transliteration swaps at the start of a name (Hampshire ~ Гэмпшир, Washington ~ Вашингтон).
FIRST_CLASSES = {"h": "h", "g": "h", "k": "h", "v": "v", "w": "v", "f": "v", "s": "s", "c": "s", "z": "s"}


def _first_class(key: str) -> str:
    return FIRST_CLASSES.get(key[:1], key[:1])


def _judgeable(word: str, lang: str, last: bool = False) -> bool:
    if acronym_like(word):
        return False
    # A surname of two consonants (Kelley) still names the person: the last word of a multi-word name of
    # four letters or more is judged.
    key = name_key(lemmatiser(lang).name_base(word))
    return bool(key) and (len(key) >= 3 or (last and sum(c.isalpha() for c in word) >= 4))


def _alike(src_key: str | None, word: str, stem: str, everywhere: bool) -> bool:
    """Could target *stem* be a rendering of source *word*?  Keys starting alike or two consonants apart; a
    name too short for a key must co-occur with it in every link."""
    key = name_key(stem)
    if not src_key:
        return everywhere
    if not key:
        # a word too short for a key renders a name of two consonants at most (Wiley ~ Уайли), not a longer
        # one it merely keeps company with (Putin ~ США, Patel ~ Уайли)
        return everywhere and len(src_key) <= 2
    # met in most links together, a name and a word need less likeness than in one sentence (Baluchistan ~
    # Белуджистан) but still start alike; two consonants leave no room for that (ABC ~ Белого)
    return any(v == key if len(v) <= 2 else
               _close(v, key) or (_first_class(v) == _first_class(key)
                                  and Levenshtein.distance(v, key) <= 0.6 * max(len(v), len(key)))
               for v in key_variants(src_key, word))


def _close(a: str, b: str) -> bool:
    """Skeletons close enough for an unusual transliteration: starting alike and at most two consonants
    apart (Mechichi ~ Машиши), or one apart; short keys that merely share a first class (Texas ~ Круз,
    Houston ~ Китай) are not."""
    distance = Levenshtein.distance(a, b)
    return distance <= 1 or (_first_class(a) == _first_class(b) and distance <= 2)


def readable(text: str) -> str:
    """The text itself, or, where it is Cyrillic mis-decoded as Latin-1 (Âïåðâûå for Впервые: a
    cp1251 file read with the wrong encoding), what it says: names are judged on what a reader would see
    once the encoding is put right, which is another check's business."""
    letters = [c for c in text if c.isalpha()]
    high = sum("\u00c0" <= c <= "\u00ff" for c in letters)
    if not letters or high < 0.3 * len(letters):
        return text
    try:
        fixed = text.encode("latin-1").decode("cp1251")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed if sum("\u0400" <= c <= "\u04ff" for c in fixed) >= high else text


def latin_share(text: str) -> float:
    """The share of a text's letters that are Latin: is a side written in the Latin script?"""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 0.0


def own_keys(text: str, skip=lambda match, key: False, names: bool = False) -> Counter:
    """Keys (four consonants or more: coronavirus, Washington) of a text's words, counted: what its words
    account for on the other side.  *names*: capitalised words with shorter keys too (Mena ~ Мену).
    *skip(match, key)* leaves a word out."""
    out: Counter = Counter()
    for m in WORD_RE.finditer(text):
        word = _bare(m.group(0))
        key = name_key(word.lower())
        if key and (len(key) >= 4 or (names and word[:1].isupper())) and not skip(m, key):
            out[key] += 1
    return out


CAPITALISED_BEFORE = re.compile(r"([^\W\d_][\w'’-]*)\s+$")


def capitalised_before(text: str, start: int) -> str:
    """The capitalised word just before offset *start* (Tamil before Nadu), or ''."""
    m = CAPITALISED_BEFORE.search(text[max(0, start - 40):start])
    return m.group(1) if m and m.group(1)[:1].isupper() else ""


def _bare(word: str) -> str:
    """A word without its English clitic (UK's, BBC’s, I've): the name is what comes before."""
    for mark in ("'", "’"):
        if mark in word:
            word = word.split(mark)[0] or word
    return word


def _stem(word: str) -> str:
    word = word.casefold().replace("ё", "е")
    # the endings a Russian noun takes (Пекина, мае) are cut; short words keep all but their last letter
    return word[: max(2, len(word) - 1)] if len(word) <= 4 else word[: max(4, len(word) - 2)]


class Names(Check):
    name = "names"
    description = "names and named entities on one side that the other side does not render"
    defaults = {"neighbours": 1, "min_letters": 3}

    def __init__(self, **options):
        super().__init__(**options)
        self._scorers = {}

    def _scorer(self, src_lang: str, tgt_lang: str):
        from ..lexical.scorer import LexicalScorer

        key = (src_lang, tgt_lang)
        if key not in self._scorers:
            self._scorers[key] = LexicalScorer(src_lang, tgt_lang, signals=("names", "dictionary"))
        return self._scorers[key]

    def entities(self, text: str, lang: str, scorer) -> list[list[tuple[int, int, str]]]:
        """Runs of consecutive name words: ``[(start, end, word), …]`` each.  A title-case headline (most
        words capitalised) has no telling capitals, so none."""
        words = WORD_RE.findall(text)
        if len(words) >= 4 and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words):
            return []
        stop = stopwords(lang)
        runs, current, last_end = [], [], -1
        for i, m in enumerate(WORD_RE.finditer(text)):
            word = _bare(m.group(0))
            before = text[:m.start()].rstrip()
            initial = not before or before[-1] in STARTERS
            is_name = (is_capitalised(word) and sum(c.isalpha() for c in word) >= 2
                       and word.lower() not in stop
                       and (acronym_like(word) or not scorer._is_ordinary(word, initial, lang)))
            if is_name and current and text[last_end:m.start()].strip(" -") == "":
                current.append((m.start(), m.start() + len(word), word))
            elif is_name:
                if current:
                    runs.append(current)
                current = [(m.start(), m.start() + len(word), word)]
            else:
                if current:
                    runs.append(current)
                current = []
            last_end = m.end()
        if current:
            runs.append(current)
        return runs

    def evidence(self, text: str, lang: str, scorer, explained: Counter | None = None
                 ) -> tuple[set[str], set[str], list[str]]:
        """What a side offers for matching: name keys of all its words, dictionary pivots, stems.  Words whose
        key is in *explained* (renderings of other source words: key -> how many) are left out, as many
        of each as there are."""
        explained = Counter(explained or ())
        lem = lemmatiser(lang)
        keys, pivots, stems = set(), set(), []
        text = readable(text)
        for m in INITIAL.finditer(text):
            keys.add("^" + unidecode(m.group(1)).lower()[:1])
        for m in WORD_RE.finditer(text):
            word = _bare(m.group(0))
            if explained:
                key = name_key(word.lower())
                if explained[key] > 0:
                    explained[key] -= 1
                    continue
            for part in word.split("-"):
                if part:
                    if part[:1].isupper():
                        key = name_key(lem.name_base(part))
                    else:   # an ordinary word may be a derived one (кенийские), marked as weaker evidence
                        key = name_key(part)
                        key = "~" + key if key else None
                    if key:
                        keys.add(key)
            if scorer.lexicon is not None:
                pivots.update(scorer._pivot_features(word, lang))
            stems.append(word.casefold().replace("ё", "е"))
        return keys, pivots, stems

    def rendered(self, entity, lang: str, other, scorer, table, learned=None, initials: bool = True,
                 before: str = "", acronyms: bool = False) -> bool:
        """Is *entity* rendered in a text with evidence *other*?  Every word long enough to judge (a key of
        three consonants or more: Pelosi, not Xi) must be; an entity of short words needs one of them.
        *initials*: may a first name be cut to its initial — not when judging a neighbouring sentence, where
        any "К." of another person would do.  *before*: the capitalised ordinary word just before the entity,
        if any (Tamil in Tamil Nadu), tried when the entity is written as one word with it.  *acronyms*: the
        other side is in another script, where an acronym beside a name is kept or transliterated as surely
        as the name (RT USA ~ RT США), so it is judged too."""
        keys = other[0]
        results = []
        for n, (_, _, word) in enumerate(entity):
            ok = self.word_rendered(word, lang, other, scorer, table, learned or {})
            # A first name may be cut to its initial (Vladimir Putin ~ В. В. Путин).
            if not ok and initials and (n < len(entity) - 1 or len(entity) == 1):
                ok = "^" + unidecode(word[:1]).lower()[:1] in keys
            results.append((ok, _judgeable(word, lang, last=len(entity) > 1 and n == len(entity) - 1)
                            or (acronyms and len(entity) > 1 and acronym_like(word))))
        judged = [ok for ok, judgeable in results if judgeable]
        found = all(judged) if judged else any(ok for ok, _ in results)
        if not found and (len(entity) > 1 or before):
            # written as one word (Tamil Nadu ~ Тамилнад), with the ordinary word before it where there is one
            words = [w for _, _, w in entity]
            joined = name_key("".join(words))
            if len(words) > 1 and joined and len(joined) >= 4 and key_matches(joined, keys):
                return True
            # with the word before: a near-equal key only, and not that word's own (cut to five consonants, it
            # may be all the joined key holds): Peter Duthie is not Питер, Minister Fakhfakh not министра,
            # Germany's Kurzarbeit not германской
            alone = name_key(_bare(before)) if before else None
            joined = name_key(_bare(before) + "".join(words)) if before else None
            if joined and alone and len(joined) >= 4 and any(
                    Levenshtein.distance(joined, other) <= 1 and Levenshtein.distance(alone, other) > 1
                    for other in (o.lstrip("~") for o in keys) if len(other) >= 4):
                return True
        return found

    def word_rendered(self, word: str, lang: str, other, scorer, table, learned) -> bool:
        keys, pivots, stems = other
        lem = lemmatiser(lang)
        for stem in learned.get(word.casefold(), ()):
            if any(s.startswith(stem) for s in stems):
                return True
        for part in word.split("-"):
            base = lem.name_base(part) if part else ""
            key = name_key(base) if part else None
            if key and any(key_matches(v, keys) for v in key_variants(key, part)):
                return True
            # Alternative readings: four consonants or more match as names do (Newcastle ~ Ньюкасл,
            # Southampton ~ Саутгемптон) or a lower-case word whole (Mujahedeen ~ моджахеды), not its first
            # consonants (Mnuchin read Mnushin is not министр); three must match as they are (Sophy read
            # Sop-hy is not Испании); two only when equal and shorter than the plain key, a spelling
            # simplified (Dhabi ~ Даби, Wang ~ Ван).
            strong = {k for k in keys if not k.startswith("~")}
            if part and any((len(v) >= 4 and key_matches(v, strong))
                            or (len(v) == 3 and any(o.startswith(v) or (len(o) >= 3 and v.startswith(o))
                                                    for o in strong))
                            or (v in keys and len(v) < len(key or ""))
                            or (len(v) >= 4 and "~" + v in keys) for v in sound_keys(base)):
                return True
        if scorer.lexicon is not None and set(scorer._pivot_features(word, lang)) & pivots:
            return True
        for part in dict.fromkeys([word] + word.split("-")):   # Sino-Russian: Russian ~ российско-китайской
            for stem in table.get(part.casefold(), ()):
                if any(stem_matches(stem, s) for s in stems):
                    return True
        return word.casefold() in stems      # written the same (Latin names kept in a Russian text)

    def learn(self, view: LinkView, entities) -> dict[str, tuple[str, ...]]:
        """This document's own renderings: a source name word met in several links, and a capitalised target
        word (by stem) present in most of those links' targets, is taken as its translation (Wiley ~ Уайли)."""
        links_of: dict[str, set[int]] = {}
        for k, found in enumerate(entities):
            for entity in found:
                for _, _, word in entity:
                    links_of.setdefault(word.casefold(), set()).add(k)
        stems_of = {}
        src_lem = lemmatiser(view.src_lang)
        out: dict[str, tuple[str, ...]] = {}
        table = exonyms(view.src_lang, view.tgt_lang)
        for word, ks in links_of.items():
            if len(ks) < 2 or word in table:      # the list knows how Covid is rendered: not Корея beside it
                continue
            counts: dict[str, int] = {}
            for k in ks:
                if k not in stems_of:
                    stems_of[k] = {_stem(w) for w in WORD_RE.findall(readable(view.tgt_texts[k]))
                                   if w[:1].isupper() and len(w) >= 3}
                for stem in stems_of[k]:
                    counts[stem] = counts.get(stem, 0) + 1
            need = max(2, -(-len(ks) * 3 // 5))     # at least 60% of the links, and two
            src_key = name_key(src_lem.name_base(word.capitalize()))
            best = [stem for stem, n in counts.items() if n >= need and _alike(src_key, word, stem, n == len(ks))]
            if best:
                out[word] = tuple(sorted(best))
        return out

    def kept_elsewhere(self, entity, k, entities, tgt_evidence, scorer, table, learned, lang,
                       most: bool = False) -> bool:
        """Is *entity* rendered in every other link whose source names it (at least one)?  *most*: in at least
        half of them (one of two dropped acronyms still shows the translation keeps it)."""
        others = self.links_naming(entity, k, entities)
        shown = sum(self.rendered(entity, lang, tgt_evidence[i], scorer, table, learned) for i in others)
        return bool(others) and (2 * shown >= len(others) if most else shown == len(others))

    @staticmethod
    def links_naming(entity, k, entities) -> list[int]:
        """The other links whose source has the same entity (BARCELONA in a headline, Barcelona elsewhere)."""
        words = [w.casefold() for _, _, w in entity]
        return [i for i, found in enumerate(entities) if i != k
                and any([w.casefold() for _, _, w in e] == words for e in found)]

    @staticmethod
    def kept_in_latin(entities, tgt_evidence, table, lang) -> set[str]:
        """The source acronyms this translation writes as they are (HSBC, UFC in a Russian text): a
        translation that does so drops none without a reason."""
        out = set()
        for found, evidence in zip(entities, tgt_evidence):
            for entity in found:
                for _, _, w in entity:
                    low = _bare(w).casefold()
                    if (acronym_like(w) and not shouted(w, lang) and low not in table and w.isascii()
                            and low in evidence[2]):
                        out.add(low)
        return out

    def foreign_acronym(self, view: LinkView, k: int, table) -> bool:
        """Does link k's target hold an acronym in its own script that nothing in the source accounts for
        (ЦТАК for KCNA, МЮ for DOJ): the missing acronym's translation, perhaps?"""
        src_keys = {name_key(_bare(w)) for w in WORD_RE.findall(view.src_texts[k])} - {None}
        src_words = {_bare(w).casefold() for w in WORD_RE.findall(view.src_texts[k])}
        for w in WORD_RE.findall(readable(view.tgt_texts[k])):
            if not is_acronym(w) or w.isascii():
                continue
            key = name_key(w)
            if key and key in src_keys:          # НАТО for NATO
                continue
            low = w.casefold().replace("ё", "е")
            if any(stem_matches(stem, low) for word in src_words for stem in table.get(word, ())):
                continue                          # ООН for UN
            return True
        return False

    def _named_in(self, entity, text: str, lang: str, scorer, table=None) -> bool:
        """Does *text* (a neighbouring source) name the entity, in any form (Tunisia for Tunisians, Kenyan for
        Kenya, Chinese for China by the list's renderings) or by a part of a hyphenated name (Taliban for
        Tehreek-e-Taliban)?"""
        words = {w.casefold() for _, _, w in entity}
        parts = {p.casefold() for _, _, w in entity for p in w.split("-") if len(p) >= 4 and p[:1].isupper()}
        table = table or {}
        listed = {stem.lstrip("=") for w in words for stem in table.get(w, ())}
        for w in WORD_RE.findall(text):
            low = _bare(w).casefold()
            # a part of the neighbour's word too: anti-Brexit names Brexit
            if any(x[:1].isupper() and any(y.startswith(p) or (len(y) >= 5 and p.startswith(y)) for p in parts)
                   for x in _bare(w).split("-") if x for y in [x.casefold()]):
                return True
            theirs = {stem.lstrip("=") for stem in table.get(low, ())} if listed else ()
            if any(min(len(a), len(b)) >= 3 and (a.startswith(b) or b.startswith(a))
                   for a in theirs for b in listed):
                return True
        lem = lemmatiser(lang)
        keys = {name_key(lem.name_base(w)) for _, _, w in entity} - {None}
        for w in WORD_RE.findall(text):
            w = _bare(w)
            if w.casefold() in words:
                return True
            key = name_key(lem.name_base(w)) if w[:1].isupper() else None
            if key and len(key) >= 3 and key_matches(key, {k for k in keys if len(k) >= 3}):
                return True
        return False

    def plausible(self, entity, view: LinkView, k: int, scorer, table, present=()) -> bool:
        """Is some unexplained name-like word of link k's target a plausible rendering of *entity* — its
        skeleton starting alike (Mechichi ~ Машиши) or at most two consonants away?  A word that is the
        short rendering of one of the entity's *present* words (Кейли for Kayleigh when McEnany is missing)
        renders that word, not the missing one."""
        src_lem = lemmatiser(view.src_lang)
        keys = {name_key(src_lem.name_base(w)) for _, _, w in entity} - {None}
        if not keys:
            return True     # too short to judge (Xi, Abu): a reviewer decides
        shown = {k for w in present for k in {name_key(src_lem.name_base(w))} | sound_keys(w)} - {None}
        for word_key in self.unexplained(view, k, scorer, table):
            if any(p.startswith(word_key) or word_key.startswith(p) for p in shown):
                continue
            for key in keys:
                # a key of two consonants must keep its first (Ibiza ~ Ибица, Colo. ~ Колорадо), or any
                # word one consonant away would do (RT ~ Уэст)
                if _close(key, word_key) and (len(key) > 2 or key[0] == word_key[0]):
                    return True
        return False

    def unexplained(self, view: LinkView, k: int, scorer, table) -> list[str]:
        """Name keys of link k's target words that look like names no source name of the link accounts for."""
        src_evidence = self.evidence(view.src_texts[k], view.src_lang, scorer)
        reverse = {}
        for word, stems in table.items():
            for stem in stems:
                reverse.setdefault(stem, []).append(word)
        src_words = {w.casefold() for w in WORD_RE.findall(view.src_texts[k])}
        lem = lemmatiser(view.tgt_lang)
        text = readable(view.tgt_texts[k])
        found: list[str] = []
        for i, m in enumerate(WORD_RE.finditer(text)):
            word = _bare(m.group(0))
            latin_in_other_script = word.isascii() and word.isalpha() and not view.src_texts[k].isascii()
            before = text[:m.start()].rstrip()
            # Capitals after a stop, an opening quote or a dash start a sentence or a quotation, and a
            # capitalised common word is no name.
            starts = not before or before[-1] in STARTERS
            if not latin_in_other_script and (starts or not is_capitalised(word) or lem.is_common_word(word)):
                continue
            key = name_key(lem.name_base(word))
            if key and key_matches(key, src_evidence[0]):
                continue
            low = word.casefold().replace("ё", "е")
            if any(stem_matches(stem, low) and set(words) & src_words for stem, words in reverse.items()):
                continue
            if key:
                found.append(key)
        return found

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        forward = self._scorer(view.src_lang, view.tgt_lang)
        if "names" not in forward.active:
            return out      # a caseless script: no capitals to find names by
        table = exonyms(view.src_lang, view.tgt_lang)
        tgt_evidence = [self.evidence(t, view.tgt_lang, forward) for t in view.tgt_texts]
        entities = [self.entities(t, view.src_lang, forward) if link.src and link.tgt else []
                    for t, link in zip(view.src_texts, view.links)]
        learned = self.learn(view, entities)
        near = self.options["neighbours"]
        kept = None     # the acronyms kept in Latin letters, found when first needed
        cross = latin_share(" ".join(view.src_texts)) > 0.5 > latin_share(" ".join(view.tgt_texts))
        for k, link in enumerate(view.links):
            if not link.src or not link.tgt:
                continue
            neighbours = [i for i in range(max(0, k - near), min(len(view.links), k + near + 1))
                          if i != k and view.links[i].tgt]
            for entity in entities[k]:
                letters = sum(c.isalpha() for _, _, w in entity for c in w)
                if letters < self.options["min_letters"]:
                    continue
                before = capitalised_before(view.src_texts[k], entity[0][0])
                if self.rendered(entity, view.src_lang, tgt_evidence[k], forward, table, learned,
                                 before=before, acronyms=cross) and self.rendered_for_itself(
                        entity, k, view, forward, table, learned, before, cross):
                    continue
                here = self.moved(entity, k, neighbours, view, tgt_evidence, forward, table, learned)
                text = view.src_texts[k][entity[0][0]:entity[-1][1]]
                # A warning only where nothing in the target could be the name.  An acronym may be translated
                # as another acronym (ASIO ~ АСБР) or spelt out in words (MPs ~ члены парламента), so its
                # absence is weak evidence; a name set in capitals is not one.
                present = [w for _, _, w in entity
                           if self.word_rendered(w, view.src_lang, tgt_evidence[k], forward, table, learned)]
                # what is missing decides (ABC of ABC News is an acronym, though News is kept)
                missing = [w for _, _, w in entity if w not in present] or [w for _, _, w in entity]
                acronym = (all(acronym_like(w) and not shouted(w, view.src_lang) for w in missing)
                           and not dateline(view.src_texts[k], entity))
                # ... unless this document's translation keeps it wherever else it occurs (HSBC, UFC), or the
                # exonym list knows how it is rendered (UN ~ ООН, COVID ~ коронавирус) and none of that is here
                acronym = acronym and not self.kept_elsewhere(entity, k, entities, tgt_evidence, forward,
                                                              table, learned, view.src_lang, most=True)
                acronym = acronym and not all(_bare(w).casefold() in table for w in missing)
                # ... or, met only here, the translation keeps the document's other acronyms in Latin letters
                # and the target has no acronym of its own that could be this one's translation
                if acronym and not self.links_naming(entity, k, entities):
                    if kept is None:
                        kept = self.kept_in_latin(entities, tgt_evidence, table, view.src_lang)
                    mine = {_bare(w).casefold() for w in missing}
                    acronym = not (kept - mine) or self.foreign_acronym(view, k, table)
                if here and self.kept_elsewhere(entity, k, entities, tgt_evidence, forward, table, learned,
                                                view.src_lang):
                    here = False    # a translation that names it wherever its source does has lost it here
                # A first name left out beside its surname (Pierre-Emerick Aubameyang ~ Обамеянг) is the
                # translator's choice more often than not: the person is still named.
                surname_kept = (len(entity) > 1 and entity[-1][2] in present and len(missing) == 1
                                and not acronym_like(missing[0]) and not acronym_like(entity[-1][2]))
                weak = (acronym or here or surname_kept
                        or self.plausible(entity, view, k, forward, table, present))
                severity = "note" if weak else "warning"
                out.append(self.finding(severity, k, f"name {text!r} not found in the target",
                                        [(entity[0][0], entity[-1][1])], kind="missing"))
        return out

    def rendered_for_itself(self, entity, k: int, view: LinkView, scorer, table, learned, before,
                            acronyms: bool = False) -> bool:
        """One target word renders one source word: is the entity still rendered once the target words that
        are cognates of the link's other source words are set aside, as many as there are of them?  (COVID
        beside coronavirus needs more than the one коронавирус.)"""
        src_lem = lemmatiser(view.src_lang)
        mine = {name_key(src_lem.name_base(p)) for _, _, w in entity for p in [w] + w.split("-") if p} - {None}
        inside = range(entity[0][0], entity[-1][1])
        own = own_keys(view.src_texts[k], skip=lambda m, key: m.start() in inside or key_matches(key, mine)
                       or any(key_matches(x, {key}) for x in mine if len(x) >= 3))
        tgt_keys = {name_key(w.lower()) for w in WORD_RE.findall(readable(view.tgt_texts[k]))}
        if not (own.keys() & tgt_keys):
            return True
        rest = self.evidence(view.tgt_texts[k], view.tgt_lang, scorer, own)
        return self.rendered(entity, view.src_lang, rest, scorer, table, learned, before=before,
                             acronyms=acronyms)

    def moved(self, entity, k: int, neighbours, view: LinkView, tgt_evidence, scorer, table, learned) -> bool:
        """Was the name moved to a neighbouring link by the alignment or the translator rather than lost?  So
        when a neighbouring target renders it and that neighbour's source does not name it itself: a
        neighbour that does (Kenyan beside Kenya, Pakistani Taliban beside Tehreek-e-Taliban) needs its
        rendering for itself.  An initial (К.) is no rendering there: any other person's would do."""
        for i in neighbours:
            if not self.rendered(entity, view.src_lang, tgt_evidence[i], scorer, table, learned, initials=False):
                continue
            if self._named_in(entity, view.src_texts[i], view.src_lang, scorer, table):
                continue
            # the rendering must be left over once the neighbour's own words are accounted for: коронавирус
            # there translates its coronavirus, Мену its Mena — they are not this link's COVID or Minya moved
            rest = self.evidence(view.tgt_texts[i], view.tgt_lang, scorer, own_keys(view.src_texts[i], names=True))
            if self.rendered(entity, view.src_lang, rest, scorer, table, learned, initials=False):
                return True
        return False
