"""The corpus store: one SQLite file per corpus (WAL, foreign keys on, schema migrated on open).

Writes happen in one process (the build's parent); each pair's documents, sentences, links and state go in
one transaction, so a build killed at any moment leaves every pair either complete or as it was before.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from corpus.errors import InputError

from . import schema
from .link_terms import link_term_rows
from .records import DocumentRecord, LinkRecord, PairResult
from .shapes import shape

SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class PairEntry:
    """A registered pair: where its two files are and what is known about it."""

    name: str
    src_path: str
    tgt_path: str
    src_lang: str
    tgt_lang: str
    segmented: bool = False
    meta: tuple[tuple[str, str], ...] = ()
    id: int | None = None


class Store:
    def __init__(self, path: str | os.PathLike, create: bool = False, announce=None):
        """``announce(message)`` is told before each schema upgrade of an existing store (a million-link store
        takes a minute or two to re-index; the CLI prints it on stderr)."""
        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputError(self.path, "no such corpus store (create it with `bitext corpus init`)")
        if self.path.is_dir():
            raise InputError(self.path, "is a directory, expected a corpus store file")
        if self.path.exists() and self.path.stat().st_size:
            with open(self.path, "rb") as handle:
                if handle.read(16) != SQLITE_MAGIC:
                    raise InputError(self.path, "not a corpus store (not an SQLite database)")
        # autocommit mode: transactions are opened explicitly, one per pair
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        # the shape index (schema 3) is written and cleared through SQL, so the shape function lives in SQL too
        self.db.create_function("bitext_shape", 1, shape, deterministic=True)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = NORMAL")
        try:
            self.migrated_from = schema.migrate(self.db, announce)
        except ValueError as error:
            self.db.close()
            raise InputError(self.path, str(error)) from None
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise InputError(self.path, f"not a usable corpus store ({error})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- pairs ---------------------------------------------------------------------------------------------
    def add_pairs(self, entries: list[PairEntry]) -> tuple[int, int]:
        """Register pairs (by name); a known name gets its paths and metadata updated.  Returns (new, updated)."""
        new = updated = 0
        with self.transaction():
            for e in entries:
                meta = json.dumps(dict(e.meta), ensure_ascii=False, sort_keys=True)
                row = self.db.execute("SELECT id FROM pairs WHERE name = ?", (e.name,)).fetchone()
                values = (e.src_path, e.tgt_path, e.src_lang, e.tgt_lang, int(e.segmented), meta)
                if row is None:
                    self.db.execute("INSERT INTO pairs (name, src_path, tgt_path, src_lang, tgt_lang, segmented, meta)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?)", (e.name, *values))
                    new += 1
                else:
                    self.db.execute("UPDATE pairs SET src_path=?, tgt_path=?, src_lang=?, tgt_lang=?, segmented=?, "
                                    "meta=? WHERE id=?", (*values, row[0]))
                    updated += 1
        return new, updated

    def pairs(self) -> list[PairEntry]:
        rows = self.db.execute("SELECT id, name, src_path, tgt_path, src_lang, tgt_lang, segmented, meta "
                               "FROM pairs ORDER BY name").fetchall()
        return [PairEntry(name, s, t, sl, tl, bool(seg), tuple(sorted(json.loads(meta).items())), pid)
                for pid, name, s, t, sl, tl, seg, meta in rows]

    def state(self) -> dict[int, tuple[str, str, str]]:
        """pair id → (input hash, settings signature, status) of its last build."""
        return {pid: (h, s, st) for pid, h, s, st in
                self.db.execute("SELECT pair_id, input_hash, settings, status FROM pair_state")}

    # -- runs ----------------------------------------------------------------------------------------------
    def start_run(self, signature: str, settings: dict, started: str, jobs: str) -> int:
        with self.transaction():
            cursor = self.db.execute("INSERT INTO runs (signature, settings, started, jobs) VALUES (?, ?, ?, ?)",
                                     (signature, json.dumps(settings, sort_keys=True), started, jobs))
        return cursor.lastrowid

    def finish_run(self, run_id: int, finished: str, done: int, skipped: int, failed: int) -> None:
        with self.transaction():
            self.db.execute("UPDATE runs SET finished=?, done=?, skipped=?, failed=? WHERE id=?",
                            (finished, done, skipped, failed, run_id))

    # -- writing one pair ----------------------------------------------------------------------------------
    def transaction(self):
        return _Transaction(self.db)

    def write_result(self, result: PairResult, run_id: int | None = None) -> None:
        """Replace everything stored for the pair by *result* (documents and links, or the failure)."""
        pid = result.pair_id
        with self.transaction():
            self._clear(pid)
            status = "ok" if result.ok else "failed"
            self.db.execute("INSERT INTO pair_state (pair_id, input_hash, settings, status, error, signature, run_id,"
                            " seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            (pid, result.input_hash, result.settings, status, result.error, result.signature, run_id,
                             round(result.seconds, 3)))
            self.db.executemany("INSERT INTO qa_findings (pair_id, idx, severity, message) VALUES (?, ?, ?, ?)",
                                [(pid, i, sev, msg) for i, (sev, msg) in enumerate(result.findings)])
            if not result.ok:
                return
            for document in result.documents:
                self._write_document(pid, document)
            self._write_links(pid, result.links)
            self._write_link_terms(pid, result.documents, result.links)

    def _clear(self, pid: int) -> None:
        low, high = schema.link_rowid(pid, 0), schema.link_rowid(pid + 1, 0)
        # the trigram index is contentless: FTS5 removes a row given the text it was indexed with
        self.db.execute("INSERT INTO link_grams (link_grams, rowid, src, tgt) SELECT 'delete', rowid, src, tgt "
                        "FROM link_text WHERE rowid >= ? AND rowid < ?", (low, high))
        self.db.execute("INSERT INTO link_shapes (link_shapes, rowid, src, tgt) SELECT 'delete', rowid, "
                        "bitext_shape(src), bitext_shape(tgt) FROM link_text WHERE rowid >= ? AND rowid < ?",
                        (low, high))
        self.db.execute("DELETE FROM link_terms WHERE link_id >= ? AND link_id < ?", (low, high))
        self.db.execute("DELETE FROM link_text WHERE rowid >= ? AND rowid < ?", (low, high))
        self.db.execute("DELETE FROM links WHERE pair_id = ?", (pid,))
        self.db.execute("DELETE FROM documents WHERE pair_id = ?", (pid,))
        self.db.execute("DELETE FROM qa_findings WHERE pair_id = ?", (pid,))
        self.db.execute("DELETE FROM pair_state WHERE pair_id = ?", (pid,))

    def _write_document(self, pid: int, d: DocumentRecord) -> None:
        did = schema.document_id(pid, d.side)
        self.db.execute("INSERT INTO documents (id, pair_id, side, lang, path, sha256, encoding, media_type, size, "
                        "text, meta, tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (did, pid, d.side, d.lang, d.path, d.sha256, d.encoding, d.media_type, d.size, d.text,
                         json.dumps(d.meta, ensure_ascii=False, sort_keys=True), d.tokens))
        self.db.executemany('INSERT INTO blocks (document_id, idx, kind, start, "end", attrs) VALUES (?, ?, ?, ?, ?, ?)',
                            [(did, *b) for b in d.blocks])
        self.db.executemany('INSERT INTO sentences (document_id, idx, block_idx, body_idx, start, "end") '
                            'VALUES (?, ?, ?, ?, ?, ?)', [(did, *s) for s in d.sentences])
        self.db.executemany('INSERT INTO terms (document_id, idx, body_idx, start, "end", concept_id, term, status) '
                            'VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [(did, i, *t) for i, t in enumerate(d.terms)])

    def _write_links(self, pid: int, links: list[LinkRecord]) -> None:
        if len(links) >= schema.LINKS_PER_PAIR:
            raise ValueError(f"a pair may hold at most {schema.LINKS_PER_PAIR - 1} links")
        rows, texts = [], []
        for link in links:
            rowid = schema.link_rowid(pid, link.idx)
            rows.append((rowid, pid, link.idx, link.type, link.src[0] if link.src else -1, len(link.src),
                         link.tgt[0] if link.tgt else -1, len(link.tgt), link.confidence, link.cost, link.resp))
            texts.append((rowid, link.src_text, link.tgt_text, link.src_lemma, link.tgt_lemma))
        self.db.executemany("INSERT INTO links (id, pair_id, idx, type, src_first, src_count, tgt_first, tgt_count, "
                            "confidence, cost, resp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO link_text (rowid, src, tgt, src_lemma, tgt_lemma) VALUES (?, ?, ?, ?, ?)",
                            texts)
        self.db.executemany("INSERT INTO link_grams (rowid, src, tgt) VALUES (?, ?, ?)", [t[:3] for t in texts])
        self.db.executemany("INSERT INTO link_shapes (rowid, src, tgt) VALUES (?, ?, ?)",
                            [(rowid, shape(src), shape(tgt)) for rowid, src, tgt, _sl, _tl in texts])

    def _write_link_terms(self, pid: int, documents: list[DocumentRecord], links: list[LinkRecord]) -> None:
        if not any(d.terms for d in documents):
            return
        sentences = {d.side: {body: (start, end) for _i, _b, body, start, end in d.sentences if body is not None}
                     for d in documents}
        terms = {d.side: d.terms for d in documents}
        rows = link_term_rows([(schema.link_rowid(pid, link.idx), link.src, link.tgt) for link in links],
                              sentences, terms)
        self.db.executemany('INSERT INTO link_terms (concept_id, link_id, side, start, "end", term, term_key, '
                            'status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', rows)

    # -- reading ------------------------------------------------------------------------------------------
    def pair_ids(self, status: str = "ok") -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT p.id FROM pairs p JOIN pair_state s ON s.pair_id = p.id WHERE s.status = ? ORDER BY p.name",
            (status,))]

    def read_documents(self, pid: int) -> list[DocumentRecord]:
        documents = []
        for did, side, lang, path, sha, enc, media, size, text, meta, tokens in self.db.execute(
                "SELECT id, side, lang, path, sha256, encoding, media_type, size, text, meta, tokens FROM documents "
                "WHERE pair_id = ? ORDER BY side", (pid,)).fetchall():
            blocks = self.db.execute('SELECT idx, kind, start, "end", attrs FROM blocks WHERE document_id = ? '
                                     'ORDER BY idx', (did,)).fetchall()
            sentences = self.db.execute('SELECT idx, block_idx, body_idx, start, "end" FROM sentences '
                                        'WHERE document_id = ? ORDER BY idx', (did,)).fetchall()
            terms = self.db.execute('SELECT body_idx, start, "end", concept_id, term, status FROM terms '
                                    'WHERE document_id = ? ORDER BY idx', (did,)).fetchall()
            documents.append(DocumentRecord(side, lang, text, path, sha, enc, media, size, json.loads(meta), tokens,
                                            [tuple(b) for b in blocks], [tuple(s) for s in sentences],
                                            [tuple(t) for t in terms]))
        return documents

    def read_links(self, pid: int) -> Iterator[LinkRecord]:
        for idx, sf, sc, tf, tc, conf, cost, resp, st, tt, sl, tl in self.db.execute(
                "SELECT l.idx, l.src_first, l.src_count, l.tgt_first, l.tgt_count, l.confidence, l.cost, l.resp, "
                "t.src, t.tgt, t.src_lemma, t.tgt_lemma FROM links l JOIN link_text t ON t.rowid = l.id "
                "WHERE l.pair_id = ? ORDER BY l.idx", (pid,)):
            yield LinkRecord(idx, tuple(range(sf, sf + sc)), tuple(range(tf, tf + tc)), conf, cost, resp, st, tt, sl, tl)

    def pair_entry(self, pid: int) -> PairEntry:
        return next(p for p in self.pairs() if p.id == pid)

    def last_run(self) -> dict | None:
        row = self.db.execute("SELECT id, signature, settings, started, finished, jobs FROM runs "
                              "ORDER BY id DESC LIMIT 1").fetchone()
        if row is None:
            return None
        return dict(zip(("id", "signature", "settings", "started", "finished", "jobs"), row))

    def failures(self) -> list[tuple[str, str]]:
        return self.db.execute("SELECT p.name, s.error FROM pair_state s JOIN pairs p ON p.id = s.pair_id "
                               "WHERE s.status = 'failed' ORDER BY p.name").fetchall()

    def dump(self) -> list[tuple]:
        """Every stored fact about the corpus that a build decides (no run ids, dates or timings): two builds of
        the same inputs with the same settings give equal dumps, whatever ran them."""
        out = []
        for table, order in (("pairs", "id"), ("documents", "id"), ("blocks", "document_id, idx"),
                             ("sentences", "document_id, idx"), ("terms", "document_id, idx"), ("links", "id"),
                             ("link_terms", "concept_id, link_id, side, start"),
                             ("qa_findings", "pair_id, idx")):
            out += [(table, *row) for row in self.db.execute(f"SELECT * FROM {table} ORDER BY {order}")]
        out += [("pair_state", *r) for r in self.db.execute(
            "SELECT pair_id, input_hash, settings, status, error, signature FROM pair_state ORDER BY pair_id")]
        out += [("link_text", *r) for r in self.db.execute("SELECT rowid, * FROM link_text ORDER BY rowid")]
        return out


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any exception (KeyboardInterrupt included)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, value, traceback):
        self.db.execute("ROLLBACK" if kind else "COMMIT")
        return False
