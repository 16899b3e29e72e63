"""The ``bitext`` command: one Click group; each sub-command lives in ``bitext/commands/<name>.py``.

Bad input (``corpus.errors.InputError``) becomes one line on stderr naming the file and the problem,
and exit code 2 — never a traceback.
"""

from __future__ import annotations

import importlib
import sys

import click

from corpus.errors import InputError
from corpus.version import __version__

# Sub-commands, in the order ``--help`` lists them: (command name, module under bitext.commands).
COMMANDS = (
    ("segment", "segment"),
    ("align", "align"),
    ("eval", "evaluate"),
    ("export", "export"),
    ("import-review", "import_review"),
    ("validate", "validate"),
    ("terms", "terms"),
    ("report", "report"),
    ("plot", "plot"),
    ("apply-corrections", "apply_corrections"),
    ("corpus", "corpus"),
    ("check", "check"),
    ("score", "score"),
)


class BitextGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as error:
            click.echo(f"bitext: {error.line()}", err=True)
            ctx.exit(2)
        except click.UsageError as error:
            # Click's own checks (a missing argument, a directory where a file is due, a bad choice) would print
            # the usage block and the error over several lines; bad input gets one line, as everywhere else.
            name = error.ctx.command_path if error.ctx else "bitext"
            click.echo(f"{name}: {error.format_message()} (see '{name} --help')", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("bitext: interrupted", err=True)
            ctx.exit(130)


@click.group(cls=BitextGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="bitext")
def cli() -> None:
    """bitext — align an article with its translation and write TEI P5, TMX, XLIFF, TSV or JSONL.

    \b
    Example:
      bitext segment seeds/sino-russian-entente.en.txt --format jsonl
      bitext align seeds/sino-russian-entente.en.txt seeds/sino-russian-entente.ru.txt -o out/pair.tsv
    """


for _name, _module in COMMANDS:
    cli.add_command(importlib.import_module(f"bitext.commands.{_module}").command, _name)


def main() -> None:
    cli(prog_name="bitext")


if __name__ == "__main__":
    sys.exit(main())
