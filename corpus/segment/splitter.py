"""The segmenter: candidates from one regex, a verdict from the language's rule list, spans out."""

from __future__ import annotations

from dataclasses import dataclass

from .candidates import contexts
from .resources import resources
from .rules import RULES, WEB_TEXT


@dataclass(frozen=True)
class Segmenter:
    name: str      # the rule set and data files: "en", "ru", "de", "el", "fr" or "generic"
    version: int   # bump whenever a rule or data file changes what comes out

    def describe(self) -> str:
        return f"bitext-rules-{self.name}/{self.version}"

    def boundaries(self, text: str):
        """Yield ``(end_of_sentence, start_of_next)`` for every boundary, in order."""
        rules = RULES.get(self.name, RULES["generic"])   # a language with data files only
        data = resources(self.name)
        begin = 0
        for ctx in contexts(text, data, web=self.name in WEB_TEXT):
            ctx.begin = begin
            for rule in rules:
                verdict = rule(ctx)
                if verdict is not None:
                    break
            if not verdict:
                continue
            if ctx.kind == "stop":
                if ctx.left and ctx.stop.startswith(". .") and len(ctx.stop) >= 7:
                    # "compounds. . . . The": the period ends the sentence, the ellipsis opens the next.
                    begin = ctx.start + 2
                    yield ctx.start + 1, begin
                    continue
                yield ctx.start + len(ctx.stop) + len(ctx.close), ctx.end
            elif ctx.kind in ("cjk", "valediction", "greeting"):
                yield ctx.start + len(ctx.stop), ctx.end
            else:
                yield ctx.start, ctx.end
            begin = ctx.end

    def split(self, text: str) -> list[tuple[int, int]]:
        spans = []
        begin = 0
        for end, next_start in self.boundaries(text):
            _add(text, begin, end, spans)
            begin = next_start
        _add(text, begin, len(text), spans)
        return spans


def _add(text: str, begin: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append ``text[begin:end]`` stripped of surrounding whitespace, if anything is left."""
    while begin < end and text[begin].isspace():
        begin += 1
    while end > begin and text[end - 1].isspace():
        end -= 1
    if begin < end:
        spans.append((begin, end))
