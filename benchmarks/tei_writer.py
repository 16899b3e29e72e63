"""How fast the TEI writer is and how much memory it needs, for a book of 2,000 and 20,000 sentences a side.

Each size runs in a fresh subprocess so peak memory is its own.  Printed per size: seconds to write the TEI
(streaming, lxml xmlfile), the extra peak memory while writing over what the documents themselves take
(peak RSS after writing minus RSS before; and Python's own peak from tracemalloc), the file size, and for
comparison the extra memory of holding the same TEI as one lxml tree and serialising it (the approach the
streaming writer avoids; measured by parsing the written bytes, so it is a lower bound of what building the
tree element by element would take).  Also: seconds to read the TEI back and to validate it (bitext's
RELAX NG + Python rules).  Absolute times depend on the machine's load; compare within one run.

    python benchmarks/tei_writer.py [SIZE ...]      (default: 2000 20000)
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS_EN = "the of and to in a is that for it as was with be by on not he this are or his from at which".split()
WORDS_RU = "и в не на я быть он с что а по это она этот к но они мы как из у который то за свой".split()


def book(n: int, seed: int = 1):
    """A long pair: paragraphs of 1–8 sentences, headings every ~40 paragraphs, mostly 1-1 links."""
    from aligner.model import AlignedPair, Alignment, Link
    from corpus.document import Block, Document, Sentence, Source

    rng = random.Random(seed)

    def document(lang: str, words: list[str], count: int) -> Document:
        parts, blocks, position, made = [], [], 0, 0
        while made < count:
            kind = "title" if not blocks else ("heading" if rng.random() < 0.025 else "paragraph")
            size = 1 if kind != "paragraph" else min(rng.randint(1, 8), count - made)
            sentences, text = [], ""
            for k in range(size):
                if k:
                    text += " "
                sentence = " ".join(rng.choice(words) for _ in range(rng.randint(6, 30))).capitalize() + "."
                sentences.append(Sentence(position + len(text), position + len(text) + len(sentence), sentence))
                text += sentence
            blocks.append(Block(kind, position, position + len(text), text, sentences))
            parts.append(text + "\n\n")
            position += len(text) + 2
            made += size
        full = "".join(parts)
        return Document(full, lang, blocks, Source(path=f"book.{lang}.txt", sha256="0" * 64, size=len(full)))

    src, tgt = document("en", WORDS_EN, n), document("ru", WORDS_RU, n)
    links, i, j = [], 0, 0
    while i < n or j < n:
        a, b = rng.choice([(1, 1)] * 18 + [(1, 2), (2, 1)])
        a, b = min(a, n - i) or (0 if j < n else 1), min(b, n - j)
        if a == 0 and b == 0:
            break
        links.append(Link(tuple(range(i, i + a)), tuple(range(j, j + b)), round(rng.random(), 4)))
        i, j = i + a, j + b
    return AlignedPair(src, tgt, Alignment(links, n, n, {"tool": "benchmark"}), {"date": "2026-11-29T00:00:00Z"})


def rss_kib() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def reset_peak() -> None:
    """Linux: writing 5 to clear_refs resets the peak RSS (VmHWM), so the next peak is this step's own."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass  # then the peak may include earlier steps: an upper bound


def peak_kib() -> int:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def measure(n: int, mode: str) -> dict:
    import tei
    from tei.validate import validate

    pair = book(n)
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"bitext-bench-{os.getpid()}.tei.xml"
    reset_peak()
    before = rss_kib()
    result = {"sentences": n}
    if mode == "stream":
        tracemalloc.start()
        start = time.perf_counter()
        tei.write(out, pair)
        result["seconds"] = time.perf_counter() - start
        result["python_peak_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        result["extra_peak_mib"] = (peak_kib() - before) / 1024
        result["file_mib"] = out.stat().st_size / 2**20
        start = time.perf_counter()
        tei.read(out)
        result["read_seconds"] = time.perf_counter() - start
        start = time.perf_counter()
        problems = validate(out)[1]
        result["validate_seconds"] = time.perf_counter() - start
        result["valid"] = not problems
    else:  # the same bytes built as one tree, to show what streaming saves
        from lxml import etree
        buffer = io.BytesIO()
        tei.writer.write_to(buffer, pair)
        data = buffer.getvalue()
        del buffer
        reset_peak()
        base = rss_kib()
        start = time.perf_counter()
        tree = etree.fromstring(data)       # stands in for building the tree element by element
        etree.tostring(tree, encoding="utf-8")
        result["seconds"] = time.perf_counter() - start
        result["extra_peak_mib"] = (peak_kib() - base) / 1024
    out.unlink(missing_ok=True)
    return result


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        print(json.dumps(measure(int(sys.argv[2]), sys.argv[3])))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 20000]
    print(f"{'sentences/side':>14} {'write s':>8} {'extra peak MiB':>15} {'py peak MiB':>12} {'file MiB':>9} "
          f"{'read s':>7} {'validate s':>10} {'| one tree: extra MiB (lower bound)':>36}")
    for n in sizes:
        runs = {}
        for mode in ("stream", "tree"):
            child = subprocess.run([sys.executable, __file__, "--child", str(n), mode], capture_output=True,
                                   text=True, check=True)
            runs[mode] = json.loads(child.stdout)
        s, t = runs["stream"], runs["tree"]
        print(f"{n:>14} {s['seconds']:>8.2f} {s['extra_peak_mib']:>15.1f} {s['python_peak_mib']:>12.2f} "
              f"{s['file_mib']:>9.1f} {s['read_seconds']:>7.2f} {s['validate_seconds']:>10.2f} "
              f"{t['extra_peak_mib']:>36.1f}" + ("" if s["valid"] else "  INVALID"))


if __name__ == "__main__":
    main()
