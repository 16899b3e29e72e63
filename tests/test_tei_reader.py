"""Reading TEI back: TEI → AlignedPair → TEI gives the same bytes; text, chrome, metadata and who made each
link survive; TEI → TMX equals the TMX written directly; the parser refuses to be tricked."""

from __future__ import annotations

import io
import os
import tempfile

import pytest

import tei
from corpus.errors import InputError
from tei import formats
from tei.metadata import title_of

from conftest import SHARED, all_inputs, needs_shared, random_pair

INPUTS = all_inputs()
IDS = [name for name, _ in INPUTS]


def _bytes(pair, fmt="tei", **options) -> bytes:
    buffer = io.BytesIO()
    formats.FORMATS[fmt].write_to(buffer, pair, **options)
    return buffer.getvalue()


def _reread(pair, tmp_path):
    path = tmp_path / "pair.tei.xml"
    tei.write(path, pair)
    return path, tei.read(path)


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_round_trip_is_byte_identical(name, pair, tmp_path):
    path, back = _reread(pair, tmp_path)
    assert _bytes(back) == path.read_bytes()


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_round_trip_keeps_text_blocks_and_links(name, pair, tmp_path):
    _, back = _reread(pair, tmp_path)
    for before, after in ((pair.src, back.src), (pair.tgt, back.tgt)):
        assert [(b.kind, b.text, [s.text for s in b.sentences], b.attrs) for b in before.blocks] == \
               [(b.kind, b.text, [s.text for s in b.sentences], b.attrs) for b in after.blocks]
        assert after.lang == before.lang
        assert after.source.sha256 == before.source.sha256
        # empty values are not written; a title the writer derived (title block, file name) comes back as meta
        assert {k: v for k, v in after.meta.items() if k != "title"} == \
               {k: v for k, v in before.meta.items() if v and k != "title"}
        assert after.meta["title"] == title_of(before)
        after.check()
    assert [(l.src, l.tgt, l.resp) for l in back.alignment.links] == \
           [(l.src, l.tgt, l.resp) for l in pair.alignment.links]
    assert all(abs(a.confidence - b.confidence) < 1e-4 for a, b in zip(back.alignment.links, pair.alignment.links))
    assert back.alignment.signature == pair.alignment.signature


def test_odd_characters_come_back_exactly(tmp_path):
    """Control characters, lone surrogates, U+FFFE/FFFF, CR, NBSP, emoji, RTL, combining marks."""
    pair = random_pair(11)
    odd = set("\x00\x07\x1b\ud800\ufffe\uffff\r\u00a0\u0301\u05e9\U0001F600")
    assert odd & set(pair.src.text + pair.tgt.text), "the random document should contain odd characters"
    _, back = _reread(pair, tmp_path)
    assert [b.text for b in back.src.blocks] == [b.text for b in pair.src.blocks]
    assert [b.text for b in back.tgt.blocks] == [b.text for b in pair.tgt.blocks]


@pytest.mark.parametrize("name,pair", INPUTS[:8], ids=IDS[:8])
def test_tei_to_tmx_equals_direct_tmx(name, pair, tmp_path):
    _, back = _reread(pair, tmp_path)
    for unaligned in ("omit", "single"):
        assert _bytes(back, "tmx", unaligned=unaligned) == _bytes(pair, "tmx", unaligned=unaligned)
    assert _bytes(back, "jsonl") == _bytes(pair, "jsonl")


def test_links_made_by_people_survive(tmp_path):
    pair = random_pair(2)
    people = {l.resp for l in pair.alignment.links} - {"bitext"}
    assert people, "the random alignment should name reviewers"
    _, back = _reread(pair, tmp_path)
    assert {l.resp for l in back.alignment.links} - {"bitext"} == people


@needs_shared
def test_reads_the_design_example():
    """A TEI file bitext did not write: the annotated example from ../shared/design."""
    pair = tei.read(SHARED / "design" / "tei-aligned-article.example.xml")
    assert (pair.src.lang, pair.tgt.lang) == ("en", "ru")
    assert [l.type for l in pair.alignment.links] == ["1-1", "1-2", "1-1", "0-1"]
    assert pair.alignment.links[1].resp == "(name of the reviewer)"
    assert [s.text for _, _, s in pair.src.sentences()][1].startswith("In 2019 the two companies formed a strategic")


def test_not_tei_malformed_and_missing_are_input_errors(tmp_path):
    (tmp_path / "a.xml").write_text("<tmx version='1.4'/>", encoding="utf-8")
    (tmp_path / "b.xml").write_text("<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", encoding="utf-8")
    for name, problem in (("a.xml", "not a TEI document"), ("b.xml", "not well-formed"), ("c.xml", "no such file")):
        with pytest.raises(InputError, match=problem):
            tei.read(tmp_path / name)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    data = _bytes(random_pair(1, odd=False)).decode("utf-8")
    data = data.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>\n')
    data = data.replace('<s xml:id="en.s1">', '<s xml:id="en.s1">&x;', 1)
    path = tmp_path / "xxe.tei.xml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError, match="declares XML entities") as refused:
        tei.read(path)
    assert "TOP-SECRET" not in str(refused.value)


def test_broken_alignment_is_an_input_error(tmp_path):
    data = _bytes(random_pair(1)).decode("utf-8").replace('target="#en.s1', 'target="#en.s999', 1)
    path = tmp_path / "bad.tei.xml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError, match="does not point at a sentence"):
        tei.read(path)



def test_a_quote_in_a_decls_pointer_is_read_not_parsed_as_a_path(tmp_path):
    """Found by benchmarks/fuzz.py: @decls went into an ElementPath predicate, and a quote in it raised
    SyntaxError.  Now it is compared as text; a pointer to no <bibl> (whose record and page chrome would be
    lost) is refused with the line, like any other dangling pointer."""
    pair = random_pair(1, odd=False)
    data = _bytes(pair).decode("utf-8").replace('decls="#src.en"', 'decls="#sr\'c.en"', 1)
    assert "sr'c.en" in data
    path = tmp_path / "quote.tei.xml"
    path.write_text(data, encoding="utf-8")
    with pytest.raises(InputError, match="@decls \"#sr'c.en\" points at no <bibl>"):
        tei.read(path)

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings, strategies as st  # noqa: E402

# any code point at all, surrogates and controls included
ANY_CHAR = st.characters(blacklist_categories=())


@settings(max_examples=150, deadline=None)
@given(before=st.text(ANY_CHAR, max_size=4), sentence=st.text(ANY_CHAR, min_size=1, max_size=30),
       after=st.text(ANY_CHAR, max_size=4))
def test_any_text_survives_the_round_trip(before, sentence, after):
    from aligner.model import AlignedPair, Alignment, Link
    from corpus.document import Block, Document, Sentence

    def document(lang):
        text = before + sentence + after
        block = Block("paragraph", 0, len(text), text, [Sentence(len(before), len(before) + len(sentence), sentence)])
        return Document(text, lang, [block])

    pair = AlignedPair(document("en"), document("ru"), Alignment([Link((0,), (0,))], 1, 1), {"date": "2026-01-01"})
    first = _bytes(pair)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "p.tei.xml")
        with open(path, "wb") as handle:
            handle.write(first)
        back = tei.read(path)
    assert back.src.blocks[0].text == before + sentence + after
    assert back.src.blocks[0].sentences[0].text == sentence
    assert _bytes(back) == first
