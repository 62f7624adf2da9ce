"""Offline sentiment of an opinion item: a lexicon (data/sentiment_lexicon.txt) shipped with the app.

The text is cut by forward maximum matching against every lexicon word (longest word first, so 不满
is one negative word, not 不 + 满, and 不错 is positive). A sentiment word preceded, within a short
window, by a negator is flipped (不好 is bad; 没有异味 is only mildly good: a negated negative word is
also weakened); by an intensifier it is multiplied (非常刺鼻). The score is the sum; an item is
negative when the score is at or below ``GONGKAI_OPINION_NEGATIVE_THRESHOLD``. No network and no model
file: it works on an isolated server.
"""

import functools
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from gongkai.opinion.expr import normalise

LEXICON_PATH = Path(__file__).with_name("data") / "sentiment_lexicon.txt"
SECTIONS = ("negative", "positive", "negator", "intensifier")
# A negator or intensifier acts on a sentiment word at most this many characters after it (不太好, 没有很臭).
WINDOW = 3
NEGATED_WEIGHT = 0.5


@dataclass(frozen=True)
class Lexicon:
    words: dict[str, tuple[str, float]]  # word → (section, weight)
    longest: int
    starts: frozenset[str]  # first characters of the words: most characters of a text start none


@functools.cache
def lexicon(path: Path = LEXICON_PATH) -> Lexicon:
    words: dict[str, tuple[str, float]] = {}
    section = ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in SECTIONS:
                raise ValueError(f"{path}:{number}: unknown section {section}")
            continue
        word, _, weight = line.partition("\t")
        words[normalise(word)] = (section, float(weight or 1))
    return Lexicon(words=words, longest=max(len(w) for w in words), starts=frozenset(w[0] for w in words))


@dataclass(frozen=True)
class Sentiment:
    score: float
    negative_words: tuple[str, ...]
    positive_words: tuple[str, ...]

    @property
    def is_negative(self) -> bool:
        return self.score <= settings.GONGKAI_OPINION_NEGATIVE_THRESHOLD


def score(text: str, *, normalised: bool = False) -> Sentiment:
    lex = lexicon()
    text = text if normalised else normalise(text)
    words, longest, starts = lex.words, lex.longest, lex.starts
    total = 0.0
    negative: list[str] = []
    positive: list[str] = []
    negate_until = -1
    intensity, intensify_until = 1.0, -1
    i, n = 0, len(text)
    while i < n:
        if text[i] not in starts:
            i += 1
            continue
        for size in range(min(longest, n - i), 0, -1):
            entry = words.get(text[i : i + size])
            if entry is not None:
                break
        else:
            i += 1
            continue
        section, weight = entry
        word = text[i : i + size]
        end = i + size
        if section == "negator":
            negate_until = end + WINDOW
        elif section == "intensifier":
            intensity, intensify_until = weight, end + WINDOW
        else:
            value = weight * (intensity if i <= intensify_until else 1.0)
            if section == "negative":
                value = -value
            if i <= negate_until:
                # 不好 is plainly bad; 没有异味 is only mildly good: negation weakens a negative word only.
                value = -value if value > 0 else -value * NEGATED_WEIGHT
                negate_until = -1
            (negative if value < 0 else positive).append(word)
            total += value
            intensify_until = -1
        i = end
    return Sentiment(round(total, 3), tuple(negative), tuple(positive))
