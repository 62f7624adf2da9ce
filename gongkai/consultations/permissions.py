"""Who may do what in 意见征集: the one place these questions are answered.

谁起草谁征集: each department drafts its consultations, reads its comments, hides abusive ones,
groups them and answers them; the disclosure office, leaders and administrators see every
department. Publication (of the draft and of the 意见采纳情况) is the review workflow's.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

EDITOR_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})
READER_ROLES = EDITOR_ROLES | {Role.LEADER}

User = AbstractBaseUser | AnonymousUser


def can_access_module(user: User) -> bool:
    return scope_for(user).has_any_role(READER_ROLES)


def can_view(user: User, consultation) -> bool:
    """See a consultation's comments, names and contacts included (staff of its department)."""
    scope = scope_for(user)
    return scope.has_any_role(READER_ROLES) and scope.covers_department(consultation.department_id)


def can_handle(user: User, consultation) -> bool:
    """Hide comments, group them, record decisions, export, start the report."""
    scope = scope_for(user)
    return scope.has_any_role(EDITOR_ROLES) and scope.covers_department(consultation.department_id)


def visible_department_ids(user: User) -> list[int] | None:
    """None: every department; otherwise the departments whose consultations the user sees."""
    scope = scope_for(user)
    if scope.sees_all_departments:
        return None
    return [scope.department_id] if scope.department_id is not None else []
