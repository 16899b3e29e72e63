"""``bitext apply-corrections PAIR.tei.xml corrections.json --reviewer NAME``: write the corrections saved from
``bitext report`` into the TEI — corrected links get ``@resp`` = the reviewer, the change is recorded in
``revisionDesc``.  ``--realign`` then re-aligns the gaps between the reviewer-fixed links (links marked wrong
are free again), keeping every corrected link as it is.  See ``tei.corrections``."""

from __future__ import annotations

import click

from aligner.encoders import ENCODERS
from corpus.atomic import check_output_path


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("tei_file", type=click.Path(dir_okay=False))
@click.argument("corrections", type=click.Path(dir_okay=False))
@click.option("--reviewer", required=True, help="Who made the corrections (recorded as @resp and in revisionDesc).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the corrected TEI here instead.")
@click.option("--date", default=None, help="ISO 8601 time of the review (default: SOURCE_DATE_EPOCH or now).")
@click.option("--realign", is_flag=True, help="Re-align the gaps between fixed (person-made) links.")
@click.option("--encoder", type=click.Choice(ENCODERS), default="auto", show_default=True,
              help="Sentence encoder for --realign.")
def command(tei_file, corrections, reviewer, output, date, realign, encoder):
    """Apply CORRECTIONS (JSON saved from the HTML report) to TEI_FILE.

    \b
    Example:
      bitext report pair.tei.xml -o pair.html        # … mark, merge, split, save …
      bitext apply-corrections pair.tei.xml pair.corrections.json --reviewer "Anna Ivanova"
    """
    from tei import corrections as corr, reader, writer
    from tei.metadata import timestamp

    if not reviewer.strip() or reviewer.strip() == "bitext":
        raise click.BadParameter("name a person (not empty, not 'bitext')", param_hint="--reviewer")
    target = output or tei_file
    check_output_path(target, (corrections,) if output is None else (corrections, tei_file))
    data = corr.load(corrections)
    pair = reader.read(tei_file)
    updated, summary = corr.apply(pair, data, reviewer.strip(), timestamp(date), corrections)
    if realign:
        from aligner.align import Aligner
        aligner = Aligner(pair.src.lang, pair.tgt.lang, encoder=encoder)
        fixed = corr.fixed_links(updated)
        updated = corr.realign_pair(updated, fixed, aligner.align_gap)
    writer.write(target, updated)
    done = ", ".join(f"{n} {op}" for op, n in summary.items() if n) or "no corrections"
    click.echo(f"{corrections}: {done}" + (" (gaps re-aligned)" if realign else "") + f"; wrote {target}", err=True)
