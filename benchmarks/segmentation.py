"""Sentence segmentation benchmark: bitext against pySBD, razdel and sentence-splitter on every gold set.

    python benchmarks/segmentation.py [--set NAME] [--errors N] [--half tune|check]

Reads ``../shared/data/segmentation/*.jsonl`` (format and protocol in ``../shared/data/README.md``) and prints,
per set and segmenter: boundary precision, recall, F1, errors per 1,000 gold boundaries, units fully correct and
characters per second.  Speed is wall-clock time of the segmenter alone over the set's texts, in this one
process (one core); the machine is shared, so compare segmenters within a run, not across runs.  A last line
measures bitext on all Russian text of the sets, repeated, on one core.

German has no segmentation set; Text+Berg's German (``../shared/data/alignment/textberg_de_fr``: each document's
``de.txt`` against its gold ``sentences_de.txt``, as the set's makers split it) stands in, with the generic rules
beside the German ones.  Its gold does not split after a unit ("8848 m. Das ist") or every closing quote, and
about a fifth of its boundaries are unpunctuated headings and captions that no segmenter finds.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import segment  # noqa: E402
from corpus.segment.evaluate import Score, Unit, halves, load_units, show_errors  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "segmentation"
ALIGNMENT = ROOT.parent / "shared" / "data" / "alignment"


def bitext_splitter(lang):
    def split(text):
        return [text[start:end] for start, end in segment.split(text, lang)]
    return split


def pysbd_splitter(lang):
    import pysbd
    seg = pysbd.Segmenter(language=lang, clean=False)
    return seg.segment


def razdel_splitter(lang):
    import razdel
    return lambda text: [s.text for s in razdel.sentenize(text)]


def sentence_splitter_splitter(lang):
    from sentence_splitter import SentenceSplitter
    splitter = SentenceSplitter(language=lang)
    return splitter.split


def alignment_units(dataset: str, lang: str) -> list[Unit]:
    """Each document of an alignment set as one unit: its running text against its gold sentences."""
    units = []
    for folder in sorted(p for p in (ALIGNMENT / dataset).iterdir() if (p / f"sentences_{lang}.txt").is_file()):
        gold = [line for line in (folder / f"sentences_{lang}.txt").read_text(encoding="utf-8").splitlines() if line]
        units.append(Unit(folder.name, (folder / f"{lang}.txt").read_text(encoding="utf-8"), tuple(gold)))
    return units


def segmenters(lang):
    yield f"bitext ({segment.describe(lang)})", bitext_splitter(lang)
    if segment.describe(lang) != segment.describe("generic"):
        yield f"bitext ({segment.describe('generic')})", bitext_splitter("generic")
    yield "pysbd", pysbd_splitter(lang)
    if lang == "ru":
        yield "razdel", razdel_splitter(lang)
    yield "sentence-splitter", sentence_splitter_splitter(lang)


def run(units, splitter) -> tuple[Score, float]:
    started = time.perf_counter()
    predicted = [splitter(unit.text) for unit in units]
    elapsed = time.perf_counter() - started
    result = Score()
    for unit, sentences in zip(units, predicted):
        result.add(unit, sentences)
    return result, elapsed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", help="only sets whose file name contains this")
    parser.add_argument("--errors", type=int, default=0, help="show this many wrong units for bitext")
    parser.add_argument("--half", choices=("tune", "check"), help="score only one half of each set")
    parser.add_argument("--only-bitext", action="store_true", help="skip the other segmenters")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: gold segmentation sets not found at {DATA} (they live in ../shared, outside the project)")
        return 0
    header = f"{'set':<22} {'segmenter':<32} {'P':>6} {'R':>6} {'F1':>6} {'err/1k':>7} {'errors':>6} {'units ok':>11} {'chars/s':>10}"
    print(header)
    print("-" * len(header))
    sets = [(path.stem, path.name.split("_", 1)[0], lambda path=path: load_units(path))
            for path in sorted(DATA.glob("*.jsonl"))]
    if (ALIGNMENT / "textberg_de_fr").is_dir():
        sets.append(("textberg_de (raw)", "de", lambda: alignment_units("textberg_de_fr", "de")))
    for stem, lang, load in sets:
        if args.set and args.set not in stem:
            continue
        units = load()
        if args.half:
            units = halves(units)[0 if args.half == "tune" else 1]
        for name, splitter in segmenters(lang):
            if args.only_bitext and not name.startswith("bitext"):
                continue
            result, elapsed = run(units, splitter)
            speed = result.characters / elapsed if elapsed else float("inf")
            print(f"{stem:<22} {name:<32} {100 * result.precision:6.1f} {100 * result.recall:6.1f} "
                  f"{100 * result.f1:6.1f} {result.errors_per_1000:7.1f} {result.errors:6d} "
                  f"{result.units_correct:5d}/{result.units:<5d} {speed:10,.0f}", flush=True)
            if args.errors and name.startswith("bitext"):
                for line in show_errors(result, args.errors):
                    print("    " + line)
        print()
    russian = "\n".join(unit.text for path in sorted(DATA.glob("ru_*.jsonl")) for unit in load_units(path))
    if russian:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            segment.split(russian, "ru")
            best = min(best, time.perf_counter() - started)
        print(f"bitext on Russian text: {len(russian) / best:,.0f} characters/second "
              f"({len(russian):,} characters, all ru_* sets joined, one process on one core, best of 5 runs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
