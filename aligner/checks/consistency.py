"""Inconsistency across the document: one source sentence translated differently in two places, and
different source sentences translated identically (a copy-paste slip or a lost distinction)."""

from __future__ import annotations

import re

from .base import Check, Finding, LinkView

WORD = re.compile(r"\w+")


def _normal(text: str) -> str:
    return " ".join(WORD.findall(text.casefold().replace("ё", "е")))


class Consistency(Check):
    name = "consistency"
    description = "a repeated source sentence translated differently, or different sources translated alike"
    defaults = {"min_words": 4}     # short repeats ("Yes.", "Read more") are fine either way

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        by_src: dict[str, int] = {}
        by_tgt: dict[str, int] = {}
        for k, link in enumerate(view.links):
            if not link.src or not link.tgt:
                continue
            s, t = _normal(view.src_texts[k]), _normal(view.tgt_texts[k])
            if len(s.split()) >= self.options["min_words"]:
                first = by_src.setdefault(s, k)
                if first != k and _normal(view.tgt_texts[first]) != t:
                    out.append(self.finding("warning", k, f"same source as link {first + 1}, translated "
                                                          "differently", kind="source-repeat"))
            if len(t.split()) >= self.options["min_words"]:
                first = by_tgt.setdefault(t, k)
                if first != k and _normal(view.src_texts[first]) != s:
                    out.append(self.finding("warning", k, f"same translation as link {first + 1}, but a "
                                                          "different source", kind="target-repeat"))
        return out
