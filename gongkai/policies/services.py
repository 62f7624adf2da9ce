"""State changes of 政策文件与解读, one function each: check permission → change in one transaction → audit log.

The coupled publication itself runs inside ``PolicyPage.publish`` (so that every publishing
route goes through it); ``policy_went_live`` is the part that follows in the same transaction.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from gongkai.catalog.models import Validity
from gongkai.policies import rules
from gongkai.policies.models import (
    ExemptionStatus,
    HistoryEvent,
    InterpretationExemption,
    InterpretationPage,
    PolicyHistoryEntry,
    PolicyPage,
    PolicyQuestion,
    RelationKind,
    RiskAssessment,
)

INTERPRETATION_WAITING_ACTION = "policies.interpretation_waiting"
PUBLISHED_WITH_POLICY_ACTION = "policies.published_with_policy"
SUPERSEDED_ACTION = "policies.superseded"
EXEMPTION_REQUEST_ACTION = "policies.exemption_request"
EXEMPTION_DECIDE_ACTION = "policies.exemption_decide"
RISK_ACTION = "policies.risk_assessment"
QUESTION_PUBLISH_ACTION = "policies.question_publish"
QUESTION_UNPUBLISH_ACTION = "policies.question_unpublish"

# Labels for wagtail_hooks' register_log_actions.
ACTIONS = {
    INTERPRETATION_WAITING_ACTION: "审核通过，待随政策文件发布",
    PUBLISHED_WITH_POLICY_ACTION: "随政策文件同步发布",
    SUPERSEDED_ACTION: "被修订或废止",
    EXEMPTION_REQUEST_ACTION: "申请免于解读",
    EXEMPTION_DECIDE_ACTION: "免于解读审核",
    RISK_ACTION: "舆情风险评估",
    QUESTION_PUBLISH_ACTION: "公开政策问答",
    QUESTION_UNPUBLISH_ACTION: "取消公开政策问答",
}


def interpretation_hold(*, interpretation: InterpretationPage, revision, user: AbstractBaseUser | None) -> bool:
    """After its review: hold an interpretation whose policy is not live yet; return whether it is held."""
    if not rules.interpretation_publication_error(interpretation):
        return False
    log(
        instance=InterpretationPage.objects.get(pk=interpretation.pk),
        action=INTERPRETATION_WAITING_ACTION,
        user=user,
        revision=revision,
        data={"policy": interpretation.policy_id},
    )
    return True


def policy_went_live(*, policy: PolicyPage, user: AbstractBaseUser | None) -> None:
    """What follows a policy going live, in the caller's transaction (``PolicyPage.publish``).

    1. publish the interpretations approved and waiting for it;
    2. at the first publication, record it in 文件沿革;
    3. mark what it amends or repeals (有效性, 修订或废止文件), with history and audit entries.
    """
    for interpretation, revision in rules.waiting_interpretations(policy):
        revision.publish(user=user, skip_permission_checks=True)
        log(
            instance=InterpretationPage.objects.get(pk=interpretation.pk),
            action=PUBLISHED_WITH_POLICY_ACTION,
            user=user,
            revision=revision,
            data={"policy": policy.pk},
        )
    published_on = policy.published_date or timezone.localdate(policy.first_published_at)
    if not policy.history_entries.filter(event=HistoryEvent.PUBLISHED).exists():
        PolicyHistoryEntry.objects.create(policy=policy, event=HistoryEvent.PUBLISHED, date=published_on)
    for relation in policy.relations.select_related("target"):
        _supersede(policy=policy, relation=relation, user=user, on=policy.effective_date or published_on)


def _supersede(*, policy: PolicyPage, relation, user: AbstractBaseUser | None, on) -> None:
    validity = Validity.AMENDED if relation.kind == RelationKind.AMENDS else Validity.REPEALED
    target = PolicyPage.objects.get(pk=relation.target_id)
    if target.pk == policy.pk or (target.superseded_by_id == policy.pk and target.validity == validity):
        return
    # Based on the live version: the change is to the public record, not to someone's pending draft.
    base = target.live_revision.as_object() if target.live_revision_id else target
    base.validity = validity
    base.superseded_by = policy
    revision = base.save_revision(user=user, log_action=False, clean=False)
    if target.live:
        revision.publish(user=user, skip_permission_checks=True)
    outgoing = HistoryEvent.AMENDS if validity == Validity.AMENDED else HistoryEvent.REPEALS
    incoming = HistoryEvent.AMENDED_BY if validity == Validity.AMENDED else HistoryEvent.REPEALED_BY
    PolicyHistoryEntry.objects.create(policy=policy, event=outgoing, other=target, date=on, note=relation.note)
    PolicyHistoryEntry.objects.create(policy=target, event=incoming, other=policy, date=on, note=relation.note)
    log(
        instance=PolicyPage.objects.get(pk=target.pk),
        action=SUPERSEDED_ACTION,
        user=user,
        data={"validity": validity.value, "by": policy.pk, "by_title": policy.title, "note": relation.note},
    )


def exemption_request(*, policy: PolicyPage, user: AbstractBaseUser, reason: str) -> InterpretationExemption:
    """The drafting department asks to publish ``policy`` without interpretation."""
    if not rules.may_request_exemption(user, policy):
        raise PermissionDenied("只有文件起草处室可以申请免于解读。")
    if not rules.needs_interpretation(policy):
        raise PermissionDenied("本文件不属于须同步解读的文件，无需申请免于解读。")
    reason = reason.strip()
    if len(reason) < 4:
        raise PermissionDenied("请具体说明免于解读的理由。")
    with transaction.atomic():
        if policy.exemptions.filter(status=ExemptionStatus.PENDING).exists():
            raise PermissionDenied("已有待审核的免于解读申请。")
        exemption = InterpretationExemption.objects.create(policy=policy, reason=reason, requested_by=user)
        log(instance=policy, action=EXEMPTION_REQUEST_ACTION, user=user, data={"reason": reason})
    return exemption


def exemption_decide(
    *, exemption: InterpretationExemption, user: AbstractBaseUser, approve: bool, comment: str = ""
) -> InterpretationExemption:
    """办公室审核 approves or refuses an exemption (never the requester)."""
    if not rules.may_decide_exemption(user, exemption):
        raise PermissionDenied("免于解读须由办公室审核人员审核，申请人不能审核本人的申请。")
    comment = comment.strip()
    if not approve and not comment:
        raise PermissionDenied("不予批准须填写意见。")
    with transaction.atomic():
        exemption = InterpretationExemption.objects.select_for_update().get(pk=exemption.pk)
        if exemption.status != ExemptionStatus.PENDING:
            raise PermissionDenied("该申请已审核。")
        exemption.status = ExemptionStatus.APPROVED if approve else ExemptionStatus.REJECTED
        exemption.decided_by = user
        exemption.decided_at = timezone.now()
        exemption.decision_comment = comment
        exemption.save()
        log(
            instance=exemption.policy,
            action=EXEMPTION_DECIDE_ACTION,
            user=user,
            data={"approved": approve, "reason": exemption.reason, "comment": comment},
        )
    return exemption


def risk_assessment_record(
    *, policy: PolicyPage, user: AbstractBaseUser, level: str, concerns: str, response_plan: str
) -> RiskAssessment:
    """The drafting department records (or updates) the 舆情风险评估 of a policy."""
    if not rules.may_record_risk(user, policy):
        raise PermissionDenied("舆情风险评估由文件起草处室填写。")
    if not concerns.strip() or not response_plan.strip():
        raise PermissionDenied("请填写可预见的社会关切和应对处置预案。")
    with transaction.atomic():
        assessment, created = RiskAssessment.objects.update_or_create(
            policy=policy,
            defaults={"level": level, "concerns": concerns, "response_plan": response_plan, "recorded_by": user},
        )
        # Only the level goes into the log: the text is for reviewers, read on the assessment itself.
        log(instance=policy, action=RISK_ACTION, user=user, data={"level": level, "created": created})
    return assessment


def question_save(*, question: PolicyQuestion, user: AbstractBaseUser, is_published: bool) -> PolicyQuestion:
    """A reviewer saves a 政策问答 entry; publishing or unpublishing it is logged as such."""
    if not rules.may_manage_questions(user, question.department_id):
        raise PermissionDenied("政策问答由处室审核人员（本处室）或办公室审核人员维护。")
    with transaction.atomic():
        was_published = bool(question.pk) and PolicyQuestion.objects.filter(pk=question.pk, is_published=True).exists()
        question.is_published = is_published
        if is_published and question.published_at is None:
            question.published_at = timezone.now()
        question.save()
        if is_published != was_published:
            log(
                instance=question,
                action=QUESTION_PUBLISH_ACTION if is_published else QUESTION_UNPUBLISH_ACTION,
                user=user,
            )
    return question
