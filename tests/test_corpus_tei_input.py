"""A TEI file bitext wrote is a pair of a corpus, beside the usual two text files.

The seed pair is aligned to TEI with ``bitext align --format tei`` (and corrected by a person with ``bitext
apply-corrections``); the corpus is built from those files through the CLI and the Python API.  The store must
hold the TEI's own links (a person's ``@resp`` included, nothing aligned again), its sentence texts, the file's
SHA-256 as the input hash; folder scans find ``*.tei.xml``; a broken TEI fails alone; a second build skips it;
``--jobs 2`` and a Dask cluster store the same as one process."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from aligner.batch import BuildSettings, build, input_hash, plan
from bitext.cli import cli
from bitext.commands.corpus import load_tei, pair_loaders
from corpus.errors import InputError
from corpus.manifest import discover, pair_kind, read_manifest, scan_folder
from corpus.store import PairEntry, Store
from tei import reader

from conftest import SEEDS

FAST = BuildSettings(encoder="none")
DATE = "2026-01-02T03:04:05Z"
EN, RU = SEEDS / "sino-russian-entente.en.txt", SEEDS / "sino-russian-entente.ru.txt"
T = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def bitext(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


@pytest.fixture(scope="module")
def teis(tmp_path_factory) -> dict[str, Path]:
    """The seed pair aligned to TEI, and the same TEI after a reviewer merged, split and confirmed links."""
    folder = tmp_path_factory.mktemp("tei")
    aligned = folder / "entente.tei.xml"
    result = bitext("align", EN, RU, "--encoder", "none", "--format", "tei", "--date", DATE, "-o", aligned)
    assert result.exit_code == 0, result.output
    corrections = folder / "entente.corrections.json"
    corrections.write_text(json.dumps({"format": "bitext-corrections", "version": 1, "corrections": [
        {"op": "merge", "links": ["al.l1", "al.l2"]},
        {"op": "confirm", "link": "al.l3"},
        {"op": "split", "link": "al.l8", "src_at": 1, "tgt_at": 1}]}), encoding="utf-8")
    corrected = folder / "reviewed.tei.xml"
    result = bitext("apply-corrections", aligned, corrections, "--reviewer", "Anna Ivanova", "--date", DATE,
                    "-o", corrected)
    assert result.exit_code == 0, result.output
    return {"aligned": aligned, "corrected": corrected}


def stored_pair(store: Store, name: str):
    pid = next(p.id for p in store.pairs() if p.name == name)
    return pid, store.read_documents(pid), list(store.read_links(pid))


def body_texts(record) -> list[str]:
    return [record.text[start:end] for _i, _b, body, start, end in record.sentences if body is not None]


# ---------------------------------------------------------------------------------------------- the store
def test_stored_tei_pair_keeps_its_links_and_sentences(tmp_path, teis):
    """The corrected TEI goes into the store as it is: the reviewer's merged 2-2 and split links, their
    @resp, the tool's links and certainties, every sentence text, the file's SHA-256 as input hash."""
    entry = PairEntry("reviewed", str(teis["corrected"]), str(teis["corrected"]), "en", "ru")
    store = Store(tmp_path / "c.db", create=True)
    store.add_pairs([entry])
    summary = build(store, FAST, loaders=pair_loaders())
    assert (summary.done, summary.failed) == (1, [])
    expected = reader.read(teis["corrected"])
    pid, documents, links = stored_pair(store, "reviewed")
    assert [(l.src, l.tgt, l.resp) for l in links] == [(k.src, k.tgt, k.resp) for k in expected.alignment.links]
    assert [l.confidence for l in links] == pytest.approx([k.confidence for k in expected.alignment.links])
    assert links[0].type == "2-2" and links[0].resp == "Anna Ivanova" and links[0].confidence == 1.0
    assert links[1].resp == "Anna Ivanova"                                   # confirmed
    assert sum(l.resp == "Anna Ivanova" for l in links) == 4               # merge, confirm, split into two
    assert {l.resp for l in links} == {"Anna Ivanova", "bitext"}
    # not aligned again: a fresh alignment of the same texts has no 2-2 link at the start
    fresh = reader.read(teis["aligned"]).alignment.links
    assert (fresh[0].src, fresh[0].tgt) == ((0,), (0,))
    for record, document in zip(documents, (expected.src, expected.tgt)):
        assert body_texts(record) == [s.text for _b, _block, s in document.sentences(body_only=True)]
        assert record.lang == document.lang
    # the links' stored texts are their sentences joined
    src_texts = body_texts(documents[0])
    assert links[0].src_text == " ".join(src_texts[i] for i in links[0].src)
    digest = hashlib.sha256(teis["corrected"].read_bytes()).hexdigest()
    assert input_hash(entry) == digest
    assert store.state()[pid][0] == digest
    # the signature stored is the one of the aligner that made the TEI
    signature = store.db.execute("SELECT signature FROM pair_state WHERE pair_id = ?", (pid,)).fetchone()[0]
    assert signature.startswith("bitext:") and "enc:none" in signature


def test_round_trip_align_tei_corpus_export(tmp_path, teis):
    """align → TEI → corpus → export (TSV and teiCorpus) gives the links and sentences of the direct output."""
    manifest = tmp_path / "corpus.toml"
    manifest.write_text(f'[[pair]]\ntei = "{teis["aligned"]}"\nid = "entente"\n', encoding="utf-8")
    store = tmp_path / "c.db"
    assert bitext("corpus", "init", store).exit_code == 0
    added = bitext("corpus", "add", store, manifest)
    assert added.exit_code == 0 and "1 pair(s) added, 0 updated (1 from TEI)" in added.stdout
    built = bitext("corpus", "build", store, "--encoder", "none")
    assert built.exit_code == 0, built.output

    # TSV: the corpus rows (after the doc column) equal `bitext export PAIR.tei.xml --format tsv`
    assert bitext("corpus", "export", store, "--format", "tsv", "-o", tmp_path / "corpus.tsv").exit_code == 0
    assert bitext("export", teis["aligned"], "--format", "tsv", "-o", tmp_path / "pair.tsv").exit_code == 0
    corpus_rows = (tmp_path / "corpus.tsv").read_text(encoding="utf-8").splitlines()
    pair_rows = (tmp_path / "pair.tsv").read_text(encoding="utf-8").splitlines()
    assert corpus_rows[0] == "doc\t" + pair_rows[0]
    assert [row.split("\t", 1) for row in corpus_rows[1:]] == [["entente", row] for row in pair_rows[1:]]
    assert len(pair_rows) > 60

    # teiCorpus: the pair's link targets and sentence texts are those of the TEI align wrote (ids prefixed)
    assert bitext("corpus", "export", store, "--format", "tei", "-o", tmp_path / "corpus.xml").exit_code == 0
    exported = etree.parse(str(tmp_path / "corpus.xml")).getroot().find(f"{T}TEI")
    direct = etree.parse(str(teis["aligned"])).getroot()

    def links(root, prefix=""):
        def local(pointer):
            return pointer.replace("#" + prefix, "#", 1)
        return [(link.get("type"), tuple(map(local, link.get("target").split())), link.get("cert"),
                 local(link.get("resp"))) for link in root.iter(f"{T}link")]

    def sentences(root, prefix=""):
        return [(s.get(XML_ID)[len(prefix):], "".join(s.itertext())) for s in root.iter(f"{T}s")]

    prefix = "entente."
    assert links(exported, prefix) and links(exported, prefix) == links(direct)
    assert sentences(exported, prefix) == sentences(direct)


def test_a_person_corrected_link_is_still_theirs_in_the_corpus_export(tmp_path, teis):
    store = Store(tmp_path / "c.db", create=True)
    store.add_pairs([PairEntry("reviewed", str(teis["corrected"]), str(teis["corrected"]), "en", "ru")])
    build(store, FAST, loaders=pair_loaders())
    store.close()
    out = tmp_path / "corpus.xml"
    assert bitext("corpus", "export", tmp_path / "c.db", "--format", "tei", "-o", out).exit_code == 0
    root = etree.parse(str(out)).getroot()
    first = next(root.iter(f"{T}link"))
    assert first.get("type") == "2-2"
    person = first.get("resp").lstrip("#")
    names = {p.get(XML_ID): "".join(p.itertext()) for p in root.iter(f"{T}persName")}
    assert names.get(person) == "Anna Ivanova"


def test_realign_tei_keeps_a_persons_links_and_aligns_the_rest_again(tmp_path, teis):
    """--realign-tei: the reviewer's links stay where they are; tool links a later editor botched (five 1-1
    links glued into one 5-5) are aligned again; without the option the botched link is stored as it is."""
    import dataclasses
    from aligner.model import Alignment, Link
    from tei import writer

    corrected = reader.read(teis["corrected"])
    links = corrected.alignment.links
    glued = next(k for k in range(len(links) - 5) if all(
        link.resp == "bitext" and link.type == "1-1" for link in links[k:k + 5]) and k > 10)
    botched = links[:glued] + [Link(tuple(i for l in links[glued:glued + 5] for i in l.src),
                                    tuple(j for l in links[glued:glued + 5] for j in l.tgt), 0.5, 0.0, "bitext")] \
        + links[glued + 5:]
    pair = dataclasses.replace(corrected, alignment=Alignment(botched, corrected.alignment.n_src,
                                                              corrected.alignment.n_tgt,
                                                              dict(corrected.alignment.signature)))
    path = tmp_path / "botched.tei.xml"
    writer.write(path, pair, date=DATE)
    store = tmp_path / "c.db"
    bitext("corpus", "init", store)
    added = bitext("corpus", "add", store, path)                      # one TEI file is one pair
    assert added.exit_code == 0 and "1 pair(s) added, 0 updated (1 from TEI)" in added.stdout

    def stored():
        with Store(store) as db:
            return stored_pair(db, "botched")[2]

    assert bitext("corpus", "build", store, "--encoder", "none").exit_code == 0
    kept = stored()
    assert kept[glued].type == "5-5" and len(kept) == len(botched)
    again = bitext("corpus", "build", store, "--encoder", "none", "--realign-tei")
    assert again.exit_code == 0, again.output
    assert "built                          1" in again.stdout        # the option is a setting: the pair is redone
    realigned = stored()
    person = [(l.src, l.tgt) for l in links if l.resp == "Anna Ivanova"]
    assert [(l.src, l.tgt) for l in realigned if l.resp == "Anna Ivanova"] == person
    assert [(l.src, l.tgt) for l in realigned[glued:glued + 5]] == [(l.src, l.tgt) for l in links[glued:glued + 5]]
    assert [l.resp for l in realigned].count("Anna Ivanova") == len(person)
    with Store(store) as db:
        signature = db.db.execute("SELECT signature FROM pair_state").fetchone()[0]
    assert f"fixed:{len(person)}" in signature


# ---------------------------------------------------------------------------------------------- finding pairs
def test_manifest_tei_entries(tmp_path, teis):
    shutil.copy(teis["aligned"], tmp_path / "entente.tei.xml")
    manifest = tmp_path / "corpus.toml"
    manifest.write_text('[defaults]\nlicence = "CC BY 4.0"\n\n[[pair]]\ntei = "entente.tei.xml"\n'
                        'title = "Towards a Sino-Russian entente?"\n', encoding="utf-8")
    (spec,) = read_manifest(manifest).pairs
    assert (spec.name, spec.kind, spec.src_lang, spec.tgt_lang) == ("entente", "tei", "en", "ru")
    assert spec.src == spec.tgt == tmp_path / "entente.tei.xml"
    assert spec.meta == {"title": "Towards a Sino-Russian entente?", "licence": "CC BY 4.0"}

    def refused(body: str) -> str:
        manifest.write_text(body, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read_manifest(manifest)
        return caught.value.line()

    assert "it takes no src" in refused('[[pair]]\ntei = "entente.tei.xml"\nsrc = "x.en.txt"\n')
    assert "holds en-ru, the manifest says de-ru" in refused('[[pair]]\ntei = "entente.tei.xml"\nsrc_lang = "de"\n')
    assert "gone.tei.xml: no such file" in refused('[[pair]]\ntei = "gone.tei.xml"\n')
    assert "duplicate id 'entente'" in refused('[[pair]]\ntei = "entente.tei.xml"\n[[pair]]\ntei = "entente.tei.xml"\n')
    shutil.copy(EN, tmp_path / "a.en.txt")
    assert "same file" in refused('[[pair]]\nsrc = "a.en.txt"\ntgt = "a.en.txt"\ntgt_lang = "ru"\n')


def test_folder_scan_takes_tei_files_as_pairs(tmp_path, teis):
    folder = tmp_path / "texts"
    (folder / "reviewed").mkdir(parents=True)
    shutil.copy(teis["corrected"], folder / "reviewed" / "entente.tei.xml")
    for source in (EN, RU):                  # the texts the TEI at the top was made from …
        shutil.copy(source, folder / source.name)
    shutil.copy(teis["aligned"], folder / "sino-russian-entente.tei.xml")
    (folder / "other.en.txt").write_text("One sentence here.", encoding="utf-8")
    (folder / "other.ru.txt").write_text("Здесь одно предложение.", encoding="utf-8")
    (folder / "broken.tei.xml").write_text("<TEI><teiHeader>", encoding="utf-8")
    found = scan_folder(folder)
    assert [(p.name, p.kind, p.src_lang, p.tgt_lang) for p in found.pairs] == [
        ("broken", "tei", "en", "ru"), ("other", "text", "en", "ru"), ("reviewed/entente", "tei", "en", "ru"),
        ("sino-russian-entente", "tei", "en", "ru")]
    # … are reported, not paired a second time; no TEI is reported as unpaired
    assert sorted((p.name, why) for p, why in found.unpaired) == [
        (EN.name, "its pair is read from sino-russian-entente.tei.xml"),
        (RU.name, "its pair is read from sino-russian-entente.tei.xml")]
    # a TEI whose languages cannot be read takes the folder's (its build then says what is wrong), else "und"
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(folder / "broken.tei.xml", alone)
    assert [(p.src_lang, p.tgt_lang) for p in scan_folder(alone).pairs] == [("und", "und")]
    assert [(p.src_lang, p.tgt_lang) for p in scan_folder(alone, ("de", "en")).pairs] == [("de", "en")]
    assert pair_kind("a.tei.xml", "a.tei.xml") == "tei" and pair_kind("a.en.txt", "a.ru.txt") == "text"
    assert discover(folder).pairs == found.pairs


def test_cli_folder_build_failure_skip_and_change(tmp_path, teis):
    """A broken TEI fails alone with one line (exit 1); a second build skips the good TEI; changed bytes
    rebuild it."""
    folder = tmp_path / "texts"
    folder.mkdir()
    good = folder / "entente.tei.xml"
    shutil.copy(teis["corrected"], good)
    shutil.copy(EN, folder / "plain.en.txt")
    shutil.copy(RU, folder / "plain.ru.txt")
    broken = folder / "broken.tei.xml"
    broken.write_text(teis["aligned"].read_text(encoding="utf-8").replace("</TEI>", ""), encoding="utf-8")
    store = tmp_path / "c.db"
    bitext("corpus", "init", store)
    added = bitext("corpus", "add", store, folder)
    assert added.exit_code == 0 and "3 pair(s) added, 0 updated (2 from TEI), 0 file(s)" in added.stdout
    built = bitext("corpus", "build", store, "--encoder", "none")
    assert built.exit_code == 1, built.output
    rows = {line[:22].strip(): line[22:].split() for line in built.stdout.splitlines()[1:7]}
    assert (rows["pairs"][0], rows["built"][0], rows["failed"][0]) == ("3", "2", "1")
    (failure,) = [line for line in built.stdout.splitlines() if line.startswith("failed: ")]
    assert failure.startswith(f"failed: broken: {broken.resolve()}: not well-formed XML")
    assert "1 pair(s) failed" in built.stderr and "Traceback" not in built.output

    again = bitext("corpus", "build", store, "--encoder", "none")
    rows = {line[:22].strip(): line[22:].split() for line in again.stdout.splitlines()[1:7]}
    assert (rows["skipped (up to date)"][0], rows["built"][0], rows["failed"][0]) == ("2", "0", "1")

    good.write_bytes(good.read_bytes() + b"<!-- seen -->\n")
    broken.write_bytes(teis["aligned"].read_bytes())
    fixed = bitext("corpus", "build", store, "--encoder", "none")
    assert fixed.exit_code == 0, fixed.output
    rows = {line[:22].strip(): line[22:].split() for line in fixed.stdout.splitlines()[1:7]}
    assert (rows["skipped (up to date)"][0], rows["built"][0], rows["failed"][0]) == ("1", "2", "0")
    with Store(store) as db:
        assert db.state()[next(p.id for p in db.pairs() if p.name == "entente")][0] == \
            hashlib.sha256(good.read_bytes()).hexdigest()


def test_without_a_loader_or_with_other_languages_a_tei_pair_fails_in_one_line(tmp_path, teis):
    path = str(teis["aligned"])
    store = Store(tmp_path / "c.db", create=True)
    store.add_pairs([PairEntry("no-loader", path, path, "en", "ru"), PairEntry("other-langs", path, path, "en", "uk")])
    summary = build(store, FAST)
    assert dict(summary.failed)["no-loader"] == f"{path}: a tei pair, and this build was given no tei " \
                                                "loader (build it with `bitext corpus build`)"
    summary = build(store, FAST, loaders=pair_loaders())
    assert summary.failed == [("other-langs", f"{path}: holds en-ru but is registered as en-uk; register "
                                              "it again (`bitext corpus add`)")]


# ---------------------------------------------------------------------------------------------- parallel
def mixed_entries(teis) -> list[PairEntry]:
    aligned, corrected = str(teis["aligned"]), str(teis["corrected"])
    return [PairEntry("a-aligned", aligned, aligned, "en", "ru"), PairEntry("b-plain", str(EN), str(RU), "en", "ru"),
            PairEntry("c-reviewed", corrected, corrected, "en", "ru"),
            PairEntry("d-aligned-again", aligned, aligned, "en", "ru")]


def test_parallel_build_of_tei_pairs_equals_local_build(tmp_path, teis):
    entries = mixed_entries(teis)
    local = Store(tmp_path / "local.db", create=True)
    local.add_pairs(entries)
    assert build(local, FAST, loaders=pair_loaders()).done == 4
    jobs, _ = plan(local, FAST, force=True, loaders=pair_loaders())
    assert pickle.loads(pickle.dumps(jobs[0])).loader is load_tei        # travels to a worker by reference
    parallel = Store(tmp_path / "parallel.db", create=True)
    parallel.add_pairs(entries)
    summary = build(parallel, FAST, jobs=2, loaders=pair_loaders())
    assert (summary.done, summary.failed) == (4, [])
    assert parallel.dump() == local.dump()


def test_dask_build_of_tei_pairs_equals_local_build(tmp_path, teis):
    distributed = pytest.importorskip("distributed")
    entries = mixed_entries(teis)
    local = Store(tmp_path / "local.db", create=True)
    local.add_pairs(entries)
    build(local, FAST, loaders=pair_loaders())
    remote = Store(tmp_path / "dask.db", create=True)
    remote.add_pairs(entries)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        summary = build(remote, FAST, dask=cluster.scheduler_address, loaders=pair_loaders())
    assert (summary.done, summary.failed) == (4, [])
    assert remote.dump() == local.dump()


def test_one_broken_tei_file_is_registered_with_a_warning_and_fails_its_build(tmp_path):
    broken = tmp_path / "notes.tei.xml"
    broken.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/></TEI>\n',
                      encoding="utf-8")
    store = tmp_path / "c.db"
    bitext("corpus", "init", store)
    added = bitext("corpus", "add", store, broken)
    assert added.exit_code == 0
    assert added.stderr.strip() == f"bitext: {broken}: its languages cannot be read (is it a TEI file bitext " \
                                   "wrote?); `corpus build` will say what is wrong"
    built = bitext("corpus", "build", store, "--encoder", "none")
    assert built.exit_code == 1
    assert f"failed: notes: {broken}: expected two language versions in text/group/text, found 0" in built.stdout
