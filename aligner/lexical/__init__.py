"""Lexical evidence for sentence alignment: numbers, names, punctuation, dictionary words and glossary terms
as language-neutral anchors (see ``scorer.LexicalScorer``)."""

from .scorer import CLASS_WEIGHTS, SIGNALS, LexicalScorer

__all__ = ["LexicalScorer", "SIGNALS", "CLASS_WEIGHTS"]
