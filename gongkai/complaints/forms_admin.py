"""Forms of the staff actions on a complaint; each feeds exactly one service."""

from django import forms

from gongkai.complaints.models import Transfer
from gongkai.org.models import Department

DATE = forms.DateInput(attrs={"type": "date"})


def _departments():
    return Department.objects.order_by("sort_order", "name")


class AcceptForm(forms.Form):
    department = forms.ModelChoiceField(label="承办处室", queryset=Department.objects.none())
    accepted_on = forms.DateField(label="受理日期", required=False, widget=DATE, help_text="不填为今天。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="改由处室承办", queryset=Department.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class NotAcceptForm(forms.Form):
    reason = forms.CharField(
        label="不予受理理由（举报人可见）",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="例如：不属于生态环境部门职责，请向某某部门反映；已进入诉讼程序；重复举报，办理情况可查询原举报。",
    )
    decided_on = forms.DateField(label="告知日期", required=False, widget=DATE)


class TransferForm(forms.Form):
    body_kind = forms.ChoiceField(label="接收机关类别", choices=Transfer.BodyKind.choices)
    receiving_body = forms.CharField(
        label="接收机关", max_length=100, help_text="如：遵义市生态环境局、生态环境部长江流域生态环境监督管理局。"
    )
    transferred_on = forms.DateField(label="转办日期", required=False, widget=DATE)
    note = forms.CharField(label="转办说明（举报人可见）", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionRequestForm(forms.Form):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=30, initial=30)
    reason = forms.CharField(label="延期理由（将告知举报人）", widget=forms.Textarea(attrs={"rows": 3}))


class EmptyForm(forms.Form):
    pass


class InvestigationForm(forms.Form):
    done_on = forms.DateField(label="日期", required=False, widget=DATE)
    text = forms.CharField(label="调查情况（内部记录，不公开）", widget=forms.Textarea(attrs={"rows": 3}))


class ResultForm(forms.Form):
    findings = forms.CharField(label="调查核实情况", widget=forms.Textarea(attrs={"rows": 4}))
    measures = forms.CharField(label="处理措施", widget=forms.Textarea(attrs={"rows": 3}))
    penalty_decision_number = forms.CharField(label="行政处罚决定书文号", required=False, max_length=100)
    decision = forms.IntegerField(
        label="关联行政执法决定（编号）",
        required=False,
        help_text="可选：执法决定在后台的编号，公开页面将链接到该决定。",
    )


class PublicTextForm(forms.Form):
    public_findings = forms.CharField(label="调查核实情况（公开文本）", widget=forms.Textarea(attrs={"rows": 4}))
    public_measures = forms.CharField(label="处理措施（公开文本）", widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(forms.Form):
    closed_on = forms.DateField(label="办结日期", required=False, widget=DATE)
