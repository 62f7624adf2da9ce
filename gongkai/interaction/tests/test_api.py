"""The read-only API of the public Q&A: the same data as the pages, never the writer's."""

import pytest

from gongkai.interaction.openapi import PATHS, SCHEMAS
from gongkai.interaction.tests.factories import MessageFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/interaction/messages/"


def test_list_and_detail_show_public_data_only(client, depts):
    shown = MessageFactory(answered=True, public=True, department=depts.dqc)
    MessageFactory(answered=True, department=depts.dqc)
    MessageFactory(public=True)
    data = client.get(LIST).json()
    assert data["total"] == 1
    item = data["items"][0]
    assert set(item) == set(SCHEMAS["InteractionMessageSummary"]["properties"])
    assert item["department"] == {"code": "dqc", "name": "大气处"} and item["replied_at"]
    detail = client.get(f"{LIST}{shown.pk}/")
    assert detail.status_code == 200
    body = detail.json()
    assert set(body) == set(SCHEMAS["InteractionMessage"]["properties"])
    assert body["reply"] == shown.reply.text
    text = detail.content.decode()
    assert "张三" not in text and "13985012345" not in text and "zhangsan" not in text


def test_errors_are_chinese_json(client, depts):
    private = MessageFactory(answered=True, department=depts.dqc)
    assert client.get(f"{LIST}{private.pk}/").status_code == 404
    assert client.get(LIST, {"kind": "complaint"}).json()["error"]["code"] == "unknown_value"
    assert client.get(LIST, {"department": "nope"}).status_code == 400
    assert client.get(LIST, {"page": "0"}).status_code == 400
    assert client.get(LIST, {"colour": "red"}).json()["error"]["code"] == "unknown_parameter"
    assert client.post(LIST).status_code == 405


def test_filters(client, depts):
    MessageFactory(answered=True, public=True, department=depts.dqc, kind="suggestion")
    MessageFactory(answered=True, public=True, department=depts.hpc, kind="consultation")
    assert client.get(LIST, {"kind": "suggestion"}).json()["total"] == 1
    assert client.get(LIST, {"department": "hpc"}).json()["items"][0]["department"]["code"] == "hpc"


def test_the_paths_are_described_in_the_served_document():
    from gongkai.api.openapi import build_openapi

    document = build_openapi()
    assert set(PATHS) == {"/interaction/messages/", "/interaction/messages/{id}/"}
    assert set(PATHS) <= set(document["paths"]) and "InteractionMessage" in document["components"]["schemas"]
