"""bitext score reproduces the official WMT21 en-ru / ru-en BLEU and chrF of every system, both references
and the two together, to the last digit (line-parallel input goes straight to sacrebleu)."""

from __future__ import annotations

import csv

import pytest

from aligner.scoring import score
from bitext.commands.score import read_segments
from conftest import SHARED

SCORING = SHARED / "data" / "scoring" / "wmt21_en_ru"
needs_scoring = pytest.mark.skipif(not SCORING.is_dir(), reason=f"{SCORING} (WMT21 scoring data) is absent")


def _official() -> dict[tuple[str, str, str], str]:
    with open(SCORING / "official-scores.tsv", encoding="utf-8") as handle:
        return {(r["pair"], r["system"], r["metric"]): r["score"] for r in csv.DictReader(handle, delimiter="\t")}


def _systems(pair: str) -> list[str]:
    return sorted(p.name.split(".hyp.")[1].rsplit(".", 1)[0] for p in (SCORING / "system-outputs").glob(
        f"newstest2021.{pair}.hyp.*"))


@needs_scoring
@pytest.mark.parametrize("pair", ["en-ru", "ru-en"])
def test_every_system_reproduces_the_official_scores(pair):
    official = _official()
    tgt = pair.split("-")[1]
    ref_a = read_segments(str(SCORING / "references" / f"newstest2021.{pair}.ref.A.{tgt}"))
    ref_b = read_segments(str(SCORING / "references" / f"newstest2021.{pair}.ref.B.{tgt}"))
    systems = _systems(pair)
    assert len(systems) >= 9
    compared = 0
    for system in systems:
        hyp = read_segments(str(SCORING / "system-outputs" / f"newstest2021.{pair}.hyp.{system}.{tgt}"))
        for name, refs in (("A", [ref_a]), ("B", [ref_b]), ("all", [ref_a, ref_b])):
            report = score(hyp, refs, ("bleu", "chrf"))
            for result in report.results:
                key = (pair, system, f"{result.name}-{name}")
                if key not in official:
                    continue
                # repr of the float: every digit the organisers published
                assert repr(result.score) == official[key], key
                compared += 1
    assert compared == 6 * len(systems)


@needs_scoring
def test_signature_is_sacrebleus():
    ref = read_segments(str(SCORING / "references" / "newstest2021.en-ru.ref.A.ru"))
    hyp = read_segments(str(SCORING / "system-outputs" / "newstest2021.en-ru.hyp.Online-B.ru"))
    report = score(hyp[:50], [ref[:50]], ("bleu", "chrf", "chrf++", "ter"), sentences=True)
    sigs = [r.signature for r in report.results]
    assert sigs[0].startswith("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:")
    assert "nw:2" in sigs[2] and "tok:tercom" in sigs[3]
    assert all(len(r.sentences) == 50 for r in report.results)
