"""Translation-check findings in the TEI: ``standOff/listAnnotation[@type="qa"]/annotation``, each pointing at
the link it is about (or at both texts, for a finding about the whole document), naming the check in its
``respStmt`` and carrying the message in a ``note`` whose ``@type`` is the severity.

Writers take them as the ``qa`` option (a list of :class:`QaNote`); ``tei.reader`` reads them back into
``pair.run["qa"]``.  :func:`from_terminology` turns a ``corpus.terminology`` check report into notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aligner.model import AlignedPair

from .ids import link_ids

SEVERITIES = ("error", "warning", "note")
CHECK_PREFIX = "QA check "


@dataclass(frozen=True, slots=True)
class QaNote:
    link_id: str | None     # a TEI link id ("al.l3", "al.u1"), or None for the whole document
    check: str              # what found it: "terms-forbidden", "terms-missing", …
    severity: str           # error, warning or note
    message: str


def from_terminology(report, pair: AlignedPair) -> list[QaNote]:
    """Notes from a ``corpus.terminology.CheckReport`` made over *pair*'s links in order, the n-th link
    being named ``l<n>`` (as ``bitext terms check`` names them)."""
    ids = list(link_ids(pair.alignment.links))
    notes = []
    for finding in report.findings:
        link_id = None
        match = re.fullmatch(r"l(\d+)", finding.link_id or "")
        if match and 0 < int(match.group(1)) <= len(ids):
            link_id = ids[int(match.group(1)) - 1]
        notes.append(QaNote(link_id, f"terms-{finding.kind}", finding.severity, finding.message))
    return notes


def check_terms(pair: AlignedPair, glossary) -> list[QaNote]:
    """Run the terminology check (``corpus.terminology``) over *pair*'s links and return its findings as notes."""
    from corpus.terminology import check_terminology

    src = [s.text for _, _, s in pair.src.sentences()]
    tgt = [s.text for _, _, s in pair.tgt.sentences()]
    texts = [(" ".join(src[i] for i in link.src), " ".join(tgt[j] for j in link.tgt), f"l{n}")
             for n, link in enumerate(pair.alignment.links, 1)]
    return from_terminology(check_terminology(texts, glossary, pair.src.lang, pair.tgt.lang), pair)
