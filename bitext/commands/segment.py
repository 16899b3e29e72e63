"""``bitext segment FILE``: read a document (plain text or HTML), find its blocks and split them into sentences.

``lines`` prints one sentence a line with a blank line between blocks (a line break inside a sentence — a
hard-wrapped paragraph — becomes a space there); ``jsonl`` prints one JSON object a sentence with its block
index, block kind and exact character offsets into the decoded input (for HTML: into the extracted text).
"""

from __future__ import annotations

import json
import re

import click

from corpus.atomic import atomic_output, check_output_path
from corpus.document import Document
from corpus.errors import InputError

LANG_CODE = re.compile(r"^(?:auto|[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)$")


def check_lang(_ctx, _param, value: str) -> str:
    if not LANG_CODE.match(value):
        raise InputError("--lang", f"{value!r} is not a language code (en, ru, de, … or auto)")
    return value


def segmented(path: str, lang: str, body_only: bool) -> Document:
    from corpus.readers import read_document
    from corpus.segment import segment_document

    doc = read_document(path, lang)
    segment_document(doc, body_only=body_only)
    doc.check()
    return doc


def render_lines(doc: Document, body_only: bool) -> str:
    groups: list[list[str]] = []
    last_block = None
    for index, _block, sentence in doc.sentences(body_only=body_only):
        if index != last_block:
            groups.append([])
            last_block = index
        groups[-1].append(" ".join(sentence.text.split("\n")))
    return "\n\n".join("\n".join(group) for group in groups) + ("\n" if groups else "")


def render_jsonl(doc: Document, body_only: bool) -> str:
    out = []
    for number, (index, block, sentence) in enumerate(doc.sentences(body_only=body_only)):
        record = {"sentence": number, "block": index, "kind": block.kind,
                  "start": sentence.start, "end": sentence.end, "text": sentence.text}
        out.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(out)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("file", type=click.Path(dir_okay=True, path_type=str))
@click.option("--lang", default="auto", show_default=True, callback=check_lang,
              help="Language of FILE (en, ru, any ISO code), or auto to detect it.")
@click.option("--format", "fmt", type=click.Choice(["lines", "jsonl"]), default="lines", show_default=True,
              help="lines: one sentence a line, blank line between blocks; jsonl: one JSON object a sentence.")
@click.option("--body-only/--all", "body_only", default=True, show_default=True,
              help="Segment only the article (title, lede, headings, paragraphs, list items), or the site "
                   "chrome too (rubric, byline, related links, appeals, navigation).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write here (atomically) instead of standard output.")
def command(file: str, lang: str, fmt: str, body_only: bool, output: str | None) -> None:
    """Split FILE (plain text or HTML; UTF-8, UTF-16 with BOM, cp1251 or koi8-r) into blocks and sentences.

    \b
    Examples:
      bitext segment seeds/sino-russian-entente.en.txt
      bitext segment seeds/sino-russian-entente.ru.txt --format jsonl --all -o ru.jsonl
    """
    if output is not None:
        check_output_path(output, inputs=(file,))
    doc = segmented(file, lang, body_only)
    text = render_lines(doc, body_only) if fmt == "lines" else render_jsonl(doc, body_only)
    if output is None:
        click.echo(text, nl=False)
    else:
        with atomic_output(output) as handle:
            handle.write(text)
