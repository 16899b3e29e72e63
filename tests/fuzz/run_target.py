"""atheris entry point: ``python tests/fuzz/run_target.py TARGET [libFuzzer options] [corpus dir]``.

benchmarks/fuzz.py runs it once per target with ``-max_total_time`` and a corpus folder seeded from
``fuzz_targets.seeds``; a finding is written by libFuzzer as ``crash-<sha1>`` under ``-artifact_prefix``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]

with atheris.instrument_imports(include=["corpus", "tei", "aligner"]):
    import corpus.readers  # noqa: F401
    import corpus.segment  # noqa: F401
    import corpus.terminology.glossary_io  # noqa: F401
    import tei  # noqa: F401
    import tei.validate  # noqa: F401

from fuzz_targets import TARGETS  # noqa: E402


def main() -> None:
    name = sys.argv.pop(1)
    target = TARGETS[name]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
