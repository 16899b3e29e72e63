"""The bilingual concordance: find links by words, phrases, lemmas or a regular expression on either side.

A query is a set of constraints, all of which a link must meet:
  - ``text``: a word or phrase on either side (or only on ``where``: "src", "tgt" or a language code);
  - ``sides``: (lang, phrase) — the side in that language has the phrase (``--en alliance --ru союз``);
  - ``nots``: (lang, phrase) — the side in that language lacks it;
  - ``regex``: a Python regular expression the side text must match (``where`` restricts it too).
With ``lemma`` every phrase is matched by lemma keys (``lemma_keys``) on the lemma columns: ``alliances``
finds ``alliance``, ``союзом`` finds ``союз``.

Word constraints become one FTS5 MATCH expression per language pair of the corpus (a language maps to the
``src`` or ``tgt`` columns depending on the pair), and results come in link-id order so that SQLite stops
after ``limit`` hits instead of ranking every match.  The regular expression runs as a Python ``REGEXP``
function on the candidate rows only: those the word constraints select, narrowed further by the words the
pattern cannot match without (``regex_words``); a pattern with no such word is run on every link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.errors import InputError
from corpus.terminology.tokens import normalise, tokenize

from .lemma_keys import word_key
from .regex_words import required_terms
from .schema import LINKS_PER_PAIR
from .store import Store


@dataclass
class Query:
    text: str | None = None
    where: str = "both"                                   # "both", "src", "tgt" or a language code
    sides: list[tuple[str, str]] = field(default_factory=list)
    nots: list[tuple[str, str]] = field(default_factory=list)
    lemma: bool = False
    regex: str | None = None
    min_confidence: float | None = None
    limit: int = 20
    offset: int = 0


@dataclass
class Hit:
    link_id: int
    pair: str
    index: int          # the link's position in its pair (TEI id al.l{index+1})
    type: str
    confidence: float
    src_lang: str
    tgt_lang: str
    src: str
    tgt: str
    src_spans: list[tuple[int, int]]
    tgt_spans: list[tuple[int, int]]


def phrase_keys(text: str, lang: str, lemma: bool) -> list[str]:
    """What a phrase is matched by: lower-cased forms, or lemma keys of the given language."""
    return [word_key(lang, t.text) if lemma else normalise(t.text).lower() for t in tokenize(text)]


def _fts_phrase(keys: list[str]) -> str:
    return '"' + " ".join(k.replace('"', '""') for k in keys) + '"'


def _column(lang_or_side: str, src_lang: str, tgt_lang: str) -> str | None:
    if lang_or_side in ("src", "tgt"):
        return lang_or_side
    if lang_or_side == src_lang:
        return "src"
    if lang_or_side == tgt_lang:
        return "tgt"
    return None


class _Plan:
    """The MATCH expression for one language pair, or the reason this pair cannot match."""

    def __init__(self, query: Query, src_lang: str, tgt_lang: str):
        self.ok = True
        suffix = "_lemma" if query.lemma else ""
        langs = {"src": src_lang, "tgt": tgt_lang}
        positive, negative = [], []
        self.highlight: dict[str, list[list[str]]] = {"src": [], "tgt": []}
        self.regex_columns = ["src", "tgt"]
        if query.where != "both":
            column = _column(query.where, src_lang, tgt_lang)
            if column is None:
                self.ok = False
                return
            self.regex_columns = [column]
        if query.text and not query.regex:
            parts = []
            for column in self.regex_columns:
                keys = phrase_keys(query.text, langs[column], query.lemma)
                if not keys:
                    raise InputError("QUERY", f"{query.text!r} has no words to search for")
                parts.append(f"{column}{suffix} : {_fts_phrase(keys)}")
                self.highlight[column].append(keys)
            positive.append("(" + " OR ".join(parts) + ")")
        for lang, text in query.sides:
            column = _column(lang, src_lang, tgt_lang)
            if column is None:
                self.ok = False
                return
            keys = phrase_keys(text, langs[column], query.lemma)
            if not keys:
                raise InputError(f"--side {lang}", f"{text!r} has no words to search for")
            positive.append(f"{column}{suffix} : {_fts_phrase(keys)}")
            self.highlight[column].append(keys)
        for lang, text in query.nots:
            column = _column(lang, src_lang, tgt_lang)
            if column is None:
                continue   # a side this pair does not have cannot contain the phrase
            keys = phrase_keys(text, langs[column], query.lemma)
            if keys:
                negative.append(f"{column}{suffix} : {_fts_phrase(keys)}")
        if query.regex is not None:
            terms = required_terms(query.regex)
            if terms:   # words the regex needs: SQLite hands REGEXP only the links that have them
                positive.append("(" + " OR ".join("(" + " AND ".join(f"{c} : {t}" for t in terms) + ")"
                                                  for c in self.regex_columns) + ")")
        self.positive = " AND ".join(positive) or None
        self.negative = " OR ".join(negative) or None


def _regexp(pattern: str, value: str | None) -> bool:
    return value is not None and _compiled(pattern).search(value) is not None


_CACHE: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _CACHE:
        _CACHE[pattern] = re.compile(pattern)
    return _CACHE[pattern]


def search(store: Store, query: Query) -> list[Hit]:
    if query.regex is None and not query.text and not query.sides:
        raise InputError("QUERY", "give a word or phrase, --side LANG=TEXT (--en/--ru), or --regex")
    if query.regex is not None:
        try:
            _compiled(query.regex)
        except re.error as error:
            raise InputError("--regex", f"not a valid regular expression: {error}") from None
        store.db.create_function("regexp", 2, _regexp, deterministic=True)
    combos = store.db.execute("SELECT src_lang, tgt_lang, COUNT(*) FROM pairs GROUP BY src_lang, tgt_lang "
                              "ORDER BY src_lang, tgt_lang").fetchall()
    hits: list[Hit] = []
    plans = []
    for src_lang, tgt_lang, _count in combos:
        plan = _Plan(query, src_lang, tgt_lang)
        if plan.ok:
            plans.append((src_lang, tgt_lang, plan))
    wanted = query.offset + query.limit
    for src_lang, tgt_lang, plan in plans:
        sql, args = _sql(plan, query, src_lang, tgt_lang, only_combo=len(combos) > 1, limit=wanted)
        for row in store.db.execute(sql, args):
            hits.append(_hit(row, plan, query))
    hits.sort(key=lambda h: h.link_id)
    return hits[query.offset:wanted]


def _sql(plan: _Plan, query: Query, src_lang: str, tgt_lang: str, only_combo: bool, limit: int):
    where, args = [], []
    if plan.positive:
        where.append("link_text MATCH ?")
        args.append(plan.positive)
    if plan.negative:
        where.append("t.rowid NOT IN (SELECT rowid FROM link_text WHERE link_text MATCH ?)")
        args.append(plan.negative)
    if query.regex is not None:
        where.append("(" + " OR ".join(f"t.{c} REGEXP ?" for c in plan.regex_columns) + ")")
        args += [query.regex] * len(plan.regex_columns)
    if only_combo:
        where.append("p.src_lang = ? AND p.tgt_lang = ?")
        args += [src_lang, tgt_lang]
    if query.min_confidence is not None:
        where.append("l.confidence >= ?")
        args.append(query.min_confidence)
    sql = ("SELECT t.rowid, p.name, l.idx, l.type, l.confidence, p.src_lang, p.tgt_lang, t.src, t.tgt "
           "FROM link_text t JOIN links l ON l.id = t.rowid JOIN pairs p ON p.id = l.pair_id "
           f"WHERE {' AND '.join(where)} ORDER BY t.rowid LIMIT ?")
    return sql, [*args, limit]


def _hit(row, plan: _Plan, query: Query) -> Hit:
    link_id, name, idx, kind, confidence, src_lang, tgt_lang, src, tgt = row
    spans = {}
    for column, text, lang in (("src", src, src_lang), ("tgt", tgt, tgt_lang)):
        found = []
        for keys in plan.highlight[column]:
            found += phrase_spans(text, lang, keys, query.lemma)
        if query.regex is not None and column in plan.regex_columns:
            found += [m.span() for m in _compiled(query.regex).finditer(text) if m.end() > m.start()]
        spans[column] = merge(found)
    return Hit(link_id, name, idx, kind, confidence, src_lang, tgt_lang, src, tgt, spans["src"], spans["tgt"])


def phrase_spans(text: str, lang: str, keys: list[str], lemma: bool) -> list[tuple[int, int]]:
    tokens = tokenize(text)
    forms = [word_key(lang, t.text) if lemma else normalise(t.text).lower() for t in tokens]
    n = len(keys)
    return [(tokens[i].start, tokens[i + n - 1].end) for i in range(len(tokens) - n + 1) if forms[i:i + n] == keys]


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def link_pair_index(link_id: int) -> tuple[int, int]:
    """A link id → (pair id, index in the pair)."""
    return divmod(link_id, LINKS_PER_PAIR)


__all__ = ["Hit", "Query", "search"]
