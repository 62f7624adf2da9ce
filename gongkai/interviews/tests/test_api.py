"""/api/v1/interviews/: published events, guests, transcript, approved questions — nothing hidden."""

import pytest
from django.urls import reverse

from gongkai.interviews import services
from gongkai.interviews.tests.factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def test_list_filters_and_hides_drafts(client, dqc):
    live = EventFactory(department=dqc, live_now=True, title="直播中的访谈")
    EventFactory(department=dqc, past=True, kind="press_conference", title="往期发布会")
    EventFactory(department=dqc, title="草稿")
    data = client.get(reverse("api:interviews_event_list")).json()
    assert data["total"] == 2 and "草稿" not in str(data)
    live_only = client.get(reverse("api:interviews_event_list"), {"state": "live"}).json()
    assert [item["id"] for item in live_only["items"]] == [live.pk]
    assert live_only["items"][0]["state"] == {"code": "live", "name": "直播中"}
    conferences = client.get(reverse("api:interviews_event_list"), {"kind": "press_conference"}).json()
    assert [item["title"] for item in conferences["items"]] == ["往期发布会"]


@pytest.mark.parametrize(
    ("params", "code"),
    [({"kind": "x"}, "unknown_value"), ({"year": "19"}, "invalid_parameter"), ({"foo": "1"}, "unknown_parameter")],
)
def test_list_bad_parameters(client, params, code):
    response = client.get(reverse("api:interviews_event_list"), params)
    assert response.status_code == 400 and response.json()["error"]["code"] == code


def test_detail_has_guests_and_transcript_but_nothing_private(client, dqc, host):
    event = EventFactory(department=dqc, live_now=True)
    kept = services.entry_add(event=event, user=host, speaker="张某某", text="公开的答复。")
    gone = services.entry_add(event=event, user=host, speaker="张某某", text="撤回的话。")
    services.entry_retract(entry=gone, user=host, reason="发言人要求撤回")
    QuestionFactory(event=event, approved=True, text="公开的提问？", asker_name="赵某某")
    QuestionFactory(event=event, text="待审的提问？")
    response = client.get(reverse("api:interviews_event_detail", args=[event.pk]))
    data = response.json()
    body = response.content.decode()
    assert data["guests"] == [{"name": "张某某", "title": "副厅长", "organisation": "省生态环境厅"}]
    assert [e["id"] for e in data["transcript"]] == [kept.pk, gone.pk]
    assert data["transcript"][1]["retracted"] is True and data["transcript"][1]["text"] == ""
    assert [q["text"] for q in data["questions"]] == ["公开的提问？"]
    for hidden in ("撤回的话", "发言人要求撤回", "赵某某", "13900000001", "待审的提问", "dqc_editor"):
        assert hidden not in body


def test_detail_of_a_draft_is_404(client, dqc):
    draft = EventFactory(department=dqc)
    response = client.get(reverse("api:interviews_event_detail", args=[draft.pk]))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_documented_in_openapi():
    from gongkai.api.openapi import build_openapi

    document = build_openapi()
    assert {"/interviews/", "/interviews/{id}/"} <= set(document["paths"])
    detail = document["components"]["schemas"]["InterviewEventDetail"]
    assert {"guests", "transcript", "questions", "media"} <= set(detail["required"])
