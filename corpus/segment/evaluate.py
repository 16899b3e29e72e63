"""Score a segmenter against gold sentences, as ``../shared/data/README.md`` prescribes.

Boundaries are counted in *non-whitespace character offsets*: the boundary before a sentence is the number of
non-space characters that precede its first non-space character.  This makes the score blind to how a segmenter
treats whitespace (trailing spaces, line breaks, spans that do or do not include them), and lets rule files whose
gold differs from the input only by whitespace be scored the same way as corpus units.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

Splitter = Callable[[str], Iterable[str]]


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    text: str
    sents: tuple[str, ...]


def load_units(path: str | Path) -> list[Unit]:
    units = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                units.append(Unit(record["id"], record["text"], tuple(record["sents"])))
    return units


def boundaries(sentences: Iterable[str]) -> set[int]:
    """Offsets (in non-whitespace characters) where the second and later sentences begin."""
    result: set[int] = set()
    offset = 0
    for sentence in sentences:
        size = sum(1 for char in sentence if not char.isspace())
        if size == 0:
            continue
        if offset:
            result.add(offset)
        offset += size
    return result


@dataclass(slots=True)
class Score:
    units: int = 0
    units_correct: int = 0
    gold: int = 0          # gold boundaries
    predicted: int = 0
    correct: int = 0
    characters: int = 0
    errors_by_unit: list[tuple[Unit, set[int], set[int]]] = field(default_factory=list)

    def add(self, unit: Unit, predicted_sentences: Iterable[str]) -> None:
        gold = boundaries(unit.sents)
        predicted = boundaries(predicted_sentences)
        self.units += 1
        self.characters += len(unit.text)
        self.gold += len(gold)
        self.predicted += len(predicted)
        self.correct += len(gold & predicted)
        if gold == predicted:
            self.units_correct += 1
        else:
            self.errors_by_unit.append((unit, gold - predicted, predicted - gold))

    @property
    def false_positives(self) -> int:
        return self.predicted - self.correct

    @property
    def false_negatives(self) -> int:
        return self.gold - self.correct

    @property
    def errors(self) -> int:
        return self.false_positives + self.false_negatives

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def errors_per_1000(self) -> float:
        """razdel's measure: wrong boundaries (missed + spurious) per 1,000 gold boundaries."""
        return 1000.0 * self.errors / self.gold if self.gold else 0.0


def score(units: Iterable[Unit], splitter: Splitter) -> Score:
    result = Score()
    for unit in units:
        result.add(unit, splitter(unit.text))
    return result


def halves(units: list[Unit]) -> tuple[list[Unit], list[Unit]]:
    """A fixed tune/check split: even-numbered units and odd-numbered units (keeps genres mixed in both)."""
    return units[0::2], units[1::2]


def show_errors(result: Score, limit: int = 20) -> Iterator[str]:
    """Readable lines for the first ``limit`` wrong units: '|' marks a missed boundary, '¦' a spurious one."""
    for unit, missed, spurious in result.errors_by_unit[:limit]:
        marks = []
        count = 0
        for char in unit.text:
            if not char.isspace():
                if count in missed:
                    marks.append(" ‖MISSED‖ ")
                elif count in spurious:
                    marks.append(" ¦SPURIOUS¦ ")
                count += 1
            marks.append(char)
        yield f"{unit.id}: {''.join(marks)}"
