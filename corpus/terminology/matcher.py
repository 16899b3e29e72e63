"""Find glossary terms in running text through inflection, spelling and hyphenation variants.

``TermMatcher(glossary, "ru").find(text)`` returns ``TermMatch``es with offsets into *text* itself.

How: every term is cut into words, each word becomes a set of keys (its candidate lemmas; for a case-sensitive
term, its exact form), and the key paths go into a trie.  The text is cut the same way and walked from every
word; consecutive words must be separated by spaces or a hyphen only.  A hyphenated compound is tried both as
its parts and as one solid word (``non-aggression`` = ``nonaggression`` = ``non aggression``).  Overlapping
candidates are resolved longest first; one span that is a term of several concepts goes to the best status
(preferred > admitted > forbidden), then to the concept listed first in the glossary.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from .lemmas import Lemmatizer, lemmatizer_for
from .model import STATUSES, Glossary, Term, primary_language
from .tokens import Token, hyphen_joined, joinable, starts_sentence, tokenize

_CASE = "\x00"          # prefix of exact-form keys (case-sensitive terms)
# Languages whose writers capitalise only sentence starts and proper names (no title case in headlines): there a
# lower-case term written with a capital inside a sentence is part of a name ("Советского Союза", "Союз
# крестьян") and is not matched.  English is not listed: its headlines capitalise every word.
NAME_CAPITAL_LANGUAGES = frozenset({"ru", "uk", "be", "bg"})
_MAX_SOLID_PARTS = 3    # "non-aggression" -> "nonaggression": join at most this many hyphenated parts
_MAX_PATHS = 256        # key combinations inserted per term variant (ambiguous words multiply them)


@dataclass(frozen=True, slots=True)
class TermMatch:
    start: int          # offsets into the text given to find()
    end: int
    concept_id: str
    term: str           # the glossary term that matched (its written form, not the text's)
    status: str         # that term's status: preferred, admitted or forbidden


@dataclass(slots=True)
class _Node:
    children: dict[str, "_Node"] = field(default_factory=dict)
    entries: list[tuple[int, Term, str]] = field(default_factory=list)   # (concept index, term, concept id)


class TermMatcher:
    def __init__(self, glossary: Glossary, lang: str, lemmatizer: Lemmatizer | None = None,
                 name_guard: bool | None = None):
        self.glossary = glossary
        self.lang = lang
        self.lemmatizer = lemmatizer or lemmatizer_for(lang)
        self.name_guard = (primary_language(lang) in NAME_CAPITAL_LANGUAGES) if name_guard is None else name_guard
        self._root = _Node()
        for index, concept in enumerate(glossary.concepts):
            for term in concept.terms_in(lang):
                self._add(index, concept.id, term)

    # ---- building -----------------------------------------------------------------------------------------

    def _unit_keys(self, form: str, case_sensitive: bool) -> frozenset[str]:
        return frozenset({_CASE + form}) if case_sensitive else self.lemmatizer.lemmas(form)

    def _add(self, index: int, concept_id: str, term: Term) -> None:
        tokens = tokenize(term.text)
        if not tokens:
            return
        for units in _unit_variants(term.text, tokens):
            key_sets = [self._unit_keys("".join(t.form for t in unit), term.case_sensitive) for unit in units]
            for path in itertools.islice(itertools.product(*key_sets), _MAX_PATHS):
                node = self._root
                for key in path:
                    node = node.children.setdefault(key, _Node())
                if not any(entry[1] is term for entry in node.entries):
                    node.entries.append((index, term, concept_id))

    # ---- matching -----------------------------------------------------------------------------------------

    def _text_keys(self, unit: list[Token]) -> frozenset[str]:
        form = "".join(t.form for t in unit)
        return self.lemmatizer.lemmas(form) | {_CASE + form}

    def find_all(self, text: str) -> list[TermMatch]:
        """Every candidate, overlapping ones and homonyms included, sorted by position."""
        tokens = tokenize(text)
        # Units starting at each token: the token alone, or a hyphen-joined chain written solid.
        units_at: list[list[tuple[int, frozenset[str]]]] = []
        for i in range(len(tokens)):
            options = [(i, self._text_keys([tokens[i]]))]
            j = i
            while j + 1 < len(tokens) and j - i + 2 <= _MAX_SOLID_PARTS and hyphen_joined(text, tokens[j], tokens[j + 1]):
                j += 1
                options.append((j, self._text_keys(tokens[i:j + 1])))
            units_at.append(options)
        found: set[tuple[int, int, int, str, str, str]] = set()
        for i in range(len(tokens)):
            frontier = [(self._root, i)]
            while frontier:
                node, k = frontier.pop()
                for last, keys in units_at[k]:
                    for key in keys & node.children.keys():
                        child = node.children[key]
                        for index, term, concept_id in child.entries:
                            if self.name_guard and self._in_a_name(text, tokens[i], term):
                                continue
                            found.add((tokens[i].start, tokens[last].end, index, concept_id, term.text, term.status))
                        if child.children and last + 1 < len(tokens) and joinable(text, tokens[last], tokens[last + 1]):
                            frontier.append((child, last + 1))
        return [TermMatch(s, e, cid, t, st) for s, e, _, cid, t, st in sorted(found)]

    @staticmethod
    def _in_a_name(text: str, first: Token, term: Term) -> bool:
        return (not term.case_sensitive and term.text[:1].islower() and first.text[:1].isupper()
                and not first.text.isupper() and not starts_sentence(text, first.start))

    def find(self, text: str) -> list[TermMatch]:
        """Non-overlapping matches, longest first; ties on one span go to the best status, then glossary order."""
        order = {c.id: i for i, c in enumerate(self.glossary.concepts)}
        rank = {status: i for i, status in enumerate(STATUSES)}
        candidates = sorted(self.find_all(text), key=lambda m: (m.start - m.end, m.start, rank[m.status],
                                                                  order[m.concept_id]))
        taken: list[TermMatch] = []
        occupied: set[int] = set()
        for match in candidates:
            span = range(match.start, match.end)
            if occupied.isdisjoint(span):
                taken.append(match)
                occupied.update(span)
        return sorted(taken, key=lambda m: m.start)


def _unit_variants(text: str, tokens: list[Token]) -> list[list[list[Token]]]:
    """The term as units: split at every hyphen, and with each hyphenated run also written solid."""
    runs: list[list[Token]] = [[tokens[0]]]
    for left, right in zip(tokens, tokens[1:]):
        if hyphen_joined(text, left, right):
            runs[-1].append(right)
        else:
            runs.append([right])
    choices = []
    for run in runs:
        split = [[t] for t in run]
        choices.append([split, [run]] if 1 < len(run) <= _MAX_SOLID_PARTS else [split])
    return [[unit for part in combo for unit in part] for combo in itertools.product(*choices)]
