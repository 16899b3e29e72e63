"""The glossary model: concepts, each with terms in one or more languages.

A concept is what TBX calls a ``conceptEntry``: one meaning (``strategic_alliance``) with its subject field and a
note.  Each term belongs to one language and carries a status that tells a translator whether to use it:
``preferred`` (use this), ``admitted`` (acceptable) or ``forbidden`` (do not use: a calque, a false friend).

Concept ids are XML names (they become TBX ``conceptEntry/@id`` and TEI ``<term ref="#gl.ID">``), so readers
check them and writers never have to invent new ones: a glossary survives CSV -> TBX -> model unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

STATUSES = ("preferred", "admitted", "forbidden")
PARTS_OF_SPEECH = ("noun", "verb", "adjective", "adverb", "other")

# An XML NCName restricted to what survives every format we write (TBX ids, TEI pointers, CSV cells).
_CONCEPT_ID = re.compile(r"^[^\W\d][\w.\-]*$")
_LETTERS = re.compile(r"[^\W\d_]")


def is_concept_id(text: str) -> bool:
    return bool(_CONCEPT_ID.match(text))


def looks_like_acronym(text: str) -> bool:
    """``АТР``, ``СПРН``, ``NATO``: at least two letters, all capitals.  Such terms are matched case-sensitively
    unless the glossary says otherwise, because their lower-case forms are often ordinary words."""
    letters = _LETTERS.findall(text)
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def normalise_lang(tag: str) -> str:
    """BCP 47 casing: ``EN_us`` -> ``en-US``, ``zh-hans`` -> ``zh-Hans``."""
    parts = re.split(r"[-_]", tag.strip())
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha() or part.isdigit():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def primary_language(tag: str) -> str:
    """``en-GB`` -> ``en``: what a lemmatiser is chosen by."""
    return tag.split("-", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    lang: str
    status: str = "preferred"
    pos: str | None = None
    note: str | None = None
    case_sensitive: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown term status {self.status!r}")
        if self.pos is not None and self.pos not in PARTS_OF_SPEECH:
            raise ValueError(f"unknown part of speech {self.pos!r}")

    @property
    def approved(self) -> bool:
        """Preferred or admitted: a rendering the consistency check accepts."""
        return self.status != "forbidden"


@dataclass(slots=True)
class Concept:
    id: str
    terms: list[Term] = field(default_factory=list)
    subject: str | None = None
    note: str | None = None

    def terms_in(self, lang: str) -> list[Term]:
        """Terms of one language; ``en`` also takes ``en-GB`` terms and the reverse."""
        wanted = primary_language(lang)
        exact = [t for t in self.terms if t.lang == lang]
        return exact if exact and lang != wanted else [t for t in self.terms if primary_language(t.lang) == wanted]

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for term in self.terms:
            seen.setdefault(term.lang, None)
        return list(seen)

    def label(self, lang: str = "en") -> str:
        """The concept's preferred term in *lang* (or its first term): for reports and TEI glossaries."""
        terms = self.terms_in(lang) or self.terms
        preferred = [t for t in terms if t.status == "preferred"]
        return (preferred or terms)[0].text if terms else self.id


@dataclass(slots=True)
class Glossary:
    concepts: list[Concept] = field(default_factory=list)
    # A title for file headers; not part of equality (CSV has none, TBX needs one).
    title: str | None = field(default=None, compare=False)
    # Where it was read from (not part of equality: a round trip through another format must compare equal).
    path: str | None = field(default=None, compare=False)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def concept(self, concept_id: str) -> Concept:
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise KeyError(concept_id)

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for concept in self.concepts:
            for lang in concept.languages:
                seen.setdefault(lang, None)
        return list(seen)

    def terms(self, lang: str) -> Iterator[tuple[Concept, Term]]:
        for concept in self.concepts:
            for term in concept.terms_in(lang):
                yield concept, term

    def pairs(self, src_lang: str, tgt_lang: str, approved_only: bool = True) -> Iterator[tuple[str, str]]:
        """(source term, target term) for every concept, every combination of its terms in the two languages
        (forbidden ones left out unless *approved_only* is false): the form the aligner's lexical signal takes."""
        for concept in self.concepts:
            sources = [t for t in concept.terms_in(src_lang) if t.approved or not approved_only]
            targets = [t for t in concept.terms_in(tgt_lang) if t.approved or not approved_only]
            for source in sources:
                for target in targets:
                    yield source.text, target.text
