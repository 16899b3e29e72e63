"""Word pairs a document pair teaches itself: hunalign's second pass, as anchors.

A first alignment of the two texts (the encoder's path) is mostly right.  Over its 1-1 links, a source word and
a target word that keep turning up in the same links are each other's translation in this text, whether or not
any dictionary knows them: «Hüttenwart» and «gardien», «aufsteigen» and «remonter», a mountain's name spelled two
ways.  ``learn_pairs`` counts them, keeps a pair where the two words share at least ``MIN_LINKS`` links and
``MIN_DICE`` of the links either is in, and links each word once (competitive linking: the strongest pair first).
``with_learned`` adds each kept pair as a feature of class ``CLASS`` to the sentences that hold its words, so the
second pass (``aligner.align``) scores them like any other shared anchor (``scorer.CLASS_WEIGHTS``).

The evidence is the whole document's, not one link's: a place the first path got wrong still teaches little
against the dozens it got right, and the pair then pulls that place right.  Measured (strict F1, against the
same code without them): Text+Berg test 0.9395 -> 0.9451 (two places in test1 where a short question or a
heading went with the wrong neighbour; test4 loses one swap), dev 0.9137 unchanged, ParIce 0.9697 and WMT21
1.000 unchanged (the Bible: below).  Two shared links were too few: ParIce's documents hold 20-60 links, and
pairs seen twice there were mostly chance («nordic» and «fara»), 0.9697 -> 0.9658.  Lemmas in place of
lower-cased forms: Text+Berg the same, ParIce 0.9620 (Icelandic lemmas merge words).  Learning again from the
second path changed nothing.  Without an encoder the first path follows the anchors themselves, and pairs learned
from it repeat its mistakes (Text+Berg dev 0.8757 -> 0.8688): there it is off.

Words are lower-cased letter runs of ``MIN_LETTERS`` or more that are not stopwords.  Text written without
spaces (Chinese, Japanese) is split into the words of the pair's dictionary, as the dictionary signal splits it
(``LexicalScorer.unspaced_vocabulary``); without a dictionary for it, it learns nothing.  The Bible (English–
Chinese, 11,301 sentences): 0.9884 -> 0.9901 as one document; cut into 10 or 40 documents, to see whether less
text still teaches more than it misleads, 0.9881 -> 0.9882 and 0.9877 -> 0.9885.  Words of two characters or more
only: 0.9901, 0.9885, 0.9877.  Character bigrams instead of words, with the same thresholds: 0.9909, but 0.9870
and 0.9876 in 10 and 40 documents (a bigram is often no word, and chance pairs slip through; with the chance
limit at 1e-12 instead: 0.9897, 0.9894 and 0.9894).
"""

from __future__ import annotations

from collections import Counter
from math import comb
from typing import Container, Iterable, Sequence

from .resources import stopwords
from .tokens import NO_SPACE_LANGS, WORD_RE, split_unspaced

CLASS = "t"
MIN_LINKS = 3       # links a pair must share
MIN_DICE = 0.6      # 2·shared / (links with the source word + links with the target word)
MAX_CHANCE = 0.01   # ... and be this unlikely to share as many links by chance
MIN_LETTERS = 3


def word_bags(sentences: Sequence[str], lang: str | None, vocabulary: Container[str] | None = None,
              ) -> list[frozenset[str]] | None:
    """Each sentence's distinct words as ``learn_pairs`` counts them.  A language written without spaces is
    split into the dictionary's words (``vocabulary``, as the dictionary signal splits it; a character where
    none is known), where a word of one character is a word; without a vocabulary it has no words: None."""
    stop = stopwords(lang) if lang else frozenset()
    unspaced = lang in NO_SPACE_LANGS
    if unspaced and vocabulary is None:
        return None
    bags = []
    for sentence in sentences:
        words = (w.lower() for w in WORD_RE.findall(sentence))
        if unspaced:
            words = (piece for w in words for piece in split_unspaced(w, vocabulary))
        bags.append(frozenset(w for w in words if (unspaced or len(w) >= MIN_LETTERS) and w not in stop))
    return bags


def chance_of(shared: int, a: int, b: int, n: int) -> float:
    """The chance that two words found in ``a`` and ``b`` of ``n`` links share ``shared`` or more of them when
    the links are drawn at random (the hypergeometric tail)."""
    total = comb(n, b)
    return sum(comb(a, k) * comb(n - a, b - k) for k in range(shared, min(a, b) + 1)) / total


def learn_pairs(src_bags: Sequence[frozenset[str]], tgt_bags: Sequence[frozenset[str]],
                links: Iterable[tuple[int, int]]) -> list[tuple[str, str]]:
    """The (source word, target word) pairs the 1-1 ``links`` (source index, target index) bear out, strongest
    first; each word in one pair at most.  Identical spellings are left to the cognate and name anchors."""
    links = list(links)
    in_src: Counter[str] = Counter()
    in_tgt: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for i, j in links:
        in_src.update(src_bags[i])
        in_tgt.update(tgt_bags[j])
    # a word in fewer links than a pair must share is in no pair: leaving those out first keeps the count of
    # pairs to the words that recur (a book's hapaxes would make millions of them)
    for i, j in links:
        a = [x for x in src_bags[i] if in_src[x] >= MIN_LINKS]
        b = [y for y in tgt_bags[j] if in_tgt[y] >= MIN_LINKS]
        shared.update((x, y) for x in a for y in b if x != y)
    ranked = []
    n = len(links)
    for (x, y), count in shared.items():
        if count >= MIN_LINKS:
            dice = 2 * count / (in_src[x] + in_tgt[y])
            if dice >= MIN_DICE and chance_of(count, in_src[x], in_tgt[y], n) <= MAX_CHANCE:
                ranked.append((-dice, -count, x, y))
    ranked.sort()     # ties broken by the words themselves: the same input gives the same pairs
    used_src: set[str] = set()
    used_tgt: set[str] = set()
    pairs = []
    for _, _, x, y in ranked:
        if x not in used_src and y not in used_tgt:
            used_src.add(x)
            used_tgt.add(y)
            pairs.append((x, y))
    return pairs


def with_learned(anchors: Sequence[Counter], bags: Sequence[frozenset[str]], keys: dict[str, str],
                 ) -> list[Counter]:
    """``anchors`` with a ``t:<key>`` feature for each word of a sentence that ``keys`` maps to a pair's key, and
    the class total ``#t``; sentences without such a word keep their Counter as it is (the others are copies:
    the scorer caches the originals)."""
    out = []
    for counter, bag in zip(anchors, bags):
        found = sorted(keys[w] for w in bag if w in keys)
        if found:
            counter = Counter(counter)
            for key in found:
                counter[f"{CLASS}:{key}"] += 1
            counter["#" + CLASS] = len(found)
        out.append(counter)
    return out


def describe() -> str:
    return f"learned-{MIN_LINKS}x{MIN_DICE:g}"
