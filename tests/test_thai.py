"""Thai: sentences end at a space, which only a model can tell from the other spaces (corpus/segment/thai.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from aligner.align import Aligner
from corpus import segment
from corpus.segment import thai
from corpus.segment.splitter import Segmenter

DATA = Path(__file__).parent / "data"
GENERIC = Segmenter("generic", 3)


def thai_text() -> tuple[str, list[tuple[int, int]]]:
    """The running Thai text (each paragraph's gold sentences joined by a space, paragraphs by a blank line)
    and the gold sentences' spans in it."""
    paragraphs = (DATA / "thai" / "sentences_th.txt").read_text(encoding="utf-8").strip().split("\n\n")
    text = "\n\n".join(" ".join(p.split("\n")) for p in paragraphs) + "\n"
    spans, at = [], 0
    for sentence in "\n".join(paragraphs).split("\n"):
        start = text.index(sentence, at)
        spans.append((start, start + len(sentence)))
        at = start + len(sentence)
    return text, spans


def english_sentences() -> list[str]:
    return (DATA / "seed" / "sentences_en.txt").read_text(encoding="utf-8").splitlines()[1:16]


def boundary_recall(found: list[tuple[int, int]], gold: list[tuple[int, int]]) -> float:
    ends = {end for _, end in found}
    return sum(end in ends for _, end in gold) / len(gold)


def test_thai_spans_are_the_text_in_order():
    text, _ = thai_text()
    spans = segment.split(text, "th")
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    assert all(text[a:b] == text[a:b].strip() for a, b in spans)
    # every character that is not a space is in exactly one sentence: nothing lost, nothing doubled
    covered = "".join(text[a:b] for a, b in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_thai_is_split_at_spaces_where_the_generic_rules_cannot():
    text, gold = thai_text()
    generic = GENERIC.split(text)
    found = segment.split(text, "th")
    assert len(generic) == 3                          # one "sentence" a paragraph: Thai has no full stop
    assert boundary_recall(generic, gold) == pytest.approx(3 / 15)
    assert boundary_recall(found, gold) >= 0.6        # measured 10 of 15 (pythainlp 5.4)
    assert len(found) >= len(gold)                    # it errs towards splitting, which the aligner undoes


def test_english_aligns_with_thai_sentences_not_paragraphs():
    """Each English sentence should come out linked to exactly its Thai sentence (the Thai side of its link
    spanning that sentence and nothing more).  With the generic rules none can; with CRFCut 7 of 15 do, and
    the rest are linked with a piece too many or too few of their neighbour, never across a paragraph."""
    text, gold = thai_text()
    english = english_sentences()
    aligner = Aligner("en", "th")

    def exact_links(spans):
        links = aligner.align(english, [text[a:b] for a, b in spans]).links
        return sum(len(link.src) == 1 and bool(link.tgt)
                   and (spans[link.tgt[0]][0], spans[link.tgt[-1]][1]) == gold[link.src[0]] for link in links)

    assert exact_links(GENERIC.split(text)) == 0
    assert exact_links(segment.split(text, "th")) >= 6


def test_describe_names_the_model(monkeypatch):
    assert segment.describe("th").startswith("bitext-rules-th/7(crfcut-pythainlp-")
    monkeypatch.setattr(thai, "_crfcut", lambda: None)
    assert segment.describe("th") == "bitext-rules-th/7"


def test_without_pythainlp_thai_gets_the_generic_rules(monkeypatch):
    text, _ = thai_text()
    monkeypatch.setattr(thai, "_crfcut", lambda: None)
    assert segment.split(text, "th") == GENERIC.split(text)


def test_pieces_that_do_not_add_up_leave_the_span_whole():
    text = "ประโยคแรก ประโยคที่สอง"
    assert thai._pieces(text, 0, len(text), lambda s: ["ประโยคแรก ", "ประโยคที่สอง"]) == [(0, 9), (10, len(text))]
    # a model that dropped or changed a character: nothing may be lost, so the span stays one sentence
    assert thai._pieces(text, 0, len(text), lambda s: ["ประโยคแรก", "ประโยคที่สอง"]) == [(0, len(text))]


def test_text_without_a_thai_space_is_not_sent_to_the_model(monkeypatch):
    calls = []
    monkeypatch.setattr(thai, "_crfcut", lambda: (lambda s: calls.append(s) or [s]))
    assert segment.split("Hello world. สวัสดีครับ", "th") == [(0, 12), (13, 23)]
    assert calls == []


def test_random_thai_is_partitioned_with_nothing_lost():
    """Random strings of Thai letters, marks, digits, spaces and punctuation, and cut pieces of the test text:
    the model's pieces always come back as sentences that partition the text (check_partition)."""
    import random

    from test_segmentation import check_partition

    text, _ = thai_text()
    pieces = [text[a:b] for a, b in segment.split(text, "th")]
    alphabet = list("กขคงจฉชซญดตถทนบปผพฟภมยรลวศษสหอฮะาำิีึืุูเแโใไ็่้๊๋์ๆฯ")
    alphabet += list("  \n\t\u00a0\u200b0123456789๑๒.?!,:;«»“”()-")
    rng = random.Random("segment-th")
    for _ in range(200):
        parts = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.3:
                piece = rng.choice(pieces)
                parts.append(piece[:rng.randint(0, len(piece))])
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))))
        sample = "".join(parts)
        check_partition(sample, segment.split(sample, "th"))
