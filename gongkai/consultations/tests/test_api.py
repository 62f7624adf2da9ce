"""/api/v1/consultations/: list and detail with participation and the report, never personal data."""

import json

import pytest

from gongkai.consultations import selectors, services
from gongkai.consultations.models import AdoptionReport, Decision, Meeting
from gongkai.consultations.tests.factories import COMMENT_SET, ConsultationFactory, closed_with_comments
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    return response.status_code, json.loads(response.content)


def test_list_and_filter(client):
    open_ = ConsultationFactory(published=True)
    closed = ConsultationFactory(closed=True)
    ConsultationFactory()  # unpublished
    status, data = get(client, "/api/v1/consultations/")
    assert status == 200 and data["total"] == 2
    assert [i["id"] for i in data["items"]] == [open_.pk, closed.pk]
    assert data["items"][0]["state"] == {"code": "open", "name": "征集中"}
    status, data = get(client, "/api/v1/consultations/?state=closed")
    assert [i["id"] for i in data["items"]] == [closed.pk]
    assert get(client, "/api/v1/consultations/?state=bad")[0] == 400
    assert get(client, "/api/v1/consultations/?x=1")[0] == 400


def test_detail_with_report_and_no_personal_data(client):
    hpc = DepartmentFactory(name="环评处", code="hpc")
    editor = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc)
    consultation = closed_with_comments(ConsultationFactory(published=True, department=hpc), COMMENT_SET)
    status, data = get(client, f"/api/v1/consultations/{consultation.pk}/")
    assert status == 200 and data["report"] is None and data["report_published"] is False
    assert data["participation"]["lawyers"] == 1 and data["participation"]["individual"] == 1
    assert data["structure"][2]["label"] == "第三条" and len(data["structure"][2]["paragraphs"]) == 2

    report = services.report_start(consultation=consultation, user=editor)
    Meeting.objects.create(
        report=report,
        held_on="2026-11-20",
        place="省生态环境厅会议室",
        enterprises=6,
        chambers=2,
        summary="听取企业意见。",
    )
    for group in selectors.groups_to_decide(consultation):
        services.group_decide(group=group, user=editor, decision=Decision.ADOPTED, reason="")
    AdoptionReport.objects.get(pk=report.pk).save_revision(user=editor).publish(
        user=editor, skip_permission_checks=True
    )
    status, data = get(client, f"/api/v1/consultations/{consultation.pk}/")
    assert data["state"]["code"] == "reported" and data["report_published"]
    assert len(data["report"]["entries"]) == 4
    assert data["report"]["meetings"][0]["participants"]["enterprise"] == 6
    raw = json.dumps(data, ensure_ascii=False)
    assert "张三" not in raw and "13800000000" not in raw


def test_unpublished_is_404(client):
    draft = ConsultationFactory()
    status, data = get(client, f"/api/v1/consultations/{draft.pk}/")
    assert status == 404 and data["error"]["code"] == "not_found"


def test_answers_match_the_openapi_description(client):
    from gongkai.api.openapi import build_openapi
    from gongkai.api.tests.schema_check import check

    document = build_openapi()

    def schema(path: str, status: str = "200") -> dict:
        return document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]

    hpc = DepartmentFactory(name="环评处", code="hpc")
    editor = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc)
    consultation = closed_with_comments(ConsultationFactory(published=True, department=hpc), COMMENT_SET)
    plan = ConsultationFactory(published=True, department=hpc, kind="planning", draft_text="一、目标。\n二、任务。")
    check(get(client, f"/api/v1/consultations/{plan.pk}/")[1], schema("/consultations/{id}/"), document)
    report = services.report_start(consultation=consultation, user=editor)
    Meeting.objects.create(report=report, held_on="2026-11-20", place="会议室", summary="座谈。")
    for group in selectors.groups_to_decide(consultation):
        services.group_decide(group=group, user=editor, decision=Decision.NOT_ADOPTED, reason="理由充分。")
    AdoptionReport.objects.get(pk=report.pk).save_revision(user=editor).publish(
        user=editor, skip_permission_checks=True
    )
    check(get(client, "/api/v1/consultations/")[1], schema("/consultations/"), document)
    check(get(client, f"/api/v1/consultations/{consultation.pk}/")[1], schema("/consultations/{id}/"), document)
    check(get(client, "/api/v1/consultations/999999/")[1], schema("/consultations/{id}/", "404"), document)
