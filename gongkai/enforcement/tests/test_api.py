"""/api/v1/enforcement/decisions/: the same decisions and the same public fields as the pages, as JSON."""

import datetime
from decimal import Decimal

import pytest

from gongkai.api import openapi
from gongkai.api.tests.schema_check import check
from gongkai.calendar.services import current_date
from gongkai.enforcement import selectors
from gongkai.enforcement.models import Decision, Kind, PartyCategory, Withdrawal, WithdrawalReason
from gongkai.enforcement.tests.factories import USCC, DecisionFactory
from gongkai.enforcement.tests.test_public import (
    MASKED_ID,
    MASKED_PHONE,
    PUBLIC_FULL,
    RAW_ID,
    RAW_PHONE,
    person_decision,  # noqa: F401  (fixture)
)
from gongkai.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/enforcement/decisions/"
DOCUMENT = openapi.build_openapi()


def days_ago(n: int) -> datetime.date:
    return current_date() - datetime.timedelta(days=n)


def schema(path: str, status: str) -> dict:
    return DOCUMENT["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]


def numbers(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["decision_number"] for item in response.json()["items"]]


def test_list_matches_the_schema_and_is_newest_first(client, home):
    old = DecisionFactory(published=True, decision_date=days_ago(30))
    new = DecisionFactory(published=True, decision_date=days_ago(2))
    DecisionFactory(live=False)  # draft
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    check(body, schema("/enforcement/decisions/", "200"), DOCUMENT)
    assert body["total"] == 2 and body["page"] == 1 and body["page_size"] == 20 and body["num_pages"] == 1
    assert [item["id"] for item in body["items"]] == [new.pk, old.pk]
    item = body["items"][0]
    assert item["url"] == f"http://testserver/enforcement/decisions/{new.pk}/"
    assert item["kind"] == {"code": "penalty", "name": "行政处罚"}
    assert item["party_category"] == {"code": "organisation", "name": "法人及非法人组织"}
    assert item["public_until"] == new.public_until.isoformat()


def test_query_and_filters_are_those_of_the_page(client, home):
    air = DepartmentFactory(code="dqc", name="大气处")
    company = DecisionFactory(published=True, department=air, decision_date=days_ago(20))
    other = DecisionFactory(
        published=True,
        party_name="遵义某某水泥有限公司",
        party_uscc="91520300MA6HX8JT4Q",
        decision_number="黔环罚字〔2026〕99号",
        decision_date=days_ago(4),
    )
    licence = DecisionFactory(
        published=True,
        kind=Kind.LICENSE,
        license_category="普通",
        penalty_types=[],
        fine_amount=None,
        party_name="某某电厂",
        party_uscc="91520100MA6DLPXN9L",
        decision_date=days_ago(8),
    )
    assert numbers(client.get(LIST, {"q": "水泥"})) == [other.decision_number]
    assert numbers(client.get(LIST, {"q": USCC})) == [company.decision_number]
    assert numbers(client.get(LIST, {"q": "黔环罚字〔2026〕99号"})) == [other.decision_number]
    assert numbers(client.get(LIST, {"kind": "license"})) == [licence.decision_number]
    assert numbers(client.get(LIST, {"department": "dqc"})) == [company.decision_number]
    assert numbers(client.get(LIST, {"department": str(air.pk)})) == [company.decision_number]
    assert numbers(client.get(LIST, {"date_from": days_ago(10).isoformat(), "date_to": days_ago(5).isoformat()})) == [
        licence.decision_number
    ]


def test_paging(client, home):
    decisions = [DecisionFactory(published=True, decision_date=days_ago(n + 1)) for n in range(5)]
    first = client.get(LIST, {"page_size": "2"}).json()
    assert first["total"] == 5 and first["num_pages"] == 3 and first["total_capped"] is False
    assert [i["id"] for i in first["items"]] == [d.pk for d in decisions[:2]]
    last = client.get(LIST, {"page_size": "2", "page": "3"}).json()
    assert [i["id"] for i in last["items"]] == [decisions[4].pk]
    assert client.get(LIST, {"page_size": "100"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "parameter", "code"),
    [
        ({"kind": "fine"}, "kind", "unknown_value"),
        ({"department": "nosuch"}, "department", "unknown_value"),
        ({"department": "9" * 30}, "department", "unknown_value"),
        ({"date_from": "2026-13-01"}, "date_from", "invalid_parameter"),
        ({"date_to": "yesterday"}, "date_to", "invalid_parameter"),
        ({"date_from": "2026-06-01", "date_to": "2026-01-01"}, "date_to", "invalid_parameter"),
        ({"q": "化" * 101}, "q", "invalid_parameter"),
        ({"page": "abc"}, "page", "invalid_parameter"),
        ({"page": "0"}, "page", "invalid_parameter"),
        ({"page": "2"}, "page", "invalid_parameter"),
        ({"page": "9" * 30}, "page", "invalid_parameter"),
        ({"page_size": "101"}, "page_size", "invalid_parameter"),
        ({"page_size": "-1"}, "page_size", "invalid_parameter"),
        ({"limit": "5"}, "limit", "unknown_parameter"),
        ({"q": "a\x00b"}, "q", "invalid_parameter"),
    ],
)
def test_bad_parameters_are_400_in_chinese(client, home, params, parameter, code):
    DecisionFactory(published=True)
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    check(body, schema("/enforcement/decisions/", "400"), DOCUMENT)
    assert body["error"]["code"] == code
    assert body["error"]["parameter"] == parameter
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["error"]["message"])


def test_detail_has_the_public_fields_only(client, agency, person_decision):  # noqa: F811
    response = client.get(f"{LIST}{person_decision.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert RAW_ID not in text and RAW_PHONE not in text
    assert MASKED_ID in text and MASKED_PHONE in text
    body = response.json()
    check(body, schema("/enforcement/decisions/{id}/", "200"), DOCUMENT)
    assert body["public_full_text"] == PUBLIC_FULL
    assert body["party_category"]["code"] == PartyCategory.PERSON
    assert body["party_uscc"] == "" and body["legal_representative"] == ""
    assert body["fine_amount"] == "0.5"
    assert body["authority"] == {"name": agency.name, "uscc": agency.uscc}
    # No key for the raw fields or the identity document, whatever their names.
    for raw_key in ("facts", "content", "basis", "remarks", "full_text", "party_id_number", "party_id_type"):
        assert raw_key not in body


def test_list_never_carries_the_texts(client, person_decision):  # noqa: F811
    text = client.get(LIST).content.decode()
    assert RAW_ID not in text and RAW_PHONE not in text and MASKED_ID not in text


def test_detail_amounts_are_trimmed_decimal_strings(client, home):
    decision = DecisionFactory(published=True, fine_amount=Decimal("20.000000"), confiscation_amount=Decimal("1.25"))
    body = client.get(f"{LIST}{decision.pk}/").json()
    assert body["fine_amount"] == "20" and body["confiscation_amount"] == "1.25"
    assert body["legal_representative"] == "李某" and body["party_uscc"] == USCC
    assert body["penalty_types"] == ["罚款"]


def test_withdrawn_detail_is_410_with_the_statement(client, home):
    decision = DecisionFactory(published=True, decision_number="黔环罚字〔2026〕31号")
    Withdrawal.objects.create(
        decision=decision,
        reason=WithdrawalReason.CONFIRMED_ILLEGAL,
        event_date=days_ago(3),
        statement="人民法院判决确认该处罚决定违法，现予撤下。",
        withdrawn_on=days_ago(2),
    )
    Decision.objects.filter(pk=decision.pk).update(live=False)
    response = client.get(f"{LIST}{decision.pk}/")
    assert response.status_code == 410
    body = response.json()
    check(body, schema("/enforcement/decisions/{id}/", "410"), DOCUMENT)
    assert body["error"]["code"] == "withdrawn"
    assert "确认违法" in body["error"]["message"]
    assert body["withdrawal"] == {
        "decision_number": "黔环罚字〔2026〕31号",
        "document_title": "行政处罚决定书",
        "reason": {"code": "confirmed_illegal", "name": "确认违法"},
        "statement": "人民法院判决确认该处罚决定违法，现予撤下。",
        "withdrawn_on": days_ago(2).isoformat(),
    }
    assert decision.public_facts not in response.content.decode()


def test_ended_after_credit_repair_is_410_without_the_decision(client, home):
    decision = DecisionFactory(published=True)
    Decision.objects.filter(pk=decision.pk).update(live=False, removed_early_on=days_ago(1))
    response = client.get(f"{LIST}{decision.pk}/")
    assert response.status_code == 410
    body = response.json()
    check(body, schema("/enforcement/decisions/{id}/", "410"), DOCUMENT)
    assert body == {
        "error": {"code": "publication_ended", "message": "该执法决定信用修复后已停止公示。"},
        "withdrawal": None,
        "publication_ended_on": days_ago(1).isoformat(),
    }


def test_draft_expired_and_missing_details_are_404(client, home):
    draft = DecisionFactory(masked=True, live=False)
    expired = DecisionFactory(published=True)
    Decision.objects.filter(pk=expired.pk).update(public_until=days_ago(1))
    for pk in (draft.pk, expired.pk, 999999):
        response = client.get(f"{LIST}{pk}/")
        assert response.status_code == 404, pk
        check(response.json(), schema("/enforcement/decisions/{id}/", "404"), DOCUMENT)
    assert client.get(f"{LIST}{draft.pk}/?x=1").status_code == 400
    assert client.post(LIST).status_code == 405


def test_expired_and_withdrawn_are_not_listed(client, home):
    shown = DecisionFactory(published=True)
    expired = DecisionFactory(published=True)
    Decision.objects.filter(pk=expired.pk).update(public_until=days_ago(1))
    withdrawn = DecisionFactory(published=True)
    Withdrawal.objects.create(
        decision=withdrawn,
        reason=WithdrawalReason.CHANGED,
        event_date=days_ago(2),
        statement="s",
        withdrawn_on=days_ago(1),
    )
    assert numbers(client.get(LIST)) == [shown.decision_number]


def test_every_documented_list_parameter_is_accepted():
    from gongkai.enforcement.api import LIST_PARAMETERS

    names = [p["name"] for p in DOCUMENT["paths"]["/enforcement/decisions/"]["get"]["parameters"]]
    assert sorted(names) == sorted(LIST_PARAMETERS)


def test_a_capped_total_says_so(client, home, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    for n in range(5):
        DecisionFactory(published=True, decision_date=days_ago(n + 1))
    body = client.get(LIST, {"page_size": "2"}).json()
    check(body, schema("/enforcement/decisions/", "200"), DOCUMENT)
    assert body["total"] == 3 and body["total_capped"] is True and body["num_pages"] == 2
