"""Forms of 政策文件与解读: the two page forms, the staff forms for exemption and risk, the public Q&A search.

Nothing here imports the app's models at module level: the models name these forms as their
``base_form_class``.
"""

from django import forms

from gongkai.core.text import strip_control_chars
from gongkai.review.forms import DepartmentScopedPageForm

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")
QUESTION_MAX_LENGTH = 100


class PolicyPageForm(DepartmentScopedPageForm):
    """The department lock, and: an important policy is not submitted without its 舆情风险评估."""

    def clean(self):
        cleaned = super().clean()
        if any(name in self.data for name in SUBMIT_ACTIONS) and cleaned.get("important"):
            from gongkai.policies.rules import submission_blockers

            probe = self.instance
            probe.important = True
            for message in submission_blockers(probe):
                self.add_error(None, "不能提交审核：" + message + "。")
        return cleaned


class InterpretationPageForm(DepartmentScopedPageForm):
    """ "谁起草、谁解读": only staff of the policy's drafting department write its interpretation."""

    def clean(self):
        cleaned = super().clean()
        policy = cleaned.get("policy")
        # Drafting is creating it or pointing it at a policy; reviewers may still edit it at their step.
        drafting = self.instance.pk is None or "policy" in self.changed_data
        if policy is not None and self.for_user is not None and drafting:
            from gongkai.policies.rules import may_draft_interpretation

            if not may_draft_interpretation(self.for_user, policy):
                self.add_error(
                    "policy",
                    f"按照“谁起草、谁解读”，《{policy.title}》的解读只能由起草处室（{policy.department.name}）人员撰写。",
                )
            elif cleaned.get("department") is not None and cleaned["department"].pk != policy.department_id:
                self.add_error("department", f"解读的发布机构应为文件起草处室（{policy.department.name}）。")
        return cleaned


class ExemptionRequestForm(forms.Form):
    reason = forms.CharField(
        label="免于解读理由",
        widget=forms.Textarea({"rows": 3}),
        max_length=1000,
        min_length=4,
        error_messages={"required": "请填写免于解读的理由。", "min_length": "理由过短，请具体说明。"},
        help_text="如：本文件仅调整内部工作程序，不涉及公众权利义务。理由将由办公室审核并记入操作日志。",
    )

    def clean_reason(self) -> str:
        return strip_control_chars(self.cleaned_data["reason"]).strip()


class ExemptionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结果", choices=[("approve", "批准免于解读"), ("reject", "不予批准")], widget=forms.RadioSelect
    )
    comment = forms.CharField(label="审核意见", required=False, max_length=500, widget=forms.Textarea({"rows": 2}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("comment") or "").strip():
            self.add_error("comment", "不予批准须填写意见。")
        return cleaned


class RiskAssessmentForm(forms.Form):
    level = forms.ChoiceField(label="风险等级", widget=forms.RadioSelect)
    concerns = forms.CharField(
        label="可预见的社会关切",
        widget=forms.Textarea({"rows": 4}),
        max_length=2000,
        error_messages={"required": "请填写可预见的社会关切。"},
    )
    response_plan = forms.CharField(
        label="应对处置预案",
        widget=forms.Textarea({"rows": 6}),
        max_length=4000,
        error_messages={"required": "请填写应对处置预案。"},
        help_text="含回应口径、责任人、会同宣教处回应的方式和时限。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from gongkai.policies.models import RiskLevel

        self.fields["level"].choices = RiskLevel.choices
        self.fields["level"].error_messages["required"] = "请选择风险等级。"

    def clean_concerns(self) -> str:
        return strip_control_chars(self.cleaned_data["concerns"]).strip()

    def clean_response_plan(self) -> str:
        return strip_control_chars(self.cleaned_data["response_plan"]).strip()


class QuestionSearchForm(forms.Form):
    """The public 政策问答 search box; also the parser of /policies/qa/similar/?q=."""

    q = forms.CharField(label="您想了解什么政策问题？", required=False, max_length=QUESTION_MAX_LENGTH)

    def clean_q(self) -> str:
        return strip_control_chars(self.cleaned_data.get("q") or "").strip()
