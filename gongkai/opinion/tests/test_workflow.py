"""The event workflow as services: 研判 → 交办 → 回应 → (报告省政府) → 办结, permission-checked and audited."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page

from gongkai.opinion import selectors, services
from gongkai.opinion.models import Escalation, EventState, RiskLevel
from gongkai.opinion.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def logged(event) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(event.pk), content_type__model="event")
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def test_the_full_workflow(depts, staff, django_capture_on_commit_callbacks, home):
    event = EventFactory()
    event = services.event_assess(
        event=event, user=staff.xcc_drafter, risk_level=RiskLevel.HIGH, note="涉及饮用水源，关注度高。"
    )
    assert event.state == EventState.ASSESSED and event.assessed_by == staff.xcc_drafter
    with django_capture_on_commit_callbacks(execute=True):
        event = services.event_assign(event=event, user=staff.xcc_drafter, department=depts.hpc, involved=[depts.yjc])
    assert event.state == EventState.ASSIGNED and event.department == depts.hpc
    assert list(event.involved_departments.all()) == [depts.yjc]
    assert sorted(mail.outbox[0].to) == [staff.hpc_drafter.email, staff.hpc_reviewer.email]
    assert "舆情交办" in mail.outbox[0].subject

    event = services.event_respond(
        event=event,
        user=staff.hpc_drafter,
        public_title="关于某县化工厂排污问题的回应",
        response_text="经现场核查，企业已停产整改，执法部门已立案调查，结果将及时公开。",
        response_url="https://sthj.guizhou.gov.cn/hygq/2019/1.html",
    )
    assert (
        event.state == EventState.RESPONDED and event.response_link() == "https://sthj.guizhou.gov.cn/hygq/2019/1.html"
    )

    escalation = services.event_escalate(
        event=event,
        user=staff.xcc_reviewer,
        reported_on=timezone.localdate(),
        recipient="省人民政府办公厅",
        summary="该舆情涉及环评审批和应急处置，已由环评处牵头回应。",
        departments=[depts.hpc, depts.yjc],
        other_agencies="省水利厅",
    )
    assert set(escalation.departments.all()) == {depts.hpc, depts.yjc}
    assert Escalation.objects.get().recipient == "省人民政府办公厅"

    event = services.event_close(event=event, user=staff.xcc_reviewer, note="已回应并报告，舆情平息。")
    assert event.state == EventState.CLOSED
    assert logged(event) == ["opinion.assess", "opinion.assign", "opinion.respond", "opinion.escalate", "opinion.close"]
    with pytest.raises(ValidationError, match="已办结"):
        services.event_assess(event=event, user=staff.xcc_drafter, risk_level=RiskLevel.LOW, note="再次研判")


def test_who_may_act(depts, staff):
    event = EventFactory()
    for user in (staff.hpc_drafter, staff.hpc_reviewer, staff.nodept):
        with pytest.raises(PermissionDenied):
            services.event_assess(event=event, user=user, risk_level=RiskLevel.LOW, note="无权研判")
    services.event_assess(event=event, user=staff.office, risk_level=RiskLevel.MEDIUM, note="办公室研判")
    services.event_assign(event=event, user=staff.xcc_drafter, department=depts.hpc)
    with pytest.raises(PermissionDenied, match="承办处室"):
        services.event_respond(
            event=event,
            user=staff.yjc_drafter,
            public_title="关于排污问题的回应",
            response_text="另一个处室无权回应此事件。",
            response_url="/x/",
        )
    with pytest.raises(PermissionDenied, match="审核人员"):
        services.event_escalate(
            event=event,
            user=staff.xcc_drafter,
            reported_on=timezone.localdate(),
            recipient="省人民政府办公厅",
            summary="信息员不能报告省政府主管部门。",
            departments=[depts.hpc, depts.yjc],
        )
    with pytest.raises(PermissionDenied):
        services.event_close(event=event, user=staff.hpc_reviewer, note="承办处室不能办结")


def test_order_and_input_rules(depts, staff, home):
    event = EventFactory()
    with pytest.raises(ValidationError, match="请先研判"):
        services.event_assign(event=event, user=staff.xcc_drafter, department=depts.hpc)
    with pytest.raises(ValidationError, match="风险等级"):
        services.event_assess(event=event, user=staff.xcc_drafter, risk_level="extreme", note="无效等级")
    with pytest.raises(ValidationError, match="研判意见过短"):
        services.event_assess(event=event, user=staff.xcc_drafter, risk_level=RiskLevel.LOW, note="短")
    services.event_assess(event=event, user=staff.xcc_drafter, risk_level=RiskLevel.MEDIUM, note="需要交办处理。")
    with pytest.raises(ValidationError, match="请先交办"):
        services.event_respond(
            event=event,
            user=staff.xcc_drafter,
            public_title="关于排污问题的回应",
            response_text="还没有交办就回应是不行的。",
            response_url="/x/",
        )
    with pytest.raises(ValidationError, match="须回应后办结"):
        services.event_close(event=event, user=staff.xcc_reviewer, note="中风险不能直接办结")
    services.event_assign(event=event, user=staff.xcc_drafter, department=depts.hpc)
    with pytest.raises(ValidationError, match="回应关切页面或填写其链接"):
        services.event_respond(
            event=event,
            user=staff.hpc_drafter,
            public_title="关于排污问题的回应",
            response_text="没有链接的回应内容不完整。",
        )
    draft = home.add_child(instance=Page(title="未发布的回应关切", slug="draft-answer", live=False))
    with pytest.raises(ValidationError) as caught:
        services.event_respond(
            event=event,
            user=staff.hpc_drafter,
            public_title="关于排污问题的回应",
            response_text="链接的页面尚未发布。",
            response_page=draft,
        )
    assert "尚未发布" in str(caught.value)
    with pytest.raises(ValidationError, match="至少选择两个"):
        services.event_escalate(
            event=event,
            user=staff.xcc_reviewer,
            reported_on=timezone.localdate(),
            recipient="省人民政府办公厅",
            summary="只涉及一个处室的舆情无需报告省政府。",
            departments=[depts.hpc],
        )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.event_escalate(
            event=event,
            user=staff.xcc_reviewer,
            reported_on=timezone.localdate() + datetime.timedelta(days=1),
            recipient="省人民政府办公厅",
            summary="报告日期在将来是不行的。",
            departments=[depts.hpc, depts.yjc],
        )
    # A published page of the site is a valid link.
    live = home.add_child(instance=Page(title="回应关切", slug="answer"))
    event = services.event_respond(
        event=event,
        user=staff.hpc_drafter,
        public_title="关于排污问题的回应",
        response_text="回应内容在站内页面公开。",
        response_page=live,
    )
    assert event.response_link() == live.url


def test_a_low_risk_event_can_be_closed_after_assessment(staff):
    event = EventFactory()
    services.event_assess(event=event, user=staff.xcc_drafter, risk_level=RiskLevel.LOW, note="个别转发，无需回应。")
    event = services.event_close(event=event, user=staff.xcc_reviewer, note="低风险，持续关注。")
    assert event.state == EventState.CLOSED


def test_department_staff_see_only_their_events(depts, staff):
    mine = EventFactory(assigned=True, department=depts.hpc)
    involved = EventFactory(assigned=True, department=depts.yjc)
    involved.involved_departments.add(depts.hpc)
    EventFactory()
    assert set(selectors.visible_events(staff.hpc_drafter)) == {mine, involved}
    assert selectors.visible_events(staff.xcc_drafter).count() == 3
    assert selectors.visible_events(staff.nodept).count() == 0


def test_manual_entry(staff):
    item = services.item_create_manual(
        user=staff.xcc_drafter, title="报纸报道：某县垃圾填埋场渗滤液外溢", text="渗滤液流入河道，群众担忧。"
    )
    assert item.source_kind == "manual" and item.created_by == staff.xcc_drafter and item.negative
    assert "opinion.item_manual" in logged(item.event)
    with pytest.raises(PermissionDenied):
        services.item_create_manual(user=staff.hpc_drafter, title="无权录入", text="")
