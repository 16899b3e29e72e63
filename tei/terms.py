"""The term layer of a TEI file: ``<term ref="#gl.ID">`` around each glossary term in the sentences of both
language versions, and the glossary itself in ``back/div[@type="glossary"]/list[@type="gloss"]``, each entry
pointing at its TBX concept (``<ptr type="tbx" target="terms.tbx#ID"/>``) when a TBX file name is given.

:func:`annotate` finds the terms with ``corpus.terminology.TermMatcher``; ``tei.reader`` reads the layer
back from a TEI file (into ``pair.run["terms"]``), so a TEI with terms also round-trips to the same bytes.
A term's ``@type`` is the matched term's status (preferred, admitted, forbidden) — a forbidden rendering
stays visible in the TEI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aligner.model import AlignedPair

GLOSS_PREFIX = "gl."


@dataclass(frozen=True, slots=True)
class TermSpan:
    start: int            # offsets into the sentence's text
    end: int
    concept_id: str
    status: str | None = None


@dataclass(frozen=True, slots=True)
class GlossEntry:
    concept_id: str
    src_label: str
    tgt_label: str | None = None
    tbx: str | None = None        # "terms.tbx#c1"


@dataclass(slots=True)
class TermLayer:
    # per side (source, translation): body-sentence index → its term spans, in text order, not overlapping
    spans: tuple[dict[int, list[TermSpan]], dict[int, list[TermSpan]]] = field(default_factory=lambda: ({}, {}))
    entries: list[GlossEntry] = field(default_factory=list)


def gloss_id(concept_id: str) -> str:
    return f"{GLOSS_PREFIX}{concept_id}"


def annotate(pair: AlignedPair, glossary, tbx: str | None = None) -> TermLayer:
    """Find *glossary*'s terms in both versions' body sentences (a ``corpus.terminology.Glossary``)."""
    from corpus.terminology import TermMatcher

    layer = TermLayer()
    used: set[str] = set()
    for side, document in enumerate((pair.src, pair.tgt)):
        matcher = TermMatcher(glossary, document.lang)
        for index, (_, _, sentence) in enumerate(document.sentences()):
            matches = sorted(matcher.find(sentence.text), key=lambda m: m.start)
            if matches:
                layer.spans[side][index] = [TermSpan(m.start, m.end, m.concept_id, m.status) for m in matches]
                used.update(m.concept_id for m in matches)
    for concept in glossary.concepts:
        if concept.id in used:
            has_target = bool(concept.terms_in(pair.tgt.lang))
            layer.entries.append(GlossEntry(concept.id, concept.label(pair.src.lang),
                                            concept.label(pair.tgt.lang) if has_target else None,
                                            f"{tbx}#{concept.id}" if tbx else None))
    return layer


def term_layer(pair: AlignedPair, options: dict) -> TermLayer:
    """The terms a writer shows: found now from the ``glossary`` option, else the ``terms`` option, else the
    layer the pair was read with (``tei.reader``), else none."""
    if options.get("glossary") is not None:
        return annotate(pair, options["glossary"], options.get("tbx"))
    return options.get("terms") or pair.run.get("terms") or TermLayer()
