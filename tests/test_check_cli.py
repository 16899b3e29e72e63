"""bitext check from the command line: exit codes, table and JSON output, findings written into valid TEI,
TEI input, raw-text input aligned on the way, and one-line errors for bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

import tei
from bitext.cli import cli
from conftest import needs_shared

SEED = "tests/data/seed"
GOLD_ARGS = [f"{SEED}/sentences_en.txt", f"{SEED}/sentences_ru.txt", "--links", f"{SEED}/gold.tsv"]


def run(*args):
    return CliRunner().invoke(cli, ["check", *args])


def test_clean_seed_exits_0_with_a_summary():
    result = run(*GOLD_ARGS)
    assert result.exit_code == 0, result.output
    assert "links checked" in result.output and "0 errors" in result.output
    assert "⟦" in result.output      # spans marked without colour when not on a terminal


def test_json_report_has_both_sentences_and_spans():
    result = run(*GOLD_ARGS, "--format", "json")
    data = json.loads(result.output)
    assert data["summary"]["error"] == 0 and data["links"] == 70
    linked = [f for f in data["findings"] if f["link"] is not None]
    assert linked and all({"src_text", "tgt_text", "severity", "check", "message"} <= set(f) for f in linked)


def test_an_error_exits_1_and_skip_silences_it(tmp_path):
    src = open(f"{SEED}/sentences_en.txt", encoding="utf-8").read().split("\n")
    tgt = open(f"{SEED}/sentences_ru.txt", encoding="utf-8").read().split("\n")
    links = [line.split("\t") for line in open(f"{SEED}/gold.tsv", encoding="utf-8").read().splitlines()]
    s, t = next((int(a), int(b)) for a, b in links[20:] if a.isdigit() and b.isdigit())
    tgt[t] = src[s]
    path = tmp_path / "ru.txt"
    path.write_text("\n".join(tgt), encoding="utf-8")
    args = [f"{SEED}/sentences_en.txt", str(path), "--links", f"{SEED}/gold.tsv"]
    result = run(*args, "--format", "json")
    assert result.exit_code == 1
    assert any(f["check"] == "untranslated" and f["severity"] == "error" for f in json.loads(result.output)["findings"])
    assert run(*args, "--skip", "untranslated,consistency").exit_code == 0


@needs_shared
def test_findings_go_into_valid_tei_and_read_back(tmp_path, tei_all, schematron):
    out = tmp_path / "checked.tei.xml"
    result = run(*GOLD_ARGS, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert tei_all.validate(etree.parse(str(out))), [str(e) for e in tei_all.error_log][:3]
    assert schematron(out) == []
    validated = CliRunner().invoke(cli, ["validate", str(out)])
    assert validated.exit_code == 0, validated.output
    back = tei.read(out)
    notes = back.run["qa"]
    report = json.loads(run(*GOLD_ARGS, "--format", "json").output)
    assert len(notes) == len(report["findings"])
    assert {n.severity for n in notes} <= {"error", "warning", "note"}
    # and the TEI itself can be checked again, with the same findings
    again = json.loads(run(str(out), "--format", "json").output)
    assert [f["message"] for f in again["findings"]] == [f["message"] for f in report["findings"]]


def test_raw_text_is_aligned_first():
    result = run("seeds/sino-russian-entente.en.txt", "seeds/sino-russian-entente.ru.txt", "--encoder", "none",
                 "--format", "json")
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    assert data["links"] > 50 and data["src_lang"] == "en" and data["tgt_lang"] == "ru"


@pytest.mark.parametrize("args, message", [
    (["missing.txt", f"{SEED}/sentences_ru.txt"], "missing.txt: no such file"),
    ([*GOLD_ARGS, "--skip", "spelling"], "unknown check 'spelling'"),
    ([f"{SEED}/sentences_en.txt", f"{SEED}/sentences_en.txt", "--links", f"{SEED}/gold.tsv"], "do not cover"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_config_is_exit_2(tmp_path):
    config = tmp_path / "qa.toml"
    config.write_text("[check.numbers\n", encoding="utf-8")
    result = run(*GOLD_ARGS, "--config", str(config))
    assert result.exit_code == 2 and "not valid TOML" in result.output
