"""Who may do what in 舆情监测与回应: the one place these questions are answered.

宣教处 leads the work (seed plan 一(三)、(四)): its staff, the disclosure office, leaders and
administrators see every event and run the monitoring (sources, rules, 研判, 交办). 谁主管、谁负责:
a department's staff see the events assigned to or involving their department and write its
response. Reporting to the provincial government and closing an event are a reviewer's decision.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for

User = AbstractBaseUser | AnonymousUser

STAFF_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR})
DECIDING_ROLES = frozenset({Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR})
INCIDENT_ROLES = frozenset({Role.DRAFTER, Role.DEPARTMENT_REVIEWER, Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})


def opinion_department_id() -> int | None:
    from gongkai.org.models import Department

    code = settings.GONGKAI_OPINION_DEPARTMENT_CODE
    return Department.objects.filter(code=code).values_list("pk", flat=True).first()


def can_monitor(user: User) -> bool:
    """宣教处 staff, or anyone who works across departments."""
    scope = scope_for(user)
    if not scope.has_any_role(STAFF_ROLES):
        return False
    return scope.sees_all_departments or (
        scope.department_id is not None and scope.department_id == opinion_department_id()
    )


def can_access_module(user: User) -> bool:
    """Monitoring staff, and department staff (for the events assigned to them)."""
    scope = scope_for(user)
    return scope.has_any_role(STAFF_ROLES) and (scope.sees_all_departments or scope.department_id is not None)


def _event_department_ids(event) -> set[int]:
    ids = {d for d in [event.department_id] if d is not None}
    if event.pk:
        ids |= set(event.involved_departments.values_list("pk", flat=True))
    return ids


def can_view_event(user: User, event) -> bool:
    if can_monitor(user):
        return True
    scope = scope_for(user)
    return scope.has_any_role(STAFF_ROLES) and scope.department_id in _event_department_ids(event)


def can_respond(user: User, event) -> bool:
    if can_monitor(user):
        return True
    scope = scope_for(user)
    return (
        scope.has_any_role(STAFF_ROLES - {Role.LEADER})
        and event.department_id is not None
        and scope.department_id == event.department_id
    )


def can_decide(user: User) -> bool:
    """报告省政府、办结: a reviewer of the monitoring side."""
    return can_monitor(user) and scope_for(user).has_any_role(DECIDING_ROLES)


def can_edit_incident(user: User, incident) -> bool:
    scope = scope_for(user)
    if not scope.has_any_role(INCIDENT_ROLES):
        return False
    return can_monitor(user) or scope.covers_department(getattr(incident, "department_id", None))


def visible_event_filter(user: User):
    """A Q over Event for what ``user`` sees; None: everything."""
    from django.db.models import Q

    if can_monitor(user):
        return None
    scope = scope_for(user)
    if not scope.has_any_role(STAFF_ROLES) or scope.department_id is None:
        return Q(pk__in=[])
    return Q(department_id=scope.department_id) | Q(involved_departments=scope.department_id)
