"""``bitext validate`` and its checks: bitext's own TEI RELAX NG and the Python twin of the Schematron rules
agree with tei_all + bitext-rules.sch on good files and catch the same broken ones."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from lxml import etree

from bitext.cli import cli
from tei import formats
from tei.validate import check_tei, validate

from conftest import SHARED, all_inputs, needs_shared, random_pair

INPUTS = all_inputs()
IDS = [name for name, _ in INPUTS]


def _tei(pair) -> str:
    buffer = io.BytesIO()
    formats.FORMATS["tei"].write_to(buffer, pair)
    return buffer.getvalue().decode("utf-8")


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_everything_bitext_writes_is_valid(name, pair, tmp_path):
    for fmt, suffix in (("tei", "tei.xml"), ("tmx", "tmx"), ("xliff", "xlf")):
        path = tmp_path / f"pair.{suffix}"
        formats.write(fmt, path, pair)
        assert validate(path)[1] == [], fmt


def _broken_files():
    """(name, TEI text, what the problem message says) — each breaks one rule."""
    good = _tei(random_pair(5))
    first_link = good[good.index('<link xml:id="al.l1"'):]
    first_link = first_link[:first_link.index("</link>") + len("</link>")]
    return [
        ("dangling pointer", good.replace('target="#en.s1', 'target="#en.s404', 1), "dangling pointer"),
        ("uncovered sentence", good.replace(first_link, "", 1), "must be covered by exactly one"),
        ("three pointers", good.replace(first_link, first_link.replace('target="', 'target="#en.s1 ', 1), 1),
         "exactly two pointers"),
        ("wrong type", good.replace(first_link, first_link.replace(' type="', ' type="9-', 1), 1), "does not match"),
        ("undeclared language", good.replace('<language ident="ru"', '<language ident="uk"', 1), "not declared"),
        ("no application version", good.replace('ident="bitext" version="', 'ident="bitext" n="', 1), "version"),
        ("duplicate id", good.replace('xml:id="en.p2"', 'xml:id="en.p1"', 1), "duplicate xml:id"),
        ("bad cert", good.replace(first_link, first_link.replace(' cert="', ' cert="7', 1), 1), "cert"),
        ("foreign element", good.replace('<p xml:id="en.p1">', '<p xml:id="en.p1"><b>x</b>', 1), "p"),
    ]


@pytest.mark.parametrize("name,text,message", _broken_files(), ids=[b[0] for b in _broken_files()])
def test_broken_files_are_caught_with_a_line_number(name, text, message, tmp_path):
    path = tmp_path / "broken.tei.xml"
    path.write_text(text, encoding="utf-8")
    fmt, problems = validate(path)
    assert fmt == "TEI" and problems
    assert any(message in p for _, p in problems), problems
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:")


@needs_shared
@pytest.mark.parametrize("name,text,message", _broken_files()[:5], ids=[b[0] for b in _broken_files()[:5]])
def test_python_rules_agree_with_the_schematron(name, text, message, schematron, tmp_path):
    path = tmp_path / "broken.tei.xml"
    path.write_text(text, encoding="utf-8")
    assert schematron(path), "the reference Schematron should fail this file too"


@needs_shared
def test_shared_design_examples_are_valid():
    design = SHARED / "design"
    for name in ("tei-aligned-article.example.xml", "tmx.example.tmx", "xliff2.example.xlf", "tbx-v3.example.tbx"):
        assert validate(design / name)[1] == [], name
    for name in ("core_Example_Astronomy_DCA_VALID.tbx", "basic_Example_Astronomy_DCA_VALID.tbx"):
        assert validate(SHARED / "schemas" / "tbx" / name)[1] == [], name


def test_tbx_and_tmx_problems(tmp_path):
    tbx = tmp_path / "bad.tbx"
    tbx.write_text('<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
                   '<tbxHeader><fileDesc/></tbxHeader><text><body><conceptEntry id="c1"><langSec>'
                   '<termSec><term></term></termSec></langSec></conceptEntry></body></text></tbx>', encoding="utf-8")
    problems = [p for _, p in validate(tbx)[1]]
    assert "langSec needs xml:lang" in problems and "termSec needs exactly one non-empty term" in problems
    tmx = tmp_path / "bad.tmx"
    tmx.write_text('<tmx version="1.4"><header creationtool="x"/><body/></tmx>', encoding="utf-8")
    assert validate(tmx)[1]


def test_cli_exit_codes(tmp_path):
    good = tmp_path / "good.tei.xml"
    formats.write("tei", good, random_pair(1))
    junk = tmp_path / "junk.xml"
    junk.write_text("not xml", encoding="utf-8")
    other = tmp_path / "other.xml"
    other.write_text("<html/>", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(good)])
    assert result.exit_code == 0 and "valid TEI" in result.output
    for bad in (junk, other, tmp_path / "missing.xml"):
        result = runner.invoke(cli, ["validate", str(good), str(bad)])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output


def test_compact_schema_is_a_subset_of_tei_all(tei_all):
    """Whatever passes bitext-tei.rng among the inputs also passes tei_all (checked on all inputs above);
    here: the compact schema refuses something tei_all allows but bitext never writes."""
    text = _tei(random_pair(1)).replace('<p xml:id="en.p1">', '<p xml:id="en.p1"><hi>x</hi>', 1)
    tree = etree.ElementTree(etree.fromstring(text.encode("utf-8")))
    assert tei_all.validate(tree)
    assert check_tei(tree)


hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10**6), blocks=st.integers(1, 25),
       langs=st.sampled_from([("en", "ru"), ("de", "fr"), ("en", "en"), ("ar", "he"), ("zh-Hans", "ja")]))
def test_random_pairs_pass_bitexts_own_validation(seed, blocks, langs):
    import tempfile
    from pathlib import Path
    pair = random_pair(seed, n_blocks=blocks, langs=langs)
    with tempfile.TemporaryDirectory() as folder:
        for fmt, name in (("tei", "p.tei.xml"), ("tmx", "p.tmx"), ("xliff", "p.xlf")):
            path = Path(folder) / name
            formats.write(fmt, path, pair, unaligned="single")
            assert validate(path)[1] == [], fmt
