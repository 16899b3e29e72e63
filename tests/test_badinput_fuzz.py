"""Fuzz findings as regression tests, and a short seeded run of every fuzz target (so the harness in
tests/fuzz/ keeps working; the long runs are ``benchmarks/fuzz.py --seconds N``)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli
from corpus.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
BAD = ROOT / "tests" / "data" / "bad"
sys.path.insert(0, str(ROOT / "tests" / "fuzz"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from fuzz_targets import TARGETS, run_one, seeds  # noqa: E402


def test_html_whose_only_element_never_closes_its_quote(tmp_path):
    """atheris, target text: ``<html lang="e? …`` (quote never closed) made lxml raise ParserError
    ("Document is empty") out of the HTML reader: a traceback.  Now: one line, exit 2."""
    data = (BAD / "fuzz_html_unclosed_attribute.html").read_bytes()
    run_one("text", data)
    run_one("html", data)
    page = tmp_path / "page.html"
    page.write_bytes(data)
    result = CliRunner().invoke(cli, ["segment", str(page)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2 and result.stderr == f"bitext: {page}: no text found in the document\n"


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_target_on_seeds_and_mutations(name, monkeypatch):
    """Each target on its seeds and 150 seeded mutations of them: InputError or nothing, never another error."""
    from fuzz import mutate

    monkeypatch.setenv("BITEXT_MAX_INPUT_BYTES", "1M")
    pool = seeds(name)
    assert pool, name
    rng = random.Random(f"bitext-{name}")
    for data in pool + [mutate(rng, rng.choice(pool)) for _ in range(150)]:
        try:
            run_one(name, data)
        except InputError:
            pass
