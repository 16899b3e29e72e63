"""Readers: decoding, pre-segmented files, plain text and HTML with chrome detection, metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.errors import InputError
from corpus.readers import read_segmented
from corpus.readers.encoding import decode_bytes

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
ALIGNMENT = SHARED / "alignment"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (shared gold data lives in ../shared)")
    return path


# --- pre-segmented ----------------------------------------------------------------------------------------

def test_segmented_lines_blocks_and_offsets(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("First one.\r\nSecond\u00a0one «x».\r\n\r\n\r\n  Third — one.  \r\n".encode("utf-8"))
    doc = read_segmented(path, "en")
    doc.check()
    assert doc.text == "First one.\nSecond\u00a0one «x».\n\n\n  Third — one.  \n"
    assert [b.kind for b in doc.blocks] == ["paragraph", "paragraph"]
    assert [[s.text for s in b.sentences] for b in doc.blocks] == [
        ["First one.", "Second\u00a0one «x»."], ["Third — one."]]
    assert doc.source.encoding == "utf-8" and doc.source.size == len(path.read_bytes())


@pytest.mark.parametrize("name", ["sentences_en.txt", "sentences_ru.txt"])
def test_segmented_gold_sentences_count_lines(name):
    folders = sorted(need(ALIGNMENT / "wmt21_en_ru").iterdir())
    checked = 0
    for folder in folders:
        path = folder / name
        if not path.is_file():
            continue
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = read_segmented(path, name[-6:-4])
        doc.check()
        assert [s.text for _, _, s in doc.sentences()] == [line.strip() for line in lines]
        checked += 1
    assert checked >= 60


def test_segmented_paragraph_blocks_from_en_txt():
    path = need(ALIGNMENT / "wmt21_en_ru" / "abcnews.420102" / "en.txt")
    doc = read_segmented(path, "en")
    doc.check()
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert len(doc.blocks) == len(paragraphs)
    assert [b.text for b in doc.blocks] == [p.strip() for p in paragraphs]
