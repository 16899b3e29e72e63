"""Untranslated text: a target sentence in the source language (``corpus.langid``) or the source's script,
and a target identical to its source."""

from __future__ import annotations

import re

from corpus.langid import detect, script_counts

from .base import Check, Finding, LinkView

LETTER = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]{2,}")


def _letters_script(text: str) -> str | None:
    counts = script_counts(text)
    return counts.most_common(1)[0][0] if counts else None


class Untranslated(Check):
    name = "untranslated"
    description = "a target left in the source language, or identical to the source"
    defaults = {"min_words": 4}     # shorter texts (names, titles, figures) may rightly stay as they are

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        # The target document's usual script: a sentence in another (the source's) is suspect.
        usual = _letters_script(" ".join(view.tgt_sents))
        for k, link in enumerate(view.links):
            if not link.src or not link.tgt:
                continue
            src, tgt = view.src_texts[k], view.tgt_texts[k]
            words = WORD.findall(tgt)
            if " ".join(src.split()) == " ".join(tgt.split()) and LETTER.search(tgt):
                severity = "error" if len(words) >= self.options["min_words"] else "note"
                out.append(self.finding(severity, k, "target identical to the source", [(0, len(src))],
                                        [(0, len(tgt))], kind="identical"))
                continue
            if len(words) < self.options["min_words"] or view.src_lang == view.tgt_lang:
                continue
            lang = detect(tgt)
            script = _letters_script(tgt)
            same_script = script == _letters_script(src) and script != usual
            if lang == view.src_lang or same_script:
                why = f"language {lang}" if lang == view.src_lang else "the source's script"
                out.append(self.finding("error", k, f"target is in {why}, not {view.tgt_lang}: untranslated?",
                                        (), [(0, len(tgt))], kind="language"))
        return out
