"""A side of several sentences as one text (TMX, XLIFF, TSV, JSONL): Chinese and Japanese get no space between
sentences, and nothing is put between sentences the text itself ran together (corpus.document.JoinedSentences)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from aligner.pipeline import align_documents, load_document
from bitext.cli import cli
from corpus.document import Block, Document, JoinedSentences, Sentence, join_sentences, sentence_separator
from tei.rows import rows

from conftest import SHARED, needs_shared, seed_pair

BIBLE = SHARED / "data" / "alignment" / "bible_en_zh_bertalign" / "001"


def test_the_separator_follows_the_writing_system():
    assert sentence_separator("zh") == sentence_separator("zh-Hant") == sentence_separator("ja") == ""
    # Thai writes words without spaces but ends a sentence with one
    assert sentence_separator("th") == sentence_separator("en") == sentence_separator(None) == " "
    assert join_sentences(["He left.", "She stayed."], "en", [""]) == "He left.She stayed."   # as the text had it
    assert join_sentences(["He left.", "She stayed."], "en", ["\n\n"]) == "He left. She stayed."
    assert join_sentences(["一。", "二。"], "zh", [None]) == "一。二。"


def test_sentences_that_are_not_neighbours_are_joined_by_the_separator():
    text = "One. Two.Three."
    sentences = [Sentence(0, 4, "One."), Sentence(5, 9, "Two."), Sentence(9, 15, "Three.")]
    document = Document(text, "en", [Block("paragraph", 0, len(text), text, sentences)])
    joined = JoinedSentences(document)
    assert joined((0, 1)) == "One. Two."
    assert joined((1, 2)) == "Two.Three."
    assert joined((0, 2)) == "One. Three."     # a link made by hand over sentences 0 and 2: no gap to copy


@needs_shared
def test_a_chinese_side_of_several_sentences_is_written_as_the_text_had_it(tmp_path):
    """Genesis in English against its Chinese (raw text, segmented and aligned by bitext): the Chinese splits
    finer, so many links are 1-2; each such side in TMX, TSV and JSONL is the exact stretch of the Chinese text,
    with no space between its sentences."""
    en = BIBLE.joinpath("en.txt").read_text(encoding="utf-8")[:5000]
    zh = BIBLE.joinpath("zh.txt").read_text(encoding="utf-8")[:1500]
    paths = []
    for lang, text in (("en", en), ("zh", zh)):
        paths.append(tmp_path / f"genesis.{lang}.txt")
        paths[-1].write_text(text + "\n", encoding="utf-8")
    pair = align_documents(load_document(paths[0], "en"), load_document(paths[1], "zh"))
    zh_sentences = [s for _, _, s in pair.tgt.sentences()]
    several = [row for row in rows(pair) if len(row.link.tgt) > 1]
    assert len(several) >= 5
    for row in several:
        first, last = zh_sentences[row.link.tgt[0]], zh_sentences[row.link.tgt[-1]]
        assert row.tgt_text == pair.tgt.text[first.start:last.end]
        assert " " not in row.tgt_text
    english = [row for row in rows(pair) if len(row.link.src) > 1]
    assert all(row.src_text == " ".join(row.src_texts) for row in english)

    result = CliRunner().invoke(cli, ["align", str(paths[0]), str(paths[1]), "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["tgt_text"] for r in records if len(r["tgt"]) > 1} == {row.tgt_text for row in several}
    tmx = tmp_path / "genesis.tmx"
    result = CliRunner().invoke(cli, ["align", str(paths[0]), str(paths[1]), "--format", "tmx", "-o", str(tmx),
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    written = tmx.read_text(encoding="utf-8")
    assert all(f"<seg>{row.tgt_text}</seg>" in written for row in several)


@needs_shared
def test_one_chinese_sentence_a_line_is_joined_without_the_line_breaks(tmp_path):
    """``--segmented`` input puts a line break between sentences; a Chinese side drops it, an English side
    gets a space."""
    paths = []
    for lang in ("en", "zh"):
        lines = BIBLE.joinpath(f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()[:40]
        paths.append(tmp_path / f"{lang}.txt")
        paths[-1].write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", *map(str, paths), "--segmented", "--format", "jsonl", "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    zh = BIBLE.joinpath("sentences_zh.txt").read_text(encoding="utf-8").splitlines()
    en = BIBLE.joinpath("sentences_en.txt").read_text(encoding="utf-8").splitlines()
    several = [r for r in records if len(r["tgt"]) > 1]
    assert several
    for record in several:
        assert record["tgt_text"] == "".join(zh[j] for j in record["tgt"])
    for record in records:
        assert record["src_text"] == " ".join(en[i] for i in record["src"])


def test_the_seed_keeps_its_spaces():
    """English and Russian sides of several sentences read as the article does: a space between sentences."""
    pair = seed_pair()
    several = [row for row in rows(pair) if len(row.link.src) > 1 or len(row.link.tgt) > 1]
    assert several
    for row in several:
        assert row.src_text == " ".join(row.src_texts) and row.tgt_text == " ".join(row.tgt_texts)


@needs_shared
def test_a_hard_wrapped_chinese_side_is_one_tsv_line_without_spaces(tmp_path):
    """Genesis in Chinese wrapped at 30 characters a line against its English: a TSV cell is one line, so a
    line break inside a Chinese sentence goes, with no space put in its place (the TEI and TMX keep it)."""
    import re

    zh = BIBLE.joinpath("zh.txt").read_text(encoding="utf-8")[:1500]
    sentences = re.findall(r"[^。！？]+[。！？]", zh)
    paragraphs = ["".join(sentences[k:k + 8]) for k in range(0, len(sentences), 8)]
    wrapped = "\n\n".join("\n".join(p[k:k + 30] for k in range(0, len(p), 30)) for p in paragraphs) + "\n"
    en = BIBLE.joinpath("en.txt").read_text(encoding="utf-8")[:5000]
    paths = [tmp_path / "genesis.en.txt", tmp_path / "genesis.zh.txt"]
    paths[0].write_text(en + "\n", encoding="utf-8")
    paths[1].write_text(wrapped, encoding="utf-8")
    result = CliRunner().invoke(cli, ["align", *map(str, paths), "--format", "tsv", "--quiet"])
    assert result.exit_code == 0, result.output
    cells = [line.split("\t")[1] for line in result.stdout.splitlines() if line.split("\t")[1]]
    assert "".join(cells) == "".join(sentences)          # every Chinese sentence, in order, nothing added
    assert all(" " not in cell for cell in cells)
