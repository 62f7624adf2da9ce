"""Staff forms of 互动交流: route, draft the reply, close as invalid."""

from django import forms

from gongkai.interaction.models import InvalidReason
from gongkai.org.models import Department


class RouteForm(forms.Form):
    department = forms.ModelChoiceField(
        label="承办处室",
        queryset=Department.objects.all(),
        error_messages={"required": "请选择承办处室。", "invalid_choice": "请选择承办处室。"},
    )


class ReplyForm(forms.Form):
    public_subject = forms.CharField(label="留言主题（公开文本）", max_length=100)
    public_question = forms.CharField(
        label="留言内容（公开文本）",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="系统已隐去姓名、电话、证件号码和地址，请核对。留言人选择不公开的，此文本不会公开。",
    )
    text = forms.CharField(label="答复内容", widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    submit_for_review = forms.BooleanField(label="保存后提交审核", required=False, initial=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = "请填写答复内容。"
        self.fields["public_subject"].error_messages["required"] = "请填写公开的留言主题。"
        self.fields["public_question"].error_messages["required"] = "请填写公开的留言内容。"


class InvalidForm(forms.Form):
    reason = forms.ChoiceField(
        label="无效原因", choices=InvalidReason.choices, error_messages={"required": "请选择无效原因。"}
    )
    note = forms.CharField(
        label="说明",
        max_length=300,
        help_text="如“与LY2026-00012重复”。将记入操作日志。",
        error_messages={"required": "请填写说明。"},
    )
