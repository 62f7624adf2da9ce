"""Demo data of 政策文件与解读: everything goes through the review workflow and the app's services.

- a 行政规范性文件 with a 文字解读 and a 图解, published together; it repeals an older notice;
- a 民生 notice published without interpretation after an approved exemption;
- an important draft policy (with its 舆情风险评估) waiting at 办公室审核 while its interpretation
  is still at 处室审核 — open it in the admin to see the blocker;
- ten 政策问答 entries.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied

from gongkai.catalog.models import GenreCategory, LegalForm, TopicCategory
from gongkai.org.models import Department
from gongkai.policies import services
from gongkai.policies.models import (
    InterpretationForm,
    InterpretationPage,
    PolicyPage,
    PolicyQuestion,
    PolicyRelation,
    RelationKind,
    RiskLevel,
)
from gongkai.portal.models import ColumnPage

QUESTIONS = [
    ("分级审批办法自什么时候开始施行？", "《办法》自发布之日起30日后施行，施行前已受理的环评文件按原规定审批。"),
    (
        "哪些建设项目的环评文件由省生态环境厅审批？",
        "跨市（州）行政区域的项目、核与辐射类项目以及省级审批的重大项目，由省生态环境厅审批；其余按目录由市（州）审批。",
    ),
    (
        "市（州）生态环境局可以把审批权限再下放吗？",
        "不可以。《办法》规定审批权限不得再行下放，确需调整的须报省生态环境厅同意。",
    ),
    (
        "环评文件审批的法定时限是多少？",
        "报告书自受理之日起60日内、报告表自受理之日起30日内作出审批决定，依法需要听证、专家评审的时间不计算在内。",
    ),
    ("原来的暂行规定还能继续适用吗？", "原《暂行规定》自《办法》施行之日起废止，此前已作出的审批决定继续有效。"),
    ("环评审批结果在哪里查询？", "审批决定作出后，在本厅门户网站“环评审批公示”栏目公开，也可通过政务服务网查询。"),
    (
        "环境监测服务收费公示方式调整后在哪里看收费标准？",
        "收费标准改为在各监测机构服务场所和门户网站“收费公示”栏目同步公示，标准本身没有变化。",
    ),
    ("企业对审批决定不服怎么办？", "可以自收到决定之日起60日内申请行政复议，或者6个月内提起行政诉讼。"),
    (
        "编制环评文件必须委托技术单位吗？",
        "建设单位具备相应技术能力的可以自行编制，也可以委托技术单位编制，并对环评文件的内容和结论负责。",
    ),
    (
        "排污许可和环评审批是什么关系？",
        "环评审批文件是核发排污许可证的重要依据，排污单位应当在实际排污前申请取得排污许可证。",
    ),
]


def _review(page, staff: dict[str, AbstractBaseUser], approvers: list[str], *, editor: str = "hpc_editor") -> None:
    """Submit ``page`` as the editor and approve it step by step as ``approvers``."""
    page = PolicyPage.objects.filter(pk=page.pk).first() or InterpretationPage.objects.get(pk=page.pk)
    draft = page.get_latest_revision_as_object()
    draft.save_revision(user=staff[editor])
    draft.get_workflow().start(draft, staff[editor])
    for username in approvers:
        page = type(page).objects.get(pk=page.pk)
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(task_state, staff[username], "approve")


def _add(column: ColumnPage, page, staff: dict[str, AbstractBaseUser], editor: str = "hpc_editor"):
    page.owner = staff[editor]
    # Catalogued like every demo item: 环境影响评价, and 解读 / 办法 / 通知 by what the page is.
    page.topic = TopicCategory.objects.filter(code="eia").first()
    genre = "interpretation" if isinstance(page, InterpretationPage) else ("measures" if page.legal_form else "notice")
    page.genre = GenreCategory.objects.filter(code=genre).first()
    page.live = False  # a new page is live by default; these go public only through review
    column.add_child(instance=page)
    page.save_revision(user=staff[editor])
    return page


def policies_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    policies_column = ColumnPage.objects.filter(slug="zcwj").first()
    interpretations_column = ColumnPage.objects.filter(slug="zcjd").first()
    hpc = Department.objects.filter(code="hpc").first()
    if policies_column is None or interpretations_column is None or hpc is None:
        return 0
    made = 0
    body = "<p>为规范建设项目环境影响评价文件审批工作，依据《中华人民共和国环境影响评价法》，制定本办法。</p>"

    old = _add(
        policies_column,
        PolicyPage(
            title="关于印发《贵州省建设项目环境影响评价文件审批暂行规定》的通知",
            slug="eia-approval-interim-2019",
            department=hpc,
            document_number="黔环通〔2019〕88号",
            written_date=today - datetime.timedelta(days=2400),
            body=body,
        ),
        staff,
    )
    _review(old, staff, ["hpc_reviewer", "office_reviewer"])
    made += 1

    # The 行政规范性文件, with two interpretations approved first; it goes public with both at once.
    measures = _add(
        policies_column,
        PolicyPage(
            title="贵州省生态环境厅建设项目环境影响评价文件分级审批管理办法",
            slug="eia-approval-measures",
            department=hpc,
            legal_form=LegalForm.NORMATIVE,
            document_number=f"黔环规〔{today.year}〕1号",
            written_date=today - datetime.timedelta(days=12),
            effective_date=today + datetime.timedelta(days=30),
            summary="明确省、市（州）两级环评文件审批权限、时限和监督要求。",
            body=body
            + "<p>第二十条　本办法自发布之日起30日后施行。《贵州省建设项目环境影响评价文件审批暂行规定》同时废止。</p>",
        ),
        staff,
    )
    draft = measures.get_latest_revision_as_object()
    draft.relations = [PolicyRelation(kind=RelationKind.REPEALS, target=old, note="自本办法施行之日起废止")]
    draft.save_revision(user=staff["hpc_editor"])
    for title, slug, form in (
        ("《建设项目环境影响评价文件分级审批管理办法》政策解读", "eia-measures-text", InterpretationForm.TEXT),
        ("一图读懂《建设项目环境影响评价文件分级审批管理办法》", "eia-measures-graphic", InterpretationForm.GRAPHIC),
    ):
        interpretation = _add(
            interpretations_column,
            InterpretationPage(
                title=title,
                slug=slug,
                department=hpc,
                policy=measures,
                form=form,
                written_date=today - datetime.timedelta(days=10),
                body="<h2>一、制定背景</h2><p>机构改革后审批职责调整，原暂行规定需要修订。</p>"
                "<h2>二、主要内容</h2><p>明确分级审批目录、审批时限和事中事后监管要求。</p>",
            ),
            staff,
        )
        _review(interpretation, staff, ["hpc_reviewer", "office_reviewer"])
        made += 1
    _review(measures, staff, ["hpc_reviewer", "office_reviewer"])
    made += 1

    # A 民生 notice, exempted by the office from interpretation.
    notice = _add(
        policies_column,
        PolicyPage(
            title="关于调整环境监测服务收费公示方式的通知",
            slug="monitoring-fee-notice",
            department=hpc,
            livelihood=True,
            document_number=f"黔环通〔{today.year}〕15号",
            written_date=today - datetime.timedelta(days=6),
            body="<p>自即日起，环境监测服务收费标准改为在服务场所和门户网站同步公示，收费标准不变。</p>",
        ),
        staff,
    )
    exemption = services.exemption_request(
        policy=notice, user=staff["hpc_editor"], reason="仅调整公示方式，收费标准和办事流程均无变化，公众无需另行理解。"
    )
    services.exemption_decide(
        exemption=exemption, user=staff["office_reviewer"], approve=True, comment="同意免于解读。"
    )
    _review(notice, staff, ["hpc_reviewer", "office_reviewer"])
    made += 1

    # An important draft waiting at 办公室审核; its interpretation is still at 处室审核.
    pending = _add(
        policies_column,
        PolicyPage(
            title="贵州省生态环境厅关于加强建设项目环评与排污许可衔接的实施意见（送审稿）",
            slug="eia-permit-linkage",
            department=hpc,
            legal_form=LegalForm.NORMATIVE,
            important=True,
            written_date=today - datetime.timedelta(days=2),
            body="<p>为推进环评与排污许可制度衔接，提出如下实施意见。</p>",
        ),
        staff,
    )
    services.risk_assessment_record(
        policy=pending,
        user=staff["hpc_editor"],
        level=RiskLevel.MEDIUM,
        concerns="部分企业关注许可证变更是否增加成本；媒体可能关注存量项目过渡期安排。",
        response_plan="发布当日由环评处会同宣教处准备回应口径；设立咨询电话；舆情升温时24小时内在门户网站发布政策问答。",
    )
    try:
        _review(pending, staff, ["hpc_reviewer"])
    except PermissionDenied:
        pass
    waiting = _add(
        interpretations_column,
        InterpretationPage(
            title="《关于加强建设项目环评与排污许可衔接的实施意见》简明问答",
            slug="eia-permit-linkage-qa",
            department=hpc,
            policy=pending,
            form=InterpretationForm.QA,
            written_date=today - datetime.timedelta(days=1),
            body="<p>问：实施意见适用于哪些项目？答：适用于纳入排污许可管理的新建、改建、扩建项目。</p>",
        ),
        staff,
    )
    _review(waiting, staff, [])
    made += 1

    for index, (question, answer) in enumerate(QUESTIONS):
        entry = services.question_save(
            question=PolicyQuestion(question=question, answer=answer, department=hpc),
            user=staff["office_reviewer"],
            is_published=True,
        )
        entry.policies.set([notice] if index == 6 else [measures])
        made += 1
    return made
