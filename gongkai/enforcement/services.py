"""State changes of enforcement decisions, one function per change: permission → change → audit log.

Publication itself is the review workflow's (Wagtail snippet workflow 信息发布审核, finished by
gongkai.review.workflows), which also checks ``Decision.publication_blockers``. What happens here
is everything around it: masking, its review, withdrawal, and early removal after 信用修复.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.actions.unpublish import UnpublishAction
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.core.text import strip_control_chars
from gongkai.enforcement import rules
from gongkai.enforcement.models import Decision, PartyCategory, Withdrawal
from gongkai.enforcement.permissions import can_edit, can_withdraw
from gongkai.org.models import Agency, Department

ACTIONS = {
    "enforcement.mask": "生成脱敏文本",
    "enforcement.masking_reviewed": "核对脱敏文本",
    "enforcement.withdraw": "撤下公示",
    "enforcement.remove_after_repair": "信用修复后停止公示",
    "enforcement.import": "导入双公示数据",
}
MIN_REASON_LENGTH = 4


def _clean(value: str, *, what: str) -> str:
    value = strip_control_chars(value or "").strip()
    if len(value) < MIN_REASON_LENGTH:
        raise ValidationError(f"请填写{what}（至少{MIN_REASON_LENGTH}个字）。", code="required")
    return value


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _draft(decision: Decision, user: AbstractBaseUser) -> Decision:
    """The version under edit: the latest revision, which the review workflow will publish.

    While it is in review only its current reviewers may change it (the review task's lock, as for
    pages); their change then needs approval again (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT).
    """
    locked = _lock(decision)
    lock = locked.get_lock()
    if lock is not None and lock.for_user(user):
        raise ValidationError("该决定正在审核或已被锁定，您不能修改其脱敏文本。", code="locked")
    return locked.get_latest_revision_as_object()


def _save_draft(decision: Decision, user: AbstractBaseUser) -> None:
    # An unpublished decision's row is its draft; a live one's row stays the published version
    # until the review publishes the new revision.
    if not decision.live:
        decision.save()
    decision.save_revision(user=user)


def public_contact_values() -> list[str]:
    """The agency's own published phone numbers and mailbox: public, so never masked."""
    values = [v for v in Department.objects.values_list("phone", flat=True) if v]
    agency = Agency.current()
    if agency is not None:
        values += [v for v in (agency.phone, agency.email) if v]
    return values


def masked_texts(decision: Decision, *, public_values: list[str] | None = None) -> dict:
    """The masking of a decision's raw texts (``masking.MaskResult`` per field), as decision_mask makes it.

    One place for the inputs — who may be named, which numbers are public — so that the service,
    the import and the reviewer's side-by-side view always agree. Pass ``public_values`` when
    masking many decisions, to read them once.
    """
    from gongkai.enforcement.masking import mask_fields

    keep = [decision.legal_representative] if decision.party_category == PartyCategory.ORGANISATION else []
    if public_values is None:
        public_values = public_contact_values()
    return mask_fields(
        {
            "facts": decision.facts,
            "content": decision.content,
            "basis": decision.basis,
            "remarks": decision.remarks,
            "full_text": decision.full_text,
        },
        party_name=decision.party_name,
        party_is_person=decision.party_category == PartyCategory.PERSON,
        keep_names=[name for name in keep if name],
        keep_values=public_values,
    )


def apply_masking(decision: Decision, masked: dict) -> None:
    decision.public_facts = masked["facts"].text
    decision.public_content = masked["content"].text
    decision.public_basis = masked["basis"].text
    decision.public_remarks = masked["remarks"].text
    decision.public_full_text = masked["full_text"].text
    # A new masked copy needs a new check by a person.
    decision.masking_reviewed_at = None
    decision.masking_reviewed_by = None


@transaction.atomic
def decision_mask(*, decision: Decision, user: AbstractBaseUser) -> Decision:
    """Make the public copy of the text fields with personal information masked; staff then check it."""
    if not can_edit(user, decision):
        raise PermissionDenied("您无权修改此执法决定。")
    decision = _draft(decision, user)
    masked = masked_texts(decision)
    apply_masking(decision, masked)
    _save_draft(decision, user)
    hits = sum(len(result.hits) for result in masked.values())
    log(instance=decision, action="enforcement.mask", user=user, data={"hits": hits})
    return decision


@transaction.atomic
def decision_confirm_masking(*, decision: Decision, user: AbstractBaseUser) -> Decision:
    """A member of staff has read the masked copy and confirms it may go out."""
    from gongkai.enforcement.masking import contains_personal_data

    if not can_edit(user, decision):
        raise PermissionDenied("您无权修改此执法决定。")
    decision = _draft(decision, user)
    if not any(decision.public_texts().values()):
        raise ValidationError("请先生成脱敏文本。", code="not_masked")
    person = decision.party_category == PartyCategory.PERSON
    left = [
        label
        for label, text in decision.public_texts().items()
        if text and contains_personal_data(text, party_name=decision.party_name, party_is_person=person)
    ]
    if left:
        raise ValidationError(f"以下公开文本中仍有个人信息，请修改后再确认：{'、'.join(left)}", code="personal_data")
    decision.masking_reviewed_at = timezone.now()
    decision.masking_reviewed_by = user
    _save_draft(decision, user)
    log(instance=decision, action="enforcement.masking_reviewed", user=user)
    return decision


def _unpublish(decision: Decision, user: AbstractBaseUser) -> None:
    UnpublishAction(decision, user=user).execute(skip_permission_checks=True)


@transaction.atomic
def decision_withdraw(
    *,
    decision: Decision,
    user: AbstractBaseUser,
    reason: str,
    event_date: datetime.date,
    statement: str,
    withdrawn_on: datetime.date | None = None,
) -> Withdrawal:
    """Take a published decision down with a public statement of why (行政处罚法第四十八条).

    Allowed however late: a late withdrawal is still owed, and shows as late.
    """
    if not can_withdraw(user, decision):
        raise PermissionDenied("撤下公示须由办公室审核人员办理。")
    decision = _lock(decision)
    if not decision.live:
        raise ValidationError("该决定未公示，无需撤下。", code="not_live")
    if Withdrawal.objects.filter(decision=decision).exists():
        raise ValidationError("该决定已撤下。", code="withdrawn")
    if reason not in dict(Withdrawal._meta.get_field("reason").choices):
        raise ValidationError({"reason": "请选择撤下事由。"}, code="reason")
    withdrawn_on = withdrawn_on or current_date()
    if event_date > current_date() or withdrawn_on > current_date():
        raise ValidationError("日期不能晚于今天。", code="future")
    if withdrawn_on < event_date:
        raise ValidationError("撤下日期不能早于事由发生日期。", code="before_event")
    withdrawal = Withdrawal.objects.create(
        decision=decision,
        reason=reason,
        event_date=event_date,
        statement=_clean(statement, what="公开说明"),
        withdrawn_on=withdrawn_on,
        withdrawn_by=user,
    )
    _unpublish(decision, user)
    due = rules.withdrawal_due(event_date)
    log(
        instance=decision,
        action="enforcement.withdraw",
        user=user,
        data={"reason": reason, "event_date": event_date, "due": due, "late": withdrawn_on > due},
    )
    return withdrawal


@transaction.atomic
def decision_remove_after_repair(
    *, decision: Decision, user: AbstractBaseUser, reason: str, removed_on: datetime.date | None = None
) -> Decision:
    """End publication early after 信用修复, no earlier than the period's minimum (58号令, 36号令)."""
    if not can_withdraw(user, decision):
        raise PermissionDenied("停止公示须由办公室审核人员办理。")
    decision = _lock(decision)
    if not decision.live:
        raise ValidationError("该决定未公示。", code="not_live")
    removed_on = removed_on or current_date()
    earliest = rules.repair_possible_from(decision)
    if earliest is None:
        raise ValidationError("只有行政处罚信息可以信用修复后停止公示。", code="not_penalty")
    if removed_on < earliest:
        raise ValidationError(f"最短公示期至{earliest:%Y-%m-%d}，届满后才能信用修复。", code="too_early")
    decision.removed_early_on = removed_on
    decision.removal_reason = _clean(reason, what="信用修复情况")[:300]
    decision.save(update_fields=["removed_early_on", "removal_reason", "public_until"])
    _unpublish(decision, user)
    log(instance=decision, action="enforcement.remove_after_repair", user=user, data={"removed_on": removed_on})
    return decision
