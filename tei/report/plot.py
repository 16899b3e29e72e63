"""The alignment plot: source sentences across, target sentences down, the similarity matrix as a grey
background (pooled, see ``matrix.py``), every link as a box coloured by its confidence band, paragraph starts
marked.  Two renderings of the same geometry:

- SVG, written as text: the matrix is one embedded PNG image (not 160,000 rectangles) and the links are one
  ``path`` per confidence band, so a 5,000-link book stays a few hundred kilobytes and draws fast;
- PNG, rasterised with numpy and written by ``png.py`` (no text: the SVG carries the labels).

The path is never down-sampled: each link is drawn, at least ``MIN_MARK`` pixels wide, however small its cell.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from html import escape

import numpy as np

from . import png
from .matrix import PooledMatrix
from .view import BUCKETS, ReportView, bucket

# Confidence bands, low to high: red-orange to blue (distinguishable with red-green colour blindness).
COLOURS = ("#a50026", "#d73027", "#f46d43", "#fdae61", "#e9b429", "#9ecae1", "#6baed6", "#3182bd", "#1c5ea8",
           "#08306b")
OPACITY = 0.8            # link boxes let the similarity under them show through a little
MIN_MARK = 1.6            # px: the smallest drawn link box side
MAX_PARAGRAPH_LINES = 80  # more paragraph starts than this are marked as axis ticks only
MARGIN = (34, 14, 40, 52)  # top, right, bottom, left


@dataclass(slots=True)
class Geometry:
    n_src: int
    n_tgt: int
    width: float          # plot area, px
    height: float

    @classmethod
    def fit(cls, n_src: int, n_tgt: int, size: float) -> "Geometry":
        n, m = max(n_src, 1), max(n_tgt, 1)
        scale = size / max(n, m)
        return cls(n_src, n_tgt, max(n * scale, 60.0), max(m * scale, 60.0))

    def x(self, i: float) -> float:
        return MARGIN[3] + i * self.width / max(self.n_src, 1)

    def y(self, j: float) -> float:
        return MARGIN[0] + j * self.height / max(self.n_tgt, 1)

    @property
    def total(self) -> tuple[int, int]:
        return (int(np.ceil(MARGIN[3] + self.width + MARGIN[1])), int(np.ceil(MARGIN[0] + self.height + MARGIN[2])))


def link_boxes(view: ReportView, geometry: Geometry):
    """(band, x, y, w, h) for every link: a box over its cells; a one-sided link is a thin mark on its row."""
    i = j = 0
    for row in view.rows:
        a, b = len(row.src_index), len(row.tgt_index)
        if a:
            i = row.src_index[0]
        if b:
            j = row.tgt_index[0]
        x0, x1 = geometry.x(i), geometry.x(i + a)
        y0, y1 = geometry.y(j), geometry.y(j + b)
        w, h = max(x1 - x0, MIN_MARK), max(y1 - y0, MIN_MARK)
        yield bucket(row.confidence), x0 - (w - (x1 - x0)) / 2, y0 - (h - (y1 - y0)) / 2, w, h
        i, j = i + a, j + b


def paragraph_starts(paragraph_of: list[int]) -> list[int]:
    return [k for k in range(1, len(paragraph_of)) if paragraph_of[k] != paragraph_of[k - 1]]


def grey(values: np.ndarray) -> np.ndarray:
    """Similarity → grey level, stretched between the matrix's median (white: most cells are unrelated
    sentences) and its 99.5th percentile (a mid grey: dark enough to show the ridge of matching sentences,
    light enough that every confidence colour stays visible on it).  Encoders differ in their similarity
    range, so fixed thresholds would wash one out and saturate another."""
    lo = float(np.median(values))
    hi = max(float(np.percentile(values, 99.5)), lo + 1e-6)
    t = np.clip((values - lo) / (hi - lo), 0.0, 1.0)
    return (255 - t * 150).astype(np.uint8)


def matrix_image(matrix: PooledMatrix) -> np.ndarray:
    level = grey(matrix.values.T)                       # rows = target, columns = source
    return np.repeat(level[:, :, None], 3, axis=2)


def _ticks(n: int) -> list[int]:
    if n <= 0:
        return [0]
    step = max(1, int(10 ** np.floor(np.log10(max(n / 4, 1)))))
    for factor in (1, 2, 5, 10):
        if n / (step * factor) <= 5:
            step *= factor
            break
    return list(range(0, n + 1, step))


# ---------------------------------------------------------------- SVG
def svg(view: ReportView, matrix: PooledMatrix | None = None, size: float = 520, src_label: str = "source",
        tgt_label: str = "target", element_id: str = "plot") -> str:
    n, m = len(view.src_paragraph_of), len(view.tgt_paragraph_of)
    g = Geometry.fit(n, m, size)
    width, height = g.total
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" id="{element_id}" class="alignment-plot" role="img" '
           f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" aria-labelledby="{element_id}-title" '
           f'data-area="{g.x(0):.2f} {g.y(0):.2f} {g.width:.2f} {g.height:.2f} {n} {m}">',
           f'<title id="{element_id}-title">Alignment path: {len(view.rows)} links between {n} {escape(src_label)} '
           f'and {m} {escape(tgt_label)} sentences, coloured by confidence</title>',
           f'<rect x="{g.x(0):.2f}" y="{g.y(0):.2f}" width="{g.width:.2f}" height="{g.height:.2f}" fill="#fff"/>']
    if matrix is not None and matrix.values.size:
        data = base64.b64encode(png.encode(matrix_image(matrix))).decode("ascii")
        out.append(f'<image x="{g.x(0):.2f}" y="{g.y(0):.2f}" width="{g.width:.2f}" height="{g.height:.2f}" '
                   f'preserveAspectRatio="none" style="image-rendering:pixelated" '
                   f'href="data:image/png;base64,{data}"/>')
    # paragraph starts: full lines when few, axis ticks always
    for starts, vertical in ((paragraph_starts(view.src_paragraph_of), True),
                             (paragraph_starts(view.tgt_paragraph_of), False)):
        parts = []
        full = len(starts) <= MAX_PARAGRAPH_LINES
        for k in starts:
            if vertical:
                x = g.x(k)
                parts.append(f"M{x:.2f} {g.y(0) - 5:.2f}V{(g.y(m) if full else g.y(0)):.2f}")
            else:
                y = g.y(k)
                parts.append(f"M{g.x(0) - 5:.2f} {y:.2f}H{(g.x(n) if full else g.x(0)):.2f}")
        if parts:
            out.append(f'<path class="paragraphs" d="{"".join(parts)}" stroke="#7a6f9b" stroke-width="0.6" '
                       f'stroke-dasharray="3 2" fill="none"/>')
    boxes: list[list[str]] = [[] for _ in range(BUCKETS)]
    for band, x, y, w, h in link_boxes(view, g):
        boxes[band].append(f"M{x:.2f} {y:.2f}h{w:.2f}v{h:.2f}h{-w:.2f}z")
    for band, parts in enumerate(boxes):
        if parts:
            out.append(f'<path class="links c{band}" fill="{COLOURS[band]}" fill-opacity="{OPACITY}" d="{"".join(parts)}">'
                       f'<title>confidence {band / BUCKETS:.1f}–{(band + 1) / BUCKETS:.1f}: {len(parts)} links</title>'
                       f'</path>')
    out.append(f'<rect x="{g.x(0):.2f}" y="{g.y(0):.2f}" width="{g.width:.2f}" height="{g.height:.2f}" '
               f'fill="none" stroke="#555" stroke-width="0.8"/>')
    text = 'font-family="system-ui,sans-serif" font-size="10" fill="#333"'
    for i in _ticks(n):
        out.append(f'<text x="{g.x(i):.2f}" y="{g.y(0) - 8:.2f}" text-anchor="middle" {text}>{i}</text>')
    for j in _ticks(m):
        out.append(f'<text x="{g.x(0) - 8:.2f}" y="{g.y(j) + 3:.2f}" text-anchor="end" {text}>{j}</text>')
    out.append(f'<text x="{g.x(n / 2):.2f}" y="{height - 12}" text-anchor="middle" {text}>'
               f'{escape(src_label)} sentences →</text>')
    out.append(f'<text transform="translate(12 {g.y(m / 2):.2f}) rotate(-90)" text-anchor="middle" {text}>'
               f'{escape(tgt_label)} sentences →</text>')
    out.append("</svg>")
    return "".join(out)


# ---------------------------------------------------------------- PNG
def _hex(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[k:k + 2], 16) for k in (1, 3, 5))


def raster(view: ReportView, matrix: PooledMatrix | None = None, size: float = 800) -> np.ndarray:
    n, m = len(view.src_paragraph_of), len(view.tgt_paragraph_of)
    g = Geometry.fit(n, m, size)
    width, height = g.total
    image = np.full((height, width, 3), 255, np.uint8)
    x0, y0 = int(round(g.x(0))), int(round(g.y(0)))
    x1, y1 = int(round(g.x(n))), int(round(g.y(m)))
    if matrix is not None and matrix.values.size and x1 > x0 and y1 > y0:
        cells = matrix_image(matrix)
        rows = np.minimum(((np.arange(y1 - y0) + 0.5) / (y1 - y0) * cells.shape[0]).astype(int), cells.shape[0] - 1)
        cols = np.minimum(((np.arange(x1 - x0) + 0.5) / (x1 - x0) * cells.shape[1]).astype(int), cells.shape[1] - 1)
        image[y0:y1, x0:x1] = cells[rows][:, cols]
    mark = np.array(_hex("#7a6f9b"), np.uint8)
    src_starts, tgt_starts = paragraph_starts(view.src_paragraph_of), paragraph_starts(view.tgt_paragraph_of)
    for k in src_starts:
        image[y0 - 5:(y1 if len(src_starts) <= MAX_PARAGRAPH_LINES else y0):2, int(round(g.x(k)))] = mark
    for k in tgt_starts:
        image[int(round(g.y(k))), x0 - 5:(x1 if len(tgt_starts) <= MAX_PARAGRAPH_LINES else x0):2] = mark
    colours = [np.array(_hex(c), np.uint8) for c in COLOURS]
    for band, x, y, w, h in link_boxes(view, g):
        box = image[int(y):int(np.ceil(y + h)), int(x):int(np.ceil(x + w))]
        box[...] = (OPACITY * colours[band] + (1 - OPACITY) * box).astype(np.uint8)
    frame = np.array(_hex("#555555"), np.uint8)
    image[y0, x0:x1 + 1] = image[y1, x0:x1 + 1] = frame
    image[y0:y1 + 1, x0] = image[y0:y1 + 1, x1] = frame
    return image


def png_bytes(view: ReportView, matrix: PooledMatrix | None = None, size: float = 800) -> bytes:
    return png.encode(raster(view, matrix, size))
