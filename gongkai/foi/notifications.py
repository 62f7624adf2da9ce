"""E-mails about a case: notices to the applicant, and alerts to the staff who have to act.

The applicant's notices carry the case number and the address of the query page, never the
查询码 (shown once on submission) and never personal data beyond the greeting. A failed send is
logged and does not undo the action: the letter in the case file is the legal notice, the e-mail
a courtesy (条例第三十条 and 第三十三条 require notice; the letters are generated either way).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from gongkai.org.roles import Role

logger = logging.getLogger("gongkai.foi")


def _query_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("foi_public:query")


def _case_url(application) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("foi:case", args=[application.pk])


def _send(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if not recipients:
        return

    def deliver():
        try:
            send_mail(subject, body, None, recipients)
        except Exception:  # noqa: BLE001 — an unreachable mail server must not break the case
            logger.exception("发送邮件失败：%s", subject)

    # Only once the change is committed: a rolled-back action must not have told anyone anything.
    transaction.on_commit(deliver)


def _to_applicant(application, subject: str, lines: list[str]) -> None:
    body = "\n".join(
        [
            f"{application.name}：",
            "",
            *lines,
            "",
            f"申请编号：{application.number}",
            f"请凭申请编号和查询码在 {_query_url()} 查看办理进度和答复文书。",
            "",
            "本邮件由系统发送，请勿直接回复。",
        ]
    )
    _send(f"【政府信息公开申请 {application.number}】{subject}", body, [application.email])


def _staff_emails(*, roles=(), departments=()) -> list[str]:
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    selected = set()
    if roles:
        selected |= set(users.filter(groups__name__in=[r.value for r in roles]).values_list("email", flat=True))
    if departments:
        selected |= set(users.filter(staff_profile__department__in=list(departments)).values_list("email", flat=True))
    return sorted(selected)


def applicant_submitted(application) -> None:
    _to_applicant(
        application,
        "已提交",
        ["您的政府信息公开申请已提交。工作人员与您确认后，以确认之日为收到申请日期（条例第三十一条）。"],
    )


def applicant_received(application) -> None:
    _to_applicant(
        application,
        "已收到",
        [f"本机关已于{application.received_on:%Y年%m月%d日}收到您的政府信息公开申请，将依法在规定期限内答复。"],
    )


def applicant_correction_requested(application, correction) -> None:
    _to_applicant(
        application,
        "请补正申请",
        [
            "您的申请内容需要补正，请补正以下事项：",
            correction.items,
            f"请于{correction.due_on:%Y年%m月%d日}前通过查询页面提交补正。无正当理由逾期不补正的，视为放弃申请。",
        ],
    )


def applicant_extended(application, extension) -> None:
    _to_applicant(
        application,
        "延期答复告知",
        [f"因{extension.reason}，经政府信息公开工作机构负责人同意，答复期限延长{extension.days}个工作日。"],
    )


def applicant_fee_notice(application, notice) -> None:
    _to_applicant(
        application,
        "信息处理费收费通知",
        [
            f"您的申请需缴纳信息处理费{notice.amount}元（{notice.get_method_display()}）。",
            "请自收到通知次日起20个工作日内缴纳；逾期未缴纳的，视为放弃申请。收费通知书可在查询页面下载。",
        ],
    )


def applicant_replied(application) -> None:
    _to_applicant(application, "已答复", ["本机关已对您的申请作出答复，答复告知书可在查询页面下载。"])


def departments_assigned(application, departments) -> None:
    if not departments:
        return
    _send(
        f"【依申请公开】请协助办理申请 {application.number}",
        f"政府信息公开工作机构请贵处室协助办理申请 {application.number}，请登录后台查看：{_case_url(application)}",
        _staff_emails(departments=departments),
    )


def handlers_supplemented(application) -> None:
    _send(
        f"【依申请公开】申请 {application.number} 已补正",
        f"申请人已提交补正，答复期限自收到补正之日起重新计算：{_case_url(application)}",
        _staff_emails(roles=[Role.OFFICE_REVIEWER]),
    )


def head_extension_requested(application, extension) -> None:
    _send(
        f"【依申请公开】申请 {application.number} 请求延期答复",
        f"经办人请求延长答复期限{extension.days}个工作日，理由：{extension.reason}\n审批：{_case_url(application)}",
        _staff_emails(roles=[Role.DISCLOSURE_HEAD]),
    )
