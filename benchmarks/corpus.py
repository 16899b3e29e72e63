"""Corpus build and concordance benchmark on the shared alignment sets (documents repeated under new ids).

    python benchmarks/corpus.py [--pairs 500] [--small 100] [--encoder none] [--links 1000000]
    python benchmarks/corpus.py --search-store BIG.db      # only the concordance, on a store made before

Prints, for builds of SMALL and PAIRS pairs with one worker and of PAIRS pairs with two: pairs/s, sentences/s,
the peak memory of the building process (and of its largest worker), and the store's size; then the speed-up
of --jobs 2 over --jobs 1 (with the machine's load average, since the cores are shared).  A fourth build (PAIRS
pairs, one worker, the starter glossary) gives the cost of marking terms and the store the concordance is
measured on: a synthetic store of LINKS links made by repeating its links (and their glossary marks) under new
pair ids.  For each query: the hits (20 asked), the median latency, which index drove it, and the time to count
every match (a regex no index narrows is a full scan: that figure says what it costs); then the size of each
table of the store, so the cost of the trigram indexes is visible.  The load average is printed with every
block of timings (the 2 cores are shared).

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


def one_build(store: str, jobs: int, encoder: str, glossary: str | None = None) -> None:
    """Run in a subprocess: build and print JSON figures."""
    from aligner.batch import BuildSettings, build
    from corpus.store import Store
    with Store(store) as db:
        started = time.perf_counter()
        summary = build(db, BuildSettings.with_glossary(glossary, encoder=encoder), jobs=jobs)
        seconds = time.perf_counter() - started
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"pairs": summary.done, "failed": len(summary.failed), "sentences": summary.sentences,
                      "links": summary.links, "seconds": seconds, "store_seconds": summary.store_seconds,
                      "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
                      "parent_cpu": own.ru_utime + own.ru_stime,
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "worker_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def timed_build(folder: Path, n: int, jobs: int, encoder: str, glossary: str | None = None) -> dict:
    store = folder / f"c{n}-j{jobs}{'-glossary' if glossary else ''}.db"
    make_store(store, n)
    load = os.getloadavg()[0]
    out = subprocess.run([sys.executable, __file__, "--one-build", str(store), str(jobs), encoder,
                          *([glossary] if glossary else [])], capture_output=True, text=True, check=True, cwd=ROOT)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures.update(store=store, size_mb=sum(p.stat().st_size for p in folder.glob(store.name + "*")) / 2**20,
                   load=load, n=n, jobs=jobs, glossary=bool(glossary))
    return figures


def report(f: dict) -> None:
    print(f"  {f['n']:>4} pairs  --jobs {f['jobs']}{' --glossary' if f['glossary'] else ''}: {f['seconds']:7.1f} s  {f['pairs'] / f['seconds']:6.2f} pairs/s  "
          f"{f['sentences'] / f['seconds']:7.0f} sentences/s  {f['links']:>6} links  failed {f['failed']}  "
          f"peak RSS {f['rss_mb']:.0f} MB (largest worker {f['worker_rss_mb']:.0f} MB)  "
          f"store {f['size_mb']:.1f} MB  load avg {f['load']:.1f}", flush=True)
    print(f"{'':14}CPU {f['cpu']:.1f} s in all processes, {f['parent_cpu']:.1f} s of it in the parent "
          f"({f['cpu'] / f['seconds']:.2f} cores busy on average); writing the store {f['store_seconds']:.1f} s",
          flush=True)


def synthetic_store(real: Path, target: Path, links: int) -> int:
    """A store of about *links* links: the real store's pairs, links and glossary marks copied under new pair ids
    (the trigram indexes are filled as a build fills them)."""
    import sqlite3
    from corpus.store import Store
    from corpus.store.schema import LINKS_PER_PAIR
    from corpus.store.shapes import shape
    Store(target, create=True).close()
    db = sqlite3.connect(target, isolation_level=None)
    db.create_function("bitext_shape", 1, shape, deterministic=True)
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
        db.execute("INSERT INTO link_grams (rowid, src, tgt) SELECT rowid + ?, src, tgt FROM real.link_text", (shift,))
        db.execute("INSERT INTO link_shapes (rowid, src, tgt) SELECT rowid + ?, bitext_shape(src), bitext_shape(tgt) "
                   "FROM real.link_text", (shift,))
        db.execute('INSERT INTO link_terms SELECT concept_id, link_id + ?, side, start, "end", term, term_key, status '
                   "FROM real.link_terms", (shift,))
    db.execute("COMMIT")
    for table in ("link_text", "link_grams", "link_shapes"):
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
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
    ("regex, (?i) words", dict(regex=r"(?i)\bprime\s+minister")),
    ("regex, alternation", dict(regex=r"\b(?:Biden|Байден\w*)\b")),
    ("regex, rare literal", dict(regex=r"\bhydrogen\w*")),
    ("regex, anchored", dict(regex=r"^The\b", where="en")),
    ("regex, anchored end", dict(regex=r"\?$")),
    ("regex, no word", dict(regex=r"\b\d{4}s\b", where="en")),
    ("regex, date shape", dict(regex=r"\d{4}-\d{2}")),
    ("regex, caps ru", dict(regex=r"[А-Я]{3,}")),
    ("regex, nothing", dict(regex=r"(\w)\1\1")),
    ("regex, nothing, rarer", dict(regex=r"(\w)\1\1\1")),
]


def term_queries(store) -> list[tuple[str, dict]]:
    """Term queries on what the store holds: its most marked concept (by id, and by a target-language form)
    and the concept most often marked on the source side only (else the most marked one)."""
    top = store.db.execute("SELECT concept_id, COUNT(*) FROM link_terms GROUP BY concept_id "
                           "ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    if top is None:
        return []
    form = store.db.execute("SELECT term FROM link_terms WHERE concept_id = ? AND side = 'tgt' LIMIT 1",
                            (top[0],)).fetchone()
    missing = store.db.execute(
        "SELECT s.concept_id, COUNT(*) FROM link_terms s WHERE s.side = 'src' AND NOT EXISTS (SELECT 1 FROM "
        "link_terms u WHERE u.concept_id = s.concept_id AND u.link_id = s.link_id AND u.side = 'tgt') "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    out = [(f"term {top[0]}", dict(term=top[0]))]
    if form:
        out.append((f"term {form[0]}", dict(term=form[0])))
    # with no source-only marks at all, the most marked concept: every one of its marks is read to find none
    concept = missing[0] if missing else top[0]
    out.append((f"term missing {concept}", dict(term=concept, term_missing=True)))
    return out


def search_latency(store_path: Path) -> None:
    from corpus.store import Store
    from corpus.store.search import Query, count, driver, search
    with Store(store_path) as store:
        print(f"  load average {os.getloadavg()[0]:.2f} before the queries", flush=True)
        for label, spec in QUERIES + term_queries(store):
            times, hits = [], []
            for _ in range(5):
                started = time.perf_counter()
                hits = search(store, Query(limit=20, **spec))
                times.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            total = count(store, Query(**spec))
            full = time.perf_counter() - started
            print(f"  {label[:28]:28} {len(hits):>3} hits  median {statistics.median(times):8.1f} ms  "
                  f"(min {min(times):.1f}, max {max(times):.1f})  via {driver(store, Query(**spec)):8}  "
                  f"all {total:>6} in {full * 1000:7.0f} ms", flush=True)
        print(f"  load average {os.getloadavg()[0]:.2f} after the queries", flush=True)
        sizes = store.db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    groups: dict[str, int] = {}
    for name, size in sizes:
        for prefix in ("link_grams", "link_shapes", "link_text", "link_terms", "links"):
            if name == prefix or name.startswith(prefix + "_") or (prefix == "links" and "links" in name):
                groups[prefix] = groups.get(prefix, 0) + size
                break
        else:
            groups["other"] = groups.get("other", 0) + size
    total = sum(groups.values())
    print("  store size by table: " + ", ".join(f"{k} {v / 2**20:.0f} MB" for k, v in
                                                 sorted(groups.items(), key=lambda kv: -kv[1]))
          + f"; total {total / 2**20:.0f} MB, of which the two trigram indexes "
            f"{(groups.get('link_grams', 0) + groups.get('link_shapes', 0)) / 2**20:.0f} MB "
            f"(+{100 * (groups.get('link_grams', 0) + groups.get('link_shapes', 0)) / max(1, total - groups.get('link_grams', 0) - groups.get('link_shapes', 0)):.0f}% on the rest)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=500)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--encoder", default="none", help="aligner encoder (default none: the lexical and length "
                        "signals; 'auto' embeds every new text, minutes per hundred documents on two cores)")
    parser.add_argument("--links", type=int, default=1_000_000)
    parser.add_argument("--search-store", type=Path, help="only time the concordance, on this store")
    parser.add_argument("--one-build", nargs="+", metavar="STORE JOBS ENCODER [GLOSSARY]", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_build:
        one_build(args.one_build[0], int(args.one_build[1]), args.one_build[2], *args.one_build[3:])
        return
    if args.search_store:
        print(f"concordance on {args.search_store} (20 hits a query, 5 runs each)", flush=True)
        search_latency(args.search_store)
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
        from corpus.terminology import STARTER_GLOSSARY
        marked = timed_build(folder, args.pairs, 1, args.encoder, glossary=str(STARTER_GLOSSARY))
        report(marked)
        print(f"marking glossary terms: {marked['seconds'] - one['seconds']:+.1f} s on {args.pairs} pairs "
              f"(load average {one['load']:.1f} and {marked['load']:.1f})")
        started = time.perf_counter()
        big = folder / "million.db"
        total = synthetic_store(marked["store"], big, args.links)
        print(f"concordance: synthetic store of {total:,} links ({big.stat().st_size / 2**20:.0f} MB) made in "
              f"{time.perf_counter() - started:.0f} s; 20 hits a query, 5 runs each", flush=True)
        search_latency(big)


if __name__ == "__main__":
    main()
