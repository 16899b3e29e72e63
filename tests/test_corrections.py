"""Corrections from the report back into the TEI (``tei.corrections``, ``bitext apply-corrections``), and
re-alignment that keeps corrected links fixed."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from lxml import etree

import tei
from aligner.align import Aligner
from aligner.model import Link
from bitext.cli import cli
from corpus.errors import InputError
from tei import corrections as corr
from tei.ids import link_ids

from conftest import needs_shared, random_pair, seed_pair

REVIEWER = "Anna Ivanova"
DATE = "2026-11-29T11:00:00Z"


def the_seed():
    pair = seed_pair()
    if pair is None:
        pytest.skip("the seed pair is not available or no longer segments as the gold")
    return pair


def ops_for(pair) -> list[dict]:
    """One of each correction on real links of *pair*: confirm the first 1-1, mark the second wrong, merge
    the third 1-1 with its neighbour, split the first n-m link."""
    ids = list(link_ids(pair.alignment.links))
    links = pair.alignment.links
    one_one = [k for k, link in enumerate(links) if link.type == "1-1"]
    nm = next(k for k, link in enumerate(links) if len(link.src) + len(link.tgt) > 2)
    merge = next(k for k in one_one[2:] if k + 1 < len(links) and k + 1 != nm and k != nm)
    return [{"op": "confirm", "link": ids[one_one[0]]},
            {"op": "wrong", "link": ids[one_one[1]]},
            {"op": "merge", "links": [ids[merge], ids[merge + 1]]},
            {"op": "split", "link": ids[nm], "src_at": 1, "tgt_at": 1}]


def data_for(pair, ops=None) -> dict:
    return {"format": corr.FORMAT, "version": corr.VERSION, "alignment": corr.fingerprint(pair.alignment),
            "corrections": ops if ops is not None else ops_for(pair)}


def test_each_operation():
    pair = the_seed()
    ops = ops_for(pair)
    updated, summary = corr.apply(pair, data_for(pair, ops), REVIEWER, DATE)
    updated.alignment.check()
    assert summary == {"confirm": 1, "wrong": 1, "merge": 1, "split": 1}
    before = dict(zip(link_ids(pair.alignment.links), pair.alignment.links))
    after = {(link.src, link.tgt): link for link in updated.alignment.links}
    confirmed = before[ops[0]["link"]]
    assert after[(confirmed.src, confirmed.tgt)].resp == REVIEWER
    assert after[(confirmed.src, confirmed.tgt)].confidence == 1.0
    wrong = before[ops[1]["link"]]
    assert after[(wrong.src, wrong.tgt)].confidence == 0.0 and after[(wrong.src, wrong.tgt)].resp == "bitext"
    a, b = (before[i] for i in ops[2]["links"])
    assert after[(a.src + b.src, a.tgt + b.tgt)].resp == REVIEWER
    split = before[ops[3]["link"]]
    assert after[(split.src[:1], split.tgt[:1])].resp == REVIEWER
    assert after[(split.src[1:], split.tgt[1:])].resp == REVIEWER
    assert len(updated.alignment.links) == len(pair.alignment.links)  # one merge (-1), one split (+1)
    wrong_notes = [n for n in updated.run["qa"] if n.check == corr.WRONG_CHECK]
    assert len(wrong_notes) == 1 and REVIEWER in wrong_notes[0].message
    last = updated.run["revisions"][-1]
    assert last["who"] == REVIEWER and last["when"] == DATE and "1 merge" in last["text"]
    assert corr.fixed_links(updated) == [link for link in updated.alignment.links if link.resp == REVIEWER]
    assert len(corr.fixed_links(updated)) == 4


@needs_shared
def test_written_tei_is_valid_and_reads_back(tei_all, tmp_path):
    pair = the_seed()
    updated, _ = corr.apply(pair, data_for(pair), REVIEWER, DATE)
    path = tmp_path / "corrected.tei.xml"
    tei.write(path, updated)
    assert tei_all.validate(etree.parse(str(path))), [str(e) for e in tei_all.error_log][:5]
    back = tei.read(path)
    assert back.alignment.links == [Link(l.src, l.tgt, round(l.confidence, 4), 0.0, l.resp)
                                    for l in updated.alignment.links]
    text = path.read_text(encoding="utf-8")
    assert 'resp="#person.Anna_Ivanova"' in text and "<revisionDesc" in text


@pytest.mark.parametrize("ops,problem", [
    ([{"op": "confirm", "link": "al.l999"}], "no link 'al.l999'"),
    ([{"op": "rename", "link": "al.l1"}], "unknown op"),
    ([{"op": "merge", "links": ["al.l1", "al.l3"]}], "consecutive"),
    ([{"op": "confirm", "link": "al.l2"}, {"op": "wrong", "link": "al.l2"}], "already corrected"),
    ([{"op": "split", "link": "al.l1", "src_at": 1, "tgt_at": 1}], "empty"),
    ([{"op": "split", "link": "al.l1", "src_at": 5, "tgt_at": 0}], "split points"),
])
def test_bad_corrections_are_refused(ops, problem):
    pair = the_seed()
    with pytest.raises(InputError, match=problem):
        corr.apply(pair, data_for(pair, ops), REVIEWER, DATE, "c.json")


def test_corrections_for_another_alignment_are_refused():
    pair = the_seed()
    other = random_pair(3)
    with pytest.raises(InputError, match="different alignment"):
        corr.apply(pair, data_for(other, []), REVIEWER, DATE, "c.json")


# ---------------------------------------------------------------- re-alignment around fixed links
def test_gaps_between_fixed_links():
    fixed = [Link((2,), (3,), resp="x"), Link((3, 4), (), resp="x"), Link((), (4,), resp="x")]
    assert corr.gaps(fixed, 7, 6) == [(range(0, 2), range(0, 3)), (range(3, 3), range(4, 4)),
                                      (range(5, 5), range(4, 4)), (range(5, 7), range(5, 6))]
    with pytest.raises(ValueError):
        corr.gaps([Link((3,), (3,)), Link((2,), (4,))], 7, 6)


def test_realign_keeps_fixed_links_and_only_aligns_the_gaps():
    pair = the_seed()
    links = pair.alignment.links
    # a reviewer's link the aligner would not make: a 2-1 gold link split into 1-1 and 1-0
    k = next(n for n, link in enumerate(links) if link.type == "2-1")
    forced = [Link(links[k].src[:1], links[k].tgt, 1.0, 0.0, REVIEWER), Link(links[k].src[1:], (), 1.0, 0.0, REVIEWER)]
    fixed = [dataclass_resp(links[3])] + forced + [dataclass_resp(links[-4])]
    seen = []
    aligner = Aligner(pair.src.lang, pair.tgt.lang, encoder="none", cache=False)

    def align_gap(src, tgt, sp, tp):
        seen.append((list(src), list(tgt)))
        return aligner.align(src, tgt, sp, tp)

    alignment = corr.realign([s.text for _, _, s in pair.src.sentences()],
                             [s.text for _, _, s in pair.tgt.sentences()], fixed, align_gap)
    alignment.check()
    for link in fixed:
        assert link in alignment.links
    assert alignment.signature["fixed"] == str(len(fixed))
    src_texts = [s.text for _, _, s in pair.src.sentences()]
    fixed_texts = {src_texts[i] for link in fixed for i in link.src}
    for src, _ in seen:
        assert not fixed_texts & set(src)          # no fixed sentence was given to the aligner again
    # the aligner ran once per non-empty gap, on exactly that gap's sentences
    n_src, n_tgt = alignment.n_src, alignment.n_tgt
    expected = [(rs, rt) for rs, rt in corr.gaps(fixed, n_src, n_tgt) if len(rs) or len(rt)]
    assert [(len(s), len(t)) for s, t in seen] == [(len(rs), len(rt)) for rs, rt in expected]
    assert len(seen) >= 3


def gold_links_fixed(name: str, step: int):
    """A Text+Berg test document and its 1-1 gold links, every *step*-th fixed by a reviewer."""
    from conftest import SHARED
    from support import load_gold_document

    d = load_gold_document(SHARED / "data" / "alignment" / "textberg_de_fr" / name)
    ones = [(s, t) for s, t in d.gold if len(s) == 1 and len(t) == 1]
    return d, [Link(s, t, 1.0, 0.0, REVIEWER) for s, t in ones[::step]]


def rest_f1(d, fixed, alignment) -> float:
    """Strict F1 over the links that are not fixed."""
    from aligner.evaluate import count

    held = {(link.src, link.tgt) for link in fixed}
    return count([g for g in d.gold if g not in held],
                 [(link.src, link.tgt) for link in alignment.links if (link.src, link.tgt) not in held]
                 ).scores()["f1_strict"]


@needs_shared
@pytest.mark.parametrize("name", ["test3", "test4"])
def test_a_gap_between_fixed_links_is_aligned_as_part_of_a_translation(name):
    """A stretch between links a person fixed is too short to judge by runs of weak links, and a short text of
    its own is judged link by link (``aligner.unmatched``); but the stretch is part of a translation, so
    ``Aligner.align_gap`` keeps its links.  Text+Berg, every fourth 1-1 gold link fixed, no encoder: strict F1
    of the rest 0.75 / 0.72 (test3 / test4) aligning each gap as a text, 0.82 / 0.83 as a gap."""
    d, fixed = gold_links_fixed(name, 4)
    aligner = Aligner("de", "fr", encoder="none")
    as_text = rest_f1(d, fixed, corr.realign(d.src, d.tgt, fixed, aligner.align))
    as_gap = rest_f1(d, fixed, corr.realign(d.src, d.tgt, fixed, aligner.align_gap))
    assert as_gap >= as_text + 0.05 and as_gap >= 0.8, (as_text, as_gap)


def test_a_link_across_a_sentence_held_out_of_its_gap_is_cut_there():
    link = Link((9, 11), (20,), 0.8, 0.1)
    assert corr.split_at_holes(link) == [Link((9,), (20,), 0.8, 0.1), Link((11,), (), 0.8, 0.1)]
    assert corr.split_at_holes(Link((3, 4), (5, 7, 8), 0.5)) == [Link((3, 4), (5,), 0.5), Link((), (7, 8), 0.5)]
    assert corr.split_at_holes(Link((3, 4), (5, 6))) == [Link((3, 4), (5, 6))]


@needs_shared
@pytest.mark.parametrize("name", ["test1", "test3", "test6"])
def test_realigning_around_a_fixed_link_that_crosses_others_gives_a_valid_alignment(name):
    """A fixed link that crosses the others (a moved sentence) takes its sentences out of their gaps; the
    aligner, not knowing, could join the sentences on either side of the hole into one link, which then was
    no run of consecutive sentences and failed ``Alignment.check``.  Real text: every second 1-1 gold link of
    Text+Berg fixed, some of which cross (the gold's own reorderings)."""
    d, fixed = gold_links_fixed(name, 2)
    assert corr.monotone_chain(fixed)[1]                 # at least one fixed link crosses the others
    alignment = corr.realign(d.src, d.tgt, fixed, Aligner("de", "fr", encoder="none").align_gap)
    alignment.check()
    assert all(link in alignment.links for link in fixed)


def dataclass_resp(link: Link) -> Link:
    return Link(link.src, link.tgt, 1.0, 0.0, REVIEWER)


# ---------------------------------------------------------------- the command
@pytest.fixture()
def tei_file(tmp_path):
    path = tmp_path / "pair.tei.xml"
    tei.write(path, the_seed())
    return path


@needs_shared
def test_apply_corrections_command(tei_file, tmp_path, tei_all):
    pair = tei.read(tei_file)
    corrections = tmp_path / "pair.corrections.json"
    corrections.write_text(json.dumps(data_for(pair)), encoding="utf-8")
    out = tmp_path / "corrected.tei.xml"
    result = CliRunner().invoke(cli, ["apply-corrections", str(tei_file), str(corrections), "--reviewer", REVIEWER,
                                      "--date", DATE, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert tei_all.validate(etree.parse(str(out))), [str(e) for e in tei_all.error_log][:5]
    corrected = tei.read(out)
    assert len(corr.fixed_links(corrected)) == 4
    assert corrected.run["revisions"][-1]["who"] == REVIEWER


def test_apply_corrections_realign_keeps_the_fixed_links(tei_file, tmp_path):
    pair = tei.read(tei_file)
    corrections = tmp_path / "c.json"
    corrections.write_text(json.dumps(data_for(pair)), encoding="utf-8")
    out = tmp_path / "realigned.tei.xml"
    result = CliRunner().invoke(cli, ["apply-corrections", str(tei_file), str(corrections), "--reviewer", REVIEWER,
                                      "--date", DATE, "-o", str(out), "--realign", "--encoder", "none"])
    assert result.exit_code == 0, result.output
    applied, _ = corr.apply(pair, data_for(pair), REVIEWER, DATE)
    realigned = tei.read(out)
    realigned.alignment.check()
    assert corr.fixed_links(realigned) == [Link(l.src, l.tgt, l.confidence, 0.0, l.resp)
                                           for l in corr.fixed_links(applied)]


def test_report_keep_honours_corrected_links(tmp_path):
    pair = the_seed()
    links = pair.alignment.links
    k = next(n for n, link in enumerate(links) if link.type == "2-1")
    ids = list(link_ids(links))
    applied, _ = corr.apply(pair, data_for(pair, [{"op": "split", "link": ids[k], "src_at": 1, "tgt_at": 1}]),
                            REVIEWER, DATE)
    kept = tmp_path / "kept.tei.xml"
    tei.write(kept, applied)
    out = tmp_path / "report.html"
    from conftest import SEEDS
    result = CliRunner().invoke(cli, ["report", str(SEEDS / "sino-russian-entente.en.txt"),
                                      str(SEEDS / "sino-russian-entente.ru.txt"), "--src-lang", "en",
                                      "--tgt-lang", "ru", "--keep", str(kept), "--encoder", "none", "--no-matrix",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    from lxml import html
    root = html.document_fromstring(out.read_text(encoding="utf-8"))
    rows = {(r.get("data-s"), r.get("data-t")): r for r in root.xpath("//tr[contains(@class,'link')]")}
    first = (str(links[k].src[0]), str(links[k].tgt[0]))
    second = (str(links[k].src[1]), "")
    assert first in rows and second in rows
    assert "reviewed" in rows[first].get("class") and "reviewed" in rows[second].get("class")


def test_apply_corrections_bad_json_is_one_line(tei_file, tmp_path):
    bad = tmp_path / "c.json"
    bad.write_text("{not json", encoding="utf-8")
    before = tei_file.read_bytes()
    result = CliRunner().invoke(cli, ["apply-corrections", str(tei_file), str(bad), "--reviewer", REVIEWER])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and str(bad) in result.stderr
    assert tei_file.read_bytes() == before
