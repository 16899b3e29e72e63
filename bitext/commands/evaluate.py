"""``bitext eval GOLD PRED``: strict and lax precision, recall and F1 of predicted sentence links.

GOLD and PRED are two links files (``<src indices>\\t<tgt indices>`` a line, as gold.tsv), or two folders laid out
as ``../shared/data/alignment/<set>``: one sub-folder per document holding ``gold.tsv``; the prediction for
document D is ``PRED/D/pred.tsv``, ``PRED/D/links.tsv``, ``PRED/D/gold.tsv`` or ``PRED/D.tsv`` (first found).
Scores follow Vecalign's score.py and are micro-averaged over documents.  Where a gold document carries verse
files (``<lang>.verse`` for both languages in meta.json), predicted links inside one verse are merged first, as
Bertalign's eval_bible.py does.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from aligner.evaluate import Counts, count, merge_verses, read_links
from corpus.errors import InputError

PRED_NAMES = ("pred.tsv", "links.tsv", "gold.tsv")


def verse_files(doc: Path) -> tuple[list[str], list[str]] | None:
    meta = doc / "meta.json"
    try:
        langs = json.loads(meta.read_text(encoding="utf-8"))["langs"]
    except (OSError, ValueError, KeyError):
        return None
    files = [doc / f"{lang}.verse" for lang in langs[:2]]
    if len(files) == 2 and all(f.is_file() for f in files):
        return tuple(f.read_text(encoding="utf-8").splitlines() for f in files)  # type: ignore[return-value]
    return None


def find_prediction(pred_root: Path, name: str) -> Path | None:
    for candidate in [pred_root / name / n for n in PRED_NAMES] + [pred_root / f"{name}.tsv"]:
        if candidate.is_file():
            return candidate
    return None


def document_pairs(gold: Path, pred: Path) -> list[tuple[str, Path, Path, Path | None]]:
    """(name, gold links, predicted links, gold document folder) for every document to score."""
    if gold.is_file() and pred.is_file():
        return [(gold.parent.name or gold.name, gold, pred, gold.parent)]
    if gold.is_dir() and pred.is_dir():
        if (gold / "gold.tsv").is_file():  # one document folder each
            found = find_prediction(pred.parent, pred.name) if not any(
                (pred / n).is_file() for n in PRED_NAMES) else next(pred / n for n in PRED_NAMES if (pred / n).is_file())
            if found is None:
                raise InputError(pred, "no links file (pred.tsv, links.tsv or gold.tsv) in this folder")
            return [(gold.name, gold / "gold.tsv", found, gold)]
        pairs = []
        for doc in sorted(p for p in gold.iterdir() if (p / "gold.tsv").is_file()):
            found = find_prediction(pred, doc.name)
            if found is None:
                raise InputError(pred, f"no prediction for document {doc.name!r} "
                                       f"(looked for {doc.name}/pred.tsv, {doc.name}/links.tsv, {doc.name}.tsv)")
            pairs.append((doc.name, doc / "gold.tsv", found, doc))
        if not pairs:
            raise InputError(gold, "no document folders with gold.tsv")
        return pairs
    for path in (gold, pred):
        if not path.exists():
            raise InputError(path, "no such file or folder")
    raise InputError(pred, "GOLD and PRED must both be files or both be folders")


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("gold", type=click.Path())
@click.argument("pred", type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--no-verses", is_flag=True, help="Do not merge links within a verse even where verse files exist.")
def command(gold, pred, fmt, no_verses):
    """Score predicted links PRED against GOLD (files or folders of documents).

    \b
    Example:
      bitext eval ../shared/data/alignment/textberg_de_fr out/textberg --format json
    """
    rows = []
    total = Counts()
    for name, gold_path, pred_path, doc in document_pairs(Path(gold), Path(pred)):
        gold_links = read_links(gold_path)
        pred_links = read_links(pred_path)
        verses = None if no_verses or doc is None else verse_files(doc)
        if verses is not None:
            pred_links = merge_verses(pred_links, verses[0], verses[1])
        counts = count(gold_links, pred_links)
        total = total + counts
        rows.append((name, len(gold_links), len(pred_links), counts.scores()))
    micro = total.scores()
    if fmt == "json":
        click.echo(json.dumps({"documents": [{"document": n, "gold_links": g, "pred_links": p, **s}
                                             for n, g, p, s in rows],
                               "micro": micro}, indent=1, sort_keys=False))
        return
    header = f"{'document':<28} {'gold':>6} {'pred':>6}  {'P':>6} {'R':>6} {'F1':>6}  {'P lax':>6} {'R lax':>6} {'F1 lax':>6}"
    click.echo(header)
    click.echo("-" * len(header))

    def line(name, g, p, s):
        return (f"{name[:28]:<28} {g:>6} {p:>6}  {s['precision_strict']:6.3f} {s['recall_strict']:6.3f} "
                f"{s['f1_strict']:6.3f}  {s['precision_lax']:6.3f} {s['recall_lax']:6.3f} {s['f1_lax']:6.3f}")

    for row in rows:
        click.echo(line(*row))
    if len(rows) > 1:
        click.echo("-" * len(header))
        click.echo(line("micro-average", sum(r[1] for r in rows), sum(r[2] for r in rows), micro))
