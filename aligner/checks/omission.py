"""Omissions and additions: 1-0 and 0-1 links, and links whose length ratio (or confidence) is an outlier for
this document — judged by a robust z-score against the document's own distribution, never a fixed ratio,
because a Russian translation of English is ~10% longer and a German one of French differs again."""

from __future__ import annotations

import math
import re

from corpus.words import count_words

from .base import Check, Finding, LinkView, robust_z

# A sentence wholly in brackets is a translator's or editor's note, an addition by design.
BRACKETED = re.compile(r"^\s*[\[(].*[\])]\s*$", re.S)


def _encoder(src_lang: str, tgt_lang: str):
    from ..encoders import choose_encoder, load_encoder

    name, _ = choose_encoder("auto", src_lang, tgt_lang)
    try:
        loaded = load_encoder(name, cache=False)
    except Exception:      # an encoder that cannot load only switches this test off
        return None
    return None if loaded is None else loaded.inner


class Omission(Check):
    name = "omission"
    description = "1-0/0-1 links (omitted or added sentences) and links whose length ratio is an outlier"
    defaults = {
        "error_words": 6,          # an unmatched sentence of at least this many words is an error
        "z_warning": 4.0,          # |robust z| of log length ratio for a warning
        "z_warning_merged": 2.5,   # … in a link joining sentences (2-1, 1-2, …), where an omission hides
        "z_error": 12.0,           # … for an error
        # A sentence left out is often absorbed by the aligner into a neighbour's link (2-1, 3-2), whose length
        # ratio then hardly moves.  Inside such a link a sentence is suspect when the other side's meaning
        # matches the link better WITHOUT it (sentence embeddings; skipped without an encoder).
        "gain_without": 0.03,
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
                words = count_words(text)   # estimated from letters in Chinese, Japanese, Thai
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
        out.extend(self._hidden_in_merges(view, {f.link for f in out}))
        confidences = [link.confidence for link in view.links]
        if len(set(confidences)) > 1:
            for k, z in enumerate(robust_z(confidences)):
                c = confidences[k]
                if z <= -self.options["z_confidence"] and c < self.options["max_confidence"]:
                    out.append(self.finding("warning", k, f"aligner confidence {c:.2f} is an outlier here "
                                                          f"(z={z:+.1f})", kind="confidence"))
        return out

    def _hidden_in_merges(self, view: LinkView, flagged: set[int]) -> list[Finding]:
        """A sentence of the larger side of a merged link (2-1, 3-2, …) that the other side does not translate:
        dropping it from the joined text makes the link's two sides MORE alike (cosine up by ``gain_without``),
        where dropping a translated sentence makes them less alike."""
        suspects = [k for k, link in enumerate(view.links)
                    if k not in flagged and link.src and link.tgt and len(link.src) != len(link.tgt)]
        if not suspects:
            return []
        encoder = _encoder(view.src_lang, view.tgt_lang)
        if encoder is None:
            return []
        texts, plan = [], []
        for k in suspects:
            link = view.links[k]
            if len(link.src) > len(link.tgt):
                many, few, side = link.src, link.tgt, "source"
            else:
                many, few, side = link.tgt, link.src, "target"
            sents = view.src_sents if side == "source" else view.tgt_sents
            others = view.tgt_sents if side == "source" else view.src_sents
            start = len(texts)
            texts.append(" ".join(others[i] for i in few))
            texts.append(" ".join(sents[i] for i in many))
            texts.extend(" ".join(sents[i] for i in many if i != left_out) for left_out in many)
            plan.append((k, side, many, sents, start))
        vectors = encoder.encode(texts)
        out = []
        for k, side, many, sents, start in plan:
            other, whole = vectors[start], vectors[start + 1]
            base = float(other @ whole)
            gains = [float(other @ vectors[start + 2 + n]) - base for n in range(len(many))]
            best = max(range(len(many)), key=lambda n: gains[n])
            if gains[best] < self.options["gain_without"]:
                continue
            n = best + 1
            sentence = sents[many[best]]
            what = "not translated" if side == "source" else "not in the source"
            text = view.src_texts[k] if side == "source" else view.tgt_texts[k]
            at = text.find(sentence)
            span = ((at, at + len(sentence)),) if at >= 0 else ()
            out.append(self.finding("warning", k, f"{side} sentence {n} of this {view.links[k].type} link looks "
                                                  f"{what}: the other side matches better without it "
                                                  f"(cosine +{gains[best]:.2f})",
                                    span if side == "source" else (), span if side == "target" else (),
                                    kind="omitted" if side == "source" else "added"))
        return out
