"""Broken and odd input: each case with the behaviour it must get.

A refused input ends with exactly one line on stderr (``bitext: PATH: problem``), exit code 2, no traceback
and no output file (not even a ``.part`` temp).  An accepted odd input is segmented losslessly: every
character of the decoded text is in a sentence or in a gap between sentences.  Most cases run through
CliRunner; ``test_real_cli_*`` run the installed entry point in a subprocess.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seed"
BAD = ROOT / "tests" / "data" / "bad"
SEED_EN = (ROOT / "seeds" / "sino-russian-entente.en.txt").read_text(encoding="utf-8")
SEED_RU = (ROOT / "seeds" / "sino-russian-entente.ru.txt").read_text(encoding="utf-8")
RU_SENTENCE = "Россия и Китай подписали новое соглашение о сотрудничестве."

# name -> (bytes, None when accepted / a fragment of the one-line error when refused)
REFUSED = {
    "empty": (b"", "file is empty"),
    "whitespace_only": (b"  \n\t\n \r\n", "only whitespace"),
    "bom_only": (b"\xef\xbb\xbf", "only whitespace"),
    "binary_bytes": (bytes(range(256)) * 40, "binary data"),
    "png_header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(7, 200)) * 10, "binary data"),
    "nul_in_text": (b"Hello world.\x00 Second sentence.\n", "binary data"),
    "bell_and_backspace": (b"Hello world.\x07\x08 Second sentence.\n", "control characters"),
    "utf16_without_bom": ("Hello world. This is a test of text.\n".encode("utf-16-le"), "UTF-16 without"),
    "utf16_be_without_bom": (SEED_EN[:400].encode("utf-16-be"), "UTF-16 without"),
    "utf32": ("Hello world.".encode("utf-32"), "UTF-32"),
    "truncated_utf8": (RU_SENTENCE.encode("utf-8")[:-2], "truncated UTF-8"),
    "mixed_utf8_cp1251": (("Hello. " + RU_SENTENCE + "\n").encode() + (RU_SENTENCE + "\n").encode("cp1251"),
                          "mixed encodings"),
    "utf8_surrogate": (b"Hello \xed\xa0\x80 world.", "undecodable"),
    "overlong_utf8": (b"Hello \xc0\xaf world.", "undecodable"),
    "latin1_french": ("Le café est très chaud à Genève, où il fait froid.".encode("latin-1"), "undecodable"),
}

ACCEPTED = {
    "right_to_left": "مرحبا بالعالم. هذه جملة ثانية.\nשלום עולם. זה משפט שני.\n",
    "bidi_controls": "Safe text \u202egnp.exe\u202c here. Next sentence \u2067x\u2069.\n",
    "combining": "Cafe\u0301 au lait. Z\u0335\u0321a\u0336lgo text here. A\u0308\u0308\u0308 done.\n",
    "emoji": "I love it 😀. Family 👨‍👩‍👧‍👦 here! Flags 🇷🇺🇬🇧 too. Skin 👍🏽 tone.\n",
    "noncharacters": "Text \uffff\ufffe here. Next \U0010ffff. Private \ue000 use.\n",
    "cr_line_endings": "Line one is here.\rLine two is here.\rLine three.\r",
    "crlf_seed": SEED_RU[:1500].replace("\n", "\r\n"),
    "nbsp_and_zero_width": "Mr.\u00a0Smith\u200b arrived. He\u200d left\ufeff again.\n",
    "one_char": "x",
    "only_punctuation": "... !!! ??? --- ***\n",
    "escape_char": "Colour \x1b[31mred\x1b[0m text. Next.\n",
}


def cli_run(args: list[str]):
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}\n{result.output}")
    return result


def assert_refused(result, path: Path, fragment: str, out_dir: Path | None = None) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"bitext: {path}: "), lines[0]
    assert fragment.lower() in lines[0].lower(), lines[0]
    if out_dir is not None:
        assert sorted(p.name for p in out_dir.iterdir()) == [], "a refused input left an output or temp file"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_inputs(name, tmp_path):
    data, fragment = REFUSED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    result = cli_run(["segment", str(path), "-o", str(out / "sentences.txt")])
    assert_refused(result, path, fragment, out)


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_odd_but_valid_text_is_segmented_losslessly(name, tmp_path):
    text = ACCEPTED[name]
    path = tmp_path / f"{name}.txt"
    path.write_bytes(text.encode("utf-8"))
    out = tmp_path / "s.jsonl"
    result = cli_run(["segment", str(path), "--all", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    decoded = text.replace("\r\n", "\n").replace("\r", "\n")
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows, "no sentence"
    position = 0
    for row in rows:
        assert row["start"] >= position and decoded[row["start"]:row["end"]] == row["text"]
        assert decoded[position:row["start"]].strip() == "", f"text lost: {decoded[position:row['start']]!r}"
        position = row["end"]
    assert decoded[position:].strip() == ""


def test_legacy_encodings_are_read(tmp_path):
    for encoding in ("cp1251", "koi8-r"):
        path = tmp_path / f"{encoding}.txt"
        path.write_bytes(SEED_RU.encode(encoding, errors="replace"))   # koi8-r has no en dash
        result = cli_run(["segment", str(path)])
        assert result.exit_code == 0, result.output
        assert "Россия" in result.stdout or "России" in result.stdout


def test_utf16_with_bom_is_read(tmp_path):
    path = tmp_path / "bom16.txt"
    path.write_bytes(SEED_EN.encode("utf-16"))
    result = cli_run(["segment", str(path)])
    assert result.exit_code == 0 and "Sino-Russian" in result.stdout


def test_missing_file_and_directory(tmp_path):
    assert_refused(cli_run(["segment", str(tmp_path / "nope.txt")]), tmp_path / "nope.txt", "no such file")
    assert_refused(cli_run(["segment", str(tmp_path)]), tmp_path, "directory")


def _as_nobody(args: list[str]) -> tuple[int, str]:
    """Run the CLI in a forked child that has dropped root for 'nobody' (chmod does not stop root).

    A fork, not a new interpreter: nobody may not be able to read root's Python installation, so everything
    the command needs is imported here first."""
    import pwd

    import corpus.readers  # noqa: F401 - imported before the fork, see above
    import corpus.segment  # noqa: F401
    import bitext.commands.segment  # noqa: F401

    nobody = pwd.getpwnam("nobody")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:   # the child: drop privileges, run, report (exit code, stderr) through the pipe
        try:
            os.close(read_fd)
            os.setgroups([])
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            result = CliRunner().invoke(cli, args)
            crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
            payload = json.dumps([99 if crashed else result.exit_code, result.stderr + repr(result.exception)])
            os.write(write_fd, payload.encode())
        finally:
            os._exit(0)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as handle:
        data = handle.read()
    os.waitpid(pid, 0)
    code, stderr = json.loads(data)
    return code, stderr


def test_unreadable_file_and_unwritable_directory_as_another_user(tmp_path):
    if os.getuid() != 0:
        pytest.skip("dropping privileges needs root")
    try:
        import pwd

        pwd.getpwnam("nobody")
    except (ImportError, KeyError):
        pytest.skip("no 'nobody' user here")
    hidden = tmp_path / "secret-in-closed-dir.txt"   # pytest's tmp root is 0700: nobody cannot even stat it
    hidden.write_text(SEED_EN[:500], encoding="utf-8")
    code, stderr = _as_nobody(["segment", str(hidden)])
    assert code == 2, stderr
    assert stderr.splitlines()[0] == f"bitext: {hidden}: permission denied"
    tmp_path = Path(tempfile.mkdtemp(prefix="bitext-nobody-"))
    os.chmod(tmp_path, 0o755)
    secret = tmp_path / "secret.txt"
    secret.write_text(SEED_EN[:500], encoding="utf-8")
    os.chmod(secret, 0o600)
    code, stderr = _as_nobody(["segment", str(secret)])
    assert code == 2, stderr
    # click checks readability first (exit 2, its usage text: "Path '…' is not readable"); either is fine
    assert f"bitext: {secret}: permission denied" in stderr or f"Path {str(secret)!r} is not readable" in stderr, stderr
    readable = tmp_path / "open.txt"
    readable.write_text(SEED_EN[:500], encoding="utf-8")
    os.chmod(readable, 0o644)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o755)   # owned by root: nobody cannot create files in it
    code, stderr = _as_nobody(["segment", str(readable), "-o", str(locked / "o.txt")])
    assert code == 2, stderr
    assert stderr.splitlines()[0] == f"bitext: {locked / 'o.txt'}: output directory {str(locked)!r} is not writable"
    assert list(locked.iterdir()) == []
    shutil.rmtree(tmp_path)


@pytest.mark.parametrize("output", ["/proc/bitext-out.txt", "/sys/bitext-out.txt", "UNDER_FILE", "MISSING_DIR"])
def test_output_place_that_cannot_be_written(output, tmp_path):
    src = tmp_path / "in.txt"
    src.write_text(SEED_EN[:2000], encoding="utf-8")
    if output == "UNDER_FILE":
        output = str(src / "out.txt")          # a path under a regular file: ENOTDIR even for root
    elif output == "MISSING_DIR":
        output = str(tmp_path / "no" / "such" / "dir" / "out.txt")
    result = cli_run(["segment", str(src), "-o", output])
    assert_refused(result, Path(output), "")
    assert src.read_text(encoding="utf-8") == SEED_EN[:2000]


def test_device_outputs_stay_devices(tmp_path):
    """``-o /dev/null`` once replaced /dev/null with a regular file (as root): devices are written through."""
    src = tmp_path / "in.txt"
    src.write_text(SEED_EN[:2000], encoding="utf-8")
    before = os.stat("/dev/null")
    assert cli_run(["segment", str(src), "-o", "/dev/null"]).exit_code == 0
    after = os.stat("/dev/null")
    assert (after.st_mode, after.st_rdev, after.st_ino) == (before.st_mode, before.st_rdev, before.st_ino)
    if os.path.exists("/dev/full"):
        full = cli_run(["segment", str(src), "-o", "/dev/full"])
        assert_refused(full, Path("/dev/full"), "no space left")
        assert not Path("/dev/full").is_file()


def test_symlinked_output_keeps_the_link(tmp_path):
    src = tmp_path / "in.txt"
    src.write_text(SEED_EN[:2000], encoding="utf-8")
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    assert cli_run(["segment", str(src), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and "Sino-Russian" in real.read_text(encoding="utf-8")


def test_output_equal_to_an_input_is_refused(tmp_path):
    src = tmp_path / "en.txt"
    tgt = tmp_path / "ru.txt"
    src.write_text((SEED / "sentences_en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    tgt.write_text((SEED / "sentences_ru.txt").read_text(encoding="utf-8"), encoding="utf-8")
    before = (src.read_bytes(), tgt.read_bytes())
    link = tmp_path / "alias.txt"
    link.symlink_to(src)
    cases = [
        ["segment", str(src), "-o", str(src)],
        ["segment", str(src), "-o", str(link)],
        ["segment", str(src), "-o", str(tmp_path / "." / "en.txt")],
        ["align", str(src), str(tgt), "--segmented", "--encoder", "none", "-o", str(tgt)],
        ["align", str(src), str(tgt), "--segmented", "--encoder", "none", "--format", "tei", "-o", str(src)],
    ]
    for args in cases:
        result = cli_run(args)
        assert result.exit_code == 2 and "refusing to overwrite an input" in result.stderr, (args, result.output)
    assert (src.read_bytes(), tgt.read_bytes()) == before


def test_same_file_as_source_and_target(tmp_path):
    src = tmp_path / "en.txt"
    src.write_text((SEED / "sentences_en.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = cli_run(["align", str(src), str(src), "--segmented", "--encoder", "none", "--format", "links"])
    assert result.exit_code == 0
    assert "same file" in result.stderr
    n = len([line for line in src.read_text(encoding="utf-8").splitlines() if line.strip()])
    assert result.stdout.splitlines() == [f"{i}\t{i}" for i in range(n)]


def test_size_limit_is_configurable(tmp_path, monkeypatch):
    src = tmp_path / "in.txt"
    src.write_text(SEED_EN, encoding="utf-8")
    monkeypatch.setenv("BITEXT_MAX_INPUT_BYTES", "1K")
    out = tmp_path / "out"
    out.mkdir()
    result = cli_run(["segment", str(src), "-o", str(out / "s.txt")])
    assert_refused(result, src, "too large", out)
    assert "BITEXT_MAX_INPUT_BYTES" in result.stderr
    monkeypatch.setenv("BITEXT_MAX_INPUT_BYTES", "0")   # no limit
    assert cli_run(["segment", str(src)]).exit_code == 0
    monkeypatch.setenv("BITEXT_MAX_INPUT_BYTES", "lots")
    bad = cli_run(["segment", str(src)])
    assert bad.exit_code == 2 and bad.stderr.startswith("bitext: BITEXT_MAX_INPUT_BYTES: ")


def test_sixty_megabytes_are_refused_before_reading(tmp_path):
    """A sparse 60 MB file: refused by its size alone, in a subprocess with a 256 MB memory cap."""
    big = tmp_path / "big.txt"
    with open(big, "wb") as handle:
        handle.truncate(60 * 1000 * 1000)
    env = {k: v for k, v in os.environ.items() if k != "BITEXT_MAX_INPUT_BYTES"}
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
            "from bitext.cli import main; main()")
    for args in (["segment", str(big)], ["validate", str(big)], ["terms", "export", str(big), "--format", "csv"]):
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                              cwd=ROOT, env=env)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.strip() == (f"bitext: {big}: file is too large (60.0 MB; the limit is 50.0 MB: "
                                       "set BITEXT_MAX_INPUT_BYTES to raise it)"), proc.stderr


def test_tei_with_dangling_pointers_and_duplicate_ids(tmp_path):
    tei = tmp_path / "pair.tei.xml"
    made = cli_run(["align", str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"), "--segmented",
                    "--encoder", "none", "--format", "tei", "-o", str(tei), "-q"])
    assert made.exit_code == 0, made.output
    text = tei.read_text(encoding="utf-8")
    dangling = tmp_path / "dangling.tei.xml"
    dangling.write_text(text.replace('target="#en.s1', 'target="#en.s999', 1), encoding="utf-8")
    duplicate = tmp_path / "duplicate.tei.xml"
    duplicate.write_text(text.replace('xml:id="en.s2"', 'xml:id="en.s1"', 1), encoding="utf-8")
    truncated = tmp_path / "truncated.tei.xml"
    truncated.write_bytes(tei.read_bytes()[: len(tei.read_bytes()) // 2])
    assert 'target="#en.s999' in dangling.read_text(encoding="utf-8")
    for path, problem in ((dangling, "dangling pointer"), (duplicate, "duplicate xml:id")):
        checked = cli_run(["validate", str(path)])
        assert checked.exit_code == 1 and problem in checked.stdout, checked.output
        out = tmp_path / "out"
        out.mkdir(exist_ok=True)
        exported = cli_run(["export", str(path), "--format", "tmx", "-o", str(out / "x.tmx")])
        assert_refused(exported, path, "does not point at a sentence", out)
    assert_refused(cli_run(["validate", str(truncated)]), truncated, "not well-formed")
    assert_refused(cli_run(["export", str(truncated), "--format", "tsv"]), truncated, "not well-formed")


@pytest.mark.parametrize("name, data, fragment", [
    ("unbalanced_quote", 'en,ru\nsanctions,санкции\n"broken,row\nsummit,саммит\n', "several lines"),
    ("too_many_fields", "en,ru\nsanctions,санкции,extra,cells\n", "4 fields"),
    ("stray_pipe", "en,ru\nsanctions|,санкции\n", "empty term"),
    ("not_utf8", "en,ru\nsanctions,санкции\n".encode("cp1251"), "not UTF-8"),
    ("header_only_numbers", "1,2\nx,y\n", ""),
    ("empty", "", ""),
    ("zip", b"PK\x03\x04" + bytes(100), "zipped"),
])
def test_glossary_with_a_broken_row(name, data, fragment, tmp_path):
    path = tmp_path / f"{name}.csv"
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    out = tmp_path / "out"
    out.mkdir()
    result = cli_run(["terms", "export", str(path), "--format", "tbx3", "-o", str(out / "g.tbx")])
    assert_refused(result, path, fragment, out)


def test_manifest_naming_missing_files(tmp_path):
    """``bitext corpus add`` with a manifest whose files do not exist: refused at add (one line, exit 2), or at
    least ``build`` exits 2 naming the missing file."""
    if "corpus" not in cli.commands:
        pytest.skip("bitext corpus is not installed")
    store = tmp_path / "store.db"
    made = cli_run(["corpus", "init", str(store)])
    assert made.exit_code == 0, made.output
    manifest = tmp_path / "manifest.toml"
    manifest.write_text('[[pair]]\nid = "missing"\nsrc = "nope.en.txt"\ntgt = "nope.ru.txt"\n'
                        'src_lang = "en"\ntgt_lang = "ru"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["corpus", "add", str(store), str(manifest)])
    assert not (result.exception and not isinstance(result.exception, SystemExit)), repr(result.exception)
    if result.exit_code == 0:
        result = CliRunner().invoke(cli, ["corpus", "build", str(store)])
        assert not (result.exception and not isinstance(result.exception, SystemExit)), repr(result.exception)
        assert result.exit_code == 2, result.output
        assert "nope.en.txt" in result.stderr
        return
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("bitext: ") and "nope" in lines[0], result.stderr


def test_real_cli_refusals_are_one_line(tmp_path):
    """The installed entry point: no traceback, one line, exit 2, no output left."""
    cases = {"empty.txt": b"", "binary.bin": bytes(range(256)) * 8,
             "utf16.txt": "Hello world. Text.\n".encode("utf-16-le"),
             "mixed.txt": ("Hello. " + RU_SENTENCE + "\n").encode() + RU_SENTENCE.encode("cp1251")}
    out = tmp_path / "out"
    out.mkdir()
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        for args in (["segment", str(path), "-o", str(out / "s.txt")],
                     ["align", str(path), str(SEED / "sentences_ru.txt"), "--encoder", "none",
                      "--format", "tei", "-o", str(out / "p.tei.xml")]):
            if name == "empty.txt" and args[0] == "align":
                continue   # an empty side is aligned (every other sentence 0-1), by align's own contract
            proc = subprocess.run([sys.executable, "-m", "bitext.cli", *args], capture_output=True, text=True,
                                  timeout=300, cwd=ROOT)
            assert proc.returncode == 2, (name, args[0], proc.stderr)
            assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"bitext: {path}: "), proc.stderr
            assert "Traceback" not in proc.stderr
    assert list(out.iterdir()) == []


def test_real_cli_big_inputs(tmp_path):
    """One 5 MB line and a 10 MB text: segmented without error, every character kept (lines format)."""
    one_line = tmp_path / "one_line.txt"
    words = " ".join(SEED_EN.split())
    one_line.write_text((words.replace(". ", ", ") + " ") * (5_000_000 // len(words) + 1), encoding="utf-8")
    big = tmp_path / "ten_mb.txt"
    big.write_text((SEED_EN + "\n\n") * (10_000_000 // len(SEED_EN) + 1), encoding="utf-8")
    for path in (one_line, big):
        out = tmp_path / (path.stem + ".jsonl")
        proc = subprocess.run([sys.executable, "-m", "bitext.cli", "segment", str(path), "--all", "--format",
                               "jsonl", "-o", str(out)], capture_output=True, text=True, timeout=600, cwd=ROOT)
        assert proc.returncode == 0, proc.stderr[-2000:]
        text = path.read_text(encoding="utf-8")
        covered = 0
        with open(out, encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                covered += row["end"] - row["start"]
        assert covered >= len("".join(text.split())), "characters were lost"
