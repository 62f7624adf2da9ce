"""Departments with duties (for routing) and staff in every role, for the 互动交流 tests."""

from types import SimpleNamespace

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        dqc=DepartmentFactory(
            name="大气处", code="dqc", sort_order=5, duties="负责大气、噪声和移动源污染防治，组织重污染天气应对。"
        ),
        hpc=DepartmentFactory(
            name="环评处", code="hpc", sort_order=6, duties="负责建设项目和规划环境影响评价、排污许可管理。"
        ),
        office=DepartmentFactory(
            name="办公室", code="bgs", sort_order=1, is_disclosure_office=True, duties="负责机关日常运转。"
        ),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        dqc_drafter=UserFactory(username="dqc_drafter", role=Role.DRAFTER, department=depts.dqc),
        dqc_reviewer=UserFactory(username="dqc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.dqc),
        hpc_drafter=UserFactory(username="hpc_drafter", role=Role.DRAFTER, department=depts.hpc),
        hpc_reviewer=UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.hpc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.office),
    )
