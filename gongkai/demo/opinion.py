"""Demo data of 舆情监测与回应: sources (disabled), ~200 monitored items forming several events, one spike,
an escalated event, and a 突发环境事件 with three published updates.

Items come from the synthetic generator (``gongkai.opinion.synth``): invented companies and facts at
real place names. Everything goes through ``gongkai.opinion.services``, as staff would.
"""

import datetime
import random

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.opinion import selectors, services, synth
from gongkai.opinion.models import (
    Event,
    IncidentLevel,
    RiskLevel,
    SensitiveWord,
    Source,
    SourceKind,
    TopicRule,
    UpdateKind,
)
from gongkai.org.models import Department

SOURCES = [
    ("省内新闻聚合（示例，未启用）", "http://127.0.0.1:9/demo/news.xml"),
    ("地方论坛环保版（示例，未启用）", "http://127.0.0.1:9/demo/forum.xml"),
    ("网络问政平台（示例，未启用）", "http://127.0.0.1:9/demo/wlwz.xml"),
]
RULES = [
    ("水污染", "(偷排 OR 直排 OR 废水 OR 黑臭) NOT 招聘", "dqc"),
    ("大气污染", "废气 OR 黑烟 OR 焚烧 OR 刺鼻", "dqc"),
    ("固体废物与尾矿", "废渣 OR 固废 OR 尾矿", "gtc"),
    ("噪声扰民", "噪声 OR 轰鸣", "zfc"),
]
WORDS = [("停课", "涉及学校"), ("疏散", "涉及群众转移"), ("送往医院", "涉及人身健康")]


def _inputs(items, *, times, prefix: str) -> list[services.ItemInput]:
    return [
        services.ItemInput(
            source_kind=SourceKind.OTHER,
            external_id=f"demo-{prefix}-{item.external_id}",
            title=item.title,
            text=item.text,
            published_at=time,
        )
        for item, time in zip(items, times, strict=True)
    ]


def opinion_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns the number of 舆情事件 (the loader's label)."""
    departments = {d.code: d for d in Department.objects.all()}
    now = timezone.now() + (today - timezone.localdate())
    for name, url in SOURCES:
        Source.objects.create(name=name, url=url, active=False, fetch_interval_minutes=30)
    for name, expression, code in RULES:
        TopicRule.objects.create(name=name, expression=expression, department=departments.get(code))
    for word, note in WORDS:
        SensitiveWord.objects.create(word=word, note=note)

    rng = random.Random(2019)
    corpus = synth.corpus(stories=8, rewordings=18, noise_items=30, seed=2019)
    spike_story = synth.make_story(random.Random(7))
    # Background: 174 items spread over the last 14 days.
    times = sorted(now - datetime.timedelta(hours=rng.uniform(8, 14 * 24)) for _ in corpus)
    services.ingest_batch(_inputs(corpus, times=times, prefix="bg"), now=now)
    # The spike: a few reports days ago, then a burst of retellings in the last hours.
    early = [synth.SyntheticItem(f"spike-early-{i}", *synth.reword(spike_story, rng), 99) for i in range(3)]
    services.ingest_batch(
        _inputs(early, times=[now - datetime.timedelta(hours=h) for h in (50, 30, 20)], prefix="sp"), now=now
    )
    burst = [synth.SyntheticItem(f"spike-{i}", *synth.reword(spike_story, rng), 99) for i in range(24)]
    services.ingest_batch(
        _inputs(burst, times=[now - datetime.timedelta(minutes=10 + 12 * i) for i in range(24)], prefix="sp"), now=now
    )

    events = list(selectors.visible_events(staff["admin"]).order_by("-pk"))
    spike_event = Event.objects.filter(alerts__isnull=False).first()
    by_size = sorted((e for e in events if e != spike_event), key=lambda e: e.items.count(), reverse=True)
    xcc_editor, xcc_reviewer, hpc_editor = staff["xcc_editor"], staff["xcc_reviewer"], staff["hpc_editor"]

    # An escalated event: 研判 high, assigned to 环评处 with 执法处 involved, answered, reported.
    escalated = by_size[0]
    services.event_assess(
        event=escalated,
        user=xcc_editor,
        risk_level=RiskLevel.HIGH,
        note="转发量大，涉及建设项目环评和执法，需多部门联动。",
    )
    services.event_assign(
        event=escalated, user=xcc_editor, department=departments["hpc"], involved=[departments["zfc"]]
    )
    services.event_respond(
        event=escalated,
        user=hpc_editor,
        public_title=f"关于网民反映“{escalated.title[:30]}”问题的回应",
        response_text="我厅高度重视，已会同属地生态环境部门开展现场核查。经查，涉事企业存在违法排污行为，已责令停产整改并立案查处，调查处理结果将及时向社会公开。",
        response_url="/hdjl/",
    )
    services.event_escalate(
        event=escalated,
        user=xcc_reviewer,
        reported_on=today,
        recipient="省人民政府办公厅",
        summary="该舆情涉及建设项目环评审批和环境执法，已由环评处牵头、执法处配合回应，现将有关情况报告。",
        departments=[departments["hpc"], departments["zfc"]],
        other_agencies="属地市（州）人民政府",
    )
    # A low-risk event closed after 研判; one assigned and waiting for its answer.
    low = by_size[1]
    services.event_assess(event=low, user=xcc_editor, risk_level=RiskLevel.LOW, note="个别网民转发，已有属地回应。")
    services.event_close(event=low, user=xcc_reviewer, note="低风险，持续关注。")
    waiting = by_size[2]
    services.event_assess(event=waiting, user=xcc_editor, risk_level=RiskLevel.MEDIUM, note="需核实企业排放情况。")
    services.event_assign(event=waiting, user=xcc_editor, department=departments["dqc"])

    admin = staff["admin"]
    incident = services.incident_create(
        user=admin,
        title="某县工业园区化工企业储罐泄漏事件",
        place="黔南州某县工业园区",
        started_at=now - datetime.timedelta(hours=20),
        level=IncidentLevel.LARGER,
        department=departments["zfc"],
        event=spike_event,
    )
    for kind, title, body, hours in [
        (
            UpdateKind.FIRST,
            "储罐泄漏事件基本情况",
            "当日凌晨，园区内一化工企业储罐发生泄漏，当地政府已启动突发环境事件应急响应，省生态环境厅派出工作组赶赴现场，开展应急监测。",
            18,
        ),
        (
            UpdateKind.PROGRESS,
            "应急处置进展",
            "泄漏点已完成封堵，周边河流下游3个监测断面特征污染物浓度正在下降，饮用水源未受影响。",
            9,
        ),
        (
            UpdateKind.RESULT,
            "应急处置结果",
            "经连续监测，下游各断面特征污染物浓度已达标，应急响应终止。事件原因调查和责任追究工作正在进行。",
            1,
        ),
    ]:
        update = services.incident_update_create(
            user=admin,
            incident=incident,
            kind=kind,
            title=title,
            body=body,
            as_of=now - datetime.timedelta(hours=hours),
        )
        update.get_latest_revision().publish(user=admin)
    return Event.objects.count()
