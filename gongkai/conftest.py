"""Fixtures shared by every app's tests."""

import pytest

from gongkai.org.tests.factories import AgencyFactory
from gongkai.portal.tests.factories import make_home

pytest_plugins = ["gongkai.browser_fixtures"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keep the serialized migration data where every connection object can find it.

    Browser tests restore roles, workflows, taxonomy and the calendar from this snapshot after each
    flush (serialized rollback). After Playwright has run, Django may hand the test a new connection
    object without the snapshot attribute, and the restore silently does nothing; a class attribute
    survives that.
    """
    from django.db import connections

    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents is not None:
            type(connection)._test_serialized_contents = contents
    yield


@pytest.fixture(scope="session", autouse=True)
def _urlconf_imported():
    """Import every view module before any test patches a function they import by name.

    Views do ``from gongkai.calendar.services import current_date``. If the first request of a
    process came while a test had monkeypatched that function, the view module would keep the fake
    for the rest of the run, and later tests would see a frozen date depending on test order.
    """
    from django.urls import get_resolver

    def walk(patterns) -> None:
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                walk(entry.url_patterns)

    walk(get_resolver().url_patterns)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached answers live in the cache: each test starts without another's."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def home(db, agency):
    return make_home()


@pytest.fixture(autouse=True)
def _restore_report_sources():
    """Tests may swap the annual report's section 二 counters; every test starts with the apps' own."""
    from gongkai.foi.report import tables

    saved = dict(tables._section_two_sources)
    yield
    tables._section_two_sources.clear()
    tables._section_two_sources.update(saved)


def pytest_collection_modifyitems(config, items):
    """A transactional test must restore the serialized database (serialized_rollback=True).

    Without it, its teardown flush re-creates the content types under new ids, and every later
    serialized test (the browser tests) fails to load its data on PostgreSQL: a duplicate key.
    """
    offenders = []
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None:
            continue
        if marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError(
            "transaction=True without serialized_rollback=True breaks later tests on PostgreSQL: "
            + ", ".join(offenders)
        )
