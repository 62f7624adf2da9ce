"""Who may do what with disclosure applications: the one place these questions are answered.

- The disclosure office (办公室审核), the head of the office (公开工作机构负责人), leaders and
  administrators see every application; staff of a 承办处室 see the cases assigned to their department.
- Handling a case — confirming receipt, 补正, consultations, fees, the reply, 复议 and 诉讼 records —
  is the disclosure office's: 办公室审核, 公开工作机构负责人, 系统管理员 (条例第四条: the 政府信息公开
  工作机构 handles applications).
- Only the head of the office approves an extension (第三十三条第二款), and never one they asked for.
- Staff of an assigned department may add notes (their opinion on what can be released).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.foi.models import Application
from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

ALL_CASES_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.DISCLOSURE_HEAD, Role.LEADER, Role.ADMINISTRATOR})
HANDLER_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.DISCLOSURE_HEAD, Role.ADMINISTRATOR})
EXTENSION_ROLES = frozenset({Role.DISCLOSURE_HEAD})

User = AbstractBaseUser | AnonymousUser


def sees_all_applications(user: User) -> bool:
    return scope_for(user).has_any_role(ALL_CASES_ROLES)


def can_view(user: User, application: Application) -> bool:
    if sees_all_applications(user):
        return True
    department_id = scope_for(user).department_id
    return department_id is not None and application.handling_departments.filter(pk=department_id).exists()


def can_access_module(user: User) -> bool:
    """Does the 依申请公开 menu appear for this user at all?"""
    scope = scope_for(user)
    return scope.has_any_role(ALL_CASES_ROLES) or scope.department_id is not None


def can_handle(user: User, application: Application | None = None) -> bool:
    return scope_for(user).has_any_role(HANDLER_ROLES)


def can_approve_extension(user: User, requested_by_id: int | None) -> bool:
    scope = scope_for(user)
    if not scope.has_any_role(EXTENSION_ROLES):
        return False
    return requested_by_id is None or requested_by_id != user.pk


def can_add_note(user: User, application: Application) -> bool:
    return can_view(user, application)
