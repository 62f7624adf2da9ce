# ruff: noqa: E501
# Demo data: long lines of Chinese text read better unbroken.
"""Demo data of 互动交流: about twenty messages in every state, made through the services.

Answered messages went through the real review (信息员 drafts, 处室审核 and 办公室审核 approve). The
reply times are then moved back to plausible days after receipt, because the demo compresses months
of work into one run. Names, phone numbers and addresses are invented.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from gongkai.calendar.services import add_workdays
from gongkai.interaction import services
from gongkai.interaction.models import Message, Reply
from gongkai.org.models import Department

# (kind, subject, text, name, public, department code, state, days ago received, workdays to reply, rating)
# state: answered | review | review_dept_ok | assigned | received | spam | duplicate
MESSAGES = [
    (
        "consultation",
        "建设项目环评公示期限咨询",
        "您好，我是贵阳市民刘一，电话13985010001。请问建设项目环境影响报告书公示期是多少天？在哪里可以查看公示？",
        "刘一",
        True,
        "hpc",
        "answered",
        40,
        3,
        "satisfied",
    ),
    (
        "consultation",
        "排污许可证延续办理时限",
        "我公司排污许可证明年到期，请问延续申请需要提前多久提交，需要哪些材料？联系电话0851-85550002。",
        "陈二",
        True,
        "hpc",
        "answered",
        33,
        4,
        "basically",
    ),
    (
        "suggestion",
        "建议公开环评审批进度",
        "建议在门户网站公开建设项目环评审批的办理进度，方便企业和群众查询。",
        "张三",
        True,
        "hpc",
        "answered",
        26,
        2,
        "",
    ),
    (
        "leader_mailbox",
        "关于小区旁搅拌站环评的反映",
        "厅领导您好，我住在观山湖区某小区3栋，小区旁新建搅拌站，请问是否办理了环评手续？我的电话13985010004。",
        "李四",
        True,
        "hpc",
        "answered",
        20,
        5,
        "dissatisfied",
    ),
    (
        "consultation",
        "环境日宣传活动如何参加",
        "六五环境日有哪些宣传活动？学校组织学生参加需要怎么报名？",
        "王五",
        True,
        "xcc",
        "answered",
        45,
        2,
        "satisfied",
    ),
    (
        "suggestion",
        "建议增加生态环境科普短视频",
        "建议在政务新媒体上多发布生态环境科普短视频，通俗易懂，方便群众了解。",
        "赵六",
        True,
        "xcc",
        "answered",
        18,
        3,
        "",
    ),
    (
        "consultation",
        "门户网站新闻栏目更新频率",
        "请问门户网站的新闻栏目多久更新一次？能否订阅？",
        "孙七",
        True,
        "xcc",
        "answered",
        12,
        1,
        "satisfied",
    ),
    (
        "leader_mailbox",
        "建议开展生态文明进社区活动",
        "建议宣教部门联合街道开展生态文明进社区活动，提升居民环保意识。",
        "周八",
        True,
        "xcc",
        "answered",
        9,
        6,
        "",
    ),
    (
        "consultation",
        "个人查询企业环评文件",
        "我想查询我家附近一家企业的环评报告全文，可以申请吗？电话13985010009。",
        "吴九",
        False,
        "hpc",
        "answered",
        15,
        3,
        "basically",
    ),
    (
        "consultation",
        "新闻发布会能否旁听",
        "请问厅里召开新闻发布会，群众能否旁听？",
        "郑十",
        False,
        "xcc",
        "answered",
        8,
        2,
        "",
    ),
    (
        "suggestion",
        "建议简化环评登记表备案",
        "建议进一步简化建设项目环境影响登记表备案的填报内容。",
        "钱某",
        True,
        "hpc",
        "review",
        4,
        0,
        "",
    ),
    (
        "consultation",
        "环保宣传材料如何申领",
        "社区想申领一批环保宣传材料，请问向哪个部门申请？",
        "冯某",
        True,
        "xcc",
        "review_dept_ok",
        5,
        0,
        "",
    ),
    (
        "leader_mailbox",
        "环评审批能否网上办理",
        "厅领导好，请问建设项目环评审批能否全程网上办理？",
        "褚某",
        True,
        "hpc",
        "review",
        3,
        0,
        "",
    ),
    (
        "consultation",
        "建设项目环评批复查询",
        "去年批复的某水泥厂技改项目环评批复在哪里可以查到？",
        "卫某",
        True,
        "hpc",
        "assigned",
        85,
        0,
        "",
    ),
    (
        "suggestion",
        "建议增加环保志愿者活动报道",
        "建议在门户网站开设环保志愿者活动专栏。",
        "蒋某",
        True,
        "xcc",
        "assigned",
        65,
        0,
        "",
    ),
    (
        "consultation",
        "排污许可简化管理适用范围",
        "请问哪些行业适用排污许可简化管理？",
        "沈某",
        True,
        "hpc",
        "assigned",
        2,
        0,
        "",
    ),
    (
        "consultation",
        "夜间施工噪声扰民如何投诉",
        "我家附近工地每天施工到凌晨，噪声很大，请问如何投诉？电话13985010017。",
        "韩某",
        True,
        "",
        "received",
        1,
        0,
        "",
    ),
    (
        "leader_mailbox",
        "危险废物转移审批时限",
        "请问危险废物跨省转移审批一般需要多长时间？",
        "杨某",
        False,
        "",
        "received",
        0,
        0,
        "",
    ),
    (
        "consultation",
        "低价代办各类证件",
        "专业代办各类证件，价格优惠，联系微信xxxx。",
        "某某",
        False,
        "",
        "spam",
        6,
        0,
        "",
    ),
    (
        "consultation",
        "建设项目环评公示期限咨询",
        "请问建设项目环境影响报告书公示期是多少天？",
        "刘一",
        True,
        "",
        "duplicate",
        39,
        0,
        "",
    ),
]

REPLIES = {
    "hpc": "您好！感谢您的留言。根据《环境影响评价公众参与办法》等规定，相关事项可登录我厅门户网站“环境影响评价”栏目查询办理指南，或在工作日致电环评处咨询。",
    "xcc": "您好！感谢您对生态环境宣传工作的关心。您反映的事项我们已记录，相关活动和信息将在门户网站和政务新媒体及时发布，欢迎关注。",
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 20)))


def _approve(reply: Reply, user: AbstractBaseUser) -> None:
    reply = Reply.objects.get(pk=reply.pk)
    reply.current_workflow_task.on_action(reply.current_workflow_task_state.specific, user, "approve")


def interaction_create(*, staff: dict[str, AbstractBaseUser], today: datetime.date) -> int:
    """Create the demo records; returns how many top-level records were made."""
    departments = {d.code: d for d in Department.objects.filter(code__in=["hpc", "xcc"])}
    if len(departments) < 2:
        return 0
    office = staff["office_reviewer"]
    created = 0
    for index, (kind, subject, text, name, public, code, state, ago, to_reply, rating) in enumerate(MESSAGES):
        received_on = today - datetime.timedelta(days=ago)
        data = {
            "kind": kind,
            "subject": subject,
            "text": text,
            "name": name,
            "phone": f"139850{index:05d}",
            "email": f"writer{index}@example.com" if index % 3 == 0 else "",
            "wants_public": public,
        }
        message, _code = services.message_submit(data=data, now=_at(received_on, 9 + index % 8))
        created += 1
        if state in ("spam", "duplicate"):
            note = "广告推销信息" if state == "spam" else "与前一条同一留言人的留言重复"
            services.message_close_invalid(message=message, user=office, reason=state, note=note)
            continue
        if state == "received":
            continue
        message = services.message_route(message=message, department=departments[code], user=office)
        if state == "assigned":
            continue
        drafter, reviewer = staff[f"{code}_editor"], staff[f"{code}_reviewer"]
        reply = services.reply_save(message=message, user=drafter, text=REPLIES[code])
        services.reply_submit(reply=reply, user=drafter)
        if state == "review":
            continue
        _approve(reply, reviewer)
        if state == "review_dept_ok":
            continue
        _approve(reply, office)
        replied_on = add_workdays(received_on, to_reply)
        replied_at = _at(replied_on, 16)
        # Backdated: the demo compresses months of work into one run.
        Message.objects.filter(pk=message.pk).update(replied_at=replied_at, replied_on=replied_on)
        Reply.objects.filter(pk=reply.pk).update(first_published_at=replied_at, last_published_at=replied_at)
        if rating:
            services.message_rate(message=Message.objects.get(pk=message.pk), rating=rating, comment="")
    return created
