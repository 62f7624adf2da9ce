"""Amending and repealing, the public pages (links both ways, 文件沿革) and the API."""

import datetime

import pytest
from wagtail.models import PageLogEntry

from gongkai.catalog.models import Validity
from gongkai.policies import services
from gongkai.policies.models import HistoryEvent, PolicyRelation, RelationKind, RiskLevel
from gongkai.policies.tests.factories import InterpretationFactory, PolicyFactory, QuestionFactory
from gongkai.policies.tests.helpers import approve_all, fresh

pytestmark = pytest.mark.django_db


def _repealing(columns, depts, old, kind=RelationKind.REPEALS):
    new = PolicyFactory(parent=columns.policies, draft=True, department=depts.dqc, title="关于新规定的通知")
    draft = new.get_latest_revision_as_object()
    draft.relations = [PolicyRelation(kind=kind, target=old, note="自施行之日起")]
    draft.effective_date = datetime.date(2026, 12, 1)
    draft.save_revision()
    return new


def test_publishing_a_repealing_policy_repeals_the_old_one(columns, depts, staff):
    old = PolicyFactory(parent=columns.policies, department=depts.dqc, title="关于旧规定的通知")
    new = _repealing(columns, depts, old)
    assert fresh(old).validity == Validity.VALID  # nothing happens before publication

    approve_all(new, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    old, new = fresh(old), fresh(new)
    assert new.live
    assert old.live and old.validity == Validity.REPEALED and old.superseded_by_id == new.pk
    assert old.history_entries.filter(
        event=HistoryEvent.REPEALED_BY, other=new, date=datetime.date(2026, 12, 1)
    ).exists()
    assert new.history_entries.filter(event=HistoryEvent.REPEALS, other=old).exists()
    assert PageLogEntry.objects.filter(page=old, action="policies.superseded").exists()
    # The change is a revision of the old page, so it shows in its own history as well.
    assert old.live_revision.as_object().validity == Validity.REPEALED


def test_amending_marks_the_old_policy_amended(columns, depts, staff):
    old = PolicyFactory(parent=columns.policies, department=depts.dqc)
    new = _repealing(columns, depts, old, kind=RelationKind.AMENDS)
    fresh(new).get_latest_revision().publish(skip_permission_checks=True)
    assert fresh(old).validity == Validity.AMENDED


def test_repeal_is_undone_when_the_publication_fails(columns, depts, monkeypatch):
    from gongkai.policies.models import PolicyHistoryEntry

    old = PolicyFactory(parent=columns.policies, department=depts.dqc)
    new = _repealing(columns, depts, old)
    original = PolicyHistoryEntry.objects.create

    def failing_create(**kwargs):
        # Fails after the old page has already been given its 已废止 revision.
        if kwargs["event"] == HistoryEvent.REPEALED_BY:
            raise ZeroDivisionError
        return original(**kwargs)

    monkeypatch.setattr(PolicyHistoryEntry.objects, "create", failing_create)
    with pytest.raises(ZeroDivisionError):
        fresh(new).get_latest_revision().publish(skip_permission_checks=True)
    assert not fresh(new).live
    assert fresh(old).validity == Validity.VALID and fresh(old).superseded_by_id is None


@pytest.fixture
def published_pair(columns, depts, staff):
    policy = PolicyFactory(parent=columns.policies, draft=True, normative=True, important=True, department=depts.dqc)
    services.risk_assessment_record(
        policy=policy,
        user=staff.dqc_drafter,
        level=RiskLevel.HIGH,
        concerns="机密关切内容",
        response_plan="机密预案内容",
    )
    text = InterpretationFactory(parent=columns.interpretations, policy=policy, title="一图读懂新规定", form="graphic")
    approve_all(text, staff.dqc_drafter, staff.dqc_reviewer, staff.office)
    from gongkai.policies.tests.helpers import act, submit

    submit(policy, staff.dqc_drafter)
    act(policy, staff.dqc_reviewer, "approve")
    act(policy, staff.office, "approve")
    act(policy, staff.leader, "approve")
    return fresh(policy), fresh(text)


def test_public_pages_link_both_ways_and_hide_the_risk_assessment(client, published_pair):
    policy, interpretation = published_pair
    assert policy.live and interpretation.live
    QuestionFactory(published=True, department=policy.department, question="新规定何时施行？", policies=[policy])
    QuestionFactory(department=policy.department, question="尚未公开的问题", policies=[policy])
    html = client.get(policy.url).content.decode()
    assert interpretation.url in html and "一图读懂新规定" in html and "图解" in html
    assert "新规定何时施行？" in html and "尚未公开的问题" not in html
    assert "机密关切内容" not in html and "机密预案内容" not in html and "舆情" not in html
    html = client.get(interpretation.url).content.decode()
    assert policy.url in html and policy.title in html


def test_api_lists_and_details_policies_with_interpretations(client, published_pair, columns, depts):
    policy, interpretation = published_pair
    PolicyFactory(parent=columns.policies, draft=True, department=depts.dqc, title="未发布的文件")
    data = client.get("/api/v1/policies/").json()
    assert [item["title"] for item in data["items"]] == [policy.title]
    assert data["items"][0]["legal_form"]["name"] == "行政规范性文件"
    assert client.get("/api/v1/policies/?validity=repealed").json()["total"] == 0
    assert client.get("/api/v1/policies/?validity=valid").json()["total"] == 1
    assert client.get("/api/v1/policies/?validity=bogus").status_code == 400
    assert client.get("/api/v1/policies/?published_from=2026-13-01").status_code == 400
    assert client.get("/api/v1/policies/?colour=red").status_code == 400
    future = (policy.published_date + datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/policies/?published_from={future}").json()["total"] == 0
    detail = client.get(f"/api/v1/policies/{policy.pk}/")
    body = detail.content.decode()
    assert detail.status_code == 200
    links = detail.json()["interpretations"]
    assert links[0]["id"] == interpretation.pk and links[0]["form"]["name"] == "图解"
    assert "机密" not in body and "risk" not in body
    assert client.get(f"/api/v1/policies/{interpretation.pk}/").status_code == 404


def test_items_api_and_columns_find_policies(client, published_pair, columns):
    policy, interpretation = published_pair
    ids = {item["id"] for item in client.get("/api/v1/items/").json()["items"]}
    assert {policy.pk, interpretation.pk} <= ids
    assert policy.title in client.get(columns.policies.url).content.decode()


def test_policy_library_filters_by_validity(client, columns, depts):
    PolicyFactory(parent=columns.policies, department=depts.dqc, title="有效的文件", validity=Validity.VALID)
    PolicyFactory(parent=columns.policies, department=depts.dqc, title="废止的文件", validity=Validity.REPEALED)
    html = client.get("/policies/?validity=repealed").content.decode()
    assert "废止的文件" in html and "有效的文件" not in html
    assert client.get("/policies/?validity=<x>").status_code == 200


def test_openapi_describes_the_policy_endpoints():
    from gongkai.api.openapi import build_openapi

    document = build_openapi()
    assert {"/policies/", "/policies/{id}/"} <= set(document["paths"])
    assert "PolicyDetail" in document["components"]["schemas"]


def test_only_the_first_publication_is_coupled(columns, depts):
    from gongkai.catalog.models import LegalForm
    from gongkai.policies.models import PolicyPage
    from gongkai.policies.rules import policy_publication_blockers

    legacy = PolicyFactory(parent=columns.policies, department=depts.dqc)
    PolicyPage.objects.filter(pk=legacy.pk).update(legal_form=LegalForm.NORMATIVE)
    legacy = fresh(legacy)
    assert policy_publication_blockers(legacy) == []
    new = _repealing(columns, depts, legacy)
    fresh(new).get_latest_revision().publish(skip_permission_checks=True)
    assert fresh(legacy).validity == Validity.REPEALED
    draft = PolicyFactory(parent=columns.policies, draft=True, normative=True, department=depts.dqc)
    assert policy_publication_blockers(draft)
