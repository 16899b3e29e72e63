"""The review report of an aligned pair (``bitext report``) and its alignment plot (``bitext plot``).

- ``view.py``: what to show (rows, paragraphs, terms, findings, summary figures) as plain data;
- ``html.py`` + ``report.css`` + ``report.js``: one self-contained HTML page;
- ``plot.py`` (+ ``png.py``): the alignment path over the similarity matrix as SVG or PNG;
- ``matrix.py``: the similarity matrix from the aligner's sentence encoder, max-pooled to ≤ 400×400 cells.

Corrections saved from the page go back into the TEI through ``tei.corrections``.
"""

from __future__ import annotations

from aligner.model import AlignedPair

from . import html, plot, view as views
from .matrix import PooledMatrix, encoder_similarity

__all__ = ["render_report", "plot_svg", "plot_png", "similarity", "PooledMatrix"]


def similarity(pair: AlignedPair, encoder: str = "auto") -> tuple[PooledMatrix | None, str | None]:
    """The pooled similarity matrix of *pair*'s body sentences, or (None, why not)."""
    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    return encoder_similarity(src, tgt, pair.src.lang, pair.tgt.lang, encoder)


def _labels(pair: AlignedPair) -> tuple[str, str]:
    from ..languages import language_name
    return language_name(pair.src.lang) or pair.src.lang, language_name(pair.tgt.lang) or pair.tgt.lang


def render_report(pair: AlignedPair, *, matrix: PooledMatrix | None = None, low: float = 0.5,
                  name: str = "pair", terms=None, qa=None, plot: bool = True) -> str:
    """The report page as a string. *terms*/*qa* override the pair's own term layer and findings."""
    view = views.build(pair, terms, qa)
    svg = None
    if plot:
        src_label, tgt_label = _labels(pair)
        svg = plot_module.svg(view, matrix, size=340, src_label=src_label, tgt_label=tgt_label)
    return html.render(pair, view, low=low, plot_svg=svg, name=name, matrix=matrix is not None)


plot_module = plot


def plot_svg(pair: AlignedPair, matrix: PooledMatrix | None = None, size: float = 560) -> str:
    src_label, tgt_label = _labels(pair)
    return plot.svg(views.build(pair), matrix, size, src_label, tgt_label)


def plot_png(pair: AlignedPair, matrix: PooledMatrix | None = None, size: float = 800) -> bytes:
    return plot.png_bytes(views.build(pair), matrix, size)
