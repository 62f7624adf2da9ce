"""Fixtures of the 舆情 tests: 宣教处 (the monitoring department, code xcc), two other departments,
the office, and staff in every role."""

from types import SimpleNamespace

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        xcc=DepartmentFactory(name="宣教处", code="xcc"),
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        yjc=DepartmentFactory(name="环境应急处", code="yjc"),
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        xcc_drafter=UserFactory(username="xcc_drafter", role=Role.DRAFTER, department=depts.xcc),
        xcc_reviewer=UserFactory(username="xcc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.xcc),
        hpc_drafter=UserFactory(username="hpc_drafter", role=Role.DRAFTER, department=depts.hpc),
        hpc_reviewer=UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.hpc),
        yjc_drafter=UserFactory(username="yjc_drafter", role=Role.DRAFTER, department=depts.yjc),
        yjc_reviewer=UserFactory(username="yjc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.yjc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        admin=UserFactory(username="sysadmin", role=Role.ADMINISTRATOR, department=depts.office),
        nodept=UserFactory(username="nodept", role=Role.DRAFTER),
    )
