"""Which revision of the method aligned a text: a digest of the code and data that decide the links.

The version string alone does not say it: the aligner's output changed many times under bitext 0.1.0, and a
corpus store built by an earlier revision looked current (``aligner.batch`` skips a pair whose settings
signature is unchanged).  Hashing the files themselves cannot go stale the way a hand-bumped number can; the
price is that any edit in these folders, even to a comment, makes a store rebuild its pairs — a corpus is
better rebuilt once too often than kept with links no current code would make.

The digest covers the readers, the document model and the segmenter (they decide the sentences), and the whole
aligner with its data (weights, lexical resources, the confidence model).  Installed resources outside the
project (a dictd dictionary, the encoder packages) are named by the aligner's own signature instead.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import aligner
import corpus

# (package folder, part inside it): what decides the sentences and the links.
PARTS = ((Path(corpus.__file__).parent, "readers"), (Path(corpus.__file__).parent, "segment"),
         (Path(corpus.__file__).parent, "document.py"), (Path(aligner.__file__).parent, "."))
KINDS = {".py", ".json", ".tsv", ".txt"}   # code and data; not READMEs


@lru_cache(maxsize=1)
def method_digest() -> str:
    """Twelve hex digits of SHA-256 over the files' relative paths and bytes, in path order."""
    digest = hashlib.sha256()
    for base, part in PARTS:
        top = base / part
        files = [top] if top.is_file() else sorted(p for p in top.rglob("*")
                                                   if p.is_file() and p.suffix in KINDS and "__pycache__" not in p.parts)
        for path in files:
            digest.update(f"{base.name}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()[:12]
