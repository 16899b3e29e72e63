"""Surface slips: doubled words ("the the", «в в»), brackets and quotes that the target leaves unbalanced
where the source does not, and a question in the source that is not one in the target."""

from __future__ import annotations

import re

from .base import Check, Finding, LinkView

DOUBLED = re.compile(r"\b([^\W\d_]+)(\s+)\1\b", re.IGNORECASE)
PAIRS = (("(", ")"), ("[", "]"), ("{", "}"), ("«", "»"), ("“", "”"), ("„", "“"))
QUESTION = re.compile(r"[?？¿;]\W*$")    # ; is the Greek question mark
# Doubled words that are language, not slips ("that that", "had had", "что что", "так так" are rare but real).
ALLOWED_DOUBLES = frozenset({"that", "had", "is", "bye", "ha", "no", "very", "so", "far", "more", "again",
                             "many", "knock", "yes", "well", "little", "long", "out", "over", "round",
                             "да", "нет", "так", "ну", "очень", "еле", "чуть", "едва", "давно", "всё", "все",
                             "ха", "ой", "тук", "кто", "что", "где", "когда"})


def unbalanced(text: str) -> list[str]:
    """The bracket and quote kinds whose opening and closing counts differ, and an odd count of ``"``."""
    out = []
    for a, b in PAIRS:
        if a == "“" and "„" in text:
            continue          # German/Russian „…“ uses “ as the closing mark
        if a == "„" and "„" not in text:
            continue          # ... and without „ the “ is English's opening mark, paired with ” above
        if text.count(a) != text.count(b):
            out.append(a + b)
    if text.count('"') % 2:
        out.append('"')
    return out


class Typography(Check):
    name = "typography"
    description = "doubled words, unbalanced brackets or quotes, a source question not asked in the target"
    defaults = {}

    def run(self, view: LinkView) -> list[Finding]:
        out: list[Finding] = []
        for k, link in enumerate(view.links):
            src, tgt = view.src_texts[k], view.tgt_texts[k]
            if not link.tgt:
                continue
            src_doubles = {m.group(1).lower() for m in DOUBLED.finditer(src)}
            for m in DOUBLED.finditer(tgt):
                word = m.group(1).lower()
                if word in ALLOWED_DOUBLES or word in src_doubles:
                    continue
                out.append(self.finding("warning", k, f"doubled word {m.group(0)!r}", (), [(m.start(), m.end())],
                                        kind="doubled"))
            if not link.src:
                continue
            src_bad = set(unbalanced(src))
            for kind in unbalanced(tgt):
                # Quotes that open in one sentence and close in the next are unbalanced on both sides alike;
                # a straight quote may be rendered as «» and vice versa.
                if kind in src_bad or (kind in ('"', "«»", "“”", "„“") and src_bad & {'"', "«»", "“”", "„“"}):
                    continue
                out.append(self.finding("note" if kind in ('"', "“”", "„“", "«»") else "warning", k,
                                        f"unbalanced {kind} in the target (balanced in the source)",
                                        kind="brackets"))
            if QUESTION.search(src.rstrip()) and "?" not in tgt and "？" not in tgt:
                out.append(self.finding("warning", k, "the source asks a question, the target does not",
                                        [(len(src.rstrip()) - 1, len(src.rstrip()))], kind="question"))
        return out
