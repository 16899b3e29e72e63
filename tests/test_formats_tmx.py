"""TMX 1.4: valid against the TMX DTD (the shared copy and the one bitext ships), read by translate-toolkit."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from tei import formats
from tei.validate import SCHEMA_DIR, check_tmx

from conftest import SCHEMAS, all_inputs, format_inputs, needs_shared

INPUTS = format_inputs()
IDS = [name for name, _ in INPUTS]
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _tmx(pair, **options) -> bytes:
    buffer = io.BytesIO()
    formats.FORMATS["tmx"].write_to(buffer, pair, **options)
    return buffer.getvalue()


@needs_shared
@pytest.mark.parametrize("unaligned", ["omit", "single"])
@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_valid_against_the_tmx14_dtd(name, pair, unaligned):
    tree = etree.ElementTree(etree.fromstring(_tmx(pair, unaligned=unaligned)))
    for dtd_path in (SCHEMAS / "tmx" / "tmx14.dtd", SCHEMA_DIR / "tmx14.dtd"):
        dtd = etree.DTD(str(dtd_path))
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()[:3]
    assert check_tmx(tree) == []
    header = tree.getroot().find("header")
    for required in ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"):
        assert header.get(required)


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_one_tu_per_link_and_the_unaligned_switch(name, pair):
    aligned = sum(1 for l in pair.alignment.links if l.src and l.tgt)
    omit = etree.fromstring(_tmx(pair))
    single = etree.fromstring(_tmx(pair, unaligned="single"))
    assert len(omit.findall("body/tu")) == aligned
    assert len(single.findall("body/tu")) == len(pair.alignment.links)
    for tu, link in zip(single.iterfind("body/tu"), pair.alignment.links):
        assert tu.findtext("prop[@type='x-link-type']") == link.type
        sizes = [len(p.text.split()) for p in tu.iterfind("tuv/prop[@type='x-ids']")]
        assert sizes == [n for n in (len(link.src), len(link.tgt)) if n]


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_translate_toolkit_reads_it(name, pair, tmp_path):
    tmx = pytest.importorskip("translate.storage.tmx")
    path = tmp_path / "pair.tmx"
    formats.write("tmx", path, pair)
    store = tmx.tmxfile.parsefile(str(path))
    links = [l for l in pair.alignment.links if l.src and l.tgt]
    assert len(store.units) == len(links)
    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    if name.startswith("random"):
        return  # odd characters are escaped in TMX; the texts of real documents are compared below
    for unit, link in zip(store.units, links):
        assert unit.source == " ".join(src[i] for i in link.src)
        assert unit.target == " ".join(tgt[j] for j in link.tgt)


def test_unknown_unaligned_mode_is_an_input_error():
    from corpus.errors import InputError
    with pytest.raises(InputError):
        _tmx(all_inputs()[0][1], unaligned="sometimes")
