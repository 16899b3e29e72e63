"""A reader's corrections from the HTML report (``bitext report``) back into the aligned pair.

The report saves a small JSON file::

    {"format": "bitext-corrections", "version": 1,
     "alignment": "<fingerprint of the alignment the reader saw>",
     "corrections": [{"op": "confirm", "link": "al.l3"},
                     {"op": "wrong",   "link": "al.l4"},
                     {"op": "merge",   "links": ["al.l7", "al.u2"]},
                     {"op": "split",   "link": "al.l9", "src_at": 1, "tgt_at": 1}]}

- ``confirm``: the link is right — the reviewer takes responsibility (``@resp``) and certainty becomes 1;
- ``merge``: consecutive links become one link made by the reviewer;
- ``split``: a link becomes two at a sentence boundary: the first ``src_at`` source and ``tgt_at`` target
  sentences, then the rest (either part may be one-sided: a 1-1 link split at (1, 0) is a 1-0 and a 0-1);
- ``wrong``: the link is wrong but the reader did not say what is right — it keeps the tool as ``@resp``,
  gets certainty 0 and a QA finding (``review-wrong``); re-alignment (:func:`realign`) treats it as free.

Links a person made or confirmed are *fixed*: :func:`realign` re-runs the aligner only on the gaps between
them, so a correction survives re-alignment without the aligner knowing about corrections.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from pathlib import PurePath
from typing import Callable, Sequence

from aligner.model import AlignedPair, Alignment, Link, is_run
from corpus.errors import InputError

from .header import revisions
from .ids import TOOL_RESP, link_ids
from .metadata import tool_version
from .qa import QaNote

FORMAT = "bitext-corrections"
VERSION = 1
OPS = ("confirm", "wrong", "merge", "split")
WRONG_CHECK = "review-wrong"


def fingerprint(alignment: Alignment) -> str:
    """A short hash of the links' shape: corrections name links by id, so they only apply to the same links."""
    text = ";".join(",".join(map(str, link.src)) + "|" + ",".join(map(str, link.tgt)) for link in alignment.links)
    return hashlib.sha256(f"{alignment.n_src}:{alignment.n_tgt}:{text}".encode()).hexdigest()[:16]


def fixed_links(pair: AlignedPair) -> list[Link]:
    """The links a person made or confirmed (``resp`` is not the tool): re-alignment keeps them."""
    return [link for link in pair.alignment.links if link.resp != TOOL_RESP]


# ---------------------------------------------------------------- reading the JSON
def load(path: str | os.PathLike) -> dict:
    path = os.fspath(path)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(path, f"not a JSON file ({error})") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, expected a corrections JSON file") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(path, f'not a bitext corrections file (expected "format": "{FORMAT}")')
    if data.get("version") != VERSION:
        raise InputError(path, f"corrections version {data.get('version')!r} is not supported (expected {VERSION})")
    if not isinstance(data.get("corrections"), list):
        raise InputError(path, 'no "corrections" list')
    return data


# ---------------------------------------------------------------- applying them
def _plan(path: str, pair: AlignedPair, corrections: list) -> tuple[dict[int, dict], dict[int, list[int]]]:
    """Check every correction and index it by link position: (single-link ops, merge groups by first link)."""
    index = {link_id: n for n, link_id in enumerate(link_ids(pair.alignment.links))}
    single: dict[int, dict] = {}
    merges: dict[int, list[int]] = {}
    taken: set[int] = set()

    def position(number: int, link_id) -> int:
        if link_id not in index:
            raise InputError(path, f"correction {number}: no link {link_id!r} in this alignment")
        return index[link_id]

    for number, item in enumerate(corrections, 1):
        op = item.get("op") if isinstance(item, dict) else None
        if op not in OPS:
            raise InputError(path, f"correction {number}: unknown op {op!r} (expected one of {', '.join(OPS)})")
        if op == "merge":
            ids = item.get("links")
            if not isinstance(ids, list) or len(ids) < 2:
                raise InputError(path, f"correction {number}: a merge needs a list of at least two links")
            positions = [position(number, i) for i in ids]
            if positions != list(range(positions[0], positions[0] + len(positions))):
                raise InputError(path, f"correction {number}: merged links must be consecutive and in order")
            group = positions
            for side in ("src", "tgt"):
                if not is_run(sorted(i for k in group for i in getattr(pair.alignment.links[k], side))):
                    raise InputError(path, f"correction {number}: the merged links' {side} sentences are not one "
                                           "run (a moved sentence cannot be merged with its neighbours)")
        else:
            group = [position(number, item.get("link"))]
        if taken & set(group):
            raise InputError(path, f"correction {number}: link {item.get('link') or item.get('links')} "
                                   "is already corrected by an earlier entry")
        taken.update(group)
        if op == "merge":
            merges[group[0]] = group
            continue
        if op == "split":
            link = pair.alignment.links[group[0]]
            a, b = item.get("src_at"), item.get("tgt_at")
            if not (isinstance(a, int) and isinstance(b, int) and 0 <= a <= len(link.src) and 0 <= b <= len(link.tgt)):
                raise InputError(path, f"correction {number}: split points src_at/tgt_at must be sentence counts "
                                       f"within the {link.type} link {item.get('link')}")
            if a + b == 0 or a + b == len(link.src) + len(link.tgt):
                raise InputError(path, f"correction {number}: the split leaves one part of {item.get('link')} empty")
        single[group[0]] = item
    return single, merges


def apply(pair: AlignedPair, data: dict, reviewer: str, date: str,
          path: str = "corrections") -> tuple[AlignedPair, dict]:
    """The pair with *data*'s corrections made by *reviewer*; also a summary {op: count}."""
    expected = fingerprint(pair.alignment)
    if data.get("alignment") not in (None, expected):
        raise InputError(path, "the corrections were made on a different alignment of this pair "
                               f"(fingerprint {data.get('alignment')}, this TEI's is {expected})")
    single, merges = _plan(path, pair, data["corrections"])
    old_links = pair.alignment.links
    old_ids = list(link_ids(old_links))
    links: list[Link] = []
    wrong: list[int] = []          # positions in the new list
    summary = {op: 0 for op in OPS}
    n = 0
    while n < len(old_links):
        if n in merges:
            group = [old_links[k] for k in merges[n]]
            # Sorted: merging a moved link with its partner lists its sentences in text order.
            src = tuple(sorted(i for g in group for i in g.src))
            tgt = tuple(sorted(j for g in group for j in g.tgt))
            links.append(Link(src, tgt, confidence=1.0, cost=0.0, resp=reviewer))
            summary["merge"] += 1
            n += len(group)
            continue
        link, item = old_links[n], single.get(n)
        op = item["op"] if item else None
        if op == "confirm":
            links.append(dataclasses.replace(link, confidence=1.0, resp=reviewer))
        elif op == "wrong":
            wrong.append(len(links))
            links.append(dataclasses.replace(link, confidence=0.0, resp=TOOL_RESP))
        elif op == "split":
            a, b = item["src_at"], item["tgt_at"]
            for src, tgt in ((link.src[:a], link.tgt[:b]), (link.src[a:], link.tgt[b:])):
                links.append(Link(src, tgt, confidence=1.0, cost=0.0, resp=reviewer))
        else:
            links.append(link)
        if op:
            summary[op] += 1
        n += 1
    alignment = Alignment(links, pair.alignment.n_src, pair.alignment.n_tgt, dict(pair.alignment.signature))
    alignment.check()
    qa = remap_notes(pair.run.get("qa") or [], old_links, old_ids, links)
    new_ids = list(link_ids(links))
    qa += [QaNote(new_ids[k], WRONG_CHECK, "error", f"Marked wrong by {reviewer}: these sentences do not "
                  "correspond as linked.") for k in wrong]
    run = dict(pair.run)
    if qa:
        run["qa"] = qa
    history = revisions(pair, pair.run.get("date") or date, tool_version(pair))
    done = ", ".join(f"{count} {op}" for op, count in summary.items() if count) or "none"
    history.append({"when": date, "who": reviewer, "status": "reviewed",
                    "text": f"Corrections from the report ({PurePath(os.fspath(path)).name}): {done}."})
    run["revisions"] = history
    run.setdefault("date", pair.run.get("date") or date)
    return AlignedPair(pair.src, pair.tgt, alignment, run), summary


def remap_notes(notes: Sequence[QaNote], old_links: Sequence[Link], old_ids: Sequence[str],
                new_links: Sequence[Link]) -> list[QaNote]:
    """QA findings re-pointed at the new link ids: a finding follows its link's first sentence (link ids are
    positional, so any change of the links renumbers them)."""
    new_ids = list(link_ids(new_links))
    by_src = {i: new_ids[k] for k, link in enumerate(new_links) for i in link.src}
    by_tgt = {j: new_ids[k] for k, link in enumerate(new_links) for j in link.tgt}
    old = dict(zip(old_ids, old_links))
    remapped = []
    for note in notes:
        link = old.get(note.link_id) if note.link_id else None
        if note.link_id and link is None:
            continue  # pointed at nothing in the old alignment either
        if link is not None:
            target = by_src[link.src[0]] if link.src else by_tgt[link.tgt[0]]
            note = dataclasses.replace(note, link_id=target)
        remapped.append(note)
    return remapped


# ---------------------------------------------------------------- re-alignment around fixed links
AlignGap = Callable[[list[str], list[str], list[int], list[int]], Alignment]


def gaps(fixed: Sequence[Link], n_src: int, n_tgt: int) -> list[tuple[range, range]]:
    """The (source, target) index ranges between consecutive fixed links, in order (empty ones included)."""
    result, i, j = [], 0, 0
    for link in fixed:
        start_i = link.src[0] if link.src else i
        start_j = link.tgt[0] if link.tgt else j
        if start_i < i or start_j < j:
            raise ValueError(f"fixed links overlap or are out of order at {link}")
        result.append((range(i, start_i), range(j, start_j)))
        i = link.src[-1] + 1 if link.src else start_i
        j = link.tgt[-1] + 1 if link.tgt else start_j
    if i > n_src or j > n_tgt:
        raise ValueError("a fixed link points past the end of the texts")
    result.append((range(i, n_src), range(j, n_tgt)))
    return result


def monotone_chain(fixed: Sequence[Link]) -> tuple[list[Link], list[Link]]:
    """Split *fixed* (in source order) into the links that keep both texts in order, which re-alignment works
    between, and the two-sided links that cross them (moved sentences), which it keeps aside.  A link is kept
    in the chain when it starts after the previous chain link on both sides; one-sided links always fit."""
    chain: list[Link] = []
    moved: list[Link] = []
    i = j = 0
    for link in fixed:
        start_i = link.src[0] if link.src else i
        start_j = link.tgt[0] if link.tgt else j
        if start_i >= i and start_j >= j:
            chain.append(link)
            i = link.src[-1] + 1 if link.src else i
            j = link.tgt[-1] + 1 if link.tgt else j
        elif link.src and link.tgt:
            moved.append(link)
        else:
            raise ValueError(f"fixed links overlap or are out of order at {link}")
    return chain, moved


def realign(src: Sequence[str], tgt: Sequence[str], fixed: Sequence[Link], align_gap: AlignGap,
            src_paragraphs: Sequence[int] | None = None, tgt_paragraphs: Sequence[int] | None = None,
            signature: dict[str, str] | None = None) -> Alignment:
    """Align *src*/*tgt* keeping *fixed* links as they are: split both sentence lists at the fixed links,
    align each gap with *align_gap* (e.g. ``Aligner.align_gap``) and stitch the pieces back in order."""
    src_pars = list(src_paragraphs) if src_paragraphs is not None else [0] * len(src)
    tgt_pars = list(tgt_paragraphs) if tgt_paragraphs is not None else [0] * len(tgt)
    chain, moved = monotone_chain(fixed)
    held_src = {i for link in moved for i in link.src}
    held_tgt = {j for link in moved for j in link.tgt}
    links: list[Link] = []
    for n, (rs, rt) in enumerate(gaps(chain, len(src), len(tgt))):
        # Sentences of a fixed link that crosses the chain (a moved sentence) are not the gap's to align.
        rs = [i for i in rs if i not in held_src]
        rt = [j for j in rt if j not in held_tgt]
        if rs or rt:
            piece = align_gap([src[i] for i in rs], [tgt[j] for j in rt],
                              [src_pars[i] for i in rs], [tgt_pars[j] for j in rt])
            for link in piece.links:
                links += split_at_holes(dataclasses.replace(link, src=tuple(rs[i] for i in link.src),
                                                            tgt=tuple(rt[j] for j in link.tgt)))
        if n < len(chain):
            links.append(chain[n])
    for link in moved:  # back in source order (a moved link always has a source side: see monotone_chain)
        at = next((k for k, other in enumerate(links) if other.src and other.src[0] > link.src[0]), len(links))
        links.insert(at, link)
    alignment = Alignment(links, len(src), len(tgt), dict(signature or {}))
    alignment.signature["fixed"] = str(len(fixed))
    alignment.check()
    return alignment


def split_at_holes(link: Link) -> list[Link]:
    """*link* cut where a side skips a sentence.  A gap loses the sentences of a moved fixed link (see
    ``realign``), and a link the aligner made across one of them, mapped back to the texts, is no run of
    consecutive sentences.  The runs of the two sides pair up in order, each piece keeping the link's
    confidence; a side with more runs leaves the rest unaligned."""
    def runs(side: tuple[int, ...]) -> list[tuple[int, ...]]:
        out: list[list[int]] = []
        for i in side:
            if out and i == out[-1][-1] + 1:
                out[-1].append(i)
            else:
                out.append([i])
        return [tuple(run) for run in out]

    if is_run(link.src) and is_run(link.tgt):
        return [link]
    src, tgt = runs(link.src), runs(link.tgt)
    return [dataclasses.replace(link, src=src[k] if k < len(src) else (), tgt=tgt[k] if k < len(tgt) else ())
            for k in range(max(len(src), len(tgt)))]


def realign_pair(pair: AlignedPair, fixed: Sequence[Link], align_gap: AlignGap) -> AlignedPair:
    """*pair* re-aligned around *fixed* (see :func:`realign`); QA findings follow their sentences."""
    from aligner.pipeline import body_sentences

    src, src_pars = body_sentences(pair.src)
    tgt, tgt_pars = body_sentences(pair.tgt)
    alignment = realign(src, tgt, fixed, align_gap, src_pars, tgt_pars, pair.alignment.signature)
    run = dict(pair.run)
    if run.get("qa"):
        old = pair.alignment.links
        run["qa"] = remap_notes(run["qa"], old, list(link_ids(old)), alignment.links)
    return AlignedPair(pair.src, pair.tgt, alignment, run)


def realign_keeping(src, tgt, kept: AlignedPair, aligner, run: dict[str, str] | None = None,
                    path: str = "--keep") -> AlignedPair:
    """Align the documents *src*/*tgt* again, keeping the links a person made or confirmed in *kept* (a TEI of
    the same texts read back); only the gaps between those links are re-aligned by *aligner*."""
    def sentences(document) -> list[str]:
        return [s.text for _, _, s in document.sentences()]

    if sentences(kept.src) != sentences(src) or sentences(kept.tgt) != sentences(tgt):
        raise InputError(path, "its sentences are not those of SRC and TGT as segmented now, "
                               "so its links cannot be kept")
    base = AlignedPair(src, tgt, Alignment(kept.alignment.links, kept.alignment.n_src, kept.alignment.n_tgt,
                                           aligner.signature()), dict(run or {}))
    return realign_pair(base, fixed_links(kept), aligner.align_gap)
