"""The term layer: glossary terms marked as ``<term ref="#gl.ID">`` in both versions and listed in
``back``; valid against tei_all and the Schematron; read back and rewritten to the same bytes."""

from __future__ import annotations

import io

import pytest
from lxml import etree

import tei
from tei import writer
from tei.reader import text_of
from tei.xmlout import TEI_NS

from conftest import needs_shared, random_pair, seed_pair

terminology = pytest.importorskip("corpus.terminology")
T = f"{{{TEI_NS}}}"


@pytest.fixture(scope="module")
def glossary():
    return terminology.load_glossary(terminology.STARTER_GLOSSARY)


@pytest.fixture(scope="module")
def pair():
    return seed_pair() or pytest.skip("seed pair not available")


def _write(pair, **options) -> bytes:
    buffer = io.BytesIO()
    writer.write_to(buffer, pair, **options)
    return buffer.getvalue()


def test_terms_are_marked_in_both_versions(pair, glossary):
    root = etree.fromstring(_write(pair, glossary=glossary, tbx="terms.tbx"))
    versions = root.findall(f"{T}text/{T}group/{T}text")
    for version, document in zip(versions, (pair.src, pair.tgt)):
        terms = list(version.iter(f"{T}term"))
        assert terms, f"no terms marked in {document.lang}"
        matcher = terminology.TermMatcher(glossary, document.lang)
        for term in terms:
            concept = term.get("ref")[len("#gl."):]
            # the marked text is a match of that concept in its sentence
            sentence = term.getparent()
            assert any(m.concept_id == concept and text_of(sentence)[m.start:m.end] == text_of(term)
                       for m in matcher.find(text_of(sentence)))
    refs = {t.get("ref") for t in root.iter(f"{T}term") if t.get("ref")}
    entries = {f"#{t.get('{http://www.w3.org/XML/1998/namespace}id')}" for t in root.iterfind(f".//{T}back//{T}label/{T}term")}
    assert refs == entries
    assert all(p.get("target").startswith("terms.tbx#") for p in root.iterfind(f".//{T}back//{T}ptr"))


def test_terms_do_not_change_the_text(pair, glossary):
    plain = etree.fromstring(_write(pair))
    marked = etree.fromstring(_write(pair, glossary=glossary))
    assert [text_of(s) for s in plain.iter(f"{T}s")] == [text_of(s) for s in marked.iter(f"{T}s")]


@needs_shared
def test_valid_with_terms(pair, glossary, tei_all, schematron, tmp_path):
    path = tmp_path / "terms.tei.xml"
    tei.write(path, pair, glossary=glossary, tbx="terms.tbx")
    assert tei_all.validate(etree.parse(str(path))), [str(e) for e in tei_all.error_log][:3]
    assert schematron(path) == []
    from tei.validate import validate
    assert validate(path)[1] == []


def test_round_trip_with_terms(pair, glossary, tmp_path):
    path = tmp_path / "terms.tei.xml"
    tei.write(path, pair, glossary=glossary, tbx="terms.tbx")
    back = tei.read(path)
    assert back.run["terms"].entries
    assert _write(back) == path.read_bytes()


def test_odd_text_with_terms_round_trips(glossary, tmp_path):
    pair = random_pair(12)
    path = tmp_path / "odd.tei.xml"
    tei.write(path, pair, glossary=glossary)
    assert _write(tei.read(path)) == path.read_bytes()


@pytest.fixture(scope="module")
def notes(pair, glossary):
    from tei.qa import check_terms
    return check_terms(pair, glossary)


def test_terminology_findings_point_at_the_links_they_are_about(pair, notes):
    assert notes, "the seed translation uses admitted variants the starter glossary reports"
    from tei.ids import link_ids
    src = [s.text for _, _, s in pair.src.sentences()]
    by_id = dict(zip(link_ids(pair.alignment.links), pair.alignment.links))
    for note in notes:
        if note.link_id is None:
            continue
        link = by_id[note.link_id]
        quoted = note.message.split("'")[1]  # "'alignment' rendered by …": the source term as written
        assert quoted.lower() in " ".join(src[i] for i in link.src).lower()


@needs_shared
def test_qa_annotations_valid_and_round_trip(pair, glossary, notes, tei_all, schematron, tmp_path):
    path = tmp_path / "qa.tei.xml"
    tei.write(path, pair, glossary=glossary, qa=notes)
    assert tei_all.validate(etree.parse(str(path))), [str(e) for e in tei_all.error_log][:3]
    assert schematron(path) == []
    back = tei.read(path)
    assert back.run["qa"] == notes
    assert _write(back) == path.read_bytes()
    root = etree.parse(str(path)).getroot()
    annotations = root.findall(f"{T}standOff/{T}listAnnotation/{T}annotation")
    assert [a.get("target") for a in annotations] == [f"#{n.link_id}" if n.link_id else "#en #ru" for n in notes]


def test_export_with_glossary_adds_terms_and_qa(pair, tmp_path):
    from click.testing import CliRunner
    from bitext.cli import cli
    source = tmp_path / "pair.tei.xml"
    tei.write(source, pair)
    out = tmp_path / "pair.html"
    result = CliRunner().invoke(cli, ["export", str(source), "--format", "html-xslt", "-o", str(out),
                                      "--glossary", str(terminology.STARTER_GLOSSARY)])
    assert result.exit_code == 0, result.output
    page = etree.parse(str(out), etree.HTMLParser())
    assert page.xpath("//span[contains(@class, 'term')]") and page.xpath("//div[contains(@class, 'qa')]")


def test_xliff_units_carry_their_glossary_entries(pair, glossary, tmp_path):
    from tei import formats
    from tei.review import import_review
    source = tmp_path / "pair.tei.xml"
    tei.write(source, pair, glossary=glossary, tbx="terms.tbx")
    read = tei.read(source)
    xlf = tmp_path / "pair.xlf"
    formats.write("xliff", xlf, read)
    gls = "{urn:oasis:names:tc:xliff:glossary:2.0}"
    units = etree.parse(str(xlf)).getroot().findall(".//{urn:oasis:names:tc:xliff:document:2.0}unit")
    first = units[0].findall(f"{gls}glossary/{gls}glossEntry")
    assert [e.findtext(f"{gls}term") for e in first] == ["entente"]
    assert first[0].find(f"{gls}term").get("source") == "terms.tbx#entente"
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    assert len([u for u in xliff2.Xliff2File.parsefile(str(xlf)).units if not u.isheader()]) == len(units)
    updated, summary = import_review(read, xlf, "Reviewer", "2026-12-01")
    assert summary["kept"] == len(units)
