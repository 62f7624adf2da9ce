"""Who may do what with complaints: the one place these questions are answered.

- Intake (受理, 不予受理, 交办, 转办) is the office's: 办公室审核 and 系统管理员, who see every complaint.
- 领导审签 see every complaint for oversight, but not the reporter's identity.
- Staff of the handling department (信息员, 处室审核) see their department's complaints, the
  reporter's identity included, record the investigation and the result, ask for an extension
  and close the case.
- An extension is approved by 处室审核 of the handling department, never by whoever asked for it
  (《信访工作条例》第三十四条: approved by the head, not the handler).
- The reporter's identity: the handling department and the office only; never another department,
  never the public (《环境保护法》第五十七条, 《信访工作条例》第三十条).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

INTAKE_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
OVERSIGHT_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR})
HANDLER_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER})
APPROVER_ROLES = frozenset({Role.DEPARTMENT_REVIEWER})

User = AbstractBaseUser | AnonymousUser


def can_access_module(user: User) -> bool:
    scope = scope_for(user)
    return scope.has_any_role(OVERSIGHT_ROLES) or (
        scope.department_id is not None and scope.has_any_role(HANDLER_ROLES)
    )


def sees_all(user: User) -> bool:
    return scope_for(user).has_any_role(OVERSIGHT_ROLES)


def _in_department(user: User, complaint) -> bool:
    scope = scope_for(user)
    return (
        complaint.department_id is not None
        and scope.department_id == complaint.department_id
        and scope.has_any_role(HANDLER_ROLES)
    )


def can_view(user: User, complaint) -> bool:
    return sees_all(user) or _in_department(user, complaint)


def can_see_reporter(user: User, complaint) -> bool:
    return scope_for(user).has_any_role(INTAKE_ROLES) or _in_department(user, complaint)


def can_intake(user: User, complaint=None) -> bool:
    return scope_for(user).has_any_role(INTAKE_ROLES)


def can_handle(user: User, complaint) -> bool:
    return scope_for(user).is_superuser or _in_department(user, complaint)


def can_approve_extension(user: User, complaint, requested_by_id: int | None) -> bool:
    scope = scope_for(user)
    if requested_by_id is not None and requested_by_id == user.pk:
        return False
    if scope.is_superuser:
        return True
    return (
        scope.has_any_role(APPROVER_ROLES)
        and complaint.department_id is not None
        and scope.department_id == complaint.department_id
    )


def visible_department_ids(user: User) -> list[int] | None:
    """None: every department; otherwise the departments whose complaints the user sees."""
    scope = scope_for(user)
    if sees_all(user):
        return None
    return [scope.department_id] if scope.department_id is not None and scope.has_any_role(HANDLER_ROLES) else []
