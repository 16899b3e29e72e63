"""English term candidates: noun phrases found by a tiny rule-based tagger, and their C-value.

The tagger marks words as noun-capable (N), adjective-like (A: adjectives and -ed participles before a noun),
``of`` (O) or boundaries (X) from lemminflect's possible parts of speech and a stop-word list
(``data/stopwords.en.txt``); two context rules catch the commonest noun/verb confusions.  A candidate is
``(A|N)+ N`` or ``(A|N)+ of (A|N)* N``, 2–5 words, and every such sub-sequence of a noun phrase counts, because
C-value needs the nested ones (Frantzi, Ananiadou & Mima 2000).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .tokens import Token, hyphen_joined, joinable, normalise, starts_sentence, tokenize

DATA = Path(__file__).parent / "data"
MAX_WORDS = 5


@dataclass(frozen=True, slots=True)
class Word:
    """A word of running text: hyphen-joined tokens as one (``non-aggression``, ``Азиатско-Тихоокеанский``)."""
    start: int
    end: int
    text: str


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


def display_form(key: tuple[str, ...], surfaces: Counter) -> str:
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
