"""The public pages and the comment form: Chinese errors with 4xx, closed consultations refuse,
abuse protection (honeypot, signed token, rate limit), and each comment stored exactly once."""

import time

import pytest
from django.core.cache import cache

from gongkai.consultations.forms_public import MIN_FILL_SECONDS, TOKEN_FIELD, issue_form_token
from gongkai.consultations.models import Comment
from gongkai.consultations.tests.factories import ConsultationFactory, submit_comment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def consultation(home):
    return ConsultationFactory(published=True)


def form_data(consultation, **overrides) -> dict:
    data = {
        "target": "a3",
        "text": "建议第三条增加“公开期限不少于十日”的规定。",
        "identity_type": "enterprise",
        "organisation": "贵州某某环保科技有限公司",
        "name": "李四",
        "contact": "0851-88888888",
        "consent_publish": "on",
        "website": "",
        TOKEN_FIELD: issue_form_token(consultation.pk, now=time.time() - MIN_FILL_SECONDS - 1),
    }
    data.update(overrides)
    return data


def url(consultation) -> str:
    return f"/consultations/{consultation.pk}/comment/"


def test_a_comment_is_stored_and_acknowledged(client, consultation):
    response = client.post(url(consultation), form_data(consultation))
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.target_article, comment.target_paragraph, comment.target_label) == (3, None, "第三条")
    assert comment.organisation == "贵州某某环保科技有限公司" and comment.consent_publish
    done = client.get(response["Location"])
    assert comment.receipt in done.content.decode()
    assert done["Cache-Control"] == "private, no-store"


def test_the_same_form_posted_twice_stores_one_comment(client, consultation):
    data = form_data(consultation)
    first = client.post(url(consultation), data)
    second = client.post(url(consultation), data)  # a double click, or a retry after a lost answer
    assert first.status_code == second.status_code == 302
    assert Comment.objects.count() == 1
    another = client.post(url(consultation), form_data(consultation))  # a new form: a new comment
    assert another.status_code == 302 and Comment.objects.count() == 2


def test_missing_fields_give_chinese_errors_and_400(client, consultation):
    response = client.post(url(consultation), form_data(consultation, text="", identity_type="", name="", contact=""))
    assert response.status_code == 400
    body = response.content.decode()
    for message in ("请填写意见内容。", "请选择身份类型。", "请填写姓名或联系人。", "请填写联系方式。"):
        assert message in body
    assert not Comment.objects.exists()


def test_organisations_must_name_themselves(client, consultation):
    response = client.post(url(consultation), form_data(consultation, identity_type="chamber", organisation=""))
    assert response.status_code == 400 and "请填写单位名称。" in response.content.decode()
    response = client.post(
        url(consultation), form_data(consultation, identity_type="individual", organisation="某公司")
    )
    assert response.status_code == 302
    assert Comment.objects.get().organisation == ""  # an individual is not published under a company name


def test_a_target_outside_the_draft_is_refused(client, consultation):
    response = client.post(url(consultation), form_data(consultation, target="a99"))
    assert response.status_code == 400 and "所选条款不在草案中" in response.content.decode()


def test_paragraph_target(client, consultation):
    assert client.post(url(consultation), form_data(consultation, target="a3p2")).status_code == 302
    assert Comment.objects.get().target_label == "第三条第二款"


@pytest.mark.parametrize("trait", ["closed", "upcoming"])
def test_closed_and_upcoming_consultations_refuse_comments(client, home, trait):
    consultation = ConsultationFactory(**{trait: True})
    response = client.post(url(consultation), form_data(consultation))
    assert response.status_code == 403
    assert ("已结束" if trait == "closed" else "尚未开始") in response.content.decode()
    assert client.get(url(consultation)).status_code == 403
    assert not Comment.objects.exists()


def test_unpublished_consultations_do_not_exist_publicly(client, home):
    draft = ConsultationFactory()
    assert client.get(f"/consultations/{draft.pk}/").status_code == 404
    assert client.post(url(draft), form_data(draft)).status_code == 404


def test_honeypot_and_bad_tokens_are_refused(client, consultation):
    assert client.post(url(consultation), form_data(consultation, website="http://spam")).status_code == 400
    assert client.post(url(consultation), form_data(consultation, **{TOKEN_FIELD: "forged"})).status_code == 400
    fast = issue_form_token(consultation.pk)
    response = client.post(url(consultation), form_data(consultation, **{TOKEN_FIELD: fast}))
    assert response.status_code == 400 and "提交过快" in response.content.decode()
    other = ConsultationFactory(published=True)
    foreign = issue_form_token(other.pk, now=time.time() - 10)
    assert client.post(url(consultation), form_data(consultation, **{TOKEN_FIELD: foreign})).status_code == 400
    old = issue_form_token(consultation.pk, now=time.time() - 3 * 60 * 60)
    response = client.post(url(consultation), form_data(consultation, **{TOKEN_FIELD: old}))
    assert response.status_code == 400 and "超过2小时" in response.content.decode()
    assert not Comment.objects.exists()


def test_rate_limit_per_client(client, consultation, settings):
    settings.GONGKAI_CONSULTATIONS_COMMENTS_PER_HOUR = 2
    assert client.post(url(consultation), form_data(consultation)).status_code == 302
    assert client.post(url(consultation), form_data(consultation, website="bot")).status_code == 400
    response = client.post(url(consultation), form_data(consultation))
    assert response.status_code == 429 and "过于频繁" in response.content.decode()
    assert Comment.objects.count() == 1


def test_detail_shows_the_structure_and_only_consented_visible_comments(client, consultation):
    submit_comment(
        consultation, text="同意公开的意见：第三条应细化。", target_article=3, name="王五", contact="13900000000"
    )
    submit_comment(consultation, text="不同意公开的意见内容。", target_article=3, consent_publish=False)
    hidden = submit_comment(consultation, text="辱骂性内容。", target_article=3)
    Comment.objects.filter(pk=hidden.pk).update(hidden=True, hidden_reason="辱骂")
    body = client.get(f"/consultations/{consultation.pk}/").content.decode()
    assert 'id="a3"' in body and 'id="a3p2"' in body and "第二章 受理" in body
    assert "同意公开的意见：第三条应细化。" in body
    assert "不同意公开的意见内容。" not in body and "辱骂性内容。" not in body
    assert "王五" not in body and "13900000000" not in body
    assert "?target=a3p2" in body  # comment on one paragraph


def test_list_shows_open_before_closed(client, home):
    closed = ConsultationFactory(closed=True, title="已结束的征集")
    open_ = ConsultationFactory(published=True, title="正在征集的草案")
    ConsultationFactory(title="未公开的草案")
    body = client.get("/consultations/").content.decode()
    assert body.index(open_.title) < body.index(closed.title)
    assert "未公开的草案" not in body
