"""State changes of 意见征集, one function per change: permission → change in one transaction → audit log.

Publication of a consultation and of its 意见采纳情况 is the review workflow's (snippet workflow
信息发布审核, finished by gongkai.review.workflows, which checks ``publication_blockers``). Here:
receiving a comment (exactly once), hiding and restoring it, splitting and merging groups, the
decision on a group, starting the report and freezing what it publishes.
"""

import datetime
import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.consultations import grouping
from gongkai.consultations.models import (
    AdoptionReport,
    Comment,
    CommentGroup,
    Consultation,
    Decision,
    IdentityType,
)
from gongkai.consultations.permissions import can_handle
from gongkai.consultations.structure import parse
from gongkai.core.text import strip_control_chars

ACTIONS = {
    "consultations.comment_hide": "屏蔽意见",
    "consultations.comment_unhide": "恢复显示意见",
    "consultations.group_split": "拆分意见组",
    "consultations.group_merge": "合并意见组",
    "consultations.group_decide": "填写处理意见",
    "consultations.report_start": "起草意见采纳情况",
    "consultations.export": "导出意见",
}
MIN_REASON_LENGTH = 2
MAX_COMMENT_LENGTH = 5000


def _clean(value: str) -> str:
    return strip_control_chars(value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _reason(value: str, what: str) -> str:
    value = _clean(value)
    if len(value) < MIN_REASON_LENGTH:
        raise ValidationError(f"请填写{what}。", code="required")
    return value


def submission_key(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


# --- comments ---------------------------------------------------------------------------------


def comment_submit(
    *,
    consultation: Consultation,
    target_article: int | None,
    target_paragraph: int | None,
    text: str,
    identity_type: str,
    organisation: str,
    name: str,
    contact: str,
    consent_publish: bool,
    nonce: str,
    moment: datetime.datetime | None = None,
) -> tuple[Comment, bool]:
    """Store a citizen's comment once; returns (comment, created).

    The form's one-time ``nonce`` is the comment's identity: a second post of the same form (a
    double click, a retry after a lost answer) returns the comment already stored, not a copy.
    """
    moment = moment or timezone.now()
    key = submission_key(nonce)
    existing = Comment.objects.filter(submission_key=key).first()
    if existing is not None:
        return existing, False
    if not consultation.live or not consultation.is_open(moment):
        raise ValidationError("本次意见征集不在征集期内，不能提交意见。", code="closed")
    text = _clean(text)
    if not text:
        raise ValidationError({"text": "请填写意见内容。"})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError({"text": f"意见内容最多{MAX_COMMENT_LENGTH}个字。"})
    if identity_type not in IdentityType.values:
        raise ValidationError({"identity_type": "请选择身份类型。"})
    organisation = _clean(organisation)
    if identity_type != IdentityType.INDIVIDUAL and not organisation:
        raise ValidationError({"organisation": "请填写单位名称。"})
    if identity_type == IdentityType.INDIVIDUAL:
        organisation = ""
    label = parse(consultation.draft_text).target_label(target_article, target_paragraph)
    if label is None:
        raise ValidationError({"target": "所选条款不在草案中，请重新选择。"})
    normalised = grouping.normalise(text)
    try:
        with transaction.atomic():
            locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
            group = _group_for(locked, target_article, target_paragraph, normalised)
            number = (locked.comments.aggregate(n=Max("number"))["n"] or 0) + 1
            comment = Comment.objects.create(
                consultation=locked,
                group=group,
                number=number,
                target_article=target_article,
                target_paragraph=target_paragraph,
                target_label=label,
                text=text,
                normalised_hash=hashlib.sha256(normalised.encode()).hexdigest(),
                identity_type=identity_type,
                organisation=organisation[:200],
                name=_clean(name)[:50],
                contact=_clean(contact)[:100],
                consent_publish=bool(consent_publish),
                received_at=moment,
                submission_key=key,
            )
    except IntegrityError:
        # The same form posted twice at the same moment: the other request stored it.
        existing = Comment.objects.filter(submission_key=key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


def _group_for(consultation: Consultation, article: int | None, paragraph: int | None, normalised: str) -> CommentGroup:
    """The group a new comment joins: an identical one's, else the nearest representative's, else a new one."""
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    same_target = {"target_article": article, "target_paragraph": paragraph}
    identical = (
        Comment.objects.filter(consultation=consultation, normalised_hash=digest, **same_target)
        .order_by("number")
        .values_list("group_id", flat=True)
        .first()
    )
    if identical is not None:
        return CommentGroup.objects.get(pk=identical)
    candidates = list(
        CommentGroup.objects.filter(consultation=consultation, **same_target).values_list("pk", "representative_text")
    )
    match = grouping.best_match(normalised, candidates)
    if match is not None:
        return CommentGroup.objects.get(pk=match)
    return CommentGroup.objects.create(consultation=consultation, representative_text=normalised, **same_target)


def _require(user: AbstractBaseUser, consultation: Consultation) -> None:
    if not can_handle(user, consultation):
        raise PermissionDenied("您无权处理本处室以外的意见征集。")


def _report_frozen(consultation: Consultation) -> None:
    report = AdoptionReport.objects.filter(consultation=consultation).first()
    if report is not None and report.workflow_in_progress:
        raise ValidationError(
            "意见采纳情况正在审核中，不能修改意见分组和处理意见；如需修改，请先撤回审核。", code="frozen"
        )


@transaction.atomic
def comment_hide(*, comment: Comment, user: AbstractBaseUser, reason: str) -> Comment:
    """Hide an abusive comment from the public. It is kept, counted and exported for staff."""
    _require(user, comment.consultation)
    reason = _reason(reason, "屏蔽理由")[:300]
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.hidden:
        raise ValidationError("该意见已屏蔽。", code="already")
    comment.hidden, comment.hidden_reason, comment.hidden_at, comment.hidden_by = True, reason, timezone.now(), user
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_at", "hidden_by"])
    _scrub_published_report(comment)
    log(
        instance=comment.consultation,
        action="consultations.comment_hide",
        user=user,
        data={"comment": comment.number, "reason": reason},
    )
    return comment


def _scrub_published_report(comment: Comment) -> None:
    """A comment hidden after the report went public leaves the public report at once.

    Only its text and the count change; the decisions stay as reviewed until the report is republished.
    """
    from gongkai.consultations.selectors import HIDDEN_TEXT

    report = AdoptionReport.objects.filter(consultation_id=comment.consultation_id, live=True).first()
    if report is None:
        return
    entries = []
    for entry in report.published_entries:
        if entry.get("group") == comment.group_id or entry.get("text") == comment.text:
            entry = dict(entry)
            shown = (
                Comment.objects.filter(group_id=entry.get("group"), consent_publish=True, hidden=False)
                .order_by("number")
                .first()
            )
            entry["text"] = shown.text if shown else HIDDEN_TEXT
            if entry.get("group") == comment.group_id:
                entry["count"] = max(0, int(entry.get("count", 1)) - 1)
                if entry["count"] == 0:
                    continue  # nothing visible is left of the group
        entries.append(entry)
    AdoptionReport.objects.filter(pk=report.pk).update(published_entries=entries)


@transaction.atomic
def comment_unhide(*, comment: Comment, user: AbstractBaseUser) -> Comment:
    _require(user, comment.consultation)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.hidden:
        raise ValidationError("该意见未被屏蔽。", code="not_hidden")
    previous = comment.hidden_reason
    comment.hidden, comment.hidden_reason, comment.hidden_at, comment.hidden_by = False, "", None, None
    comment.save(update_fields=["hidden", "hidden_reason", "hidden_at", "hidden_by"])
    log(
        instance=comment.consultation,
        action="consultations.comment_unhide",
        user=user,
        data={"comment": comment.number, "previous_reason": previous},
    )
    return comment


# --- groups -----------------------------------------------------------------------------------


@transaction.atomic
def group_split(*, comments: list[Comment], user: AbstractBaseUser) -> CommentGroup:
    """Take ``comments`` (all of one group, not all of it) out into a new group of their own."""
    if not comments:
        raise ValidationError("请选择要拆分出的意见。", code="empty")
    group = CommentGroup.objects.select_for_update().get(pk=comments[0].group_id)
    consultation = group.consultation
    _require(user, consultation)
    _report_frozen(consultation)
    ids = {c.pk for c in comments}
    if any(c.group_id != group.pk for c in comments):
        raise ValidationError("只能从同一组中拆分意见。", code="mixed")
    if group.comments.exclude(pk__in=ids).count() == 0:
        raise ValidationError("不能把一组意见全部拆出：至少留下一条。", code="all")
    first = min(comments, key=lambda c: c.number)
    new_group = CommentGroup.objects.create(
        consultation=consultation,
        target_article=group.target_article,
        target_paragraph=group.target_paragraph,
        representative_text=grouping.normalise(first.text),
        manual=True,
    )
    Comment.objects.filter(pk__in=ids).update(group=new_group)
    group.manual = True
    group.save(update_fields=["manual"])
    log(
        instance=consultation,
        action="consultations.group_split",
        user=user,
        data={"from_group": group.pk, "group": new_group.pk, "comments": sorted(c.number for c in comments)},
    )
    return new_group


@transaction.atomic
def group_merge(*, source: CommentGroup, target: CommentGroup, user: AbstractBaseUser) -> CommentGroup:
    """Move every comment of ``source`` into ``target``; the emptied group is removed (comments never are)."""
    if source.pk == target.pk:
        raise ValidationError("不能把意见组与自身合并。", code="same")
    source = CommentGroup.objects.select_for_update().get(pk=source.pk)
    target = CommentGroup.objects.select_for_update().get(pk=target.pk)
    if source.consultation_id != target.consultation_id:
        raise ValidationError("只能合并同一次意见征集的意见组。", code="other_consultation")
    _require(user, target.consultation)
    _report_frozen(target.consultation)
    moved = list(source.comments.values_list("number", flat=True))
    source.comments.update(group=target)
    if not target.decision and source.decision:
        target.decision, target.reason = source.decision, source.reason
        target.decided_at, target.decided_by_id = source.decided_at, source.decided_by_id
    target.manual = True
    target.save()
    source_id = source.pk
    source.delete()
    log(
        instance=target.consultation,
        action="consultations.group_merge",
        user=user,
        data={"from_group": source_id, "group": target.pk, "comments": sorted(moved)},
    )
    return target


@transaction.atomic
def group_decide(*, group: CommentGroup, user: AbstractBaseUser, decision: str, reason: str) -> CommentGroup:
    """采纳, 部分采纳 or 未采纳 for every comment of ``group``; a reason is required unless adopted."""
    group = CommentGroup.objects.select_for_update().get(pk=group.pk)
    consultation = group.consultation
    _require(user, consultation)
    _report_frozen(consultation)
    if decision not in Decision.values:
        raise ValidationError({"decision": "请选择采纳、部分采纳或未采纳。"})
    reason = _clean(reason)
    if decision != Decision.ADOPTED and len(reason) < MIN_REASON_LENGTH:
        raise ValidationError({"reason": "部分采纳或未采纳的，须说明理由。"})
    if timezone.now() < consultation.closes_at:
        raise ValidationError("征集期结束后才能填写处理意见。", code="still_open")
    group.decision, group.reason, group.decided_at, group.decided_by = decision, reason, timezone.now(), user
    group.full_clean(exclude=["consultation", "decided_by"])
    group.save()
    log(
        instance=consultation,
        action="consultations.group_decide",
        user=user,
        data={"group": group.pk, "decision": decision, "reason": reason},
    )
    return group


# --- the report -------------------------------------------------------------------------------


@transaction.atomic
def report_start(*, consultation: Consultation, user: AbstractBaseUser) -> AdoptionReport:
    """The draft 意见采纳情况 of a closed consultation (once); then edited and submitted as a snippet."""
    _require(user, consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    existing = AdoptionReport.objects.filter(consultation=consultation).first()
    if existing is not None:
        return existing
    if timezone.now() < consultation.closes_at:
        raise ValidationError("征集期结束后才能起草意见采纳情况。", code="still_open")
    total = consultation.comments.count()
    report = AdoptionReport(
        consultation=consultation,
        live=False,
        summary=f"本次征求意见共收到意见{total}条。",
    )
    report.save()
    report.save_revision(user=user)
    log(instance=report, action="consultations.report_start", user=user)
    return report


def report_freeze(report: AdoptionReport) -> None:
    """Take the snapshot the public sees, as the report is published (signal_handlers)."""
    from gongkai.consultations.selectors import participation, report_entries

    consultation = report.consultation
    AdoptionReport.objects.filter(pk=report.pk).update(
        published_entries=report_entries(consultation),
        published_participation={row.code: row.count for row in participation(consultation, include_hidden=False)},
    )
