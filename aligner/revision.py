"""Which revision of the method aligned a text: a digest of the code and data that decide the links.

The version string alone does not say it: the aligner's output changed many times under bitext 0.1.0, and a
corpus store built by an earlier revision looked current (``aligner.batch`` skips a pair whose settings
signature is unchanged).  Hashing the files themselves cannot go stale the way a hand-bumped number can; the
price is that any edit in these folders, even to a comment, makes a store rebuild its pairs — a corpus is
better rebuilt once too often than kept with links no current code would make.

The digest covers what decides a stored pair: the readers, the document model and the segmenter (the
sentences), the aligner with its data (weights, lexical resources, the confidence model; not its QA checks,
which a build does not run), the terminology matcher (stored term hits) and the store's lemma keys (stored
search keys).  Installed resources outside the project (a dictd dictionary, the encoder packages) are named by
the aligner's own signature instead.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import aligner
import corpus

# (package folder, part inside it): what decides the sentences and the links.
CORPUS, ALIGNER = Path(corpus.__file__).parent, Path(aligner.__file__).parent
PARTS = ((CORPUS, "readers"), (CORPUS, "segment"), (CORPUS, "document.py"), (CORPUS, "terminology"),
         (CORPUS, "store/lemma_keys.py"), (ALIGNER, "."))
LEFT_OUT = (ALIGNER / "checks",)          # translation QA: run on output, never by a build
KINDS = {".py", ".json", ".tsv", ".txt"}   # code and data; not READMEs


@lru_cache(maxsize=1)
def method_digest() -> str:
    """Twelve hex digits of SHA-256 over the files' relative paths and bytes, in path order."""
    digest = hashlib.sha256()
    for base, part in PARTS:
        top = base / part
        files = [top] if top.is_file() else sorted(
            p for p in top.rglob("*") if p.is_file() and p.suffix in KINDS and "__pycache__" not in p.parts
            and not any(p.is_relative_to(skipped) for skipped in LEFT_OUT))
        for path in files:
            digest.update(f"{base.name}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:12]
