import pytest

from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory


@pytest.mark.django_db
def test_admin_dashboard_loads_nothing_from_outside(client, home):
    """Government intranets are closed: no avatar service, no update check, no CDN."""
    user = UserFactory(role=Role.OFFICE_REVIEWER, department=DepartmentFactory(name="办公室", code="bgs"))
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html
