"""The demo goes through the services and leaves each state the docs describe."""

import pytest
from django.utils import timezone

from gongkai.catalog.models import Validity
from gongkai.demo.policies import policies_create
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.policies.models import InterpretationPage, PolicyPage, PolicyQuestion
from gongkai.policies.rules import policy_publication_blockers
from gongkai.portal.tests.factories import ColumnFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_each_lifecycle_state(home):
    hpc = DepartmentFactory(name="环评处", code="hpc")
    office = DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True)
    ColumnFactory(parent=home, title="政策文件", slug="zcwj")
    ColumnFactory(parent=home, title="政策解读", slug="zcjd")
    staff = {
        "hpc_editor": UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc),
        "hpc_reviewer": UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=hpc),
        "office_reviewer": UserFactory(username="office_reviewer", role=Role.OFFICE_REVIEWER, department=office),
        "leader": UserFactory(username="leader", role=Role.LEADER, department=office),
    }
    assert policies_create(staff=staff, today=timezone.localdate()) == 16

    measures = PolicyPage.objects.get(slug="eia-approval-measures")
    assert measures.live
    assert sorted(i.get_form_display() for i in measures.live_interpretations()) == ["图解", "文字解读"]
    old = PolicyPage.objects.get(slug="eia-approval-interim-2019")
    assert old.validity == Validity.REPEALED and old.superseded_by_id == measures.pk
    assert PolicyPage.objects.get(slug="monitoring-fee-notice").live
    pending = PolicyPage.objects.get(slug="eia-permit-linkage")
    assert not pending.live and pending.current_workflow_task.name == "办公室审核"
    assert policy_publication_blockers(pending.get_latest_revision_as_object())
    assert InterpretationPage.objects.get(slug="eia-permit-linkage-qa").current_workflow_task.name == "处室审核"
    assert PolicyQuestion.objects.filter(is_published=True).count() == 10
