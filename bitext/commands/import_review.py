"""``bitext import-review REVIEW.xlf --tei PAIR.tei.xml --reviewer NAME``: take a reviewer's XLIFF back.

Confirmed units (state raised to reviewed/final) and sentences moved between units become links made by
the reviewer (``@resp``), recorded in the TEI's ``revisionDesc``.  The TEI is rewritten in place
(atomically) unless ``-o`` names another file.  See ``tei.review``.
"""

from __future__ import annotations

import click

from corpus.atomic import check_output_path


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("review", type=click.Path(dir_okay=False))
@click.option("--tei", "tei_file", required=True, type=click.Path(dir_okay=False),
              help="The TEI file the XLIFF was exported from.")
@click.option("--reviewer", required=True, help="Who reviewed (recorded as @resp and in revisionDesc).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the updated TEI here instead.")
@click.option("--date", default=None, help="ISO 8601 time of the review (default: SOURCE_DATE_EPOCH or now).")
def command(review, tei_file, reviewer, output, date):
    """Import the corrections in REVIEW (XLIFF 2) into the TEI file.

    \b
    Example:
      bitext export pair.tei.xml --format xliff -o pair.xlf   # … reviewer edits pair.xlf …
      bitext import-review pair.xlf --tei pair.tei.xml --reviewer "Anna Ivanova"
    """
    from tei import reader, review as reviewing, writer
    from tei.metadata import timestamp

    pair = reader.read(tei_file)
    updated, summary = reviewing.import_review(pair, review, reviewer, timestamp(date))
    target = output or tei_file
    check_output_path(target, (review,) if output is None else (review, tei_file))
    writer.write(target, updated)
    click.echo(f"{review}: {summary['confirmed']} links confirmed, {summary['changed']} changed, "
               f"{summary['kept']} kept; wrote {target}", err=True)
