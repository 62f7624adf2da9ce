"""Near-duplicate clustering of opinion items into events: MinHash-LSH over character bigrams.

Each item's text (title + body, normalised as the search index does) becomes its set of character
bigrams within CJK and word runs. One-permutation MinHash: every bigram is hashed once (crc32 and a
multiplicative mix, stable across processes and machines), the hash picks one of ``BINS`` bins and the
smallest value per bin is kept — one hash per bigram instead of one per bigram per permutation, so a
signature costs microseconds in pure Python. Bins are grouped in bands of ``ROWS``; two texts share a
band key with probability about J^ROWS (J: their Jaccard similarity), so rewordings of one story
(J ≈ 0.3–0.7) almost surely share one of the ``BINS // ROWS`` bands, unrelated texts rarely do.

Clustering is incremental: a new item is compared only with the *recent* events whose band keys it
shares (``EventBand`` rows, or the in-memory index of one batch), never with all items. The
candidates sharing the most bands are checked by exact Jaccard against the event's representative
text; the best one at or above ``GONGKAI_OPINION_CLUSTER_THRESHOLD`` takes the item, otherwise the item
starts a new event.
"""

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from gongkai.opinion.expr import normalise
from gongkai.search.tokenizer import MAX_WORD_LENGTH, RUN_RE

BINS = 32
ROWS = 2
BANDS = BINS // ROWS
EMPTY = 0xFFFFFFFF
# At most this many candidate events are checked exactly per item, best-sharing first: a bound on
# the work per item whatever the size of the buckets of very common bigrams (环境, 污染, 群众).
MAX_CANDIDATES = 8
MAX_BUCKET = 24
# The representative text kept per event: enough for a story, short enough to re-read cheaply.
KEY_TEXT_LENGTH = 1000
_MASK63 = (1 << 63) - 1


def shingles(text: str, *, normalised: bool = False) -> frozenset[int]:
    """Character bigrams of ``text`` as integers (two code points side by side: exact, stable, no hashing).

    A single-character run counts as itself. The runs are those of ``gongkai.search.tokenizer``
    (read straight from its pattern: this is the hot loop of ingestion).
    """
    grams: set[int] = set()
    for cjk, word in RUN_RE.findall(text if normalised else normalise(text)):
        codes = list(map(ord, cjk or word[:MAX_WORD_LENGTH]))
        if len(codes) == 1:
            grams.add(codes[0] << 21)
            continue
        grams.update([(a << 21) | b for a, b in zip(codes, codes[1:], strict=False)])
    return frozenset(grams)


_MIX = 0x9E3779B97F4A7C15
_M64 = (1 << 64) - 1
_SLOT_SHIFT = 64 - (BINS - 1).bit_length()


def signature(grams: Iterable[int]) -> list[int]:
    """One-permutation MinHash: the smallest mixed value per bin, ``EMPTY`` for an empty bin.

    The mix is a 64-bit multiplicative hash (Fibonacci hashing); its top bits pick the bin, the next
    32 bits are the value.
    """
    bins = [EMPTY] * BINS
    for gram in grams:
        mixed = (gram * _MIX) & _M64
        slot = mixed >> _SLOT_SHIFT
        value = (mixed >> (_SLOT_SHIFT - 32)) & 0xFFFFFFFF
        if value < bins[slot]:
            bins[slot] = value
    return bins


def band_keys(bins: list[int]) -> list[int]:
    """One 63-bit key per band whose bins are all filled (an empty bin says nothing about similarity)."""
    keys = []
    for band in range(BANDS):
        values = bins[band * ROWS : (band + 1) * ROWS]
        if EMPTY in values:
            continue
        key = band + 1
        for value in values:
            key = ((key * 0x100000001B3) ^ value) & _MASK63
        keys.append(key)
    return keys


def jaccard(a: frozenset[int], b: "frozenset[int] | array[int]") -> float:
    """Jaccard similarity of an item's bigrams and another set of bigrams (a set, or a stored exemplar)."""
    if not a or not b:
        return 0.0
    common = len(a.intersection(b))
    return common / (len(a) + len(b) - common)


@dataclass
class Features:
    """What clustering needs of one item, computed once."""

    grams: frozenset[int]
    keys: list[int]

    @classmethod
    def of(cls, text: str, *, normalised: bool = False) -> "Features":
        grams = shingles(text, normalised=normalised)
        return cls(grams=grams, keys=band_keys(signature(grams)))


@dataclass(eq=False)  # identity, so that clusters can be counted in a Counter
class Cluster:
    """An event as the index knows it: a reference (an Event) and the bigrams of a few of its items.

    Up to ``EXEMPLARS`` items are kept, so that a rewording that shares little with the first report
    but much with a later one still finds the event (retellings drift).
    """

    ref: object
    # Bigrams of each exemplar as a packed array of distinct values, not a frozenset: the index keeps
    # every recent event, and a set costs about eight times the memory (its table and an int object per
    # bigram). Only ever intersected with the incoming item's set, which needs no set on this side.
    exemplars: list[array] = field(default_factory=list)
    keys: set[int] = field(default_factory=set)

    def similarity(self, grams: frozenset[int]) -> float:
        return max((jaccard(grams, exemplar) for exemplar in self.exemplars), default=0.0)


EXEMPLARS = 3


class Index:
    """Band key → clusters, for one batch of ingestion (seeded from the database's recent events)."""

    def __init__(self) -> None:
        self.buckets: dict[int, list[Cluster]] = {}

    def add(self, cluster: Cluster, features: Features) -> list[int] | None:
        """Record ``features`` as an exemplar of ``cluster`` if there is room: the band keys added, or None."""
        if len(cluster.exemplars) >= EXEMPLARS:
            return None
        cluster.exemplars.append(array("q", features.grams))
        added = [key for key in features.keys if key not in cluster.keys]
        for key in added:
            cluster.keys.add(key)
            bucket = self.buckets.setdefault(key, [])
            bucket.append(cluster)
            if len(bucket) > MAX_BUCKET:
                # Very common band values (boilerplate) say little; keep the newest clusters only.
                del bucket[0]
        return added

    def remove(self, cluster: Cluster) -> None:
        """Take ``cluster`` out of every bucket (an event no longer open to new items)."""
        for key in cluster.keys:
            bucket = self.buckets.get(key)
            if bucket is not None and cluster in bucket:
                bucket.remove(cluster)
                if not bucket:
                    del self.buckets[key]

    def best(
        self, features: Features, threshold: float, accept: Callable[[Cluster], bool] | None = None
    ) -> tuple[Cluster | None, float]:
        """The most similar cluster at or above ``threshold`` (among those ``accept`` allows), and its similarity."""
        shared: Counter[Cluster] = Counter()
        buckets = self.buckets
        for key in features.keys:
            bucket = buckets.get(key)
            if bucket:
                shared.update(bucket)
        if not shared:
            return None, 0.0
        ranked = shared.most_common()
        checked = 0
        grams = features.grams
        # Candidates in order of shared bands: the first whose exemplar is similar enough takes the item.
        # Sharing the most bands is what similarity predicts, so this is nearly always the most similar.
        for cluster, _count in ranked:
            if accept is not None and not accept(cluster):
                continue
            for exemplar in cluster.exemplars:
                similarity = jaccard(grams, exemplar)
                if similarity >= threshold:
                    return cluster, similarity
            checked += 1
            if checked >= MAX_CANDIDATES:
                break
        return None, 0.0
