"""The store itself: schema migrations, pragmas, one transaction per pair, manifests and folder discovery."""

from __future__ import annotations

import re
import sqlite3

import pytest

from corpus.errors import InputError
from corpus.manifest import discover, read_manifest, scan_folder
from corpus.store import PairEntry, PairResult, Store, schema
from corpus.store.records import DocumentRecord, LinkRecord

from conftest import SEEDS


def test_new_store_is_current_with_wal_and_foreign_keys(tmp_path):
    store = Store(tmp_path / "c.db", create=True)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == schema.VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.migrated_from == 0
    store.close()
    again = Store(tmp_path / "c.db")
    assert again.migrated_from == schema.VERSION


def test_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "c.db"
    Store(path, create=True).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {schema.VERSION + 1}")
    with pytest.raises(InputError, match="newer than this bitext knows"):
        Store(path)


def test_a_failed_migration_leaves_the_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "c.db"
    Store(path, create=True).close()

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("migration bug")

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken])
    monkeypatch.setattr(schema, "VERSION", len(schema.MIGRATIONS))
    with pytest.raises(RuntimeError):
        Store(path)
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) - 1
        assert not db.execute("SELECT name FROM sqlite_master WHERE name = 'half_done'").fetchall()


def test_not_a_store_is_one_clear_error(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(InputError, match="not a corpus store"):
        Store(text)
    with pytest.raises(InputError, match="no such corpus store"):
        Store(tmp_path / "missing.db")


def _result(pid: int, text: str, broken: bool = False) -> PairResult:
    doc = DocumentRecord("src", "en", text, blocks=[(0, "paragraph", 0, len(text), "{}")],
                         sentences=[(0, 0, 0, 0, len(text))])
    other = DocumentRecord("tgt", "ru", text, blocks=[(0, "paragraph", 0, len(text), "{}")],
                           sentences=[(0, 5 if broken else 0, 0, 0, len(text))])   # block 5 does not exist
    link = LinkRecord(0, (0,), (0,), 0.9, 0.1, "bitext", text, text, text.lower(), text.lower())
    return PairResult(pid, "h", "s", documents=[doc, other], links=[link])


def test_a_pair_is_written_whole_or_not_at_all(tmp_path):
    store = Store(tmp_path / "c.db", create=True)
    store.add_pairs([PairEntry("a", "a.en", "a.ru", "en", "ru")])
    (entry,) = store.pairs()
    store.write_result(_result(entry.id, "First version."))
    with pytest.raises(sqlite3.IntegrityError):   # the foreign key from sentence to block fails mid-pair
        store.write_result(_result(entry.id, "Second version.", broken=True))
    # the first version is still there, complete
    assert [d.text for d in store.read_documents(entry.id)] == ["First version.", "First version."]
    assert [link.src_text for link in store.read_links(entry.id)] == ["First version."]


def test_manifest_pairs_metadata_and_counterpart(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "ru").mkdir()
    (tmp_path / "en" / "story.html").write_text(
        '<html lang="en"><body><a href="../ru/story.html" hreflang="ru">Читать на русском</a>'
        "<h1>Title</h1><p>One sentence here. Another one.</p></body></html>", encoding="utf-8")
    (tmp_path / "ru" / "story.html").write_text(
        '<html lang="ru"><body><h1>Заголовок</h1><p>Одно предложение. Ещё одно.</p></body></html>', encoding="utf-8")
    manifest = tmp_path / "corpus.toml"
    manifest.write_text(f'''
[defaults]
licence = "CC BY 4.0"

[[pair]]
id = "seed"
src = "{SEEDS / 'sino-russian-entente.en.txt'}"
tgt = "{SEEDS / 'sino-russian-entente.ru.txt'}"
title = "Towards a Sino-Russian entente?"
translator = "A. Translator"

[[pair]]
src = "en/story.html"
src_lang = "en"
tgt_lang = "ru"
''', encoding="utf-8")
    found = read_manifest(manifest)
    seed, story = found.pairs
    assert seed.meta == {"title": "Towards a Sino-Russian entente?", "translator": "A. Translator",
                         "licence": "CC BY 4.0"}
    assert (seed.src_lang, seed.tgt_lang) == ("en", "ru")
    # the second entry names no target: the language-switch link does
    assert story.tgt.resolve() == (tmp_path / "ru" / "story.html").resolve()
    assert story.name == "story"


def test_bad_manifests_name_the_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(f"[[pair]]\nsrc = '{SEEDS / 'sino-russian-entente.en.txt'}'\ncolour = 'red'\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown key"):
        read_manifest(bad)
    bad.write_text(f"[[pair]]\nsrc = '{SEEDS / 'sino-russian-entente.en.txt'}'\ntgt = 'gone.ru.txt'\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no such file \(pair 1, tgt"):
        read_manifest(bad)
    bad.write_text("not toml = = =", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML"):
        read_manifest(bad)


def test_folder_pairs_by_name_and_reports_orphans(tmp_path):
    for rel in ("a.en.txt", "a.ru.txt", "b.en.txt", "en/c.html", "ru/c.html", "ru/d.html", "sub/e.en.txt",
                "sub/e.ru.txt", "README.txt", "a.en.meta.json"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = scan_folder(tmp_path)
    assert [(p.name, p.src.name, p.tgt.name) for p in found.pairs] == [
        ("a", "a.en.txt", "a.ru.txt"), ("c", "c.html", "c.html"), ("sub/e", "e.en.txt", "e.ru.txt")]
    assert all((p.src_lang, p.tgt_lang) == ("en", "ru") for p in found.pairs)
    orphans = {path.relative_to(tmp_path).as_posix(): why for path, why in found.unpaired}
    assert orphans == {"README.txt": "no language code in its name or folder", "b.en.txt": "no partner in ru",
                       "ru/d.html": "no partner in en"}
    reverse = discover(tmp_path, ("ru", "en"))
    assert [(p.src_lang, p.src.name) for p in reverse.pairs][0] == ("ru", "a.ru.txt")


def _grams(store: Store, text: str) -> list[int]:
    """Links the trigram index holds *text* in (either side)."""
    from corpus.store.regex_grams import fts5
    return [r[0] for r in store.db.execute("SELECT rowid FROM link_grams WHERE link_grams MATCH ? ORDER BY rowid",
                                           (fts5(("str", text)),))]


def test_rewriting_a_pair_replaces_its_trigram_rows(tmp_path):
    """The trigram index is contentless: a rewritten pair must take its old text out of it, or a regex search
    would read links for words they no longer hold."""
    seed = (SEEDS / "sino-russian-entente.en.txt").read_text(encoding="utf-8").split("\n")
    long = [line for line in seed if len(line) > 80 and "alliance" not in line]
    first = next(line for line in long if re.search(r"\d{3}", line))        # names a year
    second = next(line for line in long if not re.search(r"\d", line))      # no digits at all
    store = Store(tmp_path / "c.db", create=True)
    store.add_pairs([PairEntry("a", "a.en", "a.ru", "en", "ru")])
    (entry,) = store.pairs()
    store.write_result(_result(entry.id, first))
    word = max(first.split(), key=len)
    assert _grams(store, word) == [schema.link_rowid(entry.id, 0)]
    digits = [r[0] for r in store.db.execute("SELECT rowid FROM link_shapes WHERE link_shapes MATCH '\"000\"'")]
    store.write_result(_result(entry.id, second))
    assert _grams(store, word) == ([schema.link_rowid(entry.id, 0)] if word in second else [])
    after = [r[0] for r in store.db.execute("SELECT rowid FROM link_shapes WHERE link_shapes MATCH '\"000\"'")]
    assert (digits, after) == ([schema.link_rowid(entry.id, 0)], [])
    assert _grams(store, second[:20]) == [schema.link_rowid(entry.id, 0)]
    store.db.execute("INSERT INTO link_grams (link_grams) VALUES ('integrity-check')")
    store.db.execute("INSERT INTO link_shapes (link_shapes) VALUES ('integrity-check')")


def test_schema_2_store_migrates_to_trigrams_and_link_terms(tmp_path):
    """A store built before schema 3 gets its trigram index and per-link terms from the rows it already has,
    equal to what a build at schema 3 writes."""
    from aligner.batch import BuildSettings, build
    from corpus.terminology import STARTER_GLOSSARY

    path = tmp_path / "c.db"
    store = Store(path, create=True)
    store.add_pairs([PairEntry("seed", str(SEEDS / "sino-russian-entente.en.txt"),
                               str(SEEDS / "sino-russian-entente.ru.txt"), "en", "ru")])
    build(store, BuildSettings.with_glossary(STARTER_GLOSSARY, encoder="none"))
    built = store.dump()
    grams = _grams(store, "alliance")
    assert built and grams and any(row[0] == "link_terms" for row in built)
    # take the store back to what schema 2 had
    shapes = [r[0] for r in store.db.execute("SELECT rowid FROM link_shapes WHERE link_shapes MATCH '\"000\"'")]
    assert shapes   # the seed names years
    store.db.execute("DROP TABLE link_grams")
    store.db.execute("DROP TABLE link_shapes")
    store.db.execute("DROP TABLE link_terms")
    store.db.execute("PRAGMA user_version = 2")
    store.close()
    heard: list[str] = []
    migrated = Store(path, announce=heard.append)
    assert migrated.migrated_from == 2
    assert heard == ["upgrading the store's schema from version 2 to 3"]   # the CLI prints it: it takes a while
    assert migrated.dump() == built
    assert _grams(migrated, "alliance") == grams
    assert [r[0] for r in migrated.db.execute("SELECT rowid FROM link_shapes WHERE link_shapes MATCH '\"000\"'")] \
        == shapes
