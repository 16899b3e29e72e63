"""``bitext validate FILE…``: check TEI, TMX, TBX and XLIFF files the way bitext writes them.

One line per problem (``FILE:LINE: FORMAT: message``) on standard output; exit 0 if every file is valid,
1 if any is invalid, 2 if any cannot be read or is not one of these formats.  No Java, no saxon: TEI is
checked against bitext's own RELAX NG and cross-reference rules (``tei.validate``).
"""

from __future__ import annotations

import click

from corpus.errors import InputError


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", "-q", is_flag=True, help="Print problems only, not a line per valid file.")
def command(files, quiet):
    """Validate TEI, TMX, TBX (v3 or v2) and XLIFF 2 FILES.

    \b
    Example:
      bitext validate out/pair.tei.xml out/pair.tmx
    """
    from tei.validate import validate

    code = 0
    for path in files:
        try:
            fmt, problems = validate(path)
        except InputError as error:
            click.echo(f"bitext: {error.line()}", err=True)
            code = 2
            continue
        for line, message in problems:
            click.echo(f"{path}:{line}: {fmt}: {message}")
        if problems:
            code = max(code, 1)
        elif not quiet:
            click.echo(f"{path}: valid {fmt}")
    raise SystemExit(code)
