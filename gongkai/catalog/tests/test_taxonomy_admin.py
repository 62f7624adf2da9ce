"""The catalog taxonomy is data the disclosure office edits in the admin (公开目录 menu)."""

import pytest
from django.urls import reverse

from gongkai.catalog.models import GenreCategory, TopicCategory
from gongkai.org.roles import Role
from gongkai.org.tests.factories import DepartmentFactory, UserFactory
from gongkai.portal.tests.factories import ArticleFactory, ColumnFactory

pytestmark = pytest.mark.django_db


def test_default_taxonomy_is_seeded():
    genres = set(GenreCategory.objects.values_list("name", flat=True))
    assert {
        "公告",
        "通知",
        "通报",
        "意见",
        "办法",
        "规定",
        "决定",
        "报告",
        "批复",
        "函",
        "纪要",
        "规划",
        "解读",
        "其他",
    } <= genres
    topics = dict(TopicCategory.objects.values_list("code", "name"))
    assert topics["eia"] == "环境影响评价"
    assert topics["air"] == "大气环境"
    assert len(topics) == 20
    # Codes are stable ASCII identifiers: the API and the public 目录 use them in URLs.
    assert all(code.isascii() and code == code.lower() for code in topics)


@pytest.mark.parametrize("role", [Role.OFFICE_REVIEWER, Role.ADMINISTRATOR])
def test_office_and_administrators_edit_the_taxonomy(client, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse("topic_categories:index"))
    assert response.status_code == 200
    assert "环境影响评价" in response.content.decode()

    response = client.post(
        reverse("genre_categories:add"), {"name": "细则", "code": "rules", "sort_order": 175}, follow=True
    )
    assert response.status_code == 200
    assert GenreCategory.objects.filter(code="rules", name="细则").exists()

    topic = TopicCategory.objects.get(code="air")
    response = client.post(
        reverse("topic_categories:edit", args=[topic.pk]),
        {"name": "大气环境", "code": "air", "parent": "", "sort_order": 61},
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.sort_order == 61


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.LEADER])
def test_other_roles_cannot_edit_the_taxonomy(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("topic_categories:add")).status_code in (302, 403)
    response = client.post(reverse("genre_categories:add"), {"name": "细则", "code": "rules", "sort_order": 1})
    assert response.status_code in (302, 403)
    assert not GenreCategory.objects.filter(code="rules").exists()


def test_admin_menu_shows_catalog_group_to_the_office(client):
    client.force_login(UserFactory(role=Role.OFFICE_REVIEWER))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    # The sidebar is rendered from JSON props, where Chinese labels are \u-escaped.
    assert '"name": "catalog", "label": "\\u516c\\u5f00\\u76ee\\u5f55"' in body
    assert "/admin/topic_categories/" in body
    assert "/admin/genre_categories/" in body


def test_admin_menu_hides_catalog_group_from_drafters(client):
    client.force_login(UserFactory(role=Role.DRAFTER))
    body = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "/admin/topic_categories/" not in body


def test_a_category_in_use_cannot_be_deleted(client, home):
    genre = GenreCategory.objects.get(code="notice")
    ArticleFactory(parent=ColumnFactory(parent=home), genre=genre, department=DepartmentFactory())
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    response = client.post(reverse("genre_categories:delete", args=[genre.pk]))
    assert response.status_code in (200, 302, 403)
    assert GenreCategory.objects.filter(pk=genre.pk).exists()
