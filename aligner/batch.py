"""Build a corpus store: read → segment → align every registered pair, in this process, in N worker processes,
or as tasks on a Dask cluster, and write each result into the store from this one place.

Resumable and incremental: a pair is skipped when the hash of its input bytes (and metadata) and the settings
signature equal those of its last successful build; everything else is (re)done.  Each pair is committed in
its own transaction, so a build killed half-way continues where it stopped.  A pair that fails (an unreadable
or empty file) is stored with its error and the build goes on.

A pair held in one file (kind ``"tei"``: a TEI file bitext wrote, see ``corpus.manifest.pair_kind``) is not
aligned: a *loader* turns the file into an aligned pair whose links are stored as they are.  This layer may not
read TEI (imports point corpus <- aligner <- tei), so the caller passes the loaders: ``build(..., loaders={"tei":
load_tei})`` (bitext.commands.corpus).  A loader must be a module-level function (it travels to worker processes
and Dask tasks by reference); the file's SHA-256 is the pair's input hash.  Only when the settings ask for it
(``realign_tei``) does the loader get an aligner, and re-align the gaps between the links a person made.

Workers get plain ``Job`` records and send back plain ``PairResult`` records (corpus.store.records), so nothing
but the store's own process touches the SQLite file.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from corpus.errors import InputError
from corpus.manifest import pair_kind
from corpus.metadata import meta_path
from corpus.store import PairResult, Store, document_record
from corpus.store.lemma_keys import lemma_line, word_key
from corpus.store.records import LinkRecord
from corpus.store.schema import VERSION as SCHEMA_VERSION
from corpus.terminology import TermMatcher, load_glossary
from corpus.version import __version__

from .align import Aligner, signature_string
from .encoders import base_lang
from .lexical.dictionary import installed_fingerprint
from .pipeline import align_documents, body_sentences, load_document
from .revision import method_digest

# Threads each numerical library may use inside one worker: the workers already fill the cores.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS",
                    "VECLIB_MAXIMUM_THREADS")


@dataclass(frozen=True)
class BuildSettings:
    """The aligner options of a build; their signature decides whether a stored pair is still current."""

    encoder: str = "auto"
    max_link: int = 4
    paragraphs: bool = True
    lexical: bool = True
    glossary: str | None = None        # a glossary (CSV/TBX) whose terms are found and stored
    glossary_sha256: str | None = None  # of its bytes: an edited glossary makes every pair out of date
    realign_tei: bool = False           # TEI pairs: re-align around a person's links instead of keeping all links
    monotone: bool = False              # no crossing links for moved sentences (Aligner.reorder off)

    @classmethod
    def with_glossary(cls, path: str | os.PathLike | None, **options) -> "BuildSettings":
        if path is None:
            return cls(**options)
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError as error:
            raise InputError(path, f"cannot read glossary: {error.strerror or error}") from None
        load_glossary(path)   # a broken glossary stops the build before any pair, not once per pair
        return cls(glossary=str(Path(path).resolve()), glossary_sha256=digest, **options)

    def signature(self, kind: str = "text", langs: tuple[str, str] | None = None) -> str:
        """The settings a pair of *kind* in the languages *langs* depends on (``realign_tei`` only concerns TEI
        pairs; the dictionaries installed for the pair only pairs that are aligned with lexical signals)."""
        glossary = f"|gl:{self.glossary_sha256[:16]}" if self.glossary_sha256 else ""
        realign = "|tei:realign" if self.realign_tei and kind == "tei" else ""
        lexical = "yes" if self.lexical else "no"
        if self.lexical and langs is not None and (kind == "text" or self.realign_tei):
            lexical += ":" + installed_fingerprint(base_lang(langs[0]) or "", base_lang(langs[1]) or "")
        return (f"bitext:{__version__}|code:{method_digest()}|store:{SCHEMA_VERSION}|enc:{self.encoder}"
                f"|max:{self.max_link}|para:{'yes' if self.paragraphs else 'no'}"
                f"|lex:{lexical}{glossary}{realign}{'|moved:no' if self.monotone else ''}")


@dataclass(frozen=True)
class Job:
    pair_id: int
    name: str
    src_path: str
    tgt_path: str
    src_lang: str
    tgt_lang: str
    segmented: bool
    input_hash: str
    settings: BuildSettings
    kind: str = "text"                  # corpus.manifest.pair_kind: "text" (two files to align) or "tei"
    loader: Callable | None = None      # for a one-file kind: a Loader (picklable: a module-level function)
    # The settings signature as plan() computed it, stored with the result: a Dask worker whose installed
    # dictionaries differ from the client's must not store one that plan() never matches (a rebuild every run).
    settings_signature: str = ""


# A one-file pair's loader: (path of the file, an Aligner or None) -> an AlignedPair (aligner.model).  Without an
# aligner the links are kept as they are; with one, the gaps between a person's links are aligned again.
Loader = Callable[[str, "Aligner | None"], object]


@dataclass
class Summary:
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    sentences: int = 0
    links: int = 0
    seconds: float = 0.0
    store_seconds: float = 0.0     # of which spent writing into the store (in this process, never in parallel)
    run_id: int | None = None


# ------------------------------------------------------------------------------------------------ hashing
def input_hash(entry) -> str:
    """SHA-256 over what a pair's result depends on besides the settings: both files' bytes, their metadata
    sidecars, the languages and the segmented flag.  A missing file hashes as missing (and then fails).
    A one-file pair (TEI) carries all of that inside: its hash is the file's own SHA-256."""
    if pair_kind(entry.src_path, entry.tgt_path) != "text":
        return file_sha256(entry.src_path)
    digest = hashlib.sha256()
    digest.update(json.dumps([entry.src_lang, entry.tgt_lang, entry.segmented], ensure_ascii=False).encode())
    for path in (Path(entry.src_path), Path(entry.tgt_path)):
        for part in (path, meta_path(path)):
            digest.update(b"\x00" + str(part.name).encode() + b"\x00")
            try:
                with open(part, "rb") as handle:
                    for chunk in iter(lambda: handle.read(1 << 20), b""):
                        digest.update(chunk)
            except OSError:
                digest.update(b"<missing>")
    return digest.hexdigest()


def file_sha256(path) -> str:
    """The SHA-256 of a file's bytes (as ``sha256sum`` prints it); of ``<missing>`` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return hashlib.sha256(b"<missing>").hexdigest()
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------------ one pair
_ALIGNERS: dict[tuple, tuple[Aligner, int]] = {}
# Aligners made by the parent before it forks its workers: each worker starts from a shallow copy (the lexical
# tables and lemmatisers are shared copy-on-write instead of being loaded again in every worker).
_TEMPLATES: dict[tuple, tuple[Aligner, int]] = {}


def _aligner(src_lang: str, tgt_lang: str, settings: BuildSettings) -> tuple[Aligner, int]:
    """One aligner per language pair and settings in each worker (the lexical tables load once), with the
    number of warnings it gave when it was made (those apply to every pair it aligns).  Per thread too: a Dask
    worker runs tasks in threads, and an aligner keeps per-run state (warnings, features)."""
    key = (src_lang, tgt_lang, settings, threading.get_ident())
    if key not in _ALIGNERS:
        template = _TEMPLATES.pop((src_lang, tgt_lang, settings), None)
        if template is not None:
            aligner = copy.copy(template[0])
            aligner.warnings = list(template[0].warnings)
            _ALIGNERS[key] = (aligner, template[1])
        else:
            _ALIGNERS[key] = _new_aligner(src_lang, tgt_lang, settings)
    return _ALIGNERS[key]


def _new_aligner(src_lang: str, tgt_lang: str, settings: BuildSettings) -> tuple[Aligner, int]:
    """The aligner a build's settings ask for, with the number of warnings it gave when it was made."""
    # the glossary whose terms a build stores also anchors its alignments, as ``bitext align --glossary`` does
    pairs = list(_glossary(settings).pairs(src_lang, tgt_lang)) if settings.glossary else None
    aligner = Aligner(src_lang, tgt_lang, encoder=settings.encoder, max_link=settings.max_link,
                      paragraphs=settings.paragraphs, lexical=settings.lexical, reorder=not settings.monotone,
                      glossary=pairs)
    return aligner, len(aligner.warnings)


def preload(jobs: list[Job]) -> None:
    """Load, in this process, what every worker would otherwise load for itself: an aligner (lexical tables)
    per language pair and the lemmatisers.  Used before forking workers."""
    for src_lang, tgt_lang, settings in sorted({(j.src_lang, j.tgt_lang, j.settings) for j in jobs
                                                if _aligns(j)}, key=str):
        _TEMPLATES[(src_lang, tgt_lang, settings)] = _new_aligner(src_lang, tgt_lang, settings)
        lemma_line("", src_lang)
        lemma_line("", tgt_lang)
        word_key(src_lang, "a")
        word_key(tgt_lang, "a")


def _aligns(job: Job) -> bool:
    return job.kind == "text" or job.settings.realign_tei


def run_job(job: Job) -> PairResult:
    """Read, segment and align one pair (or load a one-file pair as it is); any failure becomes the result's
    error (never an exception)."""
    started = time.perf_counter()
    result = PairResult(job.pair_id, job.input_hash,
                        job.settings_signature or job.settings.signature(job.kind, (job.src_lang, job.tgt_lang)))
    try:
        pair = align_texts(job, result) if job.kind == "text" else load_one_file(job, result)
        result.signature = signature_string(pair.alignment.signature)
        result.documents = [document_record(pair.src, "src"), document_record(pair.tgt, "tgt")]
        if job.settings.glossary:
            for record, document in zip(result.documents, (pair.src, pair.tgt)):
                record.terms = find_terms(document, job.settings)
        result.links = link_records(pair)
    except InputError as error:
        result.error = error.line()
    except Exception as error:  # a bug on one pair must not stop a corpus build; it is recorded in full
        result.error = f"{job.src_path}: {type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    return result


def align_texts(job: Job, result: PairResult):
    """Read both files, segment and align them; the aligner's warnings become the result's findings."""
    src = load_document(job.src_path, job.src_lang, job.segmented)
    tgt = load_document(job.tgt_path, job.tgt_lang, job.segmented)
    for path, document in ((job.src_path, src), (job.tgt_path, tgt)):
        if not body_sentences(document)[0]:
            raise InputError(path, "empty: no sentences to align")
    aligner, general = _aligner(src.lang, tgt.lang, job.settings)
    seen = len(aligner.warnings)
    pair = align_documents(src, tgt, aligner=aligner, segmented=job.segmented)
    result.findings = [("warning", w) for w in aligner.warnings[:general] + aligner.warnings[seen:]]
    del aligner.warnings[seen:]   # the cached aligner must not grow a list per pair
    return pair


def load_one_file(job: Job, result: PairResult):
    """A pair held in one file, through the loader its kind was given: its links kept as they are, or (when
    the settings say ``realign_tei``) the gaps between a person's links aligned again."""
    if job.loader is None:
        raise InputError(job.src_path, f"a {job.kind} pair, and this build was given no {job.kind} loader "
                                       "(build it with `bitext corpus build`)")
    if not job.settings.realign_tei:
        pair = job.loader(job.src_path, None)
    else:
        aligner, general = _aligner(job.src_lang, job.tgt_lang, job.settings)
        seen = len(aligner.warnings)
        try:
            pair = job.loader(job.src_path, aligner)
        finally:
            result.findings = [("warning", w) for w in aligner.warnings[:general] + aligner.warnings[seen:]]
            del aligner.warnings[seen:]
    found = (pair.src.lang, pair.tgt.lang)
    if found != (job.src_lang, job.tgt_lang):
        raise InputError(job.src_path, f"holds {found[0]}-{found[1]} but is registered as {job.src_lang}-"
                                       f"{job.tgt_lang}; register it again (`bitext corpus add`)")
    if not pair.alignment.links:
        raise InputError(job.src_path, "empty: no links")
    return pair


_MATCHERS: dict[tuple, TermMatcher] = {}


@lru_cache(maxsize=4)
def _parsed_glossary(path: str, sha256: str | None):
    """One parse per glossary file and content (an edited file has another digest, so it is read again)."""
    return load_glossary(path)


def _glossary(settings: BuildSettings):
    """The build's glossary, parsed once for its aligners (anchors) and its term matchers (stored terms)."""
    return _parsed_glossary(settings.glossary, settings.glossary_sha256)


def find_terms(document, settings: BuildSettings) -> list[tuple[int, int, int, str, str, str]]:
    """Glossary terms in the body sentences: (body index, start, end, concept, term, status), document offsets."""
    key = (settings.glossary, settings.glossary_sha256, document.lang)
    if key not in _MATCHERS:
        _MATCHERS[key] = TermMatcher(_glossary(settings), document.lang)
    matcher = _MATCHERS[key]
    found = []
    for body_idx, (_b, _block, sentence) in enumerate(document.sentences(body_only=True)):
        for match in matcher.find(sentence.text):
            found.append((body_idx, sentence.start + match.start, sentence.start + match.end, match.concept_id,
                          match.term, match.status))
    return found


def link_records(pair) -> list[LinkRecord]:
    src_texts, _ = body_sentences(pair.src)
    tgt_texts, _ = body_sentences(pair.tgt)
    records = []
    for idx, link in enumerate(pair.alignment.links):
        src_text = " ".join(src_texts[i] for i in link.src)
        tgt_text = " ".join(tgt_texts[j] for j in link.tgt)
        records.append(LinkRecord(idx, link.src, link.tgt, float(link.confidence), float(link.cost), link.resp,
                                  src_text, tgt_text, lemma_line(src_text, pair.src.lang),
                                  lemma_line(tgt_text, pair.tgt.lang)))
    return records


# ------------------------------------------------------------------------------------------------ runners
def _limit_threads() -> None:
    """In each worker: one thread per numerical library (the workers already fill the cores).  A forked worker
    inherits libraries already loaded with the parent's thread count, so the environment alone is not enough."""
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits
    threadpool_limits(1)


def run_local(jobs: Iterable[Job]) -> Iterator[PairResult]:
    for job in jobs:
        yield run_job(job)


def run_processes(jobs: list[Job], workers: int) -> Iterator[PairResult]:
    """N worker processes, one BLAS thread each; at most 2N jobs in flight, so memory stays flat.  Where the
    platform forks, the workers are forked after ``preload`` and share its tables; elsewhere they are spawned
    and each loads its own."""
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods else "spawn"
    if method == "fork":
        preload(jobs)
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update({name: "1" for name in THREAD_VARIABLES})   # inherited by spawned workers
    try:
        executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                                       initializer=_limit_threads)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    with executor:
        try:
            yield from _bounded(executor.submit, jobs, 2 * workers, _wait_local)
        except BaseException:
            executor.shutdown(wait=False, cancel_futures=True)
            raise
        finally:
            _TEMPLATES.clear()


def _wait_local(pending):
    done, _ = wait(pending, return_when=FIRST_COMPLETED)
    return done


def _bounded(submit: Callable, jobs: Iterable[Job], window: int, wait_some: Callable) -> Iterator[PairResult]:
    pending = set()
    iterator = iter(jobs)
    exhausted = False
    while True:
        while not exhausted and len(pending) < window:
            try:
                pending.add(submit(run_job, next(iterator)))
            except StopIteration:
                exhausted = True
        if not pending:
            return
        for future in wait_some(pending):
            pending.discard(future)
            yield future.result()


def run_dask(jobs: Iterable[Job], address) -> Iterator[PairResult]:
    """The same per-pair work as tasks on a Dask distributed cluster (a scheduler address, or a Client)."""
    try:
        from distributed import Client, wait as dask_wait
    except ImportError:
        raise InputError("--dask", 'needs Dask distributed: pip install "dask[distributed]"') from None
    own = not isinstance(address, Client)
    try:
        client = Client(address, timeout="20s") if own else address
    except (OSError, TimeoutError) as error:
        raise InputError("--dask", f"cannot reach the scheduler at {address}: {error}") from None
    try:
        window = 2 * max(1, sum(client.nthreads().values()))

        def wait_some(pending):
            done = dask_wait(list(pending), return_when="FIRST_COMPLETED").done
            return done

        yield from _bounded(lambda fn, job: client.submit(fn, job, pure=False, key=f"bitext-pair-{job.pair_id}-"
                                                          f"{job.input_hash[:12]}-{time.monotonic_ns()}"),
                            jobs, window, wait_some)
    finally:
        if own:
            client.close()


# ------------------------------------------------------------------------------------------------ the build
def plan(store: Store, settings: BuildSettings, force: bool = False,
         loaders: dict[str, Loader] | None = None) -> tuple[list[Job], int]:
    """The jobs still to do, and how many pairs are current and skipped.  *loaders*: kind -> loader for the
    pairs held in one file (a kind without one fails with a one-line error)."""
    state = store.state()
    jobs, skipped = [], 0
    signatures: dict[tuple[str, str, str], str] = {}   # one look at the installed dictionaries per language pair
    for entry in store.pairs():
        digest = input_hash(entry)
        kind = pair_kind(entry.src_path, entry.tgt_path)
        key = (kind, entry.src_lang, entry.tgt_lang)
        if key not in signatures:
            signatures[key] = settings.signature(kind, key[1:])
        if not force and state.get(entry.id) == (digest, signatures[key], "ok"):
            skipped += 1
            continue
        jobs.append(Job(entry.id, entry.name, entry.src_path, entry.tgt_path, entry.src_lang, entry.tgt_lang,
                        entry.segmented, digest, settings, kind, (loaders or {}).get(kind), signatures[key]))
    return jobs, skipped


def build(store: Store, settings: BuildSettings, *, jobs: int = 1, dask=None, force: bool = False,
          progress: Callable[[PairResult, Summary], None] | None = None, now: Callable[[], str] | None = None,
          loaders: dict[str, Loader] | None = None) -> Summary:
    todo, skipped = plan(store, settings, force, loaders)
    summary = Summary(total=len(todo) + skipped, skipped=skipped)
    stamp = now or _utc_now
    where = str(jobs) if dask is None else (f"dask:{dask}" if isinstance(dask, str) else "dask")
    summary.run_id = store.start_run(settings.signature(), asdict(settings), stamp(), where)
    started = time.perf_counter()
    if dask is not None:
        results = run_dask(todo, dask)
    elif jobs > 1 and len(todo) > 1:
        results = run_processes(todo, jobs)
    else:
        results = run_local(todo)
    names = {job.pair_id: job.name for job in todo}
    try:
        for result in results:
            writing = time.perf_counter()
            store.write_result(result, summary.run_id)
            summary.store_seconds += time.perf_counter() - writing
            if result.ok:
                summary.done += 1
                summary.sentences += result.n_sentences
                summary.links += len(result.links)
            else:
                summary.failed.append((names[result.pair_id], result.error or "failed"))
            summary.seconds = time.perf_counter() - started
            if progress:
                progress(result, summary)
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_run(summary.run_id, stamp(), summary.done, summary.skipped, len(summary.failed))
    summary.failed.sort()
    return summary


def _utc_now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class ProgressBar:
    """One line on stderr, redrawn after each pair: pairs, documents/s, sentences/s, links/s and an ETA.
    Drawn only when stderr is a terminal (logs and pipes get the summary alone)."""

    def __init__(self, todo: int, stream=None):
        self.stream = stream or sys.stderr
        self.todo = todo
        self.enabled = todo > 0 and self.stream.isatty()
        self.count = 0

    def __call__(self, result: PairResult, summary: Summary) -> None:
        self.count += 1
        if not self.enabled:
            return
        elapsed = max(summary.seconds, 1e-6)
        rate = self.count / elapsed
        eta = (self.todo - self.count) / rate if rate else 0
        width = 24
        filled = int(width * self.count / self.todo)
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.todo} pairs  "
                f"{2 * summary.done / elapsed:.1f} docs/s  {summary.sentences / elapsed:.0f} sent/s  "
                f"{summary.links / elapsed:.0f} links/s  ETA {int(eta // 60)}:{int(eta % 60):02d}  "
                f"failed {len(summary.failed)}")
        self.stream.write(line)
        if self.count == self.todo:
            self.stream.write("\n")
        self.stream.flush()
