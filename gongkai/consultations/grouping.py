"""Near-identical and mass comments in one group, so that 500 copies of a template get one answer.

Two steps, within one consultation and one target (全文, 条 or 款):

1. Normalise: Unicode NFKC (full-width → half-width), lower case, and drop every punctuation mark,
   symbol, space and control character. Comments equal after this have the same sha256
   (``normalised_hash``) and always share a group.
2. Near-duplicates: the character-bigram sets of the normalised texts are compared by Jaccard
   similarity with each group's representative (its first comment). From
   ``GONGKAI_CONSULTATIONS_NEAR_DUPLICATE`` (0.7) on, the comment joins the most similar group: a
   template with a name, a place or a sentence changed stays far above it, two people's own
   comments on the same article far below. Very short texts (fewer than ``MIN_NEAR_LENGTH``
   characters) are grouped only when identical: "同意" and "不同意" are not near-duplicates.

Only representatives whose bigram count could reach the threshold are compared (|A∩B|/|A∪B| ≤
min/max of the sizes), so the work per new comment is a few set intersections.
"""

import hashlib
import unicodedata

from django.conf import settings

MIN_NEAR_LENGTH = 12
_DROP = ("P", "S", "Z", "C")


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith(_DROP))


def text_hash(text: str) -> str:
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingles(normalised: str) -> frozenset[str]:
    if len(normalised) < 2:
        return frozenset({normalised})
    return frozenset(normalised[i : i + 2] for i in range(len(normalised) - 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def threshold() -> float:
    return float(settings.GONGKAI_CONSULTATIONS_NEAR_DUPLICATE)


def best_match(normalised: str, candidates: list[tuple[int, str]]) -> int | None:
    """The id of the most similar representative at or above the threshold, or None.

    ``candidates``: (group id, representative's normalised text).
    """
    if len(normalised) < MIN_NEAR_LENGTH:
        return None
    limit = threshold()
    mine = shingles(normalised)
    best, best_score = None, limit
    for group_id, representative in candidates:
        if len(representative) < MIN_NEAR_LENGTH:
            continue
        theirs = shingles(representative)
        small, large = sorted((len(mine), len(theirs)))
        if large == 0 or small / large < limit:
            continue
        score = jaccard(mine, theirs)
        if score >= best_score:
            best, best_score = group_id, score
    return best
