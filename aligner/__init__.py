"""aligner: scoring, search and evaluation of sentence alignments. Imports ``corpus``, never ``tei``."""
