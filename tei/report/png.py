"""A minimal PNG writer (RGB, 8 bits, no interlace): the PNG container is three chunks around a zlib stream of
filtered scanlines, so numpy + zlib + struct write one in a few lines — no imaging library needed.

Measured against matplotlib for the Bible plot (400×400 matrix + 4,747 link boxes, same machine, loaded):
this writer 0.24 s and 200 kB; matplotlib 0.9–1.1 s to import plus 0.65–0.73 s to draw, 513 kB, and
~80 MB installed (matplotlib, fonttools, pillow, kiwisolver, contourpy).  The SVG carries the axis labels."""

from __future__ import annotations

import struct
import zlib

import numpy as np


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode(image: np.ndarray, level: int = 6) -> bytes:
    """PNG bytes of an (height, width, 3) uint8 array."""
    if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
        raise ValueError("expected an (h, w, 3) uint8 image")
    height, width, _ = image.shape
    # filter type 0 (None) for every scanline: a leading zero byte per row
    raw = np.concatenate([np.zeros((height, 1), np.uint8), image.reshape(height, width * 3)], axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), level)) + _chunk(b"IEND", b""))
