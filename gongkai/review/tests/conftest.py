"""Fixtures for the review tests: two departments and the office, staff in every role, a column."""

from types import SimpleNamespace

import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory
from gongkai.review.models import SensitiveWord, Severity


@pytest.fixture
def depts(db):
    return SimpleNamespace(
        hpc=DepartmentFactory(name="环评处", code="hpc"),
        xjc=DepartmentFactory(name="宣教处", code="xjc"),
        office=DepartmentFactory(name="办公室", code="bgs", is_disclosure_office=True),
    )


@pytest.fixture
def staff(depts):
    """Staff per role. hpc_* are in 环评处, xjc_* in 宣教处; the office and leader in 办公室."""
    return SimpleNamespace(
        hpc_drafter=UserFactory(username="hpc_drafter", role=Role.DRAFTER, department=depts.hpc),
        hpc_reviewer=UserFactory(username="hpc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.hpc),
        xjc_drafter=UserFactory(username="xjc_drafter", role=Role.DRAFTER, department=depts.xjc),
        xjc_reviewer=UserFactory(username="xjc_reviewer", role=Role.DEPARTMENT_REVIEWER, department=depts.xjc),
        office=UserFactory(username="office", role=Role.OFFICE_REVIEWER, department=depts.office),
        office2=UserFactory(username="office2", role=Role.OFFICE_REVIEWER, department=depts.office),
        leader=UserFactory(username="leader", role=Role.LEADER, department=depts.office),
        admin=UserFactory(username="sysadmin", role=Role.ADMINISTRATOR, department=depts.office),
        nodept=UserFactory(username="nodept", role=Role.DRAFTER),
    )


@pytest.fixture
def column(home):
    return ColumnFactory(parent=home, title="通知公告", slug="notices")


@pytest.fixture
def draft_item(column, depts, staff):
    """A 环评处 item drafted by the 环评处 信息员 (one revision, by them, never published)."""
    item = ArticleFactory(
        parent=column,
        draft=True,
        department=depts.hpc,
        title="关于某项目环境影响报告书受理情况的公示",
        slug="eia-notice",
        owner=staff.hpc_drafter,
    )
    item.revisions.update(user=staff.hpc_drafter)
    return item


@pytest.fixture
def severe_word(db):
    return SensitiveWord.objects.create(word="绝密样词", severity=Severity.SEVERE, note="测试用严重敏感词")
