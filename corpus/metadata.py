"""Bibliographic metadata kept beside an input: ``X.meta.json`` next to ``X.txt`` / ``X.html``.

``Document.meta`` is a flat ``dict[str, str]``: string values are kept as they are, numbers and booleans as
their JSON spelling, and nested objects are flattened with dotted keys (``{"source": {"url": u}}`` becomes
``{"source.url": u}``); lists become their JSON text (``'["a", "b"]'``), because order and grouping matter
to whoever reads them back.  A missing file gives ``{}``; a broken one is an ``InputError``.

For HTML input the reader first records what the page says about itself under ``html.*`` keys
(``html.title``, ``html.author``, ``html.date``, ``html.published``, ``html.url``, ``html.description``);
keys from the sidecar are added on top and win on a clash.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .errors import InputError


def meta_path(path: str | os.PathLike) -> Path:
    """``dir/X.en.txt`` → ``dir/X.en.meta.json`` (the last suffix replaced)."""
    p = Path(path)
    return p.with_name((p.stem if p.suffix else p.name) + ".meta.json")


def flatten(value: object, prefix: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        flat: dict[str, str] = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(value, str):
        return {prefix: value}
    if value is None:
        return {prefix: ""}
    return {prefix: json.dumps(value, ensure_ascii=False)}


def read_meta(path: str | os.PathLike) -> dict[str, str]:
    """Metadata for the input *path*, from its ``.meta.json`` sibling if there is one."""
    mp = meta_path(path)
    if not mp.is_file():
        return {}
    try:
        data = json.loads(mp.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(mp, f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise InputError(mp, "metadata must be a JSON object")
    return flatten(data)
