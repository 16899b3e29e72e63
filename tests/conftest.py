"""Shared fixtures for the TEI and format tests: documents built from the shared gold data, random
documents full of odd characters, and tei_all compiled once per session.

The builders are plain functions too, so ``benchmarks/tei_writer.py`` can import them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import re
from pathlib import Path

import pytest

from aligner.model import AlignedPair, Alignment, Link
from corpus.document import Block, Document, Sentence, Source

ROOT = Path(__file__).resolve().parents[1]
# BITEXT_SHARED points elsewhere (e.g. at a missing folder, to check that everything skips cleanly)
SHARED = Path(os.environ.get("BITEXT_SHARED") or ROOT.parent / "shared")
SCHEMAS = SHARED / "schemas"
ALIGNMENT_GOLD = SHARED / "data" / "alignment"
SEEDS = ROOT / "seeds"
FIXED_DATE = "2026-11-29T10:15:00Z"

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (gold data and schemas) is absent")


# ---------------------------------------------------------------- documents from the shared alignment gold
def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Runs of non-blank lines: the gold sets separate paragraphs by blank lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]*\S[^\n]*)*", text) if m.group().strip()]


def gold_document(folder: Path, lang: str, first_is_title: bool) -> Document | None:
    """A Document whose blocks are the set's paragraphs and whose sentences are its gold sentences,
    located in the running text; None when a gold sentence is not found verbatim."""
    text = (folder / f"{lang}.txt").read_text(encoding="utf-8")
    raw = (folder / f"{lang}.txt").read_bytes()
    gold = [line for line in (folder / f"sentences_{lang}.txt").read_text(encoding="utf-8").split("\n") if line]
    blocks = []
    for n, (start, end) in enumerate(_paragraph_spans(text)):
        kind = "title" if n == 0 and first_is_title else "paragraph"
        blocks.append(Block(kind, start, end, text[start:end]))
    position, block_index = 0, 0
    for sentence in gold:
        found = text.find(sentence, position)
        if found < 0:
            return None
        while blocks[block_index].end < found + len(sentence):
            block_index += 1
        blocks[block_index].sentences.append(Sentence(found, found + len(sentence), sentence))
        position = found + len(sentence)
    document = Document(text, lang, blocks,
                        Source(path=str(folder / f"{lang}.txt"), sha256=hashlib.sha256(raw).hexdigest(),
                               encoding="utf-8", size=len(raw)),
                        meta={"note": f"gold document {folder.parent.name}/{folder.name}"})
    document.check()
    return document


def gold_pair(folder: Path) -> AlignedPair | None:
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    l1, l2 = meta["langs"]
    title = meta.get("dataset", "").startswith("wmt21")
    src, tgt = gold_document(folder, l1, title), gold_document(folder, l2, title)
    if src is None or tgt is None:
        return None
    links = []
    for line in (folder / "gold.tsv").read_text(encoding="utf-8").splitlines():
        a, _, b = line.partition("\t")
        side = lambda s: tuple(int(x) for x in s.split(",") if x != "")  # noqa: E731
        links.append(Link(side(a), side(b), confidence=1.0, resp="bitext"))
    n_src = sum(1 for _ in src.sentences())
    n_tgt = sum(1 for _ in tgt.sentences())
    alignment = Alignment(links, n_src, n_tgt, signature={"gold": f"{folder.parent.name}/{folder.name}"})
    try:
        alignment.check()
    except AssertionError:
        return None  # some published gold files skip sentences
    return AlignedPair(src, tgt, alignment, run={"command": f"gold {folder.name}", "date": FIXED_DATE})


def gold_pairs(dataset: str, limit: int | None = None) -> list[AlignedPair]:
    folders = sorted(p for p in (ALIGNMENT_GOLD / dataset).iterdir() if p.is_dir())
    pairs = [pair for pair in (gold_pair(f) for f in folders) if pair is not None]
    return pairs[:limit] if limit else pairs


# ---------------------------------------------------------------- the seed pair
def seed_pair() -> AlignedPair | None:
    """The seed article and its translation as the project's reader and segmenter see them (chrome and
    metadata included), aligned by the hand-made gold in tests/data/seed/gold.tsv; None if not available."""
    en, ru = SEEDS / "sino-russian-entente.en.txt", SEEDS / "sino-russian-entente.ru.txt"
    gold = ROOT / "tests" / "data" / "seed" / "gold.tsv"
    if not (en.is_file() and ru.is_file() and gold.is_file()):
        return None
    try:
        from corpus.readers import read_document
        from corpus.segment import segment_document
    except ImportError:
        return None
    src = segment_document(read_document(en, "en"))
    tgt = segment_document(read_document(ru, "ru"))
    links = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        a, _, b = line.partition("\t")
        links.append(Link(tuple(int(x) for x in a.split(",") if x), tuple(int(x) for x in b.split(",") if x),
                          confidence=0.9, resp="bitext"))
    alignment = Alignment(links, sum(1 for _ in src.sentences()), sum(1 for _ in tgt.sentences()),
                          signature={"tool": "gold", "source": "tests/data/seed/gold.tsv"})
    try:
        alignment.check()
    except AssertionError:
        return None  # the segmenter no longer splits the seed as the gold does
    return AlignedPair(src, tgt, alignment, run={"command": "bitext align seeds/sino-russian-entente.en.txt "
                                                 "seeds/sino-russian-entente.ru.txt --format tei",
                                                 "date": FIXED_DATE})


# ---------------------------------------------------------------- random documents
ODD_TEXT = [
    "plain words", "Ünïcödé", "e\u0301\u0300 combining", "\u05e9\u05dc\u05d5\u05dd RTL \u0645\u0631\u062d\u0628\u0627",
    "emoji \U0001F600\U0001F1F7\U0001F1FA", "ctrl\x07bell", "nul\x00byte", "esc\x1b[0m", "\ufffe\uffff",
    "lone\ud800surrogate", "<tag> & \"quotes\" 'apos' ]]>", "tab\there", "Страте\u00adгия", "zero\u200bwidth",
    "\u2028line sep", "\x85nel", "\r", "пример текста",
]
GAPS = [" ", "  ", "\u00a0", "\n", " \u00a0 ", "\t", "", "\u2009"]
BODY = ["title", "lede", "paragraph", "paragraph", "paragraph", "heading", "list_item", "list_item"]
CHROME = ["rubric", "tagline", "language_switch", "related", "byline"]


def random_document(rng: random.Random, lang: str, n_blocks: int, odd: bool = True) -> Document:
    text, blocks = "", []
    words = ODD_TEXT if odd else ["alpha", "beta", "gamma", "delta", "слово", "текст"]
    for b in range(n_blocks):
        kind = rng.choice(CHROME) if rng.random() < 0.15 else ("title" if b == 0 else rng.choice(BODY[1:]))
        if text:
            text += "\n\n"
        start = len(text)
        lead = rng.choice(["", "", "• ", " "])
        text += lead
        sentences = []
        for s in range(rng.randint(1, 4) if kind not in CHROME else 0):
            if s:
                text += rng.choice(GAPS[:-2]) or " "
            sent = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5))) + rng.choice([".", "!", "?", "…"])
            sentences.append(Sentence(len(text), len(text) + len(sent), sent))
            text += sent
        if kind in CHROME:
            text += " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        text += rng.choice(["", "", " ", "\u00a0"])
        block = Block(kind, start, len(text), text[start:], sentences)
        if kind == "language_switch":
            block.attrs = {"href": "https://example.org/other?a=1&b=2", "lang": "ru"}
        blocks.append(block)
    document = Document(text, lang, blocks, Source(path=f"random.{lang}.txt", sha256="0" * 64, size=len(text)),
                        meta={"title": rng.choice(words), "author": "A. Writer", "date": "2024-02-03",
                              "url": "https://example.org/a b"})
    document.check()
    return document


LINK_SHAPES = [(1, 1)] * 8 + [(1, 2), (2, 1), (1, 0), (0, 1), (2, 2), (3, 1), (1, 3), (2, 0)]


def random_alignment(rng: random.Random, n_src: int, n_tgt: int) -> Alignment:
    links, i, j = [], 0, 0
    while i < n_src or j < n_tgt:
        a, b = rng.choice(LINK_SHAPES)
        a, b = min(a, n_src - i), min(b, n_tgt - j)
        if a == 0 and b == 0:
            continue
        resp = rng.choice(["bitext"] * 5 + ["Anna Ivanova", "rev 2"])
        links.append(Link(tuple(range(i, i + a)), tuple(range(j, j + b)), round(rng.random(), 6), rng.random(), resp))
        i, j = i + a, j + b
    alignment = Alignment(links, n_src, n_tgt, signature={"tool": "bitext", "max_link": "3", "weights": "len=1"})
    alignment.check()
    return alignment


def random_pair(seed: int, n_blocks: int = 12, odd: bool = True, langs=("en", "ru")) -> AlignedPair:
    rng = random.Random(seed)
    src = random_document(rng, langs[0], n_blocks, odd)
    tgt = random_document(rng, langs[1], n_blocks, odd)
    n_src, n_tgt = sum(1 for _ in src.sentences()), sum(1 for _ in tgt.sentences())
    return AlignedPair(src, tgt, random_alignment(rng, n_src, n_tgt),
                       run={"command": "bitext align a.txt b.txt --format tei", "date": FIXED_DATE})


# ---------------------------------------------------------------- every kind of input at once
@functools.cache
def all_inputs() -> list[tuple[str, AlignedPair]]:
    """(name, pair) for every kind of input the tests prove validity on (shared: do not modify them)."""
    cases = []
    if (seed := seed_pair()) is not None:
        cases.append(("seed", seed))
    for dataset, limit in (("wmt21_en_ru", 6), ("parice_en_is", None), ("textberg_de_fr", None)):
        try:
            cases += [(p.alignment.signature["gold"], p) for p in gold_pairs(dataset, limit)]
        except FileNotFoundError:
            pass
    cases += [(f"random:{seed}", random_pair(seed)) for seed in range(12)]
    cases.append(("random-same-language", random_pair(99, langs=("en", "en"))))
    cases.append(("random-rtl-cjk", random_pair(7, langs=("he", "zh-Hant"))))
    cases.append(("empty", empty_pair()))
    for kinds in (("title",), ("title", "lede"), ("list_item", "list_item"), ("heading", "paragraph"),
                  ("lede", "title", "heading")):
        cases.append(("only-" + "-".join(kinds), shaped_pair(kinds)))
    return cases


def shaped_pair(kinds: tuple[str, ...]) -> AlignedPair:
    """A small pair whose body blocks have exactly these kinds (one sentence each, 1-1 links): the edge
    shapes of an article (title alone, a list and nothing else, a heading first, …)."""
    def document(lang: str) -> Document:
        text, blocks = "", []
        for n, kind in enumerate(kinds):
            if text:
                text += "\n\n"
            sentence = f"Block {n} of kind {kind}."
            blocks.append(Block(kind, len(text), len(text) + len(sentence), sentence,
                                [Sentence(len(text), len(text) + len(sentence), sentence)]))
            text += sentence
        return Document(text, lang, blocks)
    links = [Link((i,), (i,)) for i in range(len(kinds))]
    return AlignedPair(document("en"), document("ru"), Alignment(links, len(kinds), len(kinds)), {"date": FIXED_DATE})


def format_inputs(n_real: int = 6, n_random: int = 4) -> list[tuple[str, AlignedPair]]:
    """A mix for the format tests: the first real documents and a few random ones with odd characters."""
    cases = [c for c in all_inputs() if c[0] != "empty"]
    real = [c for c in cases if not c[0].startswith("random")][:n_real]
    return real + [c for c in cases if c[0].startswith("random")][:n_random]


def empty_pair() -> AlignedPair:
    return AlignedPair(Document("", "en"), Document("", "ru"), Alignment([], 0, 0), {"date": FIXED_DATE})


# ---------------------------------------------------------------- schemas, compiled once per session
@pytest.fixture(scope="session")
def tei_all():
    """tei_all.rng compiled once (20–30 s); skips when ../shared is absent."""
    path = SCHEMAS / "tei" / "tei_all.rng"
    if not path.is_file():
        pytest.skip("../shared/schemas/tei/tei_all.rng is absent")
    from lxml import etree
    return etree.RelaxNG(etree.parse(str(path)))


@pytest.fixture(scope="session")
def schematron():
    """The project's Schematron rules (XSLT 2 compilation) run with saxonche; returns check(path) -> [messages]."""
    xsl = SCHEMAS / "project" / "bitext-rules.sch.xsl"
    if not xsl.is_file():
        pytest.skip("../shared/schemas/project/bitext-rules.sch.xsl is absent")
    saxonche = pytest.importorskip("saxonche")
    processor = saxonche.PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(xsl))

    def check(path) -> list[str]:
        from lxml import etree
        report = executable.transform_to_string(source_file=str(path))
        svrl = etree.fromstring(report.encode("utf-8"))
        ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
        return [" ".join(f.xpath("string(svrl:text)", namespaces=ns).split()) + " @ " + f.get("location", "")
                for f in svrl.xpath("//svrl:failed-assert | //svrl:successful-report", namespaces=ns)]

    return check
