"""The ``bitext`` command line: a thin Click layer over ``corpus``, ``aligner`` and ``tei``."""
