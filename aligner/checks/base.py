"""What every check shares: the ``Finding`` it reports, the ``LinkView`` of the pair it reads, and the small
``Check`` base class (one module per check, as sacrebleu has one file per metric).

A check sees the pair as links: for link k, the source text is its source sentences as one text (a space
between them, none in Chinese and Japanese: ``corpus.document.JoinedSentences``, as TMX and TSV write a side),
and the target text likewise; spans in a finding are offsets into those joined texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from corpus.document import JoinedSentences

from ..model import AlignedPair

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True, slots=True)
class Finding:
    check: str                  # the check's name: "omission", "numbers", …
    severity: str               # error, warning or note
    link: int | None            # index of the link (0-based), None for the whole document
    message: str                # one line
    src_spans: tuple[tuple[int, int], ...] = ()    # offending spans in the link's source text
    tgt_spans: tuple[tuple[int, int], ...] = ()    # … and in its target text
    kind: str = ""              # a finer label inside the check ("changed", "missing", …)

    def to_dict(self, view: "LinkView | None" = None) -> dict:
        out = {"check": self.check, "kind": self.kind, "severity": self.severity, "link": self.link,
               "message": self.message, "src_spans": [list(s) for s in self.src_spans],
               "tgt_spans": [list(s) for s in self.tgt_spans]}
        if view is not None and self.link is not None:
            link = view.links[self.link]
            out["type"] = f"{len(link.src)}-{len(link.tgt)}"
            out["src"] = [i for i in link.src]
            out["tgt"] = [j for j in link.tgt]
            out["src_text"] = view.src_texts[self.link]
            out["tgt_text"] = view.tgt_texts[self.link]
        return out


@dataclass(slots=True)
class LinkView:
    """The pair as the checks read it: per link the joined source and target texts, plus the languages."""

    pair: AlignedPair
    src_lang: str
    tgt_lang: str
    src_sents: list[str] = field(default_factory=list)
    tgt_sents: list[str] = field(default_factory=list)
    src_texts: list[str] = field(default_factory=list)
    tgt_texts: list[str] = field(default_factory=list)
    glossary: object = None     # a corpus.terminology.Glossary, or None

    @classmethod
    def of(cls, pair: AlignedPair, glossary=None) -> "LinkView":
        src, tgt = JoinedSentences(pair.src), JoinedSentences(pair.tgt)
        links = pair.alignment.links
        return cls(pair, pair.src.lang, pair.tgt.lang, src.texts, tgt.texts,
                   [src(link.src) for link in links], [tgt(link.tgt) for link in links], glossary)

    @property
    def links(self):
        return self.pair.alignment.links

    def __len__(self) -> int:
        return len(self.links)


class Check:
    """One check: a ``name``, what it looks for, its default thresholds, and ``run``.

    Thresholds come from ``defaults`` overridden by the ``[check.<name>]`` table of the config file; a
    subclass reads them as ``self.options[...]``.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    defaults: ClassVar[dict] = {}

    def __init__(self, **options):
        unknown = set(options) - set(self.defaults)
        if unknown:
            raise KeyError(f"{self.name}: unknown option(s) {', '.join(sorted(unknown))}; "
                           f"known: {', '.join(sorted(self.defaults)) or 'none'}")
        self.options = {**self.defaults, **options}

    def run(self, view: LinkView) -> list[Finding]:
        raise NotImplementedError

    def finding(self, severity: str, link: int | None, message: str, src_spans=(), tgt_spans=(),
                kind: str = "") -> Finding:
        assert severity in SEVERITIES
        return Finding(self.name, severity, link, message, tuple(src_spans), tuple(tgt_spans), kind)


def robust_z(values: list[float]) -> list[float]:
    """(x - median) / (1.4826 · MAD): how unusual each value is for this document, robust to the outliers
    themselves.  A floor on the MAD keeps a very regular document from flagging tiny deviations."""
    if not values:
        return []
    ordered = sorted(values)
    mid = len(ordered) // 2
    median = ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    deviations = sorted(abs(v - median) for v in values)
    mad = deviations[mid] if len(deviations) % 2 else (deviations[mid - 1] + deviations[mid]) / 2
    scale = max(1.4826 * mad, 0.05)
    return [(v - median) / scale for v in values]
