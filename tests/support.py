"""Helpers shared by tests and benchmarks (not tests themselves)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

SEED_GOLD = Path(__file__).resolve().parent / "data" / "seed"


def linked_texts(folder: Path, src_lang: str, tgt_lang: str) -> list[tuple[str, str, str]]:
    """A gold folder's links as (source text, target text, link id "l1"…), multi-sentence sides joined."""
    src = (folder / f"sentences_{src_lang}.txt").read_text(encoding="utf-8").splitlines()
    tgt = (folder / f"sentences_{tgt_lang}.txt").read_text(encoding="utf-8").splitlines()
    pairs = []
    for number, line in enumerate((folder / "gold.tsv").read_text(encoding="utf-8").splitlines(), 1):
        left, right = line.split("\t")
        pairs.append((" ".join(src[int(i)] for i in left.split(",") if i),
                      " ".join(tgt[int(j)] for j in right.split(",") if j), f"l{number}"))
    return pairs


def seed_pairs() -> list[tuple[str, str, str]]:
    """The seed pair's gold links as (English text, Russian text, link id "l1"…), multi-sentence sides joined."""
    return linked_texts(SEED_GOLD, "en", "ru")


@dataclass(frozen=True)
class GoldDocument:
    """One document of a gold set laid out as in ../shared/data/alignment (and tests/data/seed)."""

    src_lang: str
    tgt_lang: str
    src: list[str]                 # one sentence a line
    tgt: list[str]
    src_paragraphs: list[int]      # paragraph id of each sentence (meta.json's paragraph_unit_ranges)
    tgt_paragraphs: list[int]
    gold: list                     # the links of gold.tsv
    verses: tuple[list[str], list[str]] | None   # the Bible's verse of each sentence, where given


def load_gold_document(folder: Path) -> GoldDocument:
    from aligner.evaluate import read_links

    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    l1, l2 = meta["langs"][:2]
    src = (folder / f"sentences_{l1}.txt").read_text(encoding="utf-8").splitlines()
    tgt = (folder / f"sentences_{l2}.txt").read_text(encoding="utf-8").splitlines()
    ranges = meta.get("paragraph_unit_ranges", {})

    def paragraph_ids(lang: str, n: int) -> list[int]:
        ids = [0] * n
        for k, (a, b) in enumerate(ranges.get(lang, [[0, n]])):
            for i in range(a, min(b, n)):
                ids[i] = k
        return ids

    verses = None
    if (folder / f"{l1}.verse").is_file() and (folder / f"{l2}.verse").is_file():
        verses = ((folder / f"{l1}.verse").read_text(encoding="utf-8").splitlines(),
                  (folder / f"{l2}.verse").read_text(encoding="utf-8").splitlines())
    return GoldDocument(l1, l2, src, tgt, paragraph_ids(l1, len(src)), paragraph_ids(l2, len(tgt)),
                        read_links(folder / "gold.tsv"), verses)


def gold_paragraphs(d: GoldDocument, links_per_paragraph: int) -> tuple[list[int], list[int]]:
    """Paragraph ids for both sides from the gold: every ``links_per_paragraph`` gold links make one paragraph
    on each side, so the two structures match one to one, as a book's and its translation's mostly do (the
    Bible, which comes as one paragraph, cut into paragraphs of a few verses)."""
    src, tgt = [0] * len(d.src), [0] * len(d.tgt)
    for k, (s, t) in enumerate(d.gold):
        for i in s:
            src[i] = k // links_per_paragraph
        for j in t:
            tgt[j] = k // links_per_paragraph
    return src, tgt


def aligned_pairs(d: GoldDocument, weights=None, **options) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """The (source, target) index pairs of the links bitext makes for a gold document with its paragraphs,
    under ``weights`` (the encoder's defaults when None); ``options`` go to ``Aligner``."""
    from aligner.align import Aligner

    alignment = Aligner(d.src_lang, d.tgt_lang, weights=weights, **options).align(d.src, d.tgt, d.src_paragraphs,
                                                                                  d.tgt_paragraphs)
    return [(link.src, link.tgt) for link in alignment.links]


def hide_direct_dictionaries(lang_a: str, lang_b: str, via: bool = True, setattr=setattr) -> None:
    """The pair's own dictionaries out of sight, so that its lexicon comes through English (``via``,
    aligner.lexical.dictionary.ViaLexicon) or there is none: what a pair without a dictionary of its own finds.
    ``setattr``: a test's ``monkeypatch.setattr`` (undone after the test); the builtin in a process of its own."""
    import aligner.lexical.dictionary as dictionary

    direct = dictionary.sources_for
    setattr(dictionary, "sources_for", lambda a, b, *rest: [] if {a, b} == {lang_a, lang_b} else direct(a, b, *rest))
    if not via:
        setattr(dictionary, "via_english", lambda *args, **kwargs: {})


def sentence_document(sentences: list[str], lang: str):
    """A document with one paragraph per sentence (gold sentences come one a line), offsets exact."""
    from corpus.document import Block, Document, Sentence

    text, blocks = "", []
    for s in sentences:
        start = len(text) + (2 if text else 0)
        text += ("\n\n" if text else "") + s
        blocks.append(Block("paragraph", start, start + len(s), s, [Sentence(start, start + len(s), s)]))
    return Document(text, lang, blocks)


def shuffle_segmentation(lines: list[str], seed: int) -> list[str]:
    """Merge ~15% of neighbouring lines and cut ~10% of lines in the middle (deterministic for a seed)."""
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(lines):
        r = rng.random()
        if r < 0.15 and i + 1 < len(lines):
            out.append(lines[i] + " " + lines[i + 1])
            i += 2
            continue
        words = lines[i].split()
        if r < 0.25 and len(words) > 1:
            out += [" ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2:])]
        else:
            out.append(lines[i])
        i += 1
    return out


def replaced_section(d: GoldDocument, donor: list[str], share: float = 0.2) -> GoldDocument | None:
    """*d* with a stretch of about *share* of its gold links, from 40% of the way in, lost from the translation
    and replaced by as many sentences of *donor* (another text in the target language): a translation with a
    section that is not a translation.  The gold follows: the stretch's source sentences become 1-0 links, the
    inserted sentences 0-1 links (as many as the sentences they replace).  None when the stretch's targets are
    not one run that only those links use (reordered gold) or the donor is too short.  Paragraphs are dropped
    (one each)."""
    from aligner.model import is_run

    links = d.gold
    k0 = int(len(links) * 0.4)
    k1 = min(len(links), k0 + max(2, int(len(links) * share)))
    targets = sorted(j for s, t in links[k0:k1] for j in t)
    if not targets or not is_run(targets):
        return None
    lo, hi = targets[0], targets[-1] + 1
    if any(lo <= j < hi for s, t in links[:k0] + links[k1:] for j in t) or len(donor) < hi - lo:
        return None
    start = (len(donor) - (hi - lo)) // 2
    tgt = d.tgt[:lo] + donor[start:start + hi - lo] + d.tgt[hi:]
    gold = list(links[:k0])
    gold += [((i,), ()) for s, _ in links[k0:k1] for i in s] + [((), (j,)) for j in range(lo, hi)]
    gold += links[k1:]
    return GoldDocument(d.src_lang, d.tgt_lang, d.src, tgt, [0] * len(d.src), [0] * len(tgt), gold, None)


# -- raw text with gold sentences: UD PUD, English and its sentence-by-sentence Russian translation ------------

PUD_VARIANTS = ("paragraphs", "one-paragraph", "dropped", "merged")


@dataclass(frozen=True)
class RawGoldPair:
    """Two raw texts for the aligner to segment itself, with the gold sentences' offsets in each and the gold
    links over those sentences (``aligner.evaluate.onto_gold_sentences`` scores an alignment against them)."""

    src_text: str
    tgt_text: str
    src_spans: list[tuple[int, int]]
    tgt_spans: list[tuple[int, int]]
    gold: list


def pud_pair(segmentation_dir: Path, variant: str = "paragraphs", every: int = 7) -> RawGoldPair:
    """UD English-PUD against UD Russian-PUD (../shared/data/segmentation, 1,000 sentences each side, translated
    sentence by sentence, so the gold is 1-1), each of its 397 documents one paragraph.  Variants:
    ``one-paragraph`` joins the documents with a space (no paragraph structure); ``dropped`` leaves every
    ``every``-th Russian document out (its English sentences are 1-0 links: a translation that omits
    paragraphs); ``merged`` makes every ``every``-th pair of Russian documents one paragraph, the last sentence of
    the first run into the first of the second with a dash (a 2-1 gold link across the English paragraph break:
    a translator who merged paragraphs and sentences at once); ``regrouped`` makes every ``every`` Russian
    documents one paragraph (paragraph structures that differ, every sentence still 1-1); ``swapped`` puts every
    ``every``-th pair of Russian documents in the other order (a translator who moved a paragraph: 1-1 links that
    cross)."""
    def units(name: str) -> list[list[str]]:
        lines = (segmentation_dir / name).read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["sents"] for line in lines if line.strip()]

    en, ru = units("en_pud_doc.jsonl"), units("ru_pud_doc.jsonl")
    pieces: list[list[str]] = []          # Russian paragraphs, as sentences
    owners: list[list[list[tuple[int, int]]]] = []   # per Russian sentence: the English (doc, sentence) it renders
    k = 0
    while k < len(ru):
        if variant == "dropped" and k % every == every // 2:
            k += 1
            continue
        if variant == "merged" and k % every == every - 2 and k + 1 < len(ru):
            first, second = ru[k], ru[k + 1]
            joint = first[-1].rstrip(".!?…") + " — " + second[0][:1].lower() + second[0][1:]
            pieces.append(first[:-1] + [joint] + second[1:])
            owners.append([[(k, q)] for q in range(len(first) - 1)] + [[(k, len(first) - 1), (k + 1, 0)]]
                          + [[(k + 1, q)] for q in range(1, len(second))])
            k += 2
            continue
        if variant == "swapped" and k % every == every // 2 and k + 1 < len(ru):
            for d in (k + 1, k):
                pieces.append(ru[d])
                owners.append([[(d, q)] for q in range(len(ru[d]))])
            k += 2
            continue
        if variant == "regrouped":
            group = range(k, min(k + every, len(ru)))
            pieces.append([sentence for d in group for sentence in ru[d]])
            owners.append([[(d, q)] for d in group for q in range(len(ru[d]))])
            k += every
            continue
        pieces.append(ru[k])
        owners.append([[(k, q)] for q in range(len(ru[k]))])
        k += 1
    separator = " " if variant == "one-paragraph" else "\n\n"
    src_text, src_spans = _joined(en, separator)
    tgt_text, tgt_spans = _joined(pieces, separator)
    en_index = {key: number for number, key in enumerate((k, q) for k in range(len(en)) for q in range(len(en[k])))}
    gold, linked = [], set()
    for j, rendered in enumerate(owner for paragraph in owners for owner in paragraph):
        src = tuple(en_index[key] for key in rendered)
        gold.append((src, (j,)))
        linked.update(src)
    gold += [((i,), ()) for i in range(len(en_index)) if i not in linked]
    return RawGoldPair(src_text, tgt_text, src_spans, tgt_spans, sorted(gold))


def raw_gold_document(folder: Path) -> RawGoldPair | None:
    """A gold folder's own raw texts (``<lang>.txt``) with the offsets of its gold sentences in them, or None
    where a gold sentence is not found verbatim, in order, in the text (WMT21 has a few such documents: other
    quotation marks, one in mojibake)."""
    d = load_gold_document(folder)
    texts, spans = [], []
    for lang, sentences in ((d.src_lang, d.src), (d.tgt_lang, d.tgt)):
        text = (folder / f"{lang}.txt").read_text(encoding="utf-8")
        found, position = [], 0
        for sentence in sentences:
            sentence = sentence.strip()
            start = text.find(sentence, position)
            if start < 0:
                return None
            found.append((start, start + len(sentence)))
            position = start + len(sentence)
        texts.append(text)
        spans.append(found)
    return RawGoldPair(texts[0], texts[1], spans[0], spans[1], d.gold)


@dataclass(frozen=True)
class SegmentedRaw:
    """A ``RawGoldPair`` as bitext reads and segments it: its body sentences with their paragraph ids and
    offsets, ready to align; ``onto_gold`` restates links (index pairs) over these sentences as links over the
    gold ones."""

    pair: RawGoldPair
    src: list[str]
    src_paragraphs: list[int]
    tgt: list[str]
    tgt_paragraphs: list[int]
    src_spans: list[tuple[int, int]]
    tgt_spans: list[tuple[int, int]]

    def onto_gold(self, pairs) -> list:
        from aligner.evaluate import onto_gold_sentences

        return onto_gold_sentences(pairs, self.src_spans, self.tgt_spans, self.pair.src_spans, self.pair.tgt_spans)


def segment_raw(pair: RawGoldPair, src_lang: str, tgt_lang: str, folder: Path) -> SegmentedRaw:
    """Write both texts into *folder* and read them back as ``bitext align`` does (``aligner.pipeline``)."""
    from aligner.pipeline import body_sentences, load_document

    sides = []
    for name, text, lang in (("src", pair.src_text, src_lang), ("tgt", pair.tgt_text, tgt_lang)):
        path = folder / f"{name}.{lang}.txt"
        path.write_text(text, encoding="utf-8")
        document = load_document(path, lang)
        sentences, paragraphs = body_sentences(document)
        sides.append((sentences, paragraphs, [(s.start, s.end) for _, _, s in document.sentences()]))
    (src, src_pars, src_spans), (tgt, tgt_pars, tgt_spans) = sides
    return SegmentedRaw(pair, src, src_pars, tgt, tgt_pars, src_spans, tgt_spans)


def _joined(paragraphs: list[list[str]], separator: str) -> tuple[str, list[tuple[int, int]]]:
    """The text of paragraphs of sentences (a space between sentences, ``separator`` between paragraphs) and
    each sentence's offsets in it; a final newline, as a text file has."""
    text, spans = "", []
    for number, sentences in enumerate(paragraphs):
        if number:
            text += separator
        for q, sentence in enumerate(sentences):
            if q:
                text += " "
            spans.append((len(text), len(text) + len(sentence)))
            text += sentence
    return text + "\n", spans
