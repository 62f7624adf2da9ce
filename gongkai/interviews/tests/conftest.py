import pytest
from django.core.cache import cache

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate-limit counters and the transcript state live in the cache: every test starts empty.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def xcc(db):
    return DepartmentFactory(name="宣传教育处", code="xcc")


@pytest.fixture
def dqc(db):
    return DepartmentFactory(name="大气环境处", code="dqc")


@pytest.fixture
def host(dqc):
    """信息员 of the host department of the events made with ``department=dqc``."""
    return UserFactory(username="dqc_editor", role=Role.DRAFTER, department=dqc)


@pytest.fixture
def outsider(db):
    other = DepartmentFactory(name="水生态环境处", code="sthj")
    return UserFactory(username="sthj_editor", role=Role.DRAFTER, department=other)


@pytest.fixture
def organiser(xcc):
    return UserFactory(username="xcc_editor", role=Role.DRAFTER, department=xcc)
