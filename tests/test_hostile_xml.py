"""Hostile XML and HTML: every reader refuses XXE, parameter entities, external DTDs, entity bombs and XInclude.

The attack files are in tests/data/hostile/ (written by ``make_attacks.py`` there), one per attack and per
wrapper (TEI, TMX, TBX v3, XLIFF 2, HTML).  Each test fills in a file:// URL of a secret it writes under tmp
and the port of a local HTTP server that records every request, runs the command that reads that kind of
file, and checks that

- nothing was read: neither the secret marker nor a line of /etc/passwd appears on stdout, stderr or in any
  output file;
- nothing was fetched: the server saw no request;
- nothing was expanded: no "lol"/"aaaa" run in the output, and the command returned promptly;
- the command failed cleanly: one ``bitext: PATH: problem`` line and exit 2 (``validate``: exit 2 for a file it
  refuses to read, 1 for a file it read but found invalid, never 0 with an attack inside; HTML is read as a
  browser would read it: the internal subset is dropped and ``&e;`` stays literal text).
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from bitext.cli import cli

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "data" / "hostile"
SEED = ROOT / "tests" / "data" / "seed"
SECRET_MARKER = "BITEXT-SECRET-7f3a9c"
ENTITY_ATTACKS = ("xxe_passwd", "xxe_secret", "xxe_http", "param_entity", "param_exfil",
                  "billion_laughs", "quadratic")
ALL_ATTACKS = ENTITY_ATTACKS + ("external_dtd", "xinclude")
XML_WRAPPERS = ("tei.xml", "tmx", "tbx", "xlf")


def _passwd_lines() -> list[str]:
    try:
        return [line for line in Path("/etc/passwd").read_text().splitlines() if line.count(":") >= 5][:3]
    except OSError:
        return []


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the stdlib's name
        _Recorder.hits.append(self.path)
        body = f"<!ENTITY e '{SECRET_MARKER}-from-network'>".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(f"{SECRET_MARKER}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def good_tei(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("tei") / "pair.tei.xml"
    result = CliRunner().invoke(cli, ["align", str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"),
                                      "--segmented", "--encoder", "none", "--format", "tei", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def attack_file(name: str, suffix: str, where: Path, secret: Path, server) -> Path:
    text = (HOSTILE / f"{name}.{suffix}").read_text(encoding="utf-8")
    text = text.replace("@SECRET_URL@", secret.as_uri()).replace("@PORT@", str(server.server_port))
    path = where / f"{name}.{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def assert_nothing_leaked(texts: list[str], server) -> None:
    joined = "\n".join(texts)
    assert SECRET_MARKER not in joined, "the secret file (or the network entity) was read"
    for line in _passwd_lines():
        assert line not in joined, "/etc/passwd was read"
    assert "lollollol" not in joined and "a" * 1000 not in joined, "an entity was expanded"
    assert server.RequestHandlerClass.hits == [], f"the network was reached: {server.RequestHandlerClass.hits}"


def outputs(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()]


def run(args: list[str]):
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"traceback: {result.exception!r}\n{result.output}")
    return result


def one_line_error(result, path: Path) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("bitext: ") and str(path) in lines[0], result.stderr
    assert "Traceback" not in result.output


@pytest.fixture()
def clean_server(server):
    server.RequestHandlerClass.hits.clear()
    return server


def test_every_attack_file_exists():
    for name in ALL_ATTACKS:
        for suffix in XML_WRAPPERS + ("html",):
            assert (HOSTILE / f"{name}.{suffix}").is_file(), f"run tests/data/hostile/make_attacks.py ({name}.{suffix})"


@pytest.mark.parametrize("suffix", XML_WRAPPERS)
@pytest.mark.parametrize("name", ENTITY_ATTACKS)
def test_validate_refuses_entity_declarations(name, suffix, tmp_path, secret, clean_server):
    path = attack_file(name, suffix, tmp_path, secret, clean_server)
    result = run(["validate", str(path)])
    one_line_error(result, path)
    assert "entit" in result.stderr.lower()
    assert_nothing_leaked([result.output] + outputs(tmp_path)[1:], clean_server)


@pytest.mark.parametrize("suffix", XML_WRAPPERS)
@pytest.mark.parametrize("name", ("external_dtd", "xinclude"))
def test_validate_neither_fetches_nor_includes(name, suffix, tmp_path, secret, clean_server):
    path = attack_file(name, suffix, tmp_path, secret, clean_server)
    result = run(["validate", str(path)])
    assert result.exit_code in (0, 1, 2)
    if name == "xinclude" and suffix in ("tei.xml", "tmx"):
        # The schema and the DTD do not allow xi:include, so the file is reported invalid (exit 1); the
        # XLIFF and TBX checks are structural only and do not look inside <source>/<term> (exit 0).
        assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert_nothing_leaked([result.output], clean_server)


@pytest.mark.parametrize("name", ALL_ATTACKS)
def test_tei_readers_refuse(name, tmp_path, secret, clean_server, good_tei):
    """export (tei.read) and import-review (the TEI and the XLIFF side) on every attack."""
    tei = attack_file(name, "tei.xml", tmp_path, secret, clean_server)
    xlf = attack_file(name, "xlf", tmp_path, secret, clean_server)
    out = tmp_path / "out"
    out.mkdir()
    exported = run(["export", str(tei), "--format", "tmx", "-o", str(out / "x.tmx")])
    one_line_error(exported, tei)
    reviewed = run(["import-review", str(xlf), "--tei", str(good_tei), "--reviewer", "R", "-o", str(out / "r.xml")])
    one_line_error(reviewed, xlf)
    reviewed_tei = run(["import-review", str(xlf), "--tei", str(tei), "--reviewer", "R", "-o", str(out / "s.xml")])
    assert reviewed_tei.exit_code == 2 and "Traceback" not in reviewed_tei.output
    assert list(out.iterdir()) == [], "a refused input left an output file"
    assert_nothing_leaked([exported.output, reviewed.output, reviewed_tei.output], clean_server)


@pytest.mark.parametrize("name", ALL_ATTACKS)
def test_corpus_discovery_and_build_of_a_hostile_tei(name, tmp_path, secret, clean_server):
    """A TEI file given to a corpus (its languages are read at discovery, then it is loaded at build): nothing
    is read from disk or fetched, and the pair fails alone in one line."""
    from corpus.manifest import tei_languages

    tei = attack_file(name, "tei.xml", tmp_path, secret, clean_server)
    langs = tei_languages(tei)
    assert langs is None or all(secret.read_text() not in lang for lang in langs)
    store = tmp_path / "c.db"
    assert run(["corpus", "init", str(store)]).exit_code == 0
    added = run(["corpus", "add", str(store), str(tei), "--langs", "en,ru"])
    built = run(["corpus", "build", str(store), "--encoder", "none"])
    assert built.exit_code in (0, 1) and "Traceback" not in built.output + added.output
    assert_nothing_leaked([added.output, built.output], clean_server)


@pytest.mark.parametrize("name", ALL_ATTACKS)
def test_glossary_reader_refuses(name, tmp_path, secret, clean_server):
    tbx = attack_file(name, "tbx", tmp_path, secret, clean_server)
    out = tmp_path / "out"
    out.mkdir()
    result = run(["terms", "export", str(tbx), "--format", "tbx3", "-o", str(out / "g.tbx")])
    assert_nothing_leaked([result.output] + outputs(out), clean_server)
    if name in ENTITY_ATTACKS:
        one_line_error(result, tbx)
        assert list(out.iterdir()) == []
    else:
        assert result.exit_code in (0, 2) and "Traceback" not in result.output


@pytest.mark.parametrize("name", ALL_ATTACKS)
def test_html_reader_neither_reads_nor_fetches(name, tmp_path, secret, clean_server):
    page = attack_file(name, "html", tmp_path, secret, clean_server)
    result = run(["segment", str(page), "--all"])
    assert result.exit_code == 0, result.output
    assert "The first paragraph of the article." in result.stdout
    assert_nothing_leaked([result.output], clean_server)


def test_html_resources_are_never_fetched(tmp_path, secret, clean_server):
    """<base>, meta refresh, stylesheets, scripts, images, iframes, objects and SVG references: text only."""
    page = attack_file("resources_page", "html", tmp_path, secret, clean_server)
    out = tmp_path / "out.tei.xml"
    for args in (["segment", str(page), "--all", "--format", "jsonl"],
                 ["align", str(page), str(page), "--encoder", "none", "--format", "tei", "-o", str(out), "-q"]):
        result = run(args)
        assert result.exit_code == 0, result.output
        assert_nothing_leaked([result.output], clean_server)
    assert "Last paragraph & an entity <kept> as text." in run(["segment", str(page)]).stdout
    exported = run(["export", str(out), "--format", "html-xslt"])
    assert exported.exit_code == 0 and "The first paragraph of the article." in exported.stdout
    assert_nothing_leaked([exported.output, out.read_text(encoding="utf-8")], clean_server)


def test_real_cli_one_line_exit_2(tmp_path, secret, clean_server):
    """The installed entry point, not CliRunner: XXE through validate and export."""
    for name, command in (("xxe_secret", ["validate"]), ("billion_laughs", ["export", "--format", "tsv"])):
        path = attack_file(name, "tei.xml", tmp_path, secret, clean_server)
        proc = subprocess.run([sys.executable, "-m", "bitext.cli", command[0], str(path), *command[1:]],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"bitext: {path}: "), proc.stderr
        assert_nothing_leaked([proc.stdout, proc.stderr], clean_server)


def test_no_parser_in_the_code_resolves_entities_or_fetches():
    """Every lxml parse in the product goes through a parser that refuses entities, DTDs and the network,
    or parses only files shipped with bitext (its own schemas and stylesheet)."""
    trusted = {
        "tei/validate.py": "parses tei/schema/*.rng, shipped with bitext",
        "tei/formats/html.py": "parses bitext-parallel.xsl, shipped with bitext",
        "tei/corpus_export.py": "re-parses the bytes tei.writer has just written from the model, in memory",
    }
    calls = []
    for package in ("corpus", "aligner", "tei", "bitext"):
        for path in (ROOT / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in ("etree.parse(", "fromstring(", "etree.XML(", "etree.HTML(", "iterparse(", "XMLParser(",
                           "HTMLParser(", "xml.etree", "minidom", "xml.sax", "xinclude("):
                if needle in text:
                    calls.append((str(path.relative_to(ROOT)), needle))
    for rel, needle in calls:
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert needle not in ("xml.etree", "minidom", "xml.sax", "xinclude("), f"{rel} uses {needle}"
        if needle == "XMLParser(":
            for flag in ("resolve_entities=False", "no_network=True", "load_dtd=False", "huge_tree=False"):
                assert flag in text, f"{rel}: XMLParser without {flag}"
        elif needle == "HTMLParser(":
            assert "no_network=True" in text, f"{rel}: HTMLParser without no_network=True"
        elif needle == "iterparse(" and all(flag in text for flag in (
                "resolve_entities=False", "no_network=True", "load_dtd=False", "huge_tree=False")):
            continue    # iterparse takes the parser's flags itself (corpus/manifest.py reads TEI languages)
        elif rel not in trusted:
            assert "parser()" in text or "_parser()" in text or "parser=parser" in text, f"{rel}: {needle} with the default parser"
    assert calls, "the scan found no parser at all: it is looking in the wrong place"


def test_subprocess_has_no_network_entities_with_fresh_env(tmp_path, secret, clean_server):
    """The TMX DOCTYPE bitext itself writes (SYSTEM "tmx14.dtd") is accepted and never loaded."""
    tmx = tmp_path / "pair.tmx"
    result = run(["align", str(SEED / "sentences_en.txt"), str(SEED / "sentences_ru.txt"), "--segmented",
                  "--encoder", "none", "--format", "tmx", "-o", str(tmx), "-q"])
    assert result.exit_code == 0, result.output
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in tmx.read_bytes()
    checked = run(["validate", str(tmx)])
    assert checked.exit_code == 0, checked.output
    assert shutil.which  # keep the import honest
