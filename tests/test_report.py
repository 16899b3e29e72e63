"""``bitext report`` and ``bitext plot`` without a browser: the page's structure (one row per link, every
sentence once and exact, gaps, n-m groups, terms, findings, nothing fetched from the network), the plot's
geometry, the PNG writer and the matrix pooling."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest
from click.testing import CliRunner
from lxml import etree, html as lxml_html

import tei
from bitext.cli import cli
from corpus.terminology import STARTER_GLOSSARY, load_glossary
from tei.ids import link_ids
from tei.qa import check_terms
from tei.report import plot_png, plot_svg, render_report
from tei.report import png as png_writer
from tei.report.matrix import edges, pooled_similarity
from tei.terms import annotate

from conftest import random_pair, seed_pair

SEEDS_MISSING = "the seed pair (seeds/ + tests/data/seed/gold.tsv) is not available or no longer segments as the gold"


def reviewed_pair():
    """The seed pair with the starter glossary's terms and the terminology check's real findings."""
    pair = seed_pair()
    if pair is None:
        pytest.skip(SEEDS_MISSING)
    glossary = load_glossary(STARTER_GLOSSARY)
    pair.run["terms"] = annotate(pair, glossary)
    pair.run["qa"] = check_terms(pair, glossary)
    return pair


def parse(page: str):
    return lxml_html.document_fromstring(page)


def sentences(document) -> list[str]:
    return [s.text for _, _, s in document.sentences()]


def test_one_row_per_link_and_every_sentence_once_exactly():
    pair = reviewed_pair()
    root = parse(render_report(pair))
    rows = root.xpath("//table[@id='bitext']//tr[contains(@class,'link')]")
    assert len(rows) == len(pair.alignment.links)
    assert [r.get("id") for r in rows] == list(link_ids(pair.alignment.links))
    for side, document in (("src", pair.src), ("tgt", pair.tgt)):
        spans = root.xpath(f"//td[contains(@class,'{side}')]/span[@class='s']")
        assert [s.text_content() for s in spans] == sentences(document)
    ids = root.xpath("//span[@class='s']/@id")
    assert len(ids) == len(set(ids)) == len(sentences(pair.src)) + len(sentences(pair.tgt))
    assert ids[0] == "en.s1"


def test_gaps_and_groups_are_marked():
    pair = reviewed_pair()
    root = parse(render_report(pair))
    for row, link in zip(root.xpath("//tr[contains(@class,'link')]"), pair.alignment.links):
        cells = {c.get("class").split()[0]: c for c in row.xpath("td")}
        assert ("gap" in cells["src"].get("class")) == (not link.src)
        assert ("gap" in cells["tgt"].get("class")) == (not link.tgt)
        assert ("nm" in row.get("class")) == (len(link.src) > 1 or len(link.tgt) > 1)
        assert row.get("data-s") == ",".join(map(str, link.src))
        assert f"confidence {tei.rows.fmt_cert(link.confidence)}" in row.xpath("th")[0].get("title")
    assert any(not link.tgt or not link.src for link in pair.alignment.links)  # the seed has a 0-1 link


def test_terms_highlighted_with_their_glossary_entry():
    pair = reviewed_pair()
    layer = pair.run["terms"]
    root = parse(render_report(pair))
    marks = root.xpath("//mark[contains(@class,'term')]")
    assert len(marks) == sum(len(v) for side in layer.spans for v in side.values()) > 10
    entries = {e.concept_id: e for e in layer.entries}
    for mark in marks:
        entry = entries[mark.get("data-concept")]
        assert entry.src_label in mark.get("title")


def test_findings_are_badges_on_their_rows_and_counted_in_the_header():
    pair = reviewed_pair()
    notes = [n for n in pair.run["qa"] if n.link_id]
    assert notes, "the terminology check finds something in the seed"
    root = parse(render_report(pair))
    for note in notes:
        row = root.get_element_by_id(note.link_id)
        badges = [b.text_content() for b in row.xpath(".//span[@class='badge']")]
        assert note.check in badges
        assert note.check in row.get("data-f").split()
    header = root.xpath("//section[@class='summary']")[0].text_content()
    for check in {n.check for n in pair.run["qa"]}:
        assert check in header


def test_self_contained_nothing_fetched():
    pair = reviewed_pair()
    page = render_report(pair)
    root = parse(page)
    assert not root.xpath("//link | //script[@src] | //img | //iframe | //object | //embed")
    assert not root.xpath("//*[@src]")
    assert "@import" not in page and "url(http" not in page
    # the one image (the plot's matrix, if any) is inline data
    assert all(h.startswith(("data:", "#", "http")) or h == "" for h in root.xpath("//@href"))


def test_odd_characters_render_as_valid_utf8():
    """Random documents with controls, lone surrogates, RTL and emoji: the page encodes and keeps the rows."""
    for seed in range(4):
        pair = random_pair(seed)
        page = render_report(pair)
        data = page.encode("utf-8")          # lone surrogates would fail here
        assert b"\x07" not in data and b"\x00" not in data
        root = parse(page)
        assert len(root.xpath("//tr[contains(@class,'link')]")) == len(pair.alignment.links)


def test_empty_pair_renders():
    from conftest import empty_pair
    root = parse(render_report(empty_pair()))
    assert root.xpath("//tr[contains(@class,'link')]") == []


# ---------------------------------------------------------------- plot
def test_svg_draws_every_link_once_in_its_band():
    pair = reviewed_pair()
    svg = etree.fromstring(plot_svg(pair).encode("utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    boxes = svg.xpath("//s:path[contains(@class,'links')]/@d", namespaces=ns)
    assert sum(d.count("z") for d in boxes) == len(pair.alignment.links)
    paragraphs = svg.xpath("//s:path[@class='paragraphs']/@d", namespaces=ns)
    assert sum(d.count("M") for d in paragraphs) == (
        len({b for b, _, _ in pair.src.sentences()}) - 1 + len({b for b, _, _ in pair.tgt.sentences()}) - 1)


def _decode_png(data: bytes) -> np.ndarray:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        (length,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + length]
        assert struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0] == zlib.crc32(kind + body)
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(height, 1 + 3 * width)
    assert not raw[:, 0].any()
    return raw[:, 1:].reshape(height, width, 3)


def test_png_writer_round_trips():
    rng = np.random.default_rng(3)
    image = rng.integers(0, 256, (17, 23, 3), dtype=np.uint8)
    assert np.array_equal(_decode_png(png_writer.encode(image)), image)


def test_png_plot_has_the_confidence_colours():
    pair = reviewed_pair()
    image = _decode_png(plot_png(pair))
    colours = {tuple(c) for c in image.reshape(-1, 3)[::7]}
    from tei.report.plot import COLOURS, OPACITY, _hex
    from tei.report.view import bucket
    # boxes are blended over the (white, without a matrix) background
    used = {tuple(int(OPACITY * v + (1 - OPACITY) * 255) for v in _hex(COLOURS[bucket(link.confidence)]))
            for link in pair.alignment.links}
    assert used <= colours


def test_pooling_is_the_max_over_each_block():
    rng = np.random.default_rng(0)
    a = rng.normal(size=(1003, 8)).astype(np.float32)
    b = rng.normal(size=(517, 8)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    pooled = pooled_similarity(a, b, cells=40)
    assert pooled.values.shape == (40, 40)
    full = a @ b.T
    se, te = edges(1003, 40), edges(517, 40)
    for r, c in ((0, 0), (17, 33), (39, 39)):
        assert pooled.values[r, c] == pytest.approx(full[se[r]:se[r + 1], te[c]:te[c + 1]].max(), abs=1e-5)
    assert edges(5, 400).tolist() == [0, 1, 2, 3, 4, 5]  # never more cells than sentences


# ---------------------------------------------------------------- the commands
@pytest.fixture()
def tei_file(tmp_path):
    pair = reviewed_pair()
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    return path


def test_report_command_from_tei(tei_file, tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(tei_file), "-o", str(out), "--no-matrix"])
    assert result.exit_code == 0, result.output
    root = parse(out.read_text(encoding="utf-8"))
    pair = tei.read(tei_file)
    assert len(root.xpath("//tr[contains(@class,'link')]")) == len(pair.alignment.links)
    assert len(root.xpath("//span[@class='badge']")) >= len([n for n in pair.run["qa"] if n.link_id])


@pytest.mark.parametrize("suffix", ["svg", "png"])
def test_plot_command(tei_file, tmp_path, suffix):
    out = tmp_path / f"plot.{suffix}"
    result = CliRunner().invoke(cli, ["plot", str(tei_file), "-o", str(out), "--no-matrix"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"<svg" if suffix == "svg" else b"\x89PNG")


def test_bad_input_is_one_line_exit_2_and_no_output(tmp_path):
    bad = tmp_path / "bad.tei.xml"
    bad.write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    out = tmp_path / "r.html"
    for args in (["report", str(bad), "-o", str(out)], ["report", str(tmp_path / "missing.xml"), "-o", str(out)],
                 ["plot", str(bad), "-o", str(tmp_path / "p.svg")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("bitext: ")
    assert not out.exists() and not (tmp_path / "p.svg").exists()


def test_plot_needs_a_known_suffix(tei_file, tmp_path):
    result = CliRunner().invoke(cli, ["plot", str(tei_file), "-o", str(tmp_path / "plot.gif")])
    assert result.exit_code == 2 and not (tmp_path / "plot.gif").exists()


def test_report_command_from_two_texts(tmp_path):
    from conftest import SEEDS
    en, ru = SEEDS / "sino-russian-entente.en.txt", SEEDS / "sino-russian-entente.ru.txt"
    if not (en.is_file() and ru.is_file()):
        pytest.skip("seeds/ is absent")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(en), str(ru), "--encoder", "none", "--no-matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = parse(out.read_text(encoding="utf-8"))
    rows = root.xpath("//tr[contains(@class,'link')]")
    src_ids = [i for r in rows for i in (r.get("data-s") or "").split(",") if i]
    assert src_ids == [str(i) for i in range(len(src_ids))] and len(src_ids) > 50  # every sentence, in order
    assert root.xpath("//mark[contains(@class,'term')]")     # the starter glossary covers English–Russian


def test_starter_glossary_is_not_used_for_other_languages(tmp_path):
    pair = random_pair(2, langs=("de", "fr"))
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(path), "--no-matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = parse(out.read_text(encoding="utf-8"))
    assert not root.xpath("//span[@class='badge']")


def test_the_teis_own_findings_are_shown_not_recomputed(tmp_path):
    """Findings written by another tool (bitext check) stay as they are; terms are still highlighted."""
    from tei.qa import QaNote
    pair = seed_pair()
    if pair is None:
        pytest.skip(SEEDS_MISSING)
    pair.run["qa"] = [QaNote("al.l2", "terms-missing", "warning", "a finding made elsewhere"),
                      QaNote("al.l3", "numbers-missing", "warning", "2 in the source not found in the target")]
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(path), "--no-matrix", "-o", str(out)])
    assert result.exit_code == 0, result.output
    root = parse(out.read_text(encoding="utf-8"))
    messages = [m.text_content() for m in root.xpath("//td[@class='qa']//span[@class='msg']")]
    assert messages == ["a finding made elsewhere", "2 in the source not found in the target"]
    assert root.xpath("//mark[contains(@class,'term')]")


def test_matrix_from_the_encoder_has_the_ridge_under_the_gold_path():
    """The seed's gold links sit on cells far more similar than the rest (skips when no encoder is installed)."""
    from tei.report import similarity
    pair = seed_pair()
    if pair is None:
        pytest.skip(SEEDS_MISSING)
    matrix, why = similarity(pair)
    if matrix is None:
        pytest.skip(f"no sentence encoder: {why}")
    n, m = pair.alignment.n_src, pair.alignment.n_tgt
    assert matrix.values.shape == (n, m)           # fewer sentences than 400: one cell per pair of sentences
    on_path = np.zeros((n, m), bool)
    for link in pair.alignment.links:
        for i in link.src:
            for j in link.tgt:
                on_path[i, j] = True
    assert matrix.values[on_path].mean() > matrix.values[~on_path].mean() + 0.2
