"""Forms of the staff screens of 行政执法公示.

The record forms (decision, officer, matter) are Wagtail admin model forms: the model's own
``clean()`` states the 双公示 rules, and Django puts its errors on the named fields. The action
forms (撤下, 信用修复后停止公示) only parse the input; the rules are the services', whose Chinese
messages the views put back on the form.
"""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.widgets import AdminDateInput

from gongkai.enforcement.models import PenaltyType, WithdrawalReason
from gongkai.enforcement.permissions import visible_department_ids
from gongkai.org.models import Department

REQUIRED = "请填写此项。"
BAD_DATE = "请输入有效的日期，格式为YYYY-MM-DD，例如2026-03-02。"

# Changing any of these makes the checked masked copy stale: it needs a new check by a person.
RAW_TEXT_FIELDS = ("facts", "content", "basis", "remarks", "full_text", "party_name", "party_category")
PUBLIC_TEXT_FIELDS = ("public_facts", "public_content", "public_basis", "public_remarks", "public_full_text")


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=AdminDateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": REQUIRED, "invalid": BAD_DATE},
    )


class DepartmentScopedForm(WagtailAdminModelForm):
    """A record form whose ``department`` choice is limited to the departments the user works for.

    Department staff may only file records under their own department (谁执法谁公示); the
    disclosure office and administrators may choose any. A posted id outside the list fails as an
    invalid choice, so nobody files a record for another department by editing the request.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("department")
        if field is None:
            return
        departments = Department.objects.order_by("sort_order", "name")
        ids = visible_department_ids(self.for_user) if self.for_user is not None else None
        if ids is not None:
            departments = departments.filter(pk__in=ids)
            if len(ids) == 1 and not self.instance.pk:
                self.initial.setdefault("department", ids[0])
        field.queryset = departments
        field.empty_label = None if ids is not None and len(ids) == 1 else "请选择"
        field.error_messages["invalid_choice"] = "只能选择本处室。"


def _normalise_newlines(field: forms.Field) -> None:
    """Browsers post textarea line breaks as CRLF; stored texts use LF. Without this, an unchanged
    text posts as "changed" and every save from the editor would clear the masking check."""
    original = field.to_python

    def to_python(value):
        value = original(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value

    field.to_python = to_python


class DecisionAdminForm(DepartmentScopedForm):
    penalty_types = forms.MultipleChoiceField(
        label="处罚类别",
        choices=PenaltyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="行政处罚决定须选择，可多选（行政处罚法第九条）。",
        error_messages={"invalid_choice": "请从列表中选择处罚类别。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in RAW_TEXT_FIELDS + PUBLIC_TEXT_FIELDS:
            if name in self.fields:
                _normalise_newlines(self.fields[name])

    def clean_penalty_types(self) -> list[str]:
        # Stored in the order of the law's article 9, whatever the order of the ticks.
        chosen = set(self.cleaned_data.get("penalty_types") or [])
        return [value for value in PenaltyType.values if value in chosen]

    def save(self, commit: bool = True):
        if set(self.changed_data) & set(RAW_TEXT_FIELDS + PUBLIC_TEXT_FIELDS):
            # A person checked a different text: the check no longer covers what would be published.
            self.instance.masking_reviewed_at = None
            self.instance.masking_reviewed_by = None
        return super().save(commit=commit)


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(
        label="撤下事由",
        choices=[("", "请选择"), *WithdrawalReason.choices],
        error_messages={"required": "请选择撤下事由。", "invalid_choice": "请从列表中选择撤下事由。"},
        help_text="行政处罚法第四十八条：变更、撤销、确认违法或者确认无效；国办发〔2018〕118号：要求重新作出。",
    )
    event_date = date_field(
        "事由发生日期", help_text="变更、撤销、确认违法或无效、要求重新作出的决定作出之日；自该日起3个工作日内撤下。"
    )
    statement = forms.CharField(
        label="公开说明",
        max_length=2000,
        widget=forms.Textarea({"rows": 4}),
        help_text="撤下后在原位置公开的理由说明，例如：“该行政处罚决定已于2026年3月2日被依法撤销，现予撤下。”",
        error_messages={"required": "请填写公开说明。", "max_length": "公开说明不能超过2000个字。"},
    )
    withdrawn_on = date_field("撤下日期", required=False, help_text="留空为今天。补录以前的撤下时填写实际撤下日期。")


class RepairRemovalForm(forms.Form):
    reason = forms.CharField(
        label="信用修复情况",
        max_length=300,
        widget=forms.Textarea({"rows": 3}),
        help_text="例如：当事人已履行行政处罚决定并于2026年6月1日经“信用中国”网站完成信用修复。",
        error_messages={"required": "请填写信用修复情况。", "max_length": "不能超过300个字。"},
    )
    removed_on = date_field("停止公示日期", required=False, help_text="留空为今天；不得早于最短公示期届满之日。")


class PendingFilterForm(forms.Form):
    """The department filter of 待公示与超期, for those who see every department."""

    department = forms.ModelChoiceField(
        label="处室",
        queryset=Department.objects.none(),
        required=False,
        empty_label="全部处室",
        error_messages={"invalid_choice": "请从列表中选择处室。"},
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
