"""A consultation and its 意见采纳情况 go through the disclosure review (处室审核 → 办公室审核)."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import Workflow

from gongkai.consultations import selectors, services
from gongkai.consultations.models import AdoptionReport, Consultation, Decision
from gongkai.consultations.tests.factories import COMMENT_SET, ConsultationFactory, closed_with_comments
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

depts = review_fixtures.depts
staff = review_fixtures.staff


def approve(obj, user) -> None:
    obj = type(obj).objects.get(pk=obj.pk)
    obj.current_workflow_task.specific.on_action(obj.current_workflow_task_state, user, "approve")


def submit(obj, user):
    draft = type(obj).objects.get(pk=obj.pk).get_latest_revision_as_object()
    draft.save_revision(user=user)
    return draft.get_workflow().start(draft, user)


def test_both_are_assigned_the_disclosure_review(db):
    workflow = Workflow.objects.get(name="信息发布审核")
    assert Consultation.get_default_workflow() == workflow
    assert AdoptionReport.get_default_workflow() == workflow


def test_consultation_and_report_are_published_through_review(depts, staff):
    consultation = ConsultationFactory(department=depts.hpc, created_by=staff.hpc_drafter)
    submit(consultation, staff.hpc_drafter)
    with pytest.raises(PermissionDenied):
        approve(consultation, staff.xjc_reviewer)  # another department's reviewer
    approve(consultation, staff.hpc_reviewer)
    approve(consultation, staff.office)
    consultation = Consultation.objects.get(pk=consultation.pk)
    assert consultation.live

    consultation = closed_with_comments(consultation, COMMENT_SET)
    report = services.report_start(consultation=consultation, user=staff.hpc_drafter)
    submit(report, staff.hpc_drafter)
    approve(report, staff.hpc_reviewer)
    with pytest.raises(PermissionDenied) as error:
        approve(report, staff.office)  # the final approval is blocked while groups are undecided
    assert "未填写处理意见" in str(error.value)
    assert not AdoptionReport.objects.get(pk=report.pk).live

    # Cancel, decide, resubmit.
    AdoptionReport.objects.get(pk=report.pk).current_workflow_state.cancel(user=staff.hpc_drafter)
    for group in selectors.groups_to_decide(consultation):
        services.group_decide(
            group=group, user=staff.hpc_drafter, decision=Decision.NOT_ADOPTED, reason="与上位法不符。"
        )
    submit(report, staff.hpc_drafter)
    approve(report, staff.hpc_reviewer)
    approve(report, staff.office)
    report = AdoptionReport.objects.get(pk=report.pk)
    assert report.live and len(report.published_entries) == len(list(selectors.groups_to_decide(consultation)))
