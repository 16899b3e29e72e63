"""Terminology consistency of a translation, link by link and across the document.

For every aligned pair where a source term occurs, the target should contain one of the concept's approved
equivalents (matched by lemma, like ``TermMatcher``):
- a forbidden equivalent in the target is an **error** (a forbidden term where the source has no term of its
  concept is a **warning**: the word may have another sense there);
- no equivalent at all is a **warning** (``missing``; a paraphrase may be fine, a reviewer decides);
- only admitted equivalents, no preferred one, is a **note**.
Across the document, a concept rendered by different equivalents in different places is reported once with
the count of each rendering (``inconsistent``, a warning).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Iterable

from .matcher import TermMatch, TermMatcher
from .model import Glossary

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True, slots=True)
class Finding:
    severity: str                 # error, warning, note
    kind: str                     # forbidden, missing, admitted, inconsistent
    concept_id: str
    message: str
    link_id: str | None = None    # None for document-wide findings
    source_term: str | None = None    # the source words as written
    target_term: str | None = None    # the target words as written (forbidden/admitted), if any
    source_text: str | None = None
    target_text: str | None = None
    counts: dict[str, int] | None = None   # inconsistent: glossary term -> times used


@dataclass(slots=True)
class CheckReport:
    findings: list[Finding] = field(default_factory=list)
    # concept id -> glossary term used in the target -> count (over links where the concept occurs in the source)
    renderings: dict[str, Counter] = field(default_factory=dict)
    links_checked: int = 0
    source_occurrences: int = 0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict:
        return {
            "links_checked": self.links_checked,
            "source_occurrences": self.source_occurrences,
            "summary": {s: self.count(s) for s in SEVERITIES},
            "findings": [{k: v for k, v in asdict(f).items() if v is not None} for f in self.findings],
            "renderings": {cid: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                           for cid, c in sorted(self.renderings.items())},
        }


def check(pairs: Iterable[tuple[str, str, str]], glossary: Glossary, src_lang: str, tgt_lang: str,
          src_matcher: TermMatcher | None = None, tgt_matcher: TermMatcher | None = None) -> CheckReport:
    """*pairs*: ``(source text, target text, link id)`` for each aligned link (an empty side is ``""``)."""
    src_matcher = src_matcher or TermMatcher(glossary, src_lang)
    tgt_matcher = tgt_matcher or TermMatcher(glossary, tgt_lang)
    report = CheckReport()
    renderings: dict[str, Counter] = defaultdict(Counter)
    for source, target, link_id in pairs:
        report.links_checked += 1
        found = src_matcher.find(source) if source else []
        report.source_occurrences += len(found)
        by_concept: dict[str, list[TermMatch]] = {}
        for match in found:
            by_concept.setdefault(match.concept_id, []).append(match)
        # Every candidate, nested ones too: "альянс" inside "стратегический альянс" still renders "alliance".
        in_target = tgt_matcher.find_all(target) if target else []
        for concept_id, src_matches in by_concept.items():
            _check_concept(report, renderings, glossary, tgt_lang, concept_id, src_matches,
                           [m for m in in_target if m.concept_id == concept_id], source, target, link_id)
        _unprompted_forbidden(report, glossary, tgt_lang, by_concept, tgt_matcher.find(target) if target else [],
                              source, target, link_id)
    report.renderings = dict(renderings)
    for concept_id, used in sorted(renderings.items(), key=lambda kv: _order(glossary, kv[0])):
        if len(used) > 1:
            listed = ", ".join(f"{term!r} ×{n}" for term, n in sorted(used.items(), key=lambda kv: (-kv[1], kv[0])))
            label = glossary.concept(concept_id).label(src_lang)
            report.findings.append(Finding(
                "warning", "inconsistent", concept_id,
                f"{label!r} is rendered in {len(used)} different ways: {listed}", counts=dict(used)))
    return report


def _order(glossary: Glossary, concept_id: str) -> int:
    return next(i for i, c in enumerate(glossary.concepts) if c.id == concept_id)


def _check_concept(report, renderings, glossary, tgt_lang, concept_id, src_matches, tgt_matches,
                   source, target, link_id) -> None:
    concept = glossary.concept(concept_id)
    source_term = source[src_matches[0].start:src_matches[0].end]
    approved = [m for m in tgt_matches if m.status != "forbidden"]
    # A forbidden variant inside an approved one is part of the approved term, not a use of it
    # (forbidden "союз" inside approved "военный союз").
    forbidden = [m for m in tgt_matches if m.status == "forbidden"
                 and not any(a.start <= m.start and m.end <= a.end for a in approved)]
    preferred = [t.text for t in concept.terms_in(tgt_lang) if t.status == "preferred"]
    expected = ", ".join(repr(t.text) for t in concept.terms_in(tgt_lang) if t.approved) or "(none in the glossary)"
    common = dict(link_id=link_id, source_term=source_term, source_text=source, target_text=target)
    # The rendering(s) of this link: one per source occurrence, in target order ("система предупреждения о
    # ракетном нападении (СПРН)" is one rendering with its acronym, not two competing ones).
    for match in _distinct(tgt_matches)[:len(src_matches)]:
        renderings[concept_id][match.term] += 1
    for match in _distinct(forbidden):
        report.findings.append(Finding(
            "error", "forbidden", concept_id,
            f"{source_term!r} rendered by the forbidden term {target[match.start:match.end]!r} "
            f"(use {expected})", target_term=target[match.start:match.end], **common))
    if not approved and not forbidden:
        report.findings.append(Finding(
            "warning", "missing", concept_id,
            f"{source_term!r} has no glossary equivalent in the target (expected {expected})", **common))
    elif approved and not any(m.status == "preferred" for m in approved):
        used = target[approved[0].start:approved[0].end]
        report.findings.append(Finding(
            "note", "admitted", concept_id,
            f"{source_term!r} rendered by the admitted variant {used!r}; preferred: "
            + ", ".join(repr(p) for p in preferred), target_term=used, **common))


def _unprompted_forbidden(report, glossary, tgt_lang, by_concept, tgt_matches, source, target, link_id) -> None:
    """A forbidden term in the target where the source has no term of its concept: a warning, since the word may
    be used in another sense there ("выравнивание" of a road)."""
    for match in tgt_matches:
        if match.status != "forbidden" or match.concept_id in by_concept:
            continue
        concept = glossary.concept(match.concept_id)
        used = target[match.start:match.end]
        expected = ", ".join(repr(t.text) for t in concept.terms_in(tgt_lang) if t.approved)
        report.findings.append(Finding(
            "warning", "forbidden", match.concept_id,
            f"forbidden term {used!r} in the target, with no glossary term in the source "
            f"(if it means {concept.label()!r}, use {expected})",
            link_id=link_id, target_term=used, source_text=source, target_text=target))


def _distinct(matches: list[TermMatch]) -> list[TermMatch]:
    """One match per target span (a span may match the same concept through several glossary variants)."""
    seen: dict[tuple[int, int], TermMatch] = {}
    for match in sorted(matches, key=lambda m: (m.start, m.start - m.end)):
        if not any(s <= match.start and match.end <= e for s, e in seen):
            seen[(match.start, match.end)] = match
    return list(seen.values())
