"""/api/v1/complaints/: published results only, masked, and never the reporter."""

import json

import pytest

from gongkai.complaints.tests.factories import REPORTER_NAME, REPORTER_PHONE, ComplaintFactory, ResultFactory

pytestmark = pytest.mark.django_db


def get(client, path):
    response = client.get(f"/api/v1/complaints/{path}")
    return response, json.loads(response.content)


def test_list_and_detail_of_published_results_without_personal_data(client):
    result = ResultFactory(published=True)
    ResultFactory(complaint=ComplaintFactory(closed=True, number="JB2026-55555"))  # a draft
    response, body = get(client, "")
    assert response.status_code == 200
    assert body["total"] == 1
    item = body["items"][0]
    assert item["county"] == {"code": "520111", "name": "花溪区"}
    assert item["category"]["name"] == "大气" and item["department"]["name"] == "环评处"
    response, detail = get(client, f"{result.pk}/")
    assert response.status_code == 200
    assert detail["findings"] == result.public_findings
    raw = json.dumps([body, detail], ensure_ascii=False)
    assert REPORTER_NAME not in raw and REPORTER_PHONE not in raw and result.complaint.address not in raw


def test_unpublished_is_404_and_bad_parameters_are_400(client):
    draft = ResultFactory()
    response, body = get(client, f"{draft.pk}/")
    assert response.status_code == 404 and body["error"]["code"] == "not_found"
    assert get(client, "?category=fire")[0].status_code == 400
    assert get(client, "?prefecture=110000")[0].status_code == 400
    assert get(client, "?foo=1")[1]["error"]["code"] == "unknown_parameter"
    assert get(client, "?page=0")[0].status_code == 400


def test_filters(client):
    ResultFactory(published=True)
    ResultFactory(published=True, complaint=ComplaintFactory(closed=True, number="JB2026-44444", category="noise"))
    assert get(client, "?category=noise")[1]["total"] == 1
    assert get(client, "?prefecture=520100")[1]["total"] == 2
    assert get(client, "?prefecture=520300")[1]["total"] == 0
