"""The demo: an open consultation with a mass-comment group, one reported, one with its report missing."""

import pytest
from django.db.models import Count
from django.utils import timezone

from gongkai.consultations import selectors
from gongkai.consultations.models import Consultation, State
from gongkai.demo.consultations import consultations_create
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_consultations():
    hpc = DepartmentFactory(name="环评处", code="hpc")
    editor = UserFactory(username="hpc_editor", role=Role.DRAFTER, department=hpc)
    admin = UserFactory(username="admin", role=Role.ADMINISTRATOR)
    assert consultations_create(staff={"hpc_editor": editor, "admin": admin}, today=timezone.localdate()) == 3
    states = {c.kind: c.state() for c in Consultation.objects.all()}
    assert states == {"normative": State.OPEN, "planning": State.REPORTED, "major": State.CLOSED}
    regulation = Consultation.objects.get(kind="normative")
    assert regulation.comments.count() == 40 and regulation.comments.filter(hidden=True).count() == 1
    largest = regulation.groups.annotate(n=Count("comments")).order_by("-n").first()
    assert largest.n == 24 and largest.target_article == 5
    assert {p.code for p in selectors.participation(regulation, include_hidden=True) if p.count} == {
        "individual",
        "enterprise",
        "trade_association",
        "chamber",
        "lawyers",
        "other_org",
    }
    report = Consultation.objects.get(kind="planning").report
    assert report.live and len(report.published_entries) == 5 and report.meetings.count() == 1
    missing = selectors.missing_reports(None)
    assert [row.consultation.kind for row in missing] == ["major"] and missing[0].days_since_close == 12
