"""``bitext report (PAIR.tei.xml | SRC TGT) -o report.html``: the pair side by side in one self-contained HTML
page — confidence bands, glossary terms, QA findings, summary figures and the alignment plot, with
navigation and correction tools (corrections are saved as JSON for ``bitext apply-corrections``).

With SRC TGT the texts are aligned first; ``--keep PAIR.tei.xml`` keeps that TEI's corrected links (``@resp``
a person) fixed and re-aligns only the gaps between them.
"""

from __future__ import annotations

import os
from pathlib import PurePath

import click

from aligner.encoders import ENCODERS
from corpus.atomic import check_output_path, write_atomic


def input_options(func):
    """Options shared by report and plot for the SRC TGT form."""
    for option in reversed((
        click.option("--src-lang", default="auto", show_default=True, help="ISO code of SRC (with SRC TGT)."),
        click.option("--tgt-lang", default="auto", show_default=True, help="ISO code of TGT (with SRC TGT)."),
        click.option("--segmented", is_flag=True, help="SRC/TGT hold one sentence a line."),
        click.option("--encoder", type=click.Choice(ENCODERS), default="auto", show_default=True,
                     help="Sentence encoder for aligning SRC TGT and for the similarity matrix."),
        click.option("--keep", "keep", type=click.Path(dir_okay=False), default=None,
                     help="With SRC TGT: a TEI of the same texts whose corrected links stay fixed."),
        click.option("--no-matrix", is_flag=True, help="Plot the path on a blank background (no encoder run)."),
        click.option("--quiet", "-q", is_flag=True, help="No warnings on stderr."),
    )):
        func = option(func)
    return func


def load_pair(inputs: tuple[str, ...], src_lang="auto", tgt_lang="auto", segmented=False, encoder="auto",
              keep: str | None = None, warn=None):
    """A TEI file read back, or two texts aligned (around the fixed links of *keep*)."""
    import tei
    if len(inputs) == 1:
        if keep:
            raise click.UsageError("--keep goes with SRC TGT (a TEI file is already aligned)")
        return tei.read(inputs[0])
    if len(inputs) != 2:
        raise click.UsageError("give one TEI file or two texts (SRC TGT)")
    from aligner.align import Aligner
    from aligner.pipeline import align_documents, load_document
    from tei.corrections import realign_keeping

    src = load_document(inputs[0], src_lang, segmented)
    tgt = load_document(inputs[1], tgt_lang, segmented)
    aligner = Aligner(src.lang, tgt.lang, encoder=encoder)
    command = "bitext report " + " ".join(inputs)
    if keep:
        pair = realign_keeping(src, tgt, tei.read(keep), aligner, {"command": command}, path=keep)
    else:
        pair = align_documents(src, tgt, aligner=aligner, segmented=segmented, run={"command": command})
    for message in aligner.warnings:
        if warn:
            warn(message)
    return pair


def pooled_matrix(pair, encoder: str, no_matrix: bool, warn):
    if no_matrix:
        return None
    from tei.report import similarity
    matrix, why = similarity(pair, encoder)
    if matrix is None and warn:
        warn(f"no similarity matrix: {why}")
    return matrix


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="The HTML file to write.")
@click.option("--glossary", type=click.Path(dir_okay=False), default=None,
              help="Mark this glossary's terms (CSV/TSV/TBX); default: the TEI's own terms, else the starter "
                   "glossary.")
@click.option("--no-terms", is_flag=True, help="Do not mark terms or run the terminology check.")
@click.option("--low", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Links below this confidence count as low-confidence.")
@click.option("--no-plot", is_flag=True, help="Leave the alignment plot out of the page.")
@input_options
def command(inputs, output, glossary, no_terms, low, no_plot, src_lang, tgt_lang, segmented, encoder, keep,
            no_matrix, quiet):
    """Write a side-by-side HTML report of an aligned pair.

    \b
    Examples:
      bitext report out/pair.tei.xml -o out/pair.html
      bitext report seeds/sino-russian-entente.en.txt seeds/sino-russian-entente.ru.txt -o out/pair.html
      bitext report SRC TGT --keep out/pair.tei.xml -o out/pair.html   # corrected links stay fixed
    """
    from tei.report import render_report

    warn = None if quiet else (lambda message: click.echo(f"bitext: warning: {message}", err=True))
    check_output_path(output, tuple(inputs) + ((keep,) if keep else ()) + ((glossary,) if glossary else ()))
    pair = load_pair(inputs, src_lang, tgt_lang, segmented, encoder, keep, warn)
    terms = qa = None
    if not no_terms:
        terms, qa = terms_and_findings(pair, glossary)
    matrix = None if no_plot else pooled_matrix(pair, encoder, no_matrix, warn)
    name = PurePath(inputs[0]).name.split(".")[0] or "pair"
    page = render_report(pair, matrix=matrix, low=low, name=name, terms=terms, qa=qa, plot=not no_plot)
    write_atomic(output, page)
    if not quiet:
        click.echo(f"{output}: {len(pair.alignment.links)} links, {os.path.getsize(output):,} bytes", err=True)


def terms_and_findings(pair, glossary_path: str | None):
    """The term layer and findings to show: a given glossary's terms (and its terminology check, replacing the
    TEI's terms findings); else the TEI's own layer; else the starter glossary's terms (for the languages it
    covers), with the terminology check run only if the TEI has no terms findings of its own."""
    from corpus.terminology import STARTER_GLOSSARY, load_glossary
    from tei.qa import check_terms
    from tei.terms import annotate

    has_terms = pair.run.get("terms") is not None
    if glossary_path is None and has_terms:
        return None, None
    glossary = load_glossary(glossary_path or STARTER_GLOSSARY)
    if glossary_path is None:
        # the starter glossary is English–Russian: for other pairs it would only report missing equivalents
        covered = {lang.split("-")[0].lower() for lang in glossary.languages}
        if not {pair.src.lang.split("-")[0].lower(), pair.tgt.lang.split("-")[0].lower()} <= covered:
            return None, None
    recorded = list(pair.run.get("qa") or [])
    if any(n.check.startswith("terms-") for n in recorded) and glossary_path is None:
        return annotate(pair, glossary), recorded      # the TEI's own terminology findings (bitext check)
    findings = [n for n in recorded if not n.check.startswith("terms-")] + check_terms(pair, glossary)
    return annotate(pair, glossary), findings
