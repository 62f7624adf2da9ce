"""Fixtures for the policy tests: two departments and the office, staff in every role, two columns."""

from types import SimpleNamespace

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.tests.factories import ColumnFactory


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        dqc=DepartmentFactory(name="大气处", code="dqc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
    )


@pytest.fixture
def staff(depts):
    """dqc_* in 大气处 (the drafting department), xjc_* in 宣教处, office and leader in 办公室."""
    return SimpleNamespace(
        dqc_drafter=UserFactory(username="dqc_drafter", role=Role.DRAFTER, department=depts.dqc),
        dqc_reviewer=UserFactory(username="dqc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.dqc),
        xjc_drafter=UserFactory(username="xjc_drafter", role=Role.DRAFTER, department=depts.xjc),
        xjc_reviewer=UserFactory(username="xjc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.xjc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        office2=UserFactory(username="office2", role=Role.OFFICE_REVIEWER, department=depts.office),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.office),
        admin=UserFactory(username="sysadmin", role=Role.ADMINISTRATOR, department=depts.office),
    )


@pytest.fixture
def columns(home):
    return SimpleNamespace(
        policies=ColumnFactory(parent=home, title="政策文件", slug="zcwj"),
        interpretations=ColumnFactory(parent=home, title="政策解读", slug="zcjd"),
    )
