"""Forms of the 舆情 staff screens. They only parse input; the services decide."""

from django import forms
from django.utils import timezone
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminPageChooser
from wagtail.models import Page

from gongkai.opinion.models import IncidentLevel, RiskLevel, UpdateKind
from gongkai.org.models import Department


def _departments():
    return Department.objects.order_by("sort_order", "name")


class AssessForm(forms.Form):
    risk_level = forms.ChoiceField(label="风险等级", choices=RiskLevel.choices)
    note = forms.CharField(label="研判意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(label="承办处室", queryset=Department.objects.none())
    involved = forms.ModelMultipleChoiceField(
        label="涉及处室", queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()
        self.fields["involved"].queryset = _departments()


class RespondForm(forms.Form):
    public_title = forms.CharField(label="回应标题", max_length=200, help_text="公开显示，不含个人信息。")
    response_text = forms.CharField(label="回应内容", widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    response_page = forms.ModelChoiceField(
        label="回应关切页面", queryset=Page.objects.live(), required=False, widget=AdminPageChooser()
    )
    response_url = forms.CharField(label="或回应关切链接", max_length=500, required=False)


class EscalateForm(forms.Form):
    reported_on = forms.DateField(label="报告日期", widget=AdminDateInput(), initial=timezone.localdate)
    recipient = forms.CharField(label="报告对象", max_length=200, initial="省人民政府办公厅")
    summary = forms.CharField(label="报告摘要", widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
    departments = forms.ModelMultipleChoiceField(
        label="涉及处室", queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_agencies = forms.CharField(label="涉及的其他部门", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = _departments()


class CloseForm(forms.Form):
    note = forms.CharField(label="办结说明", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ManualItemForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=20000)
    url = forms.URLField(label="原文链接", required=False, max_length=1000, assume_scheme="https")
    published_at = forms.DateTimeField(label="发布时间", required=False, widget=AdminDateTimeInput())


class IncidentForm(forms.Form):
    title = forms.CharField(label="事件名称", max_length=200)
    place = forms.CharField(label="发生地点", max_length=200)
    started_at = forms.DateTimeField(label="发生时间", widget=AdminDateTimeInput())
    level = forms.ChoiceField(label="事件级别", choices=IncidentLevel.choices)
    department = forms.ModelChoiceField(label="牵头处室", queryset=Department.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = _departments()


class IncidentUpdateForm(forms.Form):
    kind = forms.ChoiceField(label="发布类型", choices=UpdateKind.choices)
    title = forms.CharField(label="标题", max_length=200)
    body = forms.CharField(label="发布内容", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    as_of = forms.DateTimeField(label="信息截至时间", widget=AdminDateTimeInput(), initial=timezone.now)
