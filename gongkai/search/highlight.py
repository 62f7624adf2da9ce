"""Highlighted titles and snippets: every character escaped, every hit wrapped in <mark>.

A hit is what the index matched: a CJK term anywhere as a substring, a word only as a whole
run of letters/digits. Matching runs on the normalised text (NFKC, lower case) and is mapped
back to the original characters, so full-width or upper-case text is marked where it stands.
"""

import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.search.tokenizer import CJK_CLASS, MAX_WORD_LENGTH, WORD, Term, normalise

SNIPPET_LENGTH = 120
SNIPPET_LEAD = 30  # characters shown before the first hit
WHITESPACE_RE = re.compile(r"\s+")


def _normalise_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """The normalised text and, if its length differs, each character's original index."""
    whole = normalise(text)
    if len(whole) == len(text):
        return whole, None
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = normalise(char)
        chars.append(piece)
        origin.extend([index] * len(piece))
    return "".join(chars), origin


def _word_pattern(word: str) -> re.Pattern:
    # A word matches a whole run of non-CJK letters/digits; a cut (maximum-length) word may
    # continue in the text.
    tail = "" if len(word) >= MAX_WORD_LENGTH else f"(?![^\\W_{CJK_CLASS}])"
    return re.compile(f"(?<![^\\W_{CJK_CLASS}]){re.escape(word)}{tail}")


def hit_spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int]]:
    """Merged (start, end) spans of ``text`` (original offsets) where a term matches."""
    if not text or not terms:
        return []
    normalised, origin = _normalise_with_offsets(text)
    spans: list[tuple[int, int]] = []
    for term in terms:
        if term.kind == WORD:
            spans.extend(match.span() for match in _word_pattern(term.text).finditer(normalised))
            continue
        start = normalised.find(term.text)
        while start != -1:
            spans.append((start, start + len(term.text)))
            start = normalised.find(term.text, start + 1)
    if origin is not None:
        spans = [(origin[start], origin[end - 1] + 1) for start, end in spans]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _render(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    out: list[str] = []
    position = start
    for hit_start, hit_end in spans:
        hit_start, hit_end = max(hit_start, start), min(hit_end, end)
        if hit_start >= hit_end:
            continue
        out.append(escape(text[position:hit_start]))
        out.append("<mark>" + escape(text[hit_start:hit_end]) + "</mark>")
        position = hit_end
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: Sequence[Term]) -> SafeString:
    """All of ``text``, escaped, with hits marked."""
    return mark_safe(_render(text, hit_spans(text, terms), 0, len(text)))  # noqa: S308 — escaped above


def snippet(text: str, terms: Sequence[Term], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first hit (or its start), escaped, hits marked."""
    spans = hit_spans(text, terms)
    start = max(0, spans[0][0] - SNIPPET_LEAD) if spans else 0
    end = min(len(text), start + length)
    if end - start < length:
        start = max(0, end - length)
    html = _render(text, spans, start, end)
    # Escaped text and <mark> carry no whitespace of their own; line breaks read as spaces.
    html = WHITESPACE_RE.sub(" ", html).strip()
    if start > 0:
        html = "…" + html
    if end < len(text):
        html += "…"
    return mark_safe(html)  # noqa: S308 — escaped in _render
