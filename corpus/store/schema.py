"""The corpus store's schema: ordered migrations, applied by ``PRAGMA user_version``.

Migration *n* (1-based) takes a store at version n-1 to version n; a store newer than this code is refused
(an old bitext must not write into a layout it does not know).  Row ids are derived from the pair id and
positions (see ``ids``), never from insertion order, so two builds of the same corpus — one process, N
processes or a Dask cluster, in any completion order — produce identical tables.
"""

from __future__ import annotations

import sqlite3
from typing import Callable

# Link and document ids are packed from the pair id: a pair may hold at most this many links.
LINKS_PER_PAIR = 1 << 20


def link_rowid(pair_id: int, index: int) -> int:
    return pair_id * LINKS_PER_PAIR + index


def document_id(pair_id: int, side: str) -> int:
    return pair_id * 2 + (0 if side == "src" else 1)


def _statements(script: str) -> list[str]:
    """Split a script into statements (``executescript`` would commit behind the migration's back)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return statements


def _v1(db: sqlite3.Connection) -> None:
    for statement in _statements("""
    CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    -- One row per document pair registered with `corpus add` (a manifest entry or a pair found in a folder).
    CREATE TABLE pairs (
        id        INTEGER PRIMARY KEY,
        name      TEXT NOT NULL UNIQUE,
        src_path  TEXT NOT NULL,
        tgt_path  TEXT NOT NULL,
        src_lang  TEXT NOT NULL,
        tgt_lang  TEXT NOT NULL,
        segmented INTEGER NOT NULL DEFAULT 0,
        meta      TEXT NOT NULL DEFAULT '{}'      -- JSON: title, author, translator, date, url, licence, ...
    );

    -- Every build: its settings signature and what it did.
    CREATE TABLE runs (
        id        INTEGER PRIMARY KEY,
        signature TEXT NOT NULL,
        settings  TEXT NOT NULL,                  -- JSON
        started   TEXT NOT NULL,
        finished  TEXT,
        jobs      TEXT NOT NULL,                  -- "1", "4", "dask:tcp://..."
        done      INTEGER NOT NULL DEFAULT 0,
        skipped   INTEGER NOT NULL DEFAULT 0,
        failed    INTEGER NOT NULL DEFAULT 0
    );

    -- The state of each pair after its last build: what went in (hashes, settings) and what came out.
    CREATE TABLE pair_state (
        pair_id    INTEGER PRIMARY KEY REFERENCES pairs(id) ON DELETE CASCADE,
        input_hash TEXT NOT NULL,
        settings   TEXT NOT NULL,                 -- the settings signature
        status     TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        error      TEXT,
        signature  TEXT,                          -- the aligner's own reproducibility signature
        run_id     INTEGER REFERENCES runs(id),
        seconds    REAL
    );

    CREATE TABLE documents (
        id         INTEGER PRIMARY KEY,           -- schema.document_id(pair, side)
        pair_id    INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        side       TEXT NOT NULL CHECK (side IN ('src', 'tgt')),
        lang       TEXT NOT NULL,
        path       TEXT,
        sha256     TEXT,                          -- of the input bytes
        encoding   TEXT,
        media_type TEXT,
        size       INTEGER,
        text       TEXT NOT NULL,
        meta       TEXT NOT NULL DEFAULT '{}',
        tokens     INTEGER NOT NULL DEFAULT 0,    -- word tokens in body sentences
        UNIQUE (pair_id, side)
    );

    CREATE TABLE blocks (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        kind        TEXT NOT NULL,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        attrs       TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;

    -- Sentences in document order; body_idx numbers the body sentences that links point at.
    CREATE TABLE sentences (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        block_idx   INTEGER NOT NULL,
        body_idx    INTEGER,
        start       INTEGER NOT NULL,
        "end"       INTEGER NOT NULL,
        PRIMARY KEY (document_id, idx),
        FOREIGN KEY (document_id, block_idx) REFERENCES blocks(document_id, idx) ON DELETE CASCADE
    ) WITHOUT ROWID;

    CREATE TABLE links (
        id         INTEGER PRIMARY KEY,           -- schema.link_rowid(pair, idx); also the FTS rowid
        pair_id    INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        type       TEXT NOT NULL,                 -- "1-1", "2-1", "1-0", ...
        src_first  INTEGER NOT NULL,
        src_count  INTEGER NOT NULL,
        tgt_first  INTEGER NOT NULL,
        tgt_count  INTEGER NOT NULL,
        confidence REAL NOT NULL,
        cost       REAL NOT NULL,
        resp       TEXT NOT NULL,                 -- who made it: "bitext" or a person
        UNIQUE (pair_id, idx)
    );
    CREATE INDEX links_type ON links(type);

    -- What a build noticed about a pair (aligner warnings, a bad input): kept with the pair, shown by stats.
    CREATE TABLE qa_findings (
        pair_id  INTEGER NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
        idx      INTEGER NOT NULL,
        severity TEXT NOT NULL,
        message  TEXT NOT NULL,
        PRIMARY KEY (pair_id, idx)
    ) WITHOUT ROWID;

    -- The concordance: both sides' text and lemma keys of every link; rowid = links.id.
    CREATE VIRTUAL TABLE link_text USING fts5(
        src, tgt, src_lemma, tgt_lemma,
        tokenize = "unicode61 remove_diacritics 2"
    );
    """):
        db.execute(statement)


def _v2(db: sqlite3.Connection) -> None:
    """Glossary terms found in the body sentences (``bitext corpus build --glossary``)."""
    for statement in _statements("""
    CREATE TABLE terms (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        idx         INTEGER NOT NULL,
        body_idx    INTEGER NOT NULL,             -- the sentence (link indices count these)
        start       INTEGER NOT NULL,             -- offsets into documents.text
        "end"       INTEGER NOT NULL,
        concept_id  TEXT NOT NULL,
        term        TEXT NOT NULL,                -- the glossary's form of the term that matched
        status      TEXT NOT NULL,                -- preferred, admitted, forbidden
        PRIMARY KEY (document_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX terms_concept ON terms(concept_id);
    """):
        db.execute(statement)


def _v3(db: sqlite3.Connection) -> None:
    """Regular expressions and glossary terms become index look-ups.

    ``link_grams``: the trigrams of both sides' text (case folded); ``link_shapes``: the trigrams of their
    shapes (every character replaced by its class, ``shapes``: ``\\d{4}-\\d{2}`` → ``0000-00``).  A
    ``--regex`` reads only the links holding what the pattern needs (``regex_grams``).  Both are contentless
    (the text is in ``link_text``), without column sizes or positions (``detail=none``, a third of the size
    of a full index; a substring is looked up as the AND of its trigrams, and ``re`` checks every candidate
    anyway); rows are removed with FTS5's 'delete' command and the old text.  ``link_terms``: glossary terms
    per link with offsets into the link's text (``link_terms``), for ``--term`` and ``--term-missing``.
    Needs the SQL function ``bitext_shape`` (``Store`` registers it)."""
    for statement in _statements("""
    CREATE VIRTUAL TABLE link_grams USING fts5(
        src, tgt, content = '', columnsize = 0, detail = none, tokenize = 'trigram'
    );
    INSERT INTO link_grams (rowid, src, tgt) SELECT rowid, src, tgt FROM link_text;
    CREATE VIRTUAL TABLE link_shapes USING fts5(
        src, tgt, content = '', columnsize = 0, detail = none, tokenize = 'trigram case_sensitive 1'
    );
    INSERT INTO link_shapes (rowid, src, tgt) SELECT rowid, bitext_shape(src), bitext_shape(tgt) FROM link_text;

    CREATE TABLE link_terms (
        concept_id TEXT NOT NULL,
        link_id    INTEGER NOT NULL REFERENCES links(id) ON DELETE CASCADE,
        side       TEXT NOT NULL CHECK (side IN ('src', 'tgt')),
        start      INTEGER NOT NULL,              -- offsets into the link's text on that side
        "end"      INTEGER NOT NULL,
        term       TEXT NOT NULL,                 -- the glossary's form that matched
        term_key   TEXT NOT NULL,                 -- link_terms.term_key(term): what --term compares
        status     TEXT NOT NULL,
        PRIMARY KEY (concept_id, link_id, side, start)
    ) WITHOUT ROWID;
    CREATE INDEX link_terms_key ON link_terms(term_key, concept_id);
    CREATE INDEX link_terms_link ON link_terms(link_id);
    """):
        db.execute(statement)
    _fill_link_terms(db)


def _fill_link_terms(db: sqlite3.Connection) -> None:
    """link_terms for a store built before schema 3: from terms, sentences and links, pair by pair."""
    from .link_terms import link_term_rows

    pairs = [r[0] for r in db.execute("SELECT DISTINCT d.pair_id FROM terms t JOIN documents d "
                                      "ON d.id = t.document_id ORDER BY d.pair_id")]
    for pid in pairs:
        sentences: dict[str, dict[int, tuple[int, int]]] = {"src": {}, "tgt": {}}
        terms: dict[str, list] = {"src": [], "tgt": []}
        for side in ("src", "tgt"):
            did = document_id(pid, side)
            sentences[side] = {b: (s, e) for b, s, e in db.execute(
                'SELECT body_idx, start, "end" FROM sentences WHERE document_id = ? AND body_idx IS NOT NULL',
                (did,))}
            terms[side] = db.execute('SELECT body_idx, start, "end", concept_id, term, status FROM terms '
                                     'WHERE document_id = ? ORDER BY idx', (did,)).fetchall()
        links = [(lid, tuple(range(sf, sf + sc)), tuple(range(tf, tf + tc))) for lid, sf, sc, tf, tc in db.execute(
            "SELECT id, src_first, src_count, tgt_first, tgt_count FROM links WHERE pair_id = ? ORDER BY idx",
            (pid,))]
        db.executemany('INSERT INTO link_terms (concept_id, link_id, side, start, "end", term, term_key, status) '
                       'VALUES (?, ?, ?, ?, ?, ?, ?, ?)', link_term_rows(links, sentences, terms))


# Ordered: MIGRATIONS[n - 1] takes version n - 1 to n.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3]
VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, announce: Callable[[str], None] | None = None) -> int:
    """Bring *db* (opened in autocommit mode) to ``VERSION``; returns the version it had.  Each step runs in
    its own transaction, so a failed step leaves the store at the previous version.  ``announce`` hears about
    each upgrade of an existing store (not the creation of a new one)."""
    found = db.execute("PRAGMA user_version").fetchone()[0]
    if found > VERSION:
        raise ValueError(f"store schema version {found} is newer than this bitext knows ({VERSION})")
    for version in range(found, VERSION):
        if announce is not None and found > 0:
            announce(f"upgrading the store's schema from version {version} to {version + 1}")
        db.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](db)
            db.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")
    return found
