"""``bitext export PAIR.tei.xml --format F``: turn a TEI file bitext wrote into another format.

Formats: tei, tmx, xliff, cesalign, vertical, tsv, jsonl, html-xslt (``tei.formats``).  Without ``-o`` the
output goes to standard output (``vertical`` writes several files and needs ``-o``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click

from corpus.atomic import check_output_path
from corpus.errors import InputError

FORMAT_NAMES = ("tei", "tmx", "xliff", "cesalign", "vertical", "tsv", "jsonl", "html-xslt")


def metadata_options(function):
    """The TEI header metadata options shared by export (and usable by align): see tei.metadata."""
    for name, help_text in reversed((
        ("--title", "Title of the original (overrides its metadata)."),
        ("--author", "Author of the original."),
        ("--publisher", "Publisher of the original."),
        ("--source-url", "URL of the original."),
        ("--source-date", "Publication date of the original."),
        ("--licence", "Licence of the original."),
        ("--translation-title", "Title of the translation."),
        ("--translator", "Translator."),
        ("--translation-publisher", "Publisher of the translation."),
        ("--translation-url", "URL of the translation."),
        ("--translation-date", "Publication date of the translation."),
    )):
        function = click.option(name, default=None, help=help_text)(function)
    return function


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("tei_file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), required=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically); default stdout.")
@click.option("--unaligned", type=click.Choice(("omit", "single")), default="omit", show_default=True,
              help="TMX: leave unaligned sentences out, or write them as one-tuv units.")
@click.option("--no-chrome", is_flag=True, help="TEI/HTML: leave site chrome out of the header.")
@click.option("--date", default=None, help="ISO 8601 time stamp for the output (default: the TEI's run date).")
@click.option("--glossary", type=click.Path(dir_okay=False), default=None,
              help="TEI/HTML: mark this glossary's terms (CSV/TSV or TBX) in the sentences, list them in back, "
                   "and record the terminology check's findings as QA annotations.")
@click.option("--tbx", default=None, help="TEI: file name of the TBX glossary the entries point into (terms.tbx#ID).")
@metadata_options
def command(tei_file, fmt, output, unaligned, no_chrome, date, glossary, tbx, **meta):
    """Export the aligned pair in TEI_FILE as FORMAT.

    \b
    Example:
      bitext export out/pair.tei.xml --format tmx -o out/pair.tmx
      bitext export out/pair.tei.xml --format html-xslt -o out/pair.html
    """
    from tei import formats, reader

    pair = reader.read(tei_file)
    if glossary is not None:
        from corpus.terminology import load_glossary
        from tei.qa import check_terms
        meta["glossary"] = load_glossary(glossary)
        meta["tbx"] = tbx
        meta["qa"] = check_terms(pair, meta["glossary"])  # the terminology check's findings, per link
    name = Path(tei_file).name  # XLIFF and cesAlign name the file their ids point into
    options = {"unaligned": unaligned, "no_chrome": no_chrome, "date": date, "original": name,
               "from_doc": name, "to_doc": name, **{k: v for k, v in meta.items() if v}}
    if output is None:
        if fmt == "vertical":
            raise InputError("--format vertical", "writes several files: give -o PATH for the alignment mapping")
        buffer = io.BytesIO()
        formats.FORMATS[fmt].write_to(buffer, pair, **options)
        sys.stdout.buffer.write(buffer.getvalue())
        return
    check_output_path(output, (tei_file,))
    for path in formats.write(fmt, output, pair, **options):
        click.echo(f"wrote {path}", err=True)
