"""``bitext corpus``: build and use a parallel corpus kept in one SQLite file.

\b
  bitext corpus init STORE
  bitext corpus add STORE MANIFEST.toml|FOLDER|PAIR.tei.xml [--langs en,ru]
  bitext corpus build STORE [--jobs N | --dask ADDRESS] [--encoder NAME] [--realign-tei] [--force]
  bitext corpus search STORE [QUERY] [--lemma] [--en W] [--ru W] [--side LANG=W] [--not LANG=W] [--regex]
                             [--term T [--term-missing]] [--count]
  bitext corpus stats STORE
  bitext corpus export STORE --format tei|tmx|tsv|jsonl|cesalign [--min-confidence X] -o OUT
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from corpus.atomic import check_output_path
from corpus.errors import InputError
from corpus.manifest import UNKNOWN_LANG, discover
from corpus.store import PairEntry, Store


@click.group("corpus")
def command() -> None:
    """Build a parallel corpus from many document pairs, search it as a bilingual concordance, export it."""


@command.command("init")
@click.argument("store", type=click.Path(dir_okay=False))
def init(store: str) -> None:
    """Create an empty corpus store (or bring an existing one to the current schema)."""
    parent = Path(store).parent
    if str(parent) and not parent.is_dir():
        raise InputError(store, f"folder {str(parent)!r} does not exist")
    existed = Path(store).exists()
    with Store(store, create=True, announce=_announcer(store)) as db:
        action = "upgraded" if existed and db.migrated_from else ("ready" if existed else "created")
        click.echo(f"{store}: {action} (schema {db.db.execute('PRAGMA user_version').fetchone()[0]})")


def _announcer(store: str):
    """Tell the user on stderr why opening an old store takes a while (re-indexing a big one takes minutes)."""
    return lambda message: click.echo(f"bitext: {store}: {message} (once; a large store takes a while)", err=True)


def load_tei(path: str, aligner=None):
    """A TEI file bitext wrote as an aligned pair.  Its links are kept as they are; given an *aligner*, only the
    links a person made or confirmed are kept and the gaps between them are aligned again (as ``align --keep``).
    Module-level, so the builder's worker processes and Dask tasks get it by reference."""
    from aligner.model import AlignedPair, Alignment
    from tei.corrections import fixed_links, realign_pair
    from tei.reader import read

    pair = read(path)
    if aligner is None:
        return pair
    signature = {**aligner.signature(), "seg": pair.alignment.signature.get("seg", "given")}
    base = AlignedPair(pair.src, pair.tgt, Alignment(pair.alignment.links, pair.alignment.n_src,
                                                     pair.alignment.n_tgt, signature), pair.run)
    return realign_pair(base, fixed_links(pair), aligner.align_gap)


def pair_loaders() -> dict:
    """How the build reads a pair held in one file, by kind (``corpus.manifest.pair_kind``).  The builder sits in
    the aligner layer and cannot import ``tei``; it gets the loader from here."""
    return {"tei": load_tei}


@command.command("add")
@click.argument("store", type=click.Path(dir_okay=False))
@click.argument("source", type=click.Path())
@click.option("--langs", help="SRC,TGT: which languages of a folder are source and target (default: the two "
                              "found, alphabetically).")
def add(store: str, source: str, langs: str | None) -> None:
    """Register the document pairs of a TOML manifest, of a folder (x.en.txt + x.ru.txt, en/x.html + ru/x.html,
    x.tei.xml), or one TEI file bitext wrote (an aligned pair whose links are kept as they are)."""
    pair_langs = None
    if langs:
        parts = tuple(p.strip() for p in langs.split(","))
        if len(parts) != 2 or not all(parts):
            raise InputError("--langs", f"expected SRC,TGT, got {langs!r}")
        pair_langs = parts
    found = discover(source, pair_langs)
    entries = [PairEntry(p.name, str(p.src.resolve()), str(p.tgt.resolve()), p.src_lang, p.tgt_lang, p.segmented,
                         tuple(sorted(p.meta.items()))) for p in found.pairs]
    with Store(store, announce=_announcer(store)) as db:
        new, updated = db.add_pairs(entries)
    teis = sum(1 for p in found.pairs if p.kind == "tei")
    click.echo(f"{store}: {new} pair(s) added, {updated} updated{f' ({teis} from TEI)' if teis else ''}, "
               f"{len(found.unpaired)} file(s) without a partner")
    for path, why in found.unpaired:
        click.echo(f"bitext: {path}: {why}", err=True)
    for p in found.pairs:
        if p.kind == "tei" and UNKNOWN_LANG in (p.src_lang, p.tgt_lang):
            click.echo(f"bitext: {p.src}: its languages cannot be read (is it a TEI file bitext wrote?); "
                       "`corpus build` will say what is wrong", err=True)


@command.command("build")
@click.argument("store", type=click.Path(dir_okay=False))
@click.option("--jobs", "-j", type=click.IntRange(1), default=1, show_default=True,
              help="Worker processes on this machine (one BLAS thread each).")
@click.option("--dask", "dask_address", metavar="ADDRESS", help="Run the pairs as tasks on a Dask scheduler.")
@click.option("--encoder", default="auto", show_default=True, help="Sentence encoder (as `bitext align`).")
@click.option("--max-link", type=click.IntRange(1, 8), default=4, show_default=True)
@click.option("--no-paragraphs", is_flag=True, help="Do not use paragraph boundaries as anchors.")
@click.option("--no-lexical", is_flag=True, help="Do not use lexical anchors.")
@click.option("--glossary", type=click.Path(dir_okay=False), help="A glossary (CSV, TBX) whose terms are found "
              "in every pair and stored (a changed glossary makes every pair out of date).")
@click.option("--realign-tei", is_flag=True, help="TEI pairs: keep only the links a person made or confirmed "
              "and align the gaps between them again (default: keep every link of the TEI as it is).")
@click.option("--monotone", is_flag=True, help="Keep every link in order on both sides (as `bitext align`).")
@click.option("--force", is_flag=True, help="Redo every pair, even those that are up to date.")
def build(store: str, jobs: int, dask_address: str | None, encoder: str, max_link: int, no_paragraphs: bool,
          no_lexical: bool, glossary: str | None, realign_tei: bool, monotone: bool, force: bool) -> None:
    """Read, segment and align every pair not yet built (or changed since); failures are recorded, not fatal.
    A TEI pair is loaded with its links as they are (a person's corrections included), not aligned again
    unless --realign-tei says so.

    Exit status: 0 when every pair is built, 1 when the build went through but some pairs failed (listed)."""
    from aligner.batch import BuildSettings, ProgressBar, build as run_build, plan

    if dask_address and jobs > 1:
        raise InputError("--dask", "use either --jobs or --dask, not both")
    settings = BuildSettings.with_glossary(glossary, encoder=encoder, max_link=max_link,
                                           paragraphs=not no_paragraphs, lexical=not no_lexical,
                                           realign_tei=realign_tei, monotone=monotone)
    loaders = pair_loaders()
    with Store(store, announce=_announcer(store)) as db:
        todo, _skipped = plan(db, settings, force, loaders)
        summary = run_build(db, settings, jobs=jobs, dask=dask_address, force=force, progress=ProgressBar(len(todo)),
                            loaders=loaders)
    rate = lambda n: f"{n / summary.seconds:.1f}/s" if summary.seconds > 0 else "-"  # noqa: E731
    table = [("pairs", summary.total, ""), ("built", summary.done, rate(summary.done)),
             ("skipped (up to date)", summary.skipped, ""), ("failed", len(summary.failed), ""),
             ("sentences", summary.sentences, rate(summary.sentences)), ("links", summary.links, rate(summary.links))]
    click.echo(f"{'':22}{'count':>10}  rate")
    for label, value, speed in table:
        click.echo(f"{label:22}{value:>10}  {speed}")
    click.echo(f"{'seconds':22}{summary.seconds:>10.1f}")
    for name, error in summary.failed:
        click.echo(f"failed: {name}: {error}")
    if summary.failed:
        click.echo(f"bitext: {store}: {len(summary.failed)} pair(s) failed (listed above; fix them and build again)",
                   err=True)
        sys.exit(1)


def _lang_query(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    out = []
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang.strip() or not text.strip():
            raise InputError(option, f"expected LANG=TEXT, got {value!r}")
        out.append((lang.strip(), text))
    return out


@command.command("search")
@click.argument("store", type=click.Path(dir_okay=False))
@click.argument("query", required=False)
@click.option("--in", "where", default="both", show_default=True,
              help="Where QUERY (or --regex) must match: both, src, tgt or a language code.")
@click.option("--side", "sides", multiple=True, metavar="LANG=TEXT", help="The LANG side has TEXT (repeatable).")
@click.option("--not", "nots", multiple=True, metavar="LANG=TEXT", help="The LANG side lacks TEXT (repeatable).")
@click.option("--en", "en", multiple=True, help="Shorthand for --side en=TEXT.")
@click.option("--ru", "ru", multiple=True, help="Shorthand for --side ru=TEXT.")
@click.option("--en-not", multiple=True, help="Shorthand for --not en=TEXT.")
@click.option("--ru-not", multiple=True, help="Shorthand for --not ru=TEXT.")
@click.option("--lemma", is_flag=True, help="Match lemmas: 'alliance' finds 'alliances', 'союз' finds 'союзом'.")
@click.option("--regex", "regex", is_flag=True, help="QUERY is a Python regular expression.")
@click.option("--term", help="Links where this glossary term (any stored form, either language, or its concept "
                             "id) was marked by `build --glossary`.")
@click.option("--term-missing", is_flag=True, help="With --term: the source has the term, the target lacks the "
                                                   "glossary equivalent.")
@click.option("--count", "count_only", is_flag=True, help="Print only how many links match (all of them).")
@click.option("--min-confidence", type=float)
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text", show_default=True)
def search(store, query, where, sides, nots, en, ru, en_not, ru_not, lemma, regex, term, term_missing, count_only,
           min_confidence, limit, offset, fmt) -> None:
    """A bilingual concordance over the aligned links: both sides with the match highlighted."""
    from corpus.store.search import Query, concepts, count, search as run_search

    if regex and not query:
        raise InputError("--regex", "give the regular expression as QUERY")
    q = Query(text=None if regex else query, where=where,
              sides=_lang_query(sides, "--side") + [("en", t) for t in en] + [("ru", t) for t in ru],
              nots=_lang_query(nots, "--not") + [("en", t) for t in en_not] + [("ru", t) for t in ru_not],
              lemma=lemma, regex=query if regex else None, term=term, term_missing=term_missing,
              min_confidence=min_confidence, limit=limit, offset=offset)
    with Store(store, announce=_announcer(store)) as db:
        if term is not None and not concepts(db, term):
            click.echo(f"bitext: {store}: no glossary term or concept {term!r} is marked in this corpus "
                       "(build --glossary marks them)", err=True)
        if count_only:
            click.echo(f"{count(db, q)} link(s)")
            return
        hits = run_search(db, q)
    colour = sys.stdout.isatty()
    for hit in hits:
        if fmt == "jsonl":
            click.echo(json.dumps({"doc": hit.pair, "link": f"al.l{hit.index + 1}", "id": hit.link_id,
                                   "type": hit.type, "confidence": round(hit.confidence, 4),
                                   hit.src_lang: hit.src, hit.tgt_lang: hit.tgt,
                                   "src_spans": hit.src_spans, "tgt_spans": hit.tgt_spans}, ensure_ascii=False))
            continue
        click.echo(f"{hit.pair} al.l{hit.index + 1} [{hit.type}, {hit.confidence:.2f}]")
        click.echo(f"  {hit.src_lang}: {_mark(hit.src, hit.src_spans, colour)}")
        click.echo(f"  {hit.tgt_lang}: {_mark(hit.tgt, hit.tgt_spans, colour)}")
    if fmt == "text":
        more = " (more: --offset)" if len(hits) == limit else ""
        click.echo(f"{len(hits)} link(s){more}", err=True)


def _mark(text: str, spans, colour: bool) -> str:
    """The match between ANSI reverse video on a terminal, else between ⟦ and ⟧."""
    open_, close = ("\x1b[7m", "\x1b[0m") if colour else ("⟦", "⟧")
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], open_, text[start:end], close]
        last = end
    out.append(text[last:])
    return "".join(out)


@command.command("stats")
@click.argument("store", type=click.Path(dir_okay=False))
def stats(store: str) -> None:
    """Documents, sentences, tokens, link types, confidence distribution, and pairs that stand out."""
    from corpus.store.stats import corpus_stats

    with Store(store, announce=_announcer(store)) as db:
        s = corpus_stats(db)
        failures = db.failures()
    click.echo(f"pairs: {s.pairs} registered, {s.built} built, {s.failed} failed")
    click.echo(f"{'language':10}{'documents':>10}{'sentences':>11}{'tokens':>10}")
    for lang in s.documents:
        click.echo(f"{lang:10}{s.documents[lang]:>10}{s.sentences.get(lang, 0):>11}{s.tokens.get(lang, 0):>10}")
    click.echo(f"links: {s.links}")
    for kind, n in s.link_types:
        click.echo(f"  {kind:8}{n:>9}  {100 * n / s.links:5.1f}%")
    click.echo("confidence:")
    for label, n in s.confidence:
        share = 100 * n / s.links if s.links else 0
        click.echo(f"  {label:9}{n:>9}  {share:5.1f}%  {'#' * round(share / 2)}")
    if s.terms:
        click.echo(f"glossary terms: {sum(n for _, _, n in s.terms)} occurrences of {len({c for c, _, _ in s.terms})} "
                   f"concepts; most frequent:")
        for concept, lang, n in s.terms[:10]:
            click.echo(f"  {concept:24}{lang:6}{n:>7}")
    click.echo(f"outliers: {len(s.outliers)}")
    for name, why in s.outliers:
        click.echo(f"  {name}: {why}")
    for name, error in failures:
        click.echo(f"failed: {name}: {error}")


@command.command("export")
@click.argument("store", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["tei", "tmx", "tsv", "jsonl", "cesalign"]), required=True)
@click.option("--min-confidence", type=click.FloatRange(0, 1), help="Leave out links below this confidence.")
@click.option("--date", help="Timestamp written into headers (default: the store's last build).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
def export(store: str, fmt: str, min_confidence: float | None, date: str | None, output: str) -> None:
    """Write the whole corpus as one file: a teiCorpus, one TMX, TSV, JSONL or cesAlign."""
    from tei.corpus_export import export as run_export

    check_output_path(output, (store,))
    with Store(store, announce=_announcer(store)) as db:
        count = run_export(db, fmt, output, min_confidence=min_confidence, date=date)
    click.echo(f"{output}: {count} pair(s) as {fmt}", err=True)
