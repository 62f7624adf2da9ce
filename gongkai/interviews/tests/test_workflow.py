"""An event is published by the same review as a disclosure item: 处室审核 of its department, then 办公室审核."""

import pytest
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState

from gongkai.interviews.models import Event
from gongkai.interviews.tests.factories import EventFactory
from gongkai.review.tests import conftest as review_fixtures

pytestmark = pytest.mark.django_db

depts = review_fixtures.depts
staff = review_fixtures.staff


def reload(event) -> Event:
    return Event.objects.get(pk=event.pk)


def act(event, user, action: str) -> None:
    event = reload(event)
    task_state = event.current_workflow_task_state.specific
    event.current_workflow_task.on_action(task_state, user, action)


def test_the_review_publishes_the_event(depts, staff):
    event = EventFactory(department=depts.hpc, title="环评审批制度改革在线访谈")
    draft = reload(event)
    draft.save_revision(user=staff.hpc_drafter)
    draft.get_workflow().start(draft, staff.hpc_drafter)
    names = {
        n for n, _label, _modal in reload(event).current_workflow_task.get_actions(reload(event), staff.xjc_reviewer)
    }
    assert "approve" not in names  # another department's reviewer
    act(event, staff.hpc_reviewer, "approve")
    assert reload(event).current_workflow_task.name == "办公室审核"
    assert not reload(event).live
    act(event, staff.office, "approve")
    event = reload(event)
    assert event.live and event.current_workflow_state is None


def test_a_blocker_stops_the_final_approval(depts, staff):
    event = EventFactory(department=depts.hpc, webcast=False, place="")
    draft = reload(event)
    draft.save_revision(user=staff.hpc_drafter)
    draft.get_workflow().start(draft, staff.hpc_drafter)
    act(event, staff.hpc_reviewer, "approve")
    with pytest.raises(PermissionDenied, match="请填写地点"):
        act(event, staff.office, "approve")
    assert not reload(event).live
    assert reload(event).current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
