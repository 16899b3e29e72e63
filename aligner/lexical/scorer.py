"""LexicalScorer: sentence anchors in a shared, language-neutral feature space, and a weighted Dice over them.

Every feature is ``<class>:<value>``; alongside them each Counter carries ``#<class>`` totals (the anchor mass
of that class), so the Counters of several sentences simply add up (``a + b``) for a multi-sentence side.
The dictionary class needs its own total because one word of the non-pivot language stands for several pivot
lemmas: its mass is the number of known content words, not the number of features.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Iterable

from .compounds import COMPOUNDING_LANGS, MIN_PART, split_compound
from .dictionary import Lexicon, ViaLexicon, load_lexicon
from .glossary import GlossaryMatcher
from .lemmas import lemmatiser
from .names import cognate_features, name_features
from .numbers import number_features
from .packed import PackedAnchors
from .punctuation import punctuation_features
from .resources import stopwords, stopwords_label
from .tokens import CASELESS_LANGS, NO_SPACE_LANGS, WORD_RE, split_unspaced, term_words

UNSPACED_LANGS = frozenset({"zh", "ja"})

# How much one shared anchor of each class is worth.  Numbers and glossary terms are near-certain evidence,
# names almost as good (skeleton keys collide now and then), dictionary words are many but ambiguous,
# punctuation is weak (translators move it around).  A word pair the document's own first alignment bears out
# ("t", ``learned``) counts as a name does (Text+Berg test 0.9423 at 1.0, 0.9451 at 2.0 and 3.0; dev the same).
CLASS_WEIGHTS = {"num": 3.0, "name": 2.0, "g": 2.0, "w": 1.0, "c": 0.5, "p": 0.3, "t": 2.0}
# Pivot lemmas kept per word, main senses first (None: all).  Measured (strict F1, Text+Berg dev / test, ParIce's
# tuning split): all 0.9015 / 0.9367 / 0.9712; 8 0.9015 / 0.9332; 4 0.9015 / 0.9349; 2 0.8966 / 0.9314, ParIce the
# same each time.
MAX_SENSES = None
SENTENCE_CACHE_MAX = 200_000
LEVEL_SAMPLE = 200    # source sentences sampled to find a document's similarity levels
LEVEL_BAND = 5        # half-width of the diagonal band searched for a sentence's translation
RARITY_FLOOR = 0.05   # even a feature in every sentence keeps a trace of weight
SIGNALS = ("numbers", "names", "punctuation", "dictionary", "cognates", "glossary")
SIGNAL_CLASS = {"numbers": "num", "names": "name", "punctuation": "p", "dictionary": "w", "cognates": "c",
                "glossary": "g"}


class LexicalScorer:
    """Lexical evidence for a language pair: ``anchors`` per sentence, ``similarity`` per candidate link."""

    def __init__(self, src_lang: str, tgt_lang: str, glossary: Iterable[tuple[str, str]] | None = None,
                 signals: Iterable[str] | None = None, weights: dict[str, float] | None = None,
                 max_senses: int | None = MAX_SENSES):
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        wanted = set(SIGNALS if signals is None else signals)
        unknown = wanted - set(SIGNALS)
        if unknown:
            raise ValueError(f"unknown lexical signals: {sorted(unknown)}")
        self.weights = dict(CLASS_WEIGHTS, **(weights or {}))
        self.max_senses = max_senses
        self.off: dict[str, str] = {}     # signal → why it is off
        self.lexicon: Lexicon | ViaLexicon | None = None
        self.glossary: GlossaryMatcher | None = None
        if "names" in wanted and ({src_lang, tgt_lang} & CASELESS_LANGS):
            wanted.discard("names")
            self.off["names"] = "caseless script"
        if "cognates" in wanted and ({src_lang, tgt_lang} & (CASELESS_LANGS | UNSPACED_LANGS)):
            wanted.discard("cognates")
            self.off["cognates"] = "no shared loanword spelling"
        if "dictionary" in wanted:
            self.lexicon = load_lexicon(src_lang, tgt_lang)
            if self.lexicon is None:
                wanted.discard("dictionary")
                self.off["dictionary"] = "no dictionary installed"
        if "glossary" in wanted:
            if glossary is not None:
                self.glossary = GlossaryMatcher(glossary, src_lang, tgt_lang, term_words,
                                                lambda w, lang: lemmatiser(lang).lemma(w))
            else:
                wanted.discard("glossary")
                self.off["glossary"] = "none given"
        self.active = tuple(s for s in SIGNALS if s in wanted)
        self._classes = {SIGNAL_CLASS[s] for s in self.active}
        self._word_cache: dict[str, dict[str, tuple[str, ...]]] = {}
        self._sentence_cache: dict[tuple[str, str], Counter[str]] = {}

    # -- anchors -------------------------------------------------------------------------------------------
    def anchors(self, sentences: list[str], lang: str) -> list[Counter[str]]:
        """One Counter of features per sentence (language-neutral keys plus ``#<class>`` totals)."""
        return [self._anchors_one(s, lang) for s in sentences]

    def _anchors_one(self, sentence: str, lang: str) -> Counter[str]:
        key = (lang, sentence)
        cached = self._sentence_cache.get(key)
        if cached is not None:
            return cached
        words = WORD_RE.findall(sentence)
        feats: Counter[str] = Counter()
        if "numbers" in self.active:
            feats.update(number_features(sentence, lang, words))
        name_words: set[str] = set()
        if "names" in self.active:
            lem = lemmatiser(lang)
            names = name_features(words, lem.name_base, lambda w, initial: self._is_ordinary(w, initial, lang))
            feats.update(names)
            if names:
                name_words = {w for w in words if w[:1].isupper()}
        if "cognates" in self.active:
            feats.update(cognate_features(words, name_words, stopwords(lang)))
        if "punctuation" in self.active:
            feats.update(punctuation_features(sentence, lang))
        if "dictionary" in self.active:
            known = 0
            dict_words = words
            if lang in UNSPACED_LANGS:
                vocab = self.lexicon.vocabulary(lang)
                dict_words = [piece for w in words for piece in split_unspaced(w, vocab)]
            for w in dict_words:
                pivots = self._pivot_features(w, lang)
                if pivots:
                    known += 1
                    feats.update(pivots)
            if known:
                feats["#w"] = known
        if self.glossary is not None:
            lem = lemmatiser(lang)
            glossary_words = words if lang not in NO_SPACE_LANGS else term_words(sentence, lang)
            feats.update(self.glossary.features([lem.lemma(w) for w in glossary_words], lang))
        for cls in ("num", "name", "p", "g", "c"):
            total = sum(v for k, v in feats.items() if k.startswith(cls + ":"))
            if total:
                feats["#" + cls] = total
        if len(self._sentence_cache) > SENTENCE_CACHE_MAX:
            self._sentence_cache.clear()    # a long batch run must not grow without bound
        self._sentence_cache[key] = feats
        return feats

    def unspaced_vocabulary(self, lang: str):
        """The words a text in ``lang``, written without spaces, is split into (the dictionary's); None where
        ``lang`` is written with spaces or no dictionary is loaded."""
        if lang not in UNSPACED_LANGS or self.lexicon is None:
            return None
        return self.lexicon.vocabulary(lang)

    def _is_ordinary(self, word: str, initial: bool, lang: str) -> bool:
        """A capitalised word that is no name: a known word at the sentence start; inside a sentence, a known
        word in German (every noun is capitalised) or one the dictionary translates in other languages
        (English weekdays, months, nationalities).  Russian capitalises little else than names."""
        common = lemmatiser(lang).is_common_word(word)
        if initial or lang == "de":
            return common
        if lang == "ru" or not common:
            return False
        return self.lexicon is not None and bool(self._pivot_features(word, lang))

    def _pivot_features(self, word: str, lang: str) -> tuple[str, ...]:
        cache = self._word_cache.setdefault(lang, {})
        found = cache.get(word)
        if found is None:
            lemma = lemmatiser(lang).lemma(word)
            stop = stopwords(lang)
            if (len(lemma) < 2 and lang not in UNSPACED_LANGS) or lemma in stop or word.lower() in stop:
                found = ()
            else:
                found = tuple("w:" + p for p in self.lexicon.pivot_lemmas(lemma, lang, self.max_senses))
                if not found and "-" in word:    # decision-making, co-ordinate: the parts, when whole is unknown
                    found = tuple(dict.fromkeys(f for part in word.split("-") if part
                                                for f in self._pivot_features(part, lang)))
                if not found and lang in COMPOUNDING_LANGS and len(word) >= 2 * MIN_PART + 1:
                    lem = lemmatiser(lang)
                    parts = split_compound(word, lang, lem.lemma,
                                           lambda x: bool(self.lexicon.pivot_lemmas(x, lang)))
                    found = tuple(dict.fromkeys("w:" + p for part in parts
                                                for p in self.lexicon.pivot_lemmas(part, lang)))
            cache[word] = found
        return found

    # -- similarity ----------------------------------------------------------------------------------------
    def similarity(self, a: Counter, b: Counter) -> tuple[float, float]:
        """(weighted Dice similarity in 0..1, evidence mass ≥ 0); (0, 0) when neither side has anchors.

        The mass is the weighted number of anchors per side (their mean): a similarity over one comma is
        worth little, one over five numbers and twenty words a lot.
        """
        return weighted_dice(a, b, self.weights, None)

    def pack(self, src_anchors: list[Counter], tgt_anchors: list[Counter]) -> PackedAnchors:
        """The two sides' anchors as integer arrays: ``similarity`` for many windows at once (``packed``)."""
        return PackedAnchors(src_anchors, tgt_anchors, self.weights)

    def for_document(self, src_anchors: list[Counter], tgt_anchors: list[Counter]) -> "DocumentScorer":
        """A scorer whose ``similarity`` also weighs each shared feature by how rare it is in this document
        pair (a word in every verse, "God", says little about which verse is which; a word in two says a
        lot).  Same ``similarity`` signature; use one per document pair."""
        return DocumentScorer(self, src_anchors, tgt_anchors)

    @property
    def signature(self) -> str:
        """The same as ``describe()`` (the aligner's signature reads this attribute)."""
        return self.describe()

    def describe(self) -> str:
        """The reproducibility signature part of this scorer: active signals, dictionary and its size."""
        parts = []
        for s in self.active:
            if s == "dictionary" and self.lexicon is not None:
                parts.append(f"dictionary({'+'.join(self.lexicon.names)};pairs={len(self.lexicon)};"
                             f"pivot={self.lexicon.pivot};lemmas={lemmatiser(self.src_lang).label}/"
                             f"{lemmatiser(self.tgt_lang).label};stop={stopwords_label(self.src_lang)}/"
                             f"{stopwords_label(self.tgt_lang)}"
                             + (f";senses={self.max_senses}" if self.max_senses is not None else "") + ")")
            elif s == "glossary" and self.glossary is not None:
                parts.append(f"glossary({self.glossary.size})")
            else:
                parts.append(s)
        off = ",".join(f"{s}:{why}" for s, why in sorted(self.off.items()))
        weights = ",".join(f"{c}={w:g}" for c, w in self.weights.items())
        return f"lexical[{self.src_lang}-{self.tgt_lang}]:" + "+".join(parts) + (f"|off:{off}" if off else "") \
            + f"|w:{weights}"


def weighted_dice(a: Counter, b: Counter, weights: dict[str, float], rarity: dict[str, float] | None,
                  ) -> tuple[float, float]:
    """Σ_class weight·2·matched / Σ_class weight·(mass_a + mass_b), and the mean weighted mass.

    ``matched`` sums ``min(a[f], b[f])`` over shared features (times ``rarity[f]`` when given), capped by
    either side's mass: one dictionary word may match several of the other side's pivot lemmas."""
    if len(a) > len(b):
        a, b = b, a
    matched: dict[str, float] = {}
    for k, v in a.items():
        if k[0] == "#":
            continue
        other = b.get(k)
        if other:
            cls = k[: k.index(":")]
            m = v if v < other else other
            if rarity is not None:
                m *= rarity.get(k, 1.0)
            matched[cls] = matched.get(cls, 0) + m
    num = den = 0.0
    for cls, weight in weights.items():
        na, nb = a.get("#" + cls, 0), b.get("#" + cls, 0)
        if not na and not nb:
            continue
        m = matched.get(cls, 0)
        if m > na:
            m = na
        if m > nb:
            m = nb
        num += weight * 2 * m
        den += weight * (na + nb)
    if den == 0:
        return 0.0, 0.0
    return num / den, den / 2


class DocumentScorer:
    """``similarity`` with shared features weighted by rarity in one document pair: ``log(N/df) / log(N)``
    over the N sentences of both sides, so a feature found in a single sentence weighs 1 and one found in
    every sentence nearly 0."""

    def __init__(self, scorer: LexicalScorer, src_anchors: list[Counter], tgt_anchors: list[Counter]):
        self.scorer = scorer
        df: Counter[str] = Counter()
        for anchors in (src_anchors, tgt_anchors):
            for sentence in anchors:
                df.update(k for k in sentence if k[0] != "#")
        n = max(len(src_anchors) + len(tgt_anchors), 2)
        scale = math.log(n)
        self.rarity = {k: max(RARITY_FLOOR, math.log(n / c) / scale) for k, c in df.items()}
        self.random_level, self.match_level = self._levels(src_anchors, tgt_anchors)

    def _levels(self, src: list[Counter], tgt: list[Counter]) -> tuple[float, float]:
        """Typical similarity of an unrelated pair (each source sentence against the target half a document
        away) and of a translation pair (the best target within ±LEVEL_BAND of the diagonal; an aligner that has
        a first-pass path should rather ``calibrate`` on it): the document's own scale, so a combiner can centre
        the lexical term between the two instead of on a fixed threshold."""
        n, m = len(src), len(tgt)
        if not n or not m:
            return 0.0, 0.0
        step = max(1, n // LEVEL_SAMPLE)
        rand, best = [], []
        for i in range(0, n, step):
            d = round(i * m / n)
            rand.append(self.similarity(src[i], tgt[(d + m // 2) % m])[0])
            best.append(max(self.similarity(src[i], tgt[j])[0]
                            for j in range(max(0, d - LEVEL_BAND), min(m, d + LEVEL_BAND + 1))))
        return sum(rand) / len(rand), sum(best) / len(best)

    def calibrate(self, pairs: Iterable[tuple[Counter, Counter]]) -> None:
        """Set the translation level from pairs known (or believed, e.g. a first alignment pass's confident
        1-1 links) to be translations."""
        sims = [self.similarity(a, b)[0] for a, b in pairs]
        if sims:
            self.match_level = sum(sims) / len(sims)

    def centred(self, a: Counter, b: Counter) -> tuple[float, float]:
        """(similarity rescaled so the document's unrelated level is -1 and its translation level +1,
        clipped to [-1, 1]; evidence mass).  (0, 0) without anchors."""
        sim, mass = self.similarity(a, b)
        if mass == 0:
            return 0.0, 0.0
        span = max(self.match_level - self.random_level, 1e-6)
        return max(-1.0, min(1.0, 2 * (sim - self.random_level) / span - 1)), mass

    def similarity(self, a: Counter, b: Counter) -> tuple[float, float]:
        return weighted_dice(a, b, self.scorer.weights, self.rarity)

    def anchors(self, sentences: list[str], lang: str) -> list[Counter]:
        return self.scorer.anchors(sentences, lang)

    def describe(self) -> str:
        return self.scorer.describe() + "|rarity:doc"
