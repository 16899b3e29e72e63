"""The corpus builder on real text: the seed article and WMT21 news documents from ../shared.

Resumable (a build killed mid-way continues where it stopped and ends complete), incremental (a second build
skips what has not changed and redoes what has), failures recorded (the build goes on), and the same store
from one process, two processes and a Dask cluster."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aligner.batch import BuildSettings, build, input_hash, plan
from corpus.store import PairEntry, Store

from conftest import ALIGNMENT_GOLD, ROOT, SEEDS, needs_shared

FAST = BuildSettings(encoder="none")
WMT = ALIGNMENT_GOLD / "wmt21_en_ru"


def wmt_entries(n: int) -> list[PairEntry]:
    folders = sorted(p for p in WMT.iterdir() if p.is_dir())[:n]
    return [PairEntry(f.name, str(f / "en.txt"), str(f / "ru.txt"), "en", "ru") for f in folders]


def seed_entry(name: str = "seed") -> PairEntry:
    return PairEntry(name, str(SEEDS / "sino-russian-entente.en.txt"), str(SEEDS / "sino-russian-entente.ru.txt"),
                     "en", "ru", meta=(("title", "Towards a Sino-Russian entente?"),))


def new_store(path: Path, entries: list[PairEntry]) -> Store:
    store = Store(path, create=True)
    store.add_pairs(entries)
    return store


def test_seed_pair_is_stored_whole(tmp_path):
    store = new_store(tmp_path / "c.db", [seed_entry()])
    summary = build(store, FAST)
    assert (summary.done, summary.failed) == (1, [])
    (pid,) = store.pair_ids()
    documents = store.read_documents(pid)
    assert [d.side for d in documents] == ["src", "tgt"]
    for document in documents:
        # every sentence is an exact span of the stored text
        for _idx, block_idx, _body, start, end in document.sentences:
            _b, _kind, b_start, b_end, _attrs = document.blocks[block_idx]
            assert b_start <= start < end <= b_end
        assert document.sha256 and document.size == os.path.getsize(document.path)
    links = list(store.read_links(pid))
    n_src = sum(1 for s in documents[0].sentences if s[2] is not None)
    n_tgt = sum(1 for s in documents[1].sentences if s[2] is not None)
    # the links cover every body sentence of each side once, in order
    assert [i for link in links for i in link.src] == list(range(n_src))
    assert [j for link in links for j in link.tgt] == list(range(n_tgt))
    assert summary.sentences == n_src + n_tgt and summary.links == len(links)


def test_second_build_skips_unchanged_and_redoes_changed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("sino-russian-entente.en.txt", "sino-russian-entente.ru.txt"):
        shutil.copy(SEEDS / name, folder / name)
    entry = PairEntry("seed", str(folder / "sino-russian-entente.en.txt"),
                      str(folder / "sino-russian-entente.ru.txt"), "en", "ru")
    store = new_store(tmp_path / "c.db", [entry])
    assert build(store, FAST).done == 1
    again = build(store, FAST)
    assert (again.done, again.skipped) == (0, 1)
    # other settings: redone
    assert build(store, BuildSettings(encoder="none", max_link=2)).done == 1
    monotone = BuildSettings(encoder="none", max_link=2, monotone=True)
    assert monotone.signature().endswith("|moved:no") and "moved" not in FAST.signature()
    from aligner.batch import _aligner
    assert not _aligner("en", "ru", monotone)[0].reorder and _aligner("en", "ru", FAST)[0].reorder
    assert build(store, monotone).done == 1
    assert build(store, BuildSettings(encoder="none", max_link=2)).done == 1
    # changed input bytes: redone, and the stored text is the new one
    target = folder / "sino-russian-entente.ru.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n\nПоследний абзац.\n", encoding="utf-8")
    changed = build(store, BuildSettings(encoder="none", max_link=2))
    assert (changed.done, changed.skipped) == (1, 0)
    (pid,) = store.pair_ids()
    assert store.read_documents(pid)[1].text.endswith("Последний абзац.\n")


def test_a_changed_aligner_makes_stored_pairs_out_of_date(tmp_path, monkeypatch):
    """A store built by an earlier revision of the code is redone, although settings and version are the same:
    under one version string the aligner's links changed many times."""
    import aligner.batch
    import aligner.revision

    store = new_store(tmp_path / "c.db", [seed_entry()])
    assert build(store, FAST).done == 1
    assert plan(store, FAST)[0] == []
    (pid,) = store.pair_ids()
    stored = store.db.execute("SELECT signature FROM pair_state WHERE pair_id = ?", (pid,)).fetchone()[0]
    assert f"|code:{aligner.revision.method_digest()}" in stored     # the pair says which revision aligned it

    # The digest follows the bytes of the files it covers (here a copy of the aligner's folder): an edit to the
    # confidence model changes it, an edit to the QA checks (never run by a build) does not.
    copy = tmp_path / "aligner"
    shutil.copytree(aligner.revision.ALIGNER, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(aligner.revision, "PARTS", ((copy, "."),))
    monkeypatch.setattr(aligner.revision, "LEFT_OUT", (copy / "checks",))
    digest = aligner.revision.method_digest.__wrapped__
    before = digest()
    for edited, changes in ((copy / "checks" / "numbers.py", False), (copy / "data" / "confidence.json", True)):
        edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert (digest() != before) == changes, edited

    monkeypatch.setattr(aligner.batch, "method_digest", lambda: "0123456789ab")
    todo, skipped = plan(store, FAST)
    assert ([job.pair_id for job in todo], skipped) == ([pid], 0)


def test_a_dictionary_installed_after_a_build_makes_its_pairs_out_of_date(tmp_path, monkeypatch):
    """The lexical signal reads dictionaries installed on the machine: a pair aligned before its language pair's
    dictionary was installed (or upgraded) is redone; pairs of other languages are not."""
    import aligner.batch
    from aligner.lexical.dictionary import installed_fingerprint

    dictd = tmp_path / "dictd"
    dictd.mkdir()
    assert installed_fingerprint("en", "ru", dictd) == "none"
    (dictd / "freedict-eng-rus.index").write_text("cat\tA\tB\n", encoding="utf-8")
    (dictd / "freedict-eng-rus.dict.dz").write_bytes(b"x" * 10)
    (dictd / "freedict-deu-fra.index").write_text("Katze\tA\tB\n", encoding="utf-8")
    installed = installed_fingerprint("en", "ru", dictd)
    assert installed != "none"
    assert installed_fingerprint("ru", "en", dictd) == installed          # either order names the same pair
    assert installed_fingerprint("de", "fr", dictd) not in ("none", installed)
    (dictd / "freedict-eng-rus.dict.dz").write_bytes(b"x" * 11)            # an upgrade: other entries
    assert installed_fingerprint("en", "ru", dictd) != installed

    store = new_store(tmp_path / "c.db", [seed_entry()])
    assert build(store, FAST).done == 1
    assert plan(store, FAST)[0] == []
    (pid,) = store.pair_ids()
    stored = store.db.execute("SELECT settings FROM pair_state WHERE pair_id = ?", (pid,)).fetchone()[0]
    assert f"|lex:yes:{installed_fingerprint('en', 'ru')}" in stored

    monkeypatch.setattr(aligner.batch, "installed_fingerprint",
                        lambda a, b: "0123456789ab" if {a, b} == {"en", "ru"} else "none")
    todo, skipped = plan(store, FAST)
    assert ([job.pair_id for job in todo], skipped) == ([pid], 0)
    # A worker (a Dask machine) with other dictionaries still stores what plan() compares with, so the next
    # build does not redo the pair again.
    monkeypatch.setattr(aligner.batch, "installed_fingerprint", lambda a, b: "fedcba987654")
    assert "|lex:yes:0123456789ab" in aligner.batch.run_job(todo[0]).settings
    # Without the lexical signal the dictionaries do not matter.
    no_lexical = BuildSettings(encoder="none", lexical=False)
    assert build(store, no_lexical).done == 1
    assert plan(store, no_lexical)[0] == []


def test_failures_are_recorded_and_the_build_goes_on(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.en.txt").write_bytes(b"")
    (bad / "empty.ru.txt").write_text("Текст есть.", encoding="utf-8")
    (bad / "binary.en.txt").write_bytes(b"\x00\x01\x02 not text")
    (bad / "binary.ru.txt").write_text("Текст.", encoding="utf-8")
    entries = [seed_entry("a-seed"),
               PairEntry("empty", str(bad / "empty.en.txt"), str(bad / "empty.ru.txt"), "en", "ru"),
               PairEntry("binary", str(bad / "binary.en.txt"), str(bad / "binary.ru.txt"), "en", "ru"),
               PairEntry("missing", str(bad / "gone.en.txt"), str(bad / "empty.ru.txt"), "en", "ru"),
               seed_entry("z-seed")]
    store = new_store(tmp_path / "c.db", entries)
    summary = build(store, FAST)
    assert summary.done == 2
    failed = dict(summary.failed)
    assert set(failed) == {"empty", "binary", "missing"}
    assert "empty" in failed["empty"] and "empty.en.txt" in failed["empty"]
    assert "NUL" in failed["binary"] or "binary" in failed["binary"]
    assert "no such file" in failed["missing"]
    assert store.failures() == sorted(summary.failed)
    # a failed pair leaves no documents behind
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 4


@needs_shared
def test_parallel_build_equals_local_build(tmp_path):
    entries = [seed_entry()] + wmt_entries(5)
    local = new_store(tmp_path / "local.db", entries)
    build(local, FAST)
    parallel = new_store(tmp_path / "parallel.db", entries)
    summary = build(parallel, FAST, jobs=2)
    assert summary.done == 6 and not summary.failed
    assert parallel.dump() == local.dump()


@needs_shared
def test_dask_build_equals_local_build(tmp_path):
    distributed = pytest.importorskip("distributed")
    entries = [seed_entry()] + wmt_entries(4)
    local = new_store(tmp_path / "local.db", entries)
    build(local, FAST)
    remote = new_store(tmp_path / "dask.db", entries)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://", host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        summary = build(remote, FAST, dask=cluster.scheduler_address)
    assert summary.done == 5 and not summary.failed
    assert remote.dump() == local.dump()


@needs_shared
def test_killed_build_resumes_and_completes(tmp_path):
    """SIGKILL a build in a subprocess once some pairs are stored; no pair is half-written, and the next
    build does only what is left and ends equal to an uninterrupted build."""
    entries = wmt_entries(40)
    path = tmp_path / "c.db"
    new_store(path, entries).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "bitext.cli", "corpus", "build", str(path), "--encoder", "none"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        with sqlite3.connect(path, timeout=5) as db:
            stored = db.execute("SELECT COUNT(*) FROM pair_state").fetchone()[0]
        if stored >= 3:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be interrupted"
    store = Store(path)
    done_before = len(store.pair_ids())
    assert 3 <= done_before < len(entries)
    # nothing half-written: every stored pair has its two documents and its links, and nothing else is stored
    assert store.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2 * done_before
    assert store.db.execute("SELECT COUNT(DISTINCT pair_id) FROM links").fetchone()[0] == done_before
    todo, skipped = plan(store, FAST)
    assert skipped == done_before and len(todo) == len(entries) - done_before
    summary = build(store, FAST)
    assert (summary.done, summary.skipped, summary.failed) == (len(entries) - done_before, done_before, [])
    fresh = new_store(tmp_path / "fresh.db", entries)
    build(fresh, FAST)
    assert store.dump() == fresh.dump()


def test_input_hash_covers_bytes_languages_and_metadata(tmp_path):
    (tmp_path / "a.en.txt").write_text("One sentence.", encoding="utf-8")
    (tmp_path / "a.ru.txt").write_text("Одно предложение.", encoding="utf-8")
    entry = PairEntry("a", str(tmp_path / "a.en.txt"), str(tmp_path / "a.ru.txt"), "en", "ru")
    first = input_hash(entry)
    assert input_hash(entry) == first
    assert input_hash(PairEntry("a", entry.src_path, entry.tgt_path, "en", "uk")) != first
    (tmp_path / "a.ru.meta.json").write_text('{"translator": "A. Translator"}', encoding="utf-8")
    with_meta = input_hash(entry)
    assert with_meta != first
    (tmp_path / "a.en.txt").write_text("One sentence!", encoding="utf-8")
    assert input_hash(entry) not in (first, with_meta)


def test_glossary_terms_are_stored_and_a_changed_glossary_redoes_pairs(tmp_path):
    from corpus.terminology import STARTER_GLOSSARY
    glossary = tmp_path / "terms.csv"
    glossary.write_bytes(STARTER_GLOSSARY.read_bytes())
    store = new_store(tmp_path / "c.db", [seed_entry()])
    settings = BuildSettings.with_glossary(glossary, encoder="none")
    assert build(store, settings).done == 1
    (pid,) = store.pair_ids()
    documents = store.read_documents(pid)
    for document in documents:
        assert document.terms, f"the seed's {document.lang} side holds glossary terms"
        body = {s[2]: (s[3], s[4]) for s in document.sentences if s[2] is not None}
        for body_idx, start, end, concept, term, status in document.terms:
            s_start, s_end = body[body_idx]
            assert s_start <= start < end <= s_end          # inside its sentence, exact document offsets
            assert status in ("preferred", "admitted", "forbidden")
    concepts = [{t[3] for t in d.terms} for d in documents]
    assert concepts[0] & concepts[1], "some concepts are found on both sides"
    assert build(store, BuildSettings.with_glossary(glossary, encoder="none")).skipped == 1
    glossary.write_bytes(glossary.read_bytes() + b"\n")
    assert build(store, BuildSettings.with_glossary(glossary, encoder="none")).done == 1


def test_store_of_schema_1_is_migrated_to_the_current_one(tmp_path):
    """A store written by the first schema gets the terms table, and keeps its pairs."""
    from corpus.store import schema
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    schema.MIGRATIONS[0](db)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO pairs (name, src_path, tgt_path, src_lang, tgt_lang) VALUES ('a', 'a.en', 'a.ru', 'en', 'ru')")
    db.execute("COMMIT")
    db.close()
    store = Store(path)
    assert store.migrated_from == 1
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert [p.name for p in store.pairs()] == ["a"]
    assert store.db.execute("SELECT COUNT(*) FROM terms").fetchone()[0] == 0
