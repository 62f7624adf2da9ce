"""Reads of 政策文件与解读: what the public may see, and the state of a policy's interpretations for staff."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.policies import rules
from gongkai.policies.models import InterpretationPage, PolicyPage, PolicyQuestion
from gongkai.policies.similarity import rank


@dataclass(frozen=True)
class InterpretationState:
    page: InterpretationPage
    label: str
    waiting: bool


def interpretation_overview(policy: PolicyPage) -> list[InterpretationState]:
    """Every interpretation of ``policy`` with its state in words, for the staff screens."""
    states = []
    for page in InterpretationPage.objects.filter(policy_id=policy.pk).order_by("pk"):
        waiting = rules.approved_revision(page) is not None
        workflow_state = page.current_workflow_state
        if waiting:
            label = "审核通过，待随文件发布" if not page.live else "修改已审核通过，待发布"
        elif page.live:
            label = "已发布"
        elif workflow_state and workflow_state.status == workflow_state.STATUS_NEEDS_CHANGES:
            label = "退回修改"
        elif workflow_state:
            task = page.current_workflow_task
            label = f"审核中（{task.name}）" if task else "审核中"
        else:
            label = "草稿"
        states.append(InterpretationState(page=page, label=label, waiting=waiting))
    return states


def public_policies() -> QuerySet[PolicyPage]:
    return PolicyPage.objects.live().public().select_related("department").order_by("-published_date", "-pk")


def filter_policies(
    policies: QuerySet[PolicyPage],
    *,
    validity: str = "",
    legal_form: str = "",
    published_from: datetime.date | None = None,
    published_to: datetime.date | None = None,
    effective_on: datetime.date | None = None,
) -> QuerySet[PolicyPage]:
    """Filters shared by the public list and the API. ``effective_on``: in force (施行) on that day."""
    if validity:
        policies = policies.filter(validity=validity)
    if legal_form:
        policies = policies.filter(legal_form=legal_form)
    if published_from:
        policies = policies.filter(published_date__gte=published_from)
    if published_to:
        policies = policies.filter(published_date__lte=published_to)
    if effective_on:
        from django.db.models import Q

        policies = policies.filter(
            Q(effective_date__lte=effective_on) | Q(effective_date__isnull=True, published_date__lte=effective_on)
        )
    return policies


def published_questions() -> QuerySet[PolicyQuestion]:
    return (
        PolicyQuestion.objects.filter(is_published=True).select_related("department").order_by("-published_at", "-pk")
    )


def similar_questions(text: str, *, limit: int, candidates: int) -> list[tuple[PolicyQuestion, float]]:
    """Published answers ranked by Chinese bigram/word overlap with ``text`` (bounded candidate set)."""
    pool = list(published_questions()[:candidates])
    return rank(text, pool, limit=limit)
