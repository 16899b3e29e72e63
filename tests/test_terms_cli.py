"""``bitext terms``: export, mark, check, extract; bad input is one line on stderr, exit 2, no output file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli
from corpus.terminology import STARTER_GLOSSARY, load_glossary

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed"
BAD = ROOT / "tests" / "data" / "terms" / "bad"
ALIGNED = [str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"), "--links", str(SEED / "gold.tsv")]


def run(*args: str):
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:          # click >= 8.2 keeps stderr apart already
        runner = CliRunner()
    return runner.invoke(cli, ["terms", *args], catch_exceptions=False)


@pytest.mark.parametrize("fmt, suffix", [("tbx3", "tbx"), ("tbx2", "tbx"), ("csv", "csv")])
def test_export_writes_a_file_that_reads_back(tmp_path, fmt, suffix):
    out = tmp_path / f"terms.{suffix}"
    result = run("export", str(STARTER_GLOSSARY), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert load_glossary(out) == load_glossary(STARTER_GLOSSARY)


def test_export_to_stdout_is_tbx3_by_default():
    result = run("export", str(STARTER_GLOSSARY))
    assert result.exit_code == 0
    assert 'xmlns="urn:iso:std:iso:30042:ed-2"' in result.stdout and 'style="dca"' in result.stdout


@pytest.mark.parametrize("name", ["empty_variant.csv", "entity.tbx", "malformed.tbx", "no_language_column.csv"])
def test_bad_glossary_is_one_line_exit_2_and_nothing_written(tmp_path, name):
    out = tmp_path / "out.tbx"
    result = run("export", str(BAD / name), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"bitext: {BAD / name}: ")
    assert "Traceback" not in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_check_with_a_bad_glossary_writes_nothing(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", *ALIGNED, "--glossary", str(BAD / "conflicting_status.csv"), "--format", "json",
                 "-o", str(out))
    assert result.exit_code == 2 and "line 3" in result.stderr and not out.exists()


def test_mark_lists_terms_with_offsets_into_the_file():
    seed = ROOT / "seeds" / "sino-russian-entente.ru.txt"
    result = run("mark", str(seed), "--format", "jsonl")
    assert result.exit_code == 0
    text = seed.read_text(encoding="utf-8")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) >= 50
    assert all(text[r["start"]:r["end"]] == r["surface"] for r in records)
    assert {"concept_id": "early_warning_system", "surface": "СПРН"}.items() <= next(
        r for r in records if r["surface"] == "СПРН").items()


def test_mark_refuses_a_language_the_glossary_lacks(tmp_path):
    german = tmp_path / "de.txt"
    german.write_text("Die strategische Allianz zwischen Moskau und Peking ist kein Bündnis.\n", encoding="utf-8")
    result = run("mark", str(german), "--lang", "de")
    assert result.exit_code == 2 and "language 'de'" in result.stderr


def test_check_table_and_json(tmp_path):
    table = run("check", *ALIGNED)
    assert table.exit_code == 0
    assert "status_quo_power" in table.stdout and table.stdout.rstrip().endswith("notes")
    assert "70 links" in table.stdout
    out = tmp_path / "report.json"
    result = run("check", *ALIGNED, "--format", "json", "-o", str(out))
    assert result.exit_code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["summary"]["error"] == 0 and report["links_checked"] == 70


def test_check_fail_on_warning_exits_1():
    assert run("check", *ALIGNED, "--fail-on", "warning").exit_code == 1
    assert run("check", *ALIGNED, "--fail-on", "error").exit_code == 0


def test_check_rejects_links_beyond_the_sentences(tmp_path):
    links = tmp_path / "links.tsv"
    links.write_text("0\t0\n1,2\t500\n", encoding="utf-8")
    result = run("check", str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"), "--links", str(links))
    assert result.exit_code == 2 and "link 2: target index 500" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tbx3", "tbx2"])
def test_extract_writes_an_editable_glossary(tmp_path, fmt):
    out = tmp_path / f"candidates.{'csv' if fmt == 'csv' else 'tbx'}"
    result = run("extract", *ALIGNED, "--format", fmt, "--top", "15", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    glossary = load_glossary(out)
    labels = {c.label("en"): c.label("ru") for c in glossary}
    assert labels["strategic partnership"] == "стратегическое партнёрство"


def test_check_and_extract_read_an_aligned_tei_file(tmp_path):
    from conftest import seed_pair
    import tei

    pair = seed_pair()
    if pair is None:
        pytest.skip("the seed pair or its reader/segmenter is not available")
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    result = run("check", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    from_tei = json.loads(result.stdout)
    from_files = json.loads(run("check", *ALIGNED, "--format", "json").stdout)
    # The TEI holds the body as the segmenter cut it; the findings are about the same terms.
    assert from_tei["links_checked"] == len(pair.alignment.links)
    assert {(f["kind"], f["concept_id"]) for f in from_tei["findings"]} == {
        (f["kind"], f["concept_id"]) for f in from_files["findings"]}
    extracted = run("extract", str(path), "--top", "15")
    assert extracted.exit_code == 0 and "стратегический альянс" in extracted.stdout


def test_aligned_input_needs_links_with_two_files_and_none_with_tei(tmp_path):
    result = run("check", str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"))
    assert result.exit_code == 2 and "--links" in result.stderr
    tei_path = tmp_path / "x.tei.xml"
    tei_path.write_text("<TEI/>", encoding="utf-8")
    result = run("check", str(tei_path), "--links", str(SEED / "gold.tsv"))
    assert result.exit_code == 2 and "--links" in result.stderr
