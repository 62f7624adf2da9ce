# ruff: noqa: E501
# Demo data: long lines of Chinese text read better unbroken.
"""Demo disclosure applications: last year's closed cases for the annual report, this year's open ones.

Every case goes through ``gongkai.foi.services`` with the dates it would have had, so the demo
exercises the same rules as real work: receipt by channel, 补正 within 7 working days, the restart,
consultations, an extension awaiting approval, fees and every kind of outcome. The audit-log
entries are moved to those dates afterwards so that each case's history reads as it happened.
Applicants, identity numbers and requests are invented.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import add_workdays
from gongkai.core.validators import uscc_check_char
from gongkai.demo.builder import _workdays_before
from gongkai.foi import services
from gongkai.foi.models import AnnualReport, Application, Challenge, Channel, Consultation, FeeNotice, FoiSettings
from gongkai.foi.outcomes import Outcome
from gongkai.org.models import Agency, Department

# Identity numbers with valid check characters (GB 11643-1999; GB 32100-2015 for the 17-character
# organisation codes below, completed in _data), generated for the demo.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _resident_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


PEOPLE = [
    ("natural", "王某某", _resident_id("52010219850312003")),
    ("natural", "李某某", _resident_id("52030219900708101")),
    ("natural", "张某", _resident_id("52040219780221552")),
    ("natural", "陈某某", _resident_id("52260119921130024")),
    ("commercial", "贵州某某化工有限公司", "91520100MA6DKM001"),
    ("commercial", "某某建材股份有限公司", "91520300MA6DKM002"),
    ("research", "某某大学环境科学研究院", "12520000MB1DKM003"),
    ("public_interest", "某某环境保护志愿者协会", "51520000MJ9DKM004"),
    ("legal_service", "贵州某某律师事务所", "31520000MD0DKM005"),
    ("other_org", "某某村民委员会", "54520102MF0DKM006"),
]

REQUESTS = [
    ("某化工园区污水处理厂扩建项目环境影响报告书的批复文件", "黔环审〔2025〕18号"),
    ("2025年第三季度全省重点排污单位自动监测数据超标情况", ""),
    ("某水泥厂2024年度排污许可证副本及执行报告", ""),
    ("赤水河流域生态环境保护规划编制过程中的专家论证意见", ""),
    ("对某砂石厂作出的行政处罚决定书全文", "黔环罚〔2025〕41号"),
    ("全省2025年度危险废物经营许可证持证单位名单", ""),
    ("某垃圾焚烧发电项目二噁英排放在线监测数据", ""),
    ("本厅2025年部门预算中环境监测经费的明细", ""),
]


@dataclass
class Case:
    """One demo case: who, what, when it arrived and how it went."""

    person: int
    request: int
    received: int  # working days before ``today`` (or before 31 December for last year's cases)
    channel: str = Channel.ONLINE
    outcome: str | None = None
    reply_after: int = 12  # working days after receipt (or after the supplement)
    correction: bool = False
    supplement_after: int = 4
    consultation: bool = False
    extension: str | None = None  # None, "requested" or "approved"
    fee_pages: int | None = None
    fee_paid: bool = True
    challenge: str | None = None
    carry_over: bool = False
    steps: list[str] = field(default_factory=list)


LAST_YEAR = [
    Case(0, 0, 200, outcome=Outcome.DISCLOSED),
    Case(1, 1, 185, outcome=Outcome.DISCLOSED, channel=Channel.MAIL_SIGNED),
    Case(4, 2, 170, outcome=Outcome.PARTIAL, consultation=True, challenge=Challenge.Result.UPHELD),
    Case(2, 3, 150, outcome=Outcome.WITHHELD_PROCESS),
    Case(8, 4, 140, outcome=Outcome.DISCLOSED, channel=Channel.IN_PERSON),
    Case(6, 5, 120, outcome=Outcome.DISCLOSED),
    Case(3, 6, 110, outcome=Outcome.UNAVAILABLE_NOT_HELD),
    Case(7, 7, 95, outcome=Outcome.NOT_PROCESSED_PETITION),
    Case(5, 2, 80, outcome=Outcome.UNAVAILABLE_NEEDS_CREATION),
    Case(0, 5, 70, outcome=Outcome.NOT_PROCESSED_REPEAT),
    Case(9, 0, 60, outcome=Outcome.PARTIAL, channel=Channel.FAX),
    Case(1, 3, 50, correction=True, outcome=None),  # never supplemented: （六）1
    Case(4, 6, 40, outcome=Outcome.DISCLOSED, fee_pages=240),
    Case(2, 7, 30, outcome=Outcome.WITHHELD_THIRD_PARTY, consultation=True, challenge=Challenge.Result.PENDING),
    Case(6, 1, 8, outcome=Outcome.DISCLOSED, carry_over=True),  # answered in January: 结转下年度
    Case(8, 4, 5, outcome=Outcome.PARTIAL, carry_over=True, extension="approved"),
]

THIS_YEAR = [
    Case(0, 1, 180, outcome=Outcome.DISCLOSED),
    Case(4, 0, 150, outcome=Outcome.DISCLOSED, correction=True),
    Case(6, 6, 120, outcome=Outcome.PARTIAL),
    Case(3, 2, 90, outcome=Outcome.WITHHELD_INTERNAL),
    Case(7, 3, 60, outcome=Outcome.DISCLOSED, channel=Channel.MAIL_ORDINARY),
    Case(9, 5, 40, outcome=Outcome.OTHER),
    # Open cases the dashboard shows.
    Case(2, 4, 30),  # overdue: received 30 working days ago, no extension
    Case(5, 7, 18),  # due within 3 working days
    Case(1, 6, 12, consultation=True),  # third party still consulted: the clock is paused
    Case(8, 2, 10, extension="requested"),  # waiting for the head of the office
    Case(4, 5, 8, fee_pages=1500, fee_paid=False),  # waiting for payment
    Case(0, 3, 3, correction=True, supplement_after=0),  # waiting for the applicant's 补正
    Case(3, 0, 1),
    Case(7, 1, 0, channel=None),  # submitted online yesterday or today: awaiting confirmation
]


def _data(case: Case) -> dict:
    kind, name, number = PEOPLE[case.person]
    if kind != "natural":
        number = number + uscc_check_char(number)
    title, document_number = REQUESTS[case.request]
    return {
        "applicant_type": kind,
        "name": name,
        "id_type": "resident_id" if kind == "natural" else "uscc",
        "id_number": number,
        "contact_person": "" if kind == "natural" else "刘某",
        "phone": "13800000000",
        "email": f"applicant{case.person}@example.com",
        "address": "贵州省贵阳市某区某路某号",
        "information_title": title,
        "document_number": document_number,
        "description": f"申请获取{title}。用于了解相关项目的环境影响和监管情况。",
        "information_form": "email",
        "delivery": "email",
    }


def _stamp(application: Application, since: datetime.datetime, day: datetime.date) -> None:
    """Move the log entries just written for ``application`` to ``day`` (10:00 Beijing time)."""
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    ModelLogEntry.objects.for_instance(application).filter(timestamp__gte=since).update(timestamp=at)


def _run(case: Case, *, anchor: datetime.date, handler, head, today: datetime.date) -> Application:
    received = _workdays_before(anchor, case.received)
    data = _data(case)
    since = timezone.now()
    if case.channel is None:
        submitted_at = timezone.now() - datetime.timedelta(hours=3)
        application, _ = services.application_submit(data=data, submitted_at=submitted_at)
        return application
    if case.channel == Channel.ONLINE:
        submitted_at = timezone.make_aware(datetime.datetime.combine(received, datetime.time(8, 40)))
        application, _ = services.application_submit(data=data, submitted_at=submitted_at)
        services.application_confirm_receipt(application=application, user=handler, confirmed_on=received)
    else:
        application, _ = services.application_register(
            user=handler,
            data=data,
            channel=case.channel,
            submitted_on=received - datetime.timedelta(days=2) if case.channel.startswith("mail") else received,
            signed_on=received if case.channel == Channel.MAIL_SIGNED else None,
            confirmed_on=received if case.channel in (Channel.MAIL_ORDINARY, Channel.FAX) else None,
        )
    _stamp(application, since, received)
    start = received

    if case.correction:
        since = timezone.now()
        requested = add_workdays(received, 3)
        if requested > today:
            requested = today
        services.correction_request(
            application=application,
            user=handler,
            items="申请所述“相关文件”范围不明确，请写明所需信息的名称、文号或者形成时间。",
            due_on=add_workdays(requested, 10),
            requested_on=requested,
        )
        _stamp(application, since, requested)
        if case.outcome is None and anchor.year < today.year:
            since = timezone.now()
            lapsed = add_workdays(requested, 12)
            services.correction_lapse(application=application, user=handler, closed_on=lapsed)
            _stamp(application, since, lapsed)
            return application
        supplemented = add_workdays(requested, case.supplement_after)
        if case.supplement_after == 0 or supplemented > today:
            return application
        since = timezone.now()
        services.correction_supplement(
            application=application,
            text="所需信息为2025年批复的该项目环境影响报告书审批文件。",
            supplemented_on=supplemented,
        )
        _stamp(application, since, supplemented)
        start = supplemented

    if case.consultation:
        since = timezone.now()
        sent = add_workdays(start, 2)
        consultation = services.consultation_start(
            application=application, user=handler, kind=Consultation.Kind.THIRD_PARTY, party=PEOPLE[4][1], sent_on=sent
        )
        _stamp(application, since, sent)
        if case.outcome is None:
            return application
        answered = add_workdays(sent, 9)
        since = timezone.now()
        opinion = (
            Consultation.Opinion.OBJECT if case.outcome == Outcome.WITHHELD_THIRD_PARTY else Consultation.Opinion.AGREE
        )
        services.consultation_answer(
            consultation=consultation, user=handler, opinion=opinion, answered_on=answered, note="第三方书面回复意见。"
        )
        _stamp(application, since, answered)

    if case.extension:
        since = timezone.now()
        asked = min(add_workdays(start, 15), today)
        extension = services.extension_request(
            application=application,
            user=handler,
            days=15,
            reason="申请内容涉及多个处室的档案，需要检索汇总",
            requested_on=asked,
        )
        if case.extension == "approved":
            services.extension_decide(extension=extension, user=head, approve=True, note="同意延期", decided_on=asked)
        _stamp(application, since, asked)

    if case.fee_pages:
        since = timezone.now()
        issued = add_workdays(start, 5)
        services.fee_notice_issue(
            application=application,
            user=handler,
            method=FeeNotice.Method.PER_VOLUME,
            pages=case.fee_pages,
            issued_on=issued,
        )
        _stamp(application, since, issued)
        if not case.fee_paid:
            return application
        since = timezone.now()
        paid = add_workdays(issued, 6)
        services.fee_record_payment(application=application, user=handler, paid_on=paid)
        _stamp(application, since, paid)

    if case.outcome is None:
        return application
    replied = add_workdays(start, case.reply_after + (9 if case.consultation else 0) + (6 if case.fee_pages else 0))
    if case.carry_over:
        replied = add_workdays(datetime.date(anchor.year, 12, 31), 6)
    if replied > today:
        return application
    since = timezone.now()
    services.application_reply(
        application=application,
        user=handler,
        outcome=case.outcome,
        reply_text=REPLY_TEXTS.get(case.outcome, "经研究，现将办理情况告知如下。"),
        replied_on=replied,
    )
    _stamp(application, since, replied)
    if case.challenge:
        since = timezone.now()
        filed = add_workdays(replied, 25)
        challenge = services.challenge_record(
            application=application,
            user=handler,
            kind=Challenge.Kind.RECONSIDERATION,
            filed_on=min(filed, today),
            case_number=f"黔府复〔{filed.year}〕{case.request + 11}号",
            body="贵州省人民政府",
        )
        if case.challenge != Challenge.Result.PENDING:
            concluded = min(add_workdays(filed, 40), today)
            services.challenge_conclude(
                challenge=challenge, user=handler, result=case.challenge, concluded_on=concluded
            )
        _stamp(application, since, min(filed, today))
    return application


REPLY_TEXTS = {
    Outcome.DISCLOSED: "经查，所申请的信息由本机关制作并保存，现予以公开，电子文件已通过电子邮件发送。",
    Outcome.PARTIAL: "所申请的信息中含有第三方商业秘密和个人信息，已作区分处理，其余部分予以公开。",
    Outcome.WITHHELD_PROCESS: "所申请的专家论证意见属于规划编制过程中的讨论记录，为过程性信息，本机关决定不予公开。",
    Outcome.WITHHELD_INTERNAL: "所申请的信息属于本机关内部管理信息，不予公开。",
    Outcome.WITHHELD_THIRD_PARTY: "经书面征求第三方意见，第三方以涉及商业秘密为由不同意公开，本机关认为不公开不会对公共利益造成重大影响。",
    Outcome.UNAVAILABLE_NOT_HELD: "经检索，本机关未制作或获取所申请的信息，该信息不存在。",
    Outcome.UNAVAILABLE_NEEDS_CREATION: "所申请的统计数据需要对现有信息进行加工、分析才能形成，本机关不予提供。",
    Outcome.NOT_PROCESSED_PETITION: "所提诉求属于投诉举报，请通过12369环保举报热线反映，本机关不作为政府信息公开申请处理。",
    Outcome.NOT_PROCESSED_REPEAT: "本申请与此前已答复的申请内容相同，本机关不予重复处理。",
    Outcome.OTHER: "所申请的信息已在本机关门户网站主动公开，请在“政策文件”栏目查阅。",
}


def foi_cases_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Last year's cases (for its annual report) and this year's, open and closed. Returns the count."""
    handler, head = staff["office_reviewer"], staff["office_head"]
    office = Department.objects.filter(is_disclosure_office=True).first()
    agency = Agency.current()
    foi_settings = FoiSettings.load()
    foi_settings.office_name = office.name if office else foi_settings.office_name
    foi_settings.office_address = f"{agency.address}（邮政编码：{agency.postcode}）" if agency else ""
    foi_settings.office_phone = office.phone if office else ""
    foi_settings.office_fax = "0851-85570099"
    foi_settings.reconsideration_body = "贵州省人民政府"
    foi_settings.save()
    created = []
    last_december = datetime.date(today.year - 1, 12, 31)
    for case in LAST_YEAR:
        created.append(_run(case, anchor=last_december, handler=handler, head=head, today=today))
    for case in THIS_YEAR:
        created.append(_run(case, anchor=today, handler=handler, head=head, today=today))
    # The open cases are being worked on with the department that holds the information.
    hpc = Department.objects.filter(code="hpc").first()
    if hpc is not None:
        for application in Application.objects.open().filter(pk__in=[a.pk for a in created]):
            application.handling_departments.set([hpc])
    return len(created)


OVERVIEW = (
    "{year}年，本厅深入贯彻《中华人民共和国政府信息公开条例》，围绕生态环境中心工作，"
    "坚持以公开为常态、不公开为例外，做好主动公开、依申请公开、政策解读和回应关切。"
    "依申请公开全部通过政务公开平台登记办理，收到申请、补正、征求意见、延期和答复各环节自动计算法定期限，"
    "全年依申请公开答复均在法定期限内作出。"
)
PROBLEMS = (
    "一是部分处室对依申请公开中涉及第三方的信息区分处理把握不够准确；二是答复文书的说理还需加强。"
    "下一步，本厅将组织依申请公开业务培训，建立疑难申请会商机制，统一答复文书格式，提升答复质量。"
)
OTHER_MATTERS = (
    "本年度依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）收取信息处理费，"
    "收费情况见平台“依申请公开”统计。本年度无其他需要报告的事项。"
)


def annual_report_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date, since) -> AnnualReport:
    """Last year's annual report from the demo's applications, published on 20 January as due.

    It goes through ``annual_report_publish`` like a real one; the demo then publishes the submitted
    revision directly (as it publishes every demo item), which freezes the figures.
    """
    from gongkai.demo.builder import _backdate
    from gongkai.foi.report.page import annual_report_publish

    year = today.year - 1
    report = AnnualReport.objects.create(
        year=year,
        overview=OVERVIEW.format(year=year),
        problems=PROBLEMS,
        other_matters=OTHER_MATTERS,
    )
    page = annual_report_publish(report=report, user=staff["office_reviewer"])
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=staff["office_reviewer"])
    due = timezone.make_aware(datetime.datetime.combine(datetime.date(year + 1, 1, 20), datetime.time(10, 0)))
    at = min(due, timezone.now())
    page = page.get_latest_revision_as_object()
    page.first_published_at = at
    page.written_date = min(datetime.date(year + 1, 1, 16), today)
    page.save_revision(user=staff["office_reviewer"]).publish(user=staff["leader"], skip_permission_checks=True)
    _backdate(page, at, since)
    report.refresh_from_db()
    return report
