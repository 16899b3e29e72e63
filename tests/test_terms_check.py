"""Terminology consistency checks on the seed pair (gold alignment) and on a deliberately spoiled copy."""

from __future__ import annotations


import pytest

from corpus.terminology import STARTER_GLOSSARY, load_glossary
from corpus.terminology.check import check
from support import seed_pairs




@pytest.fixture(scope="module")
def glossary():
    return load_glossary(STARTER_GLOSSARY)


@pytest.fixture(scope="module")
def report(glossary):
    return check(seed_pairs(), glossary, "en", "ru")


def test_seed_translation_has_no_errors_and_the_expected_findings(report):
    assert report.links_checked == 70
    assert report.count("error") == 0
    missing = [(f.link_id, f.concept_id) for f in report.findings if f.kind == "missing"]
    # "status quo power" is paraphrased ("держава, заинтересованная в сохранении статус-кво"): a reviewer's call.
    assert missing == [(next(link for src, _, link in seed_pairs() if "status quo power" in src), "status_quo_power")]
    admitted = {(f.concept_id, f.target_term) for f in report.findings if f.kind == "admitted"}
    assert ("military_alliance", "военный альянс") in admitted
    assert ("deconfliction", "предотвращение инцидентов") in admitted


def test_renderings_across_the_document_are_counted(report):
    assert dict(report.renderings["military_alliance"]) == {"военный союз": 4, "военный альянс": 1}
    assert dict(report.renderings["strategic_alliance"]) == {"стратегический альянс": 3}
    inconsistent = {f.concept_id: f.counts for f in report.findings if f.kind == "inconsistent"}
    assert inconsistent["military_alliance"] == {"военный союз": 4, "военный альянс": 1}
    assert "strategic_alliance" not in inconsistent
    # the full form with its acronym in one link is one rendering, not two competing ones
    assert "early_warning_system" not in inconsistent and "asia_pacific" not in inconsistent


def test_forbidden_and_missing_equivalents_are_reported(glossary):
    pairs = seed_pairs()
    spoiled = []
    for src, tgt, link in pairs:
        if "explain the alignment" in src:
            tgt = tgt.replace("сближение", "выравнивание")
        if "nuclear deterrence" in src:
            tgt = tgt.replace("ядерного сдерживания", "ядерного устрашения")
        if "strategic partnership became" in src:
            tgt = tgt.replace("стратегическое партнёрство", "сотрудничество")
        spoiled.append((src, tgt, link))
    report = check(spoiled, glossary, "en", "ru")
    errors = {(f.concept_id, f.target_term) for f in report.findings if f.severity == "error"}
    assert errors == {("alignment", "выравнивание"), ("nuclear_deterrence", "ядерного устрашения")}
    error = next(f for f in report.findings if f.concept_id == "alignment" and f.kind == "forbidden")
    assert "explain the alignment" in error.source_text and "выравнивание" in error.target_text
    assert error.source_term == "alignment" and "'сближение'" in error.message
    missing = {f.concept_id for f in report.findings if f.kind == "missing"}
    assert "strategic_partnership" in missing and "nuclear_deterrence" not in missing


def test_report_serialises_to_plain_json(report):
    import json
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["summary"] == {"error": 0, "warning": report.count("warning"), "note": report.count("note")}
    assert all({"severity", "kind", "concept_id", "message"} <= set(f) for f in data["findings"])


def test_a_forbidden_word_inside_an_approved_term_is_not_an_error():
    from corpus.terminology.csv_format import parse_csv
    glossary = parse_csv("id,en,ru,ru_forbidden\nma,military alliance,военный союз,союз\n", "g.csv")
    report = check([("a military alliance", "военный союз", "l1"), ("a military alliance", "союз", "l2")],
                   glossary, "en", "ru")
    assert [(f.link_id, f.kind) for f in report.findings if f.severity == "error"] == [("l2", "forbidden")]


def test_a_forbidden_term_without_a_source_term_is_a_warning(glossary):
    report = check([("The road was levelled.", "Выравнивание дороги закончили.", "l1")], glossary, "en", "ru")
    assert [(f.severity, f.kind, f.concept_id, f.target_term) for f in report.findings] == [
        ("warning", "forbidden", "alignment", "Выравнивание")]
