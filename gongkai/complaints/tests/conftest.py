"""Departments and staff for the complaint tests: 环评处 handles, 宣教处 is another department."""

from types import SimpleNamespace

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
    )


@pytest.fixture
def staff(depts):
    return SimpleNamespace(
        hpc_drafter=UserFactory(username="hpc_drafter", role=Role.DRAFTER, department=depts.hpc),
        hpc_reviewer=UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.hpc),
        xjc_drafter=UserFactory(username="xjc_drafter", role=Role.DRAFTER, department=depts.xjc),
        xjc_reviewer=UserFactory(username="xjc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.xjc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.office),
    )


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate-limit counters live in the cache, which outlives a test: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
