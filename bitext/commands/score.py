"""``bitext score HYP REF [REF…]``: BLEU, chrF, chrF++ and TER through sacrebleu, with its signature.

Line-parallel input gives exactly sacrebleu's numbers.  A hypothesis that is not line-parallel with the first
reference (or with ``--resegment``) is re-segmented to it first (``aligner.resegment``); with ``--document``
the texts are whole documents: the references are cut into sentences by the segmenter and the hypothesis is
re-segmented to them.  A TEI file written by bitext counts as its target side's sentences.
"""

from __future__ import annotations

import json
import os

import click

from aligner.resegment import resegment as resegment_lines
from aligner.scoring import DEFAULT_METRICS, LANG_TOKENIZERS, METRICS, bleu_tokenizer, paired_bootstrap, score
from corpus.atomic import atomic_output, check_output_path
from corpus.errors import InputError
from corpus.langid import detect

CONTEXT = {"help_option_names": ["-h", "--help"]}
DISPLAY = {"bleu": "BLEU", "chrf": "chrF2", "chrf++": "chrF2++", "ter": "TER"}


def read_segments(path: str) -> list[str]:
    """Lines of a text file (sacrebleu's reading: one segment a line, empty lines kept), or the target
    sentences of a bitext TEI file."""
    if not os.path.exists(path):
        raise InputError(path, "no such file")
    if os.path.isdir(path):
        raise InputError(path, "is a directory, expected a text file")
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if path.endswith(".xml") or b"<TEI" in head:
        import tei

        pair = tei.read(path)
        return [s.text for _, _, s in pair.tgt.sentences(body_only=True)]
    try:
        text = open(path, encoding="utf-8").read()
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 (byte {error.start})") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def document_sentences(lines: list[str], lang: str | None) -> list[str]:
    """Sentences of a whole document given as lines (paragraphs), for --document."""
    from corpus.langid import detect
    from corpus.segment import split

    text = "\n".join(lines)
    lang = lang or detect(text)
    out = []
    for line in lines:
        out.extend(line[s:e] for s, e in split(line, lang))
    return out


@click.command(context_settings=CONTEXT)
@click.argument("hyp", type=click.Path(dir_okay=False, path_type=str))
@click.argument("refs", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.option("-m", "--metrics", default=",".join(DEFAULT_METRICS), show_default=True,
              help=f"Comma-separated: {', '.join(METRICS)}.")
@click.option("--sentences", is_flag=True, help="Add sentence-level scores.")
@click.option("--bootstrap", "n_bootstrap", type=click.IntRange(0, 100_000), default=0, show_default=True,
              help="Bootstrap resamples for a 95% confidence interval (sacrebleu's; 1000 is usual; 0: none).")
@click.option("--baseline", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Another system's output: paired bootstrap test (sacrebleu's) of HYP against it, with p-values.")
@click.option("--resegment", is_flag=True, help="Re-segment the hypothesis to the reference even if the line "
                                                 "counts agree.")
@click.option("--document", is_flag=True, help="Whole documents: cut the references into sentences and "
                                                "re-segment the hypothesis to them.")
@click.option("--lang", "trg_lang", default=None, help="Target language (sacrebleu's trg_lang: zh/ja/ko choose "
                                                        "their tokenizer); also used by --document.")
@click.option("--tokenize", default=None, help="BLEU tokenizer (sacrebleu's: 13a, intl, zh, ja-mecab, char, none…).")
@click.option("--max-link", type=click.IntRange(1, 8), default=4, show_default=True,
              help="Most lines one re-segmentation link joins on one side.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write here (atomically) instead of standard output.")
def command(hyp: str, refs: tuple[str, ...], metrics: str, sentences: bool, n_bootstrap: int,
            baseline: str | None, resegment: bool,
            document: bool, trg_lang: str | None, tokenize: str | None, max_link: int, fmt: str,
            output: str | None) -> None:
    """Score the translation HYP against one or more references REF with BLEU, chrF and TER (sacrebleu).

    \b
    Example:
      bitext score system.ru ref.A.ru ref.B.ru --metrics bleu,chrf,chrf++,ter --bootstrap 1000
      bitext score whole-article.ru reference-article.ru --document --format json
    """
    names = [m.strip().lower() for m in metrics.split(",") if m.strip()]
    unknown = [m for m in names if m not in METRICS]
    if unknown or not names:
        raise InputError("--metrics", f"unknown metric {unknown[0] if unknown else '(none)'}; "
                                      f"choose from {', '.join(METRICS)}")
    if tokenize is not None:
        from sacrebleu.metrics.bleu import _TOKENIZERS
        if tokenize not in _TOKENIZERS:
            raise InputError("--tokenize", f"unknown tokenizer {tokenize!r}; sacrebleu has {', '.join(_TOKENIZERS)}")
    if output is not None:
        check_output_path(output, inputs=(hyp,) + refs + ((baseline,) if baseline else ()))
    hyp_lines = read_segments(hyp)
    ref_streams = [read_segments(r) for r in refs]
    for path, stream in zip(refs, ref_streams):
        if not any(line.strip() for line in stream):
            raise InputError(path, "the reference is empty")
    notes = []
    if trg_lang is None and tokenize is None:
        # BLEU's default tokens (13a) are words between spaces: a Chinese, Japanese or Korean target needs its own
        # tokenizer, which sacrebleu picks from the language.  Any other language keeps sacrebleu's defaults.
        found = detect(" ".join(ref_streams[0][:500]))
        if found in LANG_TOKENIZERS:
            trg_lang = found
            notes.append(f"target language {found}, as detected in the reference (--lang sets it)")
    try:
        tokenize, why = bleu_tokenizer(trg_lang, tokenize)
    except ValueError as error:
        raise InputError("--tokenize", str(error)) from None
    if why and "bleu" in names:
        notes.append(why)
    # TER's words are between spaces too: with sacrebleu's Asian support (which needs its normalisation) each Han
    # character is a word and kana runs and CJK punctuation stand apart, else a Chinese or Japanese sentence is one
    # word and TER is 0 or 100.  Korean is written with spaces: there only the normalisation applies.
    asian = {"normalized": True, "asian_support": True} if trg_lang in LANG_TOKENIZERS else {}
    if asian and "ter" in names:
        notes.append("TER with sacrebleu's Asian support and its normalisation (norm:yes|asian:yes)")
    if document:
        ref_streams = [document_sentences(s, trg_lang) for s in ref_streams]
        hyp_lines = document_sentences(hyp_lines, trg_lang)
        notes.append(f"documents cut into sentences: {len(ref_streams[0])} reference segments")
    main = ref_streams[0]
    # Further references are brought to the first one's segmentation.
    for k in range(1, len(ref_streams)):
        if len(ref_streams[k]) != len(main):
            ref_streams[k] = resegment_lines(ref_streams[k], main, max_link).segments
            notes.append(f"reference {k + 1} re-segmented to reference 1")
    info = None
    if resegment or document or len(hyp_lines) != len(main):
        if not any(line.strip() for line in hyp_lines):
            raise InputError(hyp, "the hypothesis is empty")
        done = resegment_lines(hyp_lines, main, max_link)
        hyp_lines, info = done.segments, done.summary()
        notes.append(f"hypothesis re-segmented to the reference: {info['hyp_lines']} lines -> "
                     f"{info['ref_segments']} segments, {info['merged']} lines merged, {info['split']} cuts")
    report = score(hyp_lines, ref_streams, names, sentences=sentences, n_bootstrap=n_bootstrap,
                   trg_lang=trg_lang, tokenize=tokenize, **asian)
    report.resegmentation = info
    report.notes = notes
    if baseline is not None:
        base_lines = read_segments(baseline)
        if document:
            base_lines = document_sentences(base_lines, trg_lang)
        if resegment or document or len(base_lines) != len(main):
            base_lines = resegment_lines(base_lines, main, max_link).segments
            notes.append("baseline re-segmented to the reference")
        report.paired = paired_bootstrap(hyp_lines, base_lines, ref_streams, names,
                                         n_samples=n_bootstrap if n_bootstrap > 1 else 1000,
                                         trg_lang=trg_lang, tokenize=tokenize, **asian)
    text = render_json(report, hyp, refs) if fmt == "json" else render_table(report)
    if output is None:
        click.echo(text, nl=False)
    else:
        with atomic_output(output, "w") as handle:
            handle.write(text)


def render_json(report, hyp: str, refs: tuple[str, ...]) -> str:
    # "references" is the report's count of reference streams; the files go beside it.
    data = {"hypothesis": hyp, "reference_files": list(refs), **report.to_dict()}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_table(report) -> str:
    lines = []
    for note in report.notes:
        lines.append(f"# {note}")
    for r in report.results:
        ci = f"  95% CI [{r.ci[0]:.2f}, {r.ci[1]:.2f}]" if r.ci else ""
        lines.append(f"{DISPLAY[r.name]:<8} {r.score:6.2f}{ci}  {r.signature}")
    for p in report.paired or ():
        lines.append(f"paired bootstrap {DISPLAY[p['metric']]:<8} baseline {p['baseline']:6.2f}  system "
                     f"{p['score']:6.2f}  95% CI [{p['ci95'][0]:.2f}, {p['ci95'][1]:.2f}]  p = {p['p_value']:.4f}"
                     f"  {p['signature']}")
    if any(r.sentences is not None for r in report.results):
        lines.append("")
        lines.append("segment\t" + "\t".join(DISPLAY[r.name] for r in report.results))
        for i in range(report.segments):
            lines.append(f"{i + 1}\t" + "\t".join(f"{r.sentences[i]:.2f}" for r in report.results))
    return "\n".join(lines) + "\n"
