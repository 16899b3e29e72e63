"""Term extraction from an aligned pair: English multi-word terms ranked by C-value weighted by how much more
frequent they are in the document than in general English (``wordfreq``), each with its most likely Russian
equivalent found through the alignment.

``phrases.py`` finds the English candidates and their C-value, ``equivalents.py`` the Russian equivalents; this
module ranks, and writes the result as a glossary (CSV or TBX) ready to edit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Iterable

from .equivalents import find_equivalents
from .model import Concept, Glossary, Term
from .phrases import c_values, display_form, english_candidates

# Beyond a hundred times its general-language rate, rarity says nothing more about termhood.
MAX_SPECIFICITY = 2.0


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
        term = display_form(key, surfaces)
        general = word_frequency(term, "en", minimum=1e-9)
        specificity = max(0.1, math.log10((freq / max(n_words, 1)) / general))
        score = values[key] * min(specificity, MAX_SPECIFICITY)
        candidates.append(Candidate(key, term, freq, values[key], specificity, score, frozenset(links), positions))
    candidates.sort(key=lambda c: (-c.score, -c.frequency, c.term))
    candidates = candidates[:top]
    find_equivalents(candidates, pairs, tgt_lang)
    return candidates


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
