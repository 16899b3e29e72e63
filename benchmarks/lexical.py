"""How much alignment evidence the lexical signals carry, per gold set and per signal.

For every gold link with two non-empty sides: the share that shares any anchor ("cover"), the mean
similarity of gold links against shifted non-links (each link's source with the next link's target), the mean
evidence mass, and a ranking test: for each gold 1-1 link, is the gold target the unique best by lexical
similarity among the targets within ±5 positions ("rank1"; ties count as misses, so a signal silent on a pair
scores nothing)?  Also the speed of ``anchors`` (fresh scorer, no caches warm beyond the lexicon file).

    python benchmarks/lexical.py [--sets wmt21_en_ru,...] [--max-docs N]

Reads ../shared/data/alignment and the seed article's gold (tests/data/seed); prints one table.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aligner.lexical import SIGNALS, LexicalScorer  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "alignment"
SETS = ("textberg_de_fr", "parice_en_is", "bible_en_zh_bertalign", "wmt21_en_ru", "seed_en_ru")
SEED_GOLD = ROOT / "tests" / "data" / "seed"     # the hand-made gold of the seed article (one document)
CONFIGS = ("numbers", "names", "punctuation", "dictionary", "cognates", "all", "all+rarity")
WINDOW = 5


def set_langs(name: str) -> tuple[str, str]:
    parts = name.split("_")
    return parts[1], parts[2]


def read_doc(doc: Path, l1: str, l2: str):
    src = (doc / f"sentences_{l1}.txt").read_text(encoding="utf-8").split("\n")
    tgt = (doc / f"sentences_{l2}.txt").read_text(encoding="utf-8").split("\n")
    if src and src[-1] == "":
        src.pop()
    if tgt and tgt[-1] == "":
        tgt.pop()
    links = []
    for line in (doc / "gold.tsv").read_text(encoding="utf-8").splitlines():
        s, t = (line.split("\t") + [""])[:2]
        links.append(([int(x) for x in s.split(",") if x], [int(x) for x in t.split(",") if x]))
    return src, tgt, links


def side(anchors, idx):
    total = anchors[idx[0]].copy()
    for i in idx[1:]:
        total += anchors[i]
    return total


def evaluate(docs, l1, l2, signals, rarity=False):
    base = LexicalScorer(l1, l2, signals=signals)
    n_sent = 0
    t_anchor = 0.0
    cover = gold_n = 0
    gold_sim = gold_mass = shift_sim = 0.0
    shift_n = rank_hits = rank_n = 0
    levels = []
    for src, tgt, links in docs:
        t0 = time.perf_counter()
        a, b = base.anchors(src, l1), base.anchors(tgt, l2)
        t_anchor += time.perf_counter() - t0
        scorer = base.for_document(a, b) if rarity else base
        if rarity:
            levels.append((scorer.random_level, scorer.match_level, len(src)))
        n_sent += len(src) + len(tgt)
        full = [(s, t) for s, t in links if s and t]
        for k, (s, t) in enumerate(full):
            sa, sb = side(a, s), side(b, t)
            sim, mass = scorer.similarity(sa, sb)
            gold_n += 1
            gold_sim += sim
            gold_mass += mass
            cover += sim > 0
            if k + 1 < len(full):
                shift_sim += scorer.similarity(sa, side(b, full[k + 1][1]))[0]
                shift_n += 1
            if len(s) == 1 and len(t) == 1:
                j = t[0]
                sims = {c: scorer.similarity(sa, b[c])[0] for c in range(max(0, j - WINDOW), min(len(b), j + WINDOW + 1))}
                best = max(sims.values())
                rank_hits += sims[j] == best and best > 0 and sum(v == best for v in sims.values()) == 1
                rank_n += 1
    # similarity calls per second, on the ranking test's own pairs (the aligner's hot loop)
    t0 = time.perf_counter()
    calls = 0
    for src, tgt, _ in docs[:3]:
        a, b = base.anchors(src, l1), base.anchors(tgt, l2)
        for i in range(min(len(a), 300)):
            for j in range(max(0, i - WINDOW), min(len(b), i + WINDOW + 1)):
                scorer.similarity(a[i], b[j])
                calls += 1
    sim_per_s = calls / (time.perf_counter() - t0)
    weight = sum(n for _, _, n in levels) or 1
    return {
        "levels": (sum(r * n for r, _, n in levels) / weight, sum(m * n for _, m, n in levels) / weight)
        if levels else None,
        "sim_per_s": sim_per_s,
        "cover": cover / max(gold_n, 1), "gold": gold_sim / max(gold_n, 1), "shift": shift_sim / max(shift_n, 1),
        "mass": gold_mass / max(gold_n, 1), "rank1": rank_hits / max(rank_n, 1), "rank_n": rank_n,
        "sent_per_s": n_sent / t_anchor if t_anchor else float("inf"), "describe": base.describe(),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--max-docs", type=int, default=0)
    args = ap.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} absent (the gold alignments are read from ../shared)")
        return 0
    print(f"{'set':24} {'signal':12} {'cover':>6} {'gold':>6} {'shift':>6} {'mass':>6} {'rank1':>6} {'n1-1':>6} {'sent/s':>8} {'sim/s':>8}")
    describes = []
    for name in args.sets.split(","):
        folder = SEED_GOLD if name == "seed_en_ru" else DATA / name
        if not folder.is_dir():
            print(f"{name}: absent, skipped")
            continue
        l1, l2 = set_langs(name)
        if name == "seed_en_ru":
            doc_dirs = [folder]
        else:
            doc_dirs = sorted(p for p in folder.iterdir() if (p / "gold.tsv").exists())
        if args.max_docs:
            doc_dirs = doc_dirs[: args.max_docs]
        docs = [read_doc(d, l1, l2) for d in doc_dirs]
        for config in CONFIGS:
            signals = [s for s in SIGNALS if s != "glossary"] if config.startswith("all") else [config]
            r = evaluate(docs, l1, l2, signals, rarity=config.endswith("rarity"))
            print(f"{name:24} {config:12} {r['cover']:6.3f} {r['gold']:6.3f} {r['shift']:6.3f} {r['mass']:6.2f} "
                  f"{r['rank1']:6.3f} {r['rank_n']:6d} {r['sent_per_s']:8.0f} {r['sim_per_s']:8.0f}", flush=True)
            if r["levels"]:
                print(f"{'':24} {'':12} document levels (for_document): random {r['levels'][0]:.3f}, "
                      f"match {r['levels'][1]:.3f}")
            if config == "all":
                describes.append(r["describe"])
    for d in describes:
        print(d)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
