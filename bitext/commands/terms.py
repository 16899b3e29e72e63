"""``bitext terms``: glossaries in and out, term marking, terminology checks and term extraction.

\b
  bitext terms export GLOSSARY --format tbx3|tbx2|csv [-o OUT]
  bitext terms mark FILE [--glossary G] [--lang ru] [--format tsv|jsonl]
  bitext terms check (PAIR.tei.xml | SRC_SENTENCES TGT_SENTENCES --links LINKS) [--glossary G] [--format table|json]
  bitext terms extract (PAIR.tei.xml | SRC_SENTENCES TGT_SENTENCES --links LINKS) [--format csv|tbx3|tbx2]

The aligned input is a TEI file written by bitext, or two sentence files (one sentence a line, blank lines
between paragraphs allowed) with a links file, one link a line, ``<src indices>\\t<tgt indices>`` (0-based,
comma-separated), as gold.tsv.  Without --glossary the
starter glossary shipped with bitext is used (English–Russian, international relations and military).
"""

from __future__ import annotations

import json
import os
import shutil
import textwrap

import click

from corpus.atomic import atomic_output, check_output_path
from corpus.errors import InputError
from corpus.terminology import FORMATS, STARTER_GLOSSARY, load_glossary, render_glossary

from .segment import check_lang

CONTEXT = {"help_option_names": ["-h", "--help"]}


def _output_option(func):
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
                        help="Write here (atomically) instead of standard output.")(func)


def _glossary_option(func):
    return click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=str),
                        default=None, help="Glossary: CSV/TSV or TBX v2/v3 (default: the starter glossary).")(func)


def _emit(data: str | bytes, output: str | None) -> None:
    if output is None:
        click.echo(data, nl=False)      # bytes go to the binary stream as they are
        return
    with atomic_output(output, "wb" if isinstance(data, bytes) else "w") as handle:
        handle.write(data)


def _glossary(path: str | None):
    return load_glossary(path if path is not None else STARTER_GLOSSARY)


@click.group(context_settings=CONTEXT)
def command() -> None:
    """Glossaries (CSV, TBX v2/v3), term marking, terminology checks, term extraction."""


@command.command("export", context_settings=CONTEXT)
@click.argument("glossary", type=click.Path(dir_okay=False, path_type=str))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="tbx3", show_default=True,
              help="tbx3: TBX v3 TBX-Basic (DCA); tbx2: TBX v2 martif (OmegaT, translate-toolkit); csv.")
@_output_option
def export(glossary: str, fmt: str, output: str | None) -> None:
    """Read GLOSSARY (CSV/TSV or TBX) and write it as TBX v3, TBX v2 or CSV.

    \b
    Example:
      bitext terms export corpus/terminology/data/geopolitics.en-ru.csv --format tbx2 -o terms.tbx
    """
    if output is not None:
        check_output_path(output, inputs=(glossary,))
    model = load_glossary(glossary)
    _emit(render_glossary(model, fmt, source=f"Exported by bitext from {os.path.basename(glossary)}"), output)


# ---- mark ---------------------------------------------------------------------------------------------------

@command.command("mark", context_settings=CONTEXT)
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@_glossary_option
@click.option("--lang", default="auto", show_default=True, callback=check_lang,
              help="Language of FILE, or auto to detect it.")
@click.option("--format", "fmt", type=click.Choice(["tsv", "jsonl"]), default="tsv", show_default=True)
@_output_option
def mark(file: str, glossary_path: str | None, lang: str, fmt: str, output: str | None) -> None:
    """List the glossary terms found in FILE, with character offsets into its decoded text.

    \b
    Example:
      bitext terms mark seeds/sino-russian-entente.ru.txt --format jsonl
    """
    from corpus.readers.encoding import decode_file
    from corpus.terminology.matcher import TermMatcher

    if output is not None:
        check_output_path(output, inputs=(file,) + ((glossary_path,) if glossary_path else ()))
    text = decode_file(file).text
    if lang == "auto":
        from corpus.langid import detect
        lang = detect(text)
    glossary = _glossary(glossary_path)
    if lang not in {l.split("-")[0] for l in glossary.languages}:
        raise InputError(file, f"language {lang!r}, but the glossary has terms in {', '.join(glossary.languages)} only")
    matches = TermMatcher(glossary, lang).find(text)
    if fmt == "tsv":
        rows = ["start\tend\tconcept_id\tstatus\tterm\tsurface\n"]
        rows += [f"{m.start}\t{m.end}\t{m.concept_id}\t{m.status}\t{m.term}\t{_one_line(text[m.start:m.end])}\n"
                 for m in matches]
    else:
        rows = [json.dumps({"start": m.start, "end": m.end, "concept_id": m.concept_id, "status": m.status,
                            "term": m.term, "surface": text[m.start:m.end]}, ensure_ascii=False) + "\n"
                for m in matches]
    _emit("".join(rows), output)


def _one_line(text: str) -> str:
    return " ".join(text.split())


# ---- aligned input ---------------------------------------------------------------------------------------------

def aligned_pairs(inputs: tuple[str, ...], links_path: str | None, src_lang: str, tgt_lang: str):
    """(source text, target text, link id) per link, and the two languages, from either an aligned TEI file
    (one input) or two one-sentence-a-line files and a links file.  Link ids are ``l1``, ``l2``, … in order."""
    if len(inputs) == 1:
        if links_path is not None:
            raise InputError("--links", "a TEI file carries its own links; give --links only with two sentence files")
        return _tei_pairs(inputs[0])
    if len(inputs) != 2:
        raise InputError(None, f"expected one aligned TEI file or two sentence files, got {len(inputs)} inputs")
    if links_path is None:
        raise InputError("--links", "two sentence files need a links file (--links gold.tsv)")
    from aligner.evaluate import read_links
    from corpus.readers import read_segmented

    src, tgt = inputs
    src_doc, tgt_doc = read_segmented(src, src_lang), read_segmented(tgt, tgt_lang)
    src_sents = [s.text for _, _, s in src_doc.sentences()]
    tgt_sents = [s.text for _, _, s in tgt_doc.sentences()]
    links = read_links(links_path)
    if not links:
        raise InputError(links_path, "no links")
    for number, (s_ids, t_ids) in enumerate(links, 1):
        for side, ids, sents, path in (("source", s_ids, src_sents, src), ("target", t_ids, tgt_sents, tgt)):
            bad = [i for i in ids if i >= len(sents)]
            if bad:
                raise InputError(links_path, f"link {number}: {side} index {bad[0]} but {path} has "
                                             f"{len(sents)} sentences")
    return _join(src_sents, tgt_sents, links), src_doc.lang, tgt_doc.lang


def _tei_pairs(path: str):
    import tei

    pair = tei.read(path)
    src_sents = [s.text for _, _, s in pair.src.sentences()]
    tgt_sents = [s.text for _, _, s in pair.tgt.sentences()]
    links = [(link.src, link.tgt) for link in pair.alignment.links]
    return _join(src_sents, tgt_sents, links), pair.src.lang, pair.tgt.lang


def _join(src_sents: list[str], tgt_sents: list[str], links) -> list[tuple[str, str, str]]:
    return [(" ".join(src_sents[i] for i in s_ids), " ".join(tgt_sents[j] for j in t_ids), f"l{number}")
            for number, (s_ids, t_ids) in enumerate(links, 1)]


def _aligned_arguments(func):
    func = click.option("--tgt-lang", default="auto", show_default=True, callback=check_lang,
                        help="Language of the target sentence file, or auto.")(func)
    func = click.option("--src-lang", default="auto", show_default=True, callback=check_lang,
                        help="Language of the source sentence file, or auto.")(func)
    func = click.option("--links", "links_path", default=None, type=click.Path(dir_okay=False, path_type=str),
                        help="With two sentence files: '<src indices>\\t<tgt indices>' a line (gold.tsv).")(func)
    return click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))(func)


# ---- check ------------------------------------------------------------------------------------------------------

@command.command("check", context_settings=CONTEXT)
@_aligned_arguments
@_glossary_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "never"]), default="never", show_default=True,
              help="Exit with status 1 when a finding of this severity (or worse) is found.")
@_output_option
def check_command(inputs: tuple[str, ...], links_path: str | None, src_lang: str, tgt_lang: str,
                  glossary_path: str | None, fmt: str, fail_on: str, output: str | None) -> None:
    """Check the terminology of an aligned translation (a TEI file, or two sentence files and --links) link
    by link: forbidden equivalents (error), missing ones
    (warning), admitted instead of preferred (note), and terms rendered in different ways across the text.

    \b
    Example:
      bitext terms check tests/data/seed/sentences_en.txt tests/data/seed/sentences_ru.txt \\
          --links tests/data/seed/gold.tsv
      bitext terms check out/pair.tei.xml --format json -o out/terms-check.json
    """
    from corpus.terminology.check import check

    if output is not None:
        check_output_path(output, inputs=inputs + tuple(p for p in (links_path, glossary_path) if p))
    glossary = _glossary(glossary_path)
    pairs, src_lang, tgt_lang = aligned_pairs(inputs, links_path, src_lang, tgt_lang)
    for lang, path in ((src_lang, inputs[0]), (tgt_lang, inputs[-1])):
        if lang not in {l.split("-")[0] for l in glossary.languages}:
            raise InputError(path, f"language {lang!r}, but the glossary has terms in "
                                   f"{', '.join(glossary.languages)} only")
    report = check(pairs, glossary, src_lang, tgt_lang)
    text = (json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n" if fmt == "json"
            else render_table(report, src_lang, tgt_lang))
    _emit(text, output)
    worst = {"error": ("error",), "warning": ("error", "warning"), "never": ()}[fail_on]
    if any(report.count(s) for s in worst):
        raise SystemExit(1)


def render_table(report, src_lang: str, tgt_lang: str) -> str:
    width = max(60, min(shutil.get_terminal_size((100, 20)).columns, 140))
    lines = []
    rank = {"error": 0, "warning": 1, "note": 2}
    for f in sorted(report.findings, key=lambda f: rank[f.severity]):   # stable: link order within a severity
        where = f.link_id or "document"
        lines.append(f"{f.severity.upper():8} {where:9} {f.concept_id:28} {f.kind}")
        for label, text in (("", f.message), (f"{src_lang}: ", f.source_text), (f"{tgt_lang}: ", f.target_text)):
            if text is not None:
                lines += textwrap.wrap(label + text, width=width, initial_indent=" " * 9,
                                       subsequent_indent=" " * (9 + len(label)))
        lines.append("")
    lines.append(f"{report.links_checked} links, {report.source_occurrences} source term occurrences: "
                 f"{report.count('error')} errors, {report.count('warning')} warnings, {report.count('note')} notes")
    return "\n".join(lines) + "\n"


# ---- extract ----------------------------------------------------------------------------------------------------

@command.command("extract", context_settings=CONTEXT)
@_aligned_arguments
@click.option("--format", "fmt", type=click.Choice(["csv", "tbx3", "tbx2"]), default="csv", show_default=True)
@click.option("--top", default=50, show_default=True, type=click.IntRange(1, None), help="How many candidates.")
@click.option("--min-frequency", default=2, show_default=True, type=click.IntRange(1, None),
              help="Leave out candidates seen fewer times (1 lists every noun phrase).")
@_output_option
def extract_command(inputs: tuple[str, ...], links_path: str | None, src_lang: str, tgt_lang: str,
                    fmt: str, top: int, min_frequency: int, output: str | None) -> None:
    """Propose glossary entries: English multi-word terms ranked by C-value and specificity, each with its
    likeliest Russian equivalent in the aligned sentences (CSV or TBX, ready to edit).

    \b
    Example:
      bitext terms extract tests/data/seed/sentences_en.txt tests/data/seed/sentences_ru.txt \\
          --links tests/data/seed/gold.tsv --top 20
    """
    from corpus.terminology.extract import candidates_to_glossary, candidates_to_csv, extract_terms

    if output is not None:
        check_output_path(output, inputs=inputs + ((links_path,) if links_path else ()))
    pairs, src_lang, tgt_lang = aligned_pairs(inputs, links_path, src_lang, tgt_lang)
    if src_lang.split("-")[0] != "en":
        raise InputError(inputs[0], f"term extraction reads English sources; this one is {src_lang!r}")
    candidates = extract_terms(pairs, src_lang, tgt_lang, top=top, min_frequency=min_frequency)
    if fmt == "csv":
        _emit(candidates_to_csv(candidates, src_lang, tgt_lang), output)
    else:
        _emit(render_glossary(candidates_to_glossary(candidates, src_lang, tgt_lang), fmt,
                              source=f"Term candidates extracted by bitext from {os.path.basename(inputs[0])}"),
              output)
