"""Corpus export: one teiCorpus valid against tei_all, one TMX valid against the TMX DTD, TSV/JSONL/cesAlign;
byte-identical on a second export, and the same from a Dask-built or a two-process-built store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

from aligner.batch import BuildSettings, build
from bitext.cli import cli
from corpus.store import PairEntry, Store
from tei import reader as tei_reader
from tei.corpus_export import export

from conftest import ALIGNMENT_GOLD, SCHEMAS, SEEDS, SHARED

TEI = "{http://www.tei-c.org/ns/1.0}"
DATE = "2026-11-29T10:15:00Z"


def entries() -> list[PairEntry]:
    out = [PairEntry("seed", str(SEEDS / "sino-russian-entente.en.txt"), str(SEEDS / "sino-russian-entente.ru.txt"),
                     "en", "ru", meta=(("licence", "CC BY 4.0"), ("title", "Towards a Sino-Russian entente?"),
                                       ("translator", "A. Translator")))]
    if SHARED.is_dir():
        folders = sorted(p for p in (ALIGNMENT_GOLD / "wmt21_en_ru").iterdir() if p.is_dir())[:4]
        out += [PairEntry(f.name, str(f / "en.txt"), str(f / "ru.txt"), "en", "ru") for f in folders]
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = Store(tmp_path_factory.mktemp("corpus") / "c.db", create=True)
    db.add_pairs(entries())
    build(db, BuildSettings())   # the default encoder: real, varied confidences (embeddings are cached on disk)
    yield db
    db.close()


def test_tei_corpus_is_valid_and_holds_every_pair(store, tmp_path, tei_all):
    out = tmp_path / "corpus.tei.xml"
    assert export(store, "tei", out, date=DATE) == len(store.pair_ids())
    tree = etree.parse(str(out))
    assert tei_all.validate(tree), tei_all.error_log.filter_from_errors()[:5]
    root = tree.getroot()
    assert root.tag == f"{TEI}teiCorpus"
    texts = root.findall(f"{TEI}TEI")
    assert [t.get("n") for t in texts] == sorted(e.name for e in entries())
    ids = tree.xpath("//@xml:id")
    assert len(ids) == len(set(ids))
    # every pointer points at an id of its own TEI
    for text in texts:
        own = set(text.xpath(".//@xml:id"))
        for target in text.xpath(".//tei:link/@target", namespaces={"tei": TEI[1:-1]}):
            assert {t[1:] for t in target.split()} <= own
    # the seed's manifest metadata reached its header
    seed = next(t for t in texts if t.get("n") == "seed")
    assert "CC BY 4.0" in etree.tostring(seed.find(f"{TEI}teiHeader"), encoding="unicode")


def test_each_tei_of_the_corpus_reads_back_to_the_stored_text(store, tmp_path):
    out = tmp_path / "corpus.tei.xml"
    export(store, "tei", out, date=DATE)
    root = etree.parse(str(out)).getroot()
    for text in root.findall(f"{TEI}TEI"):
        single = tmp_path / f"{text.get('n')}.xml"
        single.write_bytes(etree.tostring(text, xml_declaration=True, encoding="utf-8"))
        pid = next(p.id for p in store.pairs() if p.name == text.get("n"))
        stored = {d.side: d.text for d in store.read_documents(pid)}
        pair = tei_reader.read(single) if hasattr(tei_reader, "read") else None
        if pair is None:
            pytest.skip("tei.reader has no read()")
        src_sentences = [s.text for _, _, s in pair.src.sentences()]
        expected = [stored["src"][s[3]:s[4]] for s in store.read_documents(pid)[0].sentences if s[2] is not None]
        assert src_sentences == expected


def test_tmx_is_valid_and_has_one_unit_per_aligned_link(store, tmp_path):
    dtd_path = SCHEMAS / "tmx" / "tmx14.dtd"
    out = tmp_path / "corpus.tmx"
    export(store, "tmx", out, date=DATE)
    tree = etree.parse(str(out))
    if dtd_path.is_file():
        dtd = etree.DTD(str(dtd_path))
        assert dtd.validate(tree), dtd.error_log.filter_from_errors()[:5]
    aligned = store.db.execute("SELECT COUNT(*) FROM links WHERE src_count > 0 AND tgt_count > 0").fetchone()[0]
    units = tree.findall(".//tu")
    assert len(units) == aligned
    assert len({u.get("tuid") for u in units}) == aligned


def test_min_confidence_filters_lines(store, tmp_path):
    out = tmp_path / "all.jsonl"
    export(store, "jsonl", out, date=DATE)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == store.db.execute("SELECT COUNT(*) FROM links").fetchone()[0]
    confidences = sorted(c for (c,) in store.db.execute("SELECT confidence FROM links"))
    threshold = confidences[len(confidences) // 2]
    assert confidences[0] < threshold, "the build gave every link the same confidence"
    kept = tmp_path / "kept.jsonl"
    export(store, "jsonl", kept, min_confidence=threshold, date=DATE)
    kept_records = [json.loads(line) for line in kept.read_text(encoding="utf-8").splitlines()]
    assert len(kept_records) == sum(1 for c in confidences if c >= threshold) < len(records)
    assert all(r["cert"] >= round(threshold, 4) - 1e-4 for r in kept_records)


def test_tsv_and_cesalign(store, tmp_path):
    tsv = tmp_path / "c.tsv"
    export(store, "tsv", tsv, date=DATE)
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["doc", "id", "type"]
    assert all(len(line.split("\t")) == 10 for line in lines)
    ces = tmp_path / "c.ces.xml"
    export(store, "cesalign", ces, date=DATE)
    groups = etree.parse(str(ces)).getroot().findall("linkGrp")
    assert len(groups) == len(store.pair_ids())
    assert sum(len(g) for g in groups) == len(lines) - 1


@pytest.mark.parametrize("fmt", ["tei", "tmx", "tsv", "jsonl", "cesalign"])
def test_exports_are_deterministic(store, tmp_path, fmt):
    first, second = tmp_path / "a", tmp_path / "b"
    export(store, fmt, first, date=DATE)
    export(store, fmt, second, date=DATE)
    assert first.read_bytes() == second.read_bytes()


def test_a_parallel_build_exports_the_same_bytes(tmp_path):
    (tmp_path / "1").mkdir()
    (tmp_path / "2").mkdir()
    one = Store(tmp_path / "1" / "c.db", create=True)   # the same file name: the corpus title comes from it
    one.add_pairs(entries()[:3])
    build(one, BuildSettings(encoder="none"))
    other = Store(tmp_path / "2" / "c.db", create=True)
    other.add_pairs(list(reversed(entries()[:3])))    # registered in another order, built by two processes
    build(other, BuildSettings(encoder="none"), jobs=2)
    for fmt in ("tei", "tmx", "jsonl"):
        export(one, fmt, tmp_path / f"one.{fmt}", date=DATE)
        export(other, fmt, tmp_path / f"two.{fmt}", date=DATE)
        assert (tmp_path / f"one.{fmt}").read_bytes() == (tmp_path / f"two.{fmt}").read_bytes()


def test_cli_export_and_stats(store, tmp_path):
    out = tmp_path / "corpus.tmx"
    result = CliRunner().invoke(cli, ["corpus", "export", str(store.path), "--format", "tmx", "-o", str(out),
                                      "--date", DATE])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "pair(s) as tmx" in result.stderr
    stats = CliRunner().invoke(cli, ["corpus", "stats", str(store.path)])
    assert stats.exit_code == 0
    assert f"pairs: {len(entries())} registered, {len(entries())} built, 0 failed" in stats.stdout
    bad = CliRunner().invoke(cli, ["corpus", "export", str(store.path), "--format", "tmx", "-o", str(store.path)])
    assert bad.exit_code == 2 and "refusing to overwrite an input" in bad.stderr


def test_bitext_validate_checks_the_tei_corpus(store, tmp_path):
    """`bitext validate` knows a teiCorpus: the shipped profile for the whole, the cross-reference rules per TEI."""
    from tei.validate import validate

    out = tmp_path / "corpus.tei.xml"
    export(store, "tei", out, date=DATE)
    assert validate(out) == ("TEI corpus", [])
    text = out.read_text(encoding="utf-8")
    at = text.index('target="#') + len('target="#')
    broken = tmp_path / "broken.tei.xml"
    broken.write_text(text[:at] + "nowhere " + text[at:], encoding="utf-8")
    name, problems = validate(broken)
    assert name == "TEI corpus" and any("nowhere" in message for _, message in problems), problems
