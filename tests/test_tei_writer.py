"""The TEI writer: valid against tei_all and the project's Schematron on real and random documents,
structure and ids as in the design example, exact text, deterministic bytes, atomic output."""

from __future__ import annotations

import io

import pytest
from lxml import etree

import tei
from tei import writer
from tei.reader import text_of
from tei.xmlout import TEI_NS, XML_NS

from conftest import all_inputs, empty_pair, needs_shared, random_pair, seed_pair, FIXED_DATE

T = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"


INPUTS = all_inputs()
IDS = [name for name, _ in INPUTS]


def _write(pair, **options) -> bytes:
    buffer = io.BytesIO()
    writer.write_to(buffer, pair, **options)
    return buffer.getvalue()


@needs_shared
def test_inputs_include_real_documents():
    names = " ".join(IDS)
    assert "parice_en_is" in names and "wmt21_en_ru" in names and "textberg_de_fr" in names


@needs_shared
@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_valid_against_tei_all(name, pair, tei_all, tmp_path):
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    valid = tei_all.validate(etree.parse(str(path)))
    assert valid, [str(e) for e in tei_all.error_log][:5]


@needs_shared
@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_passes_project_schematron(name, pair, schematron, tmp_path):
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    assert schematron(path) == []


@needs_shared
def test_schematron_catches_a_broken_file(schematron, tmp_path):
    """The Schematron check above can fail: drop one link and a sentence is left uncovered."""
    pair = random_pair(1)
    data = _write(pair).decode("utf-8")
    start = data.index('<link xml:id="al.l1"')
    broken = data[:start] + data[data.index("</link>", start) + len("</link>"):]
    path = tmp_path / "broken.tei.xml"
    path.write_text(broken, encoding="utf-8")
    assert any("must be covered by exactly one" in problem for problem in schematron(path))


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_block_text_rebuilt_exactly(name, pair):
    """Each head/p/item holds exactly its block's text: sentences and the whitespace between them."""
    root = etree.fromstring(_write(pair))
    for version, document in zip(root.iterfind(f"{T}text/{T}group/{T}text"), (pair.src, pair.tgt)):
        written = [text_of(e) for e in version.iter(f"{T}head", f"{T}p", f"{T}item")]
        assert written == [b.text for b in document.body_blocks()]


@pytest.mark.parametrize("name,pair", INPUTS[:6], ids=IDS[:6])
def test_sentence_ids_follow_the_alignment(name, pair):
    root = etree.fromstring(_write(pair))
    src_prefix = root.find(f"{T}text/{T}group/{T}text").get(XML_ID)
    sentences = [s.text for _, _, s in pair.src.sentences()]
    written = {s.get(XML_ID): text_of(s) for s in root.iter(f"{T}s")}
    for index, text in enumerate(sentences):
        assert written[f"{src_prefix}.s{index + 1}"] == text
    link = pair.alignment.links[0]
    first = root.find(f"{T}standOff/{T}linkGrp/*")
    assert first.get("target").split()[0] in {f"#{src_prefix}.s{link.src[0] + 1}", "#al.j1"} if link.src else True


def test_structure_of_an_article():
    """Title → div/head, lede → argument/p, paragraphs → p, headings open section divs, lists → list/item."""
    pair = seed_pair() or pytest.skip("seed pair not available")
    root = etree.fromstring(_write(pair))
    article = root.find(f"{T}text/{T}group/{T}text/{T}body/{T}div")
    assert article.get("type") == "article"
    assert text_of(article.find(f"{T}head")) == "Towards a Sino-Russian entente?"
    assert len(article.findall(f"{T}argument/{T}p")) == 1
    assert len(article.findall(f"{T}p")) == 11


def test_header_records_inputs_run_and_languages():
    pair = seed_pair() or random_pair(2)
    root = etree.fromstring(_write(pair))
    ns = {"t": TEI_NS}
    assert root.xpath("string(//t:bibl[@type='original']/t:idno[@type='sha256'])", namespaces=ns) == pair.src.source.sha256
    assert root.xpath("string(//t:bibl[@type='translation']/t:idno[@type='sha256'])", namespaces=ns) == pair.tgt.source.sha256
    sentences = root.xpath("//t:extent/t:measure[@unit='sentences']/@quantity", namespaces=ns)
    assert sentences == [str(pair.alignment.n_src), str(pair.alignment.n_tgt)]
    assert root.xpath("//t:langUsage/t:language/@ident", namespaces=ns)[:2] == [pair.src.lang, pair.tgt.lang]
    application = root.find(f".//{T}application")
    assert application.get("when") == FIXED_DATE
    assert application.find(f"{T}p[@n='command']/{T}code").text == pair.run["command"]
    assert {s.get("n"): s.text for s in application.iterfind(f"{T}p[@n='signature']/{T}seg")} == pair.alignment.signature
    assert root.find(f".//{T}revisionDesc/{T}change").get("who") == "#app.bitext"


def test_chrome_goes_to_the_header_or_away():
    pair = seed_pair() or pytest.skip("seed pair not available")
    with_chrome = etree.fromstring(_write(pair))
    kinds = [n.get("type") for n in with_chrome.iterfind(f".//{T}notesStmt/{T}note")]
    assert kinds.count("rubric") == 2 and "language_switch" in kinds
    without = etree.fromstring(_write(pair, no_chrome=True))
    assert without.find(f".//{T}notesStmt") is None


def test_counterpart_link_is_a_related_item():
    pair = random_pair(5)
    switches = [b for b in pair.src.blocks + pair.tgt.blocks if b.kind == "language_switch"]
    root = etree.fromstring(_write(pair))
    related = root.findall(f".//{T}notesStmt/{T}relatedItem[@type='counterpart']")
    assert len(related) == len(switches)
    assert all(r.get("target") == "https://example.org/other?a=1&b=2" for r in related)


def test_language_switch_without_address_points_at_the_other_version():
    pair = seed_pair() or pytest.skip("seed pair not available")
    root = etree.fromstring(_write(pair))
    related = {r.get("corresp"): r.get("target") for r in root.iterfind(f".//{T}notesStmt/{T}relatedItem")}
    assert related == {"#src.en": "#src.ru", "#src.ru": "#src.en"}


def test_metadata_options_override_document_meta():
    pair = random_pair(3)
    root = etree.fromstring(_write(pair, title="Given title", translator="T. Ranslator",
                                   source_url="https://example.org/given"))
    ns = {"t": TEI_NS}
    assert root.xpath("string(//t:titleStmt/t:title[@type='main'])", namespaces=ns) == "Given title"
    assert root.xpath("string(//t:bibl[@type='translation']/t:editor[@role='translator'])", namespaces=ns) == "T. Ranslator"
    assert root.xpath("string(//t:bibl[@type='original']/t:ptr/@target)", namespaces=ns) == "https://example.org/given"
    assert pair.src.meta["title"] != "Given title"  # the input pair is not changed


def test_forbidden_characters_become_g_elements():
    pair = random_pair(4)
    data = _write(pair)
    etree.fromstring(data)  # well-formed
    text = data.decode("utf-8")
    all_text = pair.src.text + pair.tgt.text
    for char, code in (("\x07", "U+0007"), ("\x00", "U+0000"), ("\ud800", "U+D800"), ("\uffff", "U+FFFF")):
        if char in all_text:
            assert f'n="{code}"' in text


def test_deterministic_bytes(monkeypatch):
    pair = random_pair(6)
    assert _write(pair) == _write(pair)
    undated = random_pair(6)
    del undated.run["date"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764411300")
    first = _write(undated)
    assert first == _write(undated)
    assert b'when="2025-11-29T10:15:00Z"' in first
    assert b'when="2024-01-01"' in _write(undated, date="2024-01-01")


def test_bad_date_is_an_input_error_and_leaves_no_file(tmp_path):
    from corpus.errors import InputError
    path = tmp_path / "pair.tei.xml"
    with pytest.raises(InputError):
        tei.write(path, random_pair(1), date="yesterday")
    assert list(tmp_path.iterdir()) == []


def test_empty_pair_has_no_standoff():
    root = etree.fromstring(_write(empty_pair()))
    assert root.find(f"{T}standOff") is None
    assert root.find(f".//{T}body/{T}div/{T}gap") is not None



@needs_shared
def test_every_usable_gold_document_is_valid(tei_all, schematron, tmp_path):
    """All four shared alignment sets, every document whose gold covers its sentences (the Bible's 11,301
    sentences included): tei_all and the Schematron, one file at a time."""
    from conftest import gold_pairs
    checked = 0
    for dataset in ("wmt21_en_ru", "parice_en_is", "textberg_de_fr", "bible_en_zh_bertalign"):
        for pair in gold_pairs(dataset):
            path = tmp_path / "gold.tei.xml"
            tei.write(path, pair)
            assert tei_all.validate(etree.parse(str(path))), (pair.alignment.signature, str(tei_all.error_log.last_error))
            assert schematron(path) == [], pair.alignment.signature
            checked += 1
    assert checked >= 60


@needs_shared
def test_odd_language_codes_become_valid_tags(tei_all, tmp_path):
    """``en_US`` is written en-US and a name that is no tag as und (undetermined); every format agrees on ids."""
    import json
    from tei import formats
    pair = random_pair(3, langs=("en_US", "русский"))
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    assert tei_all.validate(etree.parse(str(path))), str(tei_all.error_log.last_error)
    back = tei.read(path)
    assert (back.src.lang, back.tgt.lang) == ("en-US", "und")
    formats.write("jsonl", tmp_path / "pair.jsonl", pair)
    first = json.loads((tmp_path / "pair.jsonl").read_text(encoding="utf-8").splitlines()[0])
    ids = {s.get("{http://www.w3.org/XML/1998/namespace}id") for s in etree.parse(str(path)).iter(f"{T}s")}
    assert set(first["src_ids"] + first["tgt_ids"]) <= ids


def test_the_header_names_every_language_in_english(tei_all, tmp_path):
    """The header's prose names both languages (CLDR names through langcodes: Thai, Basque, not «th», «eu»); a
    code no registry knows names itself, and the file stays valid."""
    from tei.languages import UNKNOWN, language_name

    assert [language_name(tag) for tag in ("en", "en-GB", "ru", "is", "zh-Hant", "th", "eu", "bo")] == \
        ["English", "English", "Russian", "Icelandic", "Chinese", "Thai", "Basque", "Tibetan"]
    assert (language_name("xx"), language_name("und"), language_name("")) == ("xx", "und", UNKNOWN)
    pair = random_pair(3, langs=("en", "th"))
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    root = etree.parse(str(path))
    assert tei_all.validate(root), str(tei_all.error_log.last_error)
    ns = {"t": TEI_NS}
    assert root.xpath("string(//t:title[@type='sub'])", namespaces=ns) == "English–Thai sentence-aligned edition"
    assert "Thai sentences" in root.xpath("string(//t:extent)", namespaces=ns)
