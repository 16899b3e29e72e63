"""Properties that hold for any input (hypothesis).

Profiles: ``ci`` (the default; moderate examples, what ``make test`` runs) and ``long`` (the fuzz benchmark:
``BITEXT_HYPOTHESIS_PROFILE=long``, or ``benchmarks/fuzz.py --properties``).  Texts are drawn from real
sentences (the seed article, the shared gold sets) cut and mixed with arbitrary Unicode — surrogates,
controls, combining marks, right-to-left, emoji — and with the characters the segmenter reacts to.

1. Segmentation partitions the text: spans in order, non-overlapping, inside their block, stripped, and the
   gaps between them hold only whitespace, so the sentences and the gaps rebuild the text exactly — in
   memory for any string, and through ``read_document`` on the bytes written to a file.
2. Alignment covers every sentence of each side exactly once, in order, within ``max_link``, with confidences
   in 0..1; aligning B with A gives exactly the mirror of aligning A with B (``test_alignment_mirrors``).
3. Any TEI written is well-formed, valid against bitext's schema and cross-reference rules, and reads back into
   the same model (re-writing it gives the same bytes).
4. The same input and options give byte-identical output, across processes with different hash seeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from aligner.align import Aligner  # noqa: E402
from aligner.model import AlignedPair  # noqa: E402
from corpus.errors import InputError  # noqa: E402
from corpus.readers import document_from_text, read_document  # noqa: E402
from corpus.segment import segment_document, split  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BITEXT_SHARED") or ROOT.parent / "shared")
ALIGNMENT = SHARED / "data" / "alignment"
FIXED_DATE = "2026-11-29T10:15:00Z"

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=80, deadline=None, suppress_health_check=_QUIET, derandomize=False)
settings.register_profile("long", max_examples=3000, deadline=None, suppress_health_check=_QUIET)
PROFILE = os.environ.get("BITEXT_HYPOTHESIS_PROFILE", "ci")
CI = settings.get_profile(PROFILE)
# Alignment examples cost ~10-100 ms each: a quarter of the profile's budget.
ALIGN = settings(CI, max_examples=max(20, CI.max_examples // 4))


def _seed_sentences() -> list[str]:
    lines = []
    for name in ("sentences_en.txt", "sentences_ru.txt"):
        lines += (ROOT / "tests" / "data" / "seed" / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip()]


SEED_SENTENCES = _seed_sentences()
# Characters the segmenter's rules look at, so random text hits its branches and not only letters.
TRIGGERS = [".", ". ", "! ", "? ", "…", "...", "\n", "\n\n", "\r\n", " ", "\u00a0", "\t", "«", "»", "“", "”", '"',
            "(", ")", "—", " – ", "-", "1.", "2)", "Mr.", "т. е.", "г.", "U.S.", "e.g.", "http://x.org/a.b", "a@b.cd",
            "•", "* ", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\u200b", "\ufeff", "。", "！", "؟", "।"]
ANY_CHAR = st.characters(blacklist_categories=())               # surrogates and controls included
TEXT_CHAR = st.characters(blacklist_categories=("Cs",))          # what a UTF-8 file can hold
LANGS = st.sampled_from(["en", "ru", "de", "fr", "el", "zh", "ar", "und"])


def texts(chars=ANY_CHAR, max_pieces: int = 25):
    piece = st.one_of(st.sampled_from(SEED_SENTENCES), st.sampled_from(TRIGGERS), st.text(chars, max_size=12),
                      st.sampled_from(SEED_SENTENCES).flatmap(lambda s: st.integers(0, len(s)).map(lambda k: s[:k])))
    return st.lists(piece, max_size=max_pieces).map("".join)


# ------------------------------------------------------------------------------------------ segmentation
def assert_partition(text: str, spans: list[tuple[int, int]], base: int = 0) -> None:
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text), (position, start, end, len(text))
        assert text[position:start].strip() == "", f"text lost between sentences: {text[position:start]!r}"
        assert text[start:end] == text[start:end].strip(), f"sentence not stripped: {text[start:end]!r}"
        position = end
    assert text[position:].strip() == "", f"text lost at the end: {text[position:]!r}"
    pieces, position = [], 0
    for start, end in spans:
        pieces += [text[position:start], text[start:end]]
        position = end
    assert "".join(pieces) + text[position:] == text


@CI
@given(text=texts(), lang=LANGS)
def test_split_partitions_any_text(text, lang):
    assert_partition(text, split(text, lang))


@CI
@given(text=texts(), lang=LANGS)
def test_documents_partition_their_blocks(text, lang):
    doc = segment_document(document_from_text(text, lang), body_only=False)
    doc.check()
    previous_end = 0
    for block in doc.blocks:
        assert previous_end <= block.start <= block.end <= len(doc.text)
        assert doc.text[block.start:block.end] == block.text
        previous_end = block.end
        spans = [(s.start - block.start, s.end - block.start) for s in block.sentences]
        for sentence in block.sentences:
            assert block.start <= sentence.start < sentence.end <= block.end
            assert doc.text[sentence.start:sentence.end] == sentence.text
        assert_partition(block.text, spans)


@CI
@given(text=texts(TEXT_CHAR), lang=LANGS)
def test_read_document_from_bytes_keeps_every_character(text, lang):
    """UTF-8 bytes on disk → read_document: the same text back (line endings made ``\\n``), or a refusal."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_bytes(text.encode("utf-8"))
        try:
            doc = read_document(path, lang, media_type="text/plain")
        except InputError as error:
            assert error.path == str(path)
            plain = text.replace("\r\n", "\n").replace("\r", "\n")
            plain = plain[1:] if plain.startswith("\ufeff") else plain   # a leading BOM is the encoding's
            bad_control = any(ord(c) < 32 and c not in "\t\n\r\f\v\x1b" for c in plain) or "\x7f" in plain \
                or any(0x80 <= ord(c) < 0xA0 for c in plain)
            assert not plain.strip() or bad_control or "no text" in error.problem, error.problem
            return
    expected = text[1:] if text.startswith("\ufeff") else text
    assert doc.text == expected.replace("\r\n", "\n").replace("\r", "\n")
    segment_document(doc, body_only=False)
    doc.check()
    for block in doc.blocks:
        assert_partition(block.text, [(s.start - block.start, s.end - block.start) for s in block.sentences])


# ------------------------------------------------------------------------------------------------ alignment
def _gold_sentences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in sorted(ALIGNMENT.glob("*/*"))[:40] if ALIGNMENT.is_dir() else []:
        for path in folder.glob("sentences_*.txt"):
            lang = path.stem.split("_", 1)[1]
            lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            found.setdefault(lang, []).extend(lines[:60])
    return {lang: lines for lang, lines in found.items() if len(lines) >= 20}


GOLD = _gold_sentences()
needs_gold = pytest.mark.skipif(not {"en", "ru"} <= set(GOLD), reason="../shared/data/alignment is absent")


def sentence_lists(lang: str):
    return st.lists(st.sampled_from(GOLD.get(lang) or ["x"]), max_size=9)


def _aligner(src_lang: str, tgt_lang: str, max_link: int) -> Aligner:
    return Aligner(src_lang, tgt_lang, encoder="none", max_link=max_link, cache=False)


@needs_gold
@ALIGN
@given(src=sentence_lists("en"), tgt=sentence_lists("ru"), max_link=st.integers(1, 6), paragraphs=st.booleans())
def test_alignment_covers_every_sentence_once(src, tgt, max_link, paragraphs):
    src_pars = [i // 3 for i in range(len(src))] if paragraphs else None
    tgt_pars = [j // 3 for j in range(len(tgt))] if paragraphs else None
    alignment = _aligner("en", "ru", max_link).align(src, tgt, src_pars, tgt_pars)
    alignment.check(max_link)
    assert (alignment.n_src, alignment.n_tgt) == (len(src), len(tgt))
    for link in alignment.links:
        assert 0.0 <= link.confidence <= 1.0


def _mirror(links):
    return [(link.tgt, link.src, link.confidence) for link in links]


@needs_gold
@ALIGN
@given(src=sentence_lists("en"), tgt=sentence_lists("ru"), max_link=st.integers(1, 5), paragraphs=st.booleans(),
       same_language=st.booleans())
def test_alignment_mirrors(src, tgt, max_link, paragraphs, same_language):
    """Aligning B with A gives A-with-B's links mirrored, with the same confidences — ties and duplicated
    sentences included (the lists are drawn with repetition), for two languages or one.  Each list is in its
    caller's source order, and the two orders differ where a moved sentence was paired across its neighbours
    (aligner.reorder; without an encoder too, by anchor vectors), so the links are compared as sets."""
    l1, l2 = ("en", "en") if same_language else ("en", "ru")
    src_pars = [i // 3 for i in range(len(src))] if paragraphs else None
    tgt_pars = [j // 2 for j in range(len(tgt))] if paragraphs else None
    forward = _aligner(l1, l2, max_link).align(src, tgt, src_pars, tgt_pars)
    backward = _aligner(l2, l1, max_link).align(tgt, src, tgt_pars, src_pars)
    backward.check(max_link)
    assert (backward.n_src, backward.n_tgt) == (forward.n_tgt, forward.n_src)
    assert sorted(_mirror(backward.links)) == sorted((link.src, link.tgt, link.confidence) for link in forward.links)
    assert [link.src for link in forward.links if link.src] == sorted(link.src for link in forward.links if link.src)


# --------------------------------------------------------------------------------------------------- TEI
def _pair(src_text: str, tgt_text: str, src_lang: str, tgt_lang: str, max_link: int = 4) -> AlignedPair:
    src = segment_document(document_from_text(src_text, src_lang))
    tgt = segment_document(document_from_text(tgt_text, tgt_lang))
    aligner = _aligner(src_lang, tgt_lang, max_link)
    src_sents = [s.text for _, _, s in src.sentences()]
    tgt_sents = [s.text for _, _, s in tgt.sentences()]
    return AlignedPair(src, tgt, aligner.align(src_sents, tgt_sents), {"date": FIXED_DATE})


@ALIGN
@given(src_text=texts(), tgt_text=texts(), src_lang=LANGS, tgt_lang=LANGS)
def test_any_tei_is_valid_and_reads_back(src_text, tgt_text, src_lang, tgt_lang):
    import tei
    from lxml import etree
    from tei.validate import validate

    pair = _pair(src_text, tgt_text, src_lang, tgt_lang)
    with tempfile.TemporaryDirectory() as folder:
        first = Path(folder) / "a.tei.xml"
        tei.write(first, pair)
        etree.parse(str(first), etree.XMLParser(resolve_entities=False, no_network=True))   # well-formed
        fmt, problems = validate(first)
        assert fmt == "TEI" and problems == [], problems[:5]
        back = tei.read(first)
        second = Path(folder) / "b.tei.xml"
        tei.write(second, back)
        assert second.read_bytes() == first.read_bytes()
    assert [s.text for _, _, s in back.src.sentences()] == [s.text for _, _, s in pair.src.sentences()]
    assert [s.text for _, _, s in back.tgt.sentences()] == [s.text for _, _, s in pair.tgt.sentences()]
    assert [(link.src, link.tgt) for link in back.alignment.links] == \
        [(link.src, link.tgt) for link in pair.alignment.links]


# ------------------------------------------------------------------------------------------- determinism
def _run(args: list[str], seed: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONHASHSEED=seed, SOURCE_DATE_EPOCH="1764411300")
    return subprocess.run([sys.executable, "-m", "bitext.cli", *args], capture_output=True, timeout=300, cwd=cwd,
                          env=env)


def test_same_input_gives_identical_bytes(tmp_path):
    """segment (lines, jsonl), align (links, jsonl, tei), export tmx: twice, under different hash seeds."""
    import random

    rng = random.Random(20261129)
    en = (ROOT / "seeds" / "sino-russian-entente.en.txt").read_text(encoding="utf-8")
    ru = (ROOT / "seeds" / "sino-russian-entente.ru.txt").read_text(encoding="utf-8")
    printable = [t for t in TRIGGERS if t.isprintable() or t in "\n\t"]   # a file with \x85 is refused
    odd = " ".join(rng.choice(SEED_SENTENCES) + rng.choice(printable) for _ in range(40))
    (tmp_path / "en.txt").write_text(en, encoding="utf-8")
    (tmp_path / "ru.txt").write_text(ru, encoding="utf-8")
    (tmp_path / "odd.txt").write_text(odd, encoding="utf-8")
    outputs: dict[str, list[bytes]] = {}
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        out.mkdir()
        commands = {
            "segment-lines": ["segment", "en.txt", "-o", f"{out}/s.txt"],
            "segment-jsonl": ["segment", "odd.txt", "--format", "jsonl", "--all", "-o", f"{out}/s.jsonl"],
            "align-links": ["align", "en.txt", "ru.txt", "--encoder", "none", "--format", "links", "-o",
                            f"{out}/a.links", "-q"],
            "align-jsonl": ["align", "en.txt", "odd.txt", "--encoder", "none", "--format", "jsonl", "-o",
                            f"{out}/a.jsonl", "-q"],
            # The TEI header records the exact command, so "the same options" includes the same output path.
            "align-tei": ["align", "en.txt", "ru.txt", "--encoder", "none", "--format", "tei", "-o",
                          "a.tei.xml", "-q"],
            "export-tmx": ["export", "a.tei.xml", "--format", "tmx", "-o", f"{out}/a.tmx"],
        }
        for name, args in commands.items():
            proc = _run(args, seed, tmp_path)
            assert proc.returncode == 0, (name, proc.stderr.decode()[-2000:])
            outputs.setdefault(name, []).append((tmp_path / args[args.index("-o") + 1]).read_bytes())
    for name, (first, second) in outputs.items():
        assert first, name
        assert first == second, f"{name}: output differs between two runs"


def test_align_tei_honours_source_date_epoch(tmp_path):
    en, ru = ROOT / "tests" / "data" / "seed" / "sentences_en.txt", ROOT / "tests" / "data" / "seed" / "sentences_ru.txt"
    results = []
    for seed in ("1", "2"):
        out = tmp_path / "pair.tei.xml"   # the same command both times: the header records it
        proc = _run(["align", str(en), str(ru), "--segmented", "--encoder", "none", "--format", "tei", "-o",
                     str(out), "-q"], seed, tmp_path)
        assert proc.returncode == 0, proc.stderr
        results.append(out.read_bytes())
        time.sleep(1.1)   # a time stamp in seconds must not differ because a second passed
    assert results[0] == results[1]
