"""Helpers shared by tests and benchmarks (not tests themselves)."""

from __future__ import annotations

import random
from pathlib import Path

SEED_GOLD = Path(__file__).resolve().parent / "data" / "seed"


def seed_pairs() -> list[tuple[str, str, str]]:
    """The seed pair's gold links as (English text, Russian text, link id "l1"…), multi-sentence sides joined."""
    en = (SEED_GOLD / "sentences_en.txt").read_text(encoding="utf-8").splitlines()
    ru = (SEED_GOLD / "sentences_ru.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for number, line in enumerate((SEED_GOLD / "gold.tsv").read_text(encoding="utf-8").splitlines(), 1):
        left, right = line.split("\t")
        pairs.append((" ".join(en[int(i)] for i in left.split(",") if i),
                      " ".join(ru[int(j)] for j in right.split(",") if j), f"l{number}"))
    return pairs


def sentence_document(sentences: list[str], lang: str):
    """A document with one paragraph per sentence (gold sentences come one a line), offsets exact."""
    from corpus.document import Block, Document, Sentence

    text, blocks = "", []
    for s in sentences:
        start = len(text) + (2 if text else 0)
        text += ("\n\n" if text else "") + s
        blocks.append(Block("paragraph", start, start + len(s), s, [Sentence(start, start + len(s), s)]))
    return Document(text, lang, blocks)


def shuffle_segmentation(lines: list[str], seed: int) -> list[str]:
    """Merge ~15% of neighbouring lines and cut ~10% of lines in the middle (deterministic for a seed)."""
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(lines):
        r = rng.random()
        if r < 0.15 and i + 1 < len(lines):
            out.append(lines[i] + " " + lines[i + 1])
            i += 2
            continue
        words = lines[i].split()
        if r < 0.25 and len(words) > 1:
            out += [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
        else:
            out.append(lines[i])
        i += 1
    return out
