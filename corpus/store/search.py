"""The bilingual concordance: find links by words, phrases, lemmas, a regular expression or a glossary term.

A query is a set of constraints, all of which a link must meet:
  - ``text``: a word or phrase on either side (or only on ``where``: "src", "tgt" or a language code);
  - ``sides``: (lang, phrase) — the side in that language has the phrase (``--en alliance --ru союз``);
  - ``nots``: (lang, phrase) — the side in that language lacks it;
  - ``regex``: a Python regular expression the side text must match (``where`` restricts it too);
  - ``term``: a glossary term (any of its stored forms, either language) or a concept id marked in the link
    (``where`` restricts the side); with ``term_missing``, marked on the source side but not on the target.
With ``lemma`` every phrase is matched by lemma keys (``lemma_keys``) on the lemma columns: ``alliances``
finds ``alliance``, ``союзом`` finds ``союз``.  A phrase in a script written without spaces (Chinese, Japanese,
Thai …) is always matched there: the text columns' tokenizer (SQLite's unicode61) takes a whole clause of such a
script for one word, so «联盟» could never be found in «建立联盟», while the lemma columns hold bitext's own tokens,
one a character in those scripts (``corpus.terminology.tokens``; their lemma keys are the characters).  As
unicode61 also drops Thai vowel marks from those keys («ทุก» would find «ที่กำลัง»), the side's text must then
hold the phrase itself too (``instr``), and a phrase a side must lack is checked on the text alone.

One table drives each query, read in link-id order so that SQLite stops after ``limit`` hits instead of
finding every match: the word index (``link_text`` MATCH, one expression per language pair of the corpus,
since a language maps to ``src`` or ``tgt`` depending on the pair); else, for a regular expression, the trigram
index of the text (``link_grams`` MATCH on the substrings the pattern needs, ``regex_grams``) or, for a pattern
of classes (``\\d{4}-\\d{2}``), of the text's shapes (``link_shapes``: ``0000-00``); else the glossary terms per
link (``link_terms``); else every link (a pattern that needs no 3 characters in a row, not even as shapes).
Python's ``re`` checks the regular expression on the candidates only; language pairs whose query is the same
share one scan, and a link of a pair the query cannot match is dropped before its text is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.errors import InputError
from corpus.terminology.tokens import has_unspaced_script, normalise, tokenize

from .lemma_keys import word_key
from .link_terms import term_key
from .regex_grams import SHAPES, TEXT, fts5, regex_query
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
    term: str | None = None                               # a glossary term or concept id
    term_missing: bool = False                            # term on the source side, not on the target
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


def by_lemma(text: str, lemma: bool) -> bool:
    """Whether a phrase is matched on the lemma columns: asked for, or written in an unspaced script."""
    return lemma or has_unspaced_script(text)


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
    """What one language pair's links must satisfy, or the reason this pair cannot match (``ok`` False)."""

    def __init__(self, query: Query, src_lang: str, tgt_lang: str):
        self.ok = True
        langs = {"src": src_lang, "tgt": tgt_lang}
        positive, negative = [], []
        # per side, the phrases to highlight: (keys, whether they are lemma keys)
        self.highlight: dict[str, list[tuple[list[str], bool]]] = {"src": [], "tgt": []}
        # phrases of unspaced scripts, checked on the text itself: (columns any of which holds it, phrase), and
        # (column, phrase) that must be absent
        self.contains: list[tuple[tuple[str, ...], str]] = []
        self.lacks: list[tuple[str, str]] = []
        self.columns = ["src", "tgt"]          # where QUERY, --regex and --term must match
        self.positive = self.negative = None
        if query.where != "both":
            column = _column(query.where, src_lang, tgt_lang)
            if column is None:
                self.ok = False
                return
            self.columns = [column]
        if query.term_missing and self.columns != ["src", "tgt"]:
            raise InputError("--term-missing", "looks for the term on the source side and its absence on the "
                                               "target: leave out --in")
        if query.text and not query.regex:
            parts = []
            lemma = by_lemma(query.text, query.lemma)
            for column in self.columns:
                keys = phrase_keys(query.text, langs[column], lemma)
                if not keys:
                    raise InputError("QUERY", f"{query.text!r} has no words to search for")
                parts.append(f"{column}{'_lemma' if lemma else ''} : {_fts_phrase(keys)}")
                self.highlight[column].append((keys, lemma))
            positive.append("(" + " OR ".join(parts) + ")")
            if has_unspaced_script(query.text):
                self.contains.append((tuple(self.columns), query.text.strip()))
        for lang, text in query.sides:
            column = _column(lang, src_lang, tgt_lang)
            if column is None:
                self.ok = False
                return
            lemma = by_lemma(text, query.lemma)
            keys = phrase_keys(text, langs[column], lemma)
            if not keys:
                raise InputError(f"--side {lang}", f"{text!r} has no words to search for")
            positive.append(f"{column}{'_lemma' if lemma else ''} : {_fts_phrase(keys)}")
            self.highlight[column].append((keys, lemma))
            if has_unspaced_script(text):
                self.contains.append(((column,), text.strip()))
        for lang, text in query.nots:
            column = _column(lang, src_lang, tgt_lang)
            if column is None:
                continue   # a side this pair does not have cannot contain the phrase
            if has_unspaced_script(text):
                self.lacks.append((column, text.strip()))
                continue
            keys = phrase_keys(text, langs[column], query.lemma)
            if keys:
                negative.append(f"{column}{'_lemma' if query.lemma else ''} : {_fts_phrase(keys)}")
        self.positive = " AND ".join(positive) or None
        self.negative = " OR ".join(negative) or None

    def key(self) -> tuple:
        """Language pairs with equal keys run as one scan."""
        return (self.positive, self.negative, tuple(self.columns), tuple(self.contains), tuple(self.lacks))


_PATTERN: dict[str, re.Pattern] = {}


def _compiled(pattern: str) -> re.Pattern:
    if pattern not in _PATTERN:
        _PATTERN[pattern] = re.compile(pattern)
    return _PATTERN[pattern]


def _regexp(pattern: str, value: str | None) -> bool:
    return value is not None and _compiled(pattern).search(value) is not None


def concepts(store: Store, term: str) -> list[str]:
    """The concept ids a ``--term`` names: concepts with a stored form equal to it (case and ё aside, either
    language), or the concept id itself."""
    found = {r[0] for r in store.db.execute("SELECT DISTINCT concept_id FROM link_terms WHERE term_key = ?",
                                            (term_key(term),))}
    found |= {r[0] for r in store.db.execute("SELECT concept_id FROM link_terms WHERE concept_id = ? LIMIT 1",
                                             (term.strip(),))}
    return sorted(found)


class _Prepared:
    """A query checked and resolved once for the whole store: its plans grouped by language pair."""

    def __init__(self, store: Store, query: Query):
        if query.regex is None and not query.text and not query.sides and query.term is None:
            raise InputError("QUERY", "give a word or phrase, --side LANG=TEXT (--en/--ru), --regex or --term")
        if query.term_missing and query.term is None:
            raise InputError("--term-missing", "give the term with --term")
        self.index = None     # (trigram table, MATCH expression) for the regular expression
        if query.regex is not None:
            try:
                _compiled(query.regex)
            except re.error as error:
                raise InputError("--regex", f"not a valid regular expression: {error}") from None
            store.db.create_function("regexp", 2, _regexp, deterministic=True)
            for table, alphabet in (("link_grams", TEXT), ("link_shapes", SHAPES)):
                expression = fts5(regex_query(query.regex, alphabet))
                if expression:
                    self.index = (table, expression)
                    break
        self.concepts = concepts(store, query.term) if query.term is not None else None
        combos = [tuple(r) for r in store.db.execute("SELECT DISTINCT src_lang, tgt_lang FROM pairs "
                                                     "ORDER BY src_lang, tgt_lang")]
        self.plans: dict[tuple[str, str], _Plan] = {}
        groups: dict[tuple, list[tuple[str, str]]] = {}
        for combo in combos:
            plan = _Plan(query, *combo)
            if plan.ok:
                self.plans[combo] = plan
                groups.setdefault(plan.key(), []).append(combo)
        # one scan per distinct plan; the language pairs it covers (None: every pair of the corpus)
        self.scans = [(self.plans[members[0]], None if len(members) == len(combos) else members)
                      for members in groups.values()]


def search(store: Store, query: Query) -> list[Hit]:
    prepared = _Prepared(store, query)
    if prepared.concepts == []:
        return []
    wanted = query.offset + query.limit
    rows = []
    for plan, combos in prepared.scans:
        sql, args = _sql(plan, query, prepared.concepts, prepared.index, combos, limit=wanted)
        rows += store.db.execute(sql, args).fetchall()
    rows.sort(key=lambda row: row[0])
    rows = rows[query.offset:wanted]
    term_spans = _term_spans(store, prepared.concepts, [row[0] for row in rows])
    return [_hit(row, prepared.plans[(row[5], row[6])], query, term_spans) for row in rows]


def count(store: Store, query: Query) -> int:
    """How many links match (every one of them is found: a full scan where the query cannot narrow it)."""
    prepared = _Prepared(store, query)
    if prepared.concepts == []:
        return 0
    total = 0
    for plan, combos in prepared.scans:
        sql, args = _sql(plan, query, prepared.concepts, prepared.index, combos, limit=-1)
        total += store.db.execute(f"SELECT COUNT(*) FROM ({sql})", args).fetchone()[0]
    return total


def driver(store: Store, query: Query) -> str:
    """Which index a query reads first: "words" (link_text), "trigrams" (link_grams), "shapes" (link_shapes),
    "terms" (link_terms), or "scan" (every link: the pattern needs nothing any index holds)."""
    prepared = _Prepared(store, query)
    if any(plan.positive for plan in prepared.plans.values()):
        return "words"
    if prepared.index is not None:
        return {"link_grams": "trigrams", "link_shapes": "shapes"}[prepared.index[0]]
    return "terms" if prepared.concepts is not None else "scan"


def _term_condition(concepts: list[str], query: Query, columns: list[str], mark: str) -> tuple[str, list]:
    """*mark* (a ``link_terms`` row) is a mark of one of the concepts on an allowed side (for ``--term-missing``:
    on the source side, with no mark of the same concept on the target side of the same link)."""
    marks = ", ".join("?" * len(concepts))
    if query.term_missing:
        return (f"{mark}.concept_id IN ({marks}) AND {mark}.side = 'src' AND NOT EXISTS (SELECT 1 FROM link_terms u "
                f"WHERE u.concept_id = {mark}.concept_id AND u.link_id = {mark}.link_id AND u.side = 'tgt')",
                list(concepts))
    sides = ", ".join(f"'{c}'" for c in columns)
    return f"{mark}.concept_id IN ({marks}) AND {mark}.side IN ({sides})", list(concepts)


def _sql(plan: _Plan, query: Query, concepts: list[str] | None, index, combos, limit: int):
    """The SELECT for one plan.  CROSS JOIN fixes the order: the driving table in link-id order, then the link
    and its pair (a pair in another language pair is dropped there), then the text (read last, for ``re``)."""
    where, args, group = [], [], ""
    then = "CROSS JOIN pairs p ON p.id = l.pair_id"
    if plan.positive:
        source = f"link_text t CROSS JOIN links l ON l.id = t.rowid {then}"
        order = "t.rowid"
        where.append("link_text MATCH ?")
        args.append(plan.positive)
    elif index is not None:
        table, expression = index
        source = f"{table} g CROSS JOIN links l ON l.id = g.rowid {then} CROSS JOIN link_text t ON t.rowid = l.id"
        order = "g.rowid"
        where.append(f"{table} MATCH ?")
        args.append(expression)
    elif concepts is not None:
        # the marks drive: for one concept its index entries come in link order, so SQLite stops early
        source = f"link_terms k CROSS JOIN links l ON l.id = k.link_id {then} CROSS JOIN link_text t ON t.rowid = l.id"
        order, group = "k.link_id", " GROUP BY k.link_id"
        condition, values = _term_condition(concepts, query, plan.columns, "k")
        where.append(condition)
        args += values
    elif combos is None:
        # every link: read the text in rowid order (a sequential scan, cheaper than a look-up per link)
        source = f"link_text t CROSS JOIN links l ON l.id = t.rowid {then}"
        order = "t.rowid"
    else:
        # every link of some language pairs: drop the others before their text is read
        source = f"links l {then} CROSS JOIN link_text t ON t.rowid = l.id"
        order = "l.id"
    if combos is not None:
        where.append("(" + " OR ".join("(p.src_lang = ? AND p.tgt_lang = ?)" for _ in combos) + ")")
        args += [lang for combo in combos for lang in combo]
    if query.min_confidence is not None:
        where.append("l.confidence >= ?")
        args.append(query.min_confidence)
    if concepts is not None and not group:
        condition, values = _term_condition(concepts, query, plan.columns, "k")
        where.append(f"EXISTS (SELECT 1 FROM link_terms k WHERE k.link_id = l.id AND {condition})")
        args += values
    if plan.negative:
        where.append("t.rowid NOT IN (SELECT rowid FROM link_text WHERE link_text MATCH ?)")
        args.append(plan.negative)
    for columns, phrase in plan.contains:
        where.append("(" + " OR ".join(f"instr(t.{c}, ?) > 0" for c in columns) + ")")
        args += [phrase] * len(columns)
    for column, phrase in plan.lacks:
        where.append(f"instr(t.{column}, ?) = 0")
        args.append(phrase)
    if query.regex is not None:
        where.append("(" + " OR ".join(f"t.{c} REGEXP ?" for c in plan.columns) + ")")
        args += [query.regex] * len(plan.columns)
    sql = (f"SELECT {order}, p.name, l.idx, l.type, l.confidence, p.src_lang, p.tgt_lang, t.src, t.tgt "
           f"FROM {source} WHERE {' AND '.join(where) or '1'}{group} ORDER BY {order} LIMIT ?")
    return sql, [*args, limit]


def _term_spans(store: Store, concepts: list[str] | None, link_ids: list[int]) -> dict:
    """(link id, side) → spans of the concepts' marks."""
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    if not concepts or not link_ids:
        return spans
    for link_id, side, start, end in store.db.execute(
            f'SELECT link_id, side, start, "end" FROM link_terms WHERE concept_id IN ({", ".join("?" * len(concepts))}) '
            f'AND link_id IN ({", ".join("?" * len(link_ids))})', [*concepts, *link_ids]):
        spans.setdefault((link_id, side), []).append((start, end))
    return spans


def _hit(row, plan: _Plan, query: Query, term_spans: dict) -> Hit:
    link_id, name, idx, kind, confidence, src_lang, tgt_lang, src, tgt = row
    spans = {}
    for column, text, lang in (("src", src, src_lang), ("tgt", tgt, tgt_lang)):
        found = list(term_spans.get((link_id, column), ())) if column in plan.columns else []
        for keys, lemma in plan.highlight[column]:
            found += phrase_spans(text, lang, keys, lemma)
        if query.regex is not None and column in plan.columns:
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


__all__ = ["Hit", "Query", "concepts", "count", "driver", "search"]
