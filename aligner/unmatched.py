"""Stretches where nothing matches: runs of weak links become unaligned sentences.

The search pays a cost for leaving a sentence unaligned (``Weights.skip``): a prior that a translation
translates.  Between a text and an unrelated one, or across a section the translation leaves out while adding
another, that prior makes the search link sentence after sentence with no evidence at all (an English Bible
against a French mountaineering report: 464 links for 465 French sentences, mean confidence 0.13).  A lone weak
link in a real translation is often right (a short exclamation, a heavily rephrased line); a run of several
consecutive links, each one more likely wrong than right, is a stretch where nothing matches, and its sentences
are better left unaligned (1-0 and 0-1), as the user asked of bad input.

"Weak" is judged by the confidence model's "unmatched" variant (``Calibrator.matches``): the same logistic
model, fitted on the gold links plus the links of each gold set with a fifth of every translation replaced by
another document's sentences (``tests/support.py`` ``replaced_section``), so that it knows links made where
nothing matches; the link confidences themselves stay fitted on real translations only.

Measured (strict F1, ``benchmarks/alignment.py``): runs of >= 2 weak links take Text+Berg dev 0.8458 -> 0.8512
and test 0.9255 -> 0.9247, leave ParIce, WMT21 and the Bible unchanged (such runs are rare in real
translations), and take the replaced-section sets ("Partial translations" in the benchmark) from 0.857 to
0.925 (Text+Berg; 168 of the 195 foreign sentences left unaligned instead of 8), 0.855 to 0.860 (ParIce, e5:
19 of 72 instead of 17) and 0.926 to 0.961 (WMT21: 100 of 188 instead of 4).  Undoing every weak link, runs of
one, costs 0.01-0.03 on Text+Berg and the Bible.

The model weighs a link's margin over its neighbours, and between unrelated sentences one of them is always
the least unlike: with e5, which rates unrelated sentences about 0.77 similar, it let most of a foreign section
through.  So a link whose texts are no more alike than two sentences of the pair taken at random (the chance
level, ``CostModel.chance_similarity``) and that shares no anchor counts as weak whatever the model says
(``no_evidence``).  Measured: ParIce 0.9498 -> 0.9518; partial translations ParIce 0.860 -> 0.905 (45 of 72
foreign sentences unaligned instead of 19; 0.906 and 46 since e5's joined windows stop at 3 sentences), WMT21
0.961 -> 0.965 (107 of 188 instead of 100), Text+Berg unchanged (0.9255); Text+Berg test and dev, WMT21 and the
Bible unchanged.  A floor 5% of the way from chance to 1 cost ParIce 0.006; 5% below chance kept half the gain.
(With the continuation term, ``aligner.continuation``, and the model refitted: partial Text+Berg 0.928 with 176 of
195 left unaligned, ParIce 0.918 with 46 of 72, WMT21 0.962 with 102 of 188.)

Two ways a foreign stretch slipped through, both closed since (``weak_runs``'s ``sizes`` and ``grow``): in a short
document the search may make the whole stretch ONE weak link (a 3-3 link across three foreign sentences), a run of
one, so it stood; and a doubtful link (the model's 0.3-0.6) inside a stretch split it into runs, kept itself and
sometimes left a lone weak link beside it. Now a very weak link (below ``VERY_WEAK``, 0.1) counts as many weak links
as its smaller side has sentences, and only a link at or above ``DOUBTFUL`` (0.6) ends a stretch: one with two weak
links in it is undone with the doubtful links between and beside them. Measured (``benchmarks/alignment.py``,
partial translations, foreign sentences left unaligned): Text+Berg 0.935 -> 0.939 (169 -> 190 of 195), ParIce 0.923
-> 0.924 (50 -> 56 of 72), WMT21 0.967 -> 0.979 (124 -> 168 of 188). The gold sets: Text+Berg, ParIce and WMT21
unchanged, the Bible 0.9887 -> 0.9884 (a 2-3 link at 0.08 that was right). The ablation without lexical signals
(fewer links are confident there): Text+Berg "+length" 0.919 -> 0.916 (dev unchanged), ParIce "semantic" 0.873 ->
0.871. Counting every weak link by its size, not only the very weak: the same partial-translation figures, but the
Bible 0.9881 and, without lexical signals, Text+Berg dev / test 0.8973 / 0.9191 -> 0.8917 / 0.9076 (right 2-2 links
undone). A scratch run of the partial translations (its donor documents differ a little from the benchmark's;
Text+Berg / ParIce / WMT21): before 0.9326 / 0.9225 / 0.9671; sizes alone, every weak link counted by its size,
0.9332 / 0.9225 / 0.9750; grow alone at 0.5 0.9416 / 0.9178 / 0.9696, at 0.6 0.9439 / 0.9235 / 0.9701, at 0.7 0.9419
/ - / 0.9671; grow at 0.6 undoing only from the first to the last weak link 0.9429 / 0.9267 / 0.9691; growing only
from two consecutive weak links (with sizes) 0.9424 / 0.9194 / 0.9786; both (as now) 0.9439 / 0.9235 / 0.9786. Grow
at 0.5 would keep the no-lexical Text+Berg test at 0.9191 but takes ParIce to 0.9178.

When most links of a whole document are weak, the two texts are not translations of each other, or not of
the same text: ``hardly_matching`` says so (by the "unmatched" model and the chance floor every gold document
has at least 85% of its links likely right, ParIce u_1 the fewest; the Bible against a mountaineering report
none), the aligner warns, and every weak link is undone.

One sentence against one sentence has no pair off the diagonal to measure the chance level on; it used to be
the mean of every pair, that is the link's own similarity, so ``no_evidence`` was decided by rounding.  The
encoder's typical level (``chance`` on each encoder) stands in: the seed's 1-1 pairs one against one, 20 of 20
real pairs linked as before, 8 instead of 13 of 20 unrelated ones (from the other half of the article) linked.

A text with fewer than ``MIN_JUDGED`` two-sided links is too short for runs: each weak link is undone on its own
(a real translation's links are rarely weak; a short one is seldom long enough to show a run).  Before, two seed
sentences against two unrelated ones came out as one 2-2 link with confidence 0.73.  Measured on runs
of K consecutive 1-1 gold pairs (K = 1..4) against their own translation and against the other half of the
document: unrelated two-sided links seed 39/22/12/14 -> 16/8/4/8, Text+Berg test2 39/21/11/14 -> 12/4/3/6,
WMT21 8/4/2/3 -> 6/0/0/2, ParIce (e5) 17/8/5/4 -> 15/8/9/9; real pairs all linked but 2 of 152 on Text+Berg
(with ``cost``'s chance margin for windows without neighbours, which took e5 from 8 of 16 and 5 of 15 real
pairs at K = 2, 3 to all of them).  Every gold set unchanged.

In such a short text the links that stayed were still too sure: the link-confidence model is fitted on whole
translations and so takes for granted that the two texts are one.  Unrelated seed sentences (K = 1..3, the other
half of the article) kept 15 links at a mean confidence of 0.94.  So there (``short_below`` in
``Aligner._unlink_weak_runs``) a link stays only if the "unmatched" model finds it at least ``LIKELY``, and its
confidence is at most that model's.  Measured on runs of K = 1..4 consecutive 1-1 gold pairs (three of each K per
document) against their own translation and against as many sentences from the other half of the document:
Text+Berg test, 20 WMT21 stories and the seed, unrelated links kept 194 -> 124 of 482, real ones 816 -> 814 of
816 (both lost at K = 4); the Brier score of the kept links' confidences 0.167 -> 0.095.  ParIce (e5, three
documents): unrelated 35 -> 28 of 65, real 86 of 86 kept, Brier 0.232 -> 0.174.  The gold sets' figures are
unchanged; WMT21's short stories are under ten links, and the Brier score of their real links' confidences went
0.0014 -> 0.0022.  Without an encoder the anchors model hardly tells unrelated short texts apart (at 0.5 it kept
447 of 654 unrelated links instead of 482), so that path is left as it was.

A stretch between links a person fixed (``tei.corrections.realign``, ``bitext align --keep``, applied corrections)
is aligned on its own too, and is often under ten links; but it is part of a translation, so there
(``Aligner.align_gap``) a short stretch keeps its links, while a long one is still judged by runs.  Measured with
every 4th / 8th 1-1 gold link fixed (Text+Berg test, 30 WMT21 stories, ParIce es_1; strict F1 of the rest): judged
as short texts 0.885 / 0.926 (with the rule before ``short_below``: 0.903 / 0.937), as gaps 0.929 / 0.947; without
an encoder, every 4th, 0.867 -> 0.908.

Without an encoder there was no such pass: between two unrelated mountaineering reports (Text+Berg test0's German
against test1's French) the search made 108 links, at confidences up to 0.9.  The link confidence cannot tell: it
weighs the cost and its margin, and between unrelated texts of similar lengths those look as they do in a
translation.  What can is the lexical anchors (numbers, names, dictionary words, cognates), as the first pass
already sees them, hashed into vectors (``aligner.align.first_pass_model``): where a link's vector similarity
ranks among pairs far from the diagonal of the same sizes (``CostModel.chance_rank``; a rank, since the raw
similarity is on another scale in a news story, where every sentence names the same people, than in a novel).
The "unmatched_anchors" model (``ANCHOR_FEATURES``: that rank, the lexical term, the link confidence, 1-1 or not,
the sentences) is fitted as "unmatched" is, on the gold sets and their replaced sections, and runs of
``MIN_RUN_ANCHORS`` weak links are undone: one link has far less evidence here than with an encoder, so a run
must be longer.  A whole text hardly matches when under ``MIN_ANCHORED_SHARE`` of its links rank above
``ANCHORED_RANK``.  Over the documents with at least ``MIN_JUDGED_ANCHORS`` links, that share is 0.03 to 0.27
between unrelated documents of a set (16 pairs), 0.38 to 0.85 with a fifth of the translation replaced (27), and
0.48 to 0.92 in the gold documents (32); shorter ones are not judged (WMT21's short news stories, where every
sentence names the same people, go down to 0.36).  In a text that hardly matches only links whose anchors rank
above ``KEEP_RANK`` stay.
Measured without an encoder (``benchmarks/alignment.py``, partial translations; strict F1 and foreign sentences
left unaligned): Text+Berg 0.816 -> 0.872 (22 -> 132 of 195), ParIce 0.841 -> 0.865 (29 -> 43 of 72), WMT21
0.916 -> 0.924 (5 -> 25 of 188).  The model judging each set was fitted on all of them; fitted with the set left
out (a scratch run over the same links) the gains are Text+Berg test +0.062, ParIce +0.053, WMT21 +0.004.  Gold
sets: Text+Berg, ParIce and WMT21 unchanged; the Bible 0.9593 -> 0.9585 (a run of five weak 1-2 links in Genesis
4 that were right).  Runs of 5 or 6: Text+Berg 0.867 / 0.853 with 122 / 90 foreign sentences unaligned, the Bible
the same.  Between those two reports 3 links stay instead of 108 (tests/test_unmatched.py).
The pass needs a bilingual dictionary for the pair (``aligner.align._has_dictionary``): without one a real
translation's links rank like chance ones (ParIce u_1: 12% above 0.9), and with the dictionaries switched off the
pass took ParIce without an encoder from 0.776 to 0.553 and Text+Berg from 0.801 to 0.774.  A small dictionary
is nearly as sparse, so it needs ``MIN_JUDGING_PAIRS`` pairs (measured there).
"""

from __future__ import annotations

from typing import Callable, Sequence

from .confidence import FEATURES

MIN_RUN = 2          # consecutive weak two-sided links
MIN_RUN_ANCHORS = 4  # ... without an encoder, where anchors alone judge a link (see anchor_row)
MAX_CONFIDENCE = 0.3  # "weak": the "unmatched" model's probability is below this
DOUBTFUL = 0.6        # only a link at or above this ends a stretch of weak (and doubtful) links
VERY_WEAK = 0.1       # a link below this counts once for each sentence of its smaller side
LIKELY = 0.5          # a link more likely right than wrong
MIN_LIKELY_SHARE = 0.5  # below this share of likely links, the documents hardly match
MIN_JUDGED = 10       # two-sided links a document needs before its share of likely links says anything
COS, CHANCE, LEXICAL = (FEATURES.index(name) for name in ("cos", "chance", "lex"))   # in a features row


# Without an encoder: how a link's anchor vectors (aligner.lexical.vectors) rank among chance pairs of its sizes
# (CostModel.chance_rank), its lexical term, the link confidence, whether it is 1-1, and its sentences.
ANCHOR_FEATURES = ("bias", "rank", "lex", "confidence", "one_one", "size")
RANK = ANCHOR_FEATURES.index("rank")
ANCHORED_RANK = 0.9      # a link whose anchors rank above this share of chance pairs has evidence of its own
MIN_ANCHORED_SHARE = 0.3  # texts with fewer such links than this share (of MIN_JUDGED_ANCHORS) hardly match
MIN_JUDGED_ANCHORS = 20
KEEP_RANK = 0.99         # where the texts hardly match, a link stays only with anchors above this rank


def anchor_row(rank: float, lexical: float, confidence: float, a: int, b: int) -> list[float]:
    """One two-sided link's row for the "unmatched_anchors" model (``ANCHOR_FEATURES``)."""
    return [1.0, rank, lexical, confidence, float(a == 1 and b == 1), float(a + b)]


def anchored_share(rows: Sequence[Sequence[float] | None]) -> tuple[float, int]:
    """Without an encoder: (share of the two-sided links whose anchors rank above ``ANCHORED_RANK``, how many
    two-sided links there are), over ``anchor_row``s (None for a one-sided link)."""
    ranks = [row[RANK] for row in rows if row is not None]
    return (sum(rank >= ANCHORED_RANK for rank in ranks) / len(ranks) if ranks else 1.0), len(ranks)


def hardly_anchored(rows: Sequence[Sequence[float] | None]) -> bool:
    """Without an encoder: whether the two texts hardly match, by ``anchored_share`` (needs
    ``MIN_JUDGED_ANCHORS`` links).  The link confidences cannot tell: between unrelated texts of similar lengths
    the search's links look as plausible as a translation's."""
    share, linked = anchored_share(rows)
    return linked >= MIN_JUDGED_ANCHORS and share < MIN_ANCHORED_SHARE


def match_probabilities(two_sided: Sequence[bool], rows: Sequence[Sequence[float]],
                        model: Callable[[Sequence[float]], float]) -> list[float]:
    """Per link, the probability that it is right where nothing may match: *model*'s (``Calibrator.matches``)
    for each features row, 0 for a two-sided link with ``no_evidence``."""
    return [0.0 if both and no_evidence(row) else model(row) for both, row in zip(two_sided, rows)]


def no_evidence(row: Sequence[float]) -> bool:
    """Whether a two-sided link (its ``confidence.features`` row) has no evidence at all of being a translation:
    its two texts are no more alike than two sentences of the pair taken at random (the encoder's chance level,
    ``CostModel.chance_similarity``) and they share no anchor (number, name, dictionary word: the lexical term
    is 0).  Such a link counts as weak whatever the rest of the model says: the model weighs the margin over the
    neighbours, and between unrelated sentences one of them is always the least unlike."""
    return row[COS] <= row[CHANCE] and row[LEXICAL] >= 0.0


def weak_runs(two_sided: Sequence[bool], confidences: Sequence[float], min_run: int = MIN_RUN,
              below: float = MAX_CONFIDENCE, sizes: Sequence[int] | None = None,
              grow: float | None = None) -> list[range]:
    """Positions (as ranges) of the stretches of links whose two-sided links, at least ``min_run`` of them, all
    have a confidence below ``below``.  One-sided links inside a stretch neither count nor end it (between
    unrelated texts weak links and skipped sentences alternate); a confident two-sided link ends it.  Without
    ``grow`` each range starts and ends with a weak link.

    ``sizes`` (per link, the smaller side's sentence count): a link below ``VERY_WEAK`` over k sentences of each
    side counts as k weak links, since one 3-3 link across a foreign section is as much a stretch as three 1-1
    links.  (Merely weak many-to-many links are often right: the Bible has some, and so has Text+Berg when the
    lexical signals are off.)
    ``grow`` (above ``below``): only a link at or above ``grow`` ends a stretch, and a stretch with enough weak
    links in it is returned whole, so the doubtful links between and beside its weak ones go with them."""
    ceiling = below if grow is None else max(grow, below)
    runs, stretch = [], []

    def close() -> None:
        weak = [k for k in stretch if confidences[k] < below]
        if sum(sizes[k] if sizes and confidences[k] < VERY_WEAK else 1 for k in weak) >= min_run:
            runs.append(range(stretch[0], stretch[-1] + 1))   # without grow the stretch holds weak links only

    for k, (both, confidence) in enumerate(zip(two_sided, confidences)):
        if not both:
            continue
        if confidence < ceiling:
            stretch.append(k)
            continue
        close()
        stretch = []
    close()
    return runs


def likely_share(two_sided: Sequence[bool], confidences: Sequence[float]) -> tuple[float, int]:
    """(share of the two-sided links that are likely right, how many two-sided links there are)."""
    linked = [c for both, c in zip(two_sided, confidences) if both]
    return (sum(c >= LIKELY for c in linked) / len(linked) if linked else 1.0), len(linked)


def hardly_matching(two_sided: Sequence[bool], confidences: Sequence[float]) -> bool:
    """Whether fewer than ``MIN_LIKELY_SHARE`` of the two-sided links are likely right (needs 10 links)."""
    share, linked = likely_share(two_sided, confidences)
    return linked >= MIN_JUDGED and share < MIN_LIKELY_SHARE
