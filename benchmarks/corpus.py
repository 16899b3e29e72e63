"""Corpus build and concordance benchmark on the shared alignment sets (documents repeated under new ids).

    python benchmarks/corpus.py [--pairs 500] [--small 100] [--encoder none] [--links 1000000]

Prints, for builds of SMALL and PAIRS pairs with one worker and of PAIRS pairs with two: pairs/s, sentences/s,
the peak memory of the building process (and of its largest worker), and the store's size; then the speed-up
of --jobs 2 over --jobs 1 (with the machine's load average, since the cores are shared), and the latency of
concordance queries on a synthetic store of LINKS links made by repeating the real ones.

Each build runs in a fresh subprocess so its peak memory is its own.  Skips cleanly without ../shared.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("BITEXT_SHARED") or ROOT.parent / "shared")
ALIGNMENT = SHARED / "data" / "alignment"
SETS = ("wmt21_en_ru", "parice_en_is", "textberg_de_fr")   # the Bible (one 5,000-verse book) is left out


def source_pairs() -> list[tuple[str, str, str, str, str]]:
    """(name, src, tgt, src_lang, tgt_lang) for every document of the shared sets."""
    out = []
    for dataset in SETS:
        for folder in sorted(p for p in (ALIGNMENT / dataset).iterdir() if p.is_dir()):
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            l1, l2 = meta["langs"]
            out.append((f"{dataset}/{folder.name}", str(folder / f"{l1}.txt"), str(folder / f"{l2}.txt"), l1, l2))
    return out


def make_store(path: Path, n: int) -> None:
    from corpus.store import PairEntry, Store
    base = source_pairs()
    entries = [PairEntry(f"{base[i % len(base)][0]}#{i // len(base)}", *base[i % len(base)][1:]) for i in range(n)]
    with Store(path, create=True) as store:
        store.add_pairs(entries)


def one_build(store: str, jobs: int, encoder: str) -> None:
    """Run in a subprocess: build and print JSON figures."""
    from aligner.batch import BuildSettings, build
    from corpus.store import Store
    with Store(store) as db:
        started = time.perf_counter()
        summary = build(db, BuildSettings(encoder=encoder), jobs=jobs)
        seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"pairs": summary.done, "failed": len(summary.failed), "sentences": summary.sentences,
                      "links": summary.links, "seconds": seconds, "store_seconds": summary.store_seconds,
                      "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                      "parent_cpu": own.ru_utime + own.ru_stime,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def timed_build(folder: Path, n: int, jobs: int, encoder: str) -> dict:
    store = folder / f"c{n}-j{jobs}.db"
    make_store(store, n)
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--one-build", str(store), str(jobs), encoder],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures.update(store=store, size_mb=sum(p.stat().st_size for p in folder.glob(store.name + "*")) / 2**20,
                   load=load, n=n, jobs=jobs)
    return figures


def report(f: dict) -> None:
    print(f"  {f['n']:>4} pairs  --jobs {f['jobs']}: {f['seconds']:7.1f} s  {f['pairs'] / f['seconds']:6.2f} pairs/s  "
          f"{f['sentences'] / f['seconds']:7.0f} sentences/s  {f['links']:>6} links  failed {f['failed']}  "
          f"peak RSS {f['rss_mb']:.0f} MB (largest worker {f['worker_rss_mb']:.0f} MB)  "
          f"store {f['size_mb']:.1f} MB  load avg {f['load']:.1f}", flush=True)
    print(f"{'':14}CPU {f['cpu']:.1f} s in all processes, {f['parent_cpu']:.1f} s of it in the parent "
          f"({f['cpu'] / f['seconds']:.2f} cores busy on average); writing the store {f['store_seconds']:.1f} s",
          flush=True)


def synthetic_store(real: Path, target: Path, links: int) -> int:
    """A store of about *links* links: the real store's pairs and links copied under new pair ids."""
    import sqlite3
    from corpus.store import Store
    from corpus.store.schema import LINKS_PER_PAIR
    Store(target, create=True).close()
    db = sqlite3.connect(target, isolation_level=None)
    db.execute("ATTACH DATABASE ? AS real", (str(real),))
    base_links = db.execute("SELECT COUNT(*) FROM real.links").fetchone()[0]
    span = db.execute("SELECT MAX(id) + 1 FROM real.pairs").fetchone()[0]
    copies = -(-links // base_links)
    db.execute("BEGIN")
    for k in range(copies):
        db.execute("INSERT INTO pairs (id, name, src_path, tgt_path, src_lang, tgt_lang, segmented, meta) "
                   "SELECT id + ?, name || '~' || ?, src_path, tgt_path, src_lang, tgt_lang, segmented, meta "
                   "FROM real.pairs", (k * span, k))
        shift = k * span * LINKS_PER_PAIR
        db.execute("INSERT INTO links SELECT id + ?, pair_id + ?, idx, type, src_first, src_count, tgt_first, "
                   "tgt_count, confidence, cost, resp FROM real.links", (shift, k * span))
        db.execute("INSERT INTO link_text (rowid, src, tgt, src_lemma, tgt_lemma) "
                   "SELECT rowid + ?, src, tgt, src_lemma, tgt_lemma FROM real.link_text", (shift,))
    db.execute("COMMIT")
    db.execute("INSERT INTO link_text(link_text) VALUES ('optimize')")
    total = db.execute("SELECT COUNT(*) FROM links").fetchone()[0]
    db.close()
    return total


QUERIES = [
    ("word", dict(text="president")),
    ("phrase", dict(text="prime minister")),
    ("lemma, ru", dict(text="президент", where="ru", lemma=True)),
    ("en + ru lemma", dict(sides=[("en", "government"), ("ru", "правительство")], lemma=True)),
    ("en, ru lacks", dict(sides=[("en", "government")], nots=[("ru", "правительство")], lemma=True)),
    ("rare word", dict(text="hydrogen")),
    ("phrase + regex", dict(sides=[("en", "million")], regex=r"\b\d{2,} million\b", where="en")),
    ("regex, words", dict(regex=r"\bsaid on \w+day\b", where="en")),
    ("regex, no word", dict(regex=r"\b\d{4}s\b", where="en")),
]


def search_latency(store_path: Path) -> None:
    from corpus.store import Store
    from corpus.store.search import Query, search
    with Store(store_path) as store:
        for label, spec in QUERIES:
            times, hits = [], []
            for _ in range(5):
                started = time.perf_counter()
                hits = search(store, Query(limit=20, **spec))
                times.append((time.perf_counter() - started) * 1000)
            print(f"  {label:16} {len(hits):>3} hits  median {statistics.median(times):8.1f} ms  "
                  f"(min {min(times):.1f}, max {max(times):.1f})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--encoder", default="none", help="aligner encoder (default none: the lexical and length "
                        "signals; 'auto' embeds every new text, minutes per hundred documents on two cores)")
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--one-build", nargs=3, metavar=("STORE", "JOBS", "ENCODER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_build:
        one_build(args.one_build[0], int(args.one_build[1]), args.one_build[2])
        return
    if not ALIGNMENT.is_dir():
        print(f"skipped: {ALIGNMENT} is absent (the shared gold data)")
        return
    print(f"corpus build: {len(source_pairs())} distinct document pairs from {', '.join(SETS)}, repeated under new "
          f"ids; encoder {args.encoder}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="bitext-corpus-bench-") as tmp:
        folder = Path(tmp)
        small = timed_build(folder, args.small, 1, args.encoder)
        report(small)
        one = timed_build(folder, args.pairs, 1, args.encoder)
        report(one)
        two = timed_build(folder, args.pairs, 2, args.encoder)
        report(two)
        print(f"speed-up --jobs 2 over --jobs 1: {one['seconds'] / two['seconds']:.2f}x measured (goal 1.7x; load "
              f"average {one['load']:.1f} and {two['load']:.1f} on {os.cpu_count()} shared cores when they started)")
        # Where the scheduler gives this session's processes a fixed share (Linux autogroups put a session's
        # processes in one group), more workers cannot get more CPU; the CPU split tells what 2 idle cores would
        # do: the workers' CPU halves, the parent's writing runs beside them.
        workers = two["cpu"] - two["parent_cpu"]
        projected = one["cpu"] / max(workers / 2, two["parent_cpu"])
        autogroup = Path("/proc/sys/kernel/sched_autogroup_enabled")
        grouped = autogroup.is_file() and autogroup.read_text().strip() == "1"
        print(f"cores actually given: {one['cpu'] / one['seconds']:.2f} (--jobs 1) and {two['cpu'] / two['seconds']:.2f} "
              f"(--jobs 2){' — autogroup scheduling is on: all processes of this session share one slot' if grouped else ''}; "
              f"projected from CPU time on 2 idle cores: {projected:.2f}x (not measured)")
        print(f"parent peak RSS, {args.small} vs {args.pairs} pairs: {small['rss_mb']:.0f} MB vs {one['rss_mb']:.0f} MB "
              f"({one['rss_mb'] / small['rss_mb']:.2f}x for {args.pairs / args.small:.0f}x the pairs)")
        started = time.perf_counter()
        big = folder / "million.db"
        total = synthetic_store(one["store"], big, args.links)
        print(f"concordance: synthetic store of {total:,} links ({big.stat().st_size / 2**20:.0f} MB) made in "
              f"{time.perf_counter() - started:.0f} s; 20 hits a query, 5 runs each", flush=True)
        search_latency(big)


if __name__ == "__main__":
    main()
