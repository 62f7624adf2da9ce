"""The demo's 舆情 data, as a reviewer of the demo would check it."""

import pytest
from django.utils import timezone

from gongkai.demo.opinion import opinion_create
from gongkai.opinion.models import Alert, Escalation, EventState, Incident, Item, Source
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_has_events_a_spike_an_escalation_and_an_incident(client):
    codes = {"xcc": "宣教处", "hpc": "环评处", "zfc": "执法处", "dqc": "大气处", "gtc": "固体处", "bgs": "办公室"}
    depts = {code: DepartmentFactory(code=code, name=name) for code, name in codes.items()}
    staff = {
        "xcc_editor": UserFactory(username="xcc_editor", role=Role.DRAFTER, department=depts["xcc"]),
        "xcc_reviewer": UserFactory(username="xcc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts["xcc"]),
        "hpc_editor": UserFactory(username="hpc_editor", role=Role.DRAFTER, department=depts["hpc"]),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    opinion_create(staff=staff, today=timezone.localdate())
    assert 180 <= Item.objects.count() <= 240
    assert not Source.objects.filter(active=True).exists()
    alert = Alert.objects.get()
    assert alert.recent_count >= 20
    assert Escalation.objects.count() == 1
    assert Escalation.objects.get().event.state == EventState.RESPONDED
    incident = Incident.objects.get()
    assert incident.updates.filter(live=True).count() == 3
    page = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert page.index("应急处置结果") < page.index("应急处置进展") < page.index("储罐泄漏事件基本情况")
