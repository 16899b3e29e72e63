"""``bitext corpus`` end to end on the seed pair found in a folder: init, add (with unpaired files reported),
build (summary table, failures listed, second run skips), search, and the progress bar's line."""

from __future__ import annotations

import io
import shutil

from click.testing import CliRunner

from aligner.batch import ProgressBar, Summary
from bitext.cli import cli
from corpus.store import PairResult

from conftest import SEEDS


def run(*args):
    return CliRunner().invoke(cli, ["corpus", *map(str, args)])


def test_folder_to_concordance(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("sino-russian-entente.en.txt", "sino-russian-entente.ru.txt", "sino-russian-entente.en.meta.json",
                 "sino-russian-entente.ru.meta.json"):
        shutil.copy(SEEDS / name, folder / name)
    (folder / "draft.en.txt").write_text("A draft without a translation.", encoding="utf-8")
    (folder / "blank.en.txt").write_text("   \n", encoding="utf-8")
    (folder / "blank.ru.txt").write_text("Текст.", encoding="utf-8")
    store = tmp_path / "c.db"

    assert run("init", store).exit_code == 0
    added = run("add", store, folder)
    assert added.exit_code == 0
    assert "2 pair(s) added" in added.stdout
    assert "draft.en.txt: no partner in ru" in added.stderr

    built = run("build", store, "--encoder", "none")
    assert built.exit_code == 1, built.output          # done, but a pair failed
    assert "1 pair(s) failed" in built.stderr
    rows = {line[:22].strip(): line[22:].split() for line in built.stdout.splitlines()[1:7]}
    assert rows["built"][0] == "1" and rows["failed"][0] == "1" and rows["pairs"][0] == "2"
    assert "failed: blank: " in built.stdout and "blank.en.txt" in built.stdout

    again = run("build", store, "--encoder", "none")
    assert "skipped (up to date)" in again.stdout
    rows = {line[:22].strip(): line[22:].split() for line in again.stdout.splitlines()[1:7]}
    assert rows["skipped (up to date)"][0] == "1" and rows["built"][0] == "0"

    found = run("search", store, "--lemma", "--ru", "антанта", "--limit", "50")
    assert found.exit_code == 0
    assert found.stdout.count("⟦") >= 3        # антанта, антанты, антанте… all marked
    assert "sino-russian-entente al.l1 " in found.stdout


def test_init_refuses_a_file_that_is_not_a_store(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("not a database", encoding="utf-8")
    result = run("init", other)
    assert result.exit_code == 2 and "not a corpus store" in result.stderr


def test_progress_line_on_a_terminal_only():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen, pipe = Terminal(), io.StringIO()
    bars = [ProgressBar(2, screen), ProgressBar(2, pipe)]
    summary = Summary(total=2, done=1, sentences=100, links=50, seconds=2.0)
    for bar in bars:
        bar(PairResult(1, "h", "s"), summary)
    line = screen.getvalue()
    assert line.startswith("\r[") and "1/2 pairs" in line and "50 sent/s" in line and "25 links/s" in line
    assert "ETA 0:02" in line
    assert pipe.getvalue() == ""


def test_build_on_a_dask_scheduler(tmp_path):
    distributed = __import__("pytest").importorskip("distributed")
    folder = tmp_path / "texts"
    folder.mkdir()
    for name in ("sino-russian-entente.en.txt", "sino-russian-entente.ru.txt"):
        shutil.copy(SEEDS / name, folder / name)
    store = tmp_path / "c.db"
    run("init", store)
    run("add", store, folder)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp://",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        built = run("build", store, "--encoder", "none", "--dask", cluster.scheduler_address)
    assert built.exit_code == 0, built.output
    rows = {line[:22].strip(): line[22:].split() for line in built.stdout.splitlines()[1:7]}
    assert rows["built"][0] == "1" and rows["failed"][0] == "0"
    both = run("build", store, "--jobs", "2", "--dask", "tcp://127.0.0.1:1")
    assert both.exit_code == 2 and "either --jobs or --dask" in both.stderr
