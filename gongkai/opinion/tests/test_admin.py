"""The staff screens: dashboard with inline SVG, event page and its forms, items, manual entry, scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.opinion.models import Alert, Event, EventState, Item
from gongkai.opinion.tests.factories import EventFactory, IncidentFactory, ItemFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(depts):
    event = EventFactory(title="鑫盛化工厂偷排废水")
    for i in range(5):
        ItemFactory(event=event, negative=i < 3, published_at=timezone.now() - datetime.timedelta(days=i))
    Alert.objects.create(
        event=event,
        raised_at=timezone.now(),
        window_start=timezone.now(),
        recent_count=12,
        baseline_count=1,
        expected=0.1,
    )
    return event


def test_the_dashboard_shows_matrix_alerts_and_an_svg_trend(client, staff, busy):
    client.force_login(staff.xcc_drafter)
    response = client.get(reverse("opinion_admin:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "<polyline" in html and "每日舆情信息量与负面占比" in html
    assert "鑫盛化工厂偷排废水" in html and "opinion-alert-table" in html
    assert "<script" not in html.split('id="opinion-trend-chart"')[1].split("</div>")[0]
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "opinion-panel-alerts" in home and "鑫盛化工厂偷排废水" in home


def test_the_dashboard_is_for_monitoring_staff_only(client, staff, busy):
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("opinion_admin:dashboard")).status_code == 403
    assert "opinion-panel" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_event_page_and_the_assess_form(client, staff, busy):
    client.force_login(staff.xcc_drafter)
    url = reverse("opinion_admin:event", args=[busy.pk])
    page = client.get(url)
    assert page.status_code == 200 and "研判" in page.content.decode()
    bad = client.post(
        reverse("opinion_admin:event_action", args=[busy.pk, "assess"]),
        {"assess-risk_level": "high", "assess-note": "短"},
    )
    assert bad.status_code == 400 and "研判意见过短" in bad.content.decode()
    assert Event.objects.get(pk=busy.pk).state == EventState.NEW
    good = client.post(
        reverse("opinion_admin:event_action", args=[busy.pk, "assess"]),
        {"assess-risk_level": "high", "assess-note": "涉及饮用水源，需立即核实。"},
    )
    assert good.status_code == 302
    assert Event.objects.get(pk=busy.pk).risk_level == "high"


def test_department_staff_see_assigned_events_only(client, staff, depts):
    other = EventFactory()
    mine = EventFactory(assigned=True, department=depts.hpc)
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("opinion_admin:event", args=[other.pk])).status_code == 403
    assert client.get(reverse("opinion_admin:event", args=[mine.pk])).status_code == 200
    listing = client.get(reverse("opinion_admin:events")).content.decode()
    assert mine.title in listing and other.title not in listing
    refused = client.post(
        reverse("opinion_admin:event_action", args=[mine.pk, "assess"]),
        {"assess-risk_level": "low", "assess-note": "承办处室不能研判。"},
    )
    assert refused.status_code == 403


def test_manual_entry_and_the_item_list(client, staff):
    client.force_login(staff.xcc_drafter)
    response = client.post(
        reverse("opinion_admin:item_add"), {"title": "电话反映：某砂石厂粉尘扰民", "text": "粉尘很大，晾的衣服都脏了。"}
    )
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("opinion_admin:event", args=[item.event_id])
    listing = client.get(reverse("opinion_admin:items") + "?negative=1").content.decode()
    assert "电话反映：某砂石厂粉尘扰民" in listing
    assert client.post(reverse("opinion_admin:item_add"), {"title": ""}).status_code == 400


def test_alert_acknowledge(client, staff, busy):
    client.force_login(staff.xcc_drafter)
    alert = Alert.objects.get()
    assert client.post(reverse("opinion_admin:alert_acknowledge", args=[alert.pk])).status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == staff.xcc_drafter


def test_source_rule_and_word_screens(client, staff):
    SourceFactory(name="省内新闻网")
    client.force_login(staff.xcc_drafter)
    assert "省内新闻网" in client.get(reverse("opinion_sources:index")).content.decode()
    created = client.post(
        reverse("opinion_topics:add"), {"name": "乌江", "expression": "乌江 AND (污染", "active": "on"}
    )
    assert created.status_code == 200 and "左括号没有对应的右括号" in created.content.decode()
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("opinion_sources:index")).status_code in {302, 403}


def test_incident_screens(client, staff, depts):
    client.force_login(staff.yjc_drafter)
    response = client.post(
        reverse("opinion_admin:incidents"),
        {
            "title": "某县化工企业储罐泄漏事件",
            "place": "某县工业园区",
            "started_at": (timezone.localtime() - datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
            "level": "iii",
            "department": depts.yjc.pk,
        },
    )
    assert response.status_code == 302
    incident = IncidentFactory._meta.model.objects.get()
    draft = client.post(
        reverse("opinion_admin:incident", args=[incident.pk]),
        {
            "kind": "first",
            "title": "储罐泄漏事件基本情况",
            "body": "今日凌晨，园区一储罐发生泄漏，当地已启动应急响应。",
            "as_of": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        },
    )
    assert draft.status_code == 302 and "/admin/snippets/opinion/incidentupdate/edit/" in draft["Location"]
    assert incident.updates.get().live is False
