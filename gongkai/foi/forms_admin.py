"""Forms of the staff screens of 依申请公开: one small form per case action, registration, the annual report.

The forms only parse and check the shape of the input (dates are dates, a choice is one of the
choices). Every rule of the law — what may happen in which state, by which day — is checked by the
service the view calls, and its Chinese message is put back on the form.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.widgets import AdminDateInput

from gongkai.calendar.services import add_workdays, current_date
from gongkai.foi.models import (
    AnnualReport,
    Application,
    Challenge,
    Channel,
    Consultation,
    FeeNotice,
    FoiSettings,
)
from gongkai.foi.outcomes import REPLY_OUTCOMES, RULES, Group, Outcome
from gongkai.foi.services import APPLICANT_FIELDS
from gongkai.org.models import Department

REQUIRED = "请填写此项。"
BAD_DATE = "请输入有效的日期，格式为YYYY-MM-DD，例如2026-03-02。"


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=AdminDateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"required": REQUIRED, "invalid": BAD_DATE},
    )


def text_field(label: str, *, rows: int = 3, required: bool = True, max_length: int = 3000, help_text: str = ""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea({"rows": rows}),
        error_messages={"required": REQUIRED, "max_length": f"不能超过{max_length}个字。"},
    )


def choice_field(label: str, choices, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={"required": "请选择此项。", "invalid_choice": "请从列表中选择。"},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check each one's content and size."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "error_messages", {"invalid": "上传的不是文件，请重新选择。", "empty": "上传的文件是空文件。"}
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        if not data:
            return []
        return [super().clean(data, initial)]


def _today() -> datetime.date:
    return current_date()


class ConfirmReceiptForm(forms.Form):
    confirmed_on = date_field(
        "确认收到日期", help_text="与申请人确认收到申请的日期，即收到申请之日（条例第三十一条第（三）项）。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_on"].initial = _today()


class MarkInvalidForm(forms.Form):
    reason = text_field(
        "无效原因",
        rows=2,
        max_length=200,
        help_text="仅限空白、测试、重复点击等根本不构成申请的提交；凡属申请的，应作出答复。",
    )


class AssignForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label="承办处室",
        queryset=Department.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "所选处室不存在。", "invalid_pk_value": "所选处室不存在。"},
        help_text="承办处室的工作人员可以查看此申请并填写办理意见；不选则取消指定。",
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = Department.objects.order_by("sort_order", "name")
        self.fields["departments"].initial = [d.pk for d in application.handling_departments.all()]


class CorrectionRequestForm(forms.Form):
    items = text_field("需要补正的事项", rows=4, help_text="一次性告知：写明全部需要补正的内容。")
    requested_on = date_field("告知补正日期")
    due_on = date_field("补正期限", help_text="申请人应在此日期（含）前补正。条例第三十条要求“合理的补正期限”。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = _today()
        self.fields["requested_on"].initial = today
        self.fields["due_on"].initial = add_workdays(today, FoiSettings.load().correction_period_workdays)


class SupplementForm(forms.Form):
    text = text_field("补正内容", rows=4, required=False, max_length=5000)
    supplemented_on = date_field("收到补正日期", help_text="答复期限自收到补正之日起重新计算（条例第三十条）。")
    files = MultipleFileField(label="补正材料", help_text="PDF、JPG或PNG，可多选。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplemented_on"].initial = _today()


class CloseOnForm(forms.Form):
    """Correction lapse and fee lapse: only the closing day."""

    closed_on = date_field("办结日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = _today()


class ConsultationStartForm(forms.Form):
    kind = choice_field("类别", Consultation.Kind.choices)
    party = forms.CharField(
        label="征求对象",
        max_length=200,
        error_messages={"required": REQUIRED, "max_length": "不能超过200个字。"},
        help_text="第三方的名称，或被征求意见的机关。",
    )
    sent_on = date_field("发出征求意见书日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_on"].initial = _today()


class ConsultationAnswerForm(forms.Form):
    opinion = choice_field("意见", Consultation.Opinion.choices)
    answered_on = date_field("收到意见日期", help_text="逾期未提出意见的，填写登记之日（须在15个工作日届满后）。")
    note = text_field("意见摘要", rows=2, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answered_on"].initial = _today()


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=20,
        initial=20,
        error_messages={
            "required": REQUIRED,
            "invalid": "请填写整数。",
            "min_value": "延长期限至少1个工作日。",
            "max_value": "延长期限最长不得超过20个工作日（条例第三十三条第二款）。",
        },
    )
    reason = text_field("延期理由", rows=3, max_length=2000, help_text="将写入延期答复告知书，告知申请人。")


class ExtensionDecideForm(forms.Form):
    decision = choice_field("审批", [("approve", "同意延期"), ("refuse", "不同意延期")])
    note = forms.CharField(
        label="审批意见",
        max_length=500,
        required=False,
        error_messages={"max_length": "不能超过500个字。"},
    )


class FeeNoticeForm(forms.Form):
    method = choice_field("计收方式", FeeNotice.Method.choices)
    pages = forms.IntegerField(
        label="页数",
        min_value=1,
        required=False,
        help_text="按量计收时填写。",
        error_messages={"invalid": "请填写整数。", "min_value": "页数至少为1。"},
    )
    issued_on = date_field("发出收费通知日期")
    received_on = date_field("申请人收到通知日期", help_text="缴费期限自收到通知次日起20个工作日。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = _today()
        self.fields["issued_on"].initial = today
        self.fields["received_on"].initial = today

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == FeeNotice.Method.PER_VOLUME and not cleaned.get("pages"):
            self.add_error("pages", "按量计收须填写页数。")
        if cleaned.get("method") == FeeNotice.Method.PER_ITEM:
            cleaned["pages"] = None
        return cleaned


class FeePaymentForm(forms.Form):
    paid_on = date_field("缴费日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paid_on"].initial = _today()


def reply_outcome_choices() -> list:
    """The reply outcomes as option groups, one per first-level row of the report's section 三."""
    chosen = {value for value, _ in REPLY_OUTCOMES}
    groups = []
    for group in Group:
        options = [
            (outcome.value, outcome.label)
            for outcome in Outcome
            if outcome.value in chosen and RULES[outcome].group is group
        ]
        if options:
            groups.append((group.label, options))
    return [("", "请选择办理结果"), *groups]


class ReplyForm(forms.Form):
    outcome = choice_field("办理结果", reply_outcome_choices)
    reply_text = text_field("答复内容", rows=6, max_length=10000, help_text="将写入答复告知书。")
    replied_on = date_field("答复日期")
    released_files = MultipleFileField(
        label="公开的信息", help_text="予以公开、部分公开的文件（PDF、图片、Office文档或ZIP），可多选。"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replied_on"].initial = _today()


class ChallengeRecordForm(forms.Form):
    kind = choice_field("类别", Challenge.Kind.choices)
    filed_on = date_field("立案（受理）日期")
    case_number = forms.CharField(label="案号", max_length=100, required=False)
    body = forms.CharField(label="复议机关或受理法院", max_length=100, required=False)


class ChallengeConcludeForm(forms.Form):
    result = choice_field("结果", [c for c in Challenge.Result.choices if c[0] != Challenge.Result.PENDING])
    concluded_on = date_field("审结日期")
    note = text_field("备注", rows=2, required=False)


class NoteForm(forms.Form):
    text = text_field("办理记录", rows=3, help_text="内部记录，申请人看不到。")


class RegisterForm(forms.ModelForm):
    """A paper, in-person, mail, fax or oral application entered by staff (条例第三十一条 receipt dates)."""

    channel = choice_field("申请方式", [c for c in Channel.choices if c[0] != Channel.ONLINE])
    submitted_on = date_field("提交（寄出）日期", help_text="当面提交的，为收到申请日期。")
    signed_on = date_field("签收日期", required=False, help_text="邮寄（需签收）：本机关签收的日期，即收到申请日期。")
    confirmed_on = date_field(
        "确认日期",
        required=False,
        help_text="平常信函、传真：与申请人确认收到的日期，即收到申请日期。",
    )
    files = MultipleFileField(label="申请书扫描件", help_text="PDF、JPG或PNG，可多选。")

    class Meta:
        model = Application
        fields = list(APPLICANT_FIELDS)
        widgets = {"description": forms.Textarea({"rows": 4})}

    field_order = ["channel", "submitted_on", "signed_on", "confirmed_on", *APPLICANT_FIELDS, "files"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["submitted_on"].initial = _today()

    def applicant_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS if name in self.cleaned_data}


class AnnualReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["overview", "problems", "other_matters", "administrative_fees"]
        widgets = {
            "overview": forms.Textarea({"rows": 8}),
            "problems": forms.Textarea({"rows": 6}),
            "other_matters": forms.Textarea({"rows": 4}),
        }

    def clean_administrative_fees(self):
        value = self.cleaned_data.get("administrative_fees")
        if value is not None and value < 0:
            raise ValidationError("收费金额不能为负数。")
        return value
