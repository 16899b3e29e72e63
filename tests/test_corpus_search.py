"""The concordance on the seed article and WMT21 news: words, phrases, lemmas, both languages at once, a side
that lacks a word, regular expressions, highlighting; plus stats and the CLI's output."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from aligner.batch import BuildSettings, build
from bitext.cli import cli
from corpus.errors import InputError
from corpus.store import PairEntry, Store
from corpus.store.search import Query, search
from corpus.store.stats import corpus_stats

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
    build(db, BuildSettings(encoder="none"))
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


@pytest.mark.parametrize("pattern,terms", [
    (r"\bZelensky\w*", ['"zelensky"*']),
    (r"\b\d{2,} million\b", ['"million"']),
    (r"(?i)prime minister", ['"minister"*']),   # "prime" may be the end of a longer word
    (r"elensky", []),
    (r"alliance|союз", []),
])
def test_regex_prefilter_words(pattern, terms):
    from corpus.store.regex_words import required_terms
    assert required_terms(pattern) == terms


@pytest.mark.parametrize("pattern", [r"\bstrateg\w+ alliances?\b", r"(?i)ENTENTE", r"\b19[5-9]0s\b", r"альянс\w*"])
def test_regex_prefilter_finds_what_a_scan_finds(store, pattern):
    """The prefiltered search returns exactly the links that Python's re finds in a full scan."""
    compiled = re.compile(pattern)
    expected = sorted(rowid for rowid, src, tgt in store.db.execute("SELECT rowid, src, tgt FROM link_text")
                      if compiled.search(src) or compiled.search(tgt))
    hits = search(store, Query(regex=pattern, limit=10_000))
    assert [h.link_id for h in hits] == expected and expected
