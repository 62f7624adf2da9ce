"""Staff screens: the department-scoped case list with due flags, the case page and its actions,
who sees the reporter, evidence downloads, and the dashboard panel.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.complaints.models import Complaint, Evidence, Status
from gongkai.complaints.tests.factories import REPORTER_NAME, REPORTER_PHONE, ComplaintFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def hpc_case(depts):
    return ComplaintFactory(accepted=True, department=depts.hpc, days_ago=20)


@pytest.fixture
def xjc_case(depts):
    return ComplaintFactory(accepted=True, department=depts.xjc, number="JB2026-00700")


def test_the_list_is_scoped_to_the_department_and_flags_due_cases(client, staff, hpc_case, xjc_case, depts):
    fresh = ComplaintFactory(days_ago=14, number="JB2026-00701")
    client.force_login(staff.hpc_drafter)
    html = client.get(reverse("complaints:list")).content.decode()
    assert hpc_case.number in html and xjc_case.number not in html and fresh.number not in html
    client.force_login(staff.office)
    html = client.get(reverse("complaints:list")).content.decode()
    assert hpc_case.number in html and xjc_case.number in html
    assert 'data-flag="due_soon"' in html  # fresh: acceptance due tomorrow
    flagged = client.get(reverse("complaints:list") + "?flag=1").content.decode()
    assert fresh.number in flagged and xjc_case.number not in flagged


def test_reporter_identity_only_for_the_handling_department_and_the_office(client, staff, hpc_case):
    url = reverse("complaints:case", args=[hpc_case.pk])
    for user in (staff.hpc_drafter, staff.office):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert REPORTER_NAME in html and REPORTER_PHONE in html
    client.force_login(staff.leader)
    html = client.get(url).content.decode()
    assert client.get(url).status_code == 200
    assert REPORTER_NAME not in html and REPORTER_PHONE not in html
    client.force_login(staff.xjc_reviewer)
    response = client.get(url)
    assert response.status_code == 403
    assert REPORTER_NAME not in response.content.decode()


def _photo(complaint) -> Evidence:
    return Evidence.objects.create(
        complaint=complaint,
        original_name="现场.png",
        content_type="image/png",
        extension="png",
        size=len(PNG),
        file=SimpleUploadedFile("x.png", PNG),
    )


def test_evidence_downloads_as_an_attachment_only_in_scope(client, staff, hpc_case):
    evidence = _photo(hpc_case)
    url = reverse("complaints:evidence", args=[hpc_case.pk, evidence.pk])
    client.force_login(staff.hpc_drafter)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    client.force_login(staff.xjc_drafter)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_evidence_gone_from_storage_is_a_404_not_a_500(client, staff, hpc_case):
    evidence = _photo(hpc_case)
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(staff.hpc_drafter)
    response = client.get(reverse("complaints:evidence", args=[hpc_case.pk, evidence.pk]))
    assert response.status_code == 404


def test_actions_post_to_services_with_400_on_errors_and_403_out_of_role(client, staff, depts):
    complaint = ComplaintFactory()
    accept = reverse("complaints:action", args=[complaint.pk, "accept"])
    client.force_login(staff.hpc_drafter)
    assert client.get(reverse("complaints:case", args=[complaint.pk])).status_code == 403
    assert client.post(accept, {"department": depts.hpc.pk}).status_code == 403
    client.force_login(staff.office)
    response = client.post(accept, {"department": ""})
    assert response.status_code == 400
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED
    response = client.post(accept, {"department": depts.hpc.pk})
    assert response.status_code == 302
    assert Complaint.objects.get(pk=complaint.pk).status == Status.ACCEPTED
    client.force_login(staff.hpc_drafter)
    response = client.post(
        reverse("complaints:action", args=[complaint.pk, "extension_request"]), {"days": 45, "reason": "太长"}
    )
    assert response.status_code == 400


def test_dashboard_panel_lists_overdue_cases_and_extensions_to_approve(client, staff, hpc_case):
    from gongkai.complaints import services

    services.extension_request(complaint=hpc_case, user=staff.hpc_drafter, days=10, reason="需要补充监测数据")
    client.force_login(staff.hpc_reviewer)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "投诉举报：办理期限提醒" in html
    assert "待您批准的延期申请（1）" in html and hpc_case.number in html


def test_the_result_snippet_editor_is_department_scoped(client, staff, depts):
    from gongkai.complaints.models import ComplaintResult
    from gongkai.complaints.tests.factories import ResultFactory

    result = ResultFactory(complaint=ComplaintFactory(closed=True, department=depts.hpc))
    edit = reverse(ComplaintResult.snippet_viewset.get_url_name("edit"), args=[result.pk])
    client.force_login(staff.hpc_drafter)
    response = client.get(edit)
    assert response.status_code == 200
    assert REPORTER_PHONE not in response.content.decode()  # the editor holds only the public copy
    client.force_login(staff.xjc_drafter)
    assert client.get(edit).status_code == 403
    listing = client.get(reverse(ComplaintResult.snippet_viewset.get_url_name("list"))).content.decode()
    assert result.complaint.number not in listing
