"""Formats for corpus tools and scripts: OPUS cesAlign (read by opustools), Sketch Engine/CWB vertical files
with their alignment mapping, TSV, JSONL, and the HTML rendering of the TEI through bitext-parallel.xsl."""

from __future__ import annotations

import csv
import json

import pytest
from lxml import etree

import tei
from corpus.errors import InputError
from tei import formats
from tei.formats.tsv import COLUMNS

from conftest import format_inputs, random_pair

INPUTS = format_inputs()
IDS = [name for name, _ in INPUTS]


def _expected(pair):
    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    return src, tgt


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_cesalign_read_by_opustools(name, pair, tmp_path):
    parser = pytest.importorskip("opustools.parse.alignment_parser")
    path = tmp_path / "pair.ces.xml"
    formats.write("cesalign", path, pair, from_doc="pair.tei.xml", to_doc="pair.tei.xml")
    with open(path, "rb") as handle:
        links, src_ids, tgt_ids, _attrs, from_doc, to_doc, _ = parser.AlignmentParser(handle).collect_links()
    assert (from_doc, to_doc) == ("pair.tei.xml", "pair.tei.xml")
    assert len(links) == len(pair.alignment.links)
    src_prefix = tei.ids.side_prefixes(pair.src.lang, pair.tgt.lang)[0]
    for (src_side, tgt_side), link in zip(links, pair.alignment.links):
        assert src_side.split() == [f"{src_prefix}.s{i + 1}" for i in link.src]
        assert len(tgt_side.split()) == len(link.tgt)
    assert len(src_ids) == pair.alignment.n_src


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_vertical_files_and_mapping(name, pair, tmp_path):
    written = formats.write("vertical", tmp_path / "pair.align", pair)
    assert [p.name for p in written][0] == "pair.align" and len(written) == 3
    mapping = (tmp_path / "pair.align").read_text(encoding="utf-8").splitlines()
    assert len(mapping) == len(pair.alignment.links)
    for line, link in zip(mapping, pair.alignment.links):
        left, right = line.split("\t")
        for text, side in ((left, link.src), (right, link.tgt)):
            expected = "-1" if not side else (str(side[0]) if len(side) == 1 else f"{side[0]},{side[-1]}")
            assert text == expected
    for path, document in zip(written[1:], (pair.src, pair.tgt)):
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("<doc ") and lines[-1] == "</doc>"
        assert sum(1 for l in lines if l.startswith("<s ")) == sum(1 for _ in document.sentences())
        tokens = [l for l in lines if not (l.startswith("<") and l.endswith(">"))]
        assert all(t and not any(c.isspace() for c in t) for t in tokens)
        # every non-space character of the sentences is in some token (after entity decoding)
        joined = "".join(tokens).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        if not name.startswith("random"):
            assert joined == "".join("".join(s.text.split()) for _, _, s in document.sentences())


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_vertical_files_read_by_cwb_vrt(name, pair, tmp_path):
    """cwb-vrt (the CWB's VRT tools on PyPI) reads each side as CWB would: it guesses the s-attributes bitext
    writes (doc with id/lang/title, p, s with id) for the cwb-encode call, and its per-sentence token counts add
    up to the tokens of the file."""
    pytest.importorskip("vrt")
    import gzip
    import subprocess
    import sys

    written = formats.write("vertical", tmp_path / "pair.align", pair)
    for path, document in zip(written[1:], (pair.src, pair.tgt)):
        script = tmp_path / f"{path.stem}.sh"
        table = tmp_path / f"{path.stem}.tsv.gz"
        cli = [sys.executable, "-c", "import sys; from vrt.cli import main; sys.exit(main())"]
        run = subprocess.run(cli + ["encode", str(path), "-o", str(script), "-f"], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        encode_line = next(line for line in script.read_text(encoding="utf-8").splitlines()
                           if line.startswith("cwb-encode"))
        for attribute in ("-S doc:0+id+lang+title", "-S p:0+", "-S s:0+id"):
            assert attribute in encode_line, encode_line
        run = subprocess.run(cli + ["meta", str(path), "--level", "s", "--tokens", "-o", str(table), "-f"],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        with gzip.open(table, "rt", encoding="utf-8") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        assert rows[0] == ["id", "nr_tokens"]
        assert len(rows) - 1 == sum(1 for _ in document.sentences())
        lines = path.read_text(encoding="utf-8").splitlines()
        tokens = sum(1 for line in lines if not (line.startswith("<") and line.endswith(">")))
        assert sum(int(count) for _, count in rows[1:]) == tokens


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_tsv_one_link_a_line(name, pair, tmp_path):
    path = tmp_path / "pair.tsv"
    formats.write("tsv", path, pair)
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(pair.alignment.links) + 1
    assert all(len(row) == len(COLUMNS) for row in rows)
    src, tgt = _expected(pair)
    unescape = lambda t: t.encode("latin-1", "backslashreplace").decode("unicode_escape")  # noqa: E731
    for row, link in zip(rows[1:], pair.alignment.links):
        assert row[1] == link.type
        if "\\u" not in row[7] + row[8]:
            assert unescape(row[7]) == " ".join(src[i] for i in link.src)
            assert unescape(row[8]) == " ".join(tgt[j] for j in link.tgt)


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_jsonl_reads_back_exactly(name, pair, tmp_path):
    path = tmp_path / "pair.jsonl"
    formats.write("jsonl", path, pair)
    path.read_bytes().decode("utf-8")  # strict UTF-8, even with lone surrogates in the text
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    src, tgt = _expected(pair)
    assert len(records) == len(pair.alignment.links)
    for record, link in zip(records, pair.alignment.links):
        assert record["src"] == [src[i] for i in link.src] and record["tgt"] == [tgt[j] for j in link.tgt]
        assert record["type"] == link.type and record["resp"] == link.resp
        assert abs(record["cert"] - link.confidence) < 1e-4


@pytest.mark.parametrize("name,pair", INPUTS[:4] + [("random", random_pair(8))], ids=IDS[:4] + ["random"])
def test_html_through_xslt_shows_both_columns(name, pair, tmp_path):
    path = tmp_path / "pair.html"
    formats.write("html-xslt", path, pair)
    page = etree.parse(str(path), etree.HTMLParser())
    rows = page.xpath("//tbody/tr")
    assert len(rows) == len(pair.alignment.links)
    src, tgt = _expected(pair)
    for row, link in zip(rows, pair.alignment.links):
        cells = row.findall("td")
        assert len(cells) == 3
        assert len(cells[0].xpath(".//span[@class='s']")) == len(link.src)
        assert len(cells[2].xpath(".//span[@class='s']")) == len(link.tgt)
        if not name.startswith("random"):
            assert [s.xpath("string()") for s in cells[0].xpath(".//span[@class='s']")] == [src[i] for i in link.src]


def test_stylesheet_is_xslt_1():
    from tei.formats.html import STYLESHEET
    root = etree.parse(str(STYLESHEET)).getroot()
    assert root.get("version") == "1.0"


def test_registry_and_unknown_format(tmp_path):
    assert set(formats.FORMATS) == {"tei", "tmx", "xliff", "cesalign", "vertical", "tsv", "jsonl", "html-xslt"}
    with pytest.raises(InputError, match="unknown format"):
        formats.write("docx", tmp_path / "x", random_pair(1))
    assert list(tmp_path.iterdir()) == []
