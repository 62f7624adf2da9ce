"""Who may do what with press conferences and interviews: the one place these questions are answered.

谁主办谁负责: the host department's staff draft the event and, on the day, run its live console —
transcript, media and the moderation of questions. 宣教处 (``GONGKAI_INTERVIEWS_ORGANISER_DEPARTMENT``)
runs the department's news releases (work plan 一(一)、一(四)) and may run any event's console;
系统管理员 and superusers may act everywhere. Publication itself is the review workflow's.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

STAFF_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})

User = AbstractBaseUser | AnonymousUser


def _organiser_department_id() -> int | None:
    from gongkai.org.models import Department

    code = settings.GONGKAI_INTERVIEWS_ORGANISER_DEPARTMENT
    return Department.objects.filter(code=code).values_list("pk", flat=True).first() if code else None


def is_organiser(user: User) -> bool:
    scope = scope_for(user)
    return scope.department_id is not None and scope.department_id == _organiser_department_id()


def can_run(user: User, event) -> bool:
    """Transcript, media, question moderation, ending the live: the host department (and 宣教处)."""
    scope = scope_for(user)
    if scope.is_superuser or scope.has_role(Role.ADMINISTRATOR):
        return True
    if not scope.has_any_role(STAFF_ROLES) or scope.department_id is None:
        return False
    return scope.department_id == event.department_id or is_organiser(user)


def visible_department_ids(user: User) -> list[int] | None:
    """None: every department; otherwise the departments whose events the user sees in the admin."""
    scope = scope_for(user)
    if scope.sees_all_departments or is_organiser(user):
        return None
    return [scope.department_id] if scope.department_id is not None else []


def can_access_module(user: User) -> bool:
    scope = scope_for(user)
    return user.is_authenticated and (scope.has_any_role(STAFF_ROLES) or scope.has_role(Role.LEADER))


def runnable_events(user: User, queryset=None):
    """The events whose console ``user`` may run (the same rule as ``can_run``, as a queryset)."""
    from gongkai.interviews.models import Event

    queryset = Event.objects.all() if queryset is None else queryset
    scope = scope_for(user)
    if scope.is_superuser or scope.has_role(Role.ADMINISTRATOR):
        return queryset
    if not scope.has_any_role(STAFF_ROLES) or scope.department_id is None:
        return queryset.none()
    if is_organiser(user):
        return queryset
    return queryset.filter(department_id=scope.department_id)
