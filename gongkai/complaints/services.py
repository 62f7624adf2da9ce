"""State changes of complaints, one function per change: permission → change in one transaction →
audit log (``wagtail.log_actions.log``) → notice.

The reporter is told through the query page (查询码): every step that the law says must be told
(受理告知, 不予受理 and its reason, 转办 and to whom, 延期 and its reason, the result) is shown
there as soon as it is recorded. Staff are not mailed; their case list shows what is due.

Publication of the result is the review workflow's (信息发布审核, finished by gongkai.review.workflows),
which also checks ``ComplaintResult.publication_blockers``.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.calendar.services import current_date
from gongkai.complaints import regions, rules
from gongkai.complaints.masking import leaks_personal_data, mask_result_texts
from gongkai.complaints.models import (
    Category,
    Complaint,
    ComplaintResult,
    Evidence,
    Extension,
    Investigation,
    Status,
    Transfer,
    allocate_number,
)
from gongkai.complaints.permissions import can_approve_extension, can_handle, can_intake, can_view
from gongkai.core.text import strip_control_chars
from gongkai.core.uploads import CheckedUpload, check_upload
from gongkai.foi.models import new_query_code
from gongkai.org.models import Department

ACTIONS = {
    "complaints.submit": "提交投诉举报",
    "complaints.accept": "受理",
    "complaints.not_accept": "不予受理",
    "complaints.assign": "交办承办处室",
    "complaints.transfer": "转办",
    "complaints.extension_request": "申请延期办理",
    "complaints.extension_approve": "批准延期办理",
    "complaints.investigation": "记录调查情况",
    "complaints.result": "记录查处结果",
    "complaints.mask": "生成查处结果脱敏文本",
    "complaints.masking_reviewed": "核对查处结果脱敏文本",
    "complaints.submit_result": "提交查处结果审核",
    "complaints.evidence_publishable": "设置照片公开",
    "complaints.close": "办结",
}
MIN_REASON_LENGTH = 4

PHOTO_TYPES = {"image/jpeg": ("jpg", "jpeg"), "image/png": ("png",), "image/heic": ("heic", "heif")}
VIDEO_TYPES = {"video/mp4": ("mp4",)}
EVIDENCE_TYPES = {**PHOTO_TYPES, **VIDEO_TYPES}


# --- helpers --------------------------------------------------------------------------------------


def _text(value: str | None, *, what: str, required: bool = True, min_length: int = 1, max_length: int = 0) -> str:
    value = strip_control_chars(value or "").strip()
    if required and len(value) < min_length:
        if min_length > 1:
            raise ValidationError(f"请填写{what}（至少{min_length}个字）。", code="required")
        raise ValidationError(f"请填写{what}。", code="required")
    if max_length and len(value) > max_length:
        raise ValidationError(f"{what}最多{max_length}个字。", code="too_long")
    return value


def _lock(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _day(value: datetime.date | None, *, what: str, not_before: datetime.date | None = None) -> datetime.date:
    day = value or current_date()
    if day > current_date():
        raise ValidationError(f"{what}不能晚于今天。", code="future")
    if not_before is not None and day < not_before:
        raise ValidationError(f"{what}不能早于{not_before:%Y-%m-%d}。", code="too_early")
    return day


def _require_status(complaint: Complaint, *statuses: str, message: str) -> None:
    if complaint.status not in statuses:
        raise ValidationError(message, code="status")


# --- the citizen's report --------------------------------------------------------------------------


def check_evidence(upload: UploadedFile) -> CheckedUpload:
    """A photo (JPEG, PNG, HEIC) or a video (MP4), sniffed by content, each kind with its own size limit."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is not None and guessed.mime in VIDEO_TYPES:
        return check_upload(upload, allowed=VIDEO_TYPES, max_bytes=settings.GONGKAI_COMPLAINTS_MAX_VIDEO_BYTES)
    if guessed is not None and guessed.mime in PHOTO_TYPES:
        return check_upload(upload, allowed=PHOTO_TYPES, max_bytes=settings.GONGKAI_COMPLAINTS_MAX_PHOTO_BYTES)
    # Neither: let check_upload word the refusal, naming every kind that is accepted.
    return check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=settings.GONGKAI_COMPLAINTS_MAX_VIDEO_BYTES)


def check_files(files: Sequence[UploadedFile]) -> list[CheckedUpload]:
    if len(files) > settings.GONGKAI_COMPLAINTS_MAX_FILES:
        raise ValidationError(
            {"files": f"最多上传{settings.GONGKAI_COMPLAINTS_MAX_FILES}个文件。"}, code="too_many_files"
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_evidence(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


@dataclass(frozen=True)
class ReportData:
    category: str
    prefecture_code: str
    county_code: str
    address: str
    description: str
    polluter_name: str = ""
    latitude: float | None = None
    longitude: float | None = None
    anonymous: bool = False
    reporter_name: str = ""
    reporter_phone: str = ""


def validate_place(prefecture_code: str, county_code: str) -> None:
    errors = {}
    if regions.prefecture(prefecture_code) is None:
        errors["prefecture_code"] = "请选择贵州省的市（州）。"
    elif regions.county(county_code) is None:
        errors["county_code"] = "请选择县（市、区）。"
    elif not regions.county_belongs_to(county_code, prefecture_code):
        errors["county_code"] = (
            f"所选县（市、区）“{regions.name_of(county_code)}”不属于{regions.name_of(prefecture_code)}，请重新选择。"
        )
    if errors:
        raise ValidationError(errors)


def validate_coordinates(latitude: float | None, longitude: float | None) -> None:
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise ValidationError({"latitude": "请同时填写纬度和经度，或都不填。"}, code="coordinates")
    if not regions.bounding_box().contains(float(latitude), float(longitude)):
        raise ValidationError({"latitude": "坐标不在贵州省范围内，请核对纬度和经度。"}, code="outside")


def complaint_submit(
    *, data: ReportData, files: Sequence[UploadedFile] = (), received_at: datetime.datetime | None = None
) -> tuple[Complaint, str]:
    """A citizen's report. Returns it with its 查询码, shown once and never stored in clear.

    Everything is checked before anything is written; the row and its files are stored together
    or not at all.
    """
    if data.category not in Category.values:
        raise ValidationError({"category": "请选择举报类别。"}, code="category")
    validate_place(data.prefecture_code, data.county_code)
    validate_coordinates(data.latitude, data.longitude)
    name = "" if data.anonymous else _text(data.reporter_name, what="举报人姓名", max_length=50)
    phone = "" if data.anonymous else _text(data.reporter_phone, what="联系电话", max_length=30)
    complaint = Complaint(
        category=data.category,
        prefecture_code=data.prefecture_code,
        county_code=data.county_code,
        address=_text(data.address, what="详细地址", max_length=200),
        polluter_name=_text(data.polluter_name, what="被举报单位或个人", required=False, max_length=200),
        description=_text(data.description, what="举报内容", min_length=10, max_length=5000),
        latitude=round(data.latitude, 6) if data.latitude is not None else None,
        longitude=round(data.longitude, 6) if data.longitude is not None else None,
        reporter_name=name,
        reporter_phone=phone,
    )
    checked = check_files(files)
    received_at = received_at or timezone.now()
    code = new_query_code()
    stored: list[Evidence] = []
    try:
        with transaction.atomic():
            complaint.received_at = received_at
            complaint.received_on = timezone.localdate(received_at)
            complaint.number = allocate_number(complaint.received_on.year)
            complaint.set_query_code(code)
            complaint.save()
            for item in checked:
                evidence = Evidence(
                    complaint=complaint,
                    original_name=strip_control_chars(item.file.name or "")[:200],
                    content_type=item.content_type,
                    extension=item.extension,
                    size=item.size,
                )
                evidence.file.save("upload", item.file, save=False)
                stored.append(evidence)
                evidence.save()
            log(instance=complaint, action="complaints.submit", user=None, data={"files": len(checked)})
    except Exception:
        for evidence in stored:  # the transaction is gone; so must be the files it wrote
            if evidence.file.name:
                evidence.file.storage.delete(evidence.file.name)
        raise
    return complaint, code


# --- intake (the office) --------------------------------------------------------------------------


def _require_intake(user: AbstractBaseUser) -> None:
    if not can_intake(user):
        raise PermissionDenied("受理、交办和转办投诉举报须由办公室人员办理。")


def _department(department: Department | int | None) -> Department:
    if isinstance(department, Department):
        return department
    found = Department.objects.filter(pk=department).first() if department else None
    if found is None:
        raise ValidationError({"department": "请选择承办处室。"}, code="department")
    return found


@transaction.atomic
def complaint_accept(
    *,
    complaint: Complaint,
    user: AbstractBaseUser,
    department: Department | int,
    accepted_on: datetime.date | None = None,
) -> Complaint:
    """受理 and 交办: the reporter is told (on the query page) that it is accepted and by whom it is handled."""
    _require_intake(user)
    complaint = _lock(complaint)
    _require_status(complaint, Status.RECEIVED, message="只有待受理的投诉举报可以受理。")
    complaint.department = _department(department)
    complaint.accepted_on = complaint.decided_on = _day(accepted_on, what="受理日期", not_before=complaint.received_on)
    complaint.status = Status.ACCEPTED
    complaint.save(update_fields=["department", "accepted_on", "decided_on", "status"])
    due = rules.acceptance_due(complaint.received_on)
    log(
        instance=complaint,
        action="complaints.accept",
        user=user,
        data={
            "department": complaint.department.name,
            "on": complaint.accepted_on,
            "late": complaint.accepted_on > due,
        },
    )
    return complaint


@transaction.atomic
def complaint_not_accept(
    *, complaint: Complaint, user: AbstractBaseUser, reason: str, decided_on: datetime.date | None = None
) -> Complaint:
    """不予受理, with the reason the reporter reads (e.g. the body to turn to, 诉讼, 复议)."""
    _require_intake(user)
    complaint = _lock(complaint)
    _require_status(complaint, Status.RECEIVED, message="只有待受理的投诉举报可以不予受理。")
    complaint.not_accepted_reason = _text(reason, what="不予受理理由", min_length=MIN_REASON_LENGTH, max_length=1000)
    complaint.decided_on = _day(decided_on, what="告知日期", not_before=complaint.received_on)
    complaint.status = Status.NOT_ACCEPTED
    complaint.save(update_fields=["not_accepted_reason", "decided_on", "status"])
    log(instance=complaint, action="complaints.not_accept", user=user, data={"on": complaint.decided_on})
    return complaint


@transaction.atomic
def complaint_assign(*, complaint: Complaint, user: AbstractBaseUser, department: Department | int) -> Complaint:
    """Hand an accepted complaint to another department (交办); the handling clock goes on."""
    _require_intake(user)
    complaint = _lock(complaint)
    _require_status(complaint, Status.ACCEPTED, message="只有办理中的投诉举报可以改为其他处室承办。")
    department = _department(department)
    previous = complaint.department.name if complaint.department else ""
    complaint.department = department
    complaint.save(update_fields=["department"])
    log(instance=complaint, action="complaints.assign", user=user, data={"from": previous, "to": department.name})
    return complaint


@transaction.atomic
def complaint_transfer(
    *,
    complaint: Complaint,
    user: AbstractBaseUser,
    body_kind: str,
    receiving_body: str,
    transferred_on: datetime.date | None = None,
    note: str = "",
) -> Transfer:
    """转办 to a 流域局 or a city bureau. The case stays here, with the record of where it went."""
    _require_intake(user)
    complaint = _lock(complaint)
    _require_status(complaint, Status.RECEIVED, Status.ACCEPTED, message="已办结或已转办的投诉举报不能再转办。")
    if body_kind not in Transfer.BodyKind.values:
        raise ValidationError({"body_kind": "请选择接收机关类别。"}, code="body_kind")
    day = _day(transferred_on, what="转办日期", not_before=complaint.received_on)
    transfer = Transfer.objects.create(
        complaint=complaint,
        body_kind=body_kind,
        receiving_body=_text(receiving_body, what="接收机关", min_length=MIN_REASON_LENGTH, max_length=100),
        transferred_on=day,
        note=_text(note, what="转办说明", required=False, max_length=1000),
        transferred_by=user,
    )
    if complaint.decided_on is None:
        complaint.decided_on = day  # 转送 is the answer of 第二十三条 for a matter outside our remit
    complaint.status = Status.TRANSFERRED
    complaint.save(update_fields=["decided_on", "status"])
    log(
        instance=complaint,
        action="complaints.transfer",
        user=user,
        data={"to": transfer.receiving_body, "on": day},
    )
    return transfer


# --- handling (the department) ---------------------------------------------------------------------


def _require_handler(user: AbstractBaseUser, complaint: Complaint) -> None:
    if not can_handle(user, complaint):
        raise PermissionDenied("只有承办处室的工作人员可以办理此投诉举报。")


def handling_due(complaint: Complaint) -> datetime.date:
    extension = complaint.approved_extension()
    return rules.handling_due(complaint.received_on, complaint.accepted_on, extension.days if extension else 0)


@transaction.atomic
def extension_request(*, complaint: Complaint, user: AbstractBaseUser, days: int, reason: str) -> Extension:
    """Ask for the one extension (≤ 30 日) before the 60 日 run out; 处室审核 decides."""
    complaint = _lock(complaint)  # the permission is judged on the current row (its department may have changed)
    _require_handler(user, complaint)
    _require_status(complaint, Status.ACCEPTED, message="只有办理中的投诉举报可以申请延期。")
    if Extension.objects.filter(complaint=complaint).exists():
        raise ValidationError("延期只能申请一次。", code="once")
    maximum = rules.extension_max(complaint.received_on)
    if not isinstance(days, int) or not 1 <= days <= maximum:
        raise ValidationError({"days": f"延长期限为1至{maximum}日。"}, code="days")
    today = current_date()
    if today > handling_due(complaint):
        raise ValidationError("办理期限已届满，不能再申请延期。", code="expired")
    extension = Extension.objects.create(
        complaint=complaint,
        days=days,
        reason=_text(reason, what="延期理由", min_length=MIN_REASON_LENGTH, max_length=1000),
        requested_on=today,
        requested_by=user,
    )
    log(instance=complaint, action="complaints.extension_request", user=user, data={"days": days})
    return extension


@transaction.atomic
def extension_approve(*, complaint: Complaint, user: AbstractBaseUser) -> Extension:
    complaint = _lock(complaint)
    extension = Extension.objects.select_for_update().filter(complaint=complaint).first()
    if extension is None or extension.approved_on is not None:
        raise ValidationError("没有待批准的延期申请。", code="none")
    if not can_approve_extension(user, complaint, extension.requested_by_id):
        raise PermissionDenied("延期须由承办处室的处室审核人员批准，且不能批准本人提出的申请。")
    _require_status(complaint, Status.ACCEPTED, message="只有办理中的投诉举报可以延期。")
    today = current_date()
    if today > rules.handling_due(complaint.received_on, complaint.accepted_on):
        raise ValidationError("原办理期限已届满，不能再批准延期。", code="expired")
    extension.approved_on = today
    extension.approved_by = user
    extension.save(update_fields=["approved_on", "approved_by"])
    log(instance=complaint, action="complaints.extension_approve", user=user, data={"days": extension.days})
    return extension


@transaction.atomic
def investigation_record(
    *, complaint: Complaint, user: AbstractBaseUser, text: str, done_on: datetime.date | None = None
) -> Investigation:
    complaint = _lock(complaint)  # the permission is judged on the current row (its department may have changed)
    _require_handler(user, complaint)
    _require_status(complaint, Status.ACCEPTED, message="只有办理中的投诉举报可以记录调查情况。")
    investigation = Investigation.objects.create(
        complaint=complaint,
        done_on=_day(done_on, what="调查日期", not_before=complaint.received_on),
        text=_text(text, what="调查情况", min_length=MIN_REASON_LENGTH, max_length=5000),
        recorded_by=user,
    )
    log(instance=complaint, action="complaints.investigation", user=user, data={"on": investigation.done_on})
    return investigation


def _result_draft(result: ComplaintResult, user: AbstractBaseUser) -> ComplaintResult:
    locked = ComplaintResult.objects.select_for_update().get(pk=result.pk)
    lock = locked.get_lock()
    if lock is not None and lock.for_user(user):
        raise ValidationError("查处结果正在审核或已被锁定，暂不能修改。", code="locked")
    return locked.get_latest_revision_as_object()


def _save_result(result: ComplaintResult, user: AbstractBaseUser) -> None:
    if not result.live:
        result.save()
    result.save_revision(user=user)


@transaction.atomic
def result_record(
    *,
    complaint: Complaint,
    user: AbstractBaseUser,
    findings: str,
    measures: str,
    penalty_decision_number: str = "",
    decision=None,
) -> ComplaintResult:
    """查处结果: what was found, what was done, the penalty decision if any. Saved as a draft to be masked."""
    complaint = _lock(complaint)  # the permission is judged on the current row (its department may have changed)
    _require_handler(user, complaint)
    _require_status(complaint, Status.ACCEPTED, Status.CLOSED, message="只有受理的投诉举报可以记录查处结果。")
    findings = _text(findings, what="调查核实情况", min_length=MIN_REASON_LENGTH, max_length=5000)
    measures = _text(measures, what="处理措施", min_length=MIN_REASON_LENGTH, max_length=5000)
    number = _text(penalty_decision_number, what="行政处罚决定书文号", required=False, max_length=100)
    if decision is not None and not number:
        number = decision.decision_number
    existing = ComplaintResult.objects.filter(complaint=complaint).first()
    if existing is None:
        result = ComplaintResult(complaint=complaint, live=False, department=complaint.department)
    else:
        result = _result_draft(existing, user)
    result.department = complaint.department
    result.findings, result.measures = findings, measures
    result.penalty_decision_number, result.decision = number, decision
    masked = mask_result_texts(complaint, findings=findings, measures=measures)
    result.public_findings, result.public_measures = masked["findings"], masked["measures"]
    # New raw text means a new masked copy, which a person must read again.
    result.masking_reviewed_at = None
    result.masking_reviewed_by = None
    _save_result(result, user)
    log(instance=complaint, action="complaints.result", user=user, data={"decision": number})
    return result


@transaction.atomic
def result_update_public_text(
    *, result: ComplaintResult, user: AbstractBaseUser, public_findings: str, public_measures: str
) -> ComplaintResult:
    """Staff correct the masked copy by hand (e.g. a place name the masker missed); it needs a new check."""
    _require_handler(user, result.complaint)
    result = _result_draft(result, user)
    result.public_findings = _text(public_findings, what="调查核实情况（公开文本）", max_length=5000)
    result.public_measures = _text(public_measures, what="处理措施（公开文本）", max_length=5000)
    result.masking_reviewed_at = None
    result.masking_reviewed_by = None
    _save_result(result, user)
    log(instance=result.complaint, action="complaints.mask", user=user)
    return result


@transaction.atomic
def result_confirm_masking(*, result: ComplaintResult, user: AbstractBaseUser) -> ComplaintResult:
    """A member of staff has read the masked copy side by side with the raw text and confirms it."""
    _require_handler(user, result.complaint)
    result = _result_draft(result, user)
    left = [
        label for label, text in result.public_texts().items() if text and leaks_personal_data(text, result.complaint)
    ]
    if left:
        raise ValidationError(f"以下公开文本中仍有个人信息，请修改后再确认：{'、'.join(left)}", code="personal_data")
    result.masking_reviewed_at = timezone.now()
    result.masking_reviewed_by = user
    _save_result(result, user)
    log(instance=result.complaint, action="complaints.masking_reviewed", user=user)
    return result


@transaction.atomic
def result_submit(*, result: ComplaintResult, user: AbstractBaseUser):
    """Start the review (信息发布审核) of the checked result, as the snippet editor's 提交审核 does."""
    _require_handler(user, result.complaint)
    result = ComplaintResult.objects.select_for_update().get(pk=result.pk)
    if result.workflow_in_progress:
        raise ValidationError("查处结果已在审核中。", code="in_review")
    draft = result.get_latest_revision_as_object()
    blockers = draft.publication_blockers()
    if blockers:
        raise ValidationError("暂不能提交审核：" + "；".join(blockers) + "。", code="blocked")
    workflow = draft.get_workflow()
    if workflow is None:
        raise ValidationError("查处结果没有配置审核流程，请联系系统管理员。", code="no_workflow")
    state = workflow.start(draft, user)
    log(instance=result.complaint, action="complaints.submit_result", user=user)
    return state


@transaction.atomic
def evidence_set_publishable(*, evidence: Evidence, user: AbstractBaseUser, publishable: bool) -> Evidence:
    _require_handler(user, evidence.complaint)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    evidence.publishable = publishable
    evidence.save(update_fields=["publishable"])
    log(
        instance=evidence.complaint,
        action="complaints.evidence_publishable",
        user=user,
        data={"evidence": evidence.pk, "publishable": publishable},
    )
    return evidence


@transaction.atomic
def complaint_close(
    *, complaint: Complaint, user: AbstractBaseUser, closed_on: datetime.date | None = None
) -> Complaint:
    """办结: the result is recorded; lateness is derived from the dates, never stored."""
    complaint = _lock(complaint)  # the permission is judged on the current row (its department may have changed)
    _require_handler(user, complaint)
    _require_status(complaint, Status.ACCEPTED, message="只有办理中的投诉举报可以办结。")
    if not ComplaintResult.objects.filter(complaint=complaint).exists():
        raise ValidationError("请先记录查处结果再办结。", code="no_result")
    complaint.closed_on = _day(closed_on, what="办结日期", not_before=complaint.accepted_on)
    complaint.status = Status.CLOSED
    complaint.save(update_fields=["closed_on", "status"])
    due = handling_due(complaint)
    log(
        instance=complaint,
        action="complaints.close",
        user=user,
        data={"on": complaint.closed_on, "due": due, "late": complaint.closed_on > due},
    )
    return complaint


def assert_can_view(user: AbstractBaseUser, complaint: Complaint) -> None:
    if not can_view(user, complaint):
        raise PermissionDenied("您无权查看此投诉举报。")
