"""Omissions and additions: 1-0 and 0-1 links, and links whose length ratio (or confidence) is an outlier for
this document — judged by a robust z-score against the document's own distribution, never a fixed ratio,
because a Russian translation of English is ~10% longer and a German one of French differs again."""

from __future__ import annotations

import math
import re

from .base import Check, Finding, LinkView, robust_z

WORD = re.compile(r"\w+")
# A sentence wholly in brackets is a translator's or editor's note, an addition by design.
BRACKETED = re.compile(r"^\s*[\[(].*[\])]\s*$", re.S)


class Omission(Check):
    name = "omission"
    description = "1-0/0-1 links (omitted or added sentences) and links whose length ratio is an outlier"
    defaults = {
        "error_words": 6,          # an unmatched sentence of at least this many words is an error
        "z_warning": 4.0,          # |robust z| of log length ratio for a warning
        "z_warning_merged": 2.5,   # … in a link joining sentences (2-1, 1-2, …), where an omission hides
        "z_error": 12.0,           # … for an error
        "min_chars": 30,           # the longer side must be this long for a ratio to mean anything
        "z_confidence": 4.0,       # how far below the document's confidences a link must fall
        "max_confidence": 0.3,     # … and below this absolute confidence
    }

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        ratios, indices = [], []
        for k, link in enumerate(view.links):
            src, tgt = view.src_texts[k], view.tgt_texts[k]
            if not link.tgt or not link.src:
                text = src or tgt
                words = len(WORD.findall(text))
                side = "source" if link.src else "target"
                what = "omitted: no translation" if link.src else "added: no source"
                if BRACKETED.match(text):
                    severity = "note"
                    what += " (a bracketed note)"
                elif words >= self.options["error_words"]:
                    severity = "error"
                else:
                    severity = "warning"
                span = ((0, len(text)),)
                out.append(self.finding(severity, k, f"{side} sentence {what} ({words} words)",
                                        span if link.src else (), span if link.tgt else (),
                                        kind="omitted" if link.src else "added"))
                continue
            if max(len(src), len(tgt)) >= self.options["min_chars"]:
                ratios.append(math.log((len(tgt) + 10) / (len(src) + 10)))
                indices.append(k)
        for k, z in zip(indices, robust_z(ratios)):
            link = view.links[k]
            merged = len(link.src) != len(link.tgt)
            if abs(z) < self.options["z_warning_merged" if merged else "z_warning"]:
                continue
            severity = "error" if abs(z) >= self.options["z_error"] else "warning"
            longer = "target" if z > 0 else "source"
            src, tgt = view.src_texts[k], view.tgt_texts[k]
            out.append(self.finding(severity, k, f"{longer} much longer than usual in this document "
                                                 f"({len(src)} vs {len(tgt)} characters, z={z:+.1f}): "
                                                 f"{'addition' if z > 0 else 'omission'}?",
                                    kind="length"))
        confidences = [link.confidence for link in view.links]
        if len(set(confidences)) > 1:
            for k, z in enumerate(robust_z(confidences)):
                c = confidences[k]
                if z <= -self.options["z_confidence"] and c < self.options["max_confidence"]:
                    out.append(self.finding("warning", k, f"aligner confidence {c:.2f} is an outlier here "
                                                          f"(z={z:+.1f})", kind="confidence"))
        return out
