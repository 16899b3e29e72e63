"""`bitext align --keep`: links a person made in an earlier TEI survive re-alignment of the same texts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import tei
from bitext.cli import cli
from tei.corrections import fingerprint

ROOT = Path(__file__).resolve().parents[1]
EN = str(ROOT / "seeds" / "sino-russian-entente.en.txt")
RU = str(ROOT / "seeds" / "sino-russian-entente.ru.txt")


def _run(*args):
    result = CliRunner().invoke(cli, list(args), prog_name="bitext")
    assert result.exit_code == 0, result.output
    return result


def test_a_merged_link_made_by_a_reviewer_survives_realignment(tmp_path):
    first = tmp_path / "first.tei.xml"
    _run("align", EN, RU, "--encoder", "none", "--format", "tei", "-o", str(first), "-q", "--date", "2026-11-29")
    pair = tei.read(first)
    # The reviewer merges links 3 and 4 into one 2-2 link: something the aligner itself did not propose.
    corrections = {"format": "bitext-corrections", "version": 1, "alignment": fingerprint(pair.alignment),
                   "corrections": [{"op": "merge", "links": ["al.l3", "al.l4"]}]}
    (tmp_path / "c.json").write_text(json.dumps(corrections), encoding="utf-8")
    reviewed = tmp_path / "reviewed.tei.xml"
    _run("apply-corrections", str(first), str(tmp_path / "c.json"), "--reviewer", "Anna Petrova", "-o", str(reviewed),
         "--date", "2026-11-30")
    merged = [link for link in tei.read(reviewed).alignment.links if link.resp != "bitext"]
    assert len(merged) == 1 and len(merged[0].src) + len(merged[0].tgt) >= 3

    again = tmp_path / "again.tei.xml"
    _run("align", EN, RU, "--encoder", "none", "--format", "tei", "-o", str(again), "-q", "--keep", str(reviewed))
    links = tei.read(again).alignment.links
    kept = [link for link in links if (link.src, link.tgt) == (merged[0].src, merged[0].tgt)]
    assert kept and kept[0].resp == merged[0].resp
    # Without --keep the aligner does not make that link: the test would fail if --keep were ignored.
    fresh = tei.read(first).alignment.links
    assert not [link for link in fresh if (link.src, link.tgt) == (merged[0].src, merged[0].tgt)]


def test_keep_refuses_a_tei_of_other_texts(tmp_path):
    other = tmp_path / "other.tei.xml"
    gold = ROOT / "tests" / "data" / "seed"
    _run("align", str(gold / "sentences_en.txt"), str(gold / "sentences_en.txt"), "--segmented", "--encoder", "none",
         "--format", "tei", "-o", str(other), "-q")
    result = CliRunner().invoke(cli, ["align", EN, RU, "--encoder", "none", "--keep", str(other), "-q"],
                                prog_name="bitext")
    assert result.exit_code == 2
    assert "cannot be kept" in result.output
