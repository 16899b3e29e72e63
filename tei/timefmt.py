"""Timestamps in the shapes other formats want (TMX: ``YYYYMMDDThhmmssZ``), from the ISO 8601 run date."""

from __future__ import annotations

from datetime import datetime, timezone


def tmx_datetime(iso: str) -> str:
    """``2026-11-29T10:15:00Z`` or ``2026-11-29`` → ``20261129T101500Z`` (UTC)."""
    text = iso.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime.fromisoformat(text[:10])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
