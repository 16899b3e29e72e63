"""The concordance on the seed article and WMT21 news: words, phrases, lemmas, both languages at once, a side
that lacks a word, regular expressions (trigram prefilter and scan), glossary terms, highlighting; plus stats
and the CLI's output."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from aligner.batch import BuildSettings, build
from bitext.cli import cli
from corpus.errors import InputError
from corpus.store import PairEntry, Store
from corpus.store.regex_grams import literal_strings, regex_query
from corpus.store.search import Query, count, search
from corpus.store.stats import corpus_stats
from corpus.terminology import STARTER_GLOSSARY

from conftest import ALIGNMENT_GOLD, SEEDS, SHARED


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("corpus") / "c.db"
    entries = [PairEntry("seed", str(SEEDS / "sino-russian-entente.en.txt"),
                         str(SEEDS / "sino-russian-entente.ru.txt"), "en", "ru")]
    if SHARED.is_dir():
        folders = sorted(p for p in (ALIGNMENT_GOLD / "wmt21_en_ru").iterdir() if p.is_dir())[:6]
        entries += [PairEntry(f.name, str(f / "en.txt"), str(f / "ru.txt"), "en", "ru") for f in folders]
    db = Store(path, create=True)
    db.add_pairs(entries)
    build(db, BuildSettings.with_glossary(STARTER_GLOSSARY, encoder="none"))
    yield db
    db.close()


def marked(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_phrase_on_either_side(store):
    hits = search(store, Query("strategic alliance"))
    assert hits, "the seed article speaks of a strategic alliance"
    for hit in hits:
        assert [m.lower() for m in marked(hit.src, hit.src_spans)] == ["strategic alliance"] * len(hit.src_spans)
        assert re.search(r"strategic\s+alliance", hit.src, re.I)
    assert [h.link_id for h in hits] == sorted(h.link_id for h in hits)


def test_word_forms_need_lemma(store):
    exact = search(store, Query("союз", where="ru", limit=100))
    lemma = search(store, Query("союз", where="ru", lemma=True, limit=100))
    assert len(lemma) > len(exact)
    forms = {m.lower() for hit in lemma for m in marked(hit.tgt, hit.tgt_spans)}
    assert {"союз", "союза"} <= forms   # inflected forms found through the lemma column
    assert all(f.startswith("союз") for f in forms)


def test_both_languages_and_a_missing_translation(store):
    both = search(store, Query(sides=[("en", "alliance"), ("ru", "союз")], lemma=True, limit=100))
    lacks = search(store, Query(sides=[("en", "alliance")], nots=[("ru", "союз")], lemma=True, limit=100))
    every = search(store, Query(sides=[("en", "alliance")], lemma=True, limit=100))
    assert both and lacks
    assert {h.link_id for h in both} | {h.link_id for h in lacks} == {h.link_id for h in every}
    assert not {h.link_id for h in both} & {h.link_id for h in lacks}
    union = re.compile(r"\bсоюз(?:а|у|ом|е|ы|ов|ам|ами|ах)?\b", re.I)   # forms of союз (not союзник)
    for hit in lacks:   # the Russian side says альянс, or nothing of the kind
        assert not union.search(hit.tgt)
    for hit in both:
        assert hit.src_spans and hit.tgt_spans


def test_regex_restricted_to_one_side(store):
    hits = search(store, Query(regex=r"\b19[5-9]0s\b", where="en", limit=100))
    assert hits
    for hit in hits:
        assert all(re.fullmatch(r"19[5-9]0s", m) for m in marked(hit.src, hit.src_spans))
        assert not hit.tgt_spans
    assert not search(store, Query(regex=r"\b19[5-9]0s\b", where="ru"))


def test_a_language_the_corpus_lacks_finds_nothing(store):
    assert search(store, Query(sides=[("de", "Bündnis")])) == []


def test_limit_and_offset_page_through(store):
    first = search(store, Query("the", limit=5))
    second = search(store, Query("the", limit=5, offset=5))
    assert len(first) == 5 and len(second) == 5
    assert first[-1].link_id < second[0].link_id


def test_bad_queries_are_input_errors(store):
    with pytest.raises(InputError):
        search(store, Query())
    with pytest.raises(InputError, match="regular expression"):
        search(store, Query(regex="(unclosed"))
    with pytest.raises(InputError, match="no words"):
        search(store, Query("—"))


def test_stats_count_what_was_built(store):
    s = corpus_stats(store)
    assert s.built == s.pairs and s.failed == 0
    assert s.documents == {"en": s.pairs, "ru": s.pairs}
    assert s.links == sum(n for _, n in s.link_types) == sum(n for _, n in s.confidence)
    assert s.sentences["en"] == store.db.execute(
        "SELECT SUM(src_count) FROM links").fetchone()[0]


def test_cli_search_shows_both_sides_marked(store):
    result = CliRunner().invoke(cli, ["corpus", "search", str(store.path), "--lemma", "--en", "alliance",
                                      "--ru", "союз", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert re.match(r"\S+ al\.l\d+ \[\d-\d, \d\.\d\d\]", lines[0])
    assert lines[1].startswith("  en: ") and "⟦alliance⟧" in lines[1]
    assert lines[2].startswith("  ru: ") and "⟦союз" in lines[2]
    jsonl = CliRunner().invoke(cli, ["corpus", "search", str(store.path), "entente", "--format", "jsonl"])
    records = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert records and all("entente" in (r["en"] + r["ru"]).lower() for r in records)


def test_cli_bad_store_is_one_line_exit_2(tmp_path):
    result = CliRunner().invoke(cli, ["corpus", "search", str(tmp_path / "none.db"), "x"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such corpus store" in result.stderr


@pytest.mark.parametrize("pattern,strings", [
    (r"\bZelensky\w*", ["zelensky"]),
    (r"\b\d{2,} million\b", [" million"]),          # a literal after \d+ stays one phrase
    (r"\bstrateg\w+ alliances?\b", [" alliance", " alliances", "strateg"]),
    (r"alliance|союз", ["alliance", "союз"]),      # either branch
    (r"colou?r", ["color", "colour"]),
    (r"\b19[5-9]0s\b", ["1950s", "1960s", "1970s", "1980s", "1990s"]),
    (r"Путин", ["путин"]),                          # the index folds case, so the query does too
    (r"\d{4}-\d{2}", []),                           # \d is every Unicode digit: nothing to look up...
    (r"[А-Я]{3,}", []),                             # 32 letters to the power 3: too many to look up
    (r"al|y", []),                                  # a branch shorter than a trigram
])
def test_regex_needed_substrings(pattern, strings):
    assert literal_strings(regex_query(pattern)) == strings


@pytest.mark.parametrize("pattern,shapes", [
    (r"\d{4}-\d{2}", ["0000-00"]),                  # ...but their shapes are
    (r"[А-Я]{3,}", ["БББ"]),
    (r"\b\d{4}s\b", ["0000a"]),
    (r"\s[A-Z][a-z]+ \d", [" Aa", "a 0"]),          # what lies inside [a-z]+ is not known
])
def test_regex_needed_shapes(pattern, shapes):
    from corpus.store.regex_grams import SHAPES
    assert literal_strings(regex_query(pattern, SHAPES)) == shapes


def test_ignorecase_keeps_every_letter_re_treats_as_equal():
    """(?i)k also matches KELVIN SIGN and (?i)i the Turkish İ and ı, which SQLite's folding keeps apart: the
    query must name them, or the prefilter would hide texts that re matches."""
    strings = literal_strings(regex_query(r"(?i)istanbul"))
    assert {"istanbul", "İstanbul", "ıstanbul"} <= set(strings)


@pytest.mark.parametrize("pattern", [r"(?i)istanbul", r"(?i)kelvin", r"(?i)straße", r"ΣΟΦΙΑ", r"(?i)σοφια",
                                     r"(?i)ᲗᲑᲘᲚᲘᲡᲘ", r"Москв[аеуы]", r"(?i)нато\b", r"^Мир", r"\d{3}", r"[А-ЯЁ]{3,}",
                                     r"(?i)[a-z]{5}\b", r"\s\d\d\.", r"(?a)\d{2}-"])
def test_prefilter_never_drops_a_text_re_matches(pattern):
    """Texts in the scripts where SQLite's and Python's case rules part (Turkish, Greek final sigma, Georgian
    Mtavruli, the Kelvin sign) and digits of other scripts: whatever re matches, the text and the shape
    queries select (tables made as the store makes them)."""
    import sqlite3
    from corpus.store.regex_grams import SHAPES, TEXT, fts5
    from corpus.store.shapes import shape
    texts = ["İstanbul'da toplantı yapıldı.", "ISTANBUL and Istanbul", "ıstanbul", "200 \u212aELVIN", "Straße",
             "STRASSE", "ΣΟΦΙΑ και Σοφία", "σοφια", "ᲗᲑᲘᲚᲘᲡᲘ", "თბილისი", "Москве и МОСКВУ", "НАТО и Нато",
             "Мир, Ми", "١٢٣ ٤٥.", "ЁЛКИ", "४२-", "42-"]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE g USING fts5(src, tgt, content='', detail=none, tokenize='trigram')")
    db.execute("CREATE VIRTUAL TABLE s USING fts5(src, tgt, content='', detail=none, "
               "tokenize='trigram case_sensitive 1')")
    db.executemany("INSERT INTO g (rowid, src, tgt) VALUES (?, ?, '')", list(enumerate(texts)))
    db.executemany("INSERT INTO s (rowid, src, tgt) VALUES (?, ?, '')", [(i, shape(t)) for i, t in enumerate(texts)])
    matched = {i for i, text in enumerate(texts) if re.search(pattern, text)}
    assert matched, pattern
    used = 0
    for table, alphabet in (("g", TEXT), ("s", SHAPES)):
        expression = fts5(regex_query(pattern, alphabet))
        if expression:
            used += 1
            selected = {r[0] for r in db.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH ?", (expression,))}
            assert matched <= selected, (table, expression)
    assert used, "at least one index can say something about every pattern here"


REGEXES = [r"\bstrateg\w+ alliances?\b", r"(?i)ENTENTE", r"\b19[5-9]0s\b", r"альянс\w*", r"\d{4}", r"[А-Я]{3,}",
           r"^[A-Z]\w+ said\b", r"\d+(?:[.,]\d+)? (?:million|billion|per ?cent|years?|лет|года?)\b", r"(?i)\bprime\s+minister", r'[»"]\.?$', r'^[«"“]',
           r"Росси[яией]|Кита[йяюе]", r"(\w+) \1\b"]


@pytest.mark.parametrize("pattern", REGEXES)
def test_regex_search_finds_what_a_scan_finds(store, pattern):
    """Prefiltered by trigrams or scanned, the search returns exactly the links that Python's re finds in a
    full scan of both sides, and counts them."""
    compiled = re.compile(pattern)
    expected = sorted(rowid for rowid, src, tgt in store.db.execute("SELECT rowid, src, tgt FROM link_text")
                      if compiled.search(src) or compiled.search(tgt))
    hits = search(store, Query(regex=pattern, limit=10_000))
    assert [h.link_id for h in hits] == expected and expected
    assert count(store, Query(regex=pattern)) == len(expected)
    first = search(store, Query(regex=pattern, limit=3))
    assert [h.link_id for h in first] == expected[:3]


def test_regex_restricted_to_a_language_with_the_trigram_index(store):
    hits = search(store, Query(regex=r"(?i)\bputin\b", where="en", limit=1000))
    assert hits and all(re.search(r"(?i)\bputin\b", h.src) and not h.tgt_spans for h in hits)
    assert not search(store, Query(regex=r"(?i)\bputin\b", where="ru"))
    assert search(store, Query(regex=r"Путин\w*", where="ru"))


def test_term_search_finds_the_marked_links_on_both_sides(store):
    hits = search(store, Query(term="strategic alliance", limit=1000))
    assert hits
    marked_links = {r[0] for r in store.db.execute(
        "SELECT link_id FROM link_terms WHERE concept_id = 'strategic_alliance'")}
    assert {h.link_id for h in hits} == marked_links
    for hit in hits:
        marks = [m.lower() for m in marked(hit.src, hit.src_spans) + marked(hit.tgt, hit.tgt_spans)]
        assert marks and all(m.startswith("strategic alliance") or m.startswith("стратегическ") for m in marks)
    # the concept id and a Russian form (in capitals: --term ignores case) name the same concept
    russian = store.db.execute("SELECT term FROM link_terms WHERE concept_id = 'strategic_alliance' "
                               "AND side = 'tgt'").fetchone()[0]
    for name in ("strategic_alliance", russian.upper()):
        assert [h.link_id for h in search(store, Query(term=name, limit=1000))] == [h.link_id for h in hits]
    assert search(store, Query(term="no such term anywhere")) == []


def test_term_offsets_point_into_the_link_text(store):
    """A mark's offsets in the link's text cover the same characters as the term's offsets in the document."""
    rows = store.db.execute(
        'SELECT lt.link_id, lt.side, lt.start, lt."end", lt.term FROM link_terms lt').fetchall()
    assert rows
    texts = {rowid: {"src": src, "tgt": tgt} for rowid, src, tgt in
             store.db.execute("SELECT rowid, src, tgt FROM link_text")}
    documents = {(pid, side): text for pid, side, text in store.db.execute(
        "SELECT pair_id, side, text FROM documents")}
    found = {(pid, side, text[start:end]) for (pid, side), text in documents.items()
             for _d, start, end in store.db.execute(
                 'SELECT t.document_id, t.start, t."end" FROM terms t JOIN documents d ON d.id = t.document_id '
                 'WHERE d.pair_id = ? AND d.side = ?', (pid, side))}
    for link_id, side, start, end, _term in rows:
        pid = link_id >> 20
        assert (pid, side, texts[link_id][side][start:end]) in found


def _marked_concepts(store, side: str) -> dict[int, set[str]]:
    """link id → concepts marked on *side*, worked out from the document-level tables (terms with their body
    sentence, links with their sentence ranges), not from link_terms."""
    out: dict[int, set[str]] = {}
    for link_id, concept in store.db.execute(
            f"SELECT l.id, t.concept_id FROM links l JOIN documents d ON d.pair_id = l.pair_id AND d.side = '{side}' "
            f"JOIN terms t ON t.document_id = d.id AND t.body_idx >= l.{side}_first "
            f"AND t.body_idx < l.{side}_first + l.{side}_count"):
        out.setdefault(link_id, set()).add(concept)
    return out


def test_term_missing_finds_links_whose_target_lacks_the_concept(store):
    src, tgt = _marked_concepts(store, "src"), _marked_concepts(store, "tgt")
    concepts_seen = sorted(set().union(*src.values()))
    some_missing = False
    for concept in concepts_seen:
        expected = sorted(link for link, found in src.items() if concept in found and concept not in tgt.get(link, ()))
        hits = search(store, Query(term=concept, term_missing=True, limit=1000))
        assert [h.link_id for h in hits] == expected, concept
        assert all(h.src_spans and not h.tgt_spans for h in hits)
        either = sorted(link for link in set(src) | set(tgt) if concept in src.get(link, set()) | tgt.get(link, set()))
        assert [h.link_id for h in search(store, Query(term=concept, limit=1000))] == either, concept
        some_missing |= bool(expected)
    assert some_missing, "the test corpus has a source term whose target lacks the glossary equivalent"
    with pytest.raises(InputError, match="--term"):
        search(store, Query(term_missing=True))
    with pytest.raises(InputError, match="leave out --in"):
        search(store, Query(term="alliance", term_missing=True, where="ru"))
    # --in restricts a plain term search to one side
    only_ru = search(store, Query(term="entente", where="ru", limit=1000))
    assert only_ru and {h.link_id for h in only_ru} == {link for link, found in tgt.items() if "entente" in found}
    assert all(h.tgt_spans and not h.src_spans for h in only_ru)


def test_term_combines_with_words(store):
    every = search(store, Query(term="strategic alliance", limit=1000))
    hits = search(store, Query(term="strategic alliance", sides=[("ru", "альянс")], lemma=True, limit=1000))
    assert hits and all(re.search("альянс", h.tgt, re.I) for h in hits)
    assert {h.link_id for h in hits} <= {h.link_id for h in every}
    with_regex = search(store, Query(term="strategic alliance", regex=r"(?i)china|кита", limit=1000))
    assert {h.link_id for h in with_regex} == {h.link_id for h in every if re.search(r"(?i)china|кита", h.src + h.tgt)}


def test_cli_term_search(store):
    result = CliRunner().invoke(cli, ["corpus", "search", str(store.path), "--term", "strategic alliance",
                                      "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "⟦strategic alliance⟧" in lines[1].lower()
    every = CliRunner().invoke(cli, ["corpus", "search", str(store.path), "--term", "alliance", "--count"])
    assert every.exit_code == 0, every.output
    assert every.stdout.strip() == f"{count(store, Query(term='alliance'))} link(s)"
    assert count(store, Query(term="alliance")) == len(search(store, Query(term="alliance", limit=1000))) > 0
    unknown = CliRunner().invoke(cli, ["corpus", "search", str(store.path), "--term", "flux capacitor"])
    assert unknown.exit_code == 0 and unknown.stdout == ""
    assert "no glossary term or concept 'flux capacitor'" in unknown.stderr


@pytest.fixture(scope="module")
def thai_store(tmp_path_factory):
    """The seed's first 15 English sentences and their Thai translation (tests/data/thai), as one pair."""
    from pathlib import Path
    folder = tmp_path_factory.mktemp("thai")
    data = Path(__file__).parent / "data"
    english = (data / "seed" / "sentences_en.txt").read_text(encoding="utf-8").splitlines()[1:16]
    (folder / "art.en.txt").write_text("\n\n".join([" ".join(english[:2]), " ".join(english[2:9]),
                                                    " ".join(english[9:])]) + "\n", encoding="utf-8")
    paragraphs = (data / "thai" / "sentences_th.txt").read_text(encoding="utf-8").strip().split("\n\n")
    (folder / "art.th.txt").write_text("\n\n".join(" ".join(p.split("\n")) for p in paragraphs) + "\n",
                                       encoding="utf-8")
    db = Store(folder / "c.db", create=True)
    db.add_pairs([PairEntry("art", str(folder / "art.en.txt"), str(folder / "art.th.txt"), "en", "th")])
    build(db, BuildSettings(encoder="none"))
    yield db
    db.close()


def test_words_of_an_unspaced_script_are_found_inside_their_clause(thai_store):
    """Thai writes no space between words: «พันธมิตร» (alliance) stands inside longer runs of letters, which
    SQLite's word index takes for one word.  Such a phrase is searched on bitext's own tokens, one a character,
    and every link that holds it is found and marked, alone or with a condition on the English side."""
    hits = search(thai_store, Query("พันธมิตร", limit=100))
    all_links = search(thai_store, Query(regex=".", where="th", limit=100))
    assert len(hits) == sum("พันธมิตร" in hit.tgt for hit in all_links) >= 2
    assert all(marked(hit.tgt, hit.tgt_spans) == ["พันธมิตร"] * hit.tgt.count("พันธมิตร") for hit in hits)
    both = search(thai_store, Query(sides=[("th", "สนธิสัญญา"), ("en", "treaty")], limit=100))
    assert both and all("treaty" in hit.src and "สนธิสัญญา" in hit.tgt for hit in both)
    lacking = search(thai_store, Query(sides=[("en", "alliance")], nots=[("th", "พันธมิตร")], limit=100))
    assert all("พันธมิตร" not in hit.tgt for hit in lacking)
    short = search(thai_store, Query("ทุก", where="th", limit=100))   # a short word too («ทุก», every)
    assert short and all("ทุก" in hit.tgt for hit in short)
