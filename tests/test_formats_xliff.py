"""XLIFF 2.1: read by translate-toolkit's XLIFF 2 reader; states mirror review status; a reviewer's
corrections come back into the TEI with the reviewer recorded (tei.review / bitext import-review)."""

from __future__ import annotations

import io

import pytest
from lxml import etree

import tei
from corpus.errors import InputError
from tei import formats
from tei.review import import_review
from tei.validate import check_xliff2

from conftest import format_inputs, random_pair, seed_pair

INPUTS = format_inputs()
IDS = [name for name, _ in INPUTS]
NS = "urn:oasis:names:tc:xliff:document:2.0"
X = f"{{{NS}}}"


def _xliff(pair) -> bytes:
    buffer = io.BytesIO()
    formats.FORMATS["xliff"].write_to(buffer, pair)
    return buffer.getvalue()


@pytest.mark.parametrize("name,pair", INPUTS, ids=IDS)
def test_translate_toolkit_reads_it(name, pair, tmp_path):
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    path = tmp_path / "pair.xlf"
    formats.write("xliff", path, pair)
    assert check_xliff2(etree.parse(str(path))) == []
    store = xliff2.Xliff2File.parsefile(str(path))
    units = [u for u in store.units if not u.isheader()]
    assert len(units) == len(pair.alignment.links)
    if name.startswith("random"):
        return  # translate-toolkit drops XLIFF's <cp/> characters; real texts are compared below
    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    for unit, link in zip(units, pair.alignment.links):
        assert unit.source == " ".join(src[i] for i in link.src)
        assert (unit.target or "") == " ".join(tgt[j] for j in link.tgt)


def test_states_mirror_review_status():
    pair = random_pair(2)
    root = etree.fromstring(_xliff(pair))
    states = [s.get("state") for s in root.iter(f"{X}segment")]
    assert states == ["translated" if l.resp == "bitext" else "reviewed" for l in pair.alignment.links]


def _review(pair, tmp_path, edit) -> tuple:
    tei_path, xlf = tmp_path / "pair.tei.xml", tmp_path / "review.xlf"
    tei.write(tei_path, pair)
    formats.write("xliff", xlf, tei.read(tei_path))
    tree = etree.parse(str(xlf))
    edit(tree.getroot().findall(f".//{X}unit"))
    tree.write(str(xlf), encoding="utf-8", xml_declaration=True)
    return import_review(tei.read(tei_path), xlf, "Anna Ivanova", "2026-11-30T09:00:00Z")


def test_review_moves_a_sentence_and_confirms_a_link(tmp_path):
    pair = seed_pair() or pytest.skip("seed pair not available")

    def edit(units):
        first, second = (u.find(f".//{X}target") for u in units[:2])
        first.text = first.text + " " + second.text  # the reviewer joins ru.s2 to the title's unit
        second.text = ""
        units[2].find(f"{X}segment").set("state", "final")

    updated, summary = _review(pair, tmp_path, edit)
    links = updated.alignment.links
    assert (links[0].src, links[0].tgt, links[0].resp) == ((0,), (0, 1), "Anna Ivanova")
    assert (links[1].src, links[1].tgt) == ((1,), ())
    assert links[2].resp == "Anna Ivanova" and links[2].confidence == 1.0
    assert links[3] == pair.alignment.links[3]
    assert summary == {"units": len(pair.alignment.links), "confirmed": 1, "changed": 2,
                       "kept": len(pair.alignment.links) - 3}
    assert updated.run["revisions"][-1]["who"] == "Anna Ivanova"
    out = tmp_path / "reviewed.tei.xml"
    tei.write(out, updated)
    text = out.read_text(encoding="utf-8")
    assert 'resp="#person.Anna_Ivanova"' in text and 'who="#person.Anna_Ivanova"' in text
    back = tei.read(out)
    assert [(l.src, l.tgt, l.resp) for l in back.alignment.links] == [(l.src, l.tgt, l.resp) for l in links]


def test_review_that_edits_the_words_is_refused(tmp_path):
    pair = seed_pair() or random_pair(3, odd=False)

    def edit(units):
        units[0].find(f".//{X}target").text = "Совсем другой текст"

    with pytest.raises(InputError, match="not the next sentences"):
        _review(pair, tmp_path, edit)


def test_odd_characters_survive_the_review_round_trip(tmp_path):
    pair = random_pair(4)
    updated, summary = _review(pair, tmp_path, lambda units: None)
    assert summary["changed"] == 0 and summary["confirmed"] == 0
    assert [(l.src, l.tgt) for l in updated.alignment.links] == [(l.src, l.tgt) for l in pair.alignment.links]
