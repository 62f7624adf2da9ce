"""Staff screens: console, moderation queue, dashboard panel, the scoped event list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.interviews import services
from gongkai.interviews.models import Event, QuestionStatus, TranscriptEntry
from gongkai.interviews.tests.factories import EventFactory, QuestionFactory
from gongkai.interviews.tests.test_services import EXE

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(dqc):
    return EventFactory(department=dqc, live_now=True, title="大气污染防治在线访谈")


def test_host_runs_the_console(client, event, host):
    client.force_login(host)
    url = reverse("interviews:console", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"speaker": "主持人", "text": "欢迎各位网友。"})
    assert response.status_code == 302
    entry = TranscriptEntry.objects.get(event=event)
    assert entry.created_by == host
    page = client.get(url).content.decode()
    assert "欢迎各位网友。" in page and "结束直播" in page


def test_console_refuses_other_departments(client, event, outsider):
    client.force_login(outsider)
    response = client.get(reverse("interviews:console", args=[event.pk]))
    assert response.status_code == 403 and "主办处室" in response.content.decode()
    response = client.post(reverse("interviews:console", args=[event.pk]), {"speaker": "某", "text": "冒充"})
    assert response.status_code == 403 and not TranscriptEntry.objects.exists()


def test_console_form_errors_are_a_400_in_chinese(client, event, host):
    client.force_login(host)
    url = reverse("interviews:console", args=[event.pk])
    response = client.post(url, {"speaker": "", "text": ""})
    assert response.status_code == 400 and "请填写发言人。" in response.content.decode()
    response = client.post(url, {"speaker": "主持人", "text": "图片", "image": SimpleUploadedFile("photo.jpg", EXE)})
    assert response.status_code == 400 and "不是允许的格式" in response.content.decode()
    response = client.post(
        reverse("interviews:media_upload", args=[event.pk]),
        {"title": "录像", "summary": "", "file": SimpleUploadedFile("video.mp4", EXE)},
    )
    assert response.status_code == 400 and "不是允许的格式" in response.content.decode()
    assert not TranscriptEntry.objects.exists()


def test_edit_and_retract_from_the_console(client, event, host):
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="下降了5%。")
    client.force_login(host)
    edit = reverse("interviews:entry_edit", args=[entry.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, {"speaker": "张某某", "text": "下降了6%。", "reason": "口误"}).status_code == 302
    retract = reverse("interviews:entry_retract", args=[entry.pk])
    assert client.post(retract, {"reason": ""}).status_code == 400
    assert client.post(retract, {"reason": "发言人要求撤回"}).status_code == 302
    entry.refresh_from_db()
    assert entry.retracted and entry.text == "下降了6%。"
    history = client.get(edit).content.decode()
    assert "下降了5%。" in history and "口误" in history and "发言人要求撤回" in history


def test_end_the_live(client, event, host):
    client.force_login(host)
    assert client.post(reverse("interviews:end", args=[event.pk])).status_code == 302
    event.refresh_from_db()
    assert event.ended_at is not None


def test_moderation_queue(client, event, host, outsider):
    question = QuestionFactory(event=event, asker_contact="13912345678")
    other = QuestionFactory(event=event, text="另一个待审的问题？")
    client.force_login(host)
    queue = client.get(reverse("interviews:questions")).content.decode()
    assert "13912345678" in queue and "另一个待审的问题？" in queue
    assert client.post(reverse("interviews:approve", args=[question.pk])).status_code == 302
    response = client.post(reverse("interviews:reject", args=[other.pk]), {"reason": ""})
    assert response.status_code == 400 and "请填写理由。" in response.content.decode()
    assert client.post(reverse("interviews:reject", args=[other.pk]), {"reason": "与主题无关"}).status_code == 302
    question.refresh_from_db()
    other.refresh_from_db()
    assert question.status == QuestionStatus.APPROVED
    assert other.status == QuestionStatus.REJECTED and other.reject_reason == "与主题无关"
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="答复。")
    response = client.post(reverse("interviews:answered", args=[question.pk]), {"entry": entry.pk})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer_entry == entry
    client.force_login(outsider)
    assert "13912345678" not in client.get(reverse("interviews:questions"), {"status": "all"}).content.decode()
    assert client.post(reverse("interviews:approve", args=[other.pk])).status_code == 403


def test_dashboard_panel_lists_upcoming_events_and_waiting_questions(client, dqc, host):
    upcoming = EventFactory(department=dqc, upcoming=True, title="下周的在线访谈")
    EventFactory(department=dqc, past=True, title="上个月的发布会")
    QuestionFactory(event=upcoming)
    QuestionFactory(event=upcoming)
    client.force_login(host)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "发布会与访谈：预告与直播" in html and "下周的在线访谈" in html
    assert "上个月的发布会" not in html and "2 条" in html


def test_event_list_and_editor_keep_to_the_department(client, event, host, outsider):
    mine = reverse(Event.snippet_viewset.get_url_name("list"))
    client.force_login(outsider)
    assert event.title not in client.get(mine).content.decode()
    edit = reverse(Event.snippet_viewset.get_url_name("edit"), args=[event.pk])
    assert client.get(edit).status_code == 403
    client.force_login(host)
    assert event.title in client.get(mine).content.decode()
    page = client.get(edit)
    assert page.status_code == 200 and "直播控制台" in page.content.decode()


def test_events_with_records_cannot_be_deleted(client, event, host):
    from gongkai.org.roles import Role
    from gongkai.org.tests.factories import UserFactory

    admin = UserFactory(username="sysadmin", role=Role.ADMINISTRATOR)
    QuestionFactory(event=event)
    client.force_login(admin)
    delete = reverse(Event.snippet_viewset.get_url_name("delete"), args=[event.pk])
    response = client.post(delete)
    assert response.status_code == 403 and "不能删除" in response.content.decode()
    assert Event.objects.filter(pk=event.pk).exists()


def test_events_are_reviewed_by_the_publication_workflow(event):
    workflow = event.get_workflow()
    assert workflow is not None and workflow.name == "信息发布审核"
