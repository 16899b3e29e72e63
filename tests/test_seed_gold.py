"""The hand-made seed gold (tests/data/seed/) must stay true to the seed texts (seeds/).

These tests check the gold's own consistency, not any segmenter or aligner: if a seed file is edited (or
replaced by the original article) without redoing the gold, they fail and say where.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from corpus.document import CHROME_KINDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "seed"
LANGS = ("en", "ru")


def read(path: Path) -> str:
    data = path.read_bytes()
    # newline="" semantics: we want the bytes' own line endings, so decode by hand.
    return data.decode("utf-8")


def seed_text(lang: str) -> str:
    return read(SEEDS / f"sino-russian-entente.{lang}.txt")


def gold_sentences(lang: str) -> list[str]:
    return read(GOLD / f"sentences_{lang}.txt").split("\n")[:-1]


def gold_blocks(lang: str) -> list[str]:
    text = read(GOLD / f"{lang}.txt")
    assert text.endswith("\n") and not text.endswith("\n\n")
    return text[:-1].split("\n\n")


def paragraphs() -> dict[str, list[dict]]:
    return json.loads(read(GOLD / "paragraphs.json"))


def parse_links(text: str) -> list[tuple[list[int], list[int]]]:
    links = []
    for line in text.split("\n")[:-1]:
        left, right = line.split("\t")
        side = lambda s: [int(i) for i in s.split(",")] if s else []  # noqa: E731
        links.append((side(left), side(right)))
    return links


def gold_links() -> list[tuple[list[int], list[int]]]:
    return parse_links(read(GOLD / "gold.tsv"))


def coverage_problems(links, n_src: int, n_tgt: int) -> list[str]:
    """Each side's indices, read link by link, must be 0..n-1 exactly once and in order; no empty link."""
    problems = []
    for name, side, n in (("source", 0, n_src), ("target", 1, n_tgt)):
        seen = [i for link in links for i in link[side]]
        if seen != list(range(n)):
            problems.append(f"{name} side is not 0..{n - 1} once each in order")
    if any(not link[0] and not link[1] for link in links):
        problems.append("a link with two empty sides")
    return problems


def block_of(index: int, blocks: list[dict]) -> int:
    for b, block in enumerate(blocks):
        first, last = block["sentences"]
        if first <= index <= last:
            return b
    raise AssertionError(f"sentence {index} is in no block")


def link_type(link) -> str:
    return f"{len(link[0])}-{len(link[1])}"


def find_in_order(haystack: str, needles: list[str]) -> list[int]:
    """Start offset of each needle, searched left to right; a needle not found raises."""
    pos, starts = 0, []
    for needle in needles:
        at = haystack.find(needle, pos)
        assert at >= 0, f"not found (in order) after offset {pos}: {needle!r}"
        starts.append(at)
        pos = at + len(needle)
    return starts


def english_body() -> str:
    return "\n\n".join(gold_blocks("en")[2:])


# --- the files themselves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [SEEDS / f"sino-russian-entente.{lang}.txt" for lang in LANGS]
    + [GOLD / name for name in ("en.txt", "ru.txt", "sentences_en.txt", "sentences_ru.txt", "gold.tsv",
                                "chrome_en.tsv", "chrome_ru.tsv")],
    ids=lambda p: p.name,
)
def test_files_are_utf8_with_lf_and_final_newline(path):
    text = read(path)
    assert "\r" not in text
    assert text.endswith("\n")
    assert "\ufeff" not in text


def test_seed_keeps_web_typography():
    en = seed_text("en")
    assert "\u00a0" in en, "a web page's non-breaking spaces are part of the seed"
    for char in "’“”‘—–":
        assert char in en, char
    assert '"' not in en and "'" not in en, "only typographic quotes and apostrophes"
    ru = seed_text("ru")
    assert "\u00a0" in ru
    assert '"' not in ru and "”" not in ru, "Russian quotes are «» and „“ only"


def test_seed_metadata():
    en = json.loads(read(SEEDS / "sino-russian-entente.en.meta.json"))
    ru = json.loads(read(SEEDS / "sino-russian-entente.ru.meta.json"))
    keys = {"title", "author", "publisher", "language", "date", "url", "licence", "counterpart", "note"}
    assert keys <= en.keys() and keys | {"translator"} <= ru.keys()
    assert (en["language"], ru["language"]) == LANGS
    assert (SEEDS / en["counterpart"]).is_file() and (SEEDS / ru["counterpart"]).is_file()
    assert en["counterpart"].endswith(".ru.txt") and ru["counterpart"].endswith(".en.txt")
    assert en["title"] == gold_sentences("en")[0] and ru["title"] == gold_sentences("ru")[0]
    # The stand-in must never pose as the original.
    assert en["stands_in_for"]["author"] == "Michael Kofman" and en["stands_in_for"]["publisher"] == "Riddle"
    assert "Kofman" not in en["author"].replace("stand-in for Michael Kofman", "")
    assert "stand-in" in en["note"].lower() and "byte for byte" in en["note"]
    assert "not the publisher" in ru["note"].lower()


# --- blocks and sentences ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_gold_blocks_are_whole_paragraphs_of_the_seed_in_order(lang):
    seed_paragraphs = seed_text(lang)[:-1].split("\n\n")
    blocks = gold_blocks(lang)
    positions = [seed_paragraphs.index(block) for block in blocks]
    assert positions == sorted(positions)
    # title, then (after the byline) the lede and the body paragraphs with nothing in between
    assert positions[1:] == list(range(positions[1], positions[1] + len(blocks) - 1))
    assert len(blocks) == 13


@pytest.mark.parametrize("lang", LANGS)
def test_gold_sentences_are_exact_pieces_of_their_blocks(lang):
    sentences = gold_sentences(lang)
    blocks = gold_blocks(lang)
    ranges = paragraphs()[lang]
    assert [r["kind"] for r in ranges] == ["title", "lede"] + ["paragraph"] * 11
    assert ranges[0]["sentences"][0] == 0 and ranges[-1]["sentences"][1] == len(sentences) - 1
    for previous, current in zip(ranges, ranges[1:]):
        assert current["sentences"][0] == previous["sentences"][1] + 1
    for block, span in zip(blocks, ranges, strict=True):
        first, last = span["sentences"]
        pieces = sentences[first:last + 1]
        starts = find_in_order(block, pieces)
        assert starts[0] == 0 and starts[-1] + len(pieces[-1]) == len(block)
        for piece, start, next_start in zip(pieces, starts, starts[1:]):
            gap = block[start + len(piece):next_start]
            assert gap and not gap.strip(), f"{gap!r} between sentences"
        for piece in pieces:
            assert piece == piece.strip() and "\n" not in piece
    # and in the seed file itself, in order
    find_in_order(seed_text(lang), sentences)


def test_english_counts():
    ranges = paragraphs()["en"]
    body = [r for r in ranges if r["kind"] == "paragraph"]
    assert len(body) == 11
    assert sum(r["sentences"][1] - r["sentences"][0] + 1 for r in body) == 72
    assert ranges[0]["sentences"] == [0, 0], "the title is one sentence"


def test_russian_has_the_same_blocks():
    assert [r["kind"] for r in paragraphs()["ru"]] == [r["kind"] for r in paragraphs()["en"]]


@pytest.mark.parametrize(
    "term, count",
    [("strategic alliance", 3), ("strategic partnership", 2), ("military alliance", 5), ("entente", 4)],
)
def test_english_body_term_counts(term, count):
    assert len(re.findall(rf"\b{term}\b", english_body(), flags=re.IGNORECASE)) == count


@pytest.mark.parametrize(
    "term",
    ["non-aggression pact", "early warning system", "nuclear deterrence", "great power competition",
     "Asia-Pacific", "status quo power", "revisionist", "interoperability", "deconfliction"],
)
def test_english_body_has_glossary_terms(term):
    assert term in english_body()


def test_english_segmentation_hard_cases_are_present():
    sentences = gold_sentences("en")
    body = english_body()
    assert body.count("U.S.") >= 4
    assert any(s.endswith("the U.S.") for s in sentences), "U.S. ending a sentence"
    assert any(s.endswith("‘strategic alliance.’") for s in sentences), "stop inside a closing single quote"
    assert any(s.endswith(".”") for s in sentences)
    assert re.search(r"\b[A-Z][a-z]+ [A-Z]\. [A-Z][a-z]+", body), "a name with an initial"
    for needle in ("e.g.", "i.e.", "Vostok-2018", "2014-2015", "1,000", "$2.5\u00a0billion", "%", "1980s", "…", "—",
                   "("):
        assert needle in body, needle
    assert any(s.endswith("?") for s in sentences[3:]), "a question in the body"


def test_russian_conventions():
    ru = "\n\n".join(gold_blocks("ru"))
    assert "«" in ru and "»" in ru and "„" in ru and "“" in ru
    for needle in ("США", "АТР", "«Восток-2018»", "2014–2015 гг.", "т. е.", "т. д.", "тыс.", "млрд"):
        assert needle in ru, needle
    assert "U.S." not in ru and "2014-2015" not in ru
    assert re.search(r"\b[А-ЯЁ]\.[\s\u00a0][А-ЯЁ]\.[\s\u00a0][А-ЯЁ][а-яё]+", ru), "initials before a surname"
    notes = re.findall(r"\[Прим\. пер\.:[^\]]+\]", ru)
    assert len(notes) == 1 and ru.count("[") == 1 and ru.count("]") == 1


# --- alignment ---------------------------------------------------------------------------------------------


def test_gold_alignment_covers_both_sides_once_in_order():
    links = gold_links()
    assert coverage_problems(links, len(gold_sentences("en")), len(gold_sentences("ru"))) == []


def test_coverage_check_catches_broken_gold():
    links = gold_links()
    n_en, n_ru = len(gold_sentences("en")), len(gold_sentences("ru"))
    swapped = [links[1], links[0]] + links[2:]
    dropped = links[:5] + links[6:]
    doubled = links + [links[-1]]
    for broken in (swapped, dropped, doubled, links + [([], [])]):
        assert coverage_problems(broken, n_en, n_ru)


def test_gold_links_stay_within_blocks():
    blocks = paragraphs()
    for en_side, ru_side in gold_links():
        en_blocks = {block_of(i, blocks["en"]) for i in en_side}
        ru_blocks = {block_of(i, blocks["ru"]) for i in ru_side}
        assert len(en_blocks | ru_blocks) == 1, (en_side, ru_side)


def test_gold_has_merges_splits_and_the_note_as_0_1():
    links = gold_links()
    types = [link_type(link) for link in links]
    assert types.count("2-1") >= 3 and types.count("1-2") >= 3
    assert set(types) <= {"1-1", "2-1", "1-2", "0-1"}
    ru = gold_sentences("ru")
    zero_one = [link for link in links if link_type(link) == "0-1"]
    assert [ru[link[1][0]] for link in zero_one] == [s for s in ru if s.startswith("[Прим. пер.:")]
    assert ru[zero_one[0][1][0]].endswith("]")


def test_meta_agrees_with_the_files():
    meta = json.loads(read(GOLD / "meta.json"))
    links = gold_links()
    types: dict[str, int] = {}
    for link in links:
        types[link_type(link)] = types.get(link_type(link), 0) + 1
    assert meta["link_types"] == types and meta["n_links"] == len(links)
    for lang in LANGS:
        assert meta["n_units"][lang] == len(gold_sentences(lang))
        assert meta["paragraph_unit_ranges"][lang] == [[r["sentences"][0], r["sentences"][1] + 1]
                                                       for r in paragraphs()[lang]]
        source = meta["sources"][lang]
        digest = hashlib.sha256((ROOT / source["path"]).read_bytes()).hexdigest()
        assert digest == source["sha256"], f"{source['path']} changed: redo the gold in {GOLD}"
    assert [[m["en"], m["ru"]] for m in meta["merges_2_1"]] == [list(link) for link in links
                                                                  if link_type(link) == "2-1"]
    assert [[m["en"], m["ru"]] for m in meta["splits_1_2"]] == [list(link) for link in links
                                                                  if link_type(link) == "1-2"]
    assert gold_sentences("ru")[meta["translator_note"]["ru"]] == meta["translator_note"]["text"]


# --- chrome --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_chrome_and_body_partition_the_seed_lines(lang):
    rows = [line.split("\t") for line in read(GOLD / f"chrome_{lang}.tsv").split("\n")[:-1]]
    assert all(len(row) == 2 and row[0] in CHROME_KINDS and row[1] for row in rows)
    kinds = [kind for kind, _ in rows]
    assert kinds[:3] == ["rubric", "tagline", "language_switch"] and kinds[-1] == "navigation"
    assert "appeal" in kinds and kinds.count("related") >= 6
    seed_lines = [line for line in seed_text(lang).split("\n") if line]
    body_lines = [line for block in gold_blocks(lang) for line in block.split("\n")]
    chrome_lines = [text for _, text in rows]
    # every non-empty seed line is either a body block or a chrome line, each once, in seed order
    assert sorted(seed_lines) == sorted(body_lines + chrome_lines)
    assert [line for line in seed_lines if line in set(chrome_lines)] == chrome_lines
    assert seed_lines.index(gold_blocks(lang)[0]) == 3, "the title follows rubric, tag line and language switch"
