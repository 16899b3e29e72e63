"""Lexical anchors of a document side, cached on disk like its embeddings.

Computing anchors means lemmatising and looking up every word (about a second for 2,000 sentences, plus loading
the lemmatisers' tables); a second run over the same text (a re-run with other options, ``align --keep``,
``report``) reads them back.  The key covers everything that decides the anchors: the sentences, the language,
the scorer's signature (signals, dictionaries and their sizes, lemmatisers) and a digest of the code and data
of ``aligner/lexical`` itself, so a changed rule can never serve stale anchors.  Scorers with a glossary are
not cached (the signature names its size, not its content).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from corpus.atomic import write_atomic
from corpus.errors import InputError

from ..encoders import cache_dir as cache_root

HERE = Path(__file__).parent


def cache_dir() -> Path:
    return cache_root() / "anchors"


@lru_cache(maxsize=1)
def code_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(HERE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".txt", ".json"):
            digest.update(path.relative_to(HERE).as_posix().encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def cached_anchors(scorer, sentences: Sequence[str], lang: str, enabled: bool = True) -> list[Counter]:
    """``scorer.anchors(sentences, lang)``, read from or written to the cache."""
    if not enabled or getattr(scorer, "glossary", None) is not None or not sentences \
            or os.environ.get("BITEXT_NO_CACHE", "") not in ("", "0"):
        return scorer.anchors(list(sentences), lang)
    digest = hashlib.sha256(f"{code_digest()}\x00{scorer.describe()}\x00{lang}\x00".encode())
    for sentence in sentences:
        digest.update(sentence.encode("utf-8", "surrogatepass") + b"\x00")
    path = cache_dir() / f"{digest.hexdigest()}.json"
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, list) and len(stored) == len(sentences):
            return [Counter(dict(items)) for items in stored]
    except (OSError, ValueError, TypeError):
        pass
    anchors = scorer.anchors(list(sentences), lang)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps([sorted(counter.items()) for counter in anchors], ensure_ascii=False))
    except (OSError, ValueError, InputError):
        pass    # an unwritable cache only costs time
    return anchors
