"""The index behind the public query's party-name and 决定文书号 fragments (docs/enforcement-public.md).

A ``LIKE '%贵阳%'`` over every decision is a table scan: 420–530 ms at 200,000 decisions. Instead
each published decision has one ``DecisionSearchEntry`` holding the tokens of its 行政相对人名称
and 决定文书号, as ``gongkai.search`` tokenises Chinese (``gongkai.search.tokenizer``):

- a CJK run gives its overlapping **bigrams** and every character as a **unigram**, so any
  substring of one, two or more characters is found (a phrase of bigrams, or a unigram);
- a run of letters or digits gives the word **and every suffix of it** (``2025 025 25 5``), and
  the word a query ends with is matched as a **prefix** (a prefix of a suffix is any infix), every
  other query word exactly, so ``〔2025〕4`` and ``025`` still find ``黔环罚〔2025〕41号``, as the
  substring search did.

SQLite: an external-content FTS5 table over the entry table (triggers keep it in step), whose
rowid is the entry's ``sort_key`` = decision date and id, so ``ORDER BY rowid DESC`` is the list
order (newest 决定日期 first, then newest id) and a LIMIT stops the walk early however common the
fragment. PostgreSQL: a ``tsvector`` column built from the same tokens by ``array_to_tsvector``
(so PostgreSQL's parser never splits them), GIN-indexed. On SQLite a phrase leaves out the
bigrams nearly every name has (有限, 公司: ``rare_runs``), which only widens the candidates.

The index only proposes candidates. The query still applies ``selectors.public_decisions`` and
the substring test itself to every candidate, so the answer is exactly the set the scan gave;
the index merely has to contain every public decision (a superset is harmless). Entries follow
the decision on every save (``sync``, wired in apps.py): one exists while the decision is live
and not a minor's, so a draft, a withdrawn or a removed decision is never even a candidate, and
an expired one is filtered by ``public_until`` like everywhere else. Only the published
行政相对人名称 (双公示 field 1) and 决定文书号 are indexed — never a raw text, an identity number
or anything masked.
"""

import datetime
import unicodedata
from collections.abc import Iterable

from django.db import connection

from gongkai.search.tokenizer import CHAR, PHRASE, bigrams, normalise, parse_query, pg_quote, runs

FTS_TABLE = "enforcement_decision_fts"
ENTRY_TABLE = "enforcement_decisionsearchentry"
ID_BITS = 32
ID_MASK = (1 << ID_BITS) - 1
WORD_PREFIX = "word_prefix"
# How a phrase's bigrams are judged common (rare_runs): their share of the newest SAMPLE_SIZE entries.
SAMPLE_SIZE = 2000
COMMON_SHARE = 0.5
COMMON_RATIO = 4

_OPENERS = "[(【〔［（﹝〖"
_CLOSERS = "])】〕］）﹞〗"
_BRACKETS = str.maketrans(_OPENERS + _CLOSERS, "〔" * len(_OPENERS) + "〕" * len(_CLOSERS))


def number_key(value: str) -> str:
    """A 决定文书号 as compared: full-width folded, spaces dropped, every kind of bracket as 〔〕, upper case.

    So ``黔环罚[2025]41号``, ``黔环罚（2025）41号`` and ``黔环罚〔2025〕 41号`` are one number.
    """
    folded = unicodedata.normalize("NFKC", value or "")
    return "".join(folded.split()).translate(_BRACKETS).upper()


def sort_key(decision_date: datetime.date, pk: int) -> int:
    """Descending sort key = the public list's order (-decision_date, -pk)."""
    return (decision_date.toordinal() << ID_BITS) | pk


def tokens(text: str) -> str:
    """Space-separated index tokens of one field: bigrams and unigrams per CJK run, suffixes per word."""
    parts: list[str] = []
    for run in runs(normalise(text or "")):
        if run.cjk:
            parts.extend(bigrams(run.text))
            parts.extend(run.text)
        else:
            parts.extend(run.text[i:] for i in range(len(run.text)))
    return " ".join(parts)


def indexable(decision) -> bool:
    return bool(decision.live) and not decision.party_is_minor and decision.pk is not None


def entry_for(decision):
    from gongkai.enforcement.models import DecisionSearchEntry

    return DecisionSearchEntry(
        decision_id=decision.pk,
        sort_key=sort_key(decision.decision_date, decision.pk),
        names=tokens(decision.party_name),
        numbers=tokens(decision.decision_number),
    )


def sync(decision) -> None:
    """Make the decision's entry match it: present and current while it may be public, absent otherwise."""
    from gongkai.enforcement.models import DecisionSearchEntry

    if not indexable(decision):
        DecisionSearchEntry.objects.filter(decision_id=decision.pk).delete()
        return
    entry = entry_for(decision)
    current = DecisionSearchEntry.objects.filter(decision_id=decision.pk).first()
    if current is not None:
        if (current.sort_key, current.names, current.numbers) == (entry.sort_key, entry.names, entry.numbers):
            return
        current.delete()  # the FTS trigger needs the old values to remove their postings
    entry.save(force_insert=True)


def index_many(decisions: Iterable, batch_size: int = 2000) -> int:
    """Bulk-add entries for decisions that have none (the benchmark's fill, ``rebuild``)."""
    from gongkai.enforcement.models import DecisionSearchEntry

    entries = [entry_for(d) for d in decisions if indexable(d)]
    DecisionSearchEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def rebuild() -> int:
    """Drop every entry and index the live decisions again (after a change to the tokenising)."""
    from gongkai.enforcement.models import Decision, DecisionSearchEntry

    DecisionSearchEntry.objects.all().delete()
    live = Decision.objects.filter(live=True, party_is_minor=False).only(
        "pk", "live", "party_is_minor", "decision_date", "party_name", "decision_number"
    )
    done = 0
    batch = []
    for decision in live.iterator(chunk_size=2000):
        batch.append(decision)
        if len(batch) == 2000:
            done += index_many(batch)
            batch = []
    return done + index_many(batch)


# ---------- queries ----------


def _terms(q: str) -> list[tuple[str, list[str]]]:
    """(kind, tokens) per term of the query; kind WORD_PREFIX for the word ``q`` ends with.

    Only that word can stop inside a longer word of the name or number; any other word is followed
    in ``q`` by something else, so it is a whole token (or, first in ``q``, a whole suffix token)
    and is matched exactly — a prefix match of a common word such as 2025 costs 50 ms at 1,000,000.
    """
    found = list(runs(normalise(q)))
    last = found[-1] if found and not found[-1].cjk and found[-1].end == len(normalise(q)) else None
    terms = []
    for term in parse_query(q):
        kind = (
            WORD_PREFIX
            if last is not None and term.kind not in (PHRASE, CHAR) and term.text == last.text
            else term.kind
        )
        terms.append((kind, term.tokens))
    return terms


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def sample_shares(found: Iterable[str]) -> dict[str, float]:
    """Each token's share of the newest ``SAMPLE_SIZE`` entries: how common it is, at a bounded cost.

    FTS5 knows a term's document count only by walking its whole posting list (``fts5vocab``
    'row': 20 ms for 公司 at 90,000 decisions, growing with the table) — the very cost to avoid.
    Counting within the newest entries instead is a rowid range FTS5 seeks to: at most
    ``SAMPLE_SIZE`` postings per token, about half a millisecond each at any size.
    """
    found = sorted(set(found))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*), MIN(sort_key) FROM (SELECT sort_key FROM {ENTRY_TABLE} "  # noqa: S608
            "ORDER BY sort_key DESC LIMIT %s) AS newest",
            [SAMPLE_SIZE],
        )
        sampled, lowest = cursor.fetchone()
        if not sampled:
            return dict.fromkeys(found, 0.0)
        shares = {}
        for token in found:
            cursor.execute(
                f'SELECT COUNT(*) FROM "{FTS_TABLE}" WHERE "{FTS_TABLE}" MATCH %s AND rowid >= %s',  # noqa: S608
                [_quoted(token), lowest],
            )
            shares[token] = cursor.fetchone()[0] / sampled
    return shares


def rare_runs(phrase: list[str], shares: dict[str, float]) -> list[list[str]]:
    """The phrase's bigrams worth walking, as runs of adjacent ones: the near-universal ones dropped.

    A bigram such as 公司 or 有限 is in nearly every name, and FTS5 checks a phrase by walking every
    member's positions: 焦化有限公司7 cost 160 ms at 1,000,000 decisions, almost all of it in 有限,
    限公 and 公司. Each run of adjacent kept bigrams is still a phrase every match contains, so the
    candidates stay a superset and the substring test keeps the answer exact. A bigram is dropped
    only if it is in more than ``COMMON_SHARE`` of the sample and ``COMMON_RATIO`` times as common
    as the phrase's rarest — so the rarest is always kept, and 有限公司 (all common) stays whole.
    """
    rarest = min(shares.get(token, 0.0) for token in phrase)
    limit = max(COMMON_SHARE, rarest * COMMON_RATIO)
    found: list[list[str]] = []
    current: list[str] = []
    for token in phrase:
        if shares.get(token, 0.0) <= limit:
            current.append(token)
        elif current:
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def fts_expression(q: str, shares: dict[str, float] | None = None) -> str | None:
    """The FTS5 MATCH expression: every term in the name, or every term in the number. None: no term.

    With ``shares`` (``sample_shares``), a phrase keeps only its rarer bigrams (``rare_runs``).
    """
    parts = []
    for kind, found in _terms(q):
        quoted = [_quoted(token) for token in found]
        if kind == PHRASE and shares is not None:
            parts.extend("(" + " + ".join(_quoted(token) for token in run) + ")" for run in rare_runs(found, shares))
        elif kind == PHRASE:
            parts.append("(" + " + ".join(quoted) + ")")
        elif kind == WORD_PREFIX:
            parts.append(quoted[0] + " *")
        else:
            parts.append(quoted[0])
    if not parts:
        return None
    body = " AND ".join(parts)
    return f"(names : ({body})) OR (numbers : ({body}))"


def pg_tsquery(q: str) -> str | None:
    """The tsquery literal for PostgreSQL: every token present (adjacency is left to the substring test)."""
    parts = []
    for kind, found in _terms(q):
        if kind == WORD_PREFIX:
            parts.append(pg_quote(found[0]) + ":*")
        else:
            parts.extend(pg_quote(token) for token in found)
    return " & ".join(parts) if parts else None


def restrict(decisions, q: str, *, date_from: datetime.date | None = None, date_to: datetime.date | None = None):
    """``decisions`` narrowed to the index's candidates for ``q``, in list order; None: nothing to look up.

    On SQLite the FTS table drives the join (its rowid order is the list order, so a LIMIT ends
    the walk early) and the date range becomes a rowid range the FTS table applies itself.
    """
    if connection.vendor == "sqlite":
        terms = _terms(q)
        # A one-bigram phrase has nothing to leave out: no sampling for it.
        phrases = [token for kind, found in terms if kind == PHRASE and len(found) > 1 for token in found]
        expression = fts_expression(q, sample_shares(phrases) if phrases else None)
        if expression is None:
            return None
        where = [f'"{FTS_TABLE}" MATCH %s', f'"enforcement_decision"."id" = ("{FTS_TABLE}"."rowid" & {ID_MASK})']
        params: list = [expression]
        if date_from is not None:
            where.append(f'"{FTS_TABLE}"."rowid" >= %s')
            params.append(date_from.toordinal() << ID_BITS)
        if date_to is not None:
            where.append(f'"{FTS_TABLE}"."rowid" < %s')
            params.append((date_to.toordinal() + 1) << ID_BITS)
        return decisions.extra(
            select={"search_key": f'"{FTS_TABLE}"."rowid"'}, tables=[FTS_TABLE], where=where, params=params
        ).order_by("-search_key")
    query = pg_tsquery(q)
    if query is None:
        return None
    # A constant table name; the query itself is a bound parameter.
    subquery = f"SELECT decision_id FROM {ENTRY_TABLE} WHERE vector @@ %s::tsquery"  # noqa: S608
    return decisions.extra(
        where=[f'"enforcement_decision"."id" IN ({subquery})'],
        params=[query],
    ).order_by("-decision_date", "-pk")
