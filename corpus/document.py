"""The document model: Document → blocks → sentences, every piece an exact span of ``Document.text``.

``Document.text`` is the decoded input with line endings normalised to ``\\n`` and nothing else changed
(non-breaking spaces, typographic quotes and dashes are kept as they are).  Blocks and sentences never
copy or rewrite text: each carries ``start``/``end`` offsets into ``Document.text`` and its ``text`` is
exactly ``Document.text[start:end]``.  Whatever lies between pieces (blank lines, spaces) is recoverable
from the offsets, so the original can always be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator, Sequence

# Kinds of block that carry the article itself: only these are segmented and aligned by default.
BODY_KINDS = ("title", "lede", "heading", "paragraph", "list_item")
# Kinds of block a reader may recognise as site chrome around the article.
CHROME_KINDS = (
    "rubric",           # section label above the title ("Foreign policy")
    "tagline",          # topic line ("Russia – China")
    "language_switch",  # a link to the other language version ("Читать на русском")
    "byline",           # author / date line
    "related",          # "Read also" teasers, "Top reads" lists
    "appeal",           # donation or subscription appeal
    "navigation",       # "Search", menus, share buttons
    "chrome",           # anything else outside the article
)

# Languages whose writing puts no space between sentences («地是空虚混沌。渊面黑暗。»).  Thai, Lao, Khmer and
# Burmese write words without spaces too, but mark the end of a sentence or phrase with one.
UNSPACED_SENTENCE_LANGS = frozenset({"zh", "ja", "yue", "wuu", "lzh"})


def sentence_separator(lang: str | None) -> str:
    """What goes between two sentences of ``lang`` joined into one text: nothing in Chinese and Japanese, else a
    space."""
    return "" if (lang or "").split("-")[0].lower() in UNSPACED_SENTENCE_LANGS else " "


def join_sentences(texts: Sequence[str], lang: str | None, gaps: Sequence[str | None] | None = None) -> str:
    """The sentences of one side of an n-m link as one text (TMX, XLIFF, TSV and JSONL write a side so).

    ``gaps[k]``, where known (not None), is what lies between sentence k and k+1 in the document: sentences the
    document runs together (no gap at all) stay together, so a Chinese or a run-on text gets no space it never
    had; otherwise a space, a line break or a paragraph break between them becomes the language's
    ``sentence_separator``, which is what a one-line segment of a translation memory needs."""
    separator = sentence_separator(lang)
    out = list(texts[:1])
    for k, text in enumerate(texts[1:]):
        out.append("" if gaps is not None and gaps[k] == "" else separator)
        out.append(text)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Block:
    """A title, lede, heading, paragraph, list item — or a piece of chrome (see ``CHROME_KINDS``)."""

    kind: str
    start: int
    end: int
    text: str
    sentences: list[Sentence] = field(default_factory=list)
    # Extra facts a reader found, e.g. {"href": "...", "lang": "ru"} for a language switch.
    attrs: dict[str, str] = field(default_factory=dict)

    @property
    def is_body(self) -> bool:
        return self.kind in BODY_KINDS

    @property
    def is_chrome(self) -> bool:
        return not self.is_body


@dataclass(slots=True)
class Source:
    """Where a document came from: enough to cite it and to prove which bytes were read."""

    path: str | None = None
    sha256: str | None = None        # of the exact input bytes, before decoding
    encoding: str | None = None      # as detected ("utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r")
    media_type: str = "text/plain"   # or "text/html"
    size: int = 0                    # bytes


@dataclass(slots=True)
class Document:
    text: str
    lang: str
    blocks: list[Block] = field(default_factory=list)
    source: Source = field(default_factory=Source)
    # Bibliographic metadata (title, author, translator, publisher, date, url, licence, note, ...).
    meta: dict[str, str] = field(default_factory=dict)

    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.is_body]

    def chrome_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.is_chrome]

    def sentences(self, body_only: bool = True) -> Iterator[tuple[int, Block, Sentence]]:
        """Yield ``(block_index, block, sentence)`` in document order."""
        for index, block in enumerate(self.blocks):
            if body_only and not block.is_body:
                continue
            for sentence in block.sentences:
                yield index, block, sentence

    @property
    def counterpart(self) -> str | None:
        """The address of the other language version, where a language-switch link gave one."""
        for block in self.blocks:
            if block.kind == "language_switch" and block.attrs.get("href"):
                return block.attrs["href"]
        return None

    def check(self) -> None:
        """Assert the model's invariants (used by tests and after every reader/segmenter run)."""
        last = 0
        for block in self.blocks:
            assert 0 <= last <= block.start <= block.end <= len(self.text), (block.kind, block.start, block.end)
            assert self.text[block.start:block.end] == block.text
            inner = block.start
            for sentence in block.sentences:
                assert inner <= sentence.start < sentence.end <= block.end, (sentence.start, sentence.end)
                assert self.text[sentence.start:sentence.end] == sentence.text
                inner = sentence.end
            last = block.end


class JoinedSentences:
    """A document's body sentences, and any of them as one text: ``joined((4, 5))`` is sentences 4 and 5 with
    what ``join_sentences`` puts between them, judged from the document's own gap there."""

    def __init__(self, document: Document):
        sentences = [s for _, _, s in document.sentences()]
        self.lang = document.lang
        self.texts = [s.text for s in sentences]
        # gaps[k]: the text between sentence k and k + 1
        self.gaps = [document.text[a.end:b.start] for a, b in zip(sentences, sentences[1:])]

    def __call__(self, indices: Sequence[int]) -> str:
        gaps = [self.gaps[i] if b == i + 1 else None for i, b in zip(indices, indices[1:])]
        return join_sentences([self.texts[i] for i in indices], self.lang, gaps)

