"""Who may review what, and what stops an approval: small predicates shared by the workflow
task, the admin hooks and the services, so each rule is written once.
"""

import operator
from functools import reduce

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from wagtail.models import Page, Revision, TaskState, WorkflowState, get_page_models

from gongkai.org.roles import Role
from gongkai.review.permissions import page_department_id, scope_for, specific_page


def task_applies_to(task, page: Page) -> bool:
    """A department step has nobody to review a page that belongs to no department."""
    if not getattr(task, "same_department", False):
        return True
    department_id = page_department_id(page)
    return isinstance(department_id, int)


def is_contributor(user: AbstractBaseUser | AnonymousUser, page: Page) -> bool:
    """Whether ``user`` wrote any part of the change now under review, or submitted it.

    The change under review is every revision after the live one (all revisions of a page
    never published). Anyone who saved one of them, and whoever started the workflow, is
    a contributor and cannot approve it.
    """
    if not user.is_authenticated:
        return False
    workflow_state = page.current_workflow_state
    if workflow_state and workflow_state.requested_by_id == user.pk:
        return True
    pending = Revision.objects.filter(
        base_content_type_id=page.get_base_content_type().pk, object_id=str(page.pk), user_id=user.pk
    )
    if page.live_revision_id:
        pending = pending.filter(pk__gt=page.live_revision_id)
    return pending.exists()


def can_review(task, page: Page, user: AbstractBaseUser | AnonymousUser, *, ignore_contribution: bool = False) -> bool:
    """Whether ``user`` may approve or reject ``page`` at ``task`` (a ReviewTask).

    - the task's role (superusers count as every role);
    - for a department step, the item's own department (superusers excepted);
    - never their own change (superusers included): 《政府信息公开条例》第十七条 makes the agency
      responsible for reviewing what it releases, and a review by the author is no review.
    """
    scope = scope_for(user)
    if not user.is_authenticated or not (scope.is_superuser or task.role in scope.roles):
        return False
    if task.same_department and not scope.is_superuser:
        department_id = page_department_id(page)
        if not isinstance(department_id, int) or department_id != scope.department_id:
            return False
    if not ignore_contribution and is_contributor(user, specific_page(page)):
        return False
    return True


def _department_workflow_states(department_id: int):
    """Workflow states (as a subquery) of everything a department owns: its pages and its reviewed records.

    Matched on the base content type and the object id together: a page and an enforcement
    decision may share an id, and neither may appear in the other's department list.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowMixin

    from gongkai.catalog.models import DisclosureMetadata

    def ids(model):
        return (
            model.objects.filter(department_id=department_id)
            .annotate(object_id_text=Cast("pk", output_field=CharField()))
            .values("object_id_text")
        )

    page_type = ContentType.objects.get_for_model(Page)
    conditions = [
        Q(base_content_type=page_type, object_id__in=ids(model))
        for model in get_page_models()
        if issubclass(model, DisclosureMetadata)
    ]
    conditions += [
        Q(base_content_type=ContentType.objects.get_for_model(model), object_id__in=ids(model))
        for model in apps.get_models()
        if issubclass(model, WorkflowMixin)
        and not issubclass(model, Page)
        and any(f.name == "department" for f in model._meta.fields)
    ]
    if not conditions:
        return WorkflowState.objects.none().values("pk")
    return WorkflowState.objects.filter(reduce(operator.or_, conditions)).values("pk")


def task_states_user_can_review(task, user: AbstractBaseUser | AnonymousUser):
    """The in-progress task states of ``task`` waiting for ``user`` (their 待审核 list)."""
    scope = scope_for(user)
    if not user.is_authenticated or not (scope.is_superuser or task.role in scope.roles):
        return TaskState.objects.none()
    states = task.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
    if task.same_department and not scope.is_superuser:
        if scope.department_id is None:
            return TaskState.objects.none()
        states = states.filter(workflow_state__in=_department_workflow_states(scope.department_id))
    # Cheap approximation of is_contributor() for the list; on_action applies the exact rule.
    return states.exclude(workflow_state__requested_by=user).exclude(revision__user=user)


def workflow_has_leader_step(workflow) -> bool:
    from gongkai.review.models import ReviewTask

    return ReviewTask.objects.filter(workflow_tasks__workflow=workflow, role=Role.LEADER, active=True).exists()


def approval_blockers(page: Page, *, task=None) -> list[str]:
    """Reasons why approving ``page`` now must not publish it (empty when nothing blocks).

    Only the approval that finishes the workflow publishes, so only that one is checked:
    earlier reviewers still see the hits and may pass the item on to the office.
    """
    from gongkai.review.checker import unresolved_severe_words

    page = specific_page(page)
    workflow_state = page.current_workflow_state
    if workflow_state is None or not workflow_state.is_at_final_task:
        return []
    revision = page.get_latest_revision()
    content = revision.as_object() if revision else page
    blockers = _own_blockers(content)
    words = unresolved_severe_words(content)
    if words:
        blockers.append(f"存在未放行的严重错敏词：{'、'.join(words)}。须由办公室审核人员填写放行理由后方可发布")
    if getattr(content, "important", False) and not workflow_has_leader_step(workflow_state.workflow):
        blockers.append("该信息已标记为重要信息，须经领导审签：请取消本次审核后重新提交")
    return blockers


def publication_blockers(page: Page) -> list[str]:
    """Reasons why ``page`` (as it is about to be published) must not be published directly."""
    from gongkai.review.checker import unresolved_severe_words

    content = specific_page(page)
    blockers = _own_blockers(content)
    words = unresolved_severe_words(content)
    if words:
        blockers.append(f"存在未放行的严重错敏词：{'、'.join(words)}。须由办公室审核人员填写放行理由后方可发布")
    return blockers


def _own_blockers(content) -> list[str]:
    """Rules a reviewed model states for itself (e.g. an enforcement decision whose party is a minor)."""
    own = getattr(content, "publication_blockers", None)
    return list(own()) if callable(own) else []


def important_workflow_for(page: Page):
    """The workflow for an item marked 重要信息, or None to fall back to the tree's workflow."""
    from gongkai.review.models import ReviewSettings

    if not getattr(page, "important", False):
        return None
    workflow = ReviewSettings.load().important_workflow
    return workflow if workflow and workflow.active else None
