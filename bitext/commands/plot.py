"""``bitext plot (PAIR.tei.xml | SRC TGT) -o plot.svg|plot.png``: the alignment path over the sentence
similarity matrix, coloured by confidence, paragraph starts marked (see ``tei.report.plot``)."""

from __future__ import annotations

import click

from corpus.atomic import check_output_path, write_atomic

from .report import input_options, load_pair, pooled_matrix


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="plot.svg or plot.png (the suffix chooses the format).")
@click.option("--size", type=click.IntRange(100, 4000), default=None,
              help="Longest side of the plot area in pixels [default: 560 for SVG, 800 for PNG].")
@input_options
def command(inputs, output, size, src_lang, tgt_lang, segmented, encoder, keep, no_matrix, quiet):
    """Plot the alignment of a pair as SVG or PNG.

    \b
    Examples:
      bitext plot out/pair.tei.xml -o out/pair.svg
      bitext plot seeds/sino-russian-entente.en.txt seeds/sino-russian-entente.ru.txt -o out/pair.png
    """
    from tei.report import plot_png, plot_svg

    suffix = output.rsplit(".", 1)[-1].lower() if "." in output else ""
    if suffix not in ("svg", "png"):
        raise click.BadParameter("the output must end in .svg or .png", param_hint="-o")
    warn = None if quiet else (lambda message: click.echo(f"bitext: warning: {message}", err=True))
    check_output_path(output, tuple(inputs) + ((keep,) if keep else ()))
    pair = load_pair(inputs, src_lang, tgt_lang, segmented, encoder, keep, warn)
    matrix = pooled_matrix(pair, encoder, no_matrix, warn)
    if suffix == "svg":
        write_atomic(output, plot_svg(pair, matrix, size or 560))
    else:
        write_atomic(output, plot_png(pair, matrix, size or 800))
