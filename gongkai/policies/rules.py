"""What a policy needs before it may go public, and who may act on it: small predicates, each written once.

The coupling rule comes from the department's work plan (一（二）): new policy documents and
their interpretations are "同步组织、同步审签、同步部署、及时发布", following "谁起草、谁解读"; documents
the department drafts that are 与民生密切相关 "原则上也要进行解读". Risk assessment before an
important document is 一（三）: "做好舆情风险评估研判，制定应对处置预案".
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision, WorkflowState

from gongkai.catalog.models import LegalForm
from gongkai.org.roles import Role
from gongkai.review.permissions import scope_for


@dataclass(frozen=True)
class InterpretationRule:
    """When a policy must be published together with an interpretation."""

    effective_from: datetime.date
    citation: str
    legal_forms: frozenset[str]
    livelihood: bool


INTERPRETATION_RULES = (
    InterpretationRule(
        effective_from=datetime.date(2019, 1, 1),
        citation="《贵州省生态环境厅2019年政务公开工作要点》一（二）：政策性文件与解读方案同步组织、同步审签、同步部署；"
        "与民生密切相关的文件原则上也要进行解读",
        legal_forms=frozenset({LegalForm.NORMATIVE}),
        livelihood=True,
    ),
)

RISK_ASSESSMENT_CITATION = "《贵州省生态环境厅2019年政务公开工作要点》一（三）：做好舆情风险评估研判，制定应对处置预案"


def interpretation_rule_on(day: datetime.date) -> InterpretationRule | None:
    rules = [rule for rule in INTERPRETATION_RULES if rule.effective_from <= day]
    return max(rules, key=lambda rule: rule.effective_from) if rules else None


def needs_interpretation(policy, *, on: datetime.date | None = None) -> bool:
    """A 行政规范性文件, or a document marked 民生, is published with an interpretation by default."""
    from gongkai.calendar.services import current_date

    rule = interpretation_rule_on(on or current_date())
    if rule is None:
        return False
    return policy.legal_form in rule.legal_forms or (rule.livelihood and bool(policy.livelihood))


def approved_exemption(policy):
    from gongkai.policies.models import ExemptionStatus

    return policy.exemptions.filter(status=ExemptionStatus.APPROVED).order_by("-decided_at").first()


def latest_workflow_state(page: Page) -> WorkflowState | None:
    return (
        WorkflowState.objects.filter(base_content_type=ContentType.objects.get_for_model(Page), object_id=str(page.pk))
        .select_related("current_task_state__revision")
        .order_by("-created_at", "-pk")
        .first()
    )


def approved_revision(interpretation) -> Revision | None:
    """The revision whose review has finished but which is not live yet ("审核通过，待随文件发布")."""
    state = latest_workflow_state(interpretation)
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return None
    revision = state.current_task_state.revision if state.current_task_state_id else None
    revision = revision or interpretation.get_latest_revision()
    if revision is None or (interpretation.live and interpretation.live_revision_id == revision.pk):
        return None
    return revision


def waiting_interpretations(policy) -> list[tuple[object, Revision]]:
    """Interpretations of ``policy`` approved and waiting for it, each with the approved revision."""
    from gongkai.policies.models import InterpretationPage

    found = []
    for interpretation in InterpretationPage.objects.filter(policy_id=policy.pk).order_by("pk"):
        revision = approved_revision(interpretation)
        if revision is not None and revision.as_object().policy_id == policy.pk:
            found.append((interpretation, revision))
    return found


def policy_publication_blockers(policy) -> list[str]:
    """Why ``policy`` (the version about to go public) must not be published now; empty when nothing blocks.

    Only the first publication is coupled: a live policy corrected later, or an old one being
    marked 已废止, keeps its interpretations and needs no second one.
    """
    from gongkai.policies.models import InterpretationPage

    if policy.first_published_at is not None:
        return []
    blockers = []
    if (
        policy.important
        and policy.pk
        and not type(policy).objects.filter(pk=policy.pk, risk_assessment__isnull=False).exists()
    ):
        blockers.append("重要政策文件须先由起草处室填写舆情风险评估（风险等级、可预见的关切和应对处置预案）")
    if needs_interpretation(policy) and not approved_exemption(policy):
        has_live = InterpretationPage.objects.live().filter(policy_id=policy.pk).exists()
        if not has_live and not waiting_interpretations(policy):
            blockers.append(
                "按照“谁起草、谁解读”，本文件须与政策解读同步发布：请先由起草处室完成至少一篇解读并审核通过，"
                "或经办公室审核批准免于解读"
            )
    return blockers


def interpretation_publication_error(interpretation) -> str:
    """Why an interpretation must not go public now: never before the policy it interprets."""
    from gongkai.policies.models import PolicyPage

    policy = PolicyPage.objects.filter(pk=interpretation.policy_id).only("live", "title").first()
    if policy is None or policy.live:
        return ""
    return f"政策解读须与所解读的文件同步发布：《{policy.title}》尚未发布，解读审核通过后将随文件一同发布"


def interpretation_department_error(interpretation) -> str:
    from gongkai.policies.models import PolicyPage

    if not interpretation.policy_id or not interpretation.department_id:
        return ""
    policy = PolicyPage.objects.filter(pk=interpretation.policy_id).select_related("department").first()
    if policy is None or policy.department_id == interpretation.department_id:
        return ""
    return f"按照“谁起草、谁解读”，本文件的解读由起草处室（{policy.department.name}）负责。"


def _in_department(user: AbstractBaseUser | AnonymousUser, department_id: int | None) -> bool:
    scope = scope_for(user)
    if not user.is_authenticated:
        return False
    return scope.is_superuser or (scope.department_id is not None and scope.department_id == department_id)


def may_draft_interpretation(user: AbstractBaseUser | AnonymousUser, policy) -> bool:
    """Only staff of the drafting department (and superusers) draft its interpretations."""
    return _in_department(user, policy.department_id)


def may_record_risk(user: AbstractBaseUser | AnonymousUser, policy) -> bool:
    return _in_department(user, policy.department_id)


def may_see_risk(user: AbstractBaseUser | AnonymousUser, policy) -> bool:
    """The drafting department and the reviewers who must weigh it; never the public."""
    scope = scope_for(user)
    if may_record_risk(user, policy):
        return True
    return user.is_authenticated and scope.has_any_role(
        frozenset({Role.OFFICE_REVIEWER, Role.LEADER, Role.ADMINISTRATOR})
    )


def may_request_exemption(user: AbstractBaseUser | AnonymousUser, policy) -> bool:
    return _in_department(user, policy.department_id)


def may_decide_exemption(user: AbstractBaseUser | AnonymousUser, exemption) -> bool:
    """办公室审核 decides; never the person who asked."""
    scope = scope_for(user)
    if not user.is_authenticated or exemption.requested_by_id == user.pk:
        return False
    return scope.is_superuser or scope.has_role(Role.OFFICE_REVIEWER)


def may_manage_questions(user: AbstractBaseUser | AnonymousUser, department_id: int | None = None) -> bool:
    """政策问答 are written and published by reviewers: 处室审核 for their department, the office for all."""
    scope = scope_for(user)
    if not user.is_authenticated:
        return False
    if scope.is_superuser or scope.has_any_role(frozenset({Role.OFFICE_REVIEWER, Role.ADMINISTRATOR})):
        return True
    if not scope.has_role(Role.DEPARTMENT_REVIEWER) or scope.department_id is None:
        return False
    return department_id is None or department_id == scope.department_id


def submission_blockers(policy) -> list[str]:
    """Why an important policy must not be submitted for review yet (its 舆情风险评估 is missing)."""
    from gongkai.policies.models import RiskAssessment

    if not policy.important:
        return []
    if policy.pk and RiskAssessment.objects.filter(policy_id=policy.pk).exists():
        return []
    if not policy.pk:
        return ["重要政策文件提交审核前须填写舆情风险评估：请先保存草稿，再在“解读与发布”页面填写评估"]
    return ["重要政策文件提交审核前须填写舆情风险评估（风险等级、可预见的关切和应对处置预案）"]
