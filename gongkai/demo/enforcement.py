# ruff: noqa: E501
# Demo data: long lines of Chinese text read better unbroken.
"""Demo enforcement publicity: officers, 执法事项清单, and decisions published, late, pending and withdrawn.

Decisions are masked by ``gongkai.enforcement.services`` (so the demo shows real masking) and then
published directly, as the demo publishes its disclosure items. Companies, people, numbers and
facts are invented.
"""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.calendar.services import add_workdays
from gongkai.core.validators import uscc_check_char
from gongkai.enforcement import services
from gongkai.enforcement.models import (
    Decision,
    EnforcementMatter,
    EnforcementOfficer,
    Kind,
    PartyCategory,
    WithdrawalReason,
)
from gongkai.org.models import Department

OFFICERS = [
    ("zfc", "吴某某", "52000120190001", "大气、水污染防治执法"),
    ("zfc", "郑某", "52000120190002", "固体废物、危险废物执法"),
    ("zfc", "冯某某", "52000120200015", "建设项目环境执法"),
    ("zfc", "何某", "52000120210033", "排污许可执法"),
    ("ly1", "罗某某", "52000120190041", "乌江流域执法"),
    ("ly1", "宋某", "52000120220007", "乌江流域执法"),
]

MATTERS = [
    ("zfc", "对超标排放大气污染物的行政处罚", Kind.PENALTY, True),
    ("zfc", "对未依法取得排污许可证排放污染物的行政处罚", Kind.PENALTY, True),
    ("zfc", "查封、扣押造成或者可能造成严重污染的设施、设备", Kind.COERCION, False),
    ("hpc", "建设项目环境影响报告书（表）审批", Kind.LICENSE, False),
    ("gtc", "危险废物经营许可证核发", Kind.LICENSE, False),
    ("zfc", "重点排污单位监督检查", Kind.INSPECTION, True),
]

COMPANIES = [
    ("贵州某某化工有限公司", "91520100MA6DKM011", "张某某"),
    ("遵义某某水泥有限公司", "91520300MA6DKM012", "刘某"),
    ("六盘水某某焦化有限公司", "91520200MA6DKM013", "陈某某"),
    ("毕节某某建材有限公司", "91520500MA6DKM014", "杨某"),
    ("铜仁某某锰业有限公司", "91520600MA6DKM015", "黄某某"),
]

PENALTY_TEXT = (
    "当事人：{name}\n统一社会信用代码：{uscc}\n法定代表人：{rep}\n委托代理人：周某某，身份证号码{agent_id}，联系电话13985012345。\n"
    "经查，你单位{fact}。以上事实有现场检查笔录、监测报告等证据为证。\n"
    "你单位的上述行为违反了《中华人民共和国大气污染防治法》第十八条的规定。依据《中华人民共和国大气污染防治法》第九十九条第（二）项，"
    "本机关决定对你单位处以罚款人民币{fine}元。\n限于接到本处罚决定之日起十五日内缴至指定银行。"
    "如不服本处罚决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。"
)

FACTS = [
    "2号燃煤锅炉烟气中氮氧化物排放浓度超过《锅炉大气污染物排放标准》（GB 13271-2014）规定的限值",
    "生产车间无组织排放颗粒物，未采取密闭措施",
    "焦炉烟囱二氧化硫排放浓度超标",
    "未按规定安装大气污染物排放自动监测设备",
    "锰渣库渗滤液未经处理直接外排",
]


def _id_with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


def _workdays_back(day: datetime.date, count: int) -> datetime.date:
    from gongkai.demo.builder import _workdays_before

    return _workdays_before(day, count)


def _publish(decision: Decision, user: AbstractBaseUser, on: datetime.date) -> None:
    at = timezone.make_aware(datetime.datetime.combine(on, datetime.time(16, 0)))
    decision = Decision.objects.get(pk=decision.pk).get_latest_revision_as_object()
    decision.first_published_at = at
    decision.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    Decision.objects.filter(pk=decision.pk).update(first_published_at=at, last_published_at=at)


def enforcement_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Officers, matters and about a dozen decisions. Returns the number of decisions."""
    departments = {d.code: d for d in Department.objects.all()}
    for code, name, number, area in OFFICERS:
        EnforcementOfficer.objects.create(
            department=departments[code], name=name, certificate_number=number, enforcement_area=area
        )
    for order, (code, name, kind, random_inspection) in enumerate(MATTERS):
        EnforcementMatter.objects.create(
            department=departments[code],
            name=name,
            kind=kind,
            duty="依法对本省行政区域内的相关行为实施监督管理。",
            authority="省级生态环境主管部门负责本省重大、跨区域案件的查处，其余由市级生态环境部门实施。",
            basis="《中华人民共和国环境保护法》及相关污染防治法律、法规。",
            procedure="立案—调查取证—审查—告知—（听证）—决定—送达—执行—结案。",
            remedy="对决定不服的，可以自知道之日起六十日内申请行政复议，或者六个月内提起行政诉讼。",
            random_inspection=random_inspection,
            inspection_method="按照随机抽取检查对象、随机选派执法检查人员的方式，每年抽查比例不低于5%。"
            if random_inspection
            else "",
            updated_on=today.replace(month=1, day=10) if today.month > 1 else today,
            sort_order=order,
        )

    editor, office = staff["office_reviewer"], staff["office_reviewer"]
    zfc = departments["zfc"]
    created = 0
    # (company, working days ago decided, working days to publication or None, withdrawn?)
    plan = [
        (0, 60, 5, None),
        (1, 45, 6, None),
        (2, 30, 12, None),  # published late: 12 working days for a penalty due in 7
        (3, 20, 4, WithdrawalReason.REVOKED),
        (4, 12, 3, None),
        (0, 6, None, None),  # not published yet, due soon
        (2, 10, None, None),  # not published, overdue
    ]
    for index, (company, decided_ago, publish_after, withdrawn) in enumerate(plan):
        name, first17, rep = COMPANIES[company]
        uscc = first17 + uscc_check_char(first17)
        decided = _workdays_back(today, decided_ago)
        fine = 100000 + 20000 * index
        decision = Decision(
            kind=Kind.PENALTY,
            department=zfc,
            document_title="行政处罚决定书",
            decision_number=f"黔环罚〔{decided.year}〕{31 + index}号",
            decision_date=decided,
            party_name=name,
            party_category=PartyCategory.ORGANISATION,
            party_uscc=uscc,
            legal_representative=rep,
            violation_type="超标排放大气污染物" if company != 4 else "违法排放水污染物",
            facts=f"你单位{FACTS[company]}。",
            basis="《中华人民共和国大气污染防治法》第九十九条第（二）项",
            penalty_types=["罚款"],
            content=f"罚款人民币{fine}元。",
            fine_amount=Decimal(fine) / Decimal(10000),
            full_text=PENALTY_TEXT.format(
                name=name,
                uscc=uscc,
                rep=rep,
                agent_id=_id_with_check("52010219800101003"),
                fact=FACTS[company],
                fine=fine,
            ),
            created_by=editor,
        )
        decision.full_clean()
        decision.save()
        decision.save_revision(user=editor)
        services.decision_mask(decision=decision, user=editor)
        services.decision_confirm_masking(decision=decision, user=editor)
        created += 1
        if publish_after is None:
            continue
        published_on = min(add_workdays(decided, publish_after), today)
        _publish(decision, office, published_on)
        if withdrawn:
            event = min(add_workdays(published_on, 5), today)
            services.decision_withdraw(
                decision=Decision.objects.get(pk=decision.pk),
                user=office,
                reason=withdrawn,
                event_date=event,
                statement="该行政处罚决定经行政复议机关决定撤销，本机关依法撤下公示。",
                withdrawn_on=min(add_workdays(event, 2), today),
            )

    hpc = departments.get("hpc")
    if hpc is not None:
        decided = _workdays_back(today, 15)
        licence = Decision(
            kind=Kind.LICENSE,
            department=hpc,
            document_title="建设项目环境影响报告书审批意见",
            decision_number=f"黔环审〔{decided.year}〕{18}号",
            decision_date=decided,
            party_name=COMPANIES[0][0],
            party_category=PartyCategory.ORGANISATION,
            party_uscc=COMPANIES[0][1] + uscc_check_char(COMPANIES[0][1]),
            legal_representative=COMPANIES[0][2],
            basis="《中华人民共和国环境影响评价法》第二十二条",
            content="原则同意该化工园区污水处理厂扩建项目环境影响报告书的结论。",
            license_category="普通",
            valid_from=decided,
            valid_to=decided.replace(year=decided.year + 5),
            created_by=editor,
        )
        licence.full_clean()
        licence.save()
        licence.save_revision(user=editor)
        services.decision_mask(decision=licence, user=editor)
        services.decision_confirm_masking(decision=licence, user=editor)
        _publish(licence, office, add_workdays(decided, 5))
        created += 1
    return created
