"""Chinese-aware tokenisation shared by indexing, querying and highlighting.

Text is normalised (NFKC, lower case: full-width ``２０２４`` and ``ＰＭ`` become ``2024`` and
``pm``) and split into *runs*:

- a CJK run (汉字, kana, hangul) is indexed as overlapping **bigrams** (污染防治 → 污染 染防 防治)
  plus every single character as a **unigram**. A query of n ≥ 2 characters is the phrase of its
  n-1 bigrams, a one-character query is its unigram, so any substring of a CJK run is found,
  including one that crosses word boundaries (染防 inside 污染防治) — what a word segmenter
  such as jieba misses (docs/search.md, measurements in the tech notes).
- a run of other letters and digits is one **word** (``pm2``, ``2024``, ``11520000mb1503262f``).

Bigrams, unigrams and words never coincide (two CJK characters, one CJK character, no CJK
character), so they can share one index column: a phrase of bigrams can never match across a
unigram or a word. Nothing else in the text becomes a token; every token consists only of
letters and digits, which is what keeps the SQL full-text query syntax of both databases out
of reach of user input.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Han (incl. extension A, compatibility and the supplementary planes), 〇, kana, hangul.
# Only letters: punctuation inside these blocks (・, ゠) stays a separator.
CJK_CLASS = (
    "\u3007\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
)
# A CJK run, or a run of letters/digits that are not CJK ([^\W_] is "alphanumeric").
RUN_RE = re.compile(f"([{CJK_CLASS}]+)|([^\\W_{CJK_CLASS}]+)")
# Longer "words" (hashes, base64 in a pasted link) are cut: nobody searches for them whole.
MAX_WORD_LENGTH = 40

# Kinds of query term.
PHRASE = "phrase"  # CJK run of two or more characters: its bigrams, adjacent
CHAR = "char"  # a single CJK character: its unigram
WORD = "word"  # letters/digits


def normalise(text: str) -> str:
    """NFKC and lower case, so full-width and upper-case input match the index."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    cjk: bool
    start: int
    end: int


def runs(normalised: str) -> Iterator[Run]:
    """The CJK and word runs of already normalised text, with their offsets."""
    for match in RUN_RE.finditer(normalised):
        cjk = match.group(1) is not None
        text = match.group(0) if cjk else match.group(0)[:MAX_WORD_LENGTH]
        yield Run(text, cjk, match.start(), match.end())


def bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def fts_text(text: str) -> str:
    """Space-separated tokens of ``text`` for one SQLite FTS5 column.

    Per CJK run: its bigrams, then its unigrams; per word run: the word. FTS5 numbers tokens in
    order, so the bigrams of one run sit at consecutive positions (phrases work) and the run's
    unigrams keep the bigrams of neighbouring runs apart (no phrase spans punctuation).
    """
    parts: list[str] = []
    for run in runs(normalise(text)):
        if run.cjk:
            parts.extend(bigrams(run.text))
            parts.extend(run.text)
        else:
            parts.append(run.text)
    return " ".join(parts)


# PostgreSQL keeps positions 1..16383 (larger ones are silently clamped) and at most 256
# positions per lexeme. Only bigrams need positions (words and unigrams are never inside a
# phrase), one per character; a run that would cross the limit starts again at 1, so a phrase
# never straddles the wrap.
PG_MAX_POSITION = 16383


class PgVectorBuilder:
    """Collects lexemes with positions and writes a ``tsvector`` literal.

    Building the literal ourselves (instead of ``to_tsvector``) means PostgreSQL's text parser
    never sees our tokens, so it cannot split or alter them (tested in test_backends.py).
    """

    def __init__(self) -> None:
        self.positions: dict[str, list[int]] = {}
        self.bare: set[str] = set()
        self.next_position = 1

    def add_text(self, text: str) -> None:
        for run in runs(normalise(text)):
            if not run.cjk:
                self.bare.add(run.text)
                continue
            self.bare.update(run.text)
            length = len(run.text)
            if self.next_position + length > PG_MAX_POSITION:
                self.next_position = 1
            for offset, gram in enumerate(bigrams(run.text)):
                position = min(self.next_position + offset, PG_MAX_POSITION)
                self.positions.setdefault(gram, []).append(position)
            # One position of gap: bigrams of two runs are never adjacent.
            self.next_position += length + 1

    def add_bare(self, lexemes: list[str]) -> None:
        self.bare.update(lexemes)

    def literal(self) -> str:
        parts = []
        for lexeme, positions in self.positions.items():
            unique = sorted(set(positions))[:256]
            parts.append(f"{pg_quote(lexeme)}:{','.join(map(str, unique))}")
        parts.extend(pg_quote(lexeme) for lexeme in self.bare if lexeme not in self.positions)
        return " ".join(parts)


def pg_quote(lexeme: str) -> str:
    """A lexeme quoted for tsvector/tsquery input (tokens have no quotes; this is defence)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


@dataclass(frozen=True, slots=True)
class Term:
    """One part of a query; all terms of a query must match (AND)."""

    kind: str
    text: str  # normalised surface form, used for highlighting

    @property
    def tokens(self) -> list[str]:
        if self.kind == PHRASE:
            return bigrams(self.text)
        return [self.text]


def parse_query(query: str) -> list[Term]:
    """The terms of a user's query: one per CJK run or word, in order, without duplicates.

    Everything that is not a letter or digit (quotes, ``*``, ``-``, parentheses, ``:``) only
    separates terms; ``NEAR``, ``AND`` or ``OR`` are ordinary words.
    """
    terms: list[Term] = []
    for run in runs(normalise(query)):
        if run.cjk:
            term = Term(PHRASE if len(run.text) > 1 else CHAR, run.text)
        else:
            term = Term(WORD, run.text)
        if term not in terms:
            terms.append(term)
    return terms
