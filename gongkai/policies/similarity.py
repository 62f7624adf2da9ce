"""Which existing 政策问答 answer a question being typed: overlap of Chinese bigrams and Latin words.

Bigrams need no dictionary and match any two-character substring (the recall Lucene's CJK
analyzer gives, docs/search.md); a question is short and the pool is a few hundred answers,
so scoring them all in Python is cheap and needs no index.
"""

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[A-Za-z0-9]+")
# Question words carry no topic: "如何办理排污许可" and "如何申请补贴" share nothing that matters.
STOP_BIGRAMS = frozenset(
    {
        "什么",
        "怎么",
        "如何",
        "哪些",
        "是否",
        "可以",
        "需要",
        "请问",
        "我们",
        "我的",
        "的吗",
        "了吗",
        "有没",
        "没有",
        "怎样",
        "为什",
    }
)
# Weight of a match in the question against one in the answer only.
QUESTION_WEIGHT = 0.7
ANSWER_WEIGHT = 0.3
MIN_SCORE = 0.12


def tokens(text: str) -> frozenset[str]:
    """Bigrams of every run of Chinese characters (a lone character stands for itself) and Latin words."""
    found: set[str] = set()
    for run in _CJK.findall(text or ""):
        if len(run) == 1:
            found.add(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    found.update(word.lower() for word in _WORD.findall(text or ""))
    return frozenset(found - STOP_BIGRAMS)


class Answerable(Protocol):
    question: str
    answer: str


def score(query: frozenset[str], question: str, answer: str) -> float:
    """0‥1: Dice overlap with the question, plus the share of the query found in the answer."""
    if not query:
        return 0.0
    in_question = tokens(question)
    in_answer = tokens(answer)
    dice = 2 * len(query & in_question) / (len(query) + len(in_question)) if in_question else 0.0
    coverage = len(query & (in_answer | in_question)) / len(query)
    return QUESTION_WEIGHT * dice + ANSWER_WEIGHT * coverage


T = TypeVar("T", bound=Answerable)


def rank(text: str, entries: Iterable[T], *, limit: int) -> list[tuple[T, float]]:
    """The ``limit`` best entries for ``text``, best first; entries below MIN_SCORE are left out."""
    query = tokens(text)
    scored = [(entry, score(query, entry.question, entry.answer)) for entry in entries]
    scored = [(entry, value) for entry, value in scored if value >= MIN_SCORE]
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]
