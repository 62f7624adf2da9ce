"""The public pages: the form (Chinese messages, 4xx, abuse protection, nothing half-stored), the
查询码 shown once, the query and the rating, the Q&A list and detail, the statistics."""

import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from gongkai.interaction.forms_public import issue_form_token
from gongkai.interaction.models import Message
from gongkai.interaction.tests.factories import CODE, MessageFactory

pytestmark = pytest.mark.django_db

NEW = reverse("interaction_public:new")
QUERY = reverse("interaction_public:query")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def form_data(**overrides) -> dict:
    data = {
        "kind": "suggestion",
        "subject": "建议增加空气质量实时发布",
        "text": "建议门户网站首页增加各市州空气质量实时数据。",
        "name": "王五",
        "phone": "13985012345",
        "email": "",
        "publicity": "public",
        "website": "",
        "form_token": issue_form_token(now=time.time() - 30),
    }
    data.update(overrides)
    return data


def test_the_form_renders_with_a_token_and_a_hidden_honeypot(client, home):
    response = client.get(NEW)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="form_token"' in body and 'class="foi-hp"' in body and "领导信箱" in body
    assert response["Cache-Control"] == "private, no-store"


def test_a_message_is_stored_and_the_code_shown_once(client, home, depts):
    response = client.post(NEW, form_data())
    assert response.status_code == 302 and response["Location"] == reverse("interaction_public:done")
    message = Message.objects.get()
    assert message.wants_public and message.kind == "suggestion"
    done = client.get(reverse("interaction_public:done")).content.decode()
    assert message.number in done and "查询码只在本页显示这一次" in done
    again = client.get(reverse("interaction_public:done")).content.decode()
    assert message.number not in again and "已显示过" in again


def test_missing_fields_get_chinese_messages_and_nothing_is_stored(client, home):
    response = client.post(NEW, form_data(subject="", text="", phone="abc", publicity=""))
    assert response.status_code == 400
    body = response.content.decode()
    for text in ("请填写留言主题。", "请填写留言内容。", "请填写正确的联系电话", "请选择是否公开。"):
        assert text in body
    assert not Message.objects.exists()


def test_an_overlong_text_is_refused_in_chinese(client, home):
    response = client.post(NEW, form_data(text="噪" * 3001))
    assert response.status_code == 400 and "留言内容最多3000个字。" in response.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"website": "http://spam.example"}, "提交未通过校验"),
        ({"form_token": "forged"}, "表单已失效"),
        # Issued "in the future" reads as submitted at once, however slowly the test runs.
        ({"form_token": issue_form_token(now=time.time() + 3600)}, "提交过快"),
        ({"form_token": issue_form_token(now=time.time() - 3 * 60 * 60)}, "超过2小时"),
    ],
)
def test_abuse_protection(client, home, overrides, text):
    response = client.post(NEW, form_data(**overrides))
    assert response.status_code == 400 and text in response.content.decode()
    assert not Message.objects.exists()


@override_settings(GONGKAI_INTERACTION_SUBMISSIONS_PER_HOUR=2)
def test_submissions_are_rate_limited_per_client(client, home, depts):
    for _ in range(2):
        assert client.post(NEW, form_data()).status_code == 302
    response = client.post(NEW, form_data())
    assert response.status_code == 429 and "操作过于频繁" in response.content.decode()
    assert Message.objects.count() == 2


def test_the_query_answers_the_same_for_an_unknown_number_and_a_wrong_code(client, home):
    message = MessageFactory()
    wrong = client.post(QUERY, {"number": message.number, "code": "WRONG234"})
    unknown = client.post(QUERY, {"number": "LY2026-99999", "code": CODE})
    assert wrong.status_code == unknown.status_code == 400
    assert "留言编号或查询码不正确" in wrong.content.decode() and "留言编号或查询码不正确" in unknown.content.decode()
    page = reverse("interaction_public:message", args=[message.number])
    assert client.get(page).status_code == 302


@override_settings(GONGKAI_INTERACTION_QUERY_FAILURES_PER_HOUR=2)
def test_guessing_is_stopped(client, home):
    message = MessageFactory()
    for _ in range(2):
        client.post(QUERY, {"number": message.number, "code": "WRONG234"})
    assert client.post(QUERY, {"number": message.number, "code": CODE}).status_code == 429


def test_the_writer_sees_the_reply_and_rates_it_once(client, home):
    message = MessageFactory(answered=True)
    response = client.post(QUERY, {"number": message.number, "code": CODE.lower()})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已答复" in page and message.reply.text in page and "您对答复是否满意" in page
    rate = reverse("interaction_public:rate", args=[message.number])
    assert client.post(rate, {"rating": ""}).status_code == 400
    assert client.post(rate, {"rating": "dissatisfied", "comment": "未解决"}).status_code == 302
    message.refresh_from_db()
    assert message.rating == "dissatisfied" and message.rating_comment == "未解决"
    again = client.post(rate, {"rating": "satisfied"})
    assert again.status_code == 400
    message.refresh_from_db()
    assert message.rating == "dissatisfied"


def test_the_public_list_shows_only_answered_consented_messages_without_personal_data(client, home, depts):
    shown = MessageFactory(answered=True, public=True, department=depts.dqc)
    private = MessageFactory(answered=True, department=depts.dqc, subject="不公开的留言")
    MessageFactory(public=True, subject="未答复的留言")
    MessageFactory(public=True, invalid=True, subject="无效的留言")
    body = client.get(reverse("interaction_public:index")).content.decode()
    assert shown.reply.public_subject in body and "大气处" in body
    for text in ("不公开的留言", "未答复的留言", "无效的留言", "张三", "13985012345"):
        assert text not in body
    detail = client.get(reverse("interaction_public:detail", args=[shown.pk])).content.decode()
    assert shown.reply.text in detail and "张三" not in detail and "13985012345" not in detail
    assert client.get(reverse("interaction_public:detail", args=[private.pk])).status_code == 404


def test_the_list_filters_by_kind_and_department(client, home, depts):
    MessageFactory(answered=True, public=True, department=depts.dqc, kind="suggestion", subject="大气建议")
    MessageFactory(answered=True, public=True, department=depts.hpc, kind="consultation", subject="环评咨询")
    index = reverse("interaction_public:index")
    body = client.get(index, {"kind": "suggestion"}).content.decode()
    assert "大气建议" in body and "环评咨询" not in body
    body = client.get(index, {"department": "hpc"}).content.decode()
    assert "环评咨询" in body and "大气建议" not in body
    # A bad value is ignored, not a 500.
    assert client.get(index, {"kind": "<x>", "department": "nope", "page": "zz"}).status_code == 200


def test_public_statistics_count_valid_messages_per_department(client, home, depts):
    MessageFactory(answered=True, department=depts.dqc, rating="satisfied")
    MessageFactory(routed=True, department=depts.dqc)
    MessageFactory(invalid=True)
    response = client.get(reverse("interaction_public:statistics"))
    assert response.status_code == 200
    table = response.context["table"]
    dqc = next(row for row in table if row.department == depts.dqc)
    assert (dqc.received, dqc.answered, dqc.on_time) == (2, 1, 1)
    assert dict(dqc.rating_counts)["满意"] == 1
    assert response.context["total"].received == 2
