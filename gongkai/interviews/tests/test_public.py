"""The public pages: archive, event page, question form with its abuse protection, the poll."""

import re
import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from gongkai.interviews import services
from gongkai.interviews.forms_public import issue_form_token
from gongkai.interviews.models import Kind, Question, QuestionStatus
from gongkai.interviews.tests.factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(home, dqc):
    return EventFactory(department=dqc, upcoming=True, title="在线访谈：大气污染防治答网友问")


def _post(client, event, *, age: float = 10, **data):
    payload = {
        "text": "请问今年冬季重污染天气应急预案有什么变化？",
        "asker_name": "王某某",
        "asker_contact": "13900000001",
        "website": "",
        "form_token": issue_form_token(event_id=event.pk, now=time.time() - age),
    }
    payload.update(data)
    return client.post(reverse("interviews_public:event", args=[event.pk]), payload)


# ---------- pages ----------


def test_archive_lists_current_and_past_with_filters(client, home, dqc):
    upcoming = EventFactory(department=dqc, upcoming=True, title="预告中的访谈")
    live = EventFactory(department=dqc, live_now=True, title="正在直播的访谈")
    past = EventFactory(department=dqc, past=True, kind=Kind.PRESS_CONFERENCE, title="往期发布会")
    EventFactory(department=dqc, title="未发布的草稿")
    html = client.get(reverse("interviews_public:index")).content.decode()
    html = html[html.index("<h1") :]
    assert all(e.title in html for e in (upcoming, live, past))
    assert "未发布的草稿" not in html
    assert (
        html.index("直播与预告") < html.index("正在直播的访谈") < html.index('id="iv-past"') < html.index("往期发布会")
    )
    filtered = client.get(reverse("interviews_public:index"), {"kind": Kind.PRESS_CONFERENCE}).content.decode()
    assert "往期发布会" in filtered and "预告中的访谈" not in filtered
    year = past.starts_at.year
    other_year = client.get(reverse("interviews_public:index"), {"year": year - 5}).content.decode()
    assert "往期发布会" not in other_year
    bad = client.get(reverse("interviews_public:index"), {"year": "abc", "kind": "x"})
    assert bad.status_code == 200 and "年份格式不正确" in bad.content.decode()


def test_archive_paginates_past_events_keeping_filters(client, home, dqc):
    for n in range(12):
        EventFactory(department=dqc, past=True, kind=Kind.PRESS_CONFERENCE, title=f"第{n}场发布会")
    page_one = client.get(reverse("interviews_public:index"), {"kind": Kind.PRESS_CONFERENCE}).content.decode()
    assert "第1/2页" in page_one.replace(" ", "")
    assert "kind=press_conference&amp;page=2" in page_one
    page_two = client.get(reverse("interviews_public:index"), {"kind": Kind.PRESS_CONFERENCE, "page": 2})
    assert page_two.status_code == 200 and page_two.content.decode().count('class="iv-row"') == 2


def test_drafts_are_not_public(client, home, dqc):
    draft = EventFactory(department=dqc)
    assert client.get(reverse("interviews_public:event", args=[draft.pk])).status_code == 404
    assert client.get(reverse("interviews_public:transcript", args=[draft.pk])).status_code == 404


def test_event_page_has_no_inline_script_or_style(client, event):
    response = client.get(reverse("interviews_public:event", args=[event.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    assert "interviews/live.js" in html and "data-iv-transcript" in html
    assert "刷新文字实录" in html  # the no-JS fallback


def test_event_page_shows_approved_questions_only_and_never_the_asker(client, event):
    QuestionFactory(event=event, approved=True, text="公开的问题：监测点位在哪里？", asker_name="赵某某")
    QuestionFactory(event=event, text="待审核的问题内容", asker_contact="13811112222")
    QuestionFactory(event=event, rejected=True, text="不予公开的问题内容")
    html = client.get(reverse("interviews_public:event", args=[event.pk])).content.decode()
    assert "公开的问题：监测点位在哪里？" in html
    assert "待审核的问题内容" not in html and "不予公开的问题内容" not in html
    assert "赵某某" not in html and "13811112222" not in html and "13900000001" not in html


def test_past_event_keeps_transcript_and_answers_without_the_form(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="我们将每月公布监测数据。")
    question = QuestionFactory(event=event, approved=True)
    services.question_mark_answered(question=question, user=host, entry=entry)
    services.event_end(event=event, user=host)
    html = client.get(reverse("interviews_public:event", args=[event.pk])).content.decode()
    assert "我们将每月公布监测数据。" in html and "已答复" in html and f"#entry-{entry.pk}" in html
    assert "我要提问" not in html and "live.js" not in html and "已结束" in html


# ---------- the question form ----------


def test_a_question_is_stored_pending_and_thanked_once(client, event):
    response = _post(client, event)
    assert response.status_code == 302
    question = Question.objects.get(event=event)
    assert question.status == QuestionStatus.PENDING and question.asker_contact == "13900000001"
    html = client.get(response["Location"]).content.decode()
    assert "您的问题已提交" in html and "请问今年冬季" not in html
    assert "您的问题已提交" not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "请填写您的问题。"),
        ({"text": "短"}, "请填写您的问题（至少5个字）。"),
        ({"text": "长" * 501}, "问题最多500个字。"),
        ({"asker_name": "名" * 51}, "称呼最多50个字。"),
    ],
)
def test_bad_questions_get_chinese_messages_and_a_400(client, event, data, message):
    response = _post(client, event, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_the_form_keeps_what_was_typed_and_is_not_cached(client, event):
    response = _post(client, event, text="短", asker_contact="13700000000")
    assert response.status_code == 400 and "13700000000" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("data", "age", "message"),
    [
        ({"website": "http://spam.example"}, 10, "提交未通过校验"),
        ({"form_token": "forged"}, 10, "表单已失效"),
        ({}, 0, "提交过快"),
        ({}, 5 * 60 * 60, "页面打开时间过长"),
    ],
)
def test_abuse_protection_refuses_without_storing(client, event, data, age, message):
    response = _post(client, event, age=age, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Question.objects.exists()


def test_a_token_for_another_event_is_refused(client, event, dqc):
    other = EventFactory(department=dqc, upcoming=True)
    token = issue_form_token(event_id=other.pk, now=time.time() - 10)
    response = _post(client, event, form_token=token)
    assert response.status_code == 400 and not Question.objects.exists()


def test_rate_limit_per_client(client, event, settings):
    settings.GONGKAI_INTERVIEWS_QUESTIONS_PER_HOUR = 2
    assert _post(client, event).status_code == 302
    assert _post(client, event, website="bot").status_code == 400  # scripted attempts count too
    response = _post(client, event)
    assert response.status_code == 429 and "次数过多" in response.content.decode()
    assert Question.objects.count() == 1


def test_typos_do_not_count_against_the_limit(client, event, settings):
    settings.GONGKAI_INTERVIEWS_QUESTIONS_PER_HOUR = 1
    for _ in range(3):
        assert _post(client, event, text="短").status_code == 400
    assert _post(client, event).status_code == 302


def test_no_questions_after_the_end(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    services.event_end(event=event, user=host)
    response = _post(client, event)
    assert response.status_code == 400 and "停止征集提问" in response.content.decode()
    assert not Question.objects.exists()


# ---------- the transcript poll ----------


def _poll(client, event, after=None, **headers):
    params = {} if after is None else {"after": after}
    return client.get(reverse("interviews_public:transcript", args=[event.pk]), params, **headers)


def test_poll_returns_changes_after_a_version(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    first = services.entry_add(event=event, user=host, speaker="主持人", text="欢迎。")
    second = services.entry_add(event=event, user=host, speaker="张某某", text="谢谢。")
    data = _poll(client, event).json()
    assert data["version"] == 2 and [e["id"] for e in data["entries"]] == [first.pk, second.pk]
    assert data["state"] == {"code": "live", "name": "直播中"}
    assert _poll(client, event, after=2).json()["entries"] == []
    services.entry_edit(entry=first, user=host, speaker="主持人", text="欢迎各位网友。")
    data = _poll(client, event, after=2).json()
    assert data["version"] == 3
    assert data["entries"] == [
        {
            "id": first.pk,
            "retracted": False,
            "speaker": "主持人",
            "text": "欢迎各位网友。",
            "time": data["entries"][0]["time"],
            "edited": True,
            "image": None,
        }
    ]


def test_poll_shows_a_retraction_without_its_text(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    entry = services.entry_add(event=event, user=host, speaker="张某某", text="不该说的话。")
    services.entry_retract(entry=entry, user=host, reason="发言人要求撤回")
    response = _poll(client, event, after=1)
    body = response.content.decode()
    assert response.json()["entries"] == [
        {"id": entry.pk, "retracted": True, "speaker": "", "text": "", "time": "", "edited": False, "image": None}
    ]
    assert "不该说的话" not in body and "发言人要求撤回" not in body and "dqc_editor" not in body
    page = client.get(reverse("interviews_public:event", args=[event.pk])).content.decode()
    assert "不该说的话" not in page and "本段实录已撤回" in page


def test_poll_etag_and_304(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    services.entry_add(event=event, user=host, speaker="主持人", text="欢迎。")
    response = _poll(client, event, after=0)
    etag = response["ETag"]
    assert response["Cache-Control"].startswith("public, max-age=")
    assert "Set-Cookie" not in response  # one shared answer for every viewer, no session of its own
    again = _poll(client, event, after=0, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    services.entry_add(event=event, user=host, speaker="主持人", text="第二段。")
    changed = _poll(client, event, after=0, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and len(changed.json()["entries"]) == 2


def test_an_unchanged_poll_asks_the_database_nothing(client, dqc, host, django_assert_num_queries):
    event = EventFactory(department=dqc, live_now=True)
    services.entry_add(event=event, user=host, speaker="主持人", text="欢迎。")
    etag = _poll(client, event, after=1)["ETag"]
    with django_assert_num_queries(0):
        assert _poll(client, event, after=1, HTTP_IF_NONE_MATCH=etag).status_code == 304
    cache.clear()
    with django_assert_num_queries(1):  # the version, by primary key
        assert _poll(client, event, after=1).status_code == 200


@pytest.mark.parametrize("after", ["-1", "abc", "1e3", "9999999999"])
def test_poll_bad_cursor_is_a_400(client, dqc, after):
    event = EventFactory(department=dqc, live_now=True)
    response = _poll(client, event, after=after)
    assert response.status_code == 400 and "after" in response.json()["error"]["message"]


def test_media_and_images_are_served_only_for_published_events(client, dqc, host):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.interviews.tests.test_services import MP3, PNG

    event = EventFactory(department=dqc, live_now=True)
    media = services.media_add(event=event, user=host, title="录音", summary="", file=SimpleUploadedFile("a.mp3", MP3))
    entry = services.entry_add(
        event=event, user=host, speaker="主持人", text="图", image=SimpleUploadedFile("p.png", PNG)
    )
    response = client.get(reverse("interviews_public:media", args=[event.pk, media.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    image = client.get(reverse("interviews_public:entry_image", args=[event.pk, entry.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    services.entry_retract(entry=entry, user=host, reason="图片有误")
    assert client.get(reverse("interviews_public:entry_image", args=[event.pk, entry.pk])).status_code == 404
    draft = EventFactory(department=dqc)
    assert client.get(reverse("interviews_public:media", args=[draft.pk, media.pk])).status_code == 404
