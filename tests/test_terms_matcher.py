"""TermMatcher: terms found through inflection, spelling and hyphenation, with offsets into the original."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from corpus.terminology import STARTER_GLOSSARY, load_glossary
from corpus.terminology.csv_format import parse_csv
from corpus.terminology.matcher import TermMatch, TermMatcher

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "data" / "terms"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(STARTER_GLOSSARY)


@pytest.fixture(scope="module")
def en(glossary):
    return TermMatcher(glossary, "en")


@pytest.fixture(scope="module")
def ru(glossary):
    return TermMatcher(glossary, "ru")


def found(matcher: TermMatcher, text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.concept_id) for m in matcher.find(text)]


def read_gold(lang: str) -> set[tuple[int, int, str]]:
    with open(GOLD / f"seed_terms_{lang}.tsv", encoding="utf-8", newline="") as handle:
        return {(int(r["start"]), int(r["end"]), r["concept_id"]) for r in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_gold_file_matches_the_seed(lang):
    text = (SEEDS / f"sino-russian-entente.{lang}.txt").read_text(encoding="utf-8")
    with open(GOLD / f"seed_terms_{lang}.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            assert text[int(row["start"]):int(row["end"])] == row["surface"], row


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_seed_recall_and_precision(glossary, lang):
    text = (SEEDS / f"sino-russian-entente.{lang}.txt").read_text(encoding="utf-8")
    gold = read_gold(lang)
    predicted = {(m.start, m.end, m.concept_id) for m in TermMatcher(glossary, lang).find(text)}
    correct = len(predicted & gold)
    assert correct / len(gold) == 1.0, sorted(gold - predicted)
    assert correct / len(predicted) >= 0.98, sorted(predicted - gold)


def test_english_body_counts_agree_with_the_seed_metadata(en):
    meta = json.loads((SEEDS / "sino-russian-entente.en.meta.json").read_text(encoding="utf-8"))
    paragraphs = json.loads((ROOT / "tests" / "data" / "seed" / "paragraphs.json").read_text(encoding="utf-8"))
    sentences = (ROOT / "tests" / "data" / "seed" / "sentences_en.txt").read_text(encoding="utf-8").splitlines()
    body = [sentences[i] for block in paragraphs["en"] if block["kind"] == "paragraph"
            for i in range(block["sentences"][0], block["sentences"][1] + 1)]
    counts: dict[str, int] = {}
    for sentence in body:
        for match in en.find(sentence):
            counts[match.concept_id] = counts.get(match.concept_id, 0) + 1
    expected = meta["body_counts"]["terms_in_body"]
    assert {k: counts.get(k.replace(" ", "_"), 0) for k in expected} == expected


@pytest.mark.parametrize("text, surface", [
    ("укрепление стратегического альянса с Пекином", "стратегического альянса"),
    ("не стал стратегическим союзом", "стратегическим союзом"),
    ("о стратегических альянсах", "стратегических альянсах"),
    ("провозгласили стратегическое партнерство", "стратегическое партнерство"),      # е for ё
    ("СТРАТЕГИЧЕСКОЕ ПАРТНЁРСТВО", "СТРАТЕГИЧЕСКОЕ ПАРТНЁРСТВО"),
    ("военными союзами", "военными союзами"),
    ("пакта о ненападении", "пакта о ненападении"),
])
def test_russian_inflection(ru, text, surface):
    assert [s for s, _ in found(ru, text)] == [surface]


@pytest.mark.parametrize("text, surface, concept", [
    ("two strategic alliances", "strategic alliances", "strategic_alliance"),
    ("rival Ententes", "Ententes", "entente"),
    ("a nonaggression pact", "nonaggression pact", "non_aggression_pact"),
    ("a non aggression pact", "non aggression pact", "non_aggression_pact"),
    ("a non\u2011aggression pact", "non\u2011aggression pact", "non_aggression_pact"),
    ("the military\u00a0alliance", "military\u00a0alliance", "military_alliance"),
    ("a military\nalliance", "military\nalliance", "military_alliance"),
    ("great-power competition", "great-power competition", "great_power_competition"),
    ("joint exercises", "joint exercises", "joint_exercises"),
])
def test_english_inflection_and_spelling(en, text, surface, concept):
    assert found(en, text) == [(surface, concept)]


def test_offsets_point_into_the_original_text(ru):
    text = "Соз\u00adдать стратеги\u0301ческий альянс\u00a0и ёще"
    (match,) = ru.find(text)
    assert text[match.start:match.end] == "стратеги\u0301ческий альянс"
    assert match == TermMatch(match.start, match.end, "strategic_alliance", "стратегический альянс", "preferred")


def test_acronyms_are_case_sensitive(ru):
    assert found(ru, "в АТР и в Азиатско-Тихоокеанском регионе") == [
        ("АТР", "asia_pacific"), ("Азиатско-Тихоокеанском регионе", "asia_pacific")]
    assert found(ru, "атр спрн") == []


def test_no_match_inside_a_longer_word_or_across_punctuation(en, ru):
    assert found(en, "the alliances' sanctionsbusting, multialliance") == [("alliances", "alliance")]
    assert found(en, "military, alliance") == [("alliance", "alliance")]
    assert found(ru, "антантовский союзник") == []
    assert found(en, "strategic. Alliance") == [("Alliance", "alliance")]


def test_verb_forms_do_not_match_noun_terms(en):
    assert found(en, "Russia was sanctioned; the sanctions bit") == [("sanctions", "sanctions")]


def test_longest_match_wins_and_nested_candidates_stay_available(en):
    text = "the great power competition of great powers"
    assert found(en, text) == [("great power competition", "great_power_competition"), ("great powers", "great_power")]
    every = {(text[m.start:m.end], m.concept_id) for m in en.find_all(text)}
    assert ("great power", "great_power") in every


def test_homonyms_go_to_the_best_status_then_glossary_order():
    glossary = parse_csv("id,en,ru,ru_status\n"
                         "first,alignment,сближение,admitted\n"
                         "second,rapprochement,сближение,preferred\n"
                         "third,convergence,сближение,preferred\n", "g.csv")
    matches = TermMatcher(glossary, "ru").find("их сближение")
    assert [(m.concept_id, m.status) for m in matches] == [("second", "preferred")]


def test_other_languages_match_exact_forms():
    glossary = parse_csv("id,en,de\nc1,alliance,Bündnis\n", "g.csv")
    assert found(TermMatcher(glossary, "de"), "ein bündnis, ein Bündnisse") == [("bündnis", "c1")]


def test_russian_names_are_not_terms(ru):
    assert found(ru, "адмирал флота Советского Союза Горшков") == [("Советского Союза", "soviet_union")]
    assert found(ru, "рейтинг партий Союз крестьян и зелёных") == []
    assert found(ru, "Союз не состоялся.") == [("Союз", "alliance")]          # a sentence start says nothing


def test_glossary_pairs_for_the_aligner(glossary):
    pairs = set(glossary.pairs("en", "ru"))
    assert ("strategic alliance", "стратегический союз") in pairs
    assert ("alignment", "выравнивание") not in pairs


def test_abbreviations_with_full_stops_match():
    glossary = parse_csv("id,en\nnss,U.S. National Security Strategy\n", "g.csv")
    text = "announced in the U.S. National Security Strategy of 2017; the U. S. National Security Strategy"
    assert [text[m.start:m.end] for m in TermMatcher(glossary, "en").find(text)] == [
        "U.S. National Security Strategy", "U. S. National Security Strategy"]


@pytest.mark.parametrize("term, text, surface", [
    ("defence organisation", "two defense organizations", "defense organizations"),
    ("defense organization", "two defence organisations", "defence organisations"),
    ("neighbourhood centre", "the neighborhood center", "neighborhood center"),
    ("armour", "Armor", "Armor"),
])
def test_british_and_american_spellings_match_each_other(term, text, surface):
    glossary = parse_csv(f"id,en\nc1,{term}\n", "g.csv")
    assert [text[m.start:m.end] for m in TermMatcher(glossary, "en").find(text)] == [surface]


def test_respelling_never_joins_different_words():
    glossary = parse_csv("id,en\nc1,four hour tour\n", "g.csv")
    assert TermMatcher(glossary, "en").find("for hor tor") == []


def test_matches_are_well_formed_on_arbitrary_text(en, ru):
    hypothesis = pytest.importorskip("hypothesis")
    from hypothesis import strategies as st

    pieces = st.sampled_from([
        "strategic", "alliance", "alliances", "military", "non", "aggression", "pact", "Asia", "Pacific",
        "стратегический", "альянса", "союз", "военного", "союза", "АТР", "атр", "пакт", "о", "ненападении",
        " ", "  ", "\u00a0", "-", "\u2011", "\u00ad", "\u0301", ".", ",", "\n", "\n\n", "«", "»", "ё", "е"])

    @hypothesis.settings(max_examples=300, deadline=None, derandomize=True)
    @hypothesis.given(st.lists(pieces, max_size=30).map("".join))
    def prop(text):
        for matcher in (en, ru):
            matches = matcher.find(text)
            assert matches == sorted(matches, key=lambda m: m.start)
            for left, right in zip(matches, matches[1:]):
                assert left.end <= right.start
            for m in matches:
                surface = text[m.start:m.end]
                assert surface and surface[0].isalnum() and (surface[-1].isalnum() or surface[-1] == "\u0301")
                # never inside a longer word: no letter (or soft hyphen joining one) right before or after
                assert m.start == 0 or not text[m.start - 1].isalnum()
                assert m.end == len(text) or not (text[m.end].isalnum() or text[m.end] == "\u0301")
            assert set(matches) <= set(matcher.find_all(text))

    prop()


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _inflect_phrase(morph, words: list[str], case: str, number: str) -> str | None:
    """Inflect an adjective(s)+noun phrase (the rest after the noun kept) into one case and number."""
    parses = [morph.parse(w)[0] for w in words]
    head = next((k for k, p in enumerate(parses) if p.tag.POS == "NOUN"), None)
    if head is None or any(p.tag.POS not in ("ADJF", "PRTF") for p in parses[:head]):
        return None
    noun = parses[head].inflect({case, number})
    if noun is None:
        return None
    out = []
    for p in parses[:head]:
        wanted = {case, number} | ({noun.tag.gender} if number == "sing" and noun.tag.gender else set())
        if case == "accs" and number == "plur" or case == "accs" and noun.tag.gender == "masc":
            wanted |= {noun.tag.animacy} if noun.tag.animacy else set()
        form = p.inflect(wanted)
        if form is None:
            return None
        out.append(form.word)
    return " ".join(out + [noun.word] + words[head + 1:])


def test_every_russian_term_is_found_in_every_case_and_number(glossary, ru):
    import pymorphy3
    morph = pymorphy3.MorphAnalyzer()
    checked = 0
    for concept, term in glossary.terms("ru"):
        if term.case_sensitive or term.status == "forbidden":
            continue
        for number in ("sing", "plur"):
            for case in CASES:
                phrase = _inflect_phrase(morph, term.text.split(), case, number)
                if phrase is None:
                    continue
                text = f"Речь идёт о том, что {phrase}, как говорят."
                ids = {(text[m.start:m.end], m.concept_id) for m in ru.find_all(text)}
                assert (phrase, concept.id) in ids, (term.text, case, number, phrase)
                checked += 1
    assert checked > 300


def test_every_english_term_is_found_in_the_plural(glossary, en):
    from lemminflect import getInflection

    checked = 0
    for concept, term in glossary.terms("en"):
        if term.case_sensitive:
            continue
        words = term.text.split()
        if " of " in f" {term.text} ":
            head = words.index("of") - 1
        else:
            head = len(words) - 1
        plural = getInflection(words[head], "NNS")
        if not plural or plural[0] == words[head] or words[head].endswith("s"):
            continue            # already plural (sanctions, treaty obligations) or uncountable
        words[head] = plural[0]
        phrase = " ".join(words)
        text = f"They spoke of {phrase} at length."
        assert (phrase, concept.id) in {(text[m.start:m.end], m.concept_id) for m in en.find_all(text)}, phrase
        checked += 1
    assert checked > 40


def test_a_solid_glossary_compound_matches_its_hyphenated_form():
    glossary = parse_csv("id,en\nnap,nonaggression pact\n", "g.csv")
    text = "a non-aggression pact and a nonaggression pact"
    assert [text[m.start:m.end] for m in TermMatcher(glossary, "en").find(text)] == [
        "non-aggression pact", "nonaggression pact"]


def test_terms_in_scripts_with_marks_and_without_spaces():
    """A vowel sign or virama is part of its word (Hindi «गठबंधन», Thai «พันธมิตร»), and in scripts written
    without spaces a term is a run of characters wherever it stands (Chinese «联盟» in «建立联盟»).  Before, the
    marks cut Indic and Thai words into pieces and an unspaced clause was one word: none of these matched."""
    glossary = parse_csv("id,en,hi,zh,ja,th\n"
                         "alliance,alliance,गठबंधन,联盟,同盟,พันธมิตร\n"
                         "council,council,परिषद,理事会,評議会,สภา\n", "g.csv")
    cases = {
        "hi": ("नगर परिषद ने बजट पर चर्चा की। गठबंधन मजबूत है।", [("परिषद", "council"), ("गठबंधन", "alliance")]),
        "zh": ("俄罗斯和中国并没有建立联盟。理事会开会了。", [("联盟", "alliance"), ("理事会", "council")]),
        "ja": ("ロシアと中国は同盟を結んでいない。評議会が開かれた。", [("同盟", "alliance"), ("評議会", "council")]),
        "th": ("สภาเมืองประชุม แต่ไม่ได้สร้างพันธมิตร", [("สภา", "council"), ("พันธมิตร", "alliance")]),
    }
    for lang, (text, want) in cases.items():
        assert found(TermMatcher(glossary, lang), text) == want, lang


def test_thai_test_text_has_every_occurrence_found():
    """The Thai test text (tests/data/thai): each occurrence of three terms, counted in the text itself."""
    text = (ROOT / "tests" / "data" / "thai" / "sentences_th.txt").read_text(encoding="utf-8")
    glossary = parse_csv("id,en,th\nalliance,alliance,พันธมิตร\nentente,entente,อองตองต์\ntreaty,treaty,สนธิสัญญา\n",
                         "g.csv")
    matches = TermMatcher(glossary, "th").find(text)
    assert [text.count(term) for term in ("พันธมิตร", "อองตองต์", "สนธิสัญญา")] == [3, 2, 2]
    assert sorted(m.concept_id for m in matches) == ["alliance"] * 3 + ["entente"] * 2 + ["treaty"] * 2
    assert all(text[m.start:m.end] == m.term for m in matches)
