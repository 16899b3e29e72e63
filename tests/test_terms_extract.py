"""Term extraction on the seed pair with the gold alignment."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.terminology.csv_format import parse_csv
from corpus.terminology.extract import candidates_to_csv, candidates_to_glossary, extract_terms
from corpus.terminology.phrases import english_candidates
from support import linked_texts, seed_pairs

ROOT = Path(__file__).resolve().parent.parent



@pytest.fixture(scope="module")
def candidates():
    return extract_terms(seed_pairs(), "en", "ru", top=15)


@pytest.mark.parametrize("term, equivalent", [
    ("strategic alliance", "стратегический альянс"),
    ("military alliance", "военный союз"),
    ("strategic partnership", "стратегическое партнёрство"),
])
def test_key_terms_are_in_the_top_15_with_their_russian_equivalent(candidates, term, equivalent):
    by_term = {c.term: c for c in candidates}
    assert term in by_term, [c.term for c in candidates]
    assert by_term[term].equivalent == equivalent
    assert by_term[term].confidence >= 0.6


def test_ranking_is_deterministic_and_ordered(candidates):
    again = extract_terms(seed_pairs(), "en", "ru", top=15)
    assert [(c.term, c.equivalent, c.score) for c in again] == [(c.term, c.equivalent, c.score) for c in candidates]
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)


def test_c_value_discounts_nested_candidates():
    pairs = [("A formal military alliance is not a military alliance.", "", "l1"),
             ("The formal military alliance held.", "", "l2")]
    found, _ = english_candidates((link, src) for src, _, link in pairs)
    assert found[("military", "alliance")][0] == 3
    assert found[("formal", "military", "alliance")][0] == 2
    result = {c.term: c for c in extract_terms(pairs, "en", "ru", top=10)}
    # military alliance: log2(2) * (3 - 2/1) = 1; formal military alliance: log2(3) * 2
    assert result["military alliance"].c_value == pytest.approx(1.0)
    assert result["formal military alliance"].c_value == pytest.approx(2 * 1.5849625, rel=1e-6)


def test_clauses_are_not_noun_phrases():
    pairs = [("Chinese banks proved wary. Chinese banks lend. Gorbachev visited Beijing twice.", "", "l1")]
    found, _ = english_candidates((link, src) for src, _, link in pairs)
    keys = {" ".join(k) for k in found}
    assert "chinese bank" in keys
    assert not any("proved" in k or "lend" in k or "visited" in k for k in keys)


def test_output_reads_back_as_a_glossary(candidates):
    glossary = parse_csv(candidates_to_csv(candidates), "candidates.csv")
    assert len(glossary) == len(candidates)
    concept = next(c for c in glossary if c.label("en") == "military alliance")
    assert [(t.text, t.status) for t in concept.terms_in("ru")] == [("военный союз", "admitted")]
    tbx = candidates_to_glossary(candidates)
    assert tbx.concepts[0].note.startswith("extracted: frequency")


def test_terms_seen_once_get_their_equivalent_from_cognates_length_and_position():
    candidates = {c.term: c for c in extract_terms(seed_pairs(), "en", "ru", top=300, min_frequency=1)}
    assert candidates["non-aggression pact"].equivalent == "пакт о ненападении"
    assert candidates["general staffs"].equivalent == "генеральные штабы"
    assert candidates["international order"].equivalent == "международный порядок"
    assert candidates["non-aggression pact"].confidence == pytest.approx(0.5)


def test_cognates():
    from corpus.terminology.equivalents import cognates
    assert cognates(["strategic", "alliance"], ["стратегический", "альянс"]) == 2
    assert cognates(["sanctions"], ["санкции"]) == 1
    assert cognates(["nuclear", "deterrence"], ["ядерное", "сдерживание"]) == 0


PARICE = ROOT.parent / "shared" / "data" / "alignment" / "parice_en_is"


@pytest.mark.skipif(not PARICE.is_dir(), reason="../shared/data/alignment/parice_en_is is absent")
def test_other_target_languages_get_equivalents_too():
    """English–Icelandic (ParIce gold alignment): no Russian morphology, word n-grams instead."""
    found = {}
    for doc in sorted(p for p in PARICE.iterdir() if (p / "gold.tsv").is_file()):
        pairs = linked_texts(doc, "en", "is")
        for cand in extract_terms(pairs, "en", "is", top=10):
            found[cand.term] = cand.equivalent
            assert cand.equivalent is None or any(cand.equivalent.lower() in tgt.lower() for _, tgt, _ in pairs)
    assert found.get("regular session") == "reglulegt þing"


def test_the_stop_list_is_matched_as_wordfreq_folds_it():
    """An n-gram does not start or end on one of the language's 150 commonest words.  wordfreq lists them
    folded (Greek «της» as «τησ», German «muß» as «muss»), so a lower-cased lookup let «της» edge a Greek term."""
    from corpus.terminology.equivalents import GenericNgrams

    greek = GenericNgrams("el")
    assert not greek._is_edge("της") and not greek._is_edge("Της") and greek._is_edge("Κυριακές")
    german = GenericNgrams("de")
    assert not german._is_edge("muß") and german._is_edge("Gletscher")
