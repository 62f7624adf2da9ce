"""The demo makes one past, one live and one upcoming event, through the services."""

import pytest

from gongkai.calendar.services import current_date
from gongkai.demo.interviews import interviews_create
from gongkai.interviews.models import Event, Question, QuestionStatus, State
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_events():
    xcc = DepartmentFactory(code="xcc", name="宣传教育处")
    DepartmentFactory(code="dqc", name="大气环境处")
    hpc = DepartmentFactory(code="hpc", name="环评处")
    bgs = DepartmentFactory(code="bgs", name="办公室")
    staff = {
        "xcc_editor": UserFactory(username="xcc_editor", role=Role.DRAFTER, department=xcc),
        "hpc_editor": UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc),
        "office_reviewer": UserFactory(username="office_reviewer", role=Role.OFFICE_REVIEWER, department=bgs),
    }
    assert interviews_create(staff=staff, today=current_date()) == 3
    states = {e.title: e.state for e in Event.objects.public()}
    assert sorted(states.values()) == sorted([State.ENDED, State.LIVE, State.UPCOMING])
    past = Event.objects.get(title__contains="新闻发布会")
    assert past.entries.count() >= 8 and past.questions.filter(answered_at__isnull=False).count() == 2
    assert past.questions.filter(status=QuestionStatus.REJECTED).count() == 1
    upcoming = Event.objects.for_state(State.UPCOMING).get()
    assert Question.objects.filter(event=upcoming, status=QuestionStatus.PENDING).count() == 2
    live = Event.objects.for_state(State.LIVE).get()
    assert live.transcript_version == live.entries.count()
