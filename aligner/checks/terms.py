"""Terminology against a glossary: ``corpus.terminology``'s check run over the links (forbidden equivalent:
error; missing: warning; admitted only: note; a concept rendered in several ways: one document warning)."""

from __future__ import annotations

from .base import Check, Finding, LinkView


class Terms(Check):
    name = "terms"
    description = "glossary terms: forbidden, missing or inconsistent target equivalents"
    defaults = {"missing": "warning"}     # severity for a term with no equivalent (a paraphrase may be fine)

    def run(self, view: LinkView) -> list[Finding]:
        from corpus.terminology import STARTER_GLOSSARY, check_terminology, load_glossary

        glossary = view.glossary if view.glossary is not None else load_glossary(STARTER_GLOSSARY)
        langs = {code.split("-")[0] for code in glossary.languages}
        if view.src_lang not in langs or view.tgt_lang not in langs:
            return []
        pairs = [(s, t, str(k)) for k, (s, t) in enumerate(zip(view.src_texts, view.tgt_texts))]
        report = check_terminology(pairs, glossary, view.src_lang, view.tgt_lang)
        out = []
        for f in report.findings:
            k = int(f.link_id) if f.link_id is not None else None
            severity = self.options["missing"] if f.kind == "missing" else f.severity
            src_spans = _locate(view.src_texts[k], f.source_term) if k is not None else ()
            tgt_spans = _locate(view.tgt_texts[k], f.target_term) if k is not None else ()
            out.append(self.finding(severity, k, f.message, src_spans, tgt_spans, kind=f.kind))
        return out


def _locate(text: str, words: str | None) -> tuple[tuple[int, int], ...]:
    if not words:
        return ()
    at = text.find(words)
    return ((at, at + len(words)),) if at >= 0 else ()
