"""Who may do what with enforcement records: the one place these questions are answered.

谁执法谁公示: each enforcing department drafts, masks and checks its own decisions, lists and
officers; the disclosure office (办公室审核) and administrators work across departments. Taking a
published decision down (撤下, or ending it after 信用修复) is the disclosure office's decision, as
withdrawing any published item is (gongkai.review.permissions).
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

EDITOR_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
WITHDRAW_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})

User = AbstractBaseUser | AnonymousUser


def can_edit(user: User, record) -> bool:
    """Record: anything with a ``department_id`` (decision, officer, matter)."""
    scope = scope_for(user)
    return scope.has_any_role(EDITOR_ROLES) and scope.covers_department(record.department_id)


def can_withdraw(user: User, decision) -> bool:
    scope = scope_for(user)
    return scope.has_any_role(WITHDRAW_ROLES) and scope.covers_department(decision.department_id)


def visible_department_ids(user: User) -> list[int] | None:
    """None: every department; otherwise the departments whose records the user sees."""
    scope = scope_for(user)
    if scope.sees_all_departments:
        return None
    return [scope.department_id] if scope.department_id is not None else []
