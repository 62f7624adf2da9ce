"""Roles on the tree root and the department scope on top of them."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from gongkai.portal.tests.factories import ArticleFactory
from gongkai.review.permissions import page_in_scope

pytestmark = pytest.mark.django_db


def perms(page, user):
    return page.permissions_for_user(user)


@pytest.fixture
def live_item(column, depts):
    return ArticleFactory(parent=column, department=depts.hpc, slug="live-hpc-item")


def test_roles_have_page_permissions_on_the_root(db):
    root = Page.get_first_root_node()

    def codenames(group):
        granted = GroupPagePermission.objects.filter(group__name=group, page=root)
        return set(granted.values_list("permission__codename", flat=True))

    assert codenames("信息员") == {"add_page", "change_page"}
    assert codenames("处室审核") == {"add_page", "change_page"}
    assert codenames("办公室审核") == {"add_page", "change_page", "lock_page", "unlock_page"}
    assert codenames("领导审签") == set()
    assert "publish_page" in codenames("系统管理员")
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_system_administrator_manages_users_and_organisation(staff):
    admin = staff.admin
    assert admin.has_perms(["auth.change_user", "auth.add_user", "org.change_agency", "org.change_department"])
    assert admin.has_perm("org.change_staffprofile")
    assert not staff.office.has_perm("org.change_agency")
    assert staff.office.has_perms(["review.add_sensitiveword", "review.change_wrongterm"])
    assert not staff.hpc_drafter.has_perm("review.add_sensitiveword")


def test_own_department_edits_other_department_does_not(draft_item, staff):
    assert perms(draft_item, staff.hpc_drafter).can_edit()
    assert perms(draft_item, staff.hpc_reviewer).can_edit()
    for user in (staff.xjc_drafter, staff.xjc_reviewer, staff.nodept):
        tester = perms(draft_item, user)
        assert not tester.can_edit()
        assert not tester.can_delete()
        assert not tester.can_move()
        assert not tester.can_copy()
        assert not tester.can_lock()
        assert not tester.can_view_revisions()


def test_cross_department_roles_work_on_every_department(draft_item, staff):
    assert page_in_scope(staff.office, draft_item)
    assert page_in_scope(staff.leader, draft_item)
    assert page_in_scope(staff.admin, draft_item)
    assert perms(draft_item, staff.office).can_edit()
    assert perms(draft_item, staff.admin).can_edit()


def test_nobody_but_the_administrator_publishes_directly(draft_item, staff):
    for user in (staff.hpc_drafter, staff.hpc_reviewer, staff.office, staff.leader):
        assert not perms(draft_item, user).can_publish()
    assert perms(draft_item, staff.admin).can_publish()


def test_only_the_office_withdraws_and_only_within_scope(live_item, staff):
    assert perms(live_item, staff.office).can_unpublish()
    assert perms(live_item, staff.admin).can_unpublish()
    for user in (staff.hpc_drafter, staff.hpc_reviewer, staff.xjc_reviewer, staff.leader):
        assert not perms(live_item, user).can_unpublish()


def test_drafters_cannot_delete_or_move_published_items(live_item, staff):
    assert not perms(live_item, staff.hpc_drafter).can_delete()
    assert not perms(live_item, staff.hpc_drafter).can_move()


def test_structure_pages_belong_to_the_office(column, home, staff):
    assert not perms(column, staff.hpc_drafter).can_edit()
    assert not perms(home, staff.hpc_reviewer).can_edit()
    assert perms(column, staff.office).can_edit()
    # Drafters still add items beneath a column.
    assert perms(column, staff.hpc_drafter).can_add_subpage()


def test_reviewer_can_edit_at_their_step_via_the_task(draft_item, staff):
    from gongkai.review.tests.helpers import reload, submit

    submit(draft_item, staff.hpc_drafter)
    item = reload(draft_item)
    # The drafter's item is locked to non-reviewers while it waits for review.
    assert item.get_lock().for_user(staff.hpc_drafter)
    assert not item.get_lock().for_user(staff.hpc_reviewer)
