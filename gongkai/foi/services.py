"""State changes of a disclosure application, one function per change.

Each function checks who is acting, validates the input, changes the records in one transaction,
writes the audit log (Wagtail's ``ModelLogEntry``, copied as a JSON line to ``gongkai.audit``) and
tells the applicant by e-mail when the law requires notice. The clock is never stored: after any
change, ``gongkai.foi.clock.clock_for`` derives the new due date. Views, the admin, management
commands and tests all call these, so every path behaves the same.

Errors are ``ValidationError`` (bad input, wrong state: shown to the user in Chinese, 400) or
``PermissionDenied`` (403). Nothing is half-stored: a failure rolls the whole change back.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.core.text import strip_control_chars
from gongkai.core.uploads import IDENTITY_TYPES, check_upload
from gongkai.foi import clock as foi_clock
from gongkai.foi import fees, notifications, rules
from gongkai.foi.models import (
    Application,
    ApplicationAttachment,
    CaseNote,
    Challenge,
    Channel,
    Consultation,
    Correction,
    Extension,
    FeeNotice,
    Status,
    allocate_application_number,
    new_query_code,
)
from gongkai.foi.outcomes import RULES, Outcome
from gongkai.foi.permissions import can_add_note, can_approve_extension, can_handle
from gongkai.org.models import Department

# Audit-log action names and their labels in the admin history (registered in wagtail_hooks).
ACTIONS = {
    "foi.submit": "提交申请",
    "foi.register": "登记申请",
    "foi.confirm": "确认收到申请",
    "foi.invalid": "确认为无效提交",
    "foi.assign": "指定承办处室",
    "foi.correction_request": "告知补正",
    "foi.correction_supplement": "收到补正",
    "foi.correction_lapse": "逾期未补正，不再处理",
    "foi.consultation_start": "发出征求意见书",
    "foi.consultation_answer": "收到征求意见",
    "foi.extension_request": "申请延期答复",
    "foi.extension_decide": "审批延期答复",
    "foi.fee_issue": "发出收费通知",
    "foi.fee_paid": "缴纳信息处理费",
    "foi.fee_lapse": "逾期未缴费，不再处理",
    "foi.reply": "答复",
    "foi.challenge_record": "登记行政复议或诉讼",
    "foi.challenge_conclude": "登记复议或诉讼结果",
    "foi.note": "办理记录",
}

MIN_REASON_LENGTH = 4
# Fields an application form may set; everything else is the system's.
APPLICANT_FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "information_title",
    "document_number",
    "description",
    "information_form",
    "delivery",
    "fee_waiver_requested",
)


def _audit(application: Application, action: str, user: AbstractBaseUser | None, **data) -> None:
    # No personal data in the log: the application number identifies the case.
    log(instance=application, action=action, user=user, data={"number": application.number, **data})


def _require_handler(user: AbstractBaseUser, application: Application | None = None) -> None:
    if not can_handle(user, application):
        raise PermissionDenied("只有政府信息公开工作机构的人员可以办理依申请公开。")


def _require_status(application: Application, *allowed: str, what: str) -> None:
    if application.status not in allowed:
        raise ValidationError(f"申请当前为“{application.get_status_display()}”，不能{what}。", code="wrong_status")


def _clean_text(value: str, *, what: str, minimum: int = MIN_REASON_LENGTH) -> str:
    value = strip_control_chars(value or "").strip()
    if not value:
        raise ValidationError(f"请填写{what}。", code="required")
    if len(value) < minimum:
        raise ValidationError(f"{what}过短，请具体说明（至少{minimum}个字）。", code="too_short")
    return value


def _not_future(day: datetime.date, *, what: str) -> datetime.date:
    if day > current_date():
        raise ValidationError(f"{what}不能晚于今天。", code="future")
    return day


def _lock(application: Application) -> Application:
    """Re-read the case inside the transaction, locked, so that two handlers cannot race."""
    return Application.objects.select_for_update().get(pk=application.pk)


def check_files(files: Sequence[UploadedFile]) -> list:
    """Validate identity-proof or supplement uploads by content and size; raises a Chinese message."""
    if len(files) > settings.GONGKAI_FOI_MAX_FILES:
        raise ValidationError(f"最多上传{settings.GONGKAI_FOI_MAX_FILES}个文件。", code="too_many")
    return [check_upload(f, allowed=IDENTITY_TYPES, max_bytes=settings.GONGKAI_FOI_MAX_FILE_BYTES) for f in files]


def _store_files(
    application: Application, checked: Iterable, kind: str, user: AbstractBaseUser | None
) -> list[ApplicationAttachment]:
    stored = []
    now = timezone.now()
    for upload in checked:
        attachment = ApplicationAttachment(
            application=application,
            kind=kind,
            original_name=(upload.file.name or "")[:200],
            content_type=upload.content_type,
            size=upload.size,
            uploaded_at=now,
            uploaded_by=user,
        )
        attachment.file.save(upload.file.name, upload.file, save=False)
        attachment.save()
        stored.append(attachment)
    return stored


def store_generated_file(
    application: Application, *, kind: str, name: str, content: bytes, content_type: str, user
) -> ApplicationAttachment:
    attachment = ApplicationAttachment(
        application=application,
        kind=kind,
        original_name=name,
        content_type=content_type,
        size=len(content),
        uploaded_at=timezone.now(),
        uploaded_by=user,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def _build(data: dict, *, channel: str, submitted_at: datetime.datetime) -> Application:
    unknown = set(data) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValidationError(f"未知的字段：{'、'.join(sorted(unknown))}", code="unknown_field")
    data = {key: strip_control_chars(value) if isinstance(value, str) else value for key, value in data.items()}
    application = Application(channel=channel, submitted_at=submitted_at, **data)
    application.full_clean(exclude=["number", "query_code_hash"])
    return application


@transaction.atomic
def application_submit(
    *, data: dict, files: Sequence[UploadedFile] = (), submitted_at: datetime.datetime | None = None
) -> tuple[Application, str]:
    """A citizen's online application. Returns the case and its 查询码, shown once and never stored.

    The clock does not start yet: an online application counts as received on the day both sides
    confirm it (条例第三十一条第（三）项), which is the staff confirmation step.
    """
    checked = check_files(files)
    application = _build(data, channel=Channel.ONLINE, submitted_at=submitted_at or timezone.now())
    code = new_query_code()
    application.set_query_code(code)
    application.number = allocate_application_number(timezone.localdate(application.submitted_at).year)
    application.save()
    _store_files(application, checked, ApplicationAttachment.Kind.IDENTITY, None)
    _audit(application, "foi.submit", None, channel=application.channel)
    notifications.applicant_submitted(application)
    return application, code


def receipt_date(
    channel: str,
    *,
    submitted_on: datetime.date,
    signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
) -> datetime.date:
    """The receipt date of 条例第三十一条, by channel.

    In person (and oral, filled in for the applicant): the day it was handed over. Mail needing a
    signature: the day the agency signed for it. Ordinary letters: the day the office confirmed
    with the applicant (which the law requires on the day the letter arrives). Online and fax:
    the day both sides confirmed.
    """
    if channel in (Channel.IN_PERSON, Channel.ORAL):
        return submitted_on
    if channel == Channel.MAIL_SIGNED:
        if signed_on is None:
            raise ValidationError({"signed_on": "邮寄申请请填写签收日期。"}, code="required")
        return signed_on
    if confirmed_on is None:
        raise ValidationError({"confirmed_on": "请填写与申请人确认收到的日期。"}, code="required")
    return confirmed_on


@transaction.atomic
def application_register(
    *,
    user: AbstractBaseUser,
    data: dict,
    channel: str,
    submitted_on: datetime.date,
    signed_on: datetime.date | None = None,
    confirmed_on: datetime.date | None = None,
    files: Sequence[UploadedFile] = (),
) -> tuple[Application, str]:
    """Staff register a paper, in-person, mail, fax or oral application with its Art. 31 receipt date."""
    _require_handler(user)
    if channel == Channel.ONLINE:
        raise ValidationError("网上申请由申请人在网站提交，不需登记。", code="online")
    received_on = receipt_date(channel, submitted_on=submitted_on, signed_on=signed_on, confirmed_on=confirmed_on)
    _not_future(received_on, what="收到申请日期")
    if received_on < submitted_on:
        raise ValidationError("收到申请日期不能早于申请人提交（寄出）日期。", code="before_submission")
    checked = check_files(files)
    submitted_at = timezone.make_aware(datetime.datetime.combine(submitted_on, datetime.time(9, 0)))
    application = _build(data, channel=channel, submitted_at=submitted_at)
    code = new_query_code()
    application.set_query_code(code)
    application.number = allocate_application_number(received_on.year)
    application.signed_on = signed_on if channel == Channel.MAIL_SIGNED else None
    application.received_on = received_on
    application.status = Status.PROCESSING
    application.registered_by = user
    application.confirmed_by = user
    application.save()
    _store_files(application, checked, ApplicationAttachment.Kind.APPLICATION, user)
    _audit(application, "foi.register", user, channel=channel, received_on=received_on)
    notifications.applicant_received(application)
    return application, code


@transaction.atomic
def application_confirm_receipt(
    *, application: Application, user: AbstractBaseUser, confirmed_on: datetime.date | None = None
) -> Application:
    """Staff confirm an online submission with the applicant: that day is the receipt date."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.SUBMITTED, what="确认收到")
    confirmed_on = _not_future(confirmed_on or current_date(), what="确认日期")
    if confirmed_on < timezone.localdate(application.submitted_at):
        raise ValidationError("确认日期不能早于申请提交日期。", code="before_submission")
    application.received_on = confirmed_on
    application.confirmed_by = user
    application.status = Status.PROCESSING
    application.save(update_fields=["received_on", "confirmed_by", "status"])
    _audit(application, "foi.confirm", user, received_on=confirmed_on)
    notifications.applicant_received(application)
    return application


@transaction.atomic
def application_mark_invalid(*, application: Application, user: AbstractBaseUser, reason: str) -> Application:
    """An online submission that is no application at all (empty, test, duplicate click): not counted.

    Anything that is an application, however unfounded, is answered with an outcome instead
    (不予处理 rows of the report), never marked invalid.
    """
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.SUBMITTED, what="确认为无效提交")
    application.invalid_reason = _clean_text(reason, what="无效原因")[:200]
    application.status = Status.INVALID
    application.save(update_fields=["invalid_reason", "status"])
    _audit(application, "foi.invalid", user, reason=application.invalid_reason)
    return application


@transaction.atomic
def application_assign(
    *, application: Application, user: AbstractBaseUser, departments: Iterable[Department]
) -> Application:
    _require_handler(user, application)
    application = _lock(application)
    if application.status in (Status.CLOSED, Status.INVALID):
        raise ValidationError("已办结的申请不能再指定承办处室。", code="closed")
    departments = list(departments)
    application.handling_departments.set(departments)
    _audit(application, "foi.assign", user, departments=[d.name for d in departments])
    notifications.departments_assigned(application, departments)
    return application


@transaction.atomic
def correction_request(
    *,
    application: Application,
    user: AbstractBaseUser,
    items: str,
    due_on: datetime.date,
    requested_on: datetime.date | None = None,
) -> Correction:
    """The one 补正 notice (条例第三十条): within 7 working days of receipt, listing what to correct."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.PROCESSING, what="告知补正")
    if Correction.objects.filter(application=application).exists():
        raise ValidationError("补正只能告知一次（条例第三十条：一次性告知）。", code="once")
    requested_on = _not_future(requested_on or current_date(), what="告知补正日期")
    if requested_on < application.received_on:
        raise ValidationError("告知补正日期不能早于收到申请日期。", code="before_receipt")
    notice_due = foi_clock.correction_notice_due(application.received_on)
    if notice_due is not None and requested_on > notice_due:
        raise ValidationError(
            f"补正须在收到申请之日起7个工作日内告知（本申请截至{notice_due:%Y-%m-%d}），已超过期限。",
            code="too_late",
        )
    if due_on <= requested_on:
        raise ValidationError({"due_on": "补正期限应晚于告知日期，给申请人合理的补正时间。"}, code="due_too_early")
    correction = Correction.objects.create(
        application=application,
        requested_on=requested_on,
        items=_clean_text(items, what="需要补正的事项"),
        due_on=due_on,
        requested_by=user,
    )
    application.status = Status.AWAITING_CORRECTION
    application.save(update_fields=["status"])
    _audit(application, "foi.correction_request", user, requested_on=requested_on, due_on=due_on)
    _issue_notice(application, "correction", user)
    notifications.applicant_correction_requested(application, correction)
    return correction


@transaction.atomic
def correction_supplement(
    *,
    application: Application,
    text: str,
    files: Sequence[UploadedFile] = (),
    user: AbstractBaseUser | None = None,
    supplemented_on: datetime.date | None = None,
) -> Correction:
    """The applicant's 补正, online through the query page (``user`` None) or brought in and entered by staff.

    The reply limit restarts from the day it arrives (条例第三十条: 答复期限自收到补正的申请之日起计算).
    """
    if user is not None:
        _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.AWAITING_CORRECTION, what="补正")
    correction = Correction.objects.select_for_update().get(application=application)
    supplemented_on = _not_future(supplemented_on or current_date(), what="收到补正日期")
    if supplemented_on < correction.requested_on:
        raise ValidationError("收到补正日期不能早于告知补正日期。", code="before_request")
    if supplemented_on > correction.due_on:
        raise ValidationError(
            f"补正期限已于{correction.due_on:%Y-%m-%d}届满。如有正当理由，请与政府信息公开工作机构联系。",
            code="lapsed",
        )
    checked = check_files(files)
    text = strip_control_chars(text or "").strip()
    if not text and not checked:
        raise ValidationError("请填写补正内容或上传补正材料。", code="required")
    correction.supplemented_on = supplemented_on
    correction.supplement_text = text
    correction.save(update_fields=["supplemented_on", "supplement_text"])
    _store_files(application, checked, ApplicationAttachment.Kind.SUPPLEMENT, user)
    application.status = Status.PROCESSING
    application.save(update_fields=["status"])
    _audit(application, "foi.correction_supplement", user, supplemented_on=supplemented_on, files=len(checked))
    notifications.handlers_supplemented(application)
    return correction


def _close(application: Application, *, outcome: str, closed_on: datetime.date, user, reply_text: str = "") -> None:
    application.outcome = outcome
    application.closed_on = closed_on
    application.reply_text = reply_text
    application.replied_by = user
    application.status = Status.CLOSED
    application.full_clean(exclude=["number", "query_code_hash"])
    application.save(update_fields=["outcome", "closed_on", "reply_text", "replied_by", "status"])


@transaction.atomic
def correction_lapse(
    *, application: Application, user: AbstractBaseUser, closed_on: datetime.date | None = None
) -> Application:
    """No 补正 by the set date without good reason: deemed abandoned (第三十条), report row （六）1."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.AWAITING_CORRECTION, what="按逾期未补正处理")
    correction = application.correction
    closed_on = _not_future(closed_on or current_date(), what="办结日期")
    if closed_on <= correction.due_on:
        raise ValidationError(f"补正期限至{correction.due_on:%Y-%m-%d}，期限届满后才能按逾期未补正处理。", code="early")
    _close(
        application,
        outcome=Outcome.OTHER_NO_CORRECTION,
        closed_on=closed_on,
        user=user,
        reply_text="申请人无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。",
    )
    _audit(application, "foi.correction_lapse", user, closed_on=closed_on)
    _issue_letters(application, user)
    notifications.applicant_replied(application)
    return application


@transaction.atomic
def consultation_start(
    *,
    application: Application,
    user: AbstractBaseUser,
    kind: str,
    party: str,
    sent_on: datetime.date | None = None,
) -> Consultation:
    """A consultation letter to a third party (第三十二条) or another agency (第三十四条): pauses the clock."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.PROCESSING, what="征求意见")
    sent_on = _not_future(sent_on or current_date(), what="发出日期")
    if sent_on < application.received_on:
        raise ValidationError("发出征求意见书的日期不能早于收到申请日期。", code="before_receipt")
    if kind not in Consultation.Kind.values:
        raise ValidationError("请选择征求第三方意见或征求其他机关意见。", code="kind")
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=_clean_text(party, what="征求对象", minimum=2)[:200],
        sent_on=sent_on,
        created_by=user,
    )
    _audit(application, "foi.consultation_start", user, kind=kind, sent_on=sent_on)
    return consultation


@transaction.atomic
def consultation_answer(
    *,
    consultation: Consultation,
    user: AbstractBaseUser,
    opinion: str,
    answered_on: datetime.date | None = None,
    note: str = "",
) -> Consultation:
    """Record the answer, or that none came within the 15 working days (third party: the agency
    decides; another agency: silence is consent to disclose, 第三十四条)."""
    application = consultation.application
    _require_handler(user, application)
    _lock(application)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on is not None:
        raise ValidationError("该征求意见已经登记了结果。", code="answered")
    if opinion not in Consultation.Opinion.values:
        raise ValidationError("请选择征求意见的结果。", code="opinion")
    answered_on = _not_future(answered_on or current_date(), what="收到意见日期")
    if answered_on < consultation.sent_on:
        raise ValidationError("收到意见日期不能早于发出日期。", code="before_sent")
    if opinion == Consultation.Opinion.NONE:
        latest = foi_clock.consultation_pause(consultation).end
        if answered_on <= latest:
            raise ValidationError(
                f"征求意见期限至{latest:%Y-%m-%d}，届满后才能登记为逾期未提出意见。", code="not_lapsed"
            )
    consultation.opinion = opinion
    consultation.answered_on = answered_on
    consultation.note = strip_control_chars(note or "").strip()
    consultation.save(update_fields=["opinion", "answered_on", "note"])
    _audit(application, "foi.consultation_answer", user, opinion=opinion, answered_on=answered_on)
    return consultation


@transaction.atomic
def extension_request(
    *,
    application: Application,
    user: AbstractBaseUser,
    days: int,
    reason: str,
    requested_on: datetime.date | None = None,
) -> Extension:
    """Ask the head of the disclosure office to extend the reply limit (第三十三条第二款).

    ``requested_on`` records a request made on paper earlier; it must lie within the reply limit.
    """
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.PROCESSING, Status.AWAITING_PAYMENT, what="申请延期")
    if Extension.objects.filter(application=application).exists():
        raise ValidationError("该申请已经申请过延期答复。", code="once")
    requested_on = _not_future(requested_on or current_date(), what="申请延期日期")
    clock = foi_clock.clock_for(application, today=requested_on)
    extension_rule = rules.limit(rules.EXTENSION_MAX, clock.started_on)
    if not 1 <= days <= extension_rule.days:
        raise ValidationError(
            {"days": f"延长期限应为1至{extension_rule.days}个工作日（{extension_rule.citation}）。"}, code="days"
        )
    if clock.overdue:
        raise ValidationError(f"答复期限已于{clock.due:%Y-%m-%d}届满，不能再延期。", code="overdue")
    extension = Extension.objects.create(
        application=application,
        days=days,
        reason=_clean_text(reason, what="延期理由"),
        requested_on=requested_on,
        requested_by=user,
    )
    _audit(application, "foi.extension_request", user, days=days)
    notifications.head_extension_requested(application, extension)
    return extension


@transaction.atomic
def extension_decide(
    *,
    extension: Extension,
    user: AbstractBaseUser,
    approve: bool,
    note: str = "",
    decided_on: datetime.date | None = None,
) -> Extension:
    """The head of the office approves or refuses; an approval is notified to the applicant.

    The approval must come before the original limit runs out: an extension cannot revive a
    case that is already late.
    """
    application = _lock(extension.application)
    extension = Extension.objects.select_for_update().get(pk=extension.pk)
    if not can_approve_extension(user, extension.requested_by_id):
        if extension.requested_by_id == user.pk:
            raise PermissionDenied("本人提出的延期申请，须由其他公开工作机构负责人审批。")
        raise PermissionDenied("延期答复须经政府信息公开工作机构负责人同意（条例第三十三条第二款）。")
    if extension.state != Extension.State.REQUESTED:
        raise ValidationError("该延期申请已经审批。", code="decided")
    if application.status not in (Status.PROCESSING, Status.AWAITING_PAYMENT):
        raise ValidationError(f"申请当前为“{application.get_status_display()}”，不能审批延期。", code="wrong_status")
    decided_on = _not_future(decided_on or current_date(), what="审批日期")
    if decided_on < extension.requested_on:
        raise ValidationError("审批日期不能早于申请延期日期。", code="before_request")
    if approve:
        clock = foi_clock.clock_for(application, today=decided_on)
        if clock.overdue:
            raise ValidationError(f"答复期限已于{clock.due:%Y-%m-%d}届满，不能再延期。", code="overdue")
    extension.state = Extension.State.APPROVED if approve else Extension.State.REFUSED
    extension.decided_on = decided_on
    extension.decided_by = user
    extension.decision_note = strip_control_chars(note or "").strip()[:500]
    extension.save(update_fields=["state", "decided_on", "decided_by", "decision_note"])
    _audit(application, "foi.extension_decide", user, approved=approve, days=extension.days)
    if approve:
        _issue_notice(application, "extension", user)
        notifications.applicant_extended(application, extension)
    return extension


@transaction.atomic
def fee_notice_issue(
    *,
    application: Application,
    user: AbstractBaseUser,
    method: str,
    pages: int | None = None,
    issued_on: datetime.date | None = None,
    received_on: datetime.date | None = None,
) -> FeeNotice:
    """A 收费通知 (国办函〔2020〕109号): one method per application, within the reply period."""
    _require_handler(user, application)
    application = _lock(application)
    if FeeNotice.objects.filter(application=application).exists():
        raise ValidationError("同一申请只能选择一种计收方式，且只发一次收费通知。", code="once")
    _require_status(application, Status.PROCESSING, what="发出收费通知")
    issued_on = _not_future(issued_on or current_date(), what="发出日期")
    received_on = received_on or issued_on
    if received_on < issued_on:
        raise ValidationError("申请人收到通知的日期不能早于发出日期。", code="before_issue")
    clock = foi_clock.clock_for(application, today=issued_on)
    if clock.overdue:
        raise ValidationError("收费通知应在答复期限内发出，本申请已超过答复期限。", code="overdue")
    if method not in FeeNotice.Method.values:
        raise ValidationError("请选择按件计收或按量计收。", code="method")
    try:
        quantity, amount = fees.fee_for(application, method=method, pages=pages)
    except (ValueError, rules.NoRuleInForce) as exc:
        raise ValidationError(str(exc), code="fee") from exc
    if amount == 0:
        raise ValidationError("按所选方式计算，本申请不需收费（在免费额度内）。", code="free")
    notice = FeeNotice.objects.create(
        application=application,
        method=method,
        quantity=quantity,
        amount=amount,
        issued_on=issued_on,
        received_on=received_on,
        issued_by=user,
    )
    application.status = Status.AWAITING_PAYMENT
    application.save(update_fields=["status"])
    _audit(application, "foi.fee_issue", user, method=method, quantity=quantity, amount=amount)
    _issue_notice(application, "fee", user)
    notifications.applicant_fee_notice(application, notice)
    return notice


@transaction.atomic
def fee_record_payment(
    *, application: Application, user: AbstractBaseUser, paid_on: datetime.date | None = None
) -> FeeNotice:
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.AWAITING_PAYMENT, what="登记缴费")
    notice = FeeNotice.objects.select_for_update().get(application=application)
    paid_on = _not_future(paid_on or current_date(), what="缴费日期")
    if paid_on < notice.issued_on:
        raise ValidationError("缴费日期不能早于收费通知日期。", code="before_issue")
    due = foi_clock.fee_payment_due(notice)
    if paid_on > due:
        raise ValidationError(f"缴费期限已于{due:%Y-%m-%d}届满，请按逾期未缴费处理。", code="lapsed")
    notice.paid_on = paid_on
    notice.save(update_fields=["paid_on"])
    application.status = Status.PROCESSING
    application.save(update_fields=["status"])
    _audit(application, "foi.fee_paid", user, paid_on=paid_on, amount=notice.amount)
    return notice


@transaction.atomic
def fee_lapse(*, application: Application, user: AbstractBaseUser, closed_on: datetime.date | None = None):
    """Not paid within 20 working days: deemed abandoned, report row （六）2."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.AWAITING_PAYMENT, what="按逾期未缴费处理")
    due = foi_clock.fee_payment_due(application.fee_notice)
    closed_on = _not_future(closed_on or current_date(), what="办结日期")
    if closed_on <= due:
        raise ValidationError(f"缴费期限至{due:%Y-%m-%d}，期限届满后才能按逾期未缴费处理。", code="early")
    _close(
        application,
        outcome=Outcome.OTHER_NO_PAYMENT,
        closed_on=closed_on,
        user=user,
        reply_text="申请人逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。",
    )
    _audit(application, "foi.fee_lapse", user, closed_on=closed_on)
    _issue_letters(application, user)
    notifications.applicant_replied(application)
    return application


@transaction.atomic
def application_reply(
    *,
    application: Application,
    user: AbstractBaseUser,
    outcome: str,
    reply_text: str,
    replied_on: datetime.date | None = None,
    released_files: Sequence[UploadedFile] = (),
) -> Application:
    """The reply (答复): an outcome of the report's categories, a 告知书 in DOCX and PDF, released files."""
    _require_handler(user, application)
    application = _lock(application)
    _require_status(application, Status.PROCESSING, what="答复")
    try:
        rule = RULES[Outcome(outcome)]
    except ValueError:
        raise ValidationError({"outcome": "请选择办理结果。"}, code="outcome") from None
    if not rule.chosen_in_reply:
        raise ValidationError({"outcome": "逾期未补正、逾期未缴费请使用对应的操作办结。"}, code="outcome")
    if outcome == Outcome.UNAVAILABLE_UNCLEAR and not _has_supplemented(application):
        raise ValidationError({"outcome": "“补正后申请内容仍不明确”只适用于已经补正的申请。"}, code="outcome")
    open_consultations = application.consultations.filter(answered_on__isnull=True)
    if open_consultations.exists():
        raise ValidationError("还有征求意见未登记结果，请先登记。", code="consulting")
    extension = Extension.objects.filter(application=application, state=Extension.State.REQUESTED).first()
    if extension is not None:
        raise ValidationError("延期申请尚待审批，请先审批或撤回。", code="extension_pending")
    replied_on = _not_future(replied_on or current_date(), what="答复日期")
    if replied_on < application.received_on:
        raise ValidationError("答复日期不能早于收到申请日期。", code="before_receipt")
    checked = [
        check_upload(f, allowed=RELEASED_TYPES, max_bytes=settings.GONGKAI_FOI_MAX_RELEASED_BYTES)
        for f in released_files
    ]
    if rule.releases_information and not checked and application.delivery == "online":
        raise ValidationError("选择网上获取的申请人需要公开的文件，请上传。", code="no_files")
    _close(
        application,
        outcome=outcome,
        closed_on=replied_on,
        user=user,
        reply_text=_clean_text(reply_text, what="答复内容"),
    )
    _store_files(application, checked, ApplicationAttachment.Kind.RELEASED, user)
    _audit(application, "foi.reply", user, outcome=outcome, replied_on=replied_on, released=len(checked))
    _issue_letters(application, user)
    notifications.applicant_replied(application)
    return application


def _has_supplemented(application: Application) -> bool:
    return Correction.objects.filter(application=application, supplemented_on__isnull=False).exists()


RELEASED_TYPES = {
    **IDENTITY_TYPES,
    "application/zip": ("zip",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("xlsx",),
    "application/msword": ("doc",),
    "application/vnd.ms-excel": ("xls",),
}


def _issue_letters(application: Application, user) -> None:
    """The 告知书 for a closed case, stored with the case in both formats (the record of what was sent)."""
    from gongkai.foi import letters

    for name, content, content_type in letters.reply_letter_files(application):
        store_generated_file(
            application,
            kind=ApplicationAttachment.Kind.LETTER,
            name=name,
            content=content,
            content_type=content_type,
            user=user,
        )


def _issue_notice(application: Application, kind: str, user) -> None:
    """A 延期答复告知书 or 收费通知书, stored with the case."""
    from gongkai.foi import letters

    for name, content, content_type in letters.notice_files(application, kind):
        store_generated_file(
            application,
            kind=ApplicationAttachment.Kind.NOTICE,
            name=name,
            content=content,
            content_type=content_type,
            user=user,
        )


@transaction.atomic
def challenge_record(
    *,
    application: Application,
    user: AbstractBaseUser,
    kind: str,
    filed_on: datetime.date,
    case_number: str = "",
    body: str = "",
) -> Challenge:
    """A 行政复议 or 行政诉讼 brought over the reply of a closed case."""
    _require_handler(user, application)
    application = Application.objects.get(pk=application.pk)
    if application.status != Status.CLOSED:
        raise ValidationError("只能对已答复的申请登记行政复议或行政诉讼。", code="not_closed")
    if kind not in Challenge.Kind.values:
        raise ValidationError({"kind": "请选择行政复议或行政诉讼的类别。"}, code="kind")
    _not_future(filed_on, what="立案日期")
    if filed_on < application.closed_on:
        raise ValidationError("立案日期不能早于答复日期。", code="before_reply")
    challenge = Challenge.objects.create(
        application=application,
        kind=kind,
        filed_on=filed_on,
        case_number=strip_control_chars(case_number or "").strip()[:100],
        body=strip_control_chars(body or "").strip()[:100],
        recorded_by=user,
    )
    _audit(application, "foi.challenge_record", user, kind=kind, filed_on=filed_on)
    return challenge


@transaction.atomic
def challenge_conclude(
    *, challenge: Challenge, user: AbstractBaseUser, result: str, concluded_on: datetime.date, note: str = ""
) -> Challenge:
    _require_handler(user, challenge.application)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.result != Challenge.Result.PENDING:
        raise ValidationError("该案件已经登记了结果。", code="concluded")
    if result not in Challenge.Result.values or result == Challenge.Result.PENDING:
        raise ValidationError({"result": "请选择结果维持、结果纠正或其他结果。"}, code="result")
    _not_future(concluded_on, what="审结日期")
    if concluded_on < challenge.filed_on:
        raise ValidationError("审结日期不能早于立案日期。", code="before_filing")
    challenge.result = result
    challenge.concluded_on = concluded_on
    challenge.note = strip_control_chars(note or "").strip()
    challenge.save(update_fields=["result", "concluded_on", "note"])
    _audit(challenge.application, "foi.challenge_conclude", user, result=result, concluded_on=concluded_on)
    return challenge


@transaction.atomic
def case_note_add(*, application: Application, user: AbstractBaseUser, text: str) -> CaseNote:
    if not can_add_note(user, application):
        raise PermissionDenied("您无权查看或办理此申请。")
    from gongkai.org.roles import user_department

    note = CaseNote.objects.create(
        application=application,
        text=_clean_text(text, what="办理记录", minimum=2),
        department=user_department(user),
        created_at=timezone.now(),
        created_by=user,
    )
    _audit(application, "foi.note", user)
    return note
