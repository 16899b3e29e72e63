"""Re-segmentation: a WMT21 system output whose lines were merged and split (deterministically) scores within
0.5 BLEU of the line-parallel original once re-segmented to the reference; and the CLI says it happened."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from aligner.resegment import resegment, split_words
from aligner.scoring import score
from bitext.cli import cli
from bitext.commands.score import read_segments
from conftest import SHARED
from support import shuffle_segmentation

SCORING = SHARED / "data" / "scoring" / "wmt21_en_ru"
needs_scoring = pytest.mark.skipif(not SCORING.is_dir(), reason=f"{SCORING} (WMT21 scoring data) is absent")



def _files(system="Online-B"):
    ref = SCORING / "references" / "newstest2021.en-ru.ref.A.ru"
    hyp = SCORING / "system-outputs" / f"newstest2021.en-ru.hyp.{system}.ru"
    return read_segments(str(hyp)), read_segments(str(ref))


@needs_scoring
def test_resegmented_bleu_within_half_a_point():
    hyp, ref = _files()
    hyp, ref = hyp[:400], ref[:400]
    broken = shuffle_segmentation(hyp, 7)
    assert len(broken) != len(hyp)
    done = resegment(broken, ref)
    assert len(done.segments) == len(ref)
    assert done.merged > 0 and done.split > 0
    original = score(hyp, [ref], ("bleu",)).results[0].score
    again = score(done.segments, [ref], ("bleu",)).results[0].score
    assert abs(original - again) < 0.5, (original, again)
    # no word is lost or invented
    assert " ".join(done.segments).split() == " ".join(broken).split()


def test_split_words_follows_the_reference():
    words = "Привет, мир. Как дела у тебя сегодня?".split()
    assert split_words(words, ["Привет мир.", "Как у тебя дела сегодня?"]) == [words[:2], words[2:]]


@needs_scoring
def test_cli_reports_resegmentation(tmp_path):
    hyp, ref = _files()
    hyp_path, ref_path = tmp_path / "hyp.ru", tmp_path / "ref.ru"
    hyp_path.write_text("\n".join(shuffle_segmentation(hyp[:120], 3)) + "\n", encoding="utf-8")
    ref_path.write_text("\n".join(ref[:120]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(hyp_path), str(ref_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["resegmentation"]["ref_segments"] == 120 and data["resegmentation"]["merged"] > 0
    assert data["segments"] == 120
    table = CliRunner().invoke(cli, ["score", str(hyp_path), str(ref_path)])
    assert "re-segmented" in table.output and "BLEU" in table.output


def test_cli_line_parallel_equals_sacrebleu_on_the_seed(tmp_path):
    # the seed's gold Russian sentences against themselves and a damaged copy
    from sacrebleu.metrics import BLEU
    ref = read_segments("tests/data/seed/sentences_ru.txt")
    ref = [line for line in ref if line.strip()]
    hyp = [" ".join(reversed(line.split())) if i % 3 == 0 else line for i, line in enumerate(ref)]
    (tmp_path / "h").write_text("\n".join(hyp) + "\n", encoding="utf-8")
    (tmp_path / "r").write_text("\n".join(ref) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "h"), str(tmp_path / "r"), "--format", "json",
                                      "--sentences"])
    data = json.loads(result.output)
    assert data["resegmentation"] is None
    assert data["metrics"][0]["score"] == BLEU().corpus_score(hyp, [ref]).score
    assert len(data["metrics"][0]["sentences"]) == len(ref)


@pytest.mark.parametrize("args, message", [
    (["missing.txt", "tests/data/seed/sentences_ru.txt"], "missing.txt: no such file"),
    (["tests/data/seed/sentences_ru.txt", "tests/data/seed/sentences_ru.txt", "-m", "meteor"], "unknown metric"),
])
def test_bad_input_is_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(cli, ["score", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_document_input_is_cut_into_sentences_and_resegmented(tmp_path):
    # The seed's Russian article as the reference document, and the same text re-flowed (paragraphs joined in
    # pairs, one word changed) as the hypothesis: whole documents, not line-parallel.
    text = open("seeds/sino-russian-entente.ru.txt", encoding="utf-8").read()
    paragraphs = [p.strip().replace("\n", " ") for p in text.split("\n\n") if p.strip()]
    reflowed = [" ".join(paragraphs[i:i + 2]) for i in range(0, len(paragraphs), 2)]
    (tmp_path / "ref.txt").write_text("\n".join(paragraphs) + "\n", encoding="utf-8")
    hyp = "\n".join(reflowed).replace("Китай", "КНР", 1)
    assert hyp != "\n".join(reflowed)
    (tmp_path / "hyp.txt").write_text(hyp + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "hyp.txt"), str(tmp_path / "ref.txt"), "--document",
                                      "--lang", "ru", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["segments"] > len(paragraphs)          # sentences, not paragraphs
    assert 97 < data["metrics"][0]["score"] < 100        # one word differs
    assert any("cut into sentences" in note for note in data["notes"])


def test_tei_input_scores_its_target_side(tmp_path):
    result = CliRunner().invoke(cli, ["check", "tests/data/seed/sentences_en.txt", "tests/data/seed/sentences_ru.txt",
                                      "--links", "tests/data/seed/gold.tsv", "-o", str(tmp_path / "pair.tei.xml")])
    assert result.exit_code == 0, result.output
    scored = CliRunner().invoke(cli, ["score", str(tmp_path / "pair.tei.xml"), "tests/data/seed/sentences_ru.txt",
                                      "--format", "json", "-m", "bleu,chrf++,ter"])
    assert scored.exit_code == 0, scored.output
    data = json.loads(scored.output)
    assert data["resegmentation"] is None
    assert [round(m["score"], 6) for m in data["metrics"]] == [100.0, 100.0, 0.0]


@needs_scoring
def test_second_reference_with_other_lines_is_brought_to_the_first(tmp_path):
    hyp, ref = _files()
    ref_b = read_segments(str(SCORING / "references" / "newstest2021.en-ru.ref.B.ru"))[:80]
    (tmp_path / "h").write_text("\n".join(hyp[:80]) + "\n", encoding="utf-8")
    (tmp_path / "a").write_text("\n".join(ref[:80]) + "\n", encoding="utf-8")
    (tmp_path / "b").write_text("\n".join(shuffle_segmentation(ref_b, 5)) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "h"), str(tmp_path / "a"), str(tmp_path / "b"),
                                      "--format", "json", "-m", "bleu"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["references"] == 2 and "reference 2 re-segmented to reference 1" in data["notes"]
    exact = score(hyp[:80], [ref[:80], ref_b], ("bleu",)).results[0].score
    assert abs(data["metrics"][0]["score"] - exact) < 1.0


@needs_scoring
def test_paired_bootstrap_against_a_baseline_is_sacrebleus(tmp_path):
    from sacrebleu.metrics import BLEU
    from sacrebleu.significance import PairedTest

    ref = read_segments(str(SCORING / "references" / "newstest2021.en-ru.ref.A.ru"))[:150]
    hyp = read_segments(str(SCORING / "system-outputs" / "newstest2021.en-ru.hyp.Online-B.ru"))[:150]
    base = read_segments(str(SCORING / "system-outputs" / "newstest2021.en-ru.hyp.Online-Y.ru"))[:150]
    for name, lines in (("h", hyp), ("r", ref), ("b", base)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["score", str(tmp_path / "h"), str(tmp_path / "r"), "--baseline",
                                      str(tmp_path / "b"), "--bootstrap", "200", "-m", "bleu", "--format", "json"])
    assert result.exit_code == 0, result.output
    paired = json.loads(result.output)["paired_bootstrap"][0]
    _, scores = PairedTest([("baseline", base), ("system", hyp)], {"bleu": BLEU()}, [ref], test_type="bs",
                           n_samples=200)()
    assert paired["p_value"] == pytest.approx(float(scores["BLEU"][1].p_value))
    assert paired["baseline"] == pytest.approx(scores["BLEU"][0].score)
