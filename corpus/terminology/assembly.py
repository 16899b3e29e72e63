"""Building a glossary from rows, whatever the file format: defaults and conflicts decided in one place.

Readers turn each entry of a file into ``TermRecord``s (one term with where it came from) and concept facts;
``GlossaryBuilder`` merges repeated concepts, fills default statuses (the first term of a language without an
explicit status is preferred, later ones admitted) and raises ``InputError`` on contradictions, naming the
place in the file where the contradiction was found.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from corpus.errors import InputError

from .model import Concept, Glossary, Term, looks_like_acronym


@dataclass(slots=True)
class TermRecord:
    text: str
    lang: str
    status: str | None = None        # None: decided by position (first = preferred)
    pos: str | None = None
    note: str | None = None
    case_sensitive: bool | None = None  # None: decided by the text (acronyms are case-sensitive)


@dataclass(slots=True)
class _Draft:
    concept: Concept
    where: str                                  # where the concept was first seen
    records: list[tuple[TermRecord, str]]


class GlossaryBuilder:
    def __init__(self, path: str | os.PathLike | None):
        self.path = None if path is None else os.fspath(path)
        self._drafts: dict[str, _Draft] = {}

    def fail(self, where: str, problem: str) -> InputError:
        return InputError(self.path, f"{where}: {problem}")

    def concept(self, concept_id: str, where: str, subject: str | None = None, note: str | None = None) -> None:
        """Declare (or repeat) a concept; a repetition may add facts but never change them."""
        draft = self._drafts.get(concept_id)
        if draft is None:
            self._drafts[concept_id] = _Draft(Concept(concept_id, subject=subject, note=note), where, [])
            return
        for name, value in (("subject", subject), ("note", note)):
            old = getattr(draft.concept, name)
            if value and old and value != old:
                raise self.fail(where, f"concept {concept_id!r} repeated with a different {name} "
                                       f"({value!r}; {draft.where} has {old!r})")
            if value and not old:
                setattr(draft.concept, name, value)

    def has(self, concept_id: str) -> bool:
        return concept_id in self._drafts

    def term(self, concept_id: str, record: TermRecord, where: str) -> None:
        if not record.text.strip():
            raise self.fail(where, f"empty {record.lang!r} term")
        if not any(ch.isalnum() for ch in record.text):
            raise self.fail(where, f"{record.lang!r} term {record.text!r} has no letters or digits")
        if record.text != record.text.strip():
            record.text = record.text.strip()
        self._drafts[concept_id].records.append((record, where))

    def build(self, title: str | None = None) -> Glossary:
        concepts = []
        for concept_id, draft in self._drafts.items():
            if not draft.records:
                raise self.fail(draft.where, f"concept {concept_id!r} has no terms")
            draft.concept.terms = self._terms(concept_id, draft.records)
            concepts.append(draft.concept)
        if not concepts:
            raise InputError(self.path, "the glossary has no concepts")
        return Glossary(concepts, title=title, path=self.path)

    def _terms(self, concept_id: str, records: list[tuple[TermRecord, str]]) -> list[Term]:
        seen: dict[tuple[str, str], tuple[Term, TermRecord, str]] = {}
        has_preferred: set[str] = {r.lang for r, _ in records if r.status == "preferred"}
        terms: list[Term] = []
        for record, where in records:
            key = (record.lang, record.text)
            if key in seen:
                _, first, first_where = seen[key]
                for name in ("status", "pos", "note", "case_sensitive"):
                    a, b = getattr(first, name), getattr(record, name)
                    if a is not None and b is not None and a != b:
                        raise self.fail(where, f"term {record.text!r} of concept {concept_id!r} repeated with a "
                                               f"different {name.replace('_', ' ')} ({b!r}; {first_where} has {a!r})")
                continue
            status = record.status
            if status is None:
                status = "admitted" if record.lang in has_preferred else "preferred"
                has_preferred.add(record.lang)
            case = record.case_sensitive if record.case_sensitive is not None else looks_like_acronym(record.text)
            term = Term(record.text, record.lang, status, record.pos, record.note, case)
            seen[key] = (term, record, where)
            terms.append(term)
        # Canonical order: grouped by language (as TBX groups them), languages and terms in order of appearance.
        order = {lang: i for i, lang in reversed(list(enumerate(t.lang for t in terms)))}
        return sorted(terms, key=lambda t: order[t.lang])
