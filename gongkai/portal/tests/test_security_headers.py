"""Content-Security-Policy and Permissions-Policy from gongkai.core.middleware."""

import pytest
from django.contrib.auth import get_user_model

from gongkai.core.middleware import ADMIN_POLICY, PUBLIC_POLICY
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = pytest.mark.django_db


def directives(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else "" for part in header.split("; ")}


def test_public_pages_forbid_inline_code_and_outside_resources(client, home):
    item = ArticleFactory(parent=ColumnFactory(parent=home))
    for path in ["/", item.url, "/sitemap/", "/no-such-page/"]:
        response = client.get(path)
        policy = directives(response["Content-Security-Policy"])
        assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'", path
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'self'"
        assert "camera=()" in response["Permissions-Policy"]


def test_admin_gets_its_own_relaxed_policy_and_still_works(client, home):
    admin = get_user_model().objects.create_superuser("csp-admin", "a@example.gov.cn", "correct-horse-battery")
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == ADMIN_POLICY
    assert "script-src" not in response["Content-Security-Policy"]
    login = client.get("/admin/login/")
    assert login["Content-Security-Policy"] == ADMIN_POLICY


def test_non_html_responses_get_no_page_policy(client, home):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response


def test_policy_can_be_replaced_or_switched_off_in_settings(client, home, settings):
    settings.GONGKAI_CSP_PUBLIC = PUBLIC_POLICY.replace(
        "img-src 'self' data:", "img-src 'self' data: https://media.example"
    )
    assert "https://media.example" in client.get("/")["Content-Security-Policy"]
    settings.GONGKAI_CSP_PUBLIC = ""
    assert "Content-Security-Policy" not in client.get("/")
