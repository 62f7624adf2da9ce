"""In a real browser: a citizen comments on 第三条; staff find it under 第三条, answer it after the
close, and the 意见采纳情况, once through review, is on the public page."""

import datetime
import re

import pytest
from django.utils import timezone

from gongkai.consultations import forms_public
from gongkai.consultations.models import AdoptionReport, Comment, Consultation
from gongkai.consultations.tests.factories import ConsultationFactory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = "correct-horse-battery"


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def approve(report, user) -> None:
    report = AdoptionReport.objects.get(pk=report.pk)
    report.current_workflow_task.specific.on_action(report.current_workflow_task_state, user, "approve")


def test_citizen_comment_to_published_report(browser_page, home, monkeypatch):
    # The signed token refuses forms sent within 3 seconds of rendering; a test types faster than a person.
    monkeypatch.setattr(forms_public, "MIN_FILL_SECONDS", 0)
    page = browser_page
    hpc = DepartmentFactory(name="环评处", code="hpc")
    office_dept = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    drafter = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc)
    reviewer = UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=hpc)
    office = UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=office_dept)
    consultation = ConsultationFactory(published=True, department=hpc)

    # The citizen reads the draft and comments on 第三条 for their company.
    page.goto(f"/consultations/{consultation.pk}/")
    page.get_by_role("link", name="对第三条提出意见").click()
    assert page.locator("#id_target").input_value() == "a3"
    page.fill("#id_text", "建议第三条写明全本公开的期限，不少于十个工作日。")
    page.get_by_label("企业").check()
    page.fill("#id_organisation", "贵州某某环保科技有限公司")
    page.fill("#id_name", "李四")
    page.fill("#id_contact", "13811112222")
    page.check("#id_consent_publish")
    page.get_by_role("button", name="提交意见").click()
    receipt = page.locator("[data-receipt]").inner_text()
    comment = Comment.objects.get()
    assert receipt == comment.receipt and comment.target_label == "第三条"

    # Staff see it under 第三条, with the contact details the public never sees.
    log_in(page, "hpc_editor")
    page.goto(f"/admin/consultations/{consultation.pk}/")
    article = page.locator('section[data-unit="a3"]')
    assert "建议第三条写明全本公开的期限" in article.inner_text()
    assert "13811112222" in article.inner_text()
    assert page.locator('[data-count="a3"]').inner_text() == "1"

    # After the close: the answer, then the report.
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=31), closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page.goto(f"/admin/consultations/{consultation.pk}/groups/")
    page.get_by_role("radio", name="部分采纳", exact=True).check()
    page.fill(f"#reason-{comment.group_id}", "公开期限已在第三条第二款中规定。")
    page.get_by_role("button", name="保存处理意见").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="起草意见采纳情况").click()
    page.wait_for_url(re.compile(r"/admin/snippets/consultations/adoptionreport/edit/\d+/"))
    report = AdoptionReport.objects.get(consultation=consultation)

    # Submitted and approved through the review (处室审核 → 办公室审核).
    draft = report.get_latest_revision_as_object()
    draft.save_revision(user=drafter)
    draft.get_workflow().start(draft, drafter)
    approve(report, reviewer)
    approve(report, office)
    assert AdoptionReport.objects.get(pk=report.pk).live

    page.context.clear_cookies()
    page.goto(f"/consultations/{consultation.pk}/")
    section = page.locator("#report")
    text = section.inner_text()
    assert "意见采纳情况" in text and "部分采纳" in text and "公开期限已在第三条第二款中规定。" in text
    assert page.locator('[data-report-target="第三条"]').count() == 1
    assert "李四" not in page.content() and "13811112222" not in page.content()
