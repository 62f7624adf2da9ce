"""Demo data of 环境投诉举报: about twenty reports in every state, made through the services.

Dates are relative to ``today``: new reports, one whose acceptance notice is overdue, reports not
accepted or transferred (to a 流域局 and to a city bureau), cases in progress (one overdue), one
extended with a reason, and closed cases whose masked results are published (one still in review).
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.complaints import services
from gongkai.complaints.models import Complaint, ComplaintResult, Extension, Transfer
from gongkai.complaints.services import ReportData
from gongkai.org.models import Department

# (category, prefecture, county, address, polluter, description)
REPORTS = [
    (
        "air",
        "520100",
        "520111",
        "花溪区孟关乡某某工业园",
        "贵州某某化工有限公司",
        "夜间排放刺鼻废气，附近居民无法开窗。",
    ),
    (
        "water",
        "520300",
        "520382",
        "仁怀市茅台镇某某村赤水河边",
        "某某酒业有限公司",
        "酒糟废水直接排入赤水河支流，河水发黑。",
    ),
    (
        "noise",
        "520100",
        "520103",
        "云岩区某某路与某某街交叉口",
        "某某建筑工地",
        "工地夜间22点后仍在打桩施工，噪声扰民。",
    ),
    ("solid_waste", "520500", "520502", "七星关区某某镇某某组山沟", "", "有车辆在山沟倾倒建筑垃圾和生活垃圾。"),
    ("ecology", "522600", "522601", "凯里市某某镇某某河段", "某某砂石厂", "河道内无证采砂，破坏河床和岸线植被。"),
    (
        "radiation",
        "520200",
        "520281",
        "盘州市某某街道某某小区楼顶",
        "",
        "楼顶新装设备，担心电磁辐射，请核查是否经过环评。",
    ),
    (
        "air",
        "520400",
        "520402",
        "西秀区某某工业园区",
        "安顺某某水泥有限公司",
        "水泥厂粉尘无组织排放，周边车辆和农作物覆满灰尘。",
    ),
    ("water", "522700", "522701", "都匀市剑江某某排口", "某某污水处理厂", "排口出水浑浊有异味，疑似超标排放。"),
    ("other", "520600", "520602", "碧江区某某农贸市场", "某某屠宰点", "屠宰废水和粪便随意排放，气味恶臭。"),
    ("air", "522300", "522301", "兴义市某某镇某某村", "某某砖厂", "砖厂烧窑冒黑烟，未安装除尘设施。"),
    ("water", "520100", "520112", "乌当区某某河段", "某某养殖场", "养殖废水直排河道，河面漂浮油污。"),
    ("noise", "520300", "520302", "红花岗区某某小区楼下", "某某KTV", "KTV营业至凌晨，低音炮噪声扰民。"),
    (
        "solid_waste",
        "520200",
        "520201",
        "钟山区某某煤矿附近",
        "某某煤业有限公司",
        "煤矸石随意堆放，雨天淋溶水流入农田。",
    ),
    ("ecology", "520500", "520526", "威宁县草海保护区周边", "", "有人在保护区内开垦湿地种植。"),
    ("air", "520100", "520115", "观山湖区某某路餐饮街", "某某烧烤店", "油烟未经净化直排，楼上住户深受其害。"),
    ("water", "522600", "522631", "黎平县某某乡某某溪", "某某选矿厂", "选矿废水外溢，溪水变色，鱼类死亡。"),
    ("air", "520600", "520624", "思南县某某镇某某工业园", "某某沥青搅拌站", "沥青烟气刺鼻，工人和附近村民头晕。"),
    ("noise", "522700", "522730", "龙里县某某高速公路施工段", "某某路桥公司", "夜间爆破施工，震动和噪声严重。"),
    ("solid_waste", "520400", "520422", "普定县某某村废弃厂房", "", "废弃厂房内堆放大量废机油桶，疑似危险废物。"),
    ("water", "520300", "520330", "习水县某某镇赤水河支流", "某某酒厂", "夜间偷排高浓度废水，河水有酒糟味。"),
]
NAMES = ["张伟", "李娜", "刘强", "陈敏", "杨洋", "赵磊", "黄丽", "周杰", "吴芳", "徐涛"]


def _received_at(today: datetime.date, days_ago: int) -> datetime.datetime:
    day = today - datetime.timedelta(days=days_ago)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 15)))


def _submit(index: int, today: datetime.date, days_ago: int) -> Complaint:
    category, prefecture, county, address, polluter, description = REPORTS[index]
    anonymous = index % 3 == 2
    name = NAMES[index % len(NAMES)]
    complaint, _code = services.complaint_submit(
        data=ReportData(
            category=category,
            prefecture_code=prefecture,
            county_code=county,
            address=address,
            polluter_name=polluter,
            description=f"{description}{'' if anonymous else f'我是附近居民{name}，'}请尽快查处。",
            anonymous=anonymous,
            reporter_name="" if anonymous else name,
            reporter_phone="" if anonymous else f"139{index:04d}{index * 37 % 10000:04d}",
        ),
        received_at=_received_at(today, days_ago),
    )
    return complaint


def _close_with_result(complaint, *, handler, closed_on, findings, measures, number="", publish_by=None):
    services.investigation_record(complaint=complaint, user=handler, text="现场检查并调取监测数据。", done_on=closed_on)
    result = services.result_record(
        complaint=complaint, user=handler, findings=findings, measures=measures, penalty_decision_number=number
    )
    services.complaint_close(complaint=complaint, user=handler, closed_on=closed_on)
    result = services.result_confirm_masking(result=result, user=handler)
    if publish_by is not None:
        at = timezone.make_aware(datetime.datetime.combine(closed_on + datetime.timedelta(days=3), datetime.time(16)))
        draft = ComplaintResult.objects.get(pk=result.pk).get_latest_revision_as_object()
        draft.save_revision(user=publish_by).publish(user=publish_by, skip_permission_checks=True)
        ComplaintResult.objects.filter(pk=result.pk).update(first_published_at=at, last_published_at=at)
    return result


def complaints_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    departments = {d.code: d for d in Department.objects.filter(code__in=["hpc", "xcc"])}
    if len(departments) < 2:
        return 0
    office = staff["office_reviewer"]
    handlers = {
        "hpc": (staff["hpc_editor"], staff["hpc_reviewer"]),
        "xcc": (staff["xcc_editor"], staff["xcc_reviewer"]),
    }

    def accept(complaint, code, after_days=2):
        return services.complaint_accept(
            complaint=complaint,
            user=office,
            department=departments[code],
            accepted_on=complaint.received_on + datetime.timedelta(days=after_days),
        )

    # New, not yet decided: 1, 3 and 12 days old (the last due soon), and one overdue (18 days).
    for index, days_ago in enumerate([1, 3, 12, 18]):
        _submit(index, today, days_ago)

    # Not accepted (outside the remit) and transferred (to a 流域局 and to a city bureau).
    complaint = _submit(4, today, 25)
    services.complaint_not_accept(
        complaint=complaint,
        user=office,
        reason="反映的楼顶设备为通信基站，其电磁辐射环境影响登记已在属地生态环境局备案；如有异议，可向盘州市生态环境局反映。",
        decided_on=complaint.received_on + datetime.timedelta(days=6),
    )
    for index, body_kind, body in [
        (5, Transfer.BodyKind.BASIN, "生态环境部长江流域生态环境监督管理局"),
        (6, Transfer.BodyKind.CITY, "安顺市生态环境局"),
    ]:
        complaint = _submit(index, today, 30 + index)
        services.complaint_transfer(
            complaint=complaint,
            user=office,
            body_kind=body_kind,
            receiving_body=body,
            transferred_on=complaint.received_on + datetime.timedelta(days=4),
            note="属地管理，已转交接收机关办理并要求反馈结果。",
        )

    # In progress: recent, nearly due (57 days after acceptance), and overdue (65 days).
    for index, days_ago, code in [(7, 20, "hpc"), (8, 58, "xcc"), (9, 67, "hpc")]:
        complaint = accept(_submit(index, today, days_ago), code)
        services.investigation_record(
            complaint=complaint, user=handlers[code][0], text="已安排现场检查。", done_on=complaint.accepted_on
        )

    # Extended: accepted 50 days ago, 30 more days approved by the department head, reason told.
    complaint = accept(_submit(10, today, 52), "hpc")
    services.extension_request(
        complaint=complaint,
        user=handlers["hpc"][0],
        days=30,
        reason="需委托第三方监测机构对河道开展连续一个月的水质监测，监测周期超出原办理期限。",
    )
    services.extension_approve(complaint=complaint, user=handlers["hpc"][1])
    Extension.objects.filter(complaint=complaint).update(
        requested_on=today - datetime.timedelta(days=3), approved_on=today - datetime.timedelta(days=2)
    )

    # Closed, with results: five published (one late, one with a penalty), one still in review.
    closed = [
        (
            11,
            90,
            "xcc",
            40,
            "经查，该KTV营业期间噪声超过社会生活环境噪声排放标准。",
            "责令其安装隔声设施并限制营业时间，已复测达标。",
            "",
        ),
        (
            12,
            120,
            "hpc",
            55,
            "经查，该公司煤矸石堆场未采取防渗和防流失措施。",
            "依法处罚并责令限期整改。",
            "黔环罚〔{year}〕21号",
        ),
        (13, 150, "hpc", 65, "经查，保护区内有村民开垦湿地约3亩。", "已会同当地政府恢复湿地植被，并开展宣传教育。", ""),
        (14, 80, "xcc", 30, "经查，该烧烤店未安装油烟净化设施。", "已责令安装油烟净化设施，经复查已整改到位。", ""),
        (
            15,
            100,
            "hpc",
            50,
            "经查，该选矿厂尾矿库渗滤液外溢，举报属实。",
            "责令停产整治，依法立案查处。",
            "黔环罚〔{year}〕35号",
        ),
        (16, 45, "hpc", 20, "经查，该沥青搅拌站废气收集设施破损。", "责令修复并委托监测，监测结果达标。", ""),
    ]
    for position, (index, days_ago, code, handled_days, findings, measures, number) in enumerate(closed):
        complaint = accept(_submit(index, today, days_ago), code)
        handler, head = handlers[code]
        closed_on = complaint.accepted_on + datetime.timedelta(days=handled_days)
        result = _close_with_result(
            complaint,
            handler=handler,
            closed_on=min(closed_on, today),
            findings=findings,
            measures=measures,
            number=number.format(year=complaint.received_on.year),
            publish_by=None if position == len(closed) - 1 else office,
        )
        if position == len(closed) - 1:
            services.result_submit(result=result, user=handler)

    # Three more new reports spread over the past months, for the monthly statistics.
    for index, days_ago in [(17, 5), (18, 8), (19, 2)]:
        _submit(index, today, days_ago)
    return Complaint.objects.count()
