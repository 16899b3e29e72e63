"""Equivalents of English term candidates in the target language (Russian with morphology, any other language
by word n-grams), found through the alignment.

For each candidate: the target lemma n-grams of the sentences of the links where it occurs (Russian: 1–5 words,
an adjective/noun start, a noun end, prepositions only inside; other languages: 1–5 words not starting or ending
with one of the language's commonest words), ranked by the Dice coefficient of the two sets of links.  Dice ties are the rule for a term seen once; they go to transliterated cognates (strategic ~
стратегический), then to the n-gram whose number of content words is closest, then to the one nearest the
term's place in the sentence.  The winner is given in citation form (Russian: head noun in the nominative of the
number it was written in, adjectives agreeing; elsewhere the surface as written).  Confidence = Dice × n/(n+1) for n shared links.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz
from unidecode import unidecode

from ..segment.resources import word_key
from .lemmas import lemmatizer_for, morph_parses
from .phrases import MAX_WORDS, words
from .tokens import normalise, starts_sentence

RU_EDGE_START = {"ADJF", "PRTF", "NOUN", "LATN", "UNKN"}
RU_EDGE_END = {"NOUN", "LATN", "UNKN"}
RU_INSIDE = RU_EDGE_START | {"PREP"}


class RussianNgrams:
    def __init__(self) -> None:
        self._lemmas = lemmatizer_for("ru")
        import pymorphy3
        self._morph = pymorphy3.MorphAnalyzer()
        self._cache: dict[str, tuple[str, str, object]] = {}

    def analyse(self, word: str) -> tuple[str, str, object]:
        """(POS, lemma, best parse) of one word (ё written е)."""
        form = normalise(word).lower()
        if form not in self._cache:
            parses = morph_parses(self._morph, form)
            if not parses:      # a word pymorphy3 cannot parse keeps its form, analysed as an unknown Latin token
                self._cache[form] = ("UNKN", form, self._morph.parse("x")[0])
                return self._cache[form]
            parse = parses[0]
            pos = str(parse.tag.POS) if parse.tag.POS else ("LATN" if "LATN" in parse.tag else "UNKN")
            if any(ch.isdigit() for ch in form) or len(form) < 2 and pos != "PREP":
                pos = "NUMB"                        # "2019 г.": numbers and one-letter abbreviations end a term
            self._cache[form] = (pos, normalise(parse.normal_form), parse)
        return self._cache[form]

    def ngrams(self, text: str) -> dict[tuple[str, ...], list[tuple[str, bool, float]]]:
        """Lemma n-grams of *text*: each occurrence as (surface, starts a sentence, relative position)."""
        out: dict[tuple[str, ...], list[tuple[str, bool, float]]] = defaultdict(list)
        for run in words(text):
            analysed = [self.analyse(w.text) for w in run]
            for i in range(len(run)):
                if analysed[i][0] not in RU_EDGE_START:
                    continue
                for j in range(i, min(len(run), i + MAX_WORDS)):
                    if analysed[j][0] not in RU_INSIDE:
                        break
                    if analysed[j][0] in RU_EDGE_END:
                        surface = " ".join(w.text for w in run[i:j + 1])
                        out[tuple(a[1] for a in analysed[i:j + 1])].append(
                            (surface, i == 0 and starts_sentence(text, run[0].start), run[i].start / len(text)))
        return out

    def content_words(self, surface: str) -> list[str]:
        return [w for w in surface.split() if self.analyse(w)[0] != "PREP"]

    def citation_form(self, surface: str, initial: bool = False) -> str:
        """``стратегическом альянсе`` -> ``стратегический альянс``, ``западные санкции`` stays plural: the head
        noun in the nominative of the number it was written in, its adjectives agreeing with it, the words after
        the head as they stand; capitals as written except a sentence-initial one on a common word."""
        parts = surface.split()
        analysed = [self.analyse(p) for p in parts]
        head = None
        for k, (pos, _, _) in enumerate(analysed):
            if pos == "PREP":
                break                   # "заинтересованная в сохранении": no head before the preposition
            if pos in ("NOUN", "LATN", "UNKN"):
                head = k
                break
        if head is None:
            return " ".join(_case_like(p, p, lower_first=initial and k == 0) for k, p in enumerate(parts))
        head_parse = analysed[head][2]
        number = "plur" if "plur" in head_parse.tag or "Pltm" in head_parse.tag else "sing"
        gender = head_parse.tag.gender
        out = []
        for k, (part, (pos, lemma, parse)) in enumerate(zip(parts, analysed)):
            if k < head and pos in ("ADJF", "PRTF"):
                wanted = {"nomn", number} | ({gender} if gender and number == "sing" else set())
                inflected = parse.inflect(wanted)
                word = inflected.word if inflected else lemma
            elif k == head:
                inflected = parse.inflect({"nomn", number})
                word = inflected.word if inflected else lemma
            else:
                word = part
            out.append(_case_like(word, part, lower_first=initial and k == 0 and not _is_name(parse)))
        return _restore_yo(" ".join(out), surface)


def _is_name(parse) -> bool:
    return any(g in parse.tag for g in ("Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"))


def _case_like(word: str, model: str, lower_first: bool) -> str:
    if model.isupper() and len(model) > 1:
        return model
    if model[:1].isupper() and not lower_first:
        return word[:1].upper() + word[1:]
    return word.lower()


def _restore_yo(text: str, surface: str) -> str:
    """pymorphy3 gives ``партнерство``; keep the ё the translator wrote (``партнёрство``)."""
    for word in re.findall(r"\w*ё\w*", surface.lower()):
        plain = word.replace("ё", "е")
        text = re.sub(rf"\b{plain[:max(3, len(plain) - 3)]}\w*", lambda m: _yo_like(m.group(), word), text)
    return text


def _yo_like(candidate: str, model: str) -> str:
    chars = list(candidate)
    for k, ch in enumerate(model[:len(chars)]):
        if ch == "ё" and chars[k] == "е":
            chars[k] = "ё"
    return "".join(chars)




class GenericNgrams:
    """Any other target language: word n-grams whose first and last words are not among the language's 150
    commonest words (wordfreq's list stands in for a stop list), compared by the language's lemma key
    (lower-cased form where bitext has no morphology for it); the citation form is the surface as written."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._lemmas = lemmatizer_for(lang)
        try:
            from wordfreq import top_n_list
            self._stop = frozenset(top_n_list(lang, 150))
        except (LookupError, ValueError):
            self._stop = frozenset()

    def _is_edge(self, word: str) -> bool:
        lower = normalise(word).lower()
        # the list is folded as wordfreq folds (Greek «της» is listed as «τησ»): look the word up the same way
        return word_key(lower, self._lang) not in self._stop and not any(ch.isdigit() for ch in lower) \
            and len(lower) > 1

    def ngrams(self, text: str) -> dict[tuple[str, ...], list[tuple[str, bool, float]]]:
        out: dict[tuple[str, ...], list[tuple[str, bool, float]]] = defaultdict(list)
        for run in words(text):
            keys = [min(self._lemmas.lemmas(w.text)) for w in run]
            edges = [self._is_edge(w.text) for w in run]
            for i in range(len(run)):
                if not edges[i]:
                    continue
                for j in range(i, min(len(run), i + MAX_WORDS)):
                    if edges[j]:
                        surface = " ".join(w.text for w in run[i:j + 1])
                        out[tuple(keys[i:j + 1])].append(
                            (surface, i == 0 and starts_sentence(text, run[0].start), run[i].start / len(text)))
        return out

    def content_words(self, surface: str) -> list[str]:
        return [w for w in surface.split() if self._is_edge(w)]

    def citation_form(self, surface: str, initial: bool = False) -> str:
        first, _, rest = surface.partition(" ")
        if initial and not first.isupper():
            first = first[:1].lower() + first[1:]
        return f"{first} {rest}".strip()


def target_ngrams(lang: str):
    return RussianNgrams() if lang.split("-")[0].lower() == "ru" else GenericNgrams(lang)


def find_equivalents(candidates: list, pairs: list[tuple[str, str, str]], tgt_lang: str = "ru") -> None:
    ru = target_ngrams(tgt_lang)
    links_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
    surfaces_of: dict[tuple[str, ...], Counter] = defaultdict(Counter)
    position_of: dict[tuple[tuple[str, ...], str], float] = {}
    grams_in: dict[str, set[tuple[str, ...]]] = {}
    for _, target, link in pairs:
        grams = ru.ngrams(target) if target else {}
        grams_in[link] = set(grams)
        for gram, occurrences in grams.items():
            links_of[gram].add(link)
            surfaces_of[gram].update((surface, initial) for surface, initial, _ in occurrences)
            position_of[(gram, link)] = occurrences[0][2]
    for cand in candidates:
        pool = set().union(*(grams_in.get(link, set()) for link in cand.links)) if cand.links else set()
        en_words = [w for w in cand.term.split() if w.lower() != "of"]
        best = None
        for gram in pool:
            shared_links = cand.links & links_of[gram]
            shared = len(shared_links)
            dice = 2 * shared / (len(cand.links) + len(links_of[gram]))
            # Ties in Dice are the rule for a term seen once: then cognates (strategic ~ стратегический),
            # the number of content words, and the place in the sentence decide.
            surface = surfaces_of[gram].most_common(1)[0][0][0]
            ru_content = ru.content_words(surface)
            drift = sum(abs(cand.positions.get(link, 0.0) - position_of[(gram, link)]) for link in shared_links)
            rank = (round(dice, 9), cognates(en_words, ru_content), -abs(len(ru_content) - len(en_words)),
                    -round(drift / max(shared, 1), 3), shared, sum(surfaces_of[gram].values()), gram)
            if best is None or rank > best[0]:
                best = (rank, gram, dice, shared)
        if best is None:
            continue
        _, gram, dice, shared = best
        (surface, initial), _ = min(surfaces_of[gram].items(), key=lambda kv: (kv[0][1], -kv[1], kv[0][0]))
        cand.equivalent = ru.citation_form(surface, initial)
        cand.dice, cand.cooccurrences = dice, shared
        cand.confidence = dice * shared / (shared + 1)


def _latin(word: str) -> str:
    return re.sub(r"[^a-z]", "", unidecode(word).lower())


def cognates(en_words: list[str], ru_words: list[str]) -> int:
    """How many English words have a look-alike among the Russian ones once transliterated (first five letters
    at least 75% alike: strategic ~ strategicheskii, alliance ~ al'ians, sanctions ~ sanktsii)."""
    latin = [_latin(w) for w in ru_words]
    count = 0
    for word in en_words:
        word = _latin(word)
        if len(word) >= 4 and any(len(t) >= 4 and fuzz.ratio(word[:5], t[:5]) >= 75 for t in latin):
            count += 1
    return count
