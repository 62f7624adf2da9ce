"""State changes of 舆情监测与回应, one function per change.

Ingestion (``opinion_item_ingest``, ``ingest_batch``) stores items idempotently, scores them, matches
the topic rules and sensitive words, clusters them into events and checks for spikes. The event
workflow (研判 → 交办 → 回应 → 办结, with 报告省政府 when several departments are involved) and
the incidents follow the project's pattern: check permission → change in one transaction → audit
log (``wagtail.log_actions.log``) → notify. Errors are ``ValidationError`` (Chinese, shown as 400)
or ``PermissionDenied`` (403).
"""

import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.core.text import strip_control_chars
from gongkai.opinion import clustering, expr, permissions, sentiment
from gongkai.opinion.models import (
    Alert,
    Escalation,
    Event,
    EventBand,
    EventState,
    Incident,
    IncidentLevel,
    IncidentUpdate,
    Item,
    RiskLevel,
    SensitiveWord,
    Source,
    SourceKind,
    TopicRule,
    UpdateKind,
)
from gongkai.org.models import Department

ACTIONS = {
    "opinion.item_manual": "人工录入舆情",
    "opinion.assess": "舆情研判",
    "opinion.assign": "交办处室",
    "opinion.respond": "回应舆情",
    "opinion.escalate": "报告省政府主管部门",
    "opinion.close": "办结舆情事件",
    "opinion.alert": "舆情突增预警",
    "opinion.alert_acknowledge": "处理预警",
    "opinion.incident_create": "登记突发环境事件",
    "opinion.incident_update_create": "起草突发环境事件信息",
}

MAX_TITLE = 300
MAX_TEXT = 20_000
MAX_EXTERNAL_ID = 300
# What clustering reads of an item: the story is in the title and the first paragraphs.
CLUSTER_TEXT_CHARS = clustering.KEY_TEXT_LENGTH
MIN_NOTE = 4


def _clean(value: str, *, what: str, minimum: int = MIN_NOTE, maximum: int | None = None) -> str:
    value = strip_control_chars(value or "").strip()
    if not value:
        raise ValidationError(f"请填写{what}。", code="required")
    if len(value) < minimum:
        raise ValidationError(f"{what}过短，请具体说明（至少{minimum}个字）。", code="too_short")
    if maximum is not None and len(value) > maximum:
        raise ValidationError(f"{what}过长（最多{maximum}个字）。", code="too_long")
    return value


def _safe_url(url: str) -> str:
    url = strip_control_chars(url or "").strip()
    return url[:1000] if url.lower().startswith(("http://", "https://")) else ""


# --- ingestion ----------------------------------------------------------------------------------


@dataclass
class ItemInput:
    source_kind: str
    external_id: str
    title: str
    text: str = ""
    url: str = ""
    published_at: datetime.datetime | None = None
    source: Source | None = None
    created_by: AbstractBaseUser | None = None


@dataclass
class IngestContext:
    """What one ingestion run reads once: rules, sensitive words, and the clustering index.

    A fresh context per call is correct; ``bench_opinion`` and long fetch runs keep one across
    batches so that events already loaded are not re-read.
    """

    # (rule id, its compiled matcher): parsed and compiled once per run, not once per item.
    rules: list[tuple[int, Callable[[str], bool]]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    index: clustering.Index = field(default_factory=clustering.Index)
    clusters: dict[int, clustering.Cluster] = field(default_factory=dict)
    # Preloaded: every recent event is in the index, so each batch only asks for events created since
    # (by another process) instead of looking up its band keys. For long runs; a single item is cheaper
    # looked up by its bands.
    preloaded: bool = False
    newest_event_id: int = 0

    @classmethod
    def load(cls, *, preload: bool = False) -> "IngestContext":
        rules = []
        for rule in TopicRule.objects.filter(active=True):
            try:
                rules.append((rule.pk, expr.compile_matcher(expr.parse(rule.expression))))
            except expr.ExpressionError:
                continue  # saved before validation existed, or edited in the database: skip, never fail ingestion
        words = [expr.normalise(w) for w in SensitiveWord.objects.filter(active=True).values_list("word", flat=True)]
        context = cls(rules=rules, words=[w for w in words if w], preloaded=preload)
        if preload:
            since = timezone.now() - datetime.timedelta(days=settings.GONGKAI_OPINION_CLUSTER_WINDOW_DAYS)
            context.add_events(Event.objects.filter(last_seen_at__gte=since))
        return context

    def forget_before(self, since: datetime.datetime) -> None:
        """Drop the events last seen before ``since`` from the index: a long run's memory stays bounded by
        the events of one window, not by everything it has ever ingested."""
        stale = [pk for pk, cluster in self.clusters.items() if cluster.ref.last_seen_at < since]
        for pk in stale:
            self.index.remove(self.clusters.pop(pk))

    def add_events(self, events: Iterable[Event]) -> None:
        for event in events:
            self.newest_event_id = max(self.newest_event_id, event.pk)
            if event.pk in self.clusters:
                continue
            cluster = clustering.Cluster(ref=event)
            for text in event.key_texts:
                self.index.add(cluster, clustering.Features.of(text))
            self.clusters[event.pk] = cluster


@dataclass
class _Prepared:
    data: ItemInput
    published_at: datetime.datetime
    normalised: str
    features: clustering.Features


# ``SourceKind.values`` builds a new list on every access: ten microseconds per item.
_SOURCE_KINDS = frozenset(SourceKind.values)


def _prepare(data: ItemInput, now: datetime.datetime) -> _Prepared:
    if data.source_kind not in _SOURCE_KINDS:
        raise ValidationError(f"未知的来源类型：{data.source_kind}。", code="source_kind")
    data.external_id = strip_control_chars(str(data.external_id or "")).strip()[:MAX_EXTERNAL_ID]
    if not data.external_id:
        raise ValidationError("来源编号不能为空。", code="external_id")
    data.title = strip_control_chars(data.title or "").strip()[:MAX_TITLE] or "（无标题）"
    data.text = strip_control_chars(data.text or "").strip()[:MAX_TEXT]
    data.url = _safe_url(data.url)
    published = data.published_at or now
    if timezone.is_naive(published):
        published = timezone.make_aware(published)
    # A post "from the future" is a wrong clock somewhere; it must not escape every window.
    published = min(published, now)
    normalised = expr.normalise(data.title + "\n" + data.text)
    return _Prepared(
        data=data,
        published_at=published,
        normalised=normalised,
        features=clustering.Features.of(normalised[:CLUSTER_TEXT_CHARS], normalised=True),
    )


def _load_candidates(context: IngestContext, prepared: Sequence[_Prepared], window: datetime.timedelta) -> None:
    if context.preloaded:
        context.add_events(Event.objects.filter(pk__gt=context.newest_event_id))
        return
    keys = {key for p in prepared for key in p.features.keys}
    if not keys:
        return
    since = min(p.published_at for p in prepared) - window
    event_ids: set[int] = set()
    keys = list(keys)
    for start in range(0, len(keys), 500):
        event_ids.update(
            EventBand.objects.filter(key__in=keys[start : start + 500], event__last_seen_at__gte=since)
            .values_list("event_id", flat=True)
            .distinct()
        )
    context.add_events(Event.objects.filter(pk__in=event_ids - set(context.clusters)))


def _existing_keys(inputs: Sequence[ItemInput]) -> set[tuple[str, str]]:
    by_kind: dict[str, list[str]] = {}
    for data in inputs:
        by_kind.setdefault(data.source_kind, []).append(data.external_id)
    found: set[tuple[str, str]] = set()
    for kind, ids in by_kind.items():
        for start in range(0, len(ids), 500):
            found.update(
                Item.objects.filter(source_kind=kind, external_id__in=ids[start : start + 500]).values_list(
                    "source_kind", "external_id"
                )
            )
    return found


def _insert(
    model: type, columns: Sequence[str], rows: Sequence[tuple], *, returning: bool = False, ignore: bool = False
) -> list[int]:
    """Multi-row INSERTs of values already adapted for the database; the new primary keys if ``returning``.

    Ingestion stores tens of thousands of rows per run: Django's ``bulk_create`` prepares every value
    of every row through the field machinery, which cost more than everything else of ingestion
    together; these rows are plain values (the few dates and JSON values are adapted by the caller).
    """
    if not rows:
        return []
    ops = connection.ops
    on_conflict = OnConflict.IGNORE if ignore else None
    head = (
        f"{ops.insert_statement(on_conflict=on_conflict)} {ops.quote_name(model._meta.db_table)} "
        f"({', '.join(ops.quote_name(c) for c in columns)}) VALUES "
    )
    tail = " " + ops.on_conflict_suffix_sql([], on_conflict, [], []) if ignore else ""
    if returning:
        tail += f" RETURNING {ops.quote_name(model._meta.pk.column)}"
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, min(1000, (connection.features.max_query_params or 60000) // len(columns)))
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(head + ", ".join([row_sql] * len(chunk)) + tail, [value for row in chunk for value in row])
            if returning:
                pks.extend(row[0] for row in cursor.fetchall())
    return pks


def ingest_batch(
    inputs: Iterable[ItemInput],
    *,
    context: IngestContext | None = None,
    now: datetime.datetime | None = None,
    check_alerts: bool = True,
) -> list[Item]:
    """Store new items (already known ones are skipped), cluster them incrementally, check for spikes.

    Returns the items created. Items are processed in order of publication, each compared only with
    recent events sharing one of its LSH bands (``clustering``).
    """
    now = now or timezone.now()
    context = context or IngestContext.load()
    window = datetime.timedelta(days=settings.GONGKAI_OPINION_CLUSTER_WINDOW_DAYS)
    threshold = settings.GONGKAI_OPINION_CLUSTER_THRESHOLD

    prepared: list[_Prepared] = []
    seen: set[tuple[str, str]] = set()
    for data in inputs:
        item = _prepare(data, now)
        key = (data.source_kind, data.external_id)
        if key not in seen:
            seen.add(key)
            prepared.append(item)
    if not prepared:
        return []
    known = _existing_keys([p.data for p in prepared])
    prepared = [p for p in prepared if (p.data.source_kind, p.data.external_id) not in known]
    if not prepared:
        return []
    prepared.sort(key=lambda p: p.published_at)

    try:
        with transaction.atomic():
            created, touched = _store(prepared, context, window, threshold)
    except IntegrityError:
        # Someone stored one of these items meanwhile (two fetches at once): drop what is now known, once.
        _forget_unsaved(context)
        known = _existing_keys([p.data for p in prepared])
        prepared = [p for p in prepared if (p.data.source_kind, p.data.external_id) not in known]
        with transaction.atomic():
            created, touched = _store(prepared, context, window, threshold)
    if check_alerts and touched:
        from gongkai.opinion.alerts import check_spikes

        check_spikes(event_ids=touched, now=now)
    return created


def _widen_sightings(events: Iterable[Event]) -> None:
    """Move the touched events' first and last sighting outwards to what this run has seen of them.

    A merge, never an overwrite: another fetch may have widened them meanwhile, and the stored value
    wins where it is already wider. Constant work per event (recomputing from the items read the
    whole of every large event on every batch).
    """
    ops = connection.ops
    adapt = ops.adapt_datetimefield_value
    last, first = ops.quote_name("last_seen_at"), ops.quote_name("first_seen_at")
    sql = (
        f"UPDATE {ops.quote_name(Event._meta.db_table)} SET "  # noqa: S608 -- identifiers from the model, values as parameters
        f"{last} = CASE WHEN {last} < %s THEN %s ELSE {last} END, "
        f"{first} = CASE WHEN {first} > %s THEN %s ELSE {first} END "
        f"WHERE {ops.quote_name(Event._meta.pk.column)} = %s"
    )
    params = []
    for event in events:
        last_value, first_value = adapt(event.last_seen_at), adapt(event.first_seen_at)
        params.append((last_value, last_value, first_value, first_value, event.pk))
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


ITEM_COLUMNS = [
    "source_kind",
    "source_id",
    "external_id",
    "title",
    "text",
    "url",
    "published_at",
    "fetched_at",
    "event_id",
    "sentiment",
    "negative",
    "sensitive_words",
    "created_by_id",
]


def _forget_unsaved(context: IngestContext) -> None:
    context.index = clustering.Index()
    context.clusters = {}


def _store(
    prepared: Sequence[_Prepared], context: IngestContext, window: datetime.timedelta, threshold: float
) -> tuple[list[Item], set[int]]:
    # Items arrive in order of publication: no item of this batch can join an event closed before the first.
    context.forget_before(prepared[0].published_at - window)
    _load_candidates(context, prepared, window)
    new_events: list[Event] = []
    new_clusters: list[clustering.Cluster] = []
    changed: dict[int, Event] = {}
    new_texts: dict[int, Event] = {}
    bands: list[tuple[Event, int]] = []
    pending: list[tuple[_Prepared, Event, float, bool, list[str]]] = []
    topic_links: list[tuple[int, list[int]]] = []

    for p in prepared:
        since = p.published_at - window

        def recent(cluster: clustering.Cluster, since=since) -> bool:
            return cluster.ref.last_seen_at >= since

        cluster, _similarity = context.index.best(p.features, threshold, accept=recent)
        if cluster is None:
            event = Event(title=p.data.title, first_seen_at=p.published_at, last_seen_at=p.published_at, key_texts=[])
            cluster = clustering.Cluster(ref=event)
            new_events.append(event)
            new_clusters.append(cluster)
        event = cluster.ref
        added = context.index.add(cluster, p.features)
        if added is not None:
            event.key_texts = [*event.key_texts, (p.data.title + "\n" + p.data.text)[: clustering.KEY_TEXT_LENGTH]]
            bands.extend((event, key) for key in added)
            if event.pk:
                new_texts[event.pk] = event
        if event.pk and (p.published_at > event.last_seen_at or p.published_at < event.first_seen_at):
            changed[event.pk] = event
        event.last_seen_at = max(event.last_seen_at, p.published_at)
        event.first_seen_at = min(event.first_seen_at, p.published_at)
        score = sentiment.score(p.normalised, normalised=True)
        words = [w for w in context.words if w in p.normalised]
        matched = [rule_id for rule_id, match in context.rules if match(p.normalised)]
        pending.append((p, event, score.score, score.is_negative, words))
        if matched:
            topic_links.append((len(pending) - 1, matched))

    Event.objects.bulk_create(new_events)
    for cluster in new_clusters:
        context.clusters[cluster.ref.pk] = cluster
        context.newest_event_id = max(context.newest_event_id, cluster.ref.pk)
    if new_texts:
        # One plain UPDATE per event, executed as a batch: Django's bulk_update builds a CASE over
        # every event of the batch, which cost more than the rest of the event bookkeeping.
        ops, texts_field = connection.ops, Event._meta.get_field("key_texts")
        sql = (
            f"UPDATE {ops.quote_name(Event._meta.db_table)} SET {ops.quote_name(texts_field.column)} = %s "  # noqa: S608
            f"WHERE {ops.quote_name(Event._meta.pk.column)} = %s"
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                sql, [(texts_field.get_db_prep_save(e.key_texts, connection), e.pk) for e in new_texts.values()]
            )
    _insert(EventBand, ["event_id", "key"], [(event.pk, key) for event, key in bands], ignore=True)
    adapt_datetime = connection.ops.adapt_datetimefield_value
    words_field = Item._meta.get_field("sensitive_words")
    fetched_at = timezone.now()
    fetched_at_value = adapt_datetime(fetched_at)
    rows = []
    for p, event, score, negative, words in pending:
        data = p.data
        rows.append(
            (
                data.source_kind,
                data.source.pk if data.source else None,
                data.external_id,
                data.title,
                data.text,
                data.url,
                adapt_datetime(p.published_at),
                fetched_at_value,
                event.pk,
                score,
                negative,
                words_field.get_db_prep_save(words, connection),
                data.created_by.pk if data.created_by else None,
            )
        )
    pks = _insert(Item, ITEM_COLUMNS, rows, returning=True)
    # Positional construction (the columns' order, as Model.from_db does) is several times cheaper than
    # keyword arguments, and these items are only handed back to the caller.
    items = []
    for (p, event, score, negative, words), row, pk in zip(pending, rows, pks, strict=True):
        item = Item(pk, *row[:6], p.published_at, fetched_at, event.pk, score, negative, words, row[12])
        item._state.adding = False
        item._state.db = connection.alias
        items.append(item)
    _widen_sightings(changed.values())
    if topic_links:
        _insert(
            Item.topics.through,
            ["item_id", "topicrule_id"],
            [(items[i].pk, rule_id) for i, rule_ids in topic_links for rule_id in rule_ids],
        )
    return items, {item.event_id for item in items}


def opinion_item_ingest(
    *,
    source_kind: str,
    external_id: str,
    title: str,
    text: str,
    url: str = "",
    published_at: datetime.datetime | None = None,
) -> Item:
    """Take one platform item into monitoring: a 留言, a consultation comment, a complaint.

    Idempotent on (source_kind, external_id): calling again returns the stored item unchanged. The
    caller's own records are never touched. Called by the messages, consultations and complaints apps
    when a citizen's submission is published or received (docs/opinion.md).
    """
    data = ItemInput(
        source_kind=source_kind, external_id=external_id, title=title, text=text, url=url, published_at=published_at
    )
    created = ingest_batch([data])
    if created:
        return created[0]
    return Item.objects.get(source_kind=source_kind, external_id=data.external_id)


def item_create_manual(
    *,
    user: AbstractBaseUser,
    title: str,
    text: str,
    url: str = "",
    published_at: datetime.datetime | None = None,
) -> Item:
    """A member of staff records something seen elsewhere (a newspaper, a phone call, a chat group)."""
    if not permissions.can_monitor(user):
        raise PermissionDenied("只有宣教处等舆情监测人员可以录入舆情。")
    title = _clean(title, what="标题", minimum=2, maximum=MAX_TITLE)
    if published_at is not None and published_at > timezone.now():
        raise ValidationError("发布时间不能晚于现在。", code="future")
    data = ItemInput(
        source_kind=SourceKind.MANUAL,
        external_id=uuid.uuid4().hex,
        title=title,
        text=text,
        url=url,
        published_at=published_at,
        created_by=user,
    )
    item = ingest_batch([data])[0]
    log(instance=item.event, action="opinion.item_manual", user=user, data={"item": item.pk})
    return item


# --- the event workflow -------------------------------------------------------------------------


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _not_closed(event: Event, what: str) -> None:
    if event.state == EventState.CLOSED:
        raise ValidationError(f"该舆情事件已办结，不能{what}。", code="closed")


@transaction.atomic
def event_assess(*, event: Event, user: AbstractBaseUser, risk_level: str, note: str) -> Event:
    """研判: the risk level and the reasons (seed plan 一(三): 做好舆情风险评估研判)."""
    if not permissions.can_monitor(user):
        raise PermissionDenied("只有宣教处等舆情监测人员可以研判舆情。")
    event = _lock(event)
    _not_closed(event, "研判")
    if risk_level not in RiskLevel.values:
        raise ValidationError({"risk_level": "请选择风险等级。"}, code="risk_level")
    event.risk_level = risk_level
    event.assessment_note = _clean(note, what="研判意见")
    event.assessed_at = timezone.now()
    event.assessed_by = user
    if event.state == EventState.NEW:
        event.state = EventState.ASSESSED
    event.save()
    log(instance=event, action="opinion.assess", user=user, data={"risk_level": risk_level})
    return event


@transaction.atomic
def event_assign(
    *,
    event: Event,
    user: AbstractBaseUser,
    department: Department,
    involved: Iterable[Department] = (),
) -> Event:
    """交办: the department responsible (谁主管、谁负责), and any others involved."""
    if not permissions.can_monitor(user):
        raise PermissionDenied("只有宣教处等舆情监测人员可以交办舆情。")
    event = _lock(event)
    _not_closed(event, "交办")
    if event.state == EventState.NEW or not event.risk_level:
        raise ValidationError("请先研判，再交办处室。", code="not_assessed")
    if event.state == EventState.RESPONDED:
        raise ValidationError("该舆情事件已回应，不能再交办。", code="responded")
    if department is None:
        raise ValidationError({"department": "请选择承办处室。"}, code="department")
    event.department = department
    event.state = EventState.ASSIGNED
    event.assigned_at = timezone.now()
    event.save()
    others = [d for d in involved if d.pk != department.pk]
    event.involved_departments.set(others)
    log(
        instance=event,
        action="opinion.assign",
        user=user,
        data={"department": department.code, "involved": [d.code for d in others]},
    )
    _notify_department(event, department)
    return event


def _notify_department(event: Event, department: Department) -> None:
    from django.core.mail import send_mail
    from django.urls import reverse

    from gongkai.org.models import StaffProfile

    emails = sorted(
        {
            profile.user.email
            for profile in StaffProfile.objects.filter(department=department, user__is_active=True).select_related(
                "user"
            )
            if profile.user.email
        }
    )
    if not emails:
        return
    path = reverse("opinion_admin:event", args=[event.pk])
    transaction.on_commit(
        lambda: send_mail(
            f"【舆情交办】{event.title[:60]}",
            f"宣教处已将以下舆情事件交办{department.name}承办，请及时回应。\n\n"
            f"事件：{event.title}\n风险等级：{event.get_risk_level_display()}\n"
            f"研判意见：{event.assessment_note}\n\n办理地址：{path}",
            None,
            emails,
        )
    )


@transaction.atomic
def event_respond(
    *,
    event: Event,
    user: AbstractBaseUser,
    public_title: str,
    response_text: str,
    response_url: str = "",
    response_page=None,
) -> Event:
    """回应: the answer and where it is published (a 回应关切 page of the site, or its address)."""
    # Locked and re-read first: who may answer depends on the current assignment, not the caller's copy.
    event = _lock(event)
    if not permissions.can_respond(user, event):
        raise PermissionDenied("只有承办处室或宣教处的工作人员可以回应该舆情。")
    _not_closed(event, "回应")
    if event.state not in {EventState.ASSIGNED, EventState.RESPONDED}:
        raise ValidationError("请先交办承办处室，再回应。", code="not_assigned")
    public_title = _clean(public_title, what="回应标题", maximum=200)
    response_text = _clean(response_text, what="回应内容", minimum=10)
    response_url = strip_control_chars(response_url or "").strip()
    if response_url and not response_url.lower().startswith(("http://", "https://", "/")):
        raise ValidationError({"response_url": "回应关切链接应为 http(s) 地址或本站路径。"}, code="url")
    if response_page is not None and not response_page.live:
        raise ValidationError({"response_page": "所选回应关切页面尚未发布。"}, code="page_not_live")
    if not response_url and response_page is None:
        raise ValidationError("请选择已发布的回应关切页面或填写其链接。", code="no_link")
    event.public_title = public_title
    event.response_text = response_text
    event.response_url = response_url
    event.response_page = response_page
    event.responded_at = timezone.now()
    event.responded_by = user
    event.state = EventState.RESPONDED
    event.save()
    log(instance=event, action="opinion.respond", user=user, data={"page": getattr(response_page, "pk", None)})
    return event


@transaction.atomic
def event_escalate(
    *,
    event: Event,
    user: AbstractBaseUser,
    reported_on: datetime.date,
    recipient: str,
    summary: str,
    departments: Sequence[Department],
    other_agencies: str = "",
) -> Escalation:
    """报告省政府主管部门: required when an event involves several departments (seed plan 一(三))."""
    if not permissions.can_decide(user):
        raise PermissionDenied("报告省政府主管部门须由宣教处审核人员或办公室审核人员办理。")
    event = _lock(event)
    _not_closed(event, "报告")
    if reported_on > current_date():
        raise ValidationError({"reported_on": "报告日期不能晚于今天。"}, code="future")
    other_agencies = strip_control_chars(other_agencies or "").strip()[:300]
    departments = list({d.pk: d for d in departments}.values())
    if len(departments) + (1 if other_agencies else 0) < 2:
        raise ValidationError(
            "报告省政府主管部门适用于涉及多个部门的政务舆情：请至少选择两个涉及的处室，或填写涉及的其他部门。",
            code="single_department",
        )
    escalation = Escalation.objects.create(
        event=event,
        reported_on=reported_on,
        recipient=_clean(recipient, what="报告对象", minimum=2, maximum=200),
        summary=_clean(summary, what="报告摘要", minimum=10),
        other_agencies=other_agencies,
        created_by=user,
    )
    escalation.departments.set(departments)
    event.involved_departments.add(*[d for d in departments if d.pk != event.department_id])
    log(
        instance=event,
        action="opinion.escalate",
        user=user,
        data={"reported_on": reported_on, "recipient": escalation.recipient, "escalation": escalation.pk},
    )
    return escalation


@transaction.atomic
def event_close(*, event: Event, user: AbstractBaseUser, note: str) -> Event:
    """办结: after the response, or straight after 研判 for a low-risk event that needs no answer."""
    if not permissions.can_decide(user):
        raise PermissionDenied("办结舆情事件须由宣教处审核人员或办公室审核人员办理。")
    event = _lock(event)
    _not_closed(event, "再次办结")
    low_without_answer = event.state == EventState.ASSESSED and event.risk_level == RiskLevel.LOW
    if event.state != EventState.RESPONDED and not low_without_answer:
        raise ValidationError("舆情事件须回应后办结（低风险事件可在研判后直接办结）。", code="not_responded")
    event.close_note = _clean(note, what="办结说明")
    event.closed_at = timezone.now()
    event.state = EventState.CLOSED
    event.save()
    log(instance=event, action="opinion.close", user=user)
    return event


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user: AbstractBaseUser) -> Alert:
    if not permissions.can_monitor(user):
        raise PermissionDenied("只有舆情监测人员可以处理预警。")
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = user
        alert.save(update_fields=["acknowledged_at", "acknowledged_by"])
        log(instance=alert.event, action="opinion.alert_acknowledge", user=user, data={"alert": alert.pk})
    return alert


# --- 突发环境事件 ------------------------------------------------------------------------------


@transaction.atomic
def incident_create(
    *,
    user: AbstractBaseUser,
    title: str,
    place: str,
    started_at: datetime.datetime,
    level: str,
    department: Department,
    event: Event | None = None,
) -> Incident:
    incident = Incident(
        title=_clean(title, what="事件名称", minimum=4, maximum=200),
        place=_clean(place, what="发生地点", minimum=2, maximum=200),
        started_at=started_at,
        level=level,
        department=department,
        event=event,
    )
    if not permissions.can_edit_incident(user, incident):
        raise PermissionDenied("您无权登记该处室的突发环境事件。")
    if level not in IncidentLevel.values:
        raise ValidationError({"level": "请选择事件级别。"}, code="level")
    if started_at > timezone.now():
        raise ValidationError({"started_at": "发生时间不能晚于现在。"}, code="future")
    incident.save()
    log(instance=incident, action="opinion.incident_create", user=user)
    return incident


@transaction.atomic
def incident_update_create(
    *,
    user: AbstractBaseUser,
    incident: Incident,
    kind: str,
    title: str,
    body: str,
    as_of: datetime.datetime,
) -> IncidentUpdate:
    """A draft entry of the timeline; it goes public by the review workflow (or an administrator's publish)."""
    if not permissions.can_edit_incident(user, incident):
        raise PermissionDenied("您无权为该突发环境事件起草信息。")
    if kind not in UpdateKind.values:
        raise ValidationError({"kind": "请选择发布类型。"}, code="kind")
    if as_of < incident.started_at:
        raise ValidationError({"as_of": "信息截至时间不能早于事件发生时间。"}, code="before_start")
    update = IncidentUpdate(
        incident=incident,
        kind=kind,
        title=_clean(title, what="标题", minimum=4, maximum=200),
        body=_clean(body, what="发布内容", minimum=10),
        as_of=as_of,
        live=False,
    )
    update.save()
    update.save_revision(user=user, log_action=True)
    log(instance=update, action="opinion.incident_update_create", user=user)
    return update
