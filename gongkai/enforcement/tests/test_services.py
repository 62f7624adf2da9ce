"""Masking, its review, withdrawal, early removal, what the public sees, and the annual-report counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import ModelLogEntry

from gongkai.calendar.services import current_date
from gongkai.enforcement import rules, selectors, services
from gongkai.enforcement.models import Decision, Kind, WithdrawalReason
from gongkai.enforcement.tests.factories import DecisionFactory
from gongkai.foi.report import tables
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ID_NUMBER = "520102199001010018"
PHONE = "13912345678"


@pytest.fixture
def zfc():
    return DepartmentFactory(name="执法处", code="zfc")


@pytest.fixture
def drafter(zfc):
    return UserFactory(username="zfc_editor", role=Role.DRAFTER, department=zfc)


@pytest.fixture
def office():
    return UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=DepartmentFactory(code="bgs"))


def test_masking_makes_the_public_copy_and_needs_a_persons_check(drafter, zfc):
    decision = DecisionFactory(
        department=zfc,
        full_text=f"委托代理人张某某，身份证号码{ID_NUMBER}，联系电话{PHONE}。经查，你单位超标排放。",
    )
    services.decision_mask(decision=decision, user=drafter)
    decision = Decision.objects.get(pk=decision.pk)
    assert ID_NUMBER not in decision.public_full_text and PHONE not in decision.public_full_text
    assert "经查，你单位超标排放" in decision.public_full_text
    assert decision.full_text.count(ID_NUMBER) == 1  # the raw text is kept as it was
    assert "脱敏文本尚未经工作人员核对" in decision.publication_blockers()
    services.decision_confirm_masking(decision=decision, user=drafter)
    decision = Decision.objects.get(pk=decision.pk)
    assert decision.masking_reviewed_by == drafter
    assert decision.publication_blockers() == []
    # The workflow publishes the latest revision: it must carry the masked copy.
    latest = decision.get_latest_revision_as_object()
    assert latest.public_full_text == decision.public_full_text and latest.masking_reviewed_at is not None


def test_a_public_copy_that_still_holds_personal_data_cannot_be_confirmed(drafter, zfc):
    decision = DecisionFactory(department=zfc, public_facts=f"当事人身份证号码{ID_NUMBER}。")
    with pytest.raises(ValidationError, match="仍有个人信息"):
        services.decision_confirm_masking(decision=decision, user=drafter)


def test_other_departments_cannot_mask(zfc):
    outsider = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=DepartmentFactory(code="hpc"))
    with pytest.raises(PermissionDenied):
        services.decision_mask(decision=DecisionFactory(department=zfc), user=outsider)


def test_minor_party_and_minor_violation_are_never_published(zfc):
    minor = DecisionFactory(department=zfc, masked=True, person=True, party_is_minor=True)
    assert "当事人为未成年人，决定不予公开" in minor.publication_blockers()
    slight = DecisionFactory(department=zfc, masked=True, seriousness="minor", decision_date=datetime.date(2026, 5, 6))
    assert any("轻微失信" in b for b in slight.publication_blockers())


def test_withdrawal_takes_the_decision_down_with_its_reason_and_flags_lateness(office, zfc, drafter):
    today = current_date()
    decision = DecisionFactory(department=zfc, published=True, decision_date=today - datetime.timedelta(days=40))
    assert list(selectors.public_decisions(today)) == [decision]
    with pytest.raises(PermissionDenied):
        services.decision_withdraw(
            decision=decision, user=drafter, reason=WithdrawalReason.REVOKED, event_date=today, statement="复议撤销"
        )
    event = today - datetime.timedelta(days=20)
    withdrawal = services.decision_withdraw(
        decision=decision,
        user=office,
        reason=WithdrawalReason.REVOKED,
        event_date=event,
        statement="该处罚决定已被行政复议机关撤销。",
    )
    decision = Decision.objects.get(pk=decision.pk)
    assert not decision.live and withdrawal.withdrawn_on == today
    assert list(selectors.public_decisions(today)) == []
    assert selectors.withdrawal_late(decision) is True  # 20 calendar days after the event is past 3 working days
    entry = ModelLogEntry.objects.for_instance(decision).get(action="enforcement.withdraw")
    assert entry.data["late"] is True
    with pytest.raises(ValidationError):
        services.decision_withdraw(
            decision=decision, user=office, reason=WithdrawalReason.REVOKED, event_date=event, statement="再次撤下"
        )


def test_withdrawal_on_time_is_not_late(office, zfc):
    today = current_date()
    decision = DecisionFactory(department=zfc, published=True)
    services.decision_withdraw(
        decision=decision, user=office, reason=WithdrawalReason.CHANGED, event_date=today, statement="处罚决定已变更。"
    )
    assert selectors.withdrawal_late(Decision.objects.get(pk=decision.pk)) is False


def test_publication_ends_by_itself_and_early_only_after_the_minimum(office, zfc):
    today = current_date()
    expired = DecisionFactory(
        department=zfc,
        published=True,
        decision_date=datetime.date(2022, 6, 1),  # 527号: general, 1 year
    )
    assert expired.public_until == datetime.date(2023, 6, 1)
    current = DecisionFactory(department=zfc, published=True, decision_date=today - datetime.timedelta(days=10))
    assert list(selectors.public_decisions(today)) == [current]
    with pytest.raises(ValidationError, match="最短公示期至"):
        services.decision_remove_after_repair(decision=current, user=office, reason="已完成信用修复")
    repairable = DecisionFactory(
        department=zfc, published=True, decision_date=rules.add_months(today, -4) - datetime.timedelta(days=1)
    )
    services.decision_remove_after_repair(decision=repairable, user=office, reason="当事人已履行处罚并作出信用承诺")
    assert repairable.pk not in selectors.public_decisions(today).values_list("pk", flat=True)


def test_public_query_by_name_code_and_number(zfc):
    today = current_date()
    company = DecisionFactory(department=zfc, published=True, party_name="遵义某某水泥有限公司")
    other = DecisionFactory(department=zfc, published=True, party_name="安顺某某矿业有限公司", party_uscc="")
    DecisionFactory(department=zfc, party_name="遵义某某未公开公司")  # a draft never shows
    assert list(selectors.search_public(today, q="遵义")) == [company]
    assert list(selectors.search_public(today, q=company.party_uscc.lower())) == [company]
    assert list(selectors.search_public(today, q=other.decision_number)) == [other]
    assert set(selectors.search_public(today, kind=Kind.PENALTY)) == {company, other}
    assert list(selectors.search_public(today, kind=Kind.LICENSE)) == []


def test_publication_status_flags_late_and_pending(zfc):
    today = current_date()
    late = DecisionFactory(department=zfc, decision_date=today - datetime.timedelta(days=30))
    status = selectors.publication_status(late, today)
    assert status.late and status.days_left < 0 and status.published_on is None
    on_time = DecisionFactory(department=zfc, published=True, decision_date=today - datetime.timedelta(days=2))
    assert selectors.publication_status(on_time, today).late is False


def test_annual_report_section_two_counts_the_decisions_of_the_year(zfc):
    year = current_date().year - 1
    for day, kind in [
        (1, Kind.PENALTY),
        (2, Kind.PENALTY),
        (3, Kind.LICENSE),
        (4, Kind.COERCION),
        (5, Kind.INSPECTION),
    ]:
        DecisionFactory(department=zfc, kind=kind, decision_date=datetime.date(year, 3, day), license_category="普通")
    DecisionFactory(department=zfc, kind=Kind.PENALTY, decision_date=datetime.date(year + 1, 1, 2))
    section = tables.section_two(year)
    assert (section.permits, section.penalties, section.coercions) == (1, 2, 1)


def test_the_agencys_own_published_phone_stays_in_the_masked_text(drafter, zfc, agency):
    decision = DecisionFactory(
        department=zfc, full_text=f"如有疑问，请致电本机关{agency.phone}。委托代理人联系电话{PHONE}。"
    )
    services.decision_mask(decision=decision, user=drafter)
    public = Decision.objects.get(pk=decision.pk).public_full_text
    assert agency.phone in public and PHONE not in public
