"""Term matching on the seed pair: precision and recall against hand-made gold occurrences, and speed.

Gold: tests/data/terms/seed_terms_{en,ru}.tsv (start, end, concept id, surface), made by reading the seeds.
A predicted match counts only if start, end and concept are all exactly right.
Run: python benchmarks/terms.py
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from corpus.terminology import STARTER_GLOSSARY, load_glossary  # noqa: E402
from corpus.terminology.matcher import TermMatcher  # noqa: E402
from support import seed_pairs  # noqa: E402

SEEDS = {lang: ROOT / "seeds" / f"sino-russian-entente.{lang}.txt" for lang in ("en", "ru")}
GOLD = {lang: ROOT / "tests" / "data" / "terms" / f"seed_terms_{lang}.tsv" for lang in ("en", "ru")}


def read_gold(path: Path) -> set[tuple[int, int, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {(int(r["start"]), int(r["end"]), r["concept_id"]) for r in csv.DictReader(handle, delimiter="\t")}


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float]:
    return (tp / n_pred if n_pred else 1.0), (tp / n_gold if n_gold else 1.0)


def main() -> None:
    glossary = load_glossary(STARTER_GLOSSARY)
    print(f"glossary: {STARTER_GLOSSARY.name}, {len(glossary)} concepts")
    for lang in ("en", "ru"):
        text = SEEDS[lang].read_text(encoding="utf-8")
        gold = read_gold(GOLD[lang])
        started = time.perf_counter()
        matcher = TermMatcher(glossary, lang)
        built = time.perf_counter()
        predicted = {(m.start, m.end, m.concept_id) for m in matcher.find(text)}
        cold = time.perf_counter()
        rounds = 20
        for _ in range(rounds):
            matcher.find(text)
        warm = (time.perf_counter() - cold) / rounds
        tp = len(predicted & gold)
        precision, recall = prf(tp, len(predicted), len(gold))
        print(f"\n[{lang}] gold {len(gold)}, predicted {len(predicted)}, correct {tp}: "
              f"precision {precision:.3f}, recall {recall:.3f}")
        print(f"[{lang}] build {built - started:.3f}s (lemmatiser load included), first find {cold - built:.3f}s, "
              f"warm find {warm * 1000:.1f} ms = {len(text) / warm / 1000:.0f} k chars/s")
        gold_by, pred_by, tp_by = Counter(), Counter(), Counter()
        for item in gold:
            gold_by[item[2]] += 1
        for item in predicted:
            pred_by[item[2]] += 1
            tp_by[item[2]] += item in gold
        print(f"  {'concept':36} gold pred   P     R")
        for concept in sorted(set(gold_by) | set(pred_by)):
            p, r = prf(tp_by[concept], pred_by[concept], gold_by[concept])
            flag = "" if p == r == 1.0 else "  <--"
            print(f"  {concept:36} {gold_by[concept]:4} {pred_by[concept]:4} {p:5.2f} {r:5.2f}{flag}")
        for start, end, concept in sorted(gold - predicted):
            print(f"  missed: {start}-{end} {concept} {text[start:end]!r}")
        for start, end, concept in sorted(predicted - gold):
            print(f"  spurious: {start}-{end} {concept} {text[start:end]!r}")


def speed() -> None:
    """Throughput on a larger text (WMT21 news, ../shared), against a baseline measured in the same run: one
    case-insensitive regular expression of every glossary term as written (no inflection), which is what a
    matcher without morphology costs.  Absolute figures vary with the machine's load; the ratio is the figure."""
    import re

    shared = ROOT.parent / "shared" / "data" / "scoring" / "wmt21_en_ru"
    files = {"en": shared / "sources" / "newstest2021.en-ru.src.en",
             "ru": shared / "sources" / "newstest2021.ru-en.src.ru"}
    if not all(p.is_file() for p in files.values()):
        print("\nspeed: ../shared/data/scoring/wmt21_en_ru is absent; skipped")
        return
    glossary = load_glossary(STARTER_GLOSSARY)
    print("\nspeed on WMT21 news (a first pass fills the lemma cache, then a warm pass; baseline = exact-form regex):")
    for lang, path in files.items():
        text = path.read_text(encoding="utf-8")
        terms = sorted({t.text for _, t in glossary.terms(lang)}, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, terms)) + r")\b", re.IGNORECASE)
        matcher = TermMatcher(glossary, lang)
        started = time.perf_counter()
        first = matcher.find(text)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        matches = matcher.find(text)
        warm = time.perf_counter() - started
        started = time.perf_counter()
        exact = pattern.findall(text)
        baseline = time.perf_counter() - started
        assert first == matches
        print(f"[{lang}] {len(text):,} chars: first pass {cold:.2f}s (lemma cache empty), warm {warm:.2f}s = "
              f"{len(text) / warm / 1000:.0f} k chars/s, {len(matches)} matches; exact regex {baseline * 1000:.1f} ms, "
              f"{len(exact)} matches; matcher/regex time ratio {warm / baseline:.0f}")


def lemmatisers() -> None:
    """Why lemminflect (English) and pymorphy3 (Russian): the same matcher with simplemma (one lemma per word,
    no part of speech) instead, on the same gold, in the same run."""
    from corpus.terminology.lemmas import Lemmatizer, lemmatizer_for

    try:
        import simplemma
    except ImportError:
        print("\nlemmatisers: simplemma not installed; comparison skipped")
        return

    class Simplemma(Lemmatizer):
        name = "simplemma"

        def __init__(self, lang: str) -> None:
            super().__init__()
            self.lang = lang

        def _lemmas(self, lower: str) -> set[str]:
            return {simplemma.lemmatize(lower, lang=self.lang).lower()}

    glossary = load_glossary(STARTER_GLOSSARY)
    print("\nlemmatisers on the seed gold (same matcher; P / R / warm ms per seed):")
    for lang in ("en", "ru"):
        text = SEEDS[lang].read_text(encoding="utf-8")
        gold = read_gold(GOLD[lang])
        for lemmatizer in (lemmatizer_for(lang), Simplemma(lang)):
            matcher = TermMatcher(glossary, lang, lemmatizer=lemmatizer)
            predicted = {(m.start, m.end, m.concept_id) for m in matcher.find(text)}
            started = time.perf_counter()
            for _ in range(10):
                matcher.find(text)
            warm = (time.perf_counter() - started) / 10
            precision, recall = prf(len(predicted & gold), len(predicted), len(gold))
            print(f"  [{lang}] {lemmatizer.name:12} P {precision:.3f}  R {recall:.3f}  {warm * 1000:.1f} ms")
    probe = TermMatcher(parse_glossary_text("id,en\nsanctions,sanctions\n"), "en", lemmatizer=Simplemma("en"))
    print("  simplemma matches 'sanctioned' as the noun 'sanctions':",
          bool(probe.find("Russia was sanctioned")))


def parse_glossary_text(text: str):
    from corpus.terminology.csv_format import parse_csv
    return parse_csv(text, "inline.csv")


def extraction() -> None:
    """Term extraction on the seed pair (gold alignment): how many of the top candidates are concepts of the
    starter glossary, and for how many of those the proposed Russian equivalent is one of the glossary's
    Russian terms (compared through the matcher, so inflection does not matter)."""
    from corpus.terminology.extract import extract_terms

    pairs = seed_pairs()
    glossary = load_glossary(STARTER_GLOSSARY)
    en_matcher, ru_matcher = TermMatcher(glossary, "en"), TermMatcher(glossary, "ru")
    print("\nextraction on the seed pair (gold alignment), judged against the starter glossary:")
    for min_frequency, top in ((2, 15), (1, 50)):
        started = time.perf_counter()
        candidates = extract_terms(pairs, "en", "ru", top=top, min_frequency=min_frequency)
        seconds = time.perf_counter() - started
        known = right = 0
        for cand in candidates:
            whole = [m for m in en_matcher.find(cand.term) if m.start == 0 and m.end == len(cand.term)]
            if not whole:
                continue
            known += 1
            concept = whole[0].concept_id
            right += any(m.concept_id == concept and m.start == 0 and m.end == len(cand.equivalent or "")
                         for m in ru_matcher.find_all(cand.equivalent or ""))
        print(f"  min frequency {min_frequency}, top {top}: {len(candidates)} candidates in {seconds:.2f}s; "
              f"{known} are glossary terms, equivalent right for {right} of them")


if __name__ == "__main__":
    main()
    lemmatisers()
    extraction()
    speed()
