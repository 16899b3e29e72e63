"""Term extraction from an aligned pair: English multi-word noun phrases ranked by C-value weighted by how
much more frequent they are in the document than in general English (``wordfreq``), each with its most likely
Russian equivalent found through the alignment.

Candidates: a tiny rule-based tagger (lemminflect's possible parts of speech plus a stop-word list) marks
words as noun-capable (N), adjective-like (A: adjectives and -ed participles) or boundaries; a candidate is
``(A|N)+ N`` or ``(A|N)+ of (A|N)* N``, 2–5 words, and every such sub-sequence of a noun phrase counts
(C-value needs the nested ones: Frantzi, Ananiadou & Mima 2000).

Equivalents: Russian lemma n-grams (1–5 words, an adjective/noun start, a noun end, prepositions only inside)
of the target sentences of the links where the English term occurs, ranked by the Dice coefficient of the two
sets of links; ties go to the n-gram whose length is closest to the term's, then to the more frequent one.
Confidence = Dice × co-occurrences / (co-occurrences + 1): one shared link is weak evidence however exact.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from rapidfuzz import fuzz
from unidecode import unidecode

from .lemmas import lemmatizer_for
from .model import Concept, Glossary, Term
from .tokens import Token, hyphen_joined, joinable, normalise, starts_sentence, tokenize

DATA = Path(__file__).parent / "data"
MAX_WORDS = 5
MAX_SPECIFICITY = 2.0
RU_EDGE_START = {"ADJF", "PRTF", "NOUN", "LATN", "UNKN"}
RU_EDGE_END = {"NOUN", "LATN", "UNKN"}
RU_INSIDE = RU_EDGE_START | {"PREP"}


@dataclass(frozen=True, slots=True)
class Word:
    """A word of running text: hyphen-joined tokens as one (``non-aggression``, ``Азиатско-Тихоокеанский``)."""
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Candidate:
    key: tuple[str, ...]          # lemma sequence
    term: str                     # display form (the most common surface, singular head where seen)
    frequency: int
    c_value: float
    specificity: float            # log10 of document frequency over general-language frequency (floored)
    score: float
    links: frozenset[str]
    positions: dict[str, float] = field(default_factory=dict)   # link -> relative position of first occurrence
    equivalent: str | None = None
    dice: float = 0.0
    cooccurrences: int = 0
    confidence: float = 0.0


@lru_cache(maxsize=None)
def stopwords(lang: str) -> frozenset[str]:
    path = DATA / f"stopwords.{lang}.txt"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def words(text: str) -> list[list[Word]]:
    """Runs of words that may belong to one phrase (no punctuation between them), hyphenated compounds joined."""
    tokens = tokenize(text)
    runs: list[list[Word]] = []
    i = 0
    previous: Token | None = None
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens) and hyphen_joined(text, tokens[j], tokens[j + 1]):
            j += 1
        word = Word(tokens[i].start, tokens[j].end, text[tokens[i].start:tokens[j].end])
        if previous is None or not joinable(text, previous, tokens[i]) or "\n" in text[previous.end:tokens[i].start]:
            runs.append([])
        runs[-1].append(word)
        previous = tokens[j]
        i = j + 1
    return runs


# ---- English candidates -------------------------------------------------------------------------------------

class EnglishTagger:
    def __init__(self) -> None:
        import lemminflect
        self._all, self._oov = lemminflect.getAllLemmas, lemminflect.getAllLemmasOOV
        self._stop = stopwords("en")
        self._cache: dict[tuple[str, bool], tuple[str, str]] = {}

    def tag(self, word: str, sentence_initial: bool) -> tuple[str, str]:
        """(class, lemma): class N (noun-capable), A (modifier), O (``of``) or X (boundary)."""
        key = (word, sentence_initial)
        if key not in self._cache:
            self._cache[key] = self._tag(word, sentence_initial)
        return self._cache[key]

    def tag_run(self, run: list[Word], sentence_initial: bool) -> list[tuple[str, str]]:
        """Tags of a run of words, with two context rules for the commonest noun/verb confusions of a
        dictionary-only tagger: a verb-capable word right after a plural noun or a name is the verb of a clause
        (``banks proved``, ``activities build``, ``Ukraine left``), and an ``-ed`` form is a modifier only
        before a noun and not after one (``integrated command``, but ``Gorbachev visited``)."""
        tags = [list(self.tag(w.text, sentence_initial and k == 0)) for k, w in enumerate(run)]
        for k in range(1, len(run)):
            lower = normalise(run[k].text).lower()
            prev_word, prev = run[k - 1].text, tags[k - 1]
            verb_capable = "VERB" in self._all(lower)
            after_subject = prev[0] == "N" and (
                prev_word[:1].isupper() and not self._all(prev_word.lower())
                or prev_word.lower().endswith("s") and prev[1] != prev_word.lower())
            if verb_capable and after_subject and not run[k].text[:1].isupper() and not lower.endswith("s"):
                tags[k][0] = "X"
            elif tags[k][0] == "A" and lower.endswith("ed") and "ADJ" not in self._all(lower) and (
                    prev[0] == "N" or k + 1 >= len(run) or tags[k + 1][0] != "N"):
                tags[k][0] = "X"
        return [tuple(t) for t in tags]

    def _tag(self, word: str, sentence_initial: bool) -> tuple[str, str]:
        lower = normalise(word).lower()
        if lower == "of":
            return "O", lower
        if lower in self._stop or any(ch.isdigit() for ch in lower) or len(lower) < 2:
            return "X", lower
        readings = self._all(lower)
        if "NOUN" in readings or "PROPN" in readings:
            return "N", readings.get("NOUN", readings.get("PROPN"))[0].lower()
        if "ADJ" in readings:
            return "A", lower
        if not readings:
            if word[:1].isupper() and not sentence_initial:
                return "N", lower                         # a name: Gazprom, Vostok-2018 is cut by its digits
            return "N", self._oov(lower, "NOUN")["NOUN"][0].lower()
        if "VERB" in readings and lower.endswith("ed"):
            return "A", lower                             # participle as modifier: integrated command
        return "X", lower


def _spans(tags: list[str]) -> Iterable[tuple[int, int]]:
    """[i, j) spans of a tagged run that match (A|N)+ N or (A|N)+ of (A|N)* N, 2..MAX_WORDS words."""
    for i in range(len(tags)):
        if tags[i] not in "AN":
            continue
        seen_of = False
        for j in range(i + 1, min(len(tags), i + MAX_WORDS)):
            if tags[j] == "O":
                if seen_of or j == i:
                    break
                seen_of = True
                continue
            if tags[j] not in "AN":
                break
            if tags[j] == "N" and tags[j - 1] != "O" or tags[j] == "N" and seen_of:
                yield i, j + 1


def english_candidates(segments: Iterable[tuple[str, str]]) -> tuple[dict, int]:
    """*segments*: (link id, source text).  Returns (key -> [occurrences, surface Counter, links, first relative
    position per link], number of words)."""
    tagger = EnglishTagger()
    found: dict[tuple[str, ...], list] = {}
    n_words = 0
    for link_id, text in segments:
        for run in words(text):
            first = starts_sentence(text, run[0].start)
            tagged = tagger.tag_run(run, first)
            n_words += len(run)
            for i, j in _spans([t for t, _ in tagged]):
                key = tuple(lemma for _, lemma in tagged[i:j])
                surface = " ".join(w.text for w in run[i:j])
                entry = found.setdefault(key, [0, Counter(), set(), {}])
                entry[0] += 1
                # A sentence-initial capital says nothing about the word: such surfaces are kept apart.
                entry[1][(surface, first and i == 0)] += 1
                entry[2].add(link_id)
                entry[3].setdefault(link_id, run[i].start / max(len(text), 1))
    return found, n_words


def _display(key: tuple[str, ...], surfaces: Counter) -> str:
    """The commonest surface form, preferring one whose head is in its base form and one not at the start of
    a sentence (whose capital says nothing); a sentence-initial capital is lowered unless the word is a name."""
    def rank(item):
        (surface, initial), count = item
        return (initial, surface.split()[-1].lower() != key[-1], -count, surface)
    (best, initial), _ = min(surfaces.items(), key=rank)
    if initial and best[:1].isupper() and not best.split()[0].isupper():
        import lemminflect
        first = best.split()[0]
        if lemminflect.getAllLemmas(first.lower()):     # a dictionary word, not a name
            best = best[:1].lower() + best[1:]
    return best


def c_values(found: dict) -> dict[tuple[str, ...], float]:
    """C-value(a) = log2|a| · (f(a) − mean f of the longer candidates that contain a)."""
    containing: dict[tuple[str, ...], list[tuple[str, ...]]] = defaultdict(list)
    keys = list(found)
    by_len: dict[int, list] = defaultdict(list)
    for key in keys:
        by_len[len(key)].append(key)
    for longer in keys:
        for n in range(2, len(longer)):
            for i in range(len(longer) - n + 1):
                sub = longer[i:i + n]
                if sub in found:
                    containing[sub].append(longer)
    values = {}
    for key, (freq, *_) in found.items():
        nest = containing.get(key)
        nested = sum(found[b][0] for b in nest) / len(nest) if nest else 0.0
        values[key] = math.log2(len(key)) * (freq - nested)
    return values


# ---- Russian equivalents -------------------------------------------------------------------------------------

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
            parse = self._morph.parse(form)[0]
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


# ---- the whole run ---------------------------------------------------------------------------------------------

def extract_terms(pairs: Iterable[tuple[str, str, str]], src_lang: str = "en", tgt_lang: str = "ru",
                  top: int = 50, min_frequency: int = 2) -> list[Candidate]:
    """*pairs*: ``(source text, target text, link id)`` per link.  Returns candidates best first."""
    if src_lang.split("-")[0] != "en":
        raise ValueError("term extraction reads English sources only (its tagger is English)")
    from wordfreq import word_frequency

    pairs = list(pairs)
    found, n_words = english_candidates((link, src) for src, _, link in pairs if src)
    values = c_values(found)
    candidates = []
    for key, (freq, surfaces, links, positions) in found.items():
        if freq < min_frequency or values[key] <= 0:
            continue
        term = _display(key, surfaces)
        general = word_frequency(term, "en", minimum=1e-9)
        specificity = max(0.1, math.log10((freq / max(n_words, 1)) / general))
        # Capped: beyond a hundred times its general-language rate, rarity says nothing more about termhood.
        score = values[key] * min(specificity, MAX_SPECIFICITY)
        candidates.append(Candidate(key, term, freq, values[key], specificity, score, frozenset(links), positions))
    candidates.sort(key=lambda c: (-c.score, -c.frequency, c.term))
    candidates = candidates[:top]
    if tgt_lang.split("-")[0] == "ru":
        _equivalents(candidates, pairs)
    return candidates


def _equivalents(candidates: list[Candidate], pairs: list[tuple[str, str, str]]) -> None:
    ru = RussianNgrams()
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
            ru_content = [w for w, (pos, _, _) in zip(surface.split(), map(ru.analyse, surface.split()))
                          if pos != "PREP"]
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


def candidates_to_glossary(candidates: list[Candidate], src_lang: str = "en", tgt_lang: str = "ru") -> Glossary:
    """A glossary ready to edit: each candidate a concept, its equivalent admitted (a reviewer promotes it)."""
    concepts, used = [], set()
    for cand in candidates:
        base = re.sub(r"[^0-9a-z]+", "_", cand.term.lower()).strip("_") or "term"
        concept_id = base if not base[0].isdigit() else f"c_{base}"
        while concept_id in used:
            concept_id += "_"
        used.add(concept_id)
        note = (f"extracted: frequency {cand.frequency}, C-value {cand.c_value:.2f}, score {cand.score:.2f}"
                + (f"; equivalent by Dice {cand.dice:.2f} over {cand.cooccurrences} links, confidence "
                   f"{cand.confidence:.2f}" if cand.equivalent else ""))
        terms = [Term(cand.term, src_lang, "preferred", "noun")]
        if cand.equivalent:
            terms.append(Term(cand.equivalent, tgt_lang, "admitted", "noun"))
        concepts.append(Concept(concept_id, terms, note=note))
    return Glossary(concepts, title="Extracted term candidates")


def candidates_to_csv(candidates: list[Candidate], src_lang: str = "en", tgt_lang: str = "ru") -> str:
    """One row per candidate with its figures; the file reads back as a glossary (extra columns are ignored)."""
    import csv
    import io

    glossary = candidates_to_glossary(candidates, src_lang, tgt_lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", src_lang, tgt_lang, f"{tgt_lang}_status", "frequency", "c_value", "specificity",
                     "score", "dice", "cooccurrences", "confidence"])
    for concept, cand in zip(glossary.concepts, candidates):
        writer.writerow([concept.id, cand.term, cand.equivalent or "", "admitted" if cand.equivalent else "",
                         cand.frequency, f"{cand.c_value:.3f}", f"{cand.specificity:.3f}", f"{cand.score:.3f}",
                         f"{cand.dice:.3f}", cand.cooccurrences, f"{cand.confidence:.3f}"])
    return out.getvalue()
