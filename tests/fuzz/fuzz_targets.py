"""Fuzz targets: each takes arbitrary bytes and either returns or raises ``InputError``; anything else — an
exception of another type, a failed invariant (AssertionError) — is a finding.

    text        bytes → decode → Document (plain or HTML as detected) → segment; offsets and partition checked
    html        bytes → decode → Document as HTML → segment
    segmenter   bytes → str (surrogates kept) → split() for en, ru, de, fr, el, generic; the spans partition the text
    tei         bytes on disk → tei.read (and, when it reads, tei.validate)
    xml         bytes on disk → tei.validate (TEI, TMX, TBX, XLIFF dispatch)
    glossary    bytes on disk → load_glossary as .tbx and as .csv

Seeds (``seeds(name)``) are real inputs of each kind from the repository, so mutation starts from valid files.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from corpus.errors import InputError

ROOT = Path(__file__).resolve().parents[2]
_TMP = Path(tempfile.mkdtemp(prefix="bitext-fuzz-"))


def _partition(text: str, spans) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text), ("span out of order", position, start, end)
        assert not text[position:start].strip(), ("text lost", text[position:start])
        position = end
    assert not text[position:].strip(), ("text lost at the end", text[position:])


def _document(data: bytes, media_type: str | None) -> None:
    from corpus.readers.encoding import decode_bytes
    from corpus.readers.html import looks_like_html
    from corpus.readers.reader import document_from_text
    from corpus.segment import segment_document

    try:
        text, _encoding = decode_bytes(data, "fuzz")
    except InputError:
        return
    if media_type is None:
        media_type = "text/html" if looks_like_html(text) else "text/plain"
    doc = segment_document(document_from_text(text, "auto", media_type), body_only=False)
    doc.check()
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        _partition(block.text, [(s.start - block.start, s.end - block.start) for s in block.sentences])
    if media_type == "text/plain":
        assert doc.text == text


def text(data: bytes) -> None:
    _document(data, None)


def html(data: bytes) -> None:
    _document(data, "text/html")


def segmenter(data: bytes) -> None:
    from corpus.segment import split

    string = data.decode("utf-8", errors="surrogateescape")
    for lang in ("en", "ru", "de", "fr", "el", "generic"):   # every rule list and data set
        _partition(string, split(string, lang))


def _file(data: bytes, suffix: str) -> Path:
    path = _TMP / f"input{suffix}"
    path.write_bytes(data)
    return path


def tei(data: bytes) -> None:
    import tei as tei_package
    from tei.validate import validate

    path = _file(data, ".tei.xml")
    try:
        pair = tei_package.read(path)
    except InputError:
        return
    pair.alignment.check()
    validate(path)


def xml(data: bytes) -> None:
    from tei.validate import validate

    try:
        validate(_file(data, ".xml"))
    except InputError:
        return


def glossary(data: bytes) -> None:
    from corpus.terminology.glossary_io import load_glossary

    for suffix in (".tbx", ".csv"):
        try:
            load_glossary(_file(data, suffix))
        except InputError:
            pass


TARGETS = {"text": text, "html": html, "segmenter": segmenter, "tei": tei, "xml": xml, "glossary": glossary}


def _tei_seed() -> list[bytes]:
    """A small TEI, TMX and XLIFF written by bitext itself from the seed gold (made once, cached under tmp)."""
    cache = _TMP / "written"
    if not cache.is_dir():
        from click.testing import CliRunner

        from bitext.cli import cli

        cache.mkdir()
        seed = ROOT / "tests" / "data" / "seed"
        en, ru = cache / "en.txt", cache / "ru.txt"
        en.write_text("\n".join((seed / "sentences_en.txt").read_text(encoding="utf-8").splitlines()[:6]), "utf-8")
        ru.write_text("\n".join((seed / "sentences_ru.txt").read_text(encoding="utf-8").splitlines()[:6]), "utf-8")
        for fmt, name in (("tei", "p.tei.xml"), ("tmx", "p.tmx"), ("xliff", "p.xlf")):
            CliRunner().invoke(cli, ["align", str(en), str(ru), "--segmented", "--encoder", "none", "--format", fmt,
                                     "-o", str(cache / name), "-q"])
    return [p.read_bytes() for p in sorted(cache.glob("p.*"))]


def seeds(name: str) -> list[bytes]:
    seed_dir = ROOT / "tests" / "data" / "seed"
    plain = [(seed_dir / "en.txt").read_bytes()[:3000], (seed_dir / "ru.txt").read_bytes()[:3000],
             (seed_dir / "ru.txt").read_text(encoding="utf-8")[:1500].encode("cp1251"),
             (seed_dir / "ru.txt").read_text(encoding="utf-8")[:1500].encode("utf-16")]
    pages = [p.read_bytes()[:6000] for p in sorted((ROOT / "tests" / "data" / "readers").glob("*.html"))]
    hostile = sorted((ROOT / "tests" / "data" / "hostile").glob("*"))
    terms = ROOT / "tests" / "data" / "terms"
    glossaries = [p.read_bytes() for p in sorted((terms / "bad").glob("*"))] + \
        [(ROOT / "corpus" / "terminology" / "data" / "geopolitics.en-ru.csv").read_bytes()[:4000]]
    if name in ("text", "segmenter"):
        return plain + pages[:1]
    if name == "html":
        return pages + [p.read_bytes() for p in hostile if p.suffix == ".html" and p.stat().st_size < 5000]
    if name in ("tei", "xml"):
        xml_hostile = [p.read_bytes() for p in hostile if p.suffix in (".xml", ".tmx", ".xlf", ".tbx")
                       and p.stat().st_size < 5000]
        return _tei_seed() + xml_hostile
    if name == "glossary":
        return glossaries
    raise KeyError(name)


def run_one(name: str, data: bytes) -> None:
    """Run target *name* on *data*; InputError is the expected way to refuse."""
    TARGETS[name](data)


if os.environ.get("BITEXT_FUZZ_LIMIT"):   # keep one fuzz input small, whatever the mutator makes
    os.environ.setdefault("BITEXT_MAX_INPUT_BYTES", os.environ["BITEXT_FUZZ_LIMIT"])
