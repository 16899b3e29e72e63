"""``bitext segment``: output formats, offsets, atomic output, and one-line errors for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli
from corpus.readers import read_document
from corpus.segment import segment_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "sino-russian-entente.{}.txt"
SEED_HTML = ROOT / "tests" / "data" / "readers" / "sino-russian-entente.{}.html"
GOLD = ROOT / "tests" / "data" / "seed"


def seed(lang: str) -> Path:
    path = Path(str(SEED).format(lang))
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["segment", *args], catch_exceptions=False)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_lines_are_the_body_sentences_grouped_by_block(lang):
    result = run(str(seed(lang)))
    assert result.exit_code == 0, result.stderr
    doc = segment_document(read_document(seed(lang)))
    groups = result.stdout.rstrip("\n").split("\n\n")
    gold_blocks = [b for b in (GOLD / f"{lang}.txt").read_text(encoding="utf-8").split("\n\n") if b.strip()]
    assert len(groups) == len(doc.body_blocks()) == len(gold_blocks)
    assert groups == ["\n".join(s.text for s in b.sentences) for b in doc.body_blocks()]
    # Sentences put back together give the gold blocks (the space between sentences is the only loss).
    for group, block in zip(groups, gold_blocks):
        assert "".join(group.split()) == "".join(block.split())
    # No chrome in body-only output.
    for kind, text in (line.split("\t", 1) for line in (GOLD / f"chrome_{lang}.tsv").read_text(encoding="utf-8").splitlines()):
        assert text not in result.stdout.split("\n")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_jsonl_offsets_point_into_the_decoded_input(lang, tmp_path):
    # cp1251 with CRLF: offsets count characters of the decoded text with line endings normalised.
    path = tmp_path / f"seed.{lang}.txt"
    text = seed(lang).read_text(encoding="utf-8")
    path.write_bytes(text.replace("\n", "\r\n").encode("cp1251"))
    result = run(str(path), "--format", "jsonl", "--lang", lang)
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["sentence"] for r in records] == list(range(len(records)))
    for record in records:
        assert text[record["start"]:record["end"]] == record["text"]
        assert set(record) == {"sentence", "block", "kind", "start", "end", "text"}
    kinds = [r["kind"] for r in records]
    assert kinds[0] == "title" and kinds[1] == "lede" and set(kinds) == {"title", "lede", "paragraph"}
    blocks = [r["block"] for r in records]
    assert blocks == sorted(blocks)


def test_all_segments_chrome_too():
    body = [json.loads(l) for l in run(str(seed("en")), "--format", "jsonl").stdout.splitlines()]
    everything = [json.loads(l) for l in run(str(seed("en")), "--format", "jsonl", "--all").stdout.splitlines()]
    chrome = [r for r in everything if r["kind"] not in ("title", "lede", "paragraph")]
    assert {r["kind"] for r in chrome} == {"rubric", "tagline", "language_switch", "byline", "related", "appeal",
                                          "navigation"}
    def key(r):
        return r["block"], r["kind"], r["start"], r["end"], r["text"]

    assert [key(r) for r in everything if r["kind"] in ("title", "lede", "paragraph")] == [key(r) for r in body]


def test_html_input_offsets_refer_to_extracted_text():
    path = Path(str(SEED_HTML).format("ru"))
    doc = read_document(path)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(doc.text[r["start"]:r["end"]] == r["text"] for r in records)


def test_output_file_is_written_whole(tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(str(seed("ru")), "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == run(str(seed("ru")), "--format", "jsonl").stdout
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]   # no temporary file left


def test_output_may_not_overwrite_the_input(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("A sentence here. Another one.\n", encoding="utf-8")
    result = run(str(path), "-o", str(path))
    assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == "A sentence here. Another one.\n"


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    (tmp_path / "latin1.txt").write_bytes("Le café crème à la française, déjà vu.\n".encode("latin-1"))
    (tmp_path / "folder").mkdir()
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path / "folder", "is a directory"),
        "empty": (tmp_path / "empty.txt", "file is empty"),
        "binary": (tmp_path / "binary.txt", "binary data"),
        "undecodable": (tmp_path / "latin1.txt", "undecodable bytes"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "undecodable"])
def test_bad_input_is_one_line_exit_2_no_output(case, tmp_path):
    path, problem = bad_inputs(tmp_path)[case]
    out = tmp_path / "out.txt"
    result = CliRunner().invoke(cli, ["segment", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"bitext: {path}: ") and problem in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.txt")]


def test_bad_options_are_one_line_too(tmp_path):
    result = CliRunner().invoke(cli, ["segment", str(seed("en")), "--lang", "english please"])
    assert result.exit_code == 2 and result.stderr.startswith("bitext: --lang: ")
    result = CliRunner().invoke(cli, ["segment", str(seed("en")), "-o", str(tmp_path / "no" / "dir.txt")])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr


def test_help_has_an_example():
    result = run("--help")
    assert result.exit_code == 0
    assert "bitext segment seeds/" in result.stdout and "--body-only / --all" in result.stdout


def test_through_a_real_process(tmp_path):
    """The installed entry point (``pip install -e .``), as a user runs it."""
    exe = Path(sys.executable).parent / "bitext"
    if not exe.exists():
        pytest.skip(f"{exe} is not installed; run `pip install -e .`")
    good = subprocess.run([str(exe), "segment", str(seed("en")), "--format", "jsonl"],
                          capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and good.stderr == ""
    assert json.loads(good.stdout.splitlines()[0])["kind"] == "title"
    for path, problem in bad_inputs(tmp_path).values():
        out = tmp_path / "out.txt"
        bad = subprocess.run([str(exe), "segment", str(path), "-o", str(out)], capture_output=True, text=True,
                             timeout=120)
        assert bad.returncode == 2, bad.stderr
        assert bad.stderr == f"bitext: {path}: {bad.stderr.split(': ', 2)[2]}" and problem in bad.stderr
        assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr
        assert bad.stdout == "" and not out.exists()


def test_click_usage_errors_are_one_line(tmp_path):
    """A directory where a file is due, a missing argument, a bad choice: one line naming the problem, exit 2."""
    from click.testing import CliRunner

    from bitext.cli import cli

    runner = CliRunner()
    for args in (["export", str(tmp_path), "--format", "tmx"], ["segment"],
                 ["segment", "seeds/sino-russian-entente.en.txt", "--format", "xx"]):
        result = runner.invoke(cli, args, prog_name="bitext")
        assert result.exit_code == 2, args
        lines = [line for line in (result.stderr if hasattr(result, "stderr") else result.output).splitlines() if line]
        assert len(lines) == 1 and lines[0].startswith("bitext "), (args, lines)
        assert "Traceback" not in result.output
