"""Staff screens: department scope, routing and drafting through the admin, flags, dashboard, digest."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from gongkai.calendar.services import current_date
from gongkai.interaction import services
from gongkai.interaction.models import Message, Reply, Status
from gongkai.interaction.tests.factories import MessageFactory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("interaction:messages")


def url(message) -> str:
    return reverse("interaction:message", args=[message.pk])


def test_a_department_sees_only_its_own_messages(client, depts, staff):
    own = MessageFactory(routed=True, department=depts.dqc, subject="大气处的留言")
    other = MessageFactory(routed=True, department=depts.hpc, subject="环评处的留言")
    unrouted = MessageFactory(subject="待分办的留言")
    client.force_login(staff.dqc_drafter)
    body = client.get(LIST).content.decode()
    assert "大气处的留言" in body and "环评处的留言" not in body and "待分办的留言" not in body
    assert client.get(url(own)).status_code == 200
    assert client.get(url(other)).status_code == 403
    assert client.get(url(unrouted)).status_code == 403
    client.force_login(staff.office)
    body = client.get(LIST).content.decode()
    assert all(s in body for s in ("大气处的留言", "环评处的留言", "待分办的留言"))


def test_staff_without_a_role_are_refused(client, depts):
    # Admin access, but none of the roles that handle messages.
    client.force_login(UserFactory(username="head", role=Role.DISCLOSURE_HEAD, department=depts.office))
    assert client.get(LIST).status_code == 403


def test_the_office_routes_with_the_suggestion_shown(client, depts, staff):
    message = MessageFactory()
    client.force_login(staff.office)
    page = client.get(url(message)).content.decode()
    assert "建议承办处室" in page and "大气处" in page and "含关键词“噪声”" in page
    assert client.post(url(message), {"action": "route", "department": ""}).status_code == 400
    assert client.post(url(message), {"action": "route", "department": depts.dqc.pk}).status_code == 302
    message.refresh_from_db()
    assert message.department == depts.dqc and message.status == Status.ASSIGNED


def test_a_department_cannot_route(client, depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    client.force_login(staff.dqc_reviewer)
    response = client.post(url(message), {"action": "route", "department": depts.hpc.pk})
    assert response.status_code == 403
    assert Message.objects.get(pk=message.pk).department == depts.dqc


def test_the_department_drafts_and_submits_from_the_message_page(client, depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    client.force_login(staff.dqc_drafter)
    data = {"action": "reply", "public_subject": "噪声扰民", "public_question": "工地夜间施工", "text": ""}
    response = client.post(url(message), data)
    assert response.status_code == 400 and "请填写答复内容。" in response.content.decode()
    assert not Reply.objects.exists()
    data.update(text="已转请属地处理。", submit_for_review="on")
    assert client.post(url(message), data).status_code == 302
    reply = Reply.objects.get()
    assert reply.workflow_in_progress and not reply.live and reply.department == depts.dqc
    # The other department cannot open the reply in the editor.
    client.force_login(staff.hpc_reviewer)
    edit = reverse("wagtailsnippets_interaction_reply:edit", args=[reply.pk])
    assert client.get(edit).status_code == 403
    client.force_login(staff.dqc_reviewer)
    assert client.get(edit).status_code == 200


def test_close_as_invalid_through_the_admin(client, depts, staff):
    message = MessageFactory()
    client.force_login(staff.office)
    assert client.post(url(message), {"action": "invalid", "reason": "spam", "note": ""}).status_code == 400
    assert client.post(url(message), {"action": "invalid", "reason": "spam", "note": "广告推销信息"}).status_code == 302
    assert Message.objects.get(pk=message.pk).status == Status.INVALID


def test_flags_show_in_the_list_and_on_the_dashboard(client, depts, staff):
    today = current_date()
    MessageFactory(routed=True, department=depts.dqc, received_on=today - datetime.timedelta(days=65))
    MessageFactory(routed=True, department=depts.dqc, received_on=today - datetime.timedelta(days=85))
    MessageFactory(routed=True, department=depts.dqc, received_on=today - datetime.timedelta(days=100))
    MessageFactory(invalid=True, received_on=today - datetime.timedelta(days=100))
    client.force_login(staff.dqc_reviewer)
    response = client.get(LIST)
    body = response.content.decode()
    assert 'data-flag="warning"' in body and 'data-flag="severe"' in body and 'data-flag="over"' in body
    counts = response.context["counts"]
    assert (counts.warning, counts.severe, counts.over) == (1, 1, 1)
    assert len(client.get(LIST, {"flag": "over"}).context["page"].object_list) == 1
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "互动交流：留言答复提醒" in home and "超过三个月：1件" in home


def test_admin_statistics(client, depts, staff):
    MessageFactory(answered=True, department=depts.dqc)
    client.force_login(staff.office)
    response = client.get(reverse("interaction:statistics"))
    assert response.status_code == 200 and "大气处" in response.content.decode()


def test_the_digest_mails_each_departments_reviewers_and_the_office(depts, staff):
    today = current_date()
    MessageFactory(routed=True, department=depts.dqc, received_on=today - datetime.timedelta(days=70))
    MessageFactory(routed=True, department=depts.hpc, received_on=today - datetime.timedelta(days=1))
    call_command("interaction_digest", "--any-day", stdout=open("/dev/null", "w"))
    to = {address for m in mail.outbox for address in m.to}
    assert staff.dqc_reviewer.email in to and staff.office.email in to
    assert staff.hpc_reviewer.email not in to  # nothing overdue or flagged in 环评处
    dqc_mail = next(m for m in mail.outbox if m.to == [staff.dqc_reviewer.email])
    assert "警告" in dqc_mail.body


def test_the_digest_sends_nothing_on_a_holiday(depts, staff):
    MessageFactory(routed=True, department=depts.dqc, received_on=datetime.date(2026, 7, 1))
    call_command("interaction_digest", "--date", "2026-10-01", stdout=open("/dev/null", "w"))
    assert mail.outbox == []


def test_services_do_not_let_a_drafter_of_another_department_draft(depts, staff):
    message = MessageFactory(routed=True, department=depts.dqc)
    with pytest.raises(PermissionDenied, match="承办处室"):
        services.reply_save(message=message, user=staff.hpc_drafter, text="答复")


def test_replies_are_started_from_the_message_page_not_the_snippet_editor(client, staff):
    client.force_login(staff.office)
    response = client.get(reverse("wagtailsnippets_interaction_reply:add"))
    assert response.status_code == 403 and "留言页面起草" in response.content.decode()
