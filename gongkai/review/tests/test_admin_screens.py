"""The review and organisation admin screens: who sees them, what they allow."""

import pytest
from django.urls import reverse

from gongkai.org.models import Agency, Department
from gongkai.review.models import SensitiveWord, WithdrawalNotice

pytestmark = pytest.mark.django_db


def test_office_maintains_the_word_lists(client, staff):
    client.force_login(staff.office)
    response = client.post(
        reverse("sensitive_words:add"), {"word": "样例敏感词", "severity": "severe", "note": "", "active": "on"}
    )
    assert response.status_code == 302
    assert SensitiveWord.objects.get(word="样例敏感词").severity == "severe"
    assert client.get(reverse("wrong_terms:index")).status_code == 200


def test_drafters_do_not_see_the_word_lists(client, staff):
    client.force_login(staff.hpc_drafter)
    response = client.get(reverse("sensitive_words:index"))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_withdrawal_records_are_read_only(client, staff):
    notice = WithdrawalNotice.objects.create(url_path="/a/", title="某信息", reason="内容有误")
    client.force_login(staff.admin)
    assert client.get(reverse("withdrawals:index")).status_code == 200
    assert client.get(reverse("withdrawals:inspect", args=[notice.pk])).status_code == 200
    assert client.get(reverse("withdrawals:edit", args=[notice.pk])).status_code == 302
    assert client.get(reverse("withdrawals:add")).status_code == 302


def test_only_the_system_administrator_edits_the_agency(client, staff, agency):
    client.force_login(staff.office)
    assert client.get(reverse("agency:edit", args=[agency.pk])).status_code == 302
    client.force_login(staff.admin)
    response = client.get(reverse("agency:add"))
    assert response.status_code == 302 and response["Location"] == reverse("agency:edit", args=[agency.pk])
    assert client.get(reverse("agency:delete", args=[agency.pk])).status_code == 302
    assert Agency.objects.count() == 1


def test_system_administrator_assigns_staff_to_departments(client, staff, depts):
    from gongkai.org.tests.factories import UserFactory

    newcomer = UserFactory(username="newcomer")
    client.force_login(staff.admin)
    response = client.post(reverse("staff:add"), {"user": newcomer.pk, "department": depts.xjc.pk, "title": "科员"})
    assert response.status_code == 302
    assert newcomer.staff_profile.department == depts.xjc
    response = client.post(
        reverse("departments:add"), {"name": "新设处", "code": "xsc", "kind": "office", "sort_order": 99}
    )
    assert response.status_code == 302 and Department.objects.filter(code="xsc").exists()
    client.force_login(staff.hpc_reviewer)
    assert client.get(reverse("staff:index")).status_code == 302
