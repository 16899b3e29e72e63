"""`bitext score` with a Chinese, Japanese or Korean target: the language comes from the reference, BLEU gets the
tokenizer sacrebleu picks for it (or characters, with a note, where that one needs an extra not installed), TER
gets sacrebleu's Asian support; a tokenizer asked for by name that cannot run is one line on stderr, exit 2."""

from __future__ import annotations

import json
from importlib.util import find_spec

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, TER

from bitext.cli import cli

from conftest import SHARED

GENESIS = SHARED / "data" / "alignment" / "bible_en_zh_bertalign" / "001" / "sentences_zh.txt"
needs_genesis = pytest.mark.skipif(not GENESIS.is_file(), reason="../shared is absent")
HAS_MECAB = find_spec("MeCab") is not None and find_spec("ipadic") is not None


def _files(tmp_path, reference: list[str], hypothesis: list[str]):
    ref, hyp = tmp_path / "ref.txt", tmp_path / "hyp.txt"
    ref.write_text("\n".join(reference) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(hypothesis) + "\n", encoding="utf-8")
    return hyp, ref


def _genesis() -> tuple[list[str], list[str]]:
    """Genesis' first 200 Chinese sentences, and a 'translation' that drops the last two characters before the
    stop of every third one and swaps two clauses of every fifth."""
    reference = GENESIS.read_text(encoding="utf-8").splitlines()[:200]
    hypothesis = []
    for k, line in enumerate(reference):
        if k % 3 == 0 and len(line) > 4:
            line = line[:-3] + line[-1]
        if k % 5 == 0 and "，" in line:
            first, rest = line.split("，", 1)
            line = rest.rstrip("。") + "，" + first + "。"
        hypothesis.append(line)
    return reference, hypothesis


@needs_genesis
def test_a_chinese_reference_chooses_the_chinese_tokenizer_and_asian_ter(tmp_path):
    reference, hypothesis = _genesis()
    hyp, ref = _files(tmp_path, reference, hypothesis)
    result = CliRunner().invoke(cli, ["score", str(hyp), str(ref), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["hypothesis"] == str(hyp) and report["reference_files"] == [str(ref)] and report["references"] == 1
    scores = {r["metric"]: r for r in report["metrics"]}
    bleu = BLEU(trg_lang="zh")
    assert scores["bleu"]["score"] == bleu.corpus_score(hypothesis, [reference]).score
    assert "tok:zh" in scores["bleu"]["signature"]
    ter = TER(normalized=True, asian_support=True)
    assert scores["ter"]["score"] == ter.corpus_score(hypothesis, [reference]).score
    assert "asian:yes" in scores["ter"]["signature"]
    # what 13a and plain TER made of it: whole clauses as words
    assert BLEU().corpus_score(hypothesis, [reference]).score < scores["bleu"]["score"] / 2
    assert TER().corpus_score(hypothesis, [reference]).score > 2 * scores["ter"]["score"]


@needs_genesis
def test_an_english_or_russian_reference_keeps_sacrebleus_defaults(tmp_path):
    english = (GENESIS.parent / "sentences_en.txt").read_text(encoding="utf-8").splitlines()[:50]
    hyp, ref = _files(tmp_path, english, [line.replace("God", "Lord") for line in english])
    result = CliRunner().invoke(cli, ["score", str(hyp), str(ref)])
    assert result.exit_code == 0, result.output
    assert "tok:13a" in result.stdout and "asian:no" in result.stdout and "# target language" not in result.stdout


def test_japanese_bleu_without_mecab_counts_characters_and_says_so(tmp_path):
    reference = ["私たちは昨日北京に行った。", "彼女は何も答えなかった。", "成長率は三・五パーセントだった。"]
    hypothesis = ["私たちは昨日北京へ行った。", "彼女は何も言わなかった。", "成長率は三・五パーセントであった。"]
    hyp, ref = _files(tmp_path, reference, hypothesis)
    result = CliRunner().invoke(cli, ["score", str(hyp), str(ref)])
    assert result.exit_code == 0, result.output
    assert "# target language ja" in result.stdout
    if HAS_MECAB:
        assert "tok:ja-mecab" in result.stdout
    else:
        assert "tok:char" in result.stdout and "sacrebleu[ja]" in result.stdout
        asked = CliRunner().invoke(cli, ["score", str(hyp), str(ref), "--tokenize", "ja-mecab"])
        assert asked.exit_code == 2
        assert asked.stderr.strip().splitlines()[-1] == ("bitext: --tokenize: the ja-mecab tokenizer needs "
                                                          "sacrebleu's extra: pip install 'sacrebleu[ja]'")
        assert "Traceback" not in asked.output
