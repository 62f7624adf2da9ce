# ruff: noqa: E501
# Demo data: long lines of Chinese text read better unbroken.
"""Demo data of 新闻发布会与在线访谈: a past press conference, an interview live now, one coming up.

Everything goes through ``gongkai.interviews.services`` (questions, moderation, transcript, the end
of the live) so the demo shows what the screens make; events are published directly, as the demo
publishes its disclosure items. Names of guests are invented.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.interviews import services
from gongkai.interviews.models import Event, Kind, Question, TranscriptEntry
from gongkai.org.models import Department

PAST_TRANSCRIPT = [
    (
        "主持人",
        "各位记者朋友，大家上午好！欢迎参加省生态环境厅新闻发布会。今天我们邀请到厅党组成员、副厅长周某某，介绍2025年全省生态环境质量状况，并回答大家关心的问题。",
    ),
    (
        "周某某",
        "2025年，全省9个中心城市环境空气质量优良天数比例平均为98.1%，细颗粒物（PM2.5）平均浓度为22微克/立方米，同比下降4.3%。",
    ),
    ("周某某", "全省主要河流监测断面水质优良比例为99.4%，县级以上城市集中式饮用水水源地水质达标率保持100%。"),
    ("主持人", "下面进入答问环节。首先回答网友提前提出的问题：监测数据在哪里可以查询？"),
    (
        "吴某",
        "各市州的空气质量和水质监测数据，每月在厅门户网站“环境质量”栏目公开，实时数据可在“贵州生态环境”客户端查询。",
    ),
    ("主持人", "第二个问题：今年将如何推进重污染天气应对？"),
    ("周某某", "我们将修订重污染天气应急预案，完善应急减排清单，推动钢铁、水泥等重点行业绩效分级，做到科学精准应对。"),
    ("主持人", "今天的新闻发布会到此结束，谢谢大家！"),
]
PAST_QUESTIONS = [
    ("请问各地的空气质量监测数据在哪里可以查询？", 4),
    ("今年冬季重污染天气应急预案会有哪些调整？", 6),
    ("农村生活污水治理明年有什么计划？", None),
]
LIVE_TRANSCRIPT = [
    (
        "主持人",
        "各位网友，大家好！欢迎参加本期在线访谈。本期主题是“打好蓝天保卫战”，我们邀请到大气环境处处长孙某某与网友交流。",
    ),
    ("孙某某", "主持人好，各位网友好！很高兴和大家交流大气污染防治工作。"),
    ("主持人", "有网友问：挥发性有机物治理，对餐饮小店有什么要求？"),
    (
        "孙某某",
        "城市建成区的餐饮服务单位应当安装油烟净化设施并保持正常使用，定期清洗维护。小店可以选择集中式净化，费用较低。",
    ),
]
UPCOMING_QUESTIONS = [
    ("建设项目环评审批的时限压缩到多少个工作日？", True),
    ("小微企业能否享受环评告知承诺制？", True),
    ("我家附近要建一个搅拌站，环评公示在哪里看？", False),
    ("环评报告编制单位怎么选？有推荐名单吗？", False),
]


def _publish(event: Event, user: AbstractBaseUser, at: datetime.datetime) -> Event:
    event.save_revision(user=user).publish(user=user, skip_permission_checks=True)
    Event.objects.filter(pk=event.pk).update(first_published_at=at, last_published_at=at)
    return Event.objects.get(pk=event.pk)


def _entries(event: Event, user: AbstractBaseUser, lines, start: datetime.datetime) -> list[TranscriptEntry]:
    entries = []
    for minute, (speaker, text) in enumerate(lines):
        entry = services.entry_add(event=event, user=user, speaker=speaker, text=text)
        at = start + datetime.timedelta(minutes=3 * minute + 1)
        TranscriptEntry.objects.filter(pk=entry.pk).update(created_at=at)
        entries.append(entry)
    return entries


def _asked(event: Event, text: str, at: datetime.datetime, name: str = "网友") -> Question:
    question = services.question_submit(event=event, text=text, asker_name=name, asker_contact="139****0000")
    Question.objects.filter(pk=question.pk).update(submitted_at=at)
    return question


def interviews_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Three events (past, live, upcoming); returns how many."""
    departments = {d.code: d for d in Department.objects.filter(code__in=["xcc", "dqc", "hpc"])}
    xcc, hpc = staff["xcc_editor"], staff["hpc_editor"]
    tz = timezone.get_current_timezone()
    if today == timezone.localdate():
        now = timezone.localtime()
    else:
        now = datetime.datetime.combine(today, datetime.time(10, 30), tzinfo=tz)

    # A past press conference with its full transcript and answered questions.
    start = datetime.datetime.combine(today - datetime.timedelta(days=12), datetime.time(10, 0), tzinfo=tz)
    past = Event(
        kind=Kind.PRESS_CONFERENCE,
        title="2025年全省生态环境质量状况新闻发布会",
        topic="通报2025年全省生态环境质量状况，介绍污染防治攻坚战进展。",
        department=departments["xcc"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        place="省生态环境厅新闻发布厅",
        webcast=True,
        guests=[
            {"type": "guest", "value": {"name": "周某某", "title": "党组成员、副厅长", "organisation": "省生态环境厅"}},
            {"type": "guest", "value": {"name": "吴某", "title": "副主任", "organisation": "省生态环境监测中心"}},
        ],
        related=[
            {"type": "link", "value": {"title": "2025年贵州省生态环境状况公报", "url": "https://sthj.guizhou.gov.cn/"}}
        ],
        summary="发布会通报了2025年全省环境空气、地表水和饮用水水源地质量状况，回答了记者和网友关于监测数据公开、重污染天气应对的提问。",
        created_by=xcc,
        live=False,
    )
    past.save()
    past = _publish(past, staff["office_reviewer"], start - datetime.timedelta(days=5))
    # Its questions came in before it began: open it for a moment to take them through the service.
    Event.objects.filter(pk=past.pk).update(
        starts_at=now + datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=2)
    )
    past = Event.objects.get(pk=past.pk)
    questions = [
        _asked(past, text, start - datetime.timedelta(days=2, hours=i)) for i, (text, _) in enumerate(PAST_QUESTIONS)
    ]
    entries = _entries(past, xcc, PAST_TRANSCRIPT, start)
    for question, (_, answered_by) in zip(questions, PAST_QUESTIONS, strict=True):
        if answered_by is None:
            services.question_reject(question=question, user=xcc, reason="与本次发布会主题无关，已转相关处室答复")
        else:
            services.question_approve(question=question, user=xcc)
            services.question_mark_answered(question=question, user=xcc, entry=entries[answered_by])
    Event.objects.filter(pk=past.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=1))

    # An online interview live now: the host department's transcript so far, questions coming in.
    start = now - datetime.timedelta(minutes=30)
    live = Event(
        kind=Kind.ONLINE_INTERVIEW,
        title="在线访谈：打好蓝天保卫战",
        topic="大气污染防治重点工作与网友关心的问题。",
        department=departments["dqc"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        webcast=True,
        guests=[
            {"type": "guest", "value": {"name": "孙某某", "title": "处长", "organisation": "省生态环境厅大气环境处"}}
        ],
        created_by=xcc,
        live=False,
    )
    live.save()
    live = _publish(live, staff["office_reviewer"], start - datetime.timedelta(days=3))
    asked = _asked(live, "挥发性有机物治理，对街边餐饮小店有什么要求？", start - datetime.timedelta(hours=20))
    entries = _entries(live, xcc, LIVE_TRANSCRIPT, start)
    services.question_approve(question=asked, user=xcc)
    services.question_mark_answered(question=asked, user=xcc, entry=entries[3])
    _asked(live, "秸秆禁烧期间发现焚烧应当向哪里举报？", now - datetime.timedelta(minutes=4))
    _asked(live, "新能源汽车推广对空气质量改善有多大作用？", now - datetime.timedelta(minutes=2))

    # An online interview next week, collecting questions; some already approved, some waiting.
    start = datetime.datetime.combine(today + datetime.timedelta(days=6), datetime.time(15, 0), tzinfo=tz)
    upcoming = Event(
        kind=Kind.ONLINE_INTERVIEW,
        title="在线访谈：环评审批制度改革答网友问",
        topic="解读建设项目环境影响评价审批制度改革措施，回答企业和群众关心的问题。",
        department=departments["hpc"],
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
        webcast=True,
        guests=[
            {
                "type": "guest",
                "value": {"name": "陈静", "title": "处长", "organisation": "省生态环境厅环境影响评价与排放管理处"},
            }
        ],
        created_by=hpc,
        live=False,
    )
    upcoming.save()
    upcoming = _publish(upcoming, staff["office_reviewer"], now - datetime.timedelta(days=1))
    for hours, (text, approve) in enumerate(UPCOMING_QUESTIONS):
        question = _asked(upcoming, text, now - datetime.timedelta(hours=20 - hours))
        if approve:
            services.question_approve(question=question, user=hpc)
    return 3
