"""Fixtures shared by every app's tests."""

import pytest

from gongkai.org.tests.factories import AgencyFactory
from gongkai.portal.tests.factories import make_home

pytest_plugins = ["gongkai.browser_fixtures"]


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def home(db, agency):
    return make_home()
