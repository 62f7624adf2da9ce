# ruff: noqa: E501
# Demo data: long lines of Chinese text read better unbroken.
"""Demo data of 决策预公开与意见征集: one open consultation with ~40 comments (a mass-comment group
among them), one closed with its 意见采纳情况 and a 座谈会 published, one closed with the report missing.

Comments go through ``services.comment_submit`` at moments inside each consultation's window,
so grouping, numbering and the rules are the real ones. Publication is direct, as the demo
publishes its other records. Companies, associations and people are invented.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.consultations import selectors, services
from gongkai.consultations.models import AdoptionReport, Consultation, Decision, Kind, Meeting, MeetingKind
from gongkai.org.models import Department

REGULATION = """贵州省生态环境厅建设项目环境影响评价文件审批程序规定（征求意见稿）
第一章 总则
第一条 为了规范建设项目环境影响评价文件审批，提高审批效率，优化营商环境，根据《中华人民共和国环境影响评价法》《优化营商环境条例》等法律法规，制定本规定。
第二条 本规定适用于省生态环境厅负责审批的建设项目环境影响报告书、环境影响报告表。
第三条 审批环境影响评价文件，应当遵循依法、公开、便民、高效的原则。
省生态环境厅应当在受理后公开环境影响评价文件全本，但涉及国家秘密、商业秘密和个人隐私的内容除外。
第二章 受理与审查
第四条 建设单位可以通过全国一体化在线政务服务平台提交申请材料。材料不全的，应当一次性告知需要补正的全部内容。
第五条 省生态环境厅应当自受理环境影响报告书之日起六十日内、受理环境影响报告表之日起三十日内作出审批决定。
依法需要进行技术评估的，技术评估时间不计入审批时限。
第六条 对环境影响较大、公众关注度高的建设项目，省生态环境厅可以组织听证会或者座谈会，听取有关单位、专家和公众的意见。
第三章 附则
第七条 本规定自2027年1月1日起施行。"""

PLAN = """一、规划背景。“十四五”期间，全省生态环境质量持续改善，中心城市空气质量优良天数比率保持在95%以上，主要河流出境断面水质优良比例保持100%。
二、总体要求。坚持生态优先、绿色发展，以改善生态环境质量为核心，统筹推进降碳、减污、扩绿、增长。
三、主要目标。到2030年，中心城市空气质量优良天数比率达到96%以上，地表水国控断面水质优良比例稳定在98%以上，土壤和地下水环境风险得到有效管控。
四、重点任务。深入打好蓝天、碧水、净土保卫战，加强乌江、赤水河等重点流域保护，推进磷石膏等大宗工业固体废物综合利用。
五、保障措施。加强组织领导，完善生态环境保护督察制度，加大资金投入，强化科技支撑和宣传引导。"""

BAN = """关于划定贵阳市高污染燃料禁燃区范围的决定（草案）
第一条 为了改善大气环境质量，根据《中华人民共和国大气污染防治法》第三十八条，划定本市高污染燃料禁燃区。
第二条 禁燃区范围为南明区、云岩区全域，以及观山湖区、花溪区城市建成区。
第三条 禁燃区内禁止销售、燃用高污染燃料，禁止新建、扩建燃用高污染燃料的设施。
已建成的，应当在本决定施行之日起一年内改用天然气、电或者其他清洁能源。
第四条 本决定自公布之日起施行。"""

MASS = "我们企业坚决支持缩短审批时限，但第五条规定的六十日仍然偏长，建议将报告书审批时限缩短为四十五日，报告表缩短为二十日，并在网上实时公开审批进度。"

OPEN_COMMENTS = [
    (3, None, "individual", "", "建议第三条明确全本公开的时间节点，例如受理后五个工作日内公开。", True),
    (
        3,
        2,
        "lawyers",
        "贵州省律师协会环境资源法专业委员会",
        "第三条第二款“商业秘密”应当由建设单位说明理由并提供依据，审批部门审查后决定是否删除，避免以商业秘密为由规避公开。",
        True,
    ),
    (3, 2, "individual", "", "希望公开的全本不要只是扫描件，最好能检索文字。", True),
    (
        4,
        None,
        "enterprise",
        "贵州某某建设工程有限公司",
        "建议第四条增加容缺受理：次要材料缺失的，先行受理，限期补正。",
        True,
    ),
    (4, None, "chamber", "贵州省工商联环保产业商会", "一次性告知制度很好，建议同时公布补正材料清单的范本。", True),
    (
        5,
        2,
        "trade_association",
        "贵州省环境保护产业协会",
        "第五条第二款技术评估时间不计入审批时限，但技术评估本身也应设定时限，建议不超过三十日。",
        True,
    ),
    (5, 2, "enterprise", "遵义某某化工有限公司", "技术评估经常反复，建议明确评估次数上限。", False),
    (6, None, "individual", "", "建议第六条把“可以”组织听证改为“应当”，对于群众反映强烈的项目必须听证。", True),
    (
        6,
        None,
        "other_org",
        "某某环保公益服务中心",
        "建议座谈会邀请项目所在地村（居）民代表参加，并提前十日公告。",
        True,
    ),
    (
        6,
        None,
        "lawyers",
        "贵州某某律师事务所",
        "听证程序应当参照《行政许可法》第四十八条的规定执行，建议在本规定中明确。",
        True,
    ),
    (1, None, "individual", "", "制定依据中建议增加《建设项目环境保护管理条例》。", True),
    (2, None, "enterprise", "六盘水某某能源有限公司", "第二条适用范围是否包括省级委托市州审批的项目？建议说明。", True),
    (7, None, "individual", "", "施行时间太近，建议给企业留出半年过渡期。", True),
    (None, None, "individual", "", "总体赞成，希望尽快出台。", True),
    (None, None, "trade_association", "贵州省建筑业协会", "建议配套出台审批服务指南，把流程图一并公开。", True),
    (None, None, "individual", "", "垃圾规定，你们都是XX！", True),
]


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour % 24)))


def _publish(obj, user: AbstractBaseUser) -> None:
    obj.save_revision(user=user).publish(user=user, skip_permission_checks=True)


def _consultation(
    *, department: Department, user: AbstractBaseUser, opens: datetime.datetime, closes: datetime.datetime, **fields
) -> Consultation:
    consultation = Consultation(
        department=department, opens_at=opens, closes_at=closes, live=False, created_by=user, **fields
    )
    consultation.full_clean()
    consultation.save()
    _publish(consultation, user)
    return Consultation.objects.get(pk=consultation.pk)


def _comment(
    consultation: Consultation,
    moment: datetime.datetime,
    article,
    paragraph,
    identity,
    organisation,
    text,
    consent,
    n: int,
) -> None:
    services.comment_submit(
        consultation=consultation,
        target_article=article,
        target_paragraph=paragraph,
        text=text,
        identity_type=identity,
        organisation=organisation,
        name=f"联系人{n}",
        contact=f"1380851{n:04d}",
        consent_publish=consent,
        nonce=f"demo-{consultation.pk}-{n}",
        moment=moment,
    )


def consultations_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    department = Department.objects.filter(code="hpc").first() or Department.objects.order_by("pk").first()
    if department is None:
        return 0
    editor = staff.get("hpc_editor") or staff["admin"]

    # 1. Open: a 规范性文件 with comments on several articles and a mass campaign on 第五条.
    opens = _moment(today - datetime.timedelta(days=10), 9)
    regulation = _consultation(
        department=department,
        user=editor,
        opens=opens,
        closes=_moment(today + datetime.timedelta(days=21), 17),
        title="关于公开征求《贵州省生态环境厅建设项目环境影响评价文件审批程序规定（征求意见稿）》意见的通知",
        kind=Kind.NORMATIVE,
        draft_text=REGULATION,
        basis="《中华人民共和国环境影响评价法》《中华人民共和国行政许可法》《优化营商环境条例》第六十二条。",
        expected_effect="审批环节更加公开透明，报告书、报告表审批时限进一步明确，企业办事更加便利。",
        explanation="为落实“放管服”改革要求，我厅在总结近年审批实践的基础上起草了本规定。现公开征求社会各界特别是企业、行业协会、商会和律师协会的意见。",
        contact="电话：0851-85555555（环评处）；电子邮箱：hpc@example.gov.cn",
    )
    n = 0
    for index, (article, paragraph, identity, organisation, text, consent) in enumerate(OPEN_COMMENTS):
        n += 1
        _comment(
            regulation,
            opens + datetime.timedelta(hours=3 * index + 1),
            article,
            paragraph,
            identity,
            organisation,
            text,
            consent,
            n,
        )
    for index in range(24):
        n += 1
        text = MASS if index % 3 else MASS.replace("，", ",") + f"（{index + 1}号企业）"
        _comment(
            regulation,
            opens + datetime.timedelta(days=2, hours=index),
            5,
            None,
            "enterprise",
            f"贵州某某{index + 1}号有限公司",
            text,
            True,
            n,
        )
    abusive = regulation.comments.get(text__startswith="垃圾规定")
    services.comment_hide(comment=abusive, user=editor, reason="含有侮辱性言语")

    # 2. Closed with a published report and a 座谈会: a 规划 without articles (comments per paragraph).
    opens = _moment(today - datetime.timedelta(days=75), 9)
    plan = _consultation(
        department=department,
        user=editor,
        opens=opens,
        closes=_moment(today - datetime.timedelta(days=44), 17),
        title="关于公开征求《贵州省“十五五”生态环境保护规划（征求意见稿）》意见的公告",
        kind=Kind.PLANNING,
        draft_text=PLAN,
        basis="《中华人民共和国环境保护法》第十三条；《重大行政决策程序暂行条例》第三条。",
        expected_effect="明确“十五五”期间全省生态环境保护的目标、任务和保障措施。",
        explanation="规划编制过程中开展了前期研究和专题调研。",
    )
    plan_comments = [
        (None, 3, "individual", "", "建议第三部分增加噪声污染防治的量化目标。", True),
        (
            None,
            4,
            "enterprise",
            "贵州某某磷化集团有限公司",
            "磷石膏综合利用需要配套财税支持政策，建议在重点任务中写明。",
            True,
        ),
        (None, 4, "trade_association", "贵州省磷化工行业协会", "建议设定磷石膏综合利用率年度目标，分年推进。", True),
        (
            None,
            5,
            "lawyers",
            "贵州省律师协会",
            "保障措施中建议增加环境公益诉讼和生态环境损害赔偿制度衔接的内容。",
            True,
        ),
        (None, None, "individual", "", "规划总体很好，希望每年公开实施进展。", True),
    ]
    for index, row in enumerate(plan_comments):
        n += 1
        _comment(plan, opens + datetime.timedelta(days=index + 1), *row, n)
    decisions = {
        "噪声": (Decision.ADOPTED, ""),
        "财税": (Decision.PARTLY, "财税支持政策由省财政厅等部门另行制定，规划中增加“研究完善支持政策”的表述。"),
        "年度目标": (Decision.ADOPTED, ""),
        "公益诉讼": (Decision.NOT_ADOPTED, "该内容已在《贵州省生态环境保护条例》中规定，规划不再重复。"),
        "实施进展": (Decision.ADOPTED, ""),
    }
    for group in selectors.groups_to_decide(plan):
        text = group.comments.order_by("number").first().text
        decision, reason = next(v for k, v in decisions.items() if k in text)
        services.group_decide(group=group, user=editor, decision=decision, reason=reason)
    report = services.report_start(consultation=plan, user=editor)
    report.summary = (
        "本次征求意见期间共收到意见5条，召开企业和行业协会座谈会1次。经研究，采纳3条，部分采纳1条，未采纳1条。"
    )
    report.save()
    Meeting.objects.create(
        report=report,
        kind=MeetingKind.SYMPOSIUM,
        held_on=today - datetime.timedelta(days=60),
        place="省生态环境厅三楼会议室",
        enterprises=8,
        trade_associations=2,
        chambers=1,
        lawyers=1,
        individuals=3,
        summary="听取重点排污企业、行业协会、商会、律师协会代表和群众代表对规划目标和重点任务的意见，与会代表共提出意见建议12条，已一并研究。",
    )
    _publish(AdoptionReport.objects.get(pk=report.pk), editor)

    # 3. Closed 12 days ago, report missing: a 重大行政决策 (the dashboard and the digest remind staff).
    opens = _moment(today - datetime.timedelta(days=45), 9)
    ban = _consultation(
        department=department,
        user=editor,
        opens=opens,
        closes=_moment(today - datetime.timedelta(days=12), 17),
        title="关于公开征求《关于划定贵阳市高污染燃料禁燃区范围的决定（草案）》意见的通知",
        kind=Kind.MAJOR,
        draft_text=BAN,
        basis="《中华人民共和国大气污染防治法》第三十八条；《重大行政决策程序暂行条例》第十四条。",
        expected_effect="减少燃煤等高污染燃料使用，改善城市空气质量。",
    )
    ban_comments = [
        (2, None, "individual", "", "建议把清镇市城区也纳入禁燃区。", True),
        (3, 2, "enterprise", "贵阳某某食品有限公司", "一年过渡期太短，锅炉改造需要资金和时间，建议延长到两年。", True),
        (3, 2, "chamber", "贵阳市餐饮商会", "餐饮小店改用天然气需要管网配套，建议政府给予补贴。", True),
        (3, None, "individual", "", "支持禁燃，冬天烧煤味道太大。", False),
    ]
    for index, row in enumerate(ban_comments):
        n += 1
        _comment(ban, opens + datetime.timedelta(days=index + 2), *row, n)
    return 3
