"""corpus: documents, readers, segmentation, terminology and the corpus store.

The bottom layer of bitext: it imports nothing from ``aligner``, ``tei`` or the CLI.
"""
