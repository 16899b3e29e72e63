"""Pathological sizes: no quadratic path.  Each runs the real CLI in a subprocess with a generous timeout (a
quadratic step on these inputs takes hours; the linear code takes seconds), never a timing assertion.
Measured here (2 shared cores, busy): one 100,000-character sentence 1.7 s; 100,000 one-word sentences 6 s on
one line, 10 s one a line; align 2,000 × 2,000 sentences with encoder none 11 s, 4,000 × 4,000 15 s."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed"
WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda".split()


def bitext(*args: str, timeout: int) -> subprocess.CompletedProcess:
    proc = subprocess.run(["nice", sys.executable, "-m", "bitext.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def test_one_sentence_of_100000_characters(tmp_path):
    rng = random.Random(1)
    text = " ".join(rng.choice(WORDS) for _ in range(20_000))[:100_000]
    path = tmp_path / "long.txt"
    path.write_text(text + "\n", encoding="utf-8")
    out = bitext("segment", str(path), timeout=180).stdout
    assert out.strip() == text.strip()   # one sentence, every character


def test_100000_one_word_sentences(tmp_path):
    rng = random.Random(2)
    words = [rng.choice(WORDS).capitalize() + "." for _ in range(100_000)]
    one_line = tmp_path / "one_line.txt"
    one_line.write_text(" ".join(words) + "\n", encoding="utf-8")
    assert bitext("segment", str(one_line), timeout=400).stdout.split("\n")[:-1] == words
    lines = tmp_path / "lines.txt"
    lines.write_text("\n".join(words) + "\n", encoding="utf-8")
    assert len(bitext("segment", str(lines), "--format", "jsonl", timeout=400).stdout.splitlines()) == 100_000


def test_align_thousands_of_sentences_and_a_giant_one(tmp_path):
    rng = random.Random(3)
    short = [rng.choice(["Yes.", "No.", "Perhaps.", "Da.", "Net."]) for _ in range(2_000)]
    src, tgt = tmp_path / "src.txt", tmp_path / "tgt.txt"
    src.write_text("\n".join(short) + "\n", encoding="utf-8")
    tgt.write_text("\n".join(reversed(short)) + "\n", encoding="utf-8")
    links = bitext("align", str(src), str(tgt), "--segmented", "--encoder", "none", "--format", "links", "-q",
                   timeout=600).stdout.splitlines()
    covered = [int(i) for line in links for i in line.split("\t")[0].split(",") if i]
    assert covered == list(range(2_000))
    giant = tmp_path / "giant.txt"
    giant.write_text(" ".join(rng.choice(WORDS) for _ in range(20_000))[:100_000] + "\n", encoding="utf-8")
    links = bitext("align", str(giant), str(SEED / "sentences_ru.txt"), "--encoder", "none", "--format", "links",
                   "-q", timeout=300).stdout.splitlines()
    assert sum(1 for line in links if line.split("\t")[0] == "0") == 1


def test_long_runs_without_spaces_are_linear(tmp_path):
    """Found by the hostile 'quadratic' page: language detection's URL filter rescanned a run without spaces
    from every position (60 kB of '&a;' took 12 s).  300 kB of such runs must finish in seconds."""
    for name, text in (("entities.txt", "&a;" * 100_000), ("angles.txt", "<" * 300_000),
                       ("mixed.html", "<p>" + "x@" * 150_000 + "</p>")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out = bitext("segment", str(path), "--all", timeout=60).stdout
        assert out.strip()


def test_long_whitespace_runs_and_address_tokens_are_linear(tmp_path):
    """Found by a scan of pathological units (tests/test_badinput_scale.py): the segmenter's candidate regex
    rescanned a whitespace run from each of its positions (20,000 spaces inside a paragraph: 21 s) and
    backtracked through an address token ("www." x 10,000: 5 s).  Now linear, with the same boundaries on
    every gold segmentation record and 30,000 random texts."""
    cases = {"spaces.txt": "Start " + " " * 200_000 + "end.", "nbsp.html": "<p>Start" + "&nbsp;" * 100_000 + "end.</p>",
             "www.txt": "See " + "www." * 50_000 + " now.", "newline.txt": "a" + " \t" * 100_000 + "\nb"}
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert bitext("segment", str(path), "--all", timeout=60).stdout.strip(), name
