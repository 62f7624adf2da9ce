"""Department scoping of page permissions: the one place that says who may touch which page.

Wagtail's group page permissions (granted on the tree root by review migration 0002) say
*what* a role may do; this module adds *where*:

- A department-owned page (one with a ``department``, i.e. every disclosure item) is in scope
  for staff of that department, and for the roles that work across departments
  (办公室审核, 领导审签, 系统管理员) and superusers. Staff without a department have nothing
  department-owned in scope.
- A structural page (home, columns, plain pages such as 信息公开指南) belongs to the disclosure
  office: only 办公室审核, 系统管理员 and superusers may change it. Everyone may still add
  items beneath a column if their role grants ``add``.
- Unpublishing (撤回) is a disclosure-office decision: 办公室审核, 系统管理员 and superusers,
  within scope, independent of the ``publish`` permission (which only 系统管理员 holds).
"""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from wagtail.models import Page, PagePermissionTester

from gongkai.org.roles import Role

CROSS_DEPARTMENT_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR})
STRUCTURE_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
WITHDRAW_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})

_SCOPE_ATTR = "_gongkai_review_scope"


@dataclass(frozen=True)
class UserScope:
    """What a user's roles and department allow, read once per user object (i.e. per request)."""

    is_superuser: bool
    roles: frozenset[str]
    department_id: int | None

    def has_role(self, role: Role) -> bool:
        return self.is_superuser or role.value in self.roles

    def has_any_role(self, roles: frozenset[Role]) -> bool:
        return self.is_superuser or bool(self.roles & {r.value for r in roles})

    @property
    def sees_all_departments(self) -> bool:
        return self.has_any_role(CROSS_DEPARTMENT_ROLES)

    @property
    def manages_structure(self) -> bool:
        return self.has_any_role(STRUCTURE_ROLES)

    @property
    def may_withdraw(self) -> bool:
        return self.has_any_role(WITHDRAW_ROLES)

    def covers_department(self, department_id: int | None) -> bool:
        if self.sees_all_departments:
            return True
        return department_id is not None and department_id == self.department_id


def scope_for(user: AbstractBaseUser | AnonymousUser) -> UserScope:
    if not user.is_authenticated or not user.is_active:
        return UserScope(is_superuser=False, roles=frozenset(), department_id=None)
    cached = getattr(user, _SCOPE_ATTR, None)
    if cached is None:
        from gongkai.org.models import StaffProfile

        cached = UserScope(
            is_superuser=user.is_superuser,
            roles=frozenset(user.groups.values_list("name", flat=True)),
            department_id=StaffProfile.objects.filter(user=user).values_list("department_id", flat=True).first(),
        )
        setattr(user, _SCOPE_ATTR, cached)
    return cached


def forget_scope(user: AbstractBaseUser) -> None:
    """Drop the cached scope, e.g. after changing a user's groups in a test or a service."""
    if hasattr(user, _SCOPE_ATTR):
        delattr(user, _SCOPE_ATTR)


_NO_DEPARTMENT = object()


def specific_page(page: Page) -> Page:
    return page.specific_deferred if type(page) is Page else page


def page_department_id(page: Page):
    """The department id of a department-owned page, or ``_NO_DEPARTMENT`` for a structural page."""
    return getattr(specific_page(page), "department_id", _NO_DEPARTMENT)


def is_department_owned(page: Page) -> bool:
    return page_department_id(page) is not _NO_DEPARTMENT


def page_in_scope(user: AbstractBaseUser | AnonymousUser, page: Page) -> bool:
    """Whether ``user`` may work on ``page`` at all, whatever their role allows them to do with it."""
    scope = scope_for(user)
    if scope.is_superuser:
        return True
    department_id = page_department_id(page)
    if department_id is _NO_DEPARTMENT:
        return scope.manages_structure
    return scope.covers_department(department_id)


class DepartmentPagePermissionTester(PagePermissionTester):
    """Wagtail's tester, narrowed to the pages in the user's scope (see the module docstring)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.in_scope = page.depth == 1 or page_in_scope(user, page)

    def can_edit(self):
        return self.in_scope and super().can_edit()

    def can_delete(self, ignore_bulk=False):
        return self.in_scope and super().can_delete(ignore_bulk=ignore_bulk)

    def can_publish(self):
        return self.in_scope and super().can_publish()

    def can_unpublish(self):
        if not (self.in_scope and self.user.is_active and self.page.live and not self.page_is_root):
            return False
        if self.page_locked():
            return False
        return scope_for(self.user).may_withdraw or super().can_unpublish()

    def can_submit_for_moderation(self):
        return self.in_scope and super().can_submit_for_moderation()

    def can_lock(self):
        return self.in_scope and super().can_lock()

    def can_unlock(self):
        return self.in_scope and super().can_unlock()

    def can_reorder_children(self):
        return self.in_scope and super().can_reorder_children()

    def can_move(self):
        return self.in_scope and super().can_move()

    def can_copy(self):
        return self.in_scope and super().can_copy()

    def can_view_revisions(self):
        return self.in_scope and super().can_view_revisions()
