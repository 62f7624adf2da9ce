"""Staff screens: a policy's 解读与发布 page (interpretations, exemption, 舆情风险评估) and the exemption queue.

Views stay thin: permission predicates in ``rules``, changes in ``services``.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_http_methods

from gongkai.core.admin_views import forbidden
from gongkai.policies import rules, services
from gongkai.policies.forms import ExemptionDecisionForm, ExemptionRequestForm, RiskAssessmentForm
from gongkai.policies.models import ExemptionStatus, InterpretationExemption, PolicyPage, RiskAssessment
from gongkai.policies.selectors import interpretation_overview
from gongkai.review.permissions import page_in_scope


def _policy_for(request: HttpRequest, pk: int) -> PolicyPage:
    policy = get_object_or_404(PolicyPage, pk=pk)
    if not (page_in_scope(request.user, policy) or rules.may_see_risk(request.user, policy)):
        raise PermissionDenied
    return policy


def _status_context(request: HttpRequest, policy: PolicyPage, **forms) -> dict:
    draft = policy.get_latest_revision_as_object()
    assessment = RiskAssessment.objects.filter(policy=policy).select_related("recorded_by").first()
    may_record = rules.may_record_risk(request.user, policy)
    initial = {}
    if assessment:
        initial = {
            "level": assessment.level,
            "concerns": assessment.concerns,
            "response_plan": assessment.response_plan,
        }
    return {
        "policy": policy,
        "draft": draft,
        "needs_interpretation": rules.needs_interpretation(draft),
        "interpretations": interpretation_overview(policy),
        "blockers": rules.policy_publication_blockers(draft),
        "exemptions": policy.exemptions.select_related("requested_by", "decided_by"),
        "exemption": rules.approved_exemption(policy),
        "may_request_exemption": rules.may_request_exemption(request.user, policy)
        and rules.needs_interpretation(draft)
        and not policy.exemptions.filter(status=ExemptionStatus.PENDING).exists(),
        "exemption_form": forms.get("exemption_form") or ExemptionRequestForm(),
        "decision_form": ExemptionDecisionForm(),
        "may_decide": {e.pk for e in policy.exemptions.all() if rules.may_decide_exemption(request.user, e)},
        "assessment": assessment if rules.may_see_risk(request.user, policy) else None,
        "may_see_risk": rules.may_see_risk(request.user, policy),
        "may_record_risk": may_record,
        "risk_form": forms.get("risk_form") or RiskAssessmentForm(initial=initial),
        "citation": rules.INTERPRETATION_RULES[-1].citation,
        "risk_citation": rules.RISK_ASSESSMENT_CITATION,
    }


def policy_status(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        policy = _policy_for(request, pk)
    except PermissionDenied:
        return forbidden(request, "您不能查看其他处室的政策文件。")
    return TemplateResponse(request, "policies/admin/status.html", _status_context(request, policy))


@require_http_methods(["POST"])
def exemption_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        policy = _policy_for(request, pk)
    except PermissionDenied:
        return forbidden(request, "您不能查看其他处室的政策文件。")
    form = ExemptionRequestForm(request.POST)
    if not form.is_valid():
        context = _status_context(request, policy, exemption_form=form)
        return TemplateResponse(request, "policies/admin/status.html", context, status=400)
    try:
        services.exemption_request(policy=policy, user=request.user, reason=form.cleaned_data["reason"])
    except PermissionDenied as error:
        return forbidden(request, str(error))
    messages.success(request, "已提交免于解读申请，待办公室审核。")
    return redirect("policies_admin:status", policy.pk)


@require_http_methods(["POST"])
def exemption_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = get_object_or_404(InterpretationExemption, pk=pk)
    form = ExemptionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("policies_admin:status", exemption.policy_id)
    try:
        services.exemption_decide(
            exemption=exemption,
            user=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except PermissionDenied as error:
        return forbidden(request, str(error))
    messages.success(request, "已审核免于解读申请。")
    return redirect("policies_admin:status", exemption.policy_id)


@require_http_methods(["POST"])
def risk_record_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        policy = _policy_for(request, pk)
    except PermissionDenied:
        return forbidden(request, "您不能查看其他处室的政策文件。")
    form = RiskAssessmentForm(request.POST)
    if not form.is_valid():
        context = _status_context(request, policy, risk_form=form)
        return TemplateResponse(request, "policies/admin/status.html", context, status=400)
    try:
        services.risk_assessment_record(policy=policy, user=request.user, **form.cleaned_data)
    except PermissionDenied as error:
        return forbidden(request, str(error))
    messages.success(request, "已保存舆情风险评估。")
    return redirect("policies_admin:status", policy.pk)


def exemption_queue(request: HttpRequest) -> HttpResponse:
    pending = InterpretationExemption.objects.filter(status=ExemptionStatus.PENDING).select_related(
        "policy", "policy__department", "requested_by"
    )
    return TemplateResponse(
        request,
        "policies/admin/exemptions.html",
        {"pending": pending, "may_decide": {e.pk for e in pending if rules.may_decide_exemption(request.user, e)}},
    )
