"""Fuzz every reader for a fixed time budget and report executions and findings.

    python benchmarks/fuzz.py --seconds 60                 # each target 60 s with atheris (libFuzzer)
    python benchmarks/fuzz.py --seconds 30 --targets tei,xml
    python benchmarks/fuzz.py --seconds 60 --engine hypothesis   # without atheris: random bytes + mutated seeds
    python benchmarks/fuzz.py --properties                 # tests/test_properties.py under the "long" profile

Targets and seeds: tests/fuzz/fuzz_targets.py.  atheris runs each target in its own process (``-fork`` is not
used: one core each, ``nice``), with a corpus folder seeded from real inputs and ``-max_len`` 64 kB; a crash is
kept as out/fuzz/<target>/crash-*.  The input size limit (corpus.limits) is set to 1 MB so one slow input
cannot eat the budget; ``-timeout`` makes any input that takes over 20 s a finding (a hang or a quadratic path).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FUZZ = ROOT / "tests" / "fuzz"
sys.path[:0] = [str(FUZZ), str(ROOT)]

from fuzz_targets import TARGETS, run_one, seeds  # noqa: E402
from corpus.errors import InputError  # noqa: E402


def atheris_available() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def run_atheris(name: str, seconds: int, out: Path) -> tuple[int, list[Path], str]:
    corpus = out / name / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for k, data in enumerate(seeds(name)):
        (corpus / f"seed-{k:03d}").write_bytes(data)
    artifacts = out / name
    env = dict(os.environ, BITEXT_MAX_INPUT_BYTES="1M", PYTHONHASHSEED="0")
    cmd = ["nice", sys.executable, str(FUZZ / "run_target.py"), name, f"-max_total_time={seconds}",
           "-max_len=65536", "-timeout=20", "-rss_limit_mb=4096", f"-artifact_prefix={artifacts}/",
           "-print_final_stats=1", str(corpus)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 300, env=env, cwd=ROOT)
    log = proc.stdout + proc.stderr
    (out / name / "log.txt").write_text(log, encoding="utf-8")
    match = re.search(r"stat::number_of_executed_units:\s*(\d+)", log) or re.search(r"#(\d+)\s+DONE", log)
    executions = int(match.group(1)) if match else 0
    if not match:
        runs = re.findall(r"^#(\d+)\s", log, re.MULTILINE)
        executions = int(runs[-1]) if runs else 0
    findings = sorted(artifacts.glob("crash-*")) + sorted(artifacts.glob("timeout-*")) + sorted(artifacts.glob("oom-*"))
    return executions, findings, log


def mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        pos = rng.randint(0, len(data))
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2 and data:
            del data[pos:pos + rng.randint(1, 64)]
        elif op == 3 and data:
            start = rng.randint(0, len(data) - 1)
            data[pos:pos] = data[start:start + rng.randint(1, 256)]
        else:
            data[pos:pos] = rng.choice([b"<", b">", b"&", b"]]>", b"<!--", b"\xef\xbb\xbf", b"\x00", b"\r", b"\n\n",
                                        b". ", b"\xd0", b"\xc3\xa9", b'"', b"<s xml:id=\"x\">", b"<!DOCTYPE a ["])
    return bytes(data[:65536])


def run_hypothesis_like(name: str, seconds: int, out: Path, seed: int) -> tuple[int, list[Path], str]:
    """No atheris: mutate the seeds at random (and sometimes draw random bytes) for *seconds*."""
    os.environ["BITEXT_MAX_INPUT_BYTES"] = "1M"
    rng = random.Random(seed)
    pool = seeds(name)
    executions, findings = 0, []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng, rng.choice(pool)) if rng.random() < 0.9 else rng.randbytes(rng.randint(0, 512))
        executions += 1
        try:
            run_one(name, data)
        except InputError:
            pass
        except Exception:  # noqa: BLE001 - every other exception is a finding
            folder = out / name
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"crash-{executions}"
            path.write_bytes(data)
            (folder / f"crash-{executions}.txt").write_text(traceback.format_exc(), encoding="utf-8")
            findings.append(path)
    return executions, findings, ""


def run_properties() -> int:
    env = dict(os.environ, BITEXT_HYPOTHESIS_PROFILE="long")
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_properties.py",
           "--hypothesis-show-statistics"]
    return subprocess.run(["nice", *cmd], cwd=ROOT, env=env).returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="budget per target")
    parser.add_argument("--targets", default=",".join(TARGETS), help=f"comma-separated: {', '.join(TARGETS)}")
    parser.add_argument("--engine", choices=("auto", "atheris", "hypothesis"), default="auto")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "fuzz")
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--properties", action="store_true", help="run the property tests under the long profile")
    args = parser.parse_args()
    if args.properties:
        sys.exit(run_properties())
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if atheris_available() else "hypothesis"
    args.out.mkdir(parents=True, exist_ok=True)
    print(f"engine: {engine}; budget {args.seconds} s per target; artifacts under {args.out}")
    print(f"{'target':<10} {'executions':>11} {'exec/s':>8} {'findings':>9}")
    total_findings = 0
    for name in args.targets.split(","):
        started = time.monotonic()
        if engine == "atheris":
            executions, findings, _log = run_atheris(name, args.seconds, args.out)
        else:
            executions, findings, _log = run_hypothesis_like(name, args.seconds, args.out, args.seed)
        elapsed = time.monotonic() - started
        total_findings += len(findings)
        print(f"{name:<10} {executions:>11,} {executions / max(elapsed, 1e-9):>8.0f} {len(findings):>9}", flush=True)
        for path in findings:
            print(f"    finding: {path}")
    print(f"findings: {total_findings}")
    sys.exit(1 if total_findings else 0)


if __name__ == "__main__":
    main()
