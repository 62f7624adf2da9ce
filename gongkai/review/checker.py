"""错敏词检查: scan a page's title, summary and body for sensitive words and wrong terms.

Matching is an Aho–Corasick automaton in pure Python: one pass over the text whatever the
number of words, so a list of thousands of entries costs the same as a list of ten. The
automaton is built once per process and rebuilt when the word lists change (a signal clears
it in this process; a fingerprint of the two tables catches changes made by other processes).
"""

from __future__ import annotations

import datetime
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import unescape

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.html import strip_tags

from gongkai.review.models import SensitiveOverride, SensitiveWord, Severity, WrongTerm

CONTEXT_CHARS = 15
CHECKED_FIELDS = (("title", "标题", False), ("summary", "摘要", False), ("body", "正文", True))

KIND_SENSITIVE = "sensitive"
KIND_WRONG_TERM = "wrong_term"
KIND_LABELS = {KIND_SENSITIVE: "敏感词", KIND_WRONG_TERM: "错误用语"}


@dataclass(frozen=True)
class Entry:
    word: str
    kind: str
    severity: str
    correction: str = ""
    note: str = ""
    effective_from: datetime.date | None = None


@dataclass(frozen=True)
class Hit:
    """One occurrence of a listed word in one field, with its surrounding text."""

    field: str
    field_label: str
    start: int
    end: int
    word: str
    kind: str
    severity: str
    correction: str
    note: str
    before: str
    after: str

    @property
    def severe(self) -> bool:
        return self.severity == Severity.SEVERE

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def context(self) -> str:
        return f"…{self.before}【{self.word}】{self.after}…"

    def as_dict(self) -> dict:
        return {
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "word": self.word,
            "kind": self.kind,
            "severity": self.severity,
            "correction": self.correction,
            "context": self.context,
        }


def _fold(text: str) -> str:
    # Case-insensitive for Latin letters without changing any offset.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class AhoCorasick:
    """Finds every occurrence of every keyword in one left-to-right pass."""

    def __init__(self, keywords: Iterable[str]):
        self._goto: list[dict[str, int]] = [{}]
        self._fail: list[int] = [0]
        self._out: list[list[str]] = [[]]
        for keyword in keywords:
            self._add(keyword)
        self._build()

    def _add(self, keyword: str) -> None:
        state = 0
        for ch in keyword:
            nxt = self._goto[state].get(ch)
            if nxt is None:
                nxt = len(self._goto)
                self._goto[state][ch] = nxt
                self._goto.append({})
                self._fail.append(0)
                self._out.append([])
            state = nxt
        self._out[state].append(keyword)

    def _build(self) -> None:
        queue = deque(self._goto[0].values())  # depth-1 states fail to the root
        while queue:
            state = queue.popleft()
            for ch, nxt in self._goto[state].items():
                queue.append(nxt)
                fallback = self._fail[state]
                while fallback and ch not in self._goto[fallback]:
                    fallback = self._fail[fallback]
                self._fail[nxt] = self._goto[fallback].get(ch, 0)
                self._out[nxt] = self._out[nxt] + self._out[self._fail[nxt]]

    def finditer(self, text: str) -> Iterator[tuple[int, int, str]]:
        goto, fail, out = self._goto, self._fail, self._out
        state = 0
        for i, ch in enumerate(text):
            while state and ch not in goto[state]:
                state = fail[state]
            state = goto[state].get(ch, 0)
            for keyword in out[state]:
                yield i - len(keyword) + 1, i + 1, keyword


class Matcher:
    """The compiled word lists: entries per folded keyword, and exception phrases to ignore."""

    def __init__(self, entries: Iterable[Entry], exceptions: Iterable[str] = ()):
        self.entries: dict[str, list[Entry]] = {}
        for entry in entries:
            self.entries.setdefault(_fold(entry.word), []).append(entry)
        self.exceptions = {_fold(e) for e in exceptions if e} - set(self.entries)
        self.automaton = AhoCorasick([*self.entries, *self.exceptions])

    def scan(self, text: str, *, reference_date: datetime.date) -> list[tuple[int, int, Entry]]:
        found = list(self.automaton.finditer(_fold(text)))
        excepted = [(s, e) for s, e, k in found if k in self.exceptions]
        results = []
        for start, end, keyword in found:
            if keyword in self.exceptions:
                continue
            # An exception phrase such as 环境保护部门 hides the wrong term 环境保护部 inside it.
            if any(s <= start and end <= e for s, e in excepted):
                continue
            for entry in self.entries[keyword]:
                if entry.effective_from and reference_date < entry.effective_from:
                    continue
                results.append((start, end, entry))
        results.sort(key=lambda r: (r[0], r[1]))
        return results


_lock = threading.Lock()
_cached: dict[str, object] = {"fingerprint": None, "matcher": None}


def _fingerprint() -> tuple:
    words = SensitiveWord.objects.aggregate(n=Count("pk"), m=Max("updated_at"))
    terms = WrongTerm.objects.aggregate(n=Count("pk"), m=Max("updated_at"))
    return (words["n"], words["m"], terms["n"], terms["m"])


def _load_matcher() -> Matcher:
    entries = [
        Entry(word=w.word, kind=KIND_SENSITIVE, severity=w.severity, note=w.note)
        for w in SensitiveWord.objects.active()
    ]
    exceptions: list[str] = []
    for t in WrongTerm.objects.active():
        entries.append(
            Entry(
                word=t.wrong,
                kind=KIND_WRONG_TERM,
                severity=t.severity,
                correction=t.correct,
                note=t.note,
                effective_from=t.effective_from,
            )
        )
        exceptions.extend(t.exception_list)
    return Matcher(entries, exceptions)


def get_matcher() -> Matcher:
    fingerprint = _fingerprint()
    with _lock:
        if _cached["matcher"] is None or _cached["fingerprint"] != fingerprint:
            _cached["matcher"] = _load_matcher()
            _cached["fingerprint"] = fingerprint
        return _cached["matcher"]  # type: ignore[return-value]


def invalidate_matcher(**kwargs) -> None:
    """Signal receiver: the word lists changed in this process."""
    with _lock:
        _cached["matcher"] = None
        _cached["fingerprint"] = None


_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|div|tr|td|th|blockquote)\s*>|<br\s*/?>", re.IGNORECASE)


def plain_text(html: str) -> str:
    """Rich text as the reader sees it; block ends become line breaks so words never join across paragraphs."""
    return unescape(strip_tags(_BLOCK_END.sub("\n", html or "")))


def check_fields(fields: Iterable[tuple[str, str, str]], *, reference_date: datetime.date | None = None) -> list[Hit]:
    """Scan ``(name, label, plain text)`` triples; offsets in a Hit are into that plain text."""
    matcher = get_matcher()
    reference_date = reference_date or timezone.localdate()
    hits = []
    for name, label, text in fields:
        if not text:
            continue
        for start, end, entry in matcher.scan(text, reference_date=reference_date):
            hits.append(
                Hit(
                    field=name,
                    field_label=label,
                    start=start,
                    end=end,
                    word=text[start:end],
                    kind=entry.kind,
                    severity=entry.severity,
                    correction=entry.correction,
                    note=entry.note,
                    before=text[max(0, start - CONTEXT_CHARS) : start].replace("\n", " "),
                    after=text[end : end + CONTEXT_CHARS].replace("\n", " "),
                )
            )
    return hits


def page_fields(page) -> list[tuple[str, str, str]]:
    fields = []
    for name, label, is_rich_text in CHECKED_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str) and value:
            fields.append((name, label, plain_text(value) if is_rich_text else value))
    return fields


def check_page(page) -> list[Hit]:
    """Every hit in a page (or a revision's page object).

    Wrong terms with an effective date are judged against the item's 成文日期 when it has one:
    a 2017 document rightly says 环境保护部.
    """
    reference_date = getattr(page, "written_date", None) or timezone.localdate()
    return check_fields(page_fields(page), reference_date=reference_date)


def overridden_words(page) -> set[str]:
    if not page.pk:
        return set()
    words: set[str] = set()
    for listed in SensitiveOverride.objects.filter(page_id=page.pk).values_list("words", flat=True):
        words.update(_fold(w) for w in listed)
    return words


def severe_words(hits: Iterable[Hit]) -> list[str]:
    seen: dict[str, None] = {}
    for hit in hits:
        if hit.severe:
            seen.setdefault(hit.word, None)
    return list(seen)


def unresolved_severe_words(page, hits: list[Hit] | None = None) -> list[str]:
    """Severe words in ``page`` that no 办公室审核 override has let through yet."""
    hits = check_page(page) if hits is None else hits
    cleared = overridden_words(page)
    return [w for w in severe_words(hits) if _fold(w) not in cleared]
