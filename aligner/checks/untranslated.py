"""Untranslated text: a target sentence in the source language (``corpus.langid``) or the source's script,
and a target identical to its source.

A link's target is judged as a whole, and where it has several sentences and passes, each sentence is judged
too: an untranslated sentence the aligner set beside translated ones (an English sentence left in a Thai text
came out inside a 2-4 link) is a minority of the link's letters and went unseen."""

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
            why = self._foreign(tgt, src, usual, view)
            if why:
                out.append(self.finding("error", k, f"target is in {why}, not {view.tgt_lang}: untranslated?",
                                        (), [(0, len(tgt))], kind="language"))
                continue
            start = 0
            for j in link.tgt if len(link.tgt) > 1 else ():
                sentence = view.tgt_sents[j]
                end = start + len(sentence)
                if len(WORD.findall(sentence)) >= self.options["min_words"]:
                    why = self._foreign(sentence, src, usual, view)
                    if why:
                        out.append(self.finding("error", k, f"a target sentence is in {why}, not {view.tgt_lang}: "
                                                            "untranslated?", (), [(start, end)], kind="language"))
                start = end + 1    # the link's text joins its sentences with one space (LinkView)
        return out

    @staticmethod
    def _foreign(text: str, src: str, usual: str | None, view: LinkView) -> str | None:
        """Why ``text`` reads as not translated (the source's language, or the source's script where the target
        document usually writes another), or None."""
        lang = detect(text)
        if lang == view.src_lang:
            return f"language {lang}"
        script = _letters_script(text)
        if script == _letters_script(src) and script != usual:
            return "the source's script"
        return None
