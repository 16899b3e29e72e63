"""bitext score on WMT21: (1) line-parallel scores against the official ones (every system, both references and
the two together, BLEU and chrF, compared to the last digit); (2) re-segmentation: each en-ru system's output
with lines merged and split deterministically, re-segmented to reference A, and the BLEU/chrF change.

Run: python benchmarks/score.py [--seed 7] [--pairs en-ru,ru-en]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aligner.resegment import resegment  # noqa: E402
from aligner.scoring import score  # noqa: E402
from bitext.commands.score import read_segments  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from support import shuffle_segmentation  # noqa: E402  (the same faults as tests/test_score_resegment.py)

DATA = ROOT.parent / "shared" / "data" / "scoring" / "wmt21_en_ru"



def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--pairs", default="en-ru,ru-en")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA} is absent: nothing to measure")
        return
    with open(DATA / "official-scores.tsv", encoding="utf-8") as handle:
        official = {(r["pair"], r["system"], r["metric"]): r["score"] for r in csv.DictReader(handle, delimiter="\t")}
    exact = total = 0
    started = time.perf_counter()
    for pair in args.pairs.split(","):
        tgt = pair.split("-")[1]
        refs = {name: read_segments(str(DATA / "references" / f"newstest2021.{pair}.ref.{name}.{tgt}"))
                for name in ("A", "B")}
        for path in sorted((DATA / "system-outputs").glob(f"newstest2021.{pair}.hyp.*")):
            system = path.name.split(".hyp.")[1].rsplit(".", 1)[0]
            hyp = read_segments(str(path))
            for name, streams in (("A", [refs["A"]]), ("B", [refs["B"]]), ("all", [refs["A"], refs["B"]])):
                for result in score(hyp, streams, ("bleu", "chrf")).results:
                    key = (pair, system, f"{result.name}-{name}")
                    if key in official:
                        total += 1
                        exact += repr(result.score) == official[key]
    print(f"(1) line-parallel: {exact}/{total} official WMT21 scores reproduced to the last digit "
          f"({time.perf_counter() - started:.0f} s)")

    print(f"(2) re-segmentation, en-ru, reference A, seed {args.seed}")
    print(f"{'system':<14}{'lines':>6}{'merged':>8}{'cuts':>6}{'BLEU':>8}{'re-seg':>8}{'delta':>7}"
          f"{'chrF':>8}{'re-seg':>8}{'delta':>7}{'s':>5}")
    ref = read_segments(str(DATA / "references" / "newstest2021.en-ru.ref.A.ru"))
    worst = 0.0
    for path in sorted((DATA / "system-outputs").glob("newstest2021.en-ru.hyp.*")):
        system = path.name.split(".hyp.")[1].rsplit(".", 1)[0]
        hyp = read_segments(str(path))
        broken = shuffle_segmentation(hyp, args.seed)
        t0 = time.perf_counter()
        done = resegment(broken, ref)
        seconds = time.perf_counter() - t0
        before = score(hyp, [ref], ("bleu", "chrf")).results
        after = score(done.segments, [ref], ("bleu", "chrf")).results
        d_bleu = after[0].score - before[0].score
        d_chrf = after[1].score - before[1].score
        worst = max(worst, abs(d_bleu))
        print(f"{system:<14}{len(broken):>6}{done.merged:>8}{done.split:>6}{before[0].score:>8.2f}"
              f"{after[0].score:>8.2f}{d_bleu:>+7.2f}{before[1].score:>8.2f}{after[1].score:>8.2f}{d_chrf:>+7.2f}"
              f"{seconds:>5.0f}")
    print(f"largest |BLEU delta|: {worst:.2f} (goal < 0.5)")


if __name__ == "__main__":
    main()
