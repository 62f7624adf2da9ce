"""Who may do what with citizens' messages: the one place these questions are answered.

The office (办公室审核, and whoever sees all departments: leaders, administrators) reads every
message, routes it and closes invalid ones. A department sees the messages routed to it and drafts
their replies; its reviewers and then the office review the reply like any disclosure item.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

User = AbstractBaseUser | AnonymousUser

OFFICE_ROLES = frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
DRAFT_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
STAFF_ROLES = frozenset({*DRAFT_ROLES, Role.LEADER})


def can_access_module(user: User) -> bool:
    return scope_for(user).has_any_role(STAFF_ROLES)


def is_office(user: User) -> bool:
    """Routes messages and closes invalid ones: 办公室审核, or anyone who sees every department."""
    scope = scope_for(user)
    return scope.has_any_role(OFFICE_ROLES) or scope.sees_all_departments


def visible_department_ids(user: User) -> list[int] | None:
    """None: every message, routed or not; otherwise the departments whose messages the user sees."""
    scope = scope_for(user)
    if not scope.has_any_role(STAFF_ROLES):
        return []
    if is_office(user):
        return None
    return [scope.department_id] if scope.department_id is not None else []


def can_view(user: User, message) -> bool:
    ids = visible_department_ids(user)
    return ids is None or (message.department_id is not None and message.department_id in ids)


def can_route(user: User, message) -> bool:
    return is_office(user)


def can_draft(user: User, message) -> bool:
    scope = scope_for(user)
    return (
        message.department_id is not None
        and scope.has_any_role(DRAFT_ROLES)
        and (scope.sees_all_departments or scope.department_id == message.department_id)
    )


def can_close(user: User, message) -> bool:
    return is_office(user)
