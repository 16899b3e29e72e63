"""``bitext export`` and ``bitext import-review`` from the command line: outputs, stdout, errors (one line,
exit 2, no partial output)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree

import tei
from bitext.cli import cli

from conftest import needs_shared, random_pair, seed_pair

NS = "urn:oasis:names:tc:xliff:document:2.0"


@pytest.fixture()
def tei_file(tmp_path):
    path = tmp_path / "pair.tei.xml"
    tei.write(path, seed_pair() or random_pair(1, odd=False))
    return path


@pytest.mark.parametrize("fmt", ["tei", "tmx", "xliff", "cesalign", "tsv", "jsonl", "html-xslt"])
def test_export_to_file_and_stdout(fmt, tei_file, tmp_path):
    runner = CliRunner()
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(cli, ["export", str(tei_file), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    to_stdout = runner.invoke(cli, ["export", str(tei_file), "--format", fmt])
    assert to_stdout.exit_code == 0
    assert to_stdout.stdout_bytes == out.read_bytes()
    if fmt == "tei":
        assert out.read_bytes() == tei_file.read_bytes()  # TEI → TEI is the identity


def test_export_vertical_needs_an_output(tei_file, tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["export", str(tei_file), "--format", "vertical"])
    assert result.exit_code == 2 and "bitext: --format vertical" in result.output
    result = runner.invoke(cli, ["export", str(tei_file), "--format", "vertical", "-o", str(tmp_path / "p.align")])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("p.")) == \
        ["p.align", f"p.{tei.read(tei_file).src.lang}.vert", f"p.{tei.read(tei_file).tgt.lang}.vert"]


def test_export_metadata_options(tei_file, tmp_path):
    out = tmp_path / "titled.tei.xml"
    result = CliRunner().invoke(cli, ["export", str(tei_file), "--format", "tei", "-o", str(out),
                                      "--title", "A new title", "--translator", "Someone"])
    assert result.exit_code == 0
    pair = tei.read(out)
    assert pair.src.meta["title"] == "A new title" and pair.tgt.meta["translator"] == "Someone"


def test_export_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.tei.xml"
    bad.write_text("<TEI", encoding="utf-8")
    out = tmp_path / "out.tmx"
    result = CliRunner().invoke(cli, ["export", str(bad), "--format", "tmx", "-o", str(out)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith(f"bitext: {bad}: ")
    assert not out.exists()


def test_export_refuses_to_overwrite_its_input(tei_file):
    result = CliRunner().invoke(cli, ["export", str(tei_file), "--format", "tei", "-o", str(tei_file)])
    assert result.exit_code == 2 and "also an input" in result.output


def test_import_review_updates_the_tei_in_place(tei_file, tmp_path):
    runner = CliRunner()
    xlf = tmp_path / "review.xlf"
    assert runner.invoke(cli, ["export", str(tei_file), "--format", "xliff", "-o", str(xlf)]).exit_code == 0
    tree = etree.parse(str(xlf))
    for segment in tree.getroot().iter(f"{{{NS}}}segment"):
        segment.set("state", "reviewed")
    tree.write(str(xlf), encoding="utf-8", xml_declaration=True)
    before = tei.read(tei_file)
    result = runner.invoke(cli, ["import-review", str(xlf), "--tei", str(tei_file), "--reviewer", "Anna Ivanova",
                                 "--date", "2026-11-30T09:00:00Z"])
    assert result.exit_code == 0, result.output
    after = tei.read(tei_file)
    assert all(l.resp == "Anna Ivanova" for l in after.alignment.links)
    assert [(l.src, l.tgt) for l in after.alignment.links] == [(l.src, l.tgt) for l in before.alignment.links]
    assert after.run["revisions"][-1]["when"] == "2026-11-30T09:00:00Z"
    assert len(after.run["revisions"]) == len(before.run["revisions"]) + 1
    result = runner.invoke(cli, ["validate", str(tei_file)])
    assert result.exit_code == 0


def test_import_review_of_a_foreign_file_is_refused(tei_file, tmp_path):
    xlf = tmp_path / "other.xlf"
    xlf.write_text('<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="de" trgLang="fr">'
                   '<file id="f"/></xliff>', encoding="utf-8")
    before = tei_file.read_bytes()
    result = CliRunner().invoke(cli, ["import-review", str(xlf), "--tei", str(tei_file), "--reviewer", "X"])
    assert result.exit_code == 2 and result.output.startswith(f"bitext: {xlf}: ")
    assert tei_file.read_bytes() == before


@pytest.mark.parametrize("fmt", ["tei", "tmx", "xliff"])
def test_bitext_align_writes_through_tei_formats(fmt, tmp_path):
    """The aligner's ``--format tei|tmx|xliff`` goes through tei.formats.write: its files are valid and
    the TEI reads back (real text: the seed pair; no sentence encoder, to stay fast)."""
    from conftest import SEEDS
    if "align" not in cli.commands:
        pytest.skip("bitext align is not available")
    from tei.validate import validate
    out = tmp_path / f"pair.{fmt}"
    result = CliRunner().invoke(cli, ["align", str(SEEDS / "sino-russian-entente.en.txt"),
                                      str(SEEDS / "sino-russian-entente.ru.txt"), "--src-lang", "en",
                                      "--tgt-lang", "ru", "--encoder", "none", "--format", fmt, "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert validate(out)[1] == []
    if fmt == "tei":
        pair = tei.read(out)
        assert pair.alignment.n_src == 75 and pair.src.meta["title"] == "Towards a Sino-Russian entente?"


@needs_shared
def test_bitext_align_tei_is_valid_tei_all_and_schematron(tmp_path, tei_all, schematron):
    from conftest import SEEDS
    if "align" not in cli.commands:
        pytest.skip("bitext align is not available")
    out = tmp_path / "pair.tei.xml"
    result = CliRunner().invoke(cli, ["align", str(SEEDS / "sino-russian-entente.en.txt"),
                                      str(SEEDS / "sino-russian-entente.ru.txt"), "--src-lang", "en",
                                      "--tgt-lang", "ru", "--encoder", "none", "--format", "tei", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert tei_all.validate(etree.parse(str(out))), str(tei_all.error_log.last_error)
    assert schematron(out) == []
