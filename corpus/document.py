"""The document model: Document → blocks → sentences, every piece an exact span of ``Document.text``.

``Document.text`` is the decoded input with line endings normalised to ``\\n`` and nothing else changed
(non-breaking spaces, typographic quotes and dashes are kept as they are).  Blocks and sentences never
copy or rewrite text: each carries ``start``/``end`` offsets into ``Document.text`` and its ``text`` is
exactly ``Document.text[start:end]``.  Whatever lies between pieces (blank lines, spaces) is recoverable
from the offsets, so the original can always be rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

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
